"""Field-by-field differences between two fiches (data-file shape), labelled in French."""
from __future__ import annotations

from typing import Any

LABELS = {
    "nom": "Nom", "sigle": "Sigle", "categorie": "Catégorie", "nature": "Nature juridique",
    "presentation": "Présentation", "site_web": "Site web", "siege_commune": "Commune du siège (code INSEE)",
    "niveau": "Niveau d'intervention", "faits_sources": "Sources de la présentation",
    "anciens_slugs": "Anciens identifiants", "interne": "Notes internes",
    "confiance": "Confiance", "a_verifier": "À vérifier", "pistes": "Pistes",
    "libelle": "Libellé", "telephone": "Téléphone", "email": "Adresse électronique", "adresse": "Adresse postale",
    "formulaire": "Formulaire de contact", "page_contact": "Page contact",
    "source": "Source", "id": "Identifiant", "editeur": "Éditeur", "url": "Adresse web", "date": "Date",
    "consulte_le": "Consultée le", "copie_consultee": "Copie consultée",
    "role": "Rôle", "profils": "Profils", "population_min": "Population minimale", "eligibilite": "Éligibilité",
    "competence": "Compétence exercée", "mots_cles": "Mots qui précisent l'offre", "formation": "Formation",
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
    for key in ("nom", "sigle", "categorie", "niveau", "nature", "presentation", "site_web", "siege_commune",
                "faits_sources", "anciens_slugs"):
        out[key] = (LABELS[key], _text(fiche.get(key)))
    for key, value in (fiche.get("interne") or {}).items():
        out[f"interne.{key}"] = (f"Notes internes · {LABELS.get(key, key)}", _text(value))
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
