"""The committed outlines (scripts/build_contours.py), the projection and the SVG drawing."""
from __future__ import annotations

import json
import math

import pytest

from wizard.cartographie.dessin import Dessin
from wizard.cartographie.projection import LAMBERT_93, A, ConiqueConforme, E
from wizard.config import ROOT
from wizard.territoires.contours import lire

TERRITOIRES = ROOT / "data" / "territoires"
E2 = E * E


def test_the_committed_outlines_cover_every_commune_and_epci_of_2026():
    contours = lire(TERRITOIRES)
    communes = {c["code"]: c for c in json.loads((TERRITOIRES / "communes-53.json").read_text(encoding="utf-8"))}
    epcis = {e["code"]: e for e in json.loads((TERRITOIRES / "epci-53.json").read_text(encoding="utf-8"))}
    assert set(contours.communes) == set(communes) and len(communes) == 240
    assert set(contours.epcis) == set(epcis) and len(epcis) == 10
    for code, c in contours.communes.items():
        assert c.proprietes["epci"] == communes[code]["epci"]
        for poly in c.polygones:
            for ring in poly:
                assert len(ring) >= 4 and ring[0] == ring[-1], code
                assert all(-1.3 < x < 0.0 and 47.6 < y < 48.7 for x, y in ring), code
    # The Sarthe EPCI of Bouessay: only its one commune of the département is drawn, and the data say so.
    sabolien = contours.epcis["247200090"].proprietes
    assert (sabolien["nb_communes"], sabolien["nb_communes_total"]) == (1, 17)
    assert "CC du Pays Sabolien (247200090) : 1 commune(s) sur 17" in (TERRITOIRES / "SOURCE-contours.md").read_text(
        encoding="utf-8")


def test_the_outlines_stay_small_and_name_their_source():
    assert (TERRITOIRES / "contours-communes.geojson").stat().st_size < 250_000
    assert (TERRITOIRES / "contours-epci.geojson").stat().st_size < 50_000
    source = (TERRITOIRES / "SOURCE-contours.md").read_text(encoding="utf-8")
    assert "ADMIN EXPRESS COG 2018" in source and "Licence Ouverte" in source and "coverage_simplify" in source
    # The 14 communes merged since 2018 are listed with the commune that absorbed them.
    assert len([line for line in source.splitlines() if line.startswith("  - 53") and " → 53" in line]) == 14


def test_lambert_93_constants_give_its_false_origin():
    x, y = LAMBERT_93.projeter(3.0, 46.5)
    assert x == pytest.approx(700000, abs=1e-6) and y == pytest.approx(6600000, abs=1e-6)


@pytest.mark.parametrize("lat", [44.0, 49.0])
def test_the_scale_is_true_on_the_standard_parallels(lat):
    assert LAMBERT_93.echelle(lat) == pytest.approx(1.0, abs=1e-12)


def test_the_projection_is_conformal():
    """Conformal: at a point, the scale along the meridian equals the scale along the parallel."""
    proj, lon, lat, h = ConiqueConforme.pour_etendue(-1.24, 47.73, -0.05, 48.57), -0.77, 48.07, 1e-5
    x0, y0 = proj.projeter(lon, lat)
    xn, yn = proj.projeter(lon, lat + h)
    xe, ye = proj.projeter(lon + h, lat)
    # Ground lengths of the two small steps on the GRS 80 ellipsoid (meridian and normal radii).
    s2 = E2 * math.sin(math.radians(lat)) ** 2
    m, n = A * (1 - E2) / (1 - s2) ** 1.5, A / math.sqrt(1 - s2)
    nord = math.hypot(xn - x0, yn - y0) / (m * math.radians(h))
    est = math.hypot(xe - x0, ye - y0) / (n * math.cos(math.radians(lat)) * math.radians(h))
    assert nord / est == pytest.approx(1.0, rel=1e-6)
    # Meridians and parallels stay perpendicular.
    dn, de_ = math.hypot(xn - x0, yn - y0), math.hypot(xe - x0, ye - y0)
    assert ((xn - x0) * (xe - x0) + (yn - y0) * (ye - y0)) / (dn * de_) == pytest.approx(0.0, abs=1e-6)


def test_the_fitted_projection_uses_the_usual_one_sixth_parallels():
    proj = ConiqueConforme.pour_etendue(-1.0, 47.0, 0.0, 49.0)
    assert (proj.phi1, proj.phi2, proj.phi0, proj.lambda0) == pytest.approx((47 + 1 / 3, 48 + 2 / 3, 48.0, -0.5))


def test_svg_paths_are_north_up_framed_and_compact():
    dessin = Dessin(lire(TERRITOIRES))
    cadre = dessin.cadre([("commune", c) for c in dessin.contours.communes], 1000)
    assert cadre.largeur == 1000 and 900 < cadre.hauteur < 1100  # Mayenne is about as tall as wide
    laval = dessin.chemin(cadre, "commune", "53130")
    assert laval.startswith("M") and laval.endswith("z")
    # Laval (south-west of the centre) is drawn in the left half, below the middle of the north half.
    x, y = (int(v) for v in laval[1:laval.index("l")].split())
    assert 0 < x < 600 and 300 < y < 800
    # Ernée (north-west) is above Château-Gontier-sur-Mayenne (south).
    y_ernee = int(dessin.chemin(cadre, "commune", "53096")[1:].split("l")[0].split()[1])
    y_chateau = int(dessin.chemin(cadre, "commune", "53062")[1:].split("l")[0].split()[1])
    assert y_ernee < y_chateau
    total = sum(len(dessin.chemin(cadre, "commune", c)) for c in dessin.contours.communes)
    assert total < 120_000


def test_a_deployment_without_outlines_has_none(tmp_path):
    contours = lire(tmp_path)
    assert contours.vide and not contours.epcis and not contours.geojson
    assert Dessin(contours).cadre([("commune", "53130")], 300) is None
