"""Territory files (communes, EPCI) from the official geographic code."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.dataload.errors import DataError, DataErrors
from wizard.dataload.reader import read_json
from wizard.models import Commune, Epci
from wizard.territoires.codes import COMMUNE_RE, SIREN_RE


def read_territoires(communes_path: Path, epci_path: Path) -> tuple[list[dict], list[dict]]:
    """Read and check a communes file and an EPCI file; raise DataErrors on any problem."""
    communes, epcis = read_json(communes_path), read_json(epci_path)
    errors: list[DataError] = []
    epci_codes = set()
    for i, e in enumerate(epcis):
        if not SIREN_RE.match(str(e.get("code", ""))) or not e.get("nom"):
            errors.append(DataError(epci_path.name, 0, f"[{i}]",
                                    f"EPCI invalide (code SIREN à 9 chiffres et nom attendus) : {e!r}"))
        epci_codes.add(e.get("code"))
    seen: set[str] = set()
    for i, c in enumerate(communes):
        code = str(c.get("code", ""))
        where = f"[{i}] {code}"
        if not COMMUNE_RE.match(code) or code in seen:
            errors.append(DataError(communes_path.name, 0, where, "code INSEE invalide ou en double"))
        seen.add(code)
        if not c.get("nom"):
            errors.append(DataError(communes_path.name, 0, where, "nom manquant"))
        if c.get("epci") is not None and c["epci"] not in epci_codes:
            errors.append(DataError(communes_path.name, 0, where, f"EPCI inconnu : « {c['epci']} »"))
    if errors:
        raise DataErrors(errors)
    return communes, epcis


def upsert_territoires(session: Session, communes: list[dict[str, Any]], epcis: list[dict[str, Any]]) -> None:
    """Insert or update EPCI and communes by code (idempotent)."""
    existing_epci = {e.code: e for e in session.scalars(select(Epci))}
    for e in epcis:
        row = existing_epci.get(e["code"]) or Epci(code=e["code"])
        row.nom, row.type = e["nom"], e.get("type") or ""
        session.add(row)
    session.flush()
    existing = {c.code: c for c in session.scalars(select(Commune))}
    for c in communes:
        row = existing.get(c["code"]) or Commune(code=c["code"])
        row.nom = c["nom"]
        row.codes_postaux = ",".join(c.get("codes_postaux") or [])
        row.population = c.get("population")
        row.departement = c.get("departement") or c["code"][:2]
        row.epci_code = c.get("epci")
        session.add(row)
    session.flush()
