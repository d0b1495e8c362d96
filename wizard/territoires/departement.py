"""The département a deployment serves, read from data/territoire.yaml (never written in code)."""
from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from wizard.territoires.reference import Departement

FILE = "territoire.yaml"


def load_departement(data_dir: Path) -> Departement:
    """The served département; a missing file or key stops the start-up with a French message."""
    path = data_dir / FILE
    try:
        with path.open(encoding="utf-8") as fh:
            raw = (YAML(typ="safe").load(fh) or {}).get("departement") or {}
        services = raw.get("services_etat") or {}
        return Departement(code=str(raw["code"]), nom=str(raw["nom"]), avec_article=str(raw["avec_article"]),
                           en=str(raw["en"]), tout=str(raw["tout"]),
                           prefecture=str(services["prefecture"]), prefet_logo=tuple(services["logo"]),
                           ddt=str(services["ddt"]), services_etat=str(services["nom"]),
                           site_prefecture=services.get("site"), service=str(raw["service"]),
                           exemples_structures=str(raw.get("exemples_structures") or ""))
    except (OSError, KeyError, AttributeError, TypeError) as exc:
        raise SystemExit(f"{path} : le département servi (departement: code, nom, avec_article, en, tout, service, "
                         f"services_etat: nom, prefecture, logo, ddt) est absent ou incomplet ({exc}).") from None
