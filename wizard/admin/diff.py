"""Field-by-field differences between two fiches (data-file shape), labelled in French."""
from __future__ import annotations

from typing import Any

LABELS = {
    "nom": "Nom", "sigle": "Sigle", "categorie": "Catégorie", "nature": "Nature juridique",
    "presentation": "Présentation", "site_web": "Site web", "siege_commune": "Commune du siège (code INSEE)",
    "confiance": "Niveau de confiance", "verifie_le": "Vérifié le", "a_verifier": "À vérifier",
    "libelle": "Libellé", "telephone": "Téléphone", "email": "Adresse électronique", "adresse": "Adresse postale",
    "source": "Source", "url": "Adresse web", "date": "Date", "appuie": "Ce que la source appuie",
    "titre": "Titre", "description": "Description", "thematiques": "Thématiques", "besoins": "Types d'aide",
    "stades": "Stades du projet", "publics": "Publics", "population_max": "Population maximale",
    "territoire": "Territoire", "cout": "Coût", "conditions": "Conditions", "ne_fait_pas": "Ne fait pas",
    "a_preparer": "À préparer", "certitude": "Incertitudes", "sources": "Sources",
}


def _text(value: Any) -> str | None:
    """One comparable, displayable text per leaf (lists and small dicts inline)."""
    if value in (None, "", [], {}):
        return None
    if isinstance(value, list):
        return " ; ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):
        return ", ".join(f"{LABELS.get(k, k).lower()} : {_text(v)}" for k, v in value.items() if _text(v))
    return str(value)


def flatten(fiche: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    """path → (French label, text): scalars, then each contact, source and offer field."""
    out: dict[str, tuple[str, str | None]] = {}
    for key in ("nom", "sigle", "categorie", "nature", "presentation", "site_web", "siege_commune", "confiance",
                "verifie_le", "a_verifier"):
        out[key] = (LABELS[key], _text(fiche.get(key)))
    for i, contact in enumerate(fiche.get("contacts") or [], start=1):
        for key, value in contact.items():
            out[f"contacts[{i}].{key}"] = (f"Contact {i} · {LABELS.get(key, key)}", _text(value))
    for i, source in enumerate(fiche.get("sources") or [], start=1):
        for key, value in source.items():
            out[f"sources[{i}].{key}"] = (f"Source {i} · {LABELS.get(key, key)}", _text(value))
    for offre in fiche.get("offres") or []:
        slug = offre.get("slug")
        for key, value in offre.items():
            out[f"offres[{slug}].{key}"] = (f"Offre « {slug} » · {LABELS.get(key, key)}", _text(value))
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The changed leaves: [{"champ", "libelle", "avant", "apres"}], in a stable order."""
    old, new = flatten(before), flatten(after)
    changes = []
    for path in list(old) + [p for p in new if p not in old]:
        label = (new.get(path) or old.get(path))[0]
        a, b = old.get(path, (label, None))[1], new.get(path, (label, None))[1]
        if a != b:
            changes.append({"champ": path, "libelle": label, "avant": a, "apres": b})
    return changes
