"""Versioned permalinks: a result link carries the version of the rules and data it was computed with
(``v``) and its shortlist (``liste``, structure slugs in order). Opened after a change, the results
page says what changed for this request (structures added, removed, reordered) and offers the new link.

The version is a short hash of the parcours files' bytes (rules) and of the content fingerprint
(structures, their versions, offers): stable across instances and restarts, different as soon as a
rule file or a fiche changes.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, request
from sqlalchemy.orm import Session

from wizard.runtime.active_parcours import current_rules
from wizard.runtime.fingerprint import fingerprint

VERSION, LISTE = "v", "liste"
PARAMS = (VERSION, LISTE)
_lock = threading.Lock()
_regles: dict[tuple, str] = {}
_par_compilation: dict[str, tuple[object, str]] = {}


def _empreinte_regles(dossier: Path) -> str:
    """sha256 of the parcours files' bytes, recomputed only when a file's size or time changes."""
    files = sorted(dossier.glob("*.yaml"))
    signature = tuple((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files)
    with _lock:
        found = _regles.get(signature)
        if found is None:
            digest = hashlib.sha256()
            for f in files:
                digest.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
            found = _regles[signature] = digest.hexdigest()
    return found


def _empreinte_active() -> str:
    """``_empreinte_regles`` of the files the running rules were compiled from (read once per compilation)."""
    running = current_rules()
    known = _par_compilation.get("regles")
    if known is None or known[0] is not running:
        known = _par_compilation["regles"] = (running, _empreinte_regles(Path(current_app.config["PARCOURS_DIR"])))
    return known[1]


def version(session: Session) -> str:
    """The version of the rules and the data this instance serves (12 hex characters)."""
    contenu = repr(fingerprint(session)[1:])  # without the database URL: the same content reads the same
    regles = _empreinte_active()
    return hashlib.sha256(f"{regles}|{contenu}".encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Changement:
    """What changed for one request between the link's shortlist and today's."""

    ajoutees: tuple[str, ...]
    retirees: tuple[str, ...]
    reordonnee: bool

    @property
    def identique(self) -> bool:
        return not (self.ajoutees or self.retirees or self.reordonnee)


def comparer(avant: list[str], apres: list[str]) -> Changement:
    """Structures added, removed, and whether those kept changed order."""
    ajoutees = tuple(s for s in apres if s not in avant)
    retirees = tuple(s for s in avant if s not in apres)
    gardees_avant = [s for s in avant if s in apres]
    gardees_apres = [s for s in apres if s in avant]
    return Changement(ajoutees, retirees, gardees_avant != gardees_apres)


def du_lien() -> tuple[str | None, list[str]]:
    """The version and shortlist the opened link carries (None: a link without version)."""
    v = request.args.get(VERSION) or None
    liste = [s for s in (request.args.get(LISTE) or "").split(",") if s][:20]
    return v, liste


def paires(v: str, slugs: list[str]) -> list[tuple[str, str]]:
    return [(VERSION, v), (LISTE, ",".join(slugs))]
