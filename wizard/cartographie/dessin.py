"""Server-side SVG of the territories: the outlines projected once (conformal conic fitted to the
département), then framed and turned into compact path data for a map of a given width.

Pure Python (no Flask): the map page, the commune page and the structure fiche draw from the same
:class:`Dessin`, and the JavaScript map from the same GeoJSON.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from wizard.cartographie.projection import ConiqueConforme
from wizard.territoires.contours import Contours

Anneau = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Cadre:
    """A map frame: the projected box it shows and the SVG size it maps it to (north up)."""

    x_min: float
    y_max: float
    echelle: float  # SVG units per metre
    largeur: int
    hauteur: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.largeur} {self.hauteur}"

    def point(self, x: float, y: float) -> tuple[int, int]:
        return round((x - self.x_min) * self.echelle), round((self.y_max - y) * self.echelle)


@dataclass
class Dessin:
    """Projected outlines of the communes and EPCI of a deployment."""

    contours: Contours
    projection: ConiqueConforme | None = None
    _anneaux: dict[tuple[str, str], tuple[tuple[Anneau, ...], ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        points = [p for c in self.contours.communes.values() for poly in c.polygones for ring in poly for p in ring]
        if not points:
            return
        if self.projection is None:
            lons, lats = [p[0] for p in points], [p[1] for p in points]
            self.projection = ConiqueConforme.pour_etendue(min(lons), min(lats), max(lons), max(lats))
        proj = self.projection.projeter
        for kind, table in (("commune", self.contours.communes), ("epci", self.contours.epcis)):
            for code, contour in table.items():
                self._anneaux[(kind, code)] = tuple(tuple(tuple(proj(x, y) for x, y in ring) for ring in poly)
                                                    for poly in contour.polygones)

    def a(self, kind: str, code: str) -> bool:
        """Whether an outline of that territory exists."""
        return (kind, code) in self._anneaux

    def cadre(self, territoires: Iterable[tuple[str, str]], largeur: int, marge: float = 0.02) -> Cadre | None:
        """The frame fitting these (kind, code) outlines into ``largeur`` SVG units; None if none is known."""
        xs, ys = [], []
        for key in territoires:
            for poly in self._anneaux.get(key, ()):
                for x, y in poly[0]:
                    xs.append(x)
                    ys.append(y)
        if not xs:
            return None
        pad = max(max(xs) - min(xs), max(ys) - min(ys)) * marge
        x_min, x_max, y_min, y_max = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
        echelle = largeur / (x_max - x_min)
        return Cadre(x_min=x_min, y_max=y_max, echelle=echelle, largeur=largeur,
                     hauteur=max(1, round((y_max - y_min) * echelle)))

    def chemin(self, cadre: Cadre, kind: str, code: str) -> str:
        """SVG path data of one outline in ``cadre`` (relative moves between rounded points, holes kept)."""
        parts = []
        for poly in self._anneaux.get((kind, code), ()):
            for ring in poly:
                pts: list[tuple[int, int]] = []
                for x, y in ring:
                    p = cadre.point(x, y)
                    if not pts or p != pts[-1]:
                        pts.append(p)
                if len(pts) > 1 and pts[0] == pts[-1]:
                    pts.pop()
                if len(pts) < 3:
                    continue
                out = [f"M{pts[0][0]} {pts[0][1]}l"]
                out += [f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(pts, pts[1:], strict=False)]
                parts.append(out[0] + " ".join(out[1:]) + "z")
        return "".join(parts)
