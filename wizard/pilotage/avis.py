"""Anonymous answers to "Cette liste vous aide-t-elle ?": stored with the day, the thématiques and the list shown."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from wizard.models import Avis


def enregistrer(session: Session, reponse: str, commentaire: str | None, thematiques: Sequence[str],
                structures: Sequence[str], jour: dt.date | None = None) -> Avis:
    """Store one answer (no time of day, nothing about the visitor); caller commits."""
    avis = Avis(jour=jour or dt.date.today(), reponse=reponse, commentaire=(commentaire or "").strip() or None,
                thematiques=sorted(set(thematiques)), structures=list(dict.fromkeys(structures)))
    session.add(avis)
    return avis
