"""A session as CSV: one row per answer (a finished parcours, a structure known, an idea)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.models import Atelier, AtelierConnaissance, AtelierIdee, AtelierParcours, AtelierParticipant
from wizard.web.tableur import csv_text

COLONNES = ("activite", "participant", "role", "commune_participant", "horodatage", "thematiques", "type_aide",
            "stade", "commune_demande", "structures_recommandees", "besoin_non_couvert", "structure_connue",
            "question", "idee", "moderation")


def lignes(session: Session, atelier: Atelier) -> list[dict[str, object]]:
    """The answers as rows; a participant is their rank of arrival (no first name leaves the session)."""
    participants = session.execute(select(AtelierParticipant.id, AtelierParticipant.role, AtelierParticipant.commune)
                                   .where(AtelierParticipant.atelier_id == atelier.id)
                                   .order_by(AtelierParticipant.id)).all()
    rang = {pid: (i, role, commune) for i, (pid, role, commune) in enumerate(participants, start=1)}
    rows: list[dict[str, object]] = []

    def base(activite: str, pid: int, quand) -> dict[str, object]:
        numero, role, commune = rang.get(pid, (None, None, None))
        return {"activite": activite, "participant": numero, "role": role, "commune_participant": commune,
                "horodatage": quand.isoformat(timespec="seconds") if quand else None}

    for p in session.scalars(select(AtelierParcours).where(AtelierParcours.atelier_id == atelier.id)
                             .order_by(AtelierParcours.id)):
        rows.append(base("besoins", p.participant_id, p.cree_le) | {
            "thematiques": list(p.thematiques), "type_aide": p.besoin, "stade": p.stade, "commune_demande": p.commune,
            "structures_recommandees": list(p.structures), "besoin_non_couvert": "oui" if p.non_couvert else "non"})
    for c in session.scalars(select(AtelierConnaissance).where(AtelierConnaissance.atelier_id == atelier.id)
                             .order_by(AtelierConnaissance.id)):
        rows.append(base("structures", c.participant_id, None) | {"structure_connue": c.structure_slug})
    questions = list(atelier.questions or ())
    for i in session.scalars(select(AtelierIdee).where(AtelierIdee.atelier_id == atelier.id)
                             .order_by(AtelierIdee.id)):
        rows.append(base("idees", i.participant_id, i.cree_le) | {
            "question": questions[i.question] if 0 <= i.question < len(questions) else i.question,
            "idee": i.texte, "moderation": i.moderation})
    return rows


def csv_texte(rows: list[dict[str, object]]) -> str:
    """UTF-8 CSV text with a BOM (spreadsheets open it as is), cells safe from formula injection."""
    return csv_text(rows, COLONNES, bom=True)
