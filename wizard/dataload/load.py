"""Load data/ into the database: validate everything first, then write in one transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wizard.dataload.errors import DataErrors
from wizard.dataload.reader import read_yaml
from wizard.dataload.territoires import read_territoires, upsert_territoires
from wizard.dataload.validate import (
    OFFRE_VOCABULARIES,
    TERRITOIRE_KINDS,
    Checker,
    check_dispositifs,
    check_enquete,
    check_structures,
)
from wizard.models import (
    Contact,
    Dispositif,
    EnqueteBesoin,
    EnqueteConnaissance,
    Offre,
    OffreTag,
    OffreTerritoire,
    Source,
    Structure,
)
from wizard.taxonomy import Taxonomy, load_taxonomy

#: Offer list field → OffreTag.kind / OffreTerritoire.kind (singular, as stored).
TAG_KIND = {"thematiques": "thematique", "besoins": "besoin", "stades": "stade", "publics": "public"}
TERRITOIRE_KIND = {"departements": "departement", "epcis": "epci", "communes": "commune"}


@dataclass(frozen=True)
class LoadReport:
    """What a load wrote, for the CLI to print."""

    communes: int
    epcis: int
    structures: int
    offres: int
    dispositifs: int


def text(value: Any) -> str | None:
    """A YAML scalar as stored text (years may parse as int, dates as date)."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


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


def _sources(items: Any) -> list[Source]:
    return [Source(position=i, url=s["url"], date=text(s.get("date")), appuie=text(s.get("appuie")))
            for i, s in enumerate(items or [])]


def _replace_structures(session: Session, items: list[dict]) -> None:
    existing = {s.slug: s for s in session.scalars(select(Structure))}
    wanted = {s["slug"] for s in items}
    for slug, row in existing.items():
        if slug not in wanted:
            session.delete(row)
    for data in items:
        row = existing.get(data["slug"]) or Structure(slug=data["slug"])
        row.nom, row.sigle = data["nom"], data.get("sigle")
        row.categorie, row.nature = data["categorie"], data.get("nature")
        row.presentation = data.get("presentation") or ""
        row.site_web = data.get("site_web")
        row.siege_commune = text(data.get("siege_commune"))
        row.confiance, row.verifie_le = data["confiance"], as_date(data.get("verifie_le"))
        row.a_verifier = data.get("a_verifier")
        if row.id is not None:
            # Old children must be gone before new ones reuse their unique (structure, slug).
            row.sources, row.contacts, row.offres = [], [], []
            session.flush()
        row.sources = _sources(data.get("sources"))
        row.contacts = [
            Contact(position=i, libelle=c["libelle"], telephone=text(c.get("telephone")), email=c.get("email"),
                    adresse=c.get("adresse"), source_url=(c.get("source") or {}).get("url"),
                    source_date=text((c.get("source") or {}).get("date")), a_verifier=c.get("a_verifier"))
            for i, c in enumerate(data.get("contacts") or [])]
        row.offres = [_offre(i, o, row) for i, o in enumerate(data.get("offres") or [])]
        session.add(row)
    session.flush()


def _offre(position: int, data: dict, structure: Structure) -> Offre:
    offre = Offre(
        position=position, slug=data["slug"], titre=data["titre"], description=data.get("description") or "",
        population_max=data.get("population_max"), cout=data.get("cout") or "inconnu",
        conditions=data.get("conditions"), ne_fait_pas=data.get("ne_fait_pas"),
        a_preparer=data.get("a_preparer"), certitude=data.get("certitude"))
    offre.tags = [OffreTag(kind=TAG_KIND[key], slug=str(slug))
                  for key in OFFRE_VOCABULARIES for slug in dict.fromkeys(data.get(key) or [])]
    territoire = data.get("territoire") or {}
    offre.territoires = [OffreTerritoire(kind=TERRITOIRE_KIND[key], code=str(code))
                         for key in TERRITOIRE_KINDS for code in dict.fromkeys(territoire.get(key) or [])]
    offre.sources = _sources(data.get("sources"))
    for source in offre.sources:
        source.structure = structure
    return offre


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
