"""French labels of the closed lists of data/SCHEMA.md (categories, costs, confidence)."""
from __future__ import annotations

CATEGORIES = {
    "etat": "Service de l'État",
    "operateur-etat": "Opérateur de l'État",
    "collectivite": "Collectivité",
    "epci": "Intercommunalité",
    "syndicat": "Syndicat",
    "agence-departementale": "Agence départementale",
    "consulaire": "Chambre consulaire",
    "association": "Association",
    "entreprise-publique": "Entreprise publique",
    "autre": "Autre structure",
}

COUTS = {
    "gratuit": "Gratuit",
    "adhesion": "Sur adhésion",
    "payant": "Payant",
    "inconnu": "Coût non renseigné",
}

CONFIANCES = {"haute": "Élevée", "moyenne": "Moyenne", "faible": "Faible"}


def categorie(slug: str | None) -> str:
    """Label of a structure category (the slug itself when unknown)."""
    return CATEGORIES.get(slug or "", slug or "")


def cout(slug: str | None) -> str:
    """Label of an offer's cost model."""
    return COUTS.get(slug or "inconnu", slug or "")
