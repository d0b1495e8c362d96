"""Session lifecycle: create, find by code, change state, delete; participants join."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wizard.ateliers import codes
from wizard.models import (
    Atelier,
    AtelierConnaissance,
    AtelierIdee,
    AtelierParcours,
    AtelierParticipant,
    AtelierReponseStructures,
)

#: The activities a session may switch on, in the order participants see them.
ACTIVITES = {
    "besoins": "Mes besoins",
    "structures": "Les structures que je connais",
    "idees": "Idées",
}
#: The seed's ateliers asked these (Atelier 1 and Atelier 2 of the survey's restitution).
QUESTIONS_PAR_DEFAUT = ("Quels besoins ne sont pas couverts ?", "Comment mieux faire connaître les acteurs ?")
#: What each state change does, and which states it starts from.
TRANSITIONS = {
    "ouvrir": ("ouvert", ("pause", "clos")),
    "pause": ("pause", ("ouvert",)),
    "clore": ("clos", ("ouvert", "pause")),
}
ROLES = {"elu": "Élu ou élue", "agent": "Agent ou agente"}


class RefusAtelier(Exception):
    """The session does not take this answer now (paused or closed); the message says why."""


@dataclass(frozen=True)
class Creation:
    """A new session and the management secret to show once."""

    atelier: Atelier
    secret: str


def creer(session: Session, titre: str, date: dt.date, territoire_type: str, territoire_codes: Sequence[str],
          activites: Sequence[str], questions: Sequence[str], proprietaire_id: int | None = None) -> Creation:
    """Create an open session with a fresh join code; only the secret's hash is kept."""
    secret = codes.nouveau_secret()
    for _ in range(10):
        code = codes.nouveau_code()
        if session.scalar(select(Atelier.id).where(Atelier.code == code)) is None:
            break
    else:  # pragma: no cover - 10 collisions in 887 million codes
        raise RuntimeError("aucun code libre")
    atelier = Atelier(code=code, titre=titre.strip(), date=date, territoire_type=territoire_type,
                      territoire_codes=list(territoire_codes), activites=[a for a in ACTIVITES if a in activites],
                      questions=[q.strip() for q in questions if q.strip()], etat="ouvert",
                      secret_hash=codes.empreinte(secret), proprietaire_id=proprietaire_id)
    session.add(atelier)
    session.flush()
    return Creation(atelier, secret)


def par_code(session: Session, saisie: str | None) -> Atelier | None:
    """The session of a code as typed, or None (unknown or malformed)."""
    code = codes.normaliser(saisie)
    return session.scalar(select(Atelier).where(Atelier.code == code)) if code else None


def de_proprietaire(session: Session, utilisateur_id: int) -> list[Atelier]:
    """The sessions a partner account created, most recent first."""
    return list(session.scalars(select(Atelier).where(Atelier.proprietaire_id == utilisateur_id)
                                .order_by(Atelier.date.desc(), Atelier.id.desc())))


def changer_etat(atelier: Atelier, action: str) -> bool:
    """Apply ``action`` (ouvrir, pause, clore); False when it does not apply to the current state."""
    cible, depuis = TRANSITIONS.get(action, (None, ()))
    if cible is None or atelier.etat not in depuis:
        return False
    atelier.etat = cible
    return True


def supprimer(session: Session, atelier: Atelier) -> None:
    """Delete the session and every answer (explicitly: SQLite may run without cascading foreign keys)."""
    for model in (AtelierIdee, AtelierConnaissance, AtelierReponseStructures, AtelierParcours, AtelierParticipant):
        session.execute(delete(model).where(model.atelier_id == atelier.id))
    session.execute(delete(Atelier).where(Atelier.id == atelier.id))


def verifier_ouvert(atelier: Atelier) -> None:
    """Raise RefusAtelier with the French reason when the session takes no answer."""
    if atelier.etat == "pause":
        raise RefusAtelier("L'atelier est en pause : l'animateur le rouvrira dans un instant. "
                           "Vos réponses déjà envoyées sont conservées.")
    if atelier.etat == "clos":
        raise RefusAtelier("L'atelier est clos : il ne reçoit plus de réponses. "
                           "Les réponses déjà envoyées sont conservées.")


def participant(session: Session, atelier: Atelier, jeton: str | None) -> AtelierParticipant | None:
    """The participant of this session holding ``jeton``, or None."""
    if not jeton:
        return None
    return session.scalar(select(AtelierParticipant).where(AtelierParticipant.jeton == jeton,
                                                           AtelierParticipant.atelier_id == atelier.id))


def rejoindre(session: Session, atelier: Atelier, jeton: str, prenom: str | None, commune: str | None,
              role: str | None) -> AtelierParticipant:
    """Join the session under ``jeton`` (minted with the join form: the same form sent twice joins once)."""
    verifier_ouvert(atelier)
    found = participant(session, atelier, jeton)
    if found is not None:
        return found
    nouveau = AtelierParticipant(atelier_id=atelier.id, jeton=jeton,
                                 prenom=(prenom or "").strip() or None, commune=commune or None,
                                 role=role if role in ROLES else None)
    try:
        with session.begin_nested():
            session.add(nouveau)
    except IntegrityError:
        # The same form posted twice at once: the other request created it.
        found = participant(session, atelier, jeton)
        if found is None:
            raise
        return found
    return nouveau
