"""The deployment's outlines and their projected drawing, read once per app (they change only with
a new data folder), and the SVG pieces the map pages draw."""
from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from wizard.cartographie.dessin import Cadre, Dessin
from wizard.territoires.contours import Contours, lire

EXTENSION = "cartographie.dessin"
_lock = threading.Lock()


def dessin(app: Flask | None = None) -> Dessin:
    """The drawing of this app's data folder, built on first use."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get(EXTENSION)
    if found is None:
        with _lock:
            found = app.extensions.get(EXTENSION)
            if found is None:
                found = app.extensions[EXTENSION] = Dessin(lire(Path(app.config["DATA_DIR"]) / "territoires"))
    return found


def contours() -> Contours:
    return dessin().contours


@dataclass(frozen=True)
class Forme:
    """One territory drawn in a frame."""

    kind: str
    code: str
    nom: str
    d: str


@dataclass(frozen=True)
class PetiteCarte:
    """A small map: a frame, the context outlines, the highlighted ones (drawn over)."""

    cadre: Cadre
    contexte: tuple[Forme, ...]
    surlignees: tuple[Forme, ...]
    legende: str


def formes(cadre: Cadre, territoires: Iterable[tuple[str, str]]) -> tuple[Forme, ...]:
    """The outlines of these (kind, code) territories in ``cadre`` (unknown ones are skipped)."""
    d = dessin()
    tables = {"commune": d.contours.communes, "epci": d.contours.epcis}
    return tuple(Forme(kind, code, tables[kind][code].nom, d.chemin(cadre, kind, code))
                 for kind, code in territoires if d.a(kind, code))


def petite_carte(contexte: list[tuple[str, str]], surlignees: list[tuple[str, str]], legende: str,
                 largeur: int = 320) -> PetiteCarte | None:
    """A small map framed on ``contexte``; None when no outline is known (no map files)."""
    cadre = dessin().cadre(contexte, largeur)
    if cadre is None or not any(dessin().a(*t) for t in surlignees):
        return None
    return PetiteCarte(cadre=cadre, contexte=formes(cadre, contexte), surlignees=formes(cadre, surlignees),
                       legende=legende)
