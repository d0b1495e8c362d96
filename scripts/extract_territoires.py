#!/usr/bin/env python3
"""Extract the communes and EPCI of Mayenne (53), and of all France, from the
npm package @etalab/decoupage-administratif (pinned version below).

Stdlib only. Needs `npm` on PATH (only to download the tarball: `npm pack`
into a temporary directory; nothing is installed, no node_modules is created).

Writes, under data/territoires/:
  communes-53.json          current communes of 53 (pretty-printed)
  epci-53.json              EPCI with at least one commune in 53 (pretty-printed)
  communes-france.json.gz   all current communes of France (deterministic gzip)
  epci-france.json.gz       all EPCI à fiscalité propre (deterministic gzip)
  SOURCE.md                 provenance, licence, counts, how to regenerate

Usage: python3 scripts/extract_territoires.py [--tarball PATH]
Re-running it gives byte-identical files.
"""
from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
# dist.integrity published by the npm registry for this exact version.
INTEGRITY = (
    "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCY"
    "hWWcf+7bcWpA5pmCaQ=="
)
EXTRACTION_DATE = "2026-11-25"
DEPARTEMENT = "53"
EXPECTED_COMMUNES_53 = 240
EXPECTED_COMMUNES_FRANCE = 34969

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "territoires"


def npm_pack(dest: Path) -> Path:
    """Download the pinned package tarball into dest with `npm pack`."""
    spec = f"{PACKAGE}@{VERSION}"
    res = subprocess.run(
        ["npm", "pack", spec, "--json", "--silent"],
        cwd=dest, check=True, capture_output=True, text=True,
    )
    info = json.loads(res.stdout)
    return dest / info[0]["filename"]


