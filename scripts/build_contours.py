#!/usr/bin/env python3
"""Build the current commune and EPCI outlines of the served département, once, from older
commune boundaries (IGN Admin Express COG 2018 via france-geojson, ../shared/geo/).

Communes merged since the boundaries' year are dissolved into the current commune that absorbed
them: the COG package @etalab/decoupage-administratif (the same pinned tarball as
extract_territoires.py) lists them as communes déléguées / associées with their chef-lieu.
The communes are then dissolved into their EPCI (data/territoires/epci-<dep>.json). Both layers
are simplified as a coverage (shared borders simplified once, so neighbours keep touching:
shapely.coverage_simplify) and rounded, to keep the committed files small.

Needs shapely (`pip install -c constraints.txt -e '.[geo]'`) and npm (for the COG tarball).

Writes, under data/territoires/:
  contours-communes.geojson   one feature per current commune {code, nom, epci}
  contours-epci.geojson       one feature per EPCI {code, nom, nb_communes, nb_communes_total}
  SOURCE-contours.md          provenance, licence, counts, how to regenerate

Usage: python3 scripts/build_contours.py --source ../shared/geo/communes-53-mayenne-2018.geojson
       [--departement 53] [--tarball PATH]
Re-running it gives byte-identical files.
"""
from __future__ import annotations

