"""Direct requests: create, route, act on (take charge, answer, re-route, close), remind, purge.

Typed functions taking a session; they never commit (the request or the command owns the
transaction) and know nothing of Flask: e-mails are composed by ``notifications``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wizard.models import Courriel, Demande, DemandeEvenement, Structure, Utilisateur, utilisateur_structure
from wizard.models.suggestion import utcnow

#: Statuses on which a partner still has something to do (reminders, "à traiter" filter).
EN_ATTENTE = ("envoyee", "reorientee")


class ActionRefusee(ValueError):
    """An action that does not fit the request's current status (the message is for the user)."""


@dataclass(frozen=True)
class Pieces:
    """What the request carries from the sender's parcours, when it came from a result page."""

    reponses: list[dict[str, Any]] = field(default_factory=list)
    permalien: str | None = None
    thematiques: list[str] = field(default_factory=list)
    besoin: str | None = None
    non_couvert: bool = False
    commune: str | None = None
    territoire_code: str | None = None


@dataclass(frozen=True)
class Saisie:
    """What the sender typed in the form."""

    nom: str
    fonction: str
    commune: str
    email: str | None
    telephone: str | None
    message: str


def token_hash(token: str) -> str:
    """Only this digest of a tracking token is stored: a database leak does not open the requests."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def partenaires(session: Session, structure: Structure | None) -> list[Utilisateur]:
    """The active accounts attached to ``structure`` (its partners)."""
    if structure is None:
        return []
    return list(session.scalars(
        select(Utilisateur).join(utilisateur_structure, utilisateur_structure.c.utilisateur_id == Utilisateur.id)
        .where(utilisateur_structure.c.structure_id == structure.id, Utilisateur.actif.is_(True))
        .order_by(Utilisateur.email)))


def referents(session: Session) -> list[Utilisateur]:
    """The DDT's referents (active admins): they receive what no partner account can."""
    return list(session.scalars(select(Utilisateur).where(Utilisateur.role == "admin", Utilisateur.actif.is_(True))
                                .order_by(Utilisateur.email)))


def destinataires(session: Session, structure: Structure | None) -> tuple[list[Utilisateur], bool]:
    """Who a request for ``structure`` goes to, and whether they are its own partners (else the referents)."""
    own = partenaires(session, structure)
    return (own, True) if own else (referents(session), False)


def creer(session: Session, structure: Structure, saisie: Saisie, pieces: Pieces | None,
          now: dt.datetime | None = None) -> tuple[Demande, str]:
    """Store a new request; returns it with the clear tracking token (shown once, never stored)."""
    now = now or utcnow()
    pieces = pieces or Pieces()
    token = secrets.token_urlsafe(24)
    demande = Demande(
        token_hash=token_hash(token), structure=structure, nom=saisie.nom.strip(), fonction=saisie.fonction.strip(),
        commune=saisie.commune.strip(), territoire_code=pieces.territoire_code,
        email=(saisie.email or "").strip() or None, telephone=(saisie.telephone or "").strip() or None,
        message=saisie.message.strip(), reponses=list(pieces.reponses), permalien=pieces.permalien,
        thematiques=list(pieces.thematiques), besoin=pieces.besoin, non_couvert=pieces.non_couvert,
        statut="envoyee", cree_le=now, derniere_action_le=now)
    demande.evenements.append(DemandeEvenement(quand=now, action="envoi", structure_apres=structure.nom))
    session.add(demande)
    session.flush()
    return demande, token


def par_jeton(session: Session, token: str) -> Demande | None:
    """The request behind a private tracking link (None for an unknown or mangled token)."""
    if not token or len(token) > 100:
        return None
    return session.scalar(select(Demande).where(Demande.token_hash == token_hash(token)))


def peut_traiter(user: Utilisateur, demande: Demande) -> bool:
    """Admins (the DDT's referents) act on every request; a partner on those of their structures."""
    return user.is_admin or (demande.structure is not None and user.can_edit(demande.structure))


