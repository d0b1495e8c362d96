"""Reference data the parcours refers to (communes, EPCI) without loading the DB.

The engine only needs :class:`Reference`; the recommender also needs
:class:`TerritoryLookup`. :class:`InMemoryTerritories` implements both from
``data/territoires/communes-53.json`` and ``epci-53.json``; the Flask side
may implement them over the database instead.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Protocol, runtime_checkable

#: Kinds of reference data a step may take its options from.
REFERENCE_KINDS = ("communes", "epcis")


@runtime_checkable
class Reference(Protocol):
    """Validates and labels values that come from data rather than the taxonomy."""

    def is_valid(self, kind: str, value: str) -> bool: ...

    def label(self, kind: str, value: str) -> str: ...


@dataclass(frozen=True)
class CommuneInfo:
    """A commune as the recommender needs it."""

    code: str
    nom: str
    population: int | None
    epci: str | None
    departement: str
    codes_postaux: tuple[str, ...] = ()


@dataclass(frozen=True)
class EpciInfo:
    """An EPCI à fiscalité propre (SIREN code)."""

    code: str
    nom: str
    type: str
    membres: tuple[str, ...] = ()


@dataclass(frozen=True)
class Departement:
    """A département and the French forms of its name ("la Mayenne", "en Mayenne")."""

    code: str
    nom: str
    avec_article: str
    en: str
    tout: str
    #: The State services that run this deployment, as the pages name them (data/territoire.yaml).
    prefecture: str = ""            # "Préfecture de la Mayenne"
    prefet_logo: tuple[str, ...] = ()  # lines of the DSFR logo block: ("Préfet", "de la Mayenne")
    ddt: str = ""                   # "DDT de la Mayenne"
    services_etat: str = ""         # "Services de l'État en Mayenne"
    site_prefecture: str | None = None
    service: str = ""               # the service's name ("Carto Ingénierie 53")
    exemples_structures: str = ""   # a few structures the home page names, as the deployment words them


@runtime_checkable
class TerritoryLookup(Reference, Protocol):
    """A reference that also resolves communes and EPCI to their facts."""

    def commune(self, code: str) -> CommuneInfo | None: ...

    def epci(self, code: str) -> EpciInfo | None: ...

    def departement(self, code: str) -> Departement | None: ...


@dataclass(frozen=True)
class InMemoryTerritories:
    """Communes and EPCI held in memory, indexed by code, and the départements named by this deployment."""

    communes: Mapping[str, CommuneInfo]
    epcis: Mapping[str, EpciInfo]
    departements: Mapping[str, Departement] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_records(cls, communes: Iterable[dict], epcis: Iterable[dict],
                     departements: Iterable[Departement] = ()) -> InMemoryTerritories:
        """Build from the JSON records of data/territoires/."""
        by_code = {
            c["code"]: CommuneInfo(
                code=c["code"], nom=c["nom"], population=c.get("population"),
                epci=c.get("epci"), departement=c.get("departement") or c["code"][:2],
                codes_postaux=tuple(c.get("codes_postaux") or ()))
            for c in communes
        }
        by_siren = {
            e["code"]: EpciInfo(code=e["code"], nom=e["nom"], type=e.get("type") or "",
                                membres=tuple(e.get("membres") or ()))
            for e in epcis
        }
        return cls(MappingProxyType(by_code), MappingProxyType(by_siren),
                   MappingProxyType({d.code: d for d in departements}))

    @classmethod
    def from_files(cls, communes_path: Path, epcis_path: Path) -> InMemoryTerritories:
        """Load the two JSON files (lists of records)."""
        with communes_path.open(encoding="utf-8") as fc, epcis_path.open(encoding="utf-8") as fe:
            return cls.from_records(json.load(fc), json.load(fe))

    def is_valid(self, kind: str, value: str) -> bool:
        """Whether ``value`` is a known code of that kind."""
        return value in self._table(kind)

    def label(self, kind: str, value: str) -> str:
        """The display name, with the postcode for communes (homonyms exist)."""
        if kind == "communes" and value in self.communes:
            c = self.communes[value]
            return f"{c.nom} ({c.codes_postaux[0]})" if c.codes_postaux else c.nom
        entry = self._table(kind).get(value)
        return entry.nom if entry is not None else value

    def commune(self, code: str) -> CommuneInfo | None:
        """The commune with this INSEE code, if known."""
        return self.communes.get(code)

    def epci(self, code: str) -> EpciInfo | None:
        """The EPCI with this SIREN, if known."""
        return self.epcis.get(code)

    def departement(self, code: str) -> Departement | None:
        """The département with this code, when the deployment names it."""
        return self.departements.get(code)

    def _table(self, kind: str) -> Mapping[str, CommuneInfo] | Mapping[str, EpciInfo]:
        if kind == "communes":
            return self.communes
        if kind == "epcis":
            return self.epcis
        return {}
