"""What participants send: finished parcours, structures they know, ideas. Every write is idempotent."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wizard.ateliers import codes
from wizard.ateliers.services import verifier_ouvert
from wizard.models import (
    Atelier,
    AtelierConnaissance,
    AtelierIdee,
    AtelierParcours,
    AtelierParticipant,
    AtelierReponseStructures,
)
from wizard.orientation.service import Orientation
from wizard.pilotage.couverture import non_couvert

IDEE_MAX = 500


def enregistrer_parcours(session: Session, atelier: Atelier, qui: AtelierParticipant,
                         answers: Mapping[str, Sequence[str]], orientation: Orientation) -> bool:
    """Record a finished parcours once per participant and answer set; True when newly recorded."""
    verifier_ouvert(atelier)
    canon = json.dumps({k: sorted(v) for k, v in sorted(answers.items())}, ensure_ascii=False)
    empreinte = codes.empreinte(canon)
    if session.scalar(select(AtelierParcours.id).where(AtelierParcours.participant_id == qui.id,
                                                       AtelierParcours.empreinte == empreinte)) is not None:
        return False
    d = orientation.demande
    row = AtelierParcours(atelier_id=atelier.id, participant_id=qui.id, empreinte=empreinte,
                          thematiques=sorted(d.thematiques), besoin=d.besoin, stade=d.stade,
                          type_collectivite=d.type_collectivite, commune=d.commune,
                          structures=[r.structure.slug for r in orientation.appels if not r.repli],
                          non_couvert=non_couvert(orientation.recommandations))
    return _inserer(session, row)


def _inserer(session: Session, row) -> bool:
    """Insert, treating a unique-constraint clash (the same answer sent twice at once) as done."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True


def connues(session: Session, qui: AtelierParticipant) -> set[str]:
    """The keys this participant ticked."""
    return set(session.scalars(select(AtelierConnaissance.structure_slug)
                               .where(AtelierConnaissance.participant_id == qui.id)))


def enregistrer_connues(session: Session, atelier: Atelier, qui: AtelierParticipant, cles: Iterable[str],
                        permises: Iterable[str]) -> None:
    """Replace the participant's ticks by ``cles`` (those listed only): sending again updates, never adds."""
    verifier_ouvert(atelier)
    permises = set(permises)
    voulues = {c for c in cles if c in permises}
    session.execute(delete(AtelierConnaissance).where(AtelierConnaissance.participant_id == qui.id,
                                                      AtelierConnaissance.structure_slug.not_in(voulues)))
    for cle in sorted(voulues - connues(session, qui)):
        _inserer(session, AtelierConnaissance(atelier_id=atelier.id, participant_id=qui.id, structure_slug=cle))
    if session.scalar(select(AtelierReponseStructures.id)
                      .where(AtelierReponseStructures.participant_id == qui.id)) is None:
        _inserer(session, AtelierReponseStructures(atelier_id=atelier.id, participant_id=qui.id))


def proposer_idee(session: Session, atelier: Atelier, qui: AtelierParticipant, question: int, texte: str) -> bool:
    """Store an idea for moderation; the same text sent twice to the same question is kept once."""
    verifier_ouvert(atelier)
    texte = " ".join(texte.split())[:IDEE_MAX]
    empreinte = codes.empreinte(texte.casefold())
    if session.scalar(select(AtelierIdee.id).where(AtelierIdee.participant_id == qui.id,
                                                   AtelierIdee.question == question,
                                                   AtelierIdee.empreinte == empreinte)) is not None:
        return False
    return _inserer(session, AtelierIdee(atelier_id=atelier.id, participant_id=qui.id, question=question,
                                         texte=texte, empreinte=empreinte))


def idees(session: Session, atelier: Atelier, moderation: str | None = None) -> list[AtelierIdee]:
    """The session's ideas (of one moderation state when given), oldest first."""
    query = select(AtelierIdee).where(AtelierIdee.atelier_id == atelier.id)
    if moderation:
        query = query.where(AtelierIdee.moderation == moderation)
    return list(session.scalars(query.order_by(AtelierIdee.id)))


def moderer(session: Session, atelier: Atelier, idee_id: int, decision: str) -> bool:
    """Approve or refuse one idea of this session; False if it is not one of its ideas."""
    idee = session.get(AtelierIdee, idee_id)
    if idee is None or idee.atelier_id != atelier.id or decision not in ("approuvee", "refusee", "en_attente"):
        return False
    idee.moderation = decision
    return True
