"""Load data/ into the database: validate everything first, then write in one transaction.

A load never silently discards what partners edited in the back-office: a fiche whose content
differs from what the previous load wrote (its fingerprint) was edited since, and the load stops,
naming it, unless the caller deliberately asks to replace edited fiches (after ``flask data
export``). Every fiche a load changes gets a "chargement" entry in its history.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wizard.dataload.errors import DataError, DataErrors
from wizard.dataload.mapping import fiche_children, fiche_fingerprint, fiche_to_row, row_to_fiche, text
from wizard.dataload.policy import load_policy
from wizard.dataload.premiers_pas import FILE as PREMIERS_PAS
from wizard.dataload.premiers_pas import check_premiers_pas
from wizard.dataload.reader import read_yaml
from wizard.dataload.territoires import read_territoires, upsert_territoires
from wizard.dataload.validate import Checker, check_dispositif, check_enquete, check_structure
from wizard.models import Dispositif, EnqueteBesoin, EnqueteConnaissance, Revision, Structure
from wizard.taxonomy import Taxonomy, load_taxonomy
from wizard.territoires.departement import load_departement

#: Author of the history entries a data load writes.
AUTEUR_CHARGEMENT = "chargement des données de référence (flask data load)"
DISPOSITIF_FIELDS = ("nom", "porteur", "type", "fin_statut", "successeur", "description", "declinaison_locale")


@dataclass(frozen=True)
class LoadReport:
    """What a load wrote, for the CLI to print."""

    communes: int
    epcis: int
    structures: int
    offres: int
    dispositifs: int
    modifiees: int = 0


class EditedSinceLoad(Exception):
    """Fiches edited in the back-office since the last load: a load would overwrite them."""

    def __init__(self, slugs: list[str]):
        self.slugs = slugs
        super().__init__(", ".join(slugs))


def data_files(directory: Path) -> list[Path]:
    """The YAML files of a data/ subfolder, in name order."""
    return sorted(directory.glob("*.yaml"))


def read_data(data_dir: Path, taxonomy: Taxonomy) -> dict[str, Any]:
    """Read and validate every file of data/; raise DataErrors listing all problems."""
    code = load_departement(data_dir).code
    communes, epcis = read_territoires(data_dir / "territoires" / f"communes-{code}.json",
                                       data_dir / "territoires" / f"epci-{code}.json")
    commune_codes = {c["code"] for c in communes}
    epci_codes = {e["code"] for e in epcis}
    policy = load_policy(data_dir)
    files = {"structures": data_files(data_dir / "structures"), "dispositifs": data_files(data_dir / "dispositifs")}
    errors: list[DataError] = []
    docs = {kind: [(path, _read(path, f"{kind}/{path.name}", errors)) for path in paths]
            for kind, paths in files.items()}
    enquete = _read(data_dir / "enquete.yaml", "enquete.yaml", errors)
    if errors:  # unreadable files: the checks below would only report their consequences
        raise DataErrors(errors)
    dispositif_slugs = {d.get("slug") for _, d in docs["dispositifs"] if isinstance(d, dict)}
    structure_slugs: set[str] = set()
    for path, doc in docs["structures"]:
        checker = Checker(f"structures/{path.name}", taxonomy, commune_codes, epci_codes, policy)
        slug = check_structure(doc, checker, dispositif_slugs)
        if slug is not None and slug != path.stem:
            checker.error(doc, "slug", "slug", f"le fichier doit s'appeler {slug}.yaml (un fichier par structure)")
        if slug in structure_slugs:
            checker.error(doc, "slug", "slug", f"identifiant en double : « {slug} »")
        structure_slugs.add(str(slug))
        errors += checker.errors
    for path, doc in docs["dispositifs"]:
        checker = Checker(f"dispositifs/{path.name}", taxonomy, commune_codes, epci_codes, policy)
        slug = check_dispositif(doc, checker, structure_slugs, dispositif_slugs)
        if slug is not None and slug != path.stem:
            checker.error(doc, "slug", "slug", f"le fichier doit s'appeler {slug}.yaml (un fichier par dispositif)")
        errors += checker.errors
    checker = Checker("enquete.yaml", taxonomy, commune_codes, epci_codes, policy)
    check_enquete(enquete, checker, structure_slugs)
    errors += checker.errors
    if (data_dir / PREMIERS_PAS).exists():  # optional: another département may not ship a guide
        guide = _read(data_dir / PREMIERS_PAS, PREMIERS_PAS, errors)
        offres = {d["slug"]: {o.get("slug") for o in d.get("offres") or [] if isinstance(o, dict)}
                  for _, d in docs["structures"] if isinstance(d, dict) and d.get("slug")}
        checker = Checker(PREMIERS_PAS, taxonomy, commune_codes, epci_codes, policy)
        if guide is not None:
            check_premiers_pas(guide, checker, offres)
        errors += checker.errors
    if errors:
        raise DataErrors(errors)
    return {"communes": communes, "epcis": epcis, "structures": [d for _, d in docs["structures"]],
            "dispositifs": [d for _, d in docs["dispositifs"]], "enquete": enquete}


def _read(path: Path, name: str, errors: list[DataError]) -> Any:
    """Parse one data file; a syntax error is recorded under ``name`` (its place in data/)."""
    try:
        return read_yaml(path)
    except DataErrors as exc:
        errors += [replace(e, file=name) for e in exc.errors]
        return None


def edited_since_load(session: Session) -> list[str]:
    """Slugs of the fiches whose content differs from what the last load wrote (back-office edits).

    A fiche without a load fingerprint (a database from before fingerprints) counts as edited when
    its history holds a back-office change.
    """
    edited_by_hand = set(session.scalars(select(Revision.structure_id).where(Revision.action != "chargement")))
    found = []
    for row in session.scalars(select(Structure).order_by(Structure.slug)):
        if row.empreinte_chargee is None:
            if row.id in edited_by_hand:
                found.append(row.slug)
        elif fiche_fingerprint(row_to_fiche(row)) != row.empreinte_chargee:
            found.append(row.slug)
    return found


def load_data(session: Session, data_dir: Path, taxonomy: Taxonomy | None = None,
              remplacer_modifiees: bool = False) -> LoadReport:
    """Validate data/ then replace the reference content; the caller commits.

    :raise EditedSinceLoad: fiches edited since the last load, unless ``remplacer_modifiees``.
    """
    taxonomy = taxonomy or load_taxonomy(data_dir / "taxonomie.yaml")
    data = read_data(data_dir, taxonomy)
    if not remplacer_modifiees:
        edited = edited_since_load(session)
        if edited:
            raise EditedSinceLoad(edited)
    upsert_territoires(session, data["communes"], data["epcis"])
    structures = data["structures"]
    changed = _replace_structures(session, structures)
    _replace_dispositifs(session, data["dispositifs"])
    _replace_enquete(session, data["enquete"])
    session.flush()
    return LoadReport(
        communes=len(data["communes"]), epcis=len(data["epcis"]), structures=len(structures),
        offres=sum(len(s.get("offres") or []) for s in structures), dispositifs=len(data["dispositifs"]),
        modifiees=changed)


def is_empty(session: Session) -> bool:
    """True when no structure has been loaded yet."""
    return not session.scalar(select(func.count()).select_from(Structure))


def _replace_structures(session: Session, items: list[dict]) -> int:
    """Write every fiche; return how many changed (each gets a history entry)."""
    existing = {s.slug: s for s in session.scalars(select(Structure))}
    wanted = {s["slug"] for s in items}
    for slug, row in existing.items():
        if slug not in wanted:
            session.delete(row)
    changed = 0
    for data in items:
        row = existing.get(data["slug"]) or Structure(slug=data["slug"])
        before = row_to_fiche(row) if row.id is not None else None
        fiche_to_row(data, row)
        if row.id is not None:
            # Old children must be gone before new ones reuse their unique (structure, slug).
            row.sources, row.contacts, row.offres = [], [], []
            session.flush()
        fiche_children(data, row)
        session.add(row)
        session.flush()
        after = row_to_fiche(row)
        row.empreinte_chargee = fiche_fingerprint(after)
        if before is None or fiche_fingerprint(before) != row.empreinte_chargee:
            changed += 1
            session.add(Revision(structure_id=row.id, auteur=AUTEUR_CHARGEMENT, action="chargement",
                                 changements=[], avant=_jsonable(before or {}), apres=_jsonable(after),
                                 version=row.version))
    session.flush()
    return changed


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value if value is None or isinstance(value, (bool, int, float, str)) else text(value)


def _replace_dispositifs(session: Session, items: list[dict]) -> None:
    session.execute(delete(Dispositif))
    for d in items:
        session.add(Dispositif(
            slug=d["slug"], **{k: d.get(k) for k in DISPOSITIF_FIELDS},
            financement=bool(d.get("financement")), debut=text(d.get("debut")), fin=text(d.get("fin")),
            thematiques=list(d.get("thematiques") or []), besoins=list(d.get("besoins") or []),
            structures=list(d.get("structures") or []), communes=[str(c) for c in d.get("communes") or []],
            prochaines_echeances=_jsonable([dict(e) for e in d.get("prochaines_echeances") or []]),
            eligibilite=_jsonable(dict(d.get("eligibilite") or {})),
            sources=_jsonable([dict(s) for s in d.get("sources") or []]),
            faits_sources=list(d.get("faits_sources") or []), interne=_jsonable(dict(d.get("interne") or {}))))


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
