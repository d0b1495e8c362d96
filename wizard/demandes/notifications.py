"""The e-mails of a request, composed from text templates and queued in the outbox (wizard/courrier.py).

Links are absolute: inside a request they take its host; commands run inside a request context
built on URL_PUBLIQUE (see ``cli``).
"""
from __future__ import annotations

from flask import render_template, url_for
from sqlalchemy.orm import Session

from wizard import courrier
from wizard.demandes.service import destinataires
from wizard.models import Courriel, Demande, DemandeEvenement


def _queue(session: Session, to: list[str | None], template: str, sujet: str, demande: Demande,
           **context) -> Courriel | None:
    corps = render_template(f"demandes/courriels/{template}.txt", d=demande, **context)
    return courrier.mettre_en_attente(session, to, sujet, corps, demande.id)


def aux_destinataires(session: Session, demande: Demande, template: str = "nouvelle",
                      evenement: DemandeEvenement | None = None) -> Courriel | None:
    """Tell the structure's partners (or the DDT's referents) that a request awaits them."""
    comptes, propres = destinataires(session, demande.structure)
    sujets = {"nouvelle": "Nouvelle demande de contact", "relance": "Rappel : une demande attend une réponse"}
    return _queue(session, [c.email for c in comptes], template, f"{sujets.get(template, sujets['nouvelle'])} — "
                  f"{demande.commune}", demande, propres=propres, evenement=evenement,
                  lien=url_for("admin.demandes_detail", demande_id=demande.id, _external=True))


def accuse(session: Session, demande: Demande, token: str) -> Courriel | None:
    """The sender's copy, with the private tracking link (the only time the clear token exists)."""
    return _queue(session, [demande.email], "accuse", "Votre demande de contact a été envoyée", demande,
                  lien=url_for("demandes.suivi", token=token, _external=True))


def au_demandeur(session: Session, demande: Demande, evenement: DemandeEvenement) -> Courriel | None:
    """Tell the sender what happened (answer, re-routing, closing)."""
    sujets = {"reponse": "Réponse à votre demande de contact", "reorientation": "Votre demande a été réorientée",
              "cloture": "Votre demande de contact est close"}
    return _queue(session, [demande.email], "suite", sujets[evenement.action], demande, evenement=evenement)
