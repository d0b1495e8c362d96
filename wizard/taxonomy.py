"""The canonical vocabulary (data/taxonomie.yaml), loaded once into frozen objects.

Pure Python (no Flask): the parcours engine, the recommender and the data
loader all validate slugs against it.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

#: The vocabularies whose slugs are a public contract (URLs, API, exports).
VOCABULARIES = ("thematiques", "besoins", "stades", "types_collectivite", "profils")
#: The closed lists of the data files (structure category, cost of an offer, confidence).
CLOSED_LISTS = ("categories", "couts", "confiances", "niveaux", "roles")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable slug and its French label."""

    slug: str
    label: str
    description: str = ""
    synonymes: tuple[str, ...] = ()
    #: A sentence said of an offer with this value (stades, coûts).
    phrase: str = ""
    #: Short form for dense tables (besoins).
    abreviation: str = ""
    #: Plural with its article, for sentences (types de collectivité: "les communes").
    pluriel: str = ""
    #: A role whose offers may serve any subject (no thématique listed).
    tous_sujets: bool = False
    #: A profile asking on behalf of others (an animator): offers reserved to a profile stay shown.
    pour_autrui: bool = False


@dataclass(frozen=True)
class PopulationBand:
    """A population band (tranche), bounds inclusive; ``max`` None = no upper bound."""

    slug: str
    label: str
    min: int
    max: int | None

    def contains(self, population: int) -> bool:
        return population >= self.min and (self.max is None or population <= self.max)


@dataclass(frozen=True)
class Taxonomy:
    """All vocabularies, by name, each an ordered mapping slug → Term."""

    vocabularies: dict[str, dict[str, Term]]
    tranches_population: tuple[PopulationBand, ...] = field(default=())
    #: Display groups of a vocabulary (``groupes`` in the YAML): vocabulary → ((label, slugs), …).
    groupes: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict)

    def grouped(self, vocabulary: str | None) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
        """The display groups of ``vocabulary`` (every value in exactly one), or None when it has none."""
        return self.groupes.get(vocabulary or "")

    def terms(self, vocabulary: str) -> dict[str, Term]:
        return self.vocabularies[vocabulary]

    def label(self, vocabulary: str, slug: str | None) -> str:
        """The French label of a value; an unknown value is shown as it is."""
        term = self.vocabularies.get(vocabulary, {}).get(slug or "")
        return term.label if term is not None else (slug or "")

    def slugs(self, vocabulary: str) -> tuple[str, ...]:
        """The values of a vocabulary or closed list, in their order."""
        return tuple(self.vocabularies.get(vocabulary, {}))

    def has(self, vocabulary: str, slug: str) -> bool:
        return slug in self.vocabularies.get(vocabulary, {})

    def suggest(self, vocabulary: str, slug: str) -> str | None:
        """The closest known slug, for "vouliez-vous dire …" messages."""
        matches = difflib.get_close_matches(slug, list(self.vocabularies.get(vocabulary, {})), n=1)
        return matches[0] if matches else None

    def band_for(self, population: int | None) -> PopulationBand | None:
        if population is None:
            return None
        return next((b for b in self.tranches_population if b.contains(population)), None)


def parse_taxonomy(raw: dict) -> Taxonomy:
    """Build a Taxonomy from the parsed YAML mapping."""
    vocabularies: dict[str, dict[str, Term]] = {}
    for name in VOCABULARIES + CLOSED_LISTS:
        vocabularies[name] = {
            entry["slug"]: Term(
                slug=entry["slug"],
                label=entry["label"],
                description=entry.get("description") or "",
                synonymes=tuple(entry.get("synonymes") or ()),
                phrase=entry.get("phrase") or "",
                abreviation=entry.get("abreviation") or "",
                pluriel=entry.get("pluriel") or "",
                tous_sujets=bool(entry.get("tous_sujets", False)),
                pour_autrui=bool(entry.get("pour_autrui", False)),
            )
            for entry in raw.get(name) or ()
        }
    bands = tuple(
        PopulationBand(slug=b["slug"], label=b["label"], min=int(b["min"]),
                       max=None if b.get("max") is None else int(b["max"]))
        for b in raw.get("tranches_population") or ()
    )
    groupes: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    for name, groups in (raw.get("groupes") or {}).items():
        if name not in vocabularies:
            raise ValueError(f"groupes: vocabulaire inconnu « {name} »")
        parsed = tuple((str(g["label"]), tuple(g["valeurs"])) for g in groups)
        placed = [slug for _, slugs in parsed for slug in slugs]
        unknown = sorted(set(placed) - set(vocabularies[name]))
        missing = [slug for slug in vocabularies[name] if slug not in placed]
        twice = sorted({slug for slug in placed if placed.count(slug) > 1})
        if unknown or missing or twice:
            raise ValueError(f"groupes.{name} : chaque valeur dans exactement un groupe "
                             f"(inconnues {unknown}, absentes {missing}, en double {twice})")
        groupes[name] = parsed
    return Taxonomy(vocabularies=vocabularies, tranches_population=bands, groupes=groupes)


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and parse a taxonomy YAML file."""
    with path.open(encoding="utf-8") as fh:
        return parse_taxonomy(YAML(typ="safe").load(fh))
