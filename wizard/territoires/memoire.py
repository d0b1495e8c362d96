"""The territories the parcours and the recommender read, loaded once per process from the database.

Communes and EPCI change only with a data load (the COG is yearly): they are read once, on first
use, into an :class:`InMemoryTerritories` (the engine's reference and the recommender's lookup)
plus a :class:`CommuneIndex` for the searches (wizard, API, /communes), kept on ``app.extensions``.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from types import MappingProxyType

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.models import Commune, Epci
from wizard.territoires.index import CommuneIndex
from wizard.territoires.reference import CommuneInfo, Departement, EpciInfo, InMemoryTerritories

EXTENSION = "territoires"
_lock = threading.Lock()


@dataclass(frozen=True)
class Territoires:
    """Lookup (codes → facts, validation, labels), the served département and the commune search."""

    lookup: InMemoryTerritories
    departement: Departement
    index: CommuneIndex

    def epcis(self) -> list[EpciInfo]:
        """Every EPCI, by name (the choices of the "intercommunalité" step)."""
        return sorted(self.lookup.epcis.values(), key=lambda e: e.nom)

    def rechercher(self, q: str, limite: int = 10) -> list[CommuneInfo]:
        """Communes of the served département whose name, postcode or code starts with ``q``
        (accents and hyphens optional)."""
        return self.index.search(q, limite)


def charger(session: Session, departement: Departement) -> Territoires:
    """Read every commune and EPCI of the database into memory."""
    communes = session.execute(select(Commune.code, Commune.nom, Commune.population, Commune.epci_code,
                                      Commune.departement, Commune.codes_postaux)).all()
    epcis = session.execute(select(Epci.code, Epci.nom, Epci.type)).all()
    membres: dict[str, list[str]] = {}
    infos = {}
    for code, nom, population, epci, dep, codes_postaux in communes:
        infos[code] = CommuneInfo(code=code, nom=nom, population=population, epci=epci, departement=dep,
                                  codes_postaux=tuple(c for c in (codes_postaux or "").split(",") if c))
        if epci:
            membres.setdefault(epci, []).append(code)
    by_siren = {code: EpciInfo(code=code, nom=nom, type=type_ or "", membres=tuple(sorted(membres.get(code, ()))))
                for code, nom, type_ in epcis}
    lookup = InMemoryTerritories(MappingProxyType(infos), MappingProxyType(by_siren),
                                 MappingProxyType({departement.code: departement}))
    served = (c for c in infos.values() if c.departement == departement.code)
    return Territoires(lookup, departement, CommuneIndex(served))


def territoires(app: Flask | None = None) -> Territoires:
    """The process-wide territories of this app, loaded on first use."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get(EXTENSION)
    if found is None:
        with _lock:
            found = app.extensions.get(EXTENSION)
            if found is None:
                with app.extensions["db_sessionmaker"]() as session:
                    found = charger(session, app.extensions["departement"])
                app.extensions[EXTENSION] = found
    return found
