"""Outlines of the served communes and EPCI, as built by scripts/build_contours.py (GeoJSON, WGS 84).

Read once per process from ``<DATA_DIR>/territoires/contours-*.geojson``; a deployment without
these files simply has no map (the pages say so), it still starts.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

FICHIERS = {"communes": "contours-communes.geojson", "epcis": "contours-epci.geojson"}


@dataclass(frozen=True)
class Contour:
    """One territory's outline: polygons of rings of (longitude, latitude)."""

    code: str
    nom: str
    polygones: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]
    proprietes: Mapping[str, object]


@dataclass(frozen=True)
class Contours:
    """The outlines of a deployment, by code; the raw GeoJSON bytes are served as is by the API."""

    communes: Mapping[str, Contour]
    epcis: Mapping[str, Contour]
    geojson: Mapping[str, bytes]

    @property
    def vide(self) -> bool:
        return not self.communes


def _polygones(geometry: dict) -> tuple:
    coords = geometry["coordinates"]
    polys = [coords] if geometry["type"] == "Polygon" else coords
    return tuple(tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in poly) for poly in polys)


def lire(dossier: Path) -> Contours:
    """Outlines found under ``dossier`` (data/territoires/); empty when the files are absent."""
    tables: dict[str, dict[str, Contour]] = {}
    brut: dict[str, bytes] = {}
    for kind, name in FICHIERS.items():
        path = dossier / name
        tables[kind] = {}
        if not path.is_file():
            continue
        brut[kind] = path.read_bytes()
        for feature in json.loads(brut[kind])["features"]:
            props = feature["properties"]
            tables[kind][props["code"]] = Contour(code=props["code"], nom=props["nom"],
                                                  polygones=_polygones(feature["geometry"]),
                                                  proprietes=MappingProxyType(dict(props)))
    return Contours(communes=MappingProxyType(tables["communes"]), epcis=MappingProxyType(tables["epcis"]),
                    geojson=MappingProxyType(brut))
