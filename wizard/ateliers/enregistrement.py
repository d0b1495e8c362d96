"""Recording a parcours finished with ``?atelier=CODE``: the results page announces what happened."""
from __future__ import annotations

from flask import Flask, url_for

from wizard.ateliers import presence, reponses, services
from wizard.db import get_session
from wizard.orientation.marqueur import Annonce, resultats_servis


@resultats_servis.connect
def enregistrer(app: Flask, marqueur: str, answers, orientation) -> Annonce | None:
    """Record the shortlist against the session (once per answer set) and say so above it."""
    session = get_session()
    atelier = services.par_code(session, marqueur)
    if atelier is None:
        return Annonce("Ce lien mentionne un atelier qui n'existe pas (ou plus) : ce parcours n'est enregistré "
                       "nulle part.", "warning")
    retour = url_for("ateliers.participer", code=atelier.code)
    qui = presence.participant_courant(atelier)
    if qui is None:
        return Annonce(f"Pour que ce parcours compte dans l'atelier « {atelier.titre} », rejoignez-le d'abord.",
                       "warning", retour, "Rejoindre l'atelier")
    try:
        nouveau = reponses.enregistrer_parcours(session, atelier, qui, answers, orientation)
    except services.RefusAtelier as refus:
        return Annonce(f"{refus} Ce parcours n'a pas été ajouté.", "warning", retour, "Retour à l'atelier")
    session.commit()
    texte = "Votre parcours est enregistré, anonymement," if nouveau else "Ce parcours est déjà enregistré"
    return Annonce(f"{texte} dans l'atelier « {atelier.titre} ». Gardez cette page : son adresse est votre "
                   "liste.", "success", retour, "Retour à l'atelier")
