"""The structures, their offers and the programmes as frozen cards, with indexes for fast scoring.

Built from the data-file shape (:func:`catalog_from_records`) or, on the Flask side, from the
database rows mapped to the same dataclasses. Only public facts reach the cards: research notes
stay in the back-office.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from ruamel.yaml import YAML

from ..text import tokens
from .bits import to_mask

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class ContactCard:
    """A way to reach a structure; every field may be unknown (None)."""

    libelle: str
    telephone: str | None = None
    email: str | None = None
    formulaire: str | None = None
    page_contact: str | None = None
    adresse: str | None = None

    @property
    def joignable(self) -> bool:
        """Something a maire can act on: phone, e-mail, contact form or contact page."""
        return bool(self.telephone or self.email or self.formulaire or self.page_contact)


@dataclass(frozen=True)
class OffreCard:
    """One offer of a structure: what, for whom, where, at what cost."""

    slug: str
    titre: str
    thematiques: frozenset[str]
    role: str = "specialiste"
    besoins: frozenset[str] = frozenset()
    stades: frozenset[str] = frozenset()
    publics: frozenset[str] = frozenset()
    profils: frozenset[str] = frozenset()
    population_max: int | None = None
    population_min: int | None = None
    #: Slug of a programme: only the communes it labels are served (Petites villes de demain…).
    dispositif: str | None = None
    eligibilite: str | None = None
    #: The EPCI holds this competence (sourced by law or statuts).
    competence: bool = False
    departements: frozenset[str] = frozenset()
    epcis: frozenset[str] = frozenset()
    communes: frozenset[str] = frozenset()
    cout: str = "inconnu"
    description: str = ""
    conditions: str | None = None
    ne_fait_pas: str | None = None
    a_preparer: str | None = None
    inscription: str | None = None
    #: A training's format, dates or frequency, and funding (shown on the result card), or None.
    formation_format: str | None = None
    formation_quand: str | None = None
    formation_financement: str | None = None
    #: Words that narrow the offer within its thématiques (éclairage within voirie): without them
    #: in the project's description, the offer is no specialist of the request.
    mots_cles: tuple[str, ...] = ()


@dataclass(frozen=True)
class StructureCard:
    """A structure and its offers."""

    slug: str
    nom: str
    categorie: str
    niveau: str = "departemental"
    offres: tuple[OffreCard, ...] = ()
    sigle: str | None = None
    site_web: str | None = None
    presentation: str = ""
    contacts: tuple[ContactCard, ...] = ()


@dataclass(frozen=True)
class DispositifCard:
    """A programme, for "Financements mobilisables": what, who carries it, for whom, until when."""

    slug: str
    nom: str
    financement: bool
    thematiques: frozenset[str] = frozenset()
    besoins: frozenset[str] = frozenset()
    porteur: str | None = None
    structures: tuple[str, ...] = ()
    description: str = ""
    debut: str | None = None
    fin: str | None = None
    fin_statut: str | None = None
    types_collectivite: frozenset[str] = frozenset()
    population_max: int | None = None
    population_sous_condition: int | None = None
    epci_population_max: int | None = None
    communes_listees: bool = False
    communes: frozenset[str] = frozenset()
    eligibilite: str | None = None


def _index(pairs: Iterable[tuple[K, int]]) -> Mapping[K, frozenset[int]]:
    table: dict[K, set[int]] = defaultdict(set)
    for key, ident in pairs:
        table[key].add(ident)
    return MappingProxyType({k: frozenset(v) for k, v in table.items()})


#: Indexes kept as bitmasks for every key; others only for keys with many offers.
_DENSE = 32


class Catalog:
    """All structures (sorted by slug: the index doubles as the tie-break), offer indexes, programmes.

    Offers are numbered 0..n-1. ``index[name][key]`` is the frozenset of offers having that facet
    value; :meth:`mask` gives the same set as a bitmask, precomputed for keys with many offers so
    that filtering is word-parallel.
    """

    def __init__(self, structures: Iterable[StructureCard], dispositifs: Iterable[DispositifCard] = ()) -> None:
        self.structures: tuple[StructureCard, ...] = tuple(sorted(structures, key=lambda s: s.slug))
        self.by_slug: Mapping[str, int] = MappingProxyType({s.slug: i for i, s in enumerate(self.structures)})
        self.dispositifs: tuple[DispositifCard, ...] = tuple(sorted(dispositifs, key=lambda d: d.slug))
        #: Programme slug → communes it labels (eligibility of offers reserved to labelled communes).
        self.labels: Mapping[str, frozenset[str]] = MappingProxyType(
            {d.slug: d.communes for d in self.dispositifs if d.communes_listees})
        pairs = [(si, o) for si, s in enumerate(self.structures) for o in s.offres]
        self.offers: tuple[OffreCard, ...] = tuple(o for _, o in pairs)
        self.structure_of: tuple[int, ...] = tuple(si for si, _ in pairs)
        grouped: list[list[int]] = [[] for _ in self.structures]
        for i, si in enumerate(self.structure_of):
            grouped[si].append(i)
        #: Offer numbers of each structure, in the structure's own order.
        self.offer_ids: tuple[tuple[int, ...], ...] = tuple(tuple(g) for g in grouped)
        #: Chosen-thématique denominator of the specialisation share (an any-subject offer: 1).
        self.theme_count: tuple[int, ...] = tuple(max(1, len(o.thematiques)) for o in self.offers)
        ids = list(enumerate(self.offers))
        niveau = [self.structures[si].niveau for si in self.structure_of]
        self.index: Mapping[str, Mapping[Any, frozenset[int]]] = MappingProxyType({
            "thematique": _index((t, i) for i, o in ids for t in o.thematiques),
            "besoin": _index((b, i) for i, o in ids for b in o.besoins),
            "stade": _index((s, i) for i, o in ids for s in o.stades),
            "public": _index((p, i) for i, o in ids for p in o.publics),
            "profil": _index((p, i) for i, o in ids for p in o.profils),
            "role": _index((o.role, i) for i, o in ids),
            "dispositif": _index((o.dispositif, i) for i, o in ids if o.dispositif),
            "commune": _index((c, i) for i, o in ids for c in o.communes),
            "epci": _index((e, i) for i, o in ids for e in o.epcis),
            "departement": _index((d, i) for i, o in ids for d in o.departements),
            "cout": _index((o.cout, i) for i, o in ids),
            "niveau": _index((niveau[i], i) for i, _ in ids),
            "categorie": _index((self.structures[si].categorie, i) for i, si in enumerate(self.structure_of)),
            "theme_count": _index((n, i) for i, n in enumerate(self.theme_count)),
        })
        self._masks = {name: {k: to_mask(v) for k, v in table.items() if len(v) >= _DENSE}
                       for name, table in self.index.items()}
        self.all = to_mask(range(len(self.offers)))
        # Schema requires a territory; an offer without one is read as "no restriction".
        self.no_territory = to_mask(i for i, o in ids if not (o.communes or o.epcis or o.departements))
        self.open_public = to_mask(i for i, o in ids if not o.publics)
        self.open_profil = to_mask(i for i, o in ids if not o.profils)
        self.any_subject = to_mask(i for i, o in ids if not o.thematiques)
        self.competent = to_mask(i for i, o in ids if o.competence)
        self.labelled = to_mask(i for i, o in ids if o.dispositif)
        self.population_max: Mapping[int, int] = MappingProxyType(
            {i: o.population_max for i, o in ids if o.population_max is not None})
        self.population_limited = to_mask(self.population_max)
        # Cumulative masks so that "ceiling below this population" is one lookup.
        self._ceilings: tuple[int, ...] = tuple(sorted(set(self.population_max.values())))
        self._below: tuple[int, ...] = tuple(
            to_mask(i for i, v in self.population_max.items() if v <= c) for c in self._ceilings)
        self._floors = {i: o.population_min for i, o in ids if o.population_min is not None}
        self.narrow = to_mask(i for i, o in ids if o.mots_cles)
        keywords: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for i, o in ids:
            for phrase in o.mots_cles:
                if stems := tuple(tokens(phrase)):
                    keywords[stems].add(i)
        self._keywords = {k: to_mask(v) for k, v in keywords.items()}

    def __len__(self) -> int:
        return len(self.structures)

    def get(self, slug: str) -> StructureCard | None:
        """The structure with this slug, if any."""
        i = self.by_slug.get(slug)
        return None if i is None else self.structures[i]

    def mask(self, name: str, key: Any) -> int:
        """Offers of ``index[name][key]`` as a bitmask (0 for an unknown key)."""
        dense = self._masks[name].get(key)
        if dense is not None:
            return dense
        return to_mask(self.index[name].get(key, ()))

    def allowing(self, type_collectivite: str | None) -> int:
        """Offers open to this type of collectivité (no ``publics`` means open to all)."""
        if type_collectivite is None:
            return self.all
        return self.mask("public", type_collectivite) | self.open_public

    def for_profil(self, profil: str | None) -> int:
        """Offers open to this profile (trainings name élus or agents; others are open to all)."""
        if profil is None:
            return self.all
        return self.mask("profil", profil) | self.open_profil

    def covering(self, commune: str | None, epci: str | None, departement: str | None) -> int:
        """Offers whose territory covers the asker (commune, its EPCI or its département)."""
        return (self.no_territory | self.mask("commune", commune) | self.mask("epci", epci)
                | self.mask("departement", departement))

    def too_populous(self, population: int) -> int:
        """Offers whose population ceiling is below this population."""
        j = bisect.bisect_left(self._ceilings, population) - 1
        return self._below[j] if j >= 0 else 0

    def too_small(self, population: int) -> int:
        """Offers whose population floor is above this population."""
        return to_mask(i for i, floor in self._floors.items() if floor > population)

    def mentioned(self, text: str | None) -> int:
        """Narrow offers whose keywords the text mentions (accents, case and plurals ignored)."""
        words = tokens(text)
        if not words or not self._keywords:
            return 0
        found = 0
        for stems, mask in self._keywords.items():
            n = len(stems)
            if any(tuple(words[i:i + n]) == stems for i in range(len(words) - n + 1)):
                found |= mask
        return found

    def only_besoins(self, besoins: Iterable[str]) -> int:
        """Offers whose every type of help is among ``besoins`` (offers declaring none excluded)."""
        inside = set(besoins)
        some = outside = 0
        for key in self.index["besoin"]:
            if key in inside:
                some |= self.mask("besoin", key)
            else:
                outside |= self.mask("besoin", key)
        return some & ~outside

    def not_labelled(self, communes: Iterable[str]) -> int:
        """Offers reserved to labelled communes when none of ``communes`` holds the label."""
        asked = set(communes)
        return to_mask(i for d, ids in self.index["dispositif"].items()
                       if not asked & self.labels.get(d, frozenset()) for i in ids)


def _set(value: Any) -> frozenset[str]:
    return frozenset(str(v) for v in value or ())


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def offre_from_record(raw: Mapping[str, Any]) -> OffreCard:
    """An offer from its data-file mapping."""
    territoire = raw.get("territoire") or {}
    eligibilite = raw.get("eligibilite") or {}
    formation = raw.get("formation") or {}
    pop, floor = raw.get("population_max"), raw.get("population_min")
    return OffreCard(
        slug=str(raw["slug"]), titre=str(raw.get("titre") or raw["slug"]), role=str(raw.get("role") or "specialiste"),
        thematiques=_set(raw.get("thematiques")), besoins=_set(raw.get("besoins")),
        stades=_set(raw.get("stades")), publics=_set(raw.get("publics")), profils=_set(raw.get("profils")),
        population_max=None if pop is None else int(pop), population_min=None if floor is None else int(floor),
        dispositif=_text(eligibilite.get("dispositif")), eligibilite=_text(eligibilite.get("texte")),
        competence=bool(raw.get("competence")),
        departements=_set(territoire.get("departements")), epcis=_set(territoire.get("epcis")),
        communes=_set(territoire.get("communes")), cout=str(raw.get("cout") or "inconnu"),
        description=str(raw.get("description") or ""), conditions=_text(raw.get("conditions")),
        ne_fait_pas=_text(raw.get("ne_fait_pas")), a_preparer=_text(raw.get("a_preparer")),
        inscription=_text(formation.get("inscription")), formation_format=_text(formation.get("format")),
        formation_quand=_text(formation.get("frequence")), formation_financement=_text(formation.get("financement")),
        mots_cles=tuple(str(m) for m in raw.get("mots_cles") or ()))


def structure_from_record(raw: Mapping[str, Any]) -> StructureCard:
    """A structure from its data-file mapping."""
    contacts = tuple(
        ContactCard(libelle=str(c.get("libelle") or "Contact"), telephone=_text(c.get("telephone")),
                    email=_text(c.get("email")), formulaire=_text(c.get("formulaire")),
                    page_contact=_text(c.get("page_contact")), adresse=_text(c.get("adresse")))
        for c in raw.get("contacts") or ())
    return StructureCard(
        slug=str(raw["slug"]), nom=str(raw.get("nom") or raw["slug"]),
        categorie=str(raw.get("categorie") or "autre"), niveau=str(raw.get("niveau") or "departemental"),
        offres=tuple(offre_from_record(o) for o in raw.get("offres") or ()),
        sigle=_text(raw.get("sigle")), site_web=_text(raw.get("site_web")),
        presentation=str(raw.get("presentation") or ""), contacts=contacts)


def dispositif_from_record(raw: Mapping[str, Any]) -> DispositifCard:
    """A programme from its data-file mapping."""
    e = raw.get("eligibilite") or {}

    def number(key: str) -> int | None:
        return None if e.get(key) is None else int(e[key])
    return DispositifCard(
        slug=str(raw["slug"]), nom=str(raw["nom"]), financement=bool(raw.get("financement")),
        thematiques=_set(raw.get("thematiques")), besoins=_set(raw.get("besoins")), porteur=_text(raw.get("porteur")),
        structures=tuple(str(s) for s in raw.get("structures") or ()), description=str(raw.get("description") or ""),
        debut=_text(raw.get("debut")), fin=_text(raw.get("fin")), fin_statut=_text(raw.get("fin_statut")),
        types_collectivite=_set(e.get("types_collectivite")), population_max=number("population_max"),
        population_sous_condition=number("population_sous_condition"),
        epci_population_max=number("epci_population_max"), communes_listees=bool(e.get("communes_listees")),
        communes=_set(raw.get("communes")), eligibilite=_text(e.get("texte")))


def catalog_from_records(records: Iterable[Mapping[str, Any]],
                         dispositifs: Iterable[Mapping[str, Any]] = ()) -> Catalog:
    """A catalog from structure mappings (and programme mappings)."""
    return Catalog((structure_from_record(r) for r in records), (dispositif_from_record(d) for d in dispositifs))


def load_catalog(data_dir: Path) -> Catalog:
    """Read data/structures/*.yaml and data/dispositifs/*.yaml into a catalog."""
    yaml = YAML(typ="safe")

    def read(folder: str) -> list[Any]:
        return [yaml.load(p.read_text(encoding="utf-8")) for p in sorted((data_dir / folder).glob("*.yaml"))]
    return catalog_from_records(read("structures"), read("dispositifs"))