import argparse
import json
import sys
import tarfile
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_territoires import (  # noqa: E402  (sibling script: same pinned COG tarball)
    INTEGRITY,
    PACKAGE,
    VERSION,
    check_integrity,
    npm_pack,
    read_json_member,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "territoires"
#: Tolerances of the coverage simplification, in degrees (1e-3 ° ≈ 75 m in longitude, 110 m in latitude
#: at 48° N): fine enough for a département drawn on a screen, coarse enough for a small file.
TOLERANCE_COMMUNES = 0.0025
TOLERANCE_EPCI = 0.004
DECIMALES = 4  # ≈ 10 m


def absorptions(cog: list[dict], departement: str) -> dict[str, str]:
    """Old commune code → current commune code (communes déléguées and associées of the département)."""
    return {c["code"]: c["chefLieu"] for c in cog
            if c["type"] in ("commune-deleguee", "commune-associee") and c.get("departement") == departement
            and c.get("chefLieu")}


def dissoudre(source: dict, actuelles: dict[str, dict], absorbe: dict[str, str]) -> dict[str, object]:
    """Current commune code → its geometry, the union of its own and its absorbed communes' shapes."""
    parts: dict[str, list] = {}
    for feature in source["features"]:
        code = feature["properties"]["code"]
        if code not in actuelles:
            code = absorbe.get(code, code)
        if code not in actuelles:
            sys.exit(f"la commune {code} des contours n'est ni actuelle ni déléguée ou associée d'une commune actuelle")
        parts.setdefault(code, []).append(shape(feature["geometry"]))
    manquantes = sorted(set(actuelles) - set(parts))
    if manquantes:
        sys.exit(f"communes actuelles sans contour : {manquantes}")
    return {code: shapely.union_all(geoms) for code, geoms in sorted(parts.items())}


def simplifier(geoms: list, tolerance: float) -> list:
    """Coverage simplification (shared edges once), then rounding; a polygon never vanishes."""
    simplified = shapely.coverage_simplify(geoms, tolerance)
    out = []
    for original, geom in zip(geoms, simplified, strict=True):
        geom = shapely.set_precision(geom, 10 ** -DECIMALES)
        if geom.is_empty:
            geom = original
        out.append(shapely.make_valid(geom) if not geom.is_valid else geom)
    return out


def arrondir(geometry: dict) -> dict:
    """GeoJSON geometry with coordinates rounded (set_precision leaves float noise such as 0.30000000000000004)."""
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float | int):
                return [round(float(v), DECIMALES) for v in value]
            return [walk(v) for v in value]
        return value
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def feature_collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def write(path: Path, data: dict) -> None:
    # One feature per line: small diffs, still compact.
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in data["features"]]
    path.write_text('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="GeoJSON of the communes (older COG)")
    parser.add_argument("--departement", default="53")
    parser.add_argument("--tarball", type=Path, help="an already downloaded COG tarball")
    args = parser.parse_args()
    dep = args.departement

    with tempfile.TemporaryDirectory(prefix="decoupage-") as tmp:
        tarball = args.tarball or npm_pack(Path(tmp))
        check_integrity(tarball)
        with tarfile.open(tarball, "r:gz") as tar:
            cog = read_json_member(tar, "data/communes.json")

    actuelles = {c["code"]: c for c in json.loads((OUT / f"communes-{dep}.json").read_text(encoding="utf-8"))}
    epcis = json.loads((OUT / f"epci-{dep}.json").read_text(encoding="utf-8"))
    source = json.loads(args.source.read_text(encoding="utf-8"))
    absorbe = absorptions(cog, dep)
    geoms = dissoudre(source, actuelles, absorbe)
    codes = list(geoms)
    communes = dict(zip(codes, simplifier([geoms[c] for c in codes], TOLERANCE_COMMUNES), strict=True))

    features = [{"type": "Feature", "properties": {"code": code, "nom": actuelles[code]["nom"],
                                                   "epci": actuelles[code]["epci"]},
                 "geometry": arrondir(mapping(geom))} for code, geom in communes.items()]
    write(OUT / "contours-communes.geojson", feature_collection(features))

    # EPCI: dissolve the unsimplified commune shapes (exact shared borders), then simplify as a coverage.
    epci_codes = [e["code"] for e in epcis]
    unions = [shapely.union_all([geoms[m] for m in e[f"membres_{dep}"]]) for e in epcis]
    epci_geoms = simplifier(unions, TOLERANCE_EPCI)
    epci_features = [{"type": "Feature",
                      "properties": {"code": e["code"], "nom": e["nom"], "nb_communes": len(e[f"membres_{dep}"]),
                                     "nb_communes_total": len(e["membres"])},
                      "geometry": arrondir(mapping(g))} for e, g in zip(epcis, epci_geoms, strict=True)]
    write(OUT / "contours-epci.geojson", feature_collection(epci_features))

    partiels = [e for e in epcis if len(e[f"membres_{dep}"]) < len(e["membres"])]
    fusionnees = sorted(code for code in {f["properties"]["code"] for f in source["features"]} if code not in actuelles)
    write_source(args.source, dep, len(source["features"]), len(features), epci_codes, partiels,
                 [(c, absorbe[c]) for c in fusionnees])
    for name in ("contours-communes.geojson", "contours-epci.geojson"):
        print(f"{name}: {(OUT / name).stat().st_size} octets")
    return 0


def write_source(source: Path, dep: str, nb_source: int, nb_communes: int, epcis: list[str], partiels: list[dict],
                 fusions: list[tuple[str, str]]) -> None:
    lines = [
        "# data/territoires — contours des communes et des EPCI",
        "",
        "Fichiers générés par `scripts/build_contours.py` : ne pas les modifier à la main.",
        "",
        "## Sources",
        "",
        f"- Contours des communes : `{source.name}`, {nb_source} communes du COG 2018 —",
        "  « IGN – ADMIN EXPRESS COG 2018, INSEE COG 2018, via france-geojson » (dépôt public",
        "  gregoiredavid/france-geojson, déjà simplifié à 25 % et arrondi à 5 décimales par son auteur).",
        "  Licence Ouverte / Open Licence 2.0 (Etalab).",
        f"- Communes actuelles, EPCI et fusions : `communes-{dep}.json`, `epci-{dep}.json` (voir `SOURCE.md`)",
        f"  et les communes déléguées / associées du paquet npm `{PACKAGE}` {VERSION}",
        f"  (intégrité `{INTEGRITY}`), COG 2026, Licence Ouverte.",
        "",
        "## Traitement",
        "",
        "- Chaque commune fusionnée depuis 2018 est réunie (union shapely) à la commune actuelle dont elle",
        "  est commune déléguée ou associée :",
        "",
    ]
    lines += [f"  - {old} → {new}" for old, new in fusions]
    lines += [
        "",
        "- Les EPCI sont l'union des contours de leurs communes du département.",
        "- Simplification en couverture (`shapely.coverage_simplify` : chaque frontière commune simplifiée une",
        f"  seule fois, les voisins restent jointifs), tolérance {TOLERANCE_COMMUNES}° (communes) et",
        f"  {TOLERANCE_EPCI}° (EPCI), coordonnées arrondies à {DECIMALES} décimales (WGS 84, longitude, latitude).",
        "",
        "## Contenu",
        "",
        f"- `contours-communes.geojson` : {nb_communes} communes `{{code, nom, epci}}`.",
        f"- `contours-epci.geojson` : {len(epcis)} EPCI `{{code, nom, nb_communes, nb_communes_total}}`.",
        "",
        "Ce que les données n'ont pas : les contours couvrent le seul département. Un EPCI débordant du",
        "département n'est dessiné que par ses communes du département :",
        "",
    ]
    lines += [f"- {e['nom']} ({e['code']}) : {len(e[f'membres_{dep}'])} commune(s) sur {len(e['membres'])}"
              for e in partiels]
    lines += [
        "",
        "## Régénérer",
        "",
        "```sh",
        ".venv/bin/pip install -c constraints.txt -e '.[geo]'",
        f".venv/bin/python scripts/build_contours.py --source {source} --departement {dep}",
        "```",
    ]
    (OUT / "SOURCE-contours.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