def boite(session: Session, user: Utilisateur, statut: str | None = None) -> list[Demande]:
    """The requests ``user`` may handle, newest first, optionally with one status ("a_traiter": pending)."""
    query = select(Demande).order_by(Demande.cree_le.desc(), Demande.id.desc())
    if not user.is_admin:
        query = query.where(Demande.structure_id.in_([s.id for s in user.structures] or [-1]))
    if statut == "a_traiter":
        query = query.where(Demande.statut.in_(EN_ATTENTE))
    elif statut:
        query = query.where(Demande.statut == statut)
    return list(session.scalars(query))


def _evenement(demande: Demande, action: str, auteur: Utilisateur | None, now: dt.datetime,
               texte: str | None = None, avant: str | None = None, apres: str | None = None) -> DemandeEvenement:
    event = DemandeEvenement(quand=now, action=action, auteur=auteur.email if auteur else None,
                             texte=(texte or "").strip() or None, structure_avant=avant, structure_apres=apres)
    demande.evenements.append(event)
    if auteur is not None:
        demande.derniere_action_le = now
    return event


def _ouverte(demande: Demande) -> None:
    if demande.statut == "close":
        raise ActionRefusee("Cette demande est close : rouvrez-en une autre si besoin.")


def prendre_en_charge(demande: Demande, auteur: Utilisateur, now: dt.datetime | None = None) -> DemandeEvenement:
    """Tell the sender someone has it in hand."""
    _ouverte(demande)
    if demande.statut not in EN_ATTENTE:
        raise ActionRefusee("Cette demande est déjà prise en charge.")
    demande.statut = "prise_en_charge"
    return _evenement(demande, "prise_en_charge", auteur, now or utcnow())


def repondre(demande: Demande, auteur: Utilisateur, texte: str, now: dt.datetime | None = None) -> DemandeEvenement:
    """Answer the sender (shown on the tracking page, e-mailed when possible)."""
    _ouverte(demande)
    if not texte.strip():
        raise ActionRefusee("Écrivez votre réponse.")
    demande.statut = "repondue"
    return _evenement(demande, "reponse", auteur, now or utcnow(), texte)


def reorienter(demande: Demande, auteur: Utilisateur, vers: Structure, motif: str,
               now: dt.datetime | None = None) -> DemandeEvenement:
    """Send the request on to another structure, saying why."""
    _ouverte(demande)
    if demande.structure_id == vers.id:
        raise ActionRefusee("La demande est déjà adressée à cette structure : choisissez-en une autre.")
    if not motif.strip():
        raise ActionRefusee("Indiquez le motif de la réorientation : il est montré au demandeur.")
    avant = demande.structure.nom if demande.structure else None
    demande.structure = vers
    demande.statut = "reorientee"
    return _evenement(demande, "reorientation", auteur, now or utcnow(), motif, avant, vers.nom)


def clore(demande: Demande, auteur: Utilisateur, texte: str | None = None,
          now: dt.datetime | None = None) -> DemandeEvenement:
    """Close the request (nothing more to do), with an optional last word."""
    _ouverte(demande)
    demande.statut = "close"
    return _evenement(demande, "cloture", auteur, now or utcnow(), texte)


def a_relancer(session: Session, now: dt.datetime, jours: int) -> list[Demande]:
    """Pending requests nobody acted on for ``jours`` days, and not reminded within that time."""
    limite = now - dt.timedelta(days=jours)
    return list(session.scalars(
        select(Demande).where(Demande.statut.in_(EN_ATTENTE), Demande.derniere_action_le <= limite,
                              (Demande.relancee_le.is_(None)) | (Demande.relancee_le <= limite))
        .order_by(Demande.id)))


def marquer_relancee(demande: Demande, now: dt.datetime) -> None:
    """Record the reminder (it is not a person's action: the request stays late)."""
    demande.relancee_le = now
    _evenement(demande, "relance", None, now)


def purger(session: Session, now: dt.datetime, jours: int) -> int:
    """Delete the requests (with their history and e-mails) whose last action is older than ``jours`` days."""
    limite = now - dt.timedelta(days=jours)
    ids: Sequence[int] = list(session.scalars(select(Demande.id).where(Demande.derniere_action_le < limite)))
    if not ids:
        return 0
    session.execute(delete(Courriel).where(Courriel.demande_id.in_(ids)))
    session.execute(delete(DemandeEvenement).where(DemandeEvenement.demande_id.in_(ids)))
    session.execute(delete(Demande).where(Demande.id.in_(ids)))
    return len(ids)
