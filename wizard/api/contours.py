"""Outlines of the communes and EPCI as GeoJSON (the files of data/territoires/, served as built)."""
from __future__ import annotations

from flask import Response

from wizard.api import bp
from wizard.api.errors import erreur
from wizard.cartographie.fond import contours

GEOJSON = "application/geo+json"


def _servir(kind: str):
    brut = contours().geojson.get(kind)
    if brut is None:
        return erreur(None, "Les contours ne sont pas disponibles pour ce déploiement.", 404)
    response = Response(brut, mimetype=GEOJSON)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/territoires/communes.geojson")
def contours_communes():
    return _servir("communes")


@bp.get("/territoires/epci.geojson")
def contours_epci():
    return _servir("epcis")
