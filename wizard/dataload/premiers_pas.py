"""Check data/premiers-pas.yaml: the newcomers' guide, its priority structures and its sourced landmarks.

The guide only points at what the directory holds (a structure, one of its offers, or a page of
the service from a closed list), and every statement cites a declared source or is a plain
orientation towards a fiche. So a renamed offer or a dropped structure fails here, with its line.
"""
from __future__ import annotations

from typing import Any

from wizard.dataload.validate import Checker

FILE = "premiers-pas.yaml"
#: Pages of the service a guide link may name (the view maps them to endpoints).
PAGES = ("parcours", "annuaire", "communes", "carte", "dispositifs", "se-former", "echanger", "premiers-pas")
#: Pages where a landmark (« repère ») is shown.
PAGES_REPERES = ("se-former", "echanger")
TOP_KEYS = ("sources", "etapes", "structures_prioritaires", "reperes")
ETAPE_KEYS = ("titre", "texte", "profils", "liens", "sources")
REPERE_KEYS = ("slug", "page", "titre", "texte", "profils", "liens", "sources")
PRIORITAIRE_KEYS = ("structure", "pourquoi")
LIEN_KEYS = ("structure", "offre", "page")


def check_premiers_pas(doc: Any, checker: Checker, offres: dict[str, set[str]]) -> None:
    """Check the guide; ``offres`` maps each structure slug to its offer slugs."""
    if not checker.mapping(doc, "premiers-pas", "le fichier"):
        return
    checker.keys(doc, TOP_KEYS, "premiers-pas")
    ids = checker.sources(doc, "premiers-pas")
    etapes = doc.get("etapes")
    if not isinstance(etapes, list) or not etapes:
        checker.error(doc, "etapes", "etapes", "au moins une étape est attendue")
        etapes = []
    for i, etape in enumerate(etapes):
        _check_item(etape, f"etapes[{i}]", ETAPE_KEYS, checker, ids, offres)
    seen: set[str] = set()
    for i, repere in enumerate(doc.get("reperes") or []):
        path = f"reperes[{i}]"
        if _check_item(repere, path, REPERE_KEYS, checker, ids, offres):
            if checker.slug(repere, path) and repere["slug"] in seen:
                checker.error(repere, "slug", f"{path}.slug", f"identifiant en double : « {repere['slug']} »")
            seen.add(str(repere.get("slug")))
            checker.one_of(repere, "page", path, PAGES_REPERES)
            checker.cited(repere, "sources", path, ids)
    for i, item in enumerate(doc.get("structures_prioritaires") or []):
        path = f"structures_prioritaires[{i}]"
        if not checker.mapping(item, path, "une structure prioritaire"):
            continue
        checker.keys(item, PRIORITAIRE_KEYS, path)
        checker.required_text(item, "pourquoi", path)
        checker.public_texts({"texte": item.get("pourquoi")}, path)
        if item.get("structure") not in offres:
            checker.error(item, "structure", f"{path}.structure", f"structure inconnue : « {item.get('structure')} »")


def _check_item(item: Any, path: str, keys: tuple[str, ...], checker: Checker, ids: set[str],
                offres: dict[str, set[str]]) -> bool:
    """A step or a landmark: texts, profiles, links, cited sources (none for a plain orientation)."""
    if not checker.mapping(item, path, "un élément du guide"):
        return False
    checker.keys(item, keys, path)
    checker.required_text(item, "titre", path)
    checker.required_text(item, "texte", path)
    checker.public_texts(item, path)
    checker.slugs(item, "profils", path, "profils", required=True)
    liens = item.get("liens") or []
    sources = item.get("sources") or []
    if not liens and not sources:
        checker.error(item, "liens", f"{path}.liens",
                      "un repère sans source doit au moins orienter vers une fiche ou une page")
    checker.cited(item, "sources", path, ids, required=False)
    for j, lien in enumerate(liens):
        _check_lien(lien, f"{path}.liens[{j}]", checker, offres)
    return True


def _check_lien(lien: Any, path: str, checker: Checker, offres: dict[str, set[str]]) -> None:
    if not checker.mapping(lien, path, "un lien"):
        return
    checker.keys(lien, LIEN_KEYS, path)
    if "page" in lien:
        checker.one_of(lien, "page", path, PAGES)
        return
    structure = lien.get("structure")
    if structure not in offres:
        checker.error(lien, "structure", f"{path}.structure", f"structure inconnue : « {structure} »")
        return
    offre = lien.get("offre")
    if offre is not None and offre not in offres[structure]:
        checker.error(lien, "offre", f"{path}.offre", f"« {structure} » n'a pas d'offre « {offre} »")