def check_integrity(tarball: Path) -> None:
    algo, _, expected = INTEGRITY.partition("-")
    digest = base64.b64encode(hashlib.new(algo, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        sys.exit(f"integrity mismatch for {tarball}: got {algo}-{digest}, expected {INTEGRITY}")


def read_json_member(tar: tarfile.TarFile, name: str):
    member = tar.extractfile(f"package/{name}")
    if member is None:
        sys.exit(f"{name} not found in tarball")
    return json.load(member)


def commune_record(c: dict, epci_of: dict[str, str]) -> dict:
    return {
        "code": c["code"],
        "nom": c["nom"],
        "codes_postaux": sorted(c.get("codesPostaux") or []),
        "population": c.get("population"),
        "epci": epci_of.get(c["code"]),
        "departement": c["departement"],
    }


def write_pretty(path: Path, data) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    path.write_text(text, encoding="utf-8")


def write_gzip(path: Path, data) -> None:
    # Compact JSON, one fixed gzip header (no file name, mtime=0): reproducible bytes.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(payload)
    path.write_bytes(buf.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="use an already downloaded tarball")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="decoupage-") as tmp:
        tarball = args.tarball or npm_pack(Path(tmp))
        check_integrity(tarball)
        with tarfile.open(tarball, "r:gz") as tar:
            pkg = read_json_member(tar, "package.json")
            communes = read_json_member(tar, "data/communes.json")
            epcis = read_json_member(tar, "data/epci.json")

    if pkg.get("version") != VERSION:
        sys.exit(f"unexpected package version {pkg.get('version')}")

    # commune INSEE code -> EPCI SIREN (a commune belongs to at most one EPCI à fiscalité propre)
    epci_of: dict[str, str] = {}
    for e in epcis:
        for m in e["membres"]:
            if m["code"] in epci_of:
                sys.exit(f"commune {m['code']} in two EPCI: {epci_of[m['code']]}, {e['code']}")
            epci_of[m["code"]] = e["code"]

    actuelles = sorted(
        (c for c in communes if c["type"] == "commune-actuelle"), key=lambda c: c["code"]
    )
    france = [commune_record(c, epci_of) for c in actuelles]
    codes_france = {c["code"] for c in france}
    missing = sorted(set(epci_of) - codes_france)
    if missing:
        sys.exit(f"EPCI members that are not current communes: {missing[:10]}")
    communes_53 = [c for c in france if c["departement"] == DEPARTEMENT]
    codes_53 = {c["code"] for c in communes_53}

    epci_france = []
    for e in sorted(epcis, key=lambda e: e["code"]):
        epci_france.append({
            "code": e["code"],
            "nom": e["nom"],
            "type": e["type"],
            "membres": sorted(m["code"] for m in e["membres"]),
        })
    epci_53 = [
        {**e, "membres_53": [m for m in e["membres"] if m in codes_53]}
        for e in epci_france
        if any(m in codes_53 for m in e["membres"])
    ]

    # Sanity checks
    errors = []
    if len(communes_53) != EXPECTED_COMMUNES_53:
        errors.append(f"communes 53: {len(communes_53)} != {EXPECTED_COMMUNES_53}")
    if len(france) != EXPECTED_COMMUNES_FRANCE:
        errors.append(f"communes France: {len(france)} != {EXPECTED_COMMUNES_FRANCE}")
    sans_epci_53 = [c["code"] for c in communes_53 if c["epci"] is None]
    if sans_epci_53:
        errors.append(f"communes of 53 without EPCI: {sans_epci_53}")
    if errors:
        sys.exit("\n".join(errors))

    OUT.mkdir(parents=True, exist_ok=True)
    write_pretty(OUT / "communes-53.json", communes_53)
    write_pretty(OUT / "epci-53.json", epci_53)
    write_gzip(OUT / "communes-france.json.gz", france)
    write_gzip(OUT / "epci-france.json.gz", epci_france)

    hors_53 = [e for e in epci_53 if len(e["membres_53"]) < len(e["membres"])]
    sans_epci_france = [c["code"] for c in france if c["epci"] is None]
    counts = {
        "communes-53.json": f"{len(communes_53)} communes",
        "epci-53.json": f"{len(epci_53)} EPCI ({sum(len(e['membres_53']) for e in epci_53)} communes de la Mayenne)",
        "communes-france.json.gz": f"{len(france)} communes ({len(sans_epci_france)} sans EPCI à fiscalité "
                                   "propre : collectivités d'outre-mer, îles mono-communales)",
        "epci-france.json.gz": f"{len(epci_france)} EPCI",
    }
    write_source_md(pkg, counts, epci_53, hors_53)

    for name, count in counts.items():
        print(f"{name}: {count}")
    print("EPCI de la Mayenne (SIREN, type, nom, membres total / dans le 53):")
    for e in epci_53:
        print(f"  {e['code']}  {e['type']:<3} {e['nom']}  {len(e['membres'])}/{len(e['membres_53'])}")
    return 0


def write_source_md(pkg: dict, counts: dict, epci_53: list, hors_53: list) -> None:
    lines = [
        "# data/territoires — source",
        "",
        "Fichiers générés par `scripts/extract_territoires.py` : ne pas les modifier à la main.",
        "",
        "## Source",
        "",
        f"- Paquet npm `{PACKAGE}` version **{VERSION}** (intégrité `{INTEGRITY}`),",
        "  dépôt https://github.com/datagouv/decoupage-administratif.",
        "- Millésime : **2026** (tableau « Millésimes et versions de package » du README du paquet :",
        "  2026 → 6.0.0).",
        "- Sources amont citées par le paquet : Code officiel géographique (COG) de l'INSEE ;",
        "  liste et composition des EPCI à fiscalité propre de la DGCL (`epcicom2026.xlsx`) ;",
        "  populations légales de l'INSEE ; base officielle des codes postaux (La Poste).",
        "- `population` = population municipale telle que donnée par le champ `population` du paquet",
        "  (null si le paquet n'en donne pas : quelques collectivités d'outre-mer).",
        "- `epci` d'une commune = SIREN de l'EPCI à fiscalité propre dont `data/epci.json` la liste",
        "  comme membre (null si aucun).",
        "",
        "## Licence",
        "",
        f"- Code du paquet : {pkg.get('license', 'MIT')}.",
        "- Données : Licence Ouverte / Open Licence (Etalab), selon le README du paquet.",
        "",
        "## Extraction",
        "",
        f"- Date : {EXTRACTION_DATE}.",
        "- Régénérer (depuis la racine du dépôt, `npm` requis, aucune dépendance Python) :",
        "",
        "  ```sh",
        "  python3 scripts/extract_territoires.py",
        "  ```",
        "",
        "  Le script télécharge le tarball par `npm pack` dans un dossier temporaire, vérifie son",
        "  intégrité, lit `data/communes.json` et `data/epci.json`, et réécrit les fichiers ci-dessous",
        "  (octet pour octet identiques d'une exécution à l'autre ; gzip avec mtime=0).",
        "",
        "## Contenu",
        "",
    ]
    for name, count in counts.items():
        lines.append(f"- `{name}` : {count}")
    lines += [
        "",
        "Format d'une commune : `{code (INSEE), nom, codes_postaux, population, epci (SIREN|null),"
        " departement}`, triées par code. Format d'un EPCI : `{code (SIREN), nom, type (CC, CA, CU,"
        " METRO, MET69), membres (codes INSEE de toutes ses communes)}`, plus `membres_53` dans"
        " `epci-53.json`, triés par code.",
        "",
        "EPCI de la Mayenne débordant du département :",
        "",
    ]
    for e in hors_53:
        autres = [m for m in e["membres"] if m not in e["membres_53"]]
        lines.append(
            f"- {e['nom']} ({e['code']}) : {len(e['membres_53'])} commune(s) du 53"
            f" ({', '.join(e['membres_53'])}) sur {len(e['membres'])} ; {len(autres)} hors 53."
        )
    (OUT / "SOURCE.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
