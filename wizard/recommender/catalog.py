"""The structures and their offers as frozen cards, with indexes for fast scoring.

Built from the data/structures.yaml shape (:func:`catalog_from_records`) or,
on the Flask side, from the database rows mapped to the same dataclasses.
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

from .bits import to_mask

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class ContactCard:
    """A way to reach a structure; every field may be unknown (None)."""

    libelle: str
    telephone: str | None = None
    email: str | None = None
    adresse: str | None = None
    a_verifier: str | None = None


@dataclass(frozen=True)
class OffreCard:
    """One offer of a structure: what, for whom, where, at what cost."""

    slug: str
    titre: str
    thematiques: frozenset[str]
    besoins: frozenset[str] = frozenset()
    stades: frozenset[str] = frozenset()
    publics: frozenset[str] = frozenset()
    population_max: int | None = None
    departements: frozenset[str] = frozenset()
    epcis: frozenset[str] = frozenset()
    communes: frozenset[str] = frozenset()
    cout: str = "inconnu"
    description: str = ""
    conditions: str | None = None
    ne_fait_pas: str | None = None
    a_preparer: str | None = None
    certitude: str | None = None


@dataclass(frozen=True)
class StructureCard:
    """A structure and its offers."""

    slug: str
    nom: str
    categorie: str
    offres: tuple[OffreCard, ...] = ()
    sigle: str | None = None
    site_web: str | None = None
    presentation: str = ""
    contacts: tuple[ContactCard, ...] = ()
    confiance: str | None = None
    a_verifier: str | None = None


def _index(pairs: Iterable[tuple[K, int]]) -> Mapping[K, frozenset[int]]:
    table: dict[K, set[int]] = defaultdict(set)
    for key, ident in pairs:
        table[key].add(ident)
    return MappingProxyType({k: frozenset(v) for k, v in table.items()})


#: Indexes kept as bitmasks for every key; others only for keys with many offers.
_DENSE = 32


class Catalog:
    """All structures (sorted by slug: the index doubles as the tie-break) and offer indexes.

    Offers are numbered 0..n-1. ``index[name][key]`` is the frozenset of offers
    having that facet value; :meth:`mask` gives the same set as a bitmask,
    precomputed for keys with many offers so that filtering is word-parallel.
    """

    def __init__(self, structures: Iterable[StructureCard]) -> None:
        self.structures: tuple[StructureCard, ...] = tuple(sorted(structures, key=lambda s: s.slug))
        self.by_slug: Mapping[str, int] = MappingProxyType({s.slug: i for i, s in enumerate(self.structures)})
        pairs = [(si, o) for si, s in enumerate(self.structures) for o in s.offres]
        self.offers: tuple[OffreCard, ...] = tuple(o for _, o in pairs)
        self.structure_of: tuple[int, ...] = tuple(si for si, _ in pairs)
        grouped: list[list[int]] = [[] for _ in self.structures]
        for i, si in enumerate(self.structure_of):
            grouped[si].append(i)
        #: Offer numbers of each structure, in the structure's own order.
        self.offer_ids: tuple[tuple[int, ...], ...] = tuple(tuple(g) for g in grouped)
        self.theme_count: tuple[int, ...] = tuple(max(1, len(o.thematiques)) for o in self.offers)
        ids = list(enumerate(self.offers))
        struct_themes = [frozenset().union(*(self.offers[i].thematiques for i in g)) for g in grouped]
        self.index: Mapping[str, Mapping[Any, frozenset[int]]] = MappingProxyType({
            "thematique": _index((t, i) for i, o in ids for t in o.thematiques),
            "besoin": _index((b, i) for i, o in ids for b in o.besoins),
            "stade": _index((s, i) for i, o in ids for s in o.stades),
            "public": _index((p, i) for i, o in ids for p in o.publics),
            "commune": _index((c, i) for i, o in ids for c in o.communes),
            "epci": _index((e, i) for i, o in ids for e in o.epcis),
            "departement": _index((d, i) for i, o in ids for d in o.departements),
            "cout": _index((o.cout, i) for i, o in ids),
            "categorie": _index((self.structures[si].categorie, i) for i, si in enumerate(self.structure_of)),
            "theme_count": _index((n, i) for i, n in enumerate(self.theme_count)),
            # Offers whose structure covers thématique t with any offer: bounds the coverage bonus.
            "structure_theme": _index((t, i) for i, si in enumerate(self.structure_of) for t in struct_themes[si]),
        })
        self._masks = {name: {k: to_mask(v) for k, v in table.items() if len(v) >= _DENSE}
                       for name, table in self.index.items()}
        self.all = to_mask(range(len(self.offers)))
        # Schema requires a territory; an offer without one is read as "no restriction".
        self.no_territory = to_mask(i for i, o in ids if not (o.communes or o.epcis or o.departements))
        self.open_public = to_mask(i for i, o in ids if not o.publics)
        self.population_max: Mapping[int, int] = MappingProxyType(
            {i: o.population_max for i, o in ids if o.population_max is not None})
        self.population_limited = to_mask(self.population_max)
        # Cumulative masks so that "ceiling below this population" is one lookup.
        self._ceilings: tuple[int, ...] = tuple(sorted(set(self.population_max.values())))
        self._below: tuple[int, ...] = tuple(
            to_mask(i for i, v in self.population_max.items() if v <= c) for c in self._ceilings)

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

    def covering(self, commune: str | None, epci: str | None, departement: str | None) -> int:
        """Offers whose territory covers the asker (commune, its EPCI or its département)."""
        return (self.no_territory | self.mask("commune", commune) | self.mask("epci", epci)
                | self.mask("departement", departement))

    def too_populous(self, population: int) -> int:
        """Offers whose population ceiling is below this population."""
        j = bisect.bisect_left(self._ceilings, population) - 1
        return self._below[j] if j >= 0 else 0


def _set(value: Any) -> frozenset[str]:
    return frozenset(str(v) for v in value or ())


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def offre_from_record(raw: Mapping[str, Any]) -> OffreCard:
    """An offer from its data/structures.yaml mapping."""
    territoire = raw.get("territoire") or {}
    pop = raw.get("population_max")
    return OffreCard(
        slug=str(raw["slug"]), titre=str(raw.get("titre") or raw["slug"]),
        thematiques=_set(raw.get("thematiques")), besoins=_set(raw.get("besoins")),
        stades=_set(raw.get("stades")), publics=_set(raw.get("publics")),
        population_max=None if pop is None else int(pop),
        departements=_set(territoire.get("departements")), epcis=_set(territoire.get("epcis")),
        communes=_set(territoire.get("communes")), cout=str(raw.get("cout") or "inconnu"),
        description=str(raw.get("description") or ""), conditions=_text(raw.get("conditions")),
        ne_fait_pas=_text(raw.get("ne_fait_pas")), a_preparer=_text(raw.get("a_preparer")),
        certitude=_text(raw.get("certitude")))


def structure_from_record(raw: Mapping[str, Any]) -> StructureCard:
    """A structure from its data/structures.yaml mapping."""
    contacts = tuple(
        ContactCard(libelle=str(c.get("libelle") or "Contact"), telephone=_text(c.get("telephone")),
                    email=_text(c.get("email")), adresse=_text(c.get("adresse")),
                    a_verifier=_text(c.get("a_verifier")))
        for c in raw.get("contacts") or ())
    return StructureCard(
        slug=str(raw["slug"]), nom=str(raw.get("nom") or raw["slug"]),
        categorie=str(raw.get("categorie") or "autre"),
        offres=tuple(offre_from_record(o) for o in raw.get("offres") or ()),
        sigle=_text(raw.get("sigle")), site_web=_text(raw.get("site_web")),
        presentation=str(raw.get("presentation") or ""), contacts=contacts,
        confiance=_text(raw.get("confiance")), a_verifier=_text(raw.get("a_verifier")))


def catalog_from_records(records: Iterable[Mapping[str, Any]]) -> Catalog:
    """A catalog from a list of structure mappings (the ``structures:`` list of the YAML)."""
    return Catalog(structure_from_record(r) for r in records)


def load_catalog(path: Path) -> Catalog:
    """Read data/structures.yaml (``{source, date, structures: [...]}``) into a catalog."""
    with path.open(encoding="utf-8") as fh:
        data = YAML(typ="safe").load(fh)
    records = data.get("structures", []) if isinstance(data, dict) else data or []
    return catalog_from_records(records)
