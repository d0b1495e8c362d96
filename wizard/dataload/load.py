"""Load data/ into the database: validate everything first, then write in one transaction."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wizard.dataload.errors import DataErrors
from wizard.dataload.mapping import fiche_children, fiche_to_row, text
from wizard.dataload.reader import read_yaml
from wizard.dataload.territoires import read_territoires, upsert_territoires
from wizard.dataload.validate import (
    Checker,
    check_dispositifs,
    check_enquete,
    check_structures,
)
from wizard.models import (
    Dispositif,
    EnqueteBesoin,
    EnqueteConnaissance,
    Structure,
)
from wizard.taxonomy import Taxonomy, load_taxonomy


@dataclass(frozen=True)
class LoadReport:
    """What a load wrote, for the CLI to print."""

    communes: int
    epcis: int
    structures: int
    offres: int
    dispositifs: int


def read_data(data_dir: Path, taxonomy: Taxonomy) -> dict[str, Any]:
    """Read and validate every file of data/; raise DataErrors listing all problems."""
    communes, epcis = read_territoires(data_dir / "territoires" / "communes-53.json",
                                       data_dir / "territoires" / "epci-53.json")
    commune_codes = {c["code"] for c in communes}
    epci_codes = {e["code"] for e in epcis}
    docs = {name: read_yaml(data_dir / f"{name}.yaml") for name in ("structures", "dispositifs", "enquete")}
    errors = []
    checker = Checker("structures.yaml", taxonomy, commune_codes, epci_codes)
    check_structures(docs["structures"], checker)
    errors += checker.errors
    slugs = {s.get("slug") for s in (docs["structures"] or {}).get("structures") or [] if isinstance(s, dict)}
    checker = Checker("dispositifs.yaml", taxonomy, commune_codes, epci_codes)
    check_dispositifs(docs["dispositifs"], checker, slugs)
    errors += checker.errors
    checker = Checker("enquete.yaml", taxonomy, commune_codes, epci_codes)
    check_enquete(docs["enquete"], checker, slugs)
    errors += checker.errors
    if errors:
        raise DataErrors(errors)
    return {"communes": communes, "epcis": epcis, **docs}


def load_data(session: Session, data_dir: Path, taxonomy: Taxonomy | None = None) -> LoadReport:
    """Validate data/ then replace the reference content; the caller commits."""
    taxonomy = taxonomy or load_taxonomy(data_dir / "taxonomie.yaml")
    data = read_data(data_dir, taxonomy)
    upsert_territoires(session, data["communes"], data["epcis"])
    structures = data["structures"]["structures"]
    _replace_structures(session, structures)
    _replace_dispositifs(session, data["dispositifs"]["dispositifs"])
    _replace_enquete(session, data["enquete"])
    session.flush()
    return LoadReport(
        communes=len(data["communes"]), epcis=len(data["epcis"]), structures=len(structures),
        offres=sum(len(s.get("offres") or []) for s in structures),
        dispositifs=len(data["dispositifs"]["dispositifs"]))


def is_empty(session: Session) -> bool:
    """True when no structure has been loaded yet."""
    return not session.scalar(select(func.count()).select_from(Structure))


def _replace_structures(session: Session, items: list[dict]) -> None:
    existing = {s.slug: s for s in session.scalars(select(Structure))}
    wanted = {s["slug"] for s in items}
    for slug, row in existing.items():
        if slug not in wanted:
            session.delete(row)
    for data in items:
        row = existing.get(data["slug"]) or Structure(slug=data["slug"])
        fiche_to_row(data, row)
        if row.id is not None:
            # Old children must be gone before new ones reuse their unique (structure, slug).
            row.sources, row.contacts, row.offres = [], [], []
            session.flush()
        fiche_children(data, row)
        session.add(row)
    session.flush()


def _replace_dispositifs(session: Session, items: list[dict]) -> None:
    session.execute(delete(Dispositif))
    for d in items:
        session.add(Dispositif(
            slug=d["slug"], nom=d["nom"], porteur=d.get("porteur"), type=d.get("type"),
            public_cible=d.get("public_cible"), debut=text(d.get("debut")), fin=text(d.get("fin")),
            fin_statut=d.get("fin_statut"), description=d.get("description"),
            declinaison_mayenne=d.get("declinaison_mayenne"), confiance=d.get("confiance"),
            thematiques=list(d.get("thematiques") or []), structures=list(d.get("structures") or []),
            communes=[str(c) for c in d.get("communes") or []],
            sources=[{"url": s["url"], "date": text(s.get("date")), "appuie": text(s.get("appuie"))}
                     for s in d.get("sources") or []]))


def _replace_enquete(session: Session, doc: dict) -> None:
    session.execute(delete(EnqueteConnaissance))
    session.execute(delete(EnqueteBesoin))
    for i, r in enumerate(doc.get("connaissance") or []):
        session.add(EnqueteConnaissance(
            position=i, libelle=r["libelle"], structure_slug=r.get("structure"), panel=r.get("panel"),
            communes_1000=r.get("communes_1000"), maires=r.get("maires"), note=r.get("note")))
    for i, r in enumerate(doc.get("besoins") or []):
        session.add(EnqueteBesoin(
            position=i, libelle=r.get("libelle") or r["thematique"], thematique=r["thematique"], panel=r.get("panel"),
            communes_1000=r.get("communes_1000"), maires=r.get("maires"), note=r.get("note")))
