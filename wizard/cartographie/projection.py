"""A Lambert conformal conic projection (the family of France's official Lambert-93, EPSG:2154).

The parallels are chosen from the territory drawn (at 1/6 and 5/6 of its latitude span, the
usual rule), so any département, mainland or overseas, gets a true conformal map; with the
Lambert-93 constants it gives Lambert-93 coordinates. Formulas: Snyder, *Map Projections — A
Working Manual* (USGS 1987), §15, on the GRS 80 ellipsoid.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

A = 6378137.0                      # GRS 80 semi-major axis (m)
F = 1 / 298.257222101              # GRS 80 flattening
E = math.sqrt(2 * F - F * F)


def _m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (E * math.sin(phi)) ** 2)


def _t(phi: float) -> float:
    s = E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (E / 2)


@dataclass(frozen=True)
class ConiqueConforme:
    """Lambert conformal conic with two standard parallels (degrees) and a false origin (metres)."""

    phi1: float
    phi2: float
    phi0: float
    lambda0: float
    x0: float = 0.0
    y0: float = 0.0

    def __post_init__(self) -> None:
        p1, p2 = math.radians(self.phi1), math.radians(self.phi2)
        if math.isclose(p1, p2):
            n = math.sin(p1)
        else:
            n = (math.log(_m(p1)) - math.log(_m(p2))) / (math.log(_t(p1)) - math.log(_t(p2)))
        big_f = _m(p1) / (n * _t(p1) ** n)
        object.__setattr__(self, "_n", n)
        object.__setattr__(self, "_af", A * big_f)
        object.__setattr__(self, "_rho0", A * big_f * _t(math.radians(self.phi0)) ** n)

    @classmethod
    def pour_etendue(cls, lon_min: float, lat_min: float, lon_max: float, lat_max: float) -> ConiqueConforme:
        """The projection fitted to a longitude/latitude box (origin at its centre)."""
        span = lat_max - lat_min
        phi1, phi2 = lat_min + span / 6, lat_max - span / 6
        if abs(phi1 + phi2) < 1e-6:  # a box centred on the equator: shift off the degenerate cone
            phi1, phi2 = phi1 + 1, phi2 + 1
        return cls(phi1=phi1, phi2=phi2, phi0=(lat_min + lat_max) / 2, lambda0=(lon_min + lon_max) / 2)

    def projeter(self, lon: float, lat: float) -> tuple[float, float]:
        """(x, y) in metres, y towards the north."""
        n: float = self._n  # type: ignore[attr-defined]
        rho = self._af * _t(math.radians(lat)) ** n  # type: ignore[attr-defined]
        theta = n * math.radians(lon - self.lambda0)
        return self.x0 + rho * math.sin(theta), self.y0 + self._rho0 - rho * math.cos(theta)  # type: ignore[attr-defined]

    def echelle(self, lat: float) -> float:
        """Scale factor along the parallel ``lat`` (1 on the standard parallels)."""
        phi = math.radians(lat)
        return self._n * self._af * _t(phi) ** self._n / (A * _m(phi))  # type: ignore[attr-defined]


#: France's official projection, for reference and tests (IGN: RGF93 v1 / Lambert-93).
LAMBERT_93 = ConiqueConforme(phi1=44.0, phi2=49.0, phi0=46.5, lambda0=3.0, x0=700000.0, y0=6600000.0)
