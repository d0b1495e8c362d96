"""Layout of the schematic map: one box per EPCI, placed roughly where it lies (not to scale).

The positions are presentation data keyed by SIREN; an EPCI missing here is placed in a row below,
so a new EPCI in data/ still appears.
"""
from __future__ import annotations

from dataclasses import dataclass

from wizard.cartographie.carte import ZoneEpci

LARGEUR, HAUTEUR = 660, 500
#: SIREN → (x, y, width, height) in the SVG's user units; north is up.
POSITIONS = {
    "245300389": (170, 10, 160, 110),   # CC du Bocage Mayennais (north)
    "200042182": (340, 10, 180, 110),   # CC du Mont des Avaloirs (north-east)
    "245300355": (10, 40, 150, 160),    # CC de l'Ernée (north-west)
    "200055887": (170, 130, 190, 85),   # CC Mayenne Communauté (centre-north)
    "200033298": (370, 130, 150, 160),  # CC des Coëvrons (centre-east)
    "200083392": (10, 222, 350, 90),    # CA Laval Agglomération (centre-west)
    "200048551": (10, 320, 170, 170),   # CC du Pays de Craon (south-west)
    "245300447": (190, 320, 170, 170),  # CC du Pays de Château-Gontier (south)
    "245300223": (370, 300, 150, 130),  # CC du Pays de Meslay-Grez (south-east)
    "247200090": (530, 350, 125, 130),  # CC du Pays Sabolien (Sarthe, outside the département)
}
#: EPCI whose seat is outside Mayenne: drawn dashed, beside the département.
HORS_DEPARTEMENT = frozenset({"247200090"})


@dataclass(frozen=True)
class Boite:
    """A box of the schematic: its zone, geometry and label lines."""

    zone: ZoneEpci
    x: int
    y: int
    w: int
    h: int
    lignes: tuple[str, ...]
    hors_departement: bool

    @property
    def texte_x(self) -> int:
        return self.x + 8

    @property
    def texte_y(self) -> int:
        return self.y + 20


def couper(nom: str, largeur: int) -> tuple[str, ...]:
    """Split a name into lines of about ``largeur`` pixels (SVG text does not wrap)."""
    max_chars = max(8, largeur // 7)
    lines: list[str] = []
    for word in nom.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines)


def boites(zones: list[ZoneEpci]) -> tuple[list[Boite], int]:
    """Boxes for every zone and the SVG height (unplaced zones go in extra rows below)."""
    result, extra = [], 0
    for zone in zones:
        if zone.code in POSITIONS:
            x, y, w, h = POSITIONS[zone.code]
        else:
            x, y, w, h = 10 + (extra % 4) * 160, HAUTEUR + (extra // 4) * 130, 150, 120
            extra += 1
        result.append(Boite(zone=zone, x=x, y=y, w=w, h=h, lignes=couper(zone.nom, w - 16),
                            hors_departement=zone.code in HORS_DEPARTEMENT))
    hauteur = HAUTEUR + (-(-extra // 4)) * 130
    return result, hauteur
