"""The newcomers' guide (data/premiers-pas.yaml), read once per file version and tied to the directory.

`flask data check` validates the file (wizard/dataload/premiers_pas.py); here it is only read and
its links resolved against the structures actually in the database, so that a fiche removed
in the back-office never leaves a dead link on the guide.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wizard.dataload.premiers_pas import FILE
from wizard.models import Structure


@dataclass(frozen=True)
class SourceGuide:
    """A source of the guide, shaped like a structure's source for the shared `source_ref` macro."""

    titre: str
    editeur: str | None
    url: str | None
    date: str | None
    consulte_le: str | None


@dataclass(frozen=True)
class Lien:
    """A link of the guide: a page of the service, or a structure (and one of its offers)."""

    page: str | None = None
    structure: str | None = None
    offre: str | None = None
    nom: str = ""
    offre_titre: str | None = None


@dataclass(frozen=True)
class Element:
    """A step or a landmark: title, text, who it concerns, links and sources."""

    titre: str
    texte: str
    profils: tuple[str, ...]
    liens: tuple[Lien, ...]
    sources: tuple[SourceGuide, ...]
    slug: str = ""
    page: str = ""

    def pour(self, profil: str | None) -> bool:
        """Whether the element concerns this profile (None: everybody)."""
        return profil is None or profil in self.profils


@dataclass(frozen=True)
class Prioritaire:
    slug: str
    nom: str
    pourquoi: str


@dataclass(frozen=True)
class Guide:
    etapes: tuple[Element, ...]
    reperes: tuple[Element, ...]
    prioritaires: tuple[Prioritaire, ...]

    def reperes_de(self, page: str, profil: str | None = None) -> list[Element]:
        """The landmarks shown on one page of the service, for a profile."""
        return [r for r in self.reperes if r.page == page and r.pour(profil)]


_cache: dict[Path, tuple[float, dict]] = {}
_lock = threading.Lock()


def _raw(data_dir: Path) -> dict:
    """The parsed file, re-read only when it changed (a guide edit shows without restart)."""
    path = data_dir / FILE
    if not path.exists():
        return {}
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    doc = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    with _lock:
        _cache[path] = (mtime, doc)
    return doc


def guide(session: Session, data_dir: Path) -> Guide:
    """The guide with its links resolved to the structures and offers present in the database."""
    doc = _raw(data_dir)
    structures = {s.slug: s for s in session.scalars(select(Structure).options(selectinload(Structure.offres)))}
    sources = {s["id"]: SourceGuide(s["titre"], s.get("editeur"), s.get("url"), s.get("date"), s.get("consulte_le"))
               for s in doc.get("sources") or []}

    def lien(raw: dict) -> Lien | None:
        if raw.get("page"):
            return Lien(page=raw["page"])
        structure = structures.get(raw.get("structure"))
        if structure is None:
            return None
        offre = next((o for o in structure.offres if o.slug == raw.get("offre")), None)
        return Lien(structure=structure.slug, offre=offre.slug if offre else None, nom=structure.sigle or structure.nom,
                    offre_titre=offre.titre if offre else None)

    def element(raw: dict) -> Element:
        liens = tuple(x for x in (lien(r) for r in raw.get("liens") or []) if x is not None)
        return Element(titre=raw["titre"], texte=raw["texte"], profils=tuple(raw.get("profils") or ()), liens=liens,
                       sources=tuple(sources[i] for i in raw.get("sources") or [] if i in sources),
                       slug=raw.get("slug", ""), page=raw.get("page", ""))

    prioritaires = tuple(Prioritaire(s.slug, s.nom, p["pourquoi"]) for p in doc.get("structures_prioritaires") or []
                         if (s := structures.get(p.get("structure"))) is not None)
    return Guide(etapes=tuple(element(e) for e in doc.get("etapes") or []),
                 reperes=tuple(element(r) for r in doc.get("reperes") or []), prioritaires=prioritaires)
