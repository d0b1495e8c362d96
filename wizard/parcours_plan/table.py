"""The golden path table (parcours/chemins.tsv) read back for review: rows, filters, pages."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Ligne:
    """One row: the profils sharing it, the answers, the structures to call in order."""

    profils: tuple[str, ...]
    type_collectivite: str
    commune: str
    epci: str
    thematique: str
    besoin: str
    stade: str
    structures: str


@dataclass(frozen=True)
class Page:
    lignes: tuple[Ligne, ...]
    total: int
    numero: int
    pages: int


def read_table(path: Path) -> tuple[Ligne, ...]:
    """Every row of the table (header skipped); a missing file reads as empty."""
    if not path.exists():
        return ()
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    rows = []
    for line in lines:
        cells = line.split("\t")
        if len(cells) == 8:
            rows.append(Ligne(tuple(cells[0].split(",")), *cells[1:]))
    return tuple(rows)


def filter_page(rows: Sequence[Ligne], thematique: str = "", type_collectivite: str = "",
                numero: int = 1, par_page: int = 50) -> Page:
    """Rows of this thématique and type of collectivité (empty: any), page ``numero`` (clamped)."""
    kept = tuple(r for r in rows if (not thematique or r.thematique == thematique)
                 and (not type_collectivite or r.type_collectivite == type_collectivite))
    pages = max(1, math.ceil(len(kept) / par_page))
    numero = min(max(1, numero), pages)
    return Page(kept[(numero - 1) * par_page:numero * par_page], len(kept), numero, pages)
