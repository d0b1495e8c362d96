"""Data quality dashboard: completeness per fiche, oldest verifications, what to complete first."""
from __future__ import annotations

import datetime as dt

from flask import render_template
from sqlalchemy import func, select

from wizard.admin import bp
from wizard.admin.access import visible_structures
from wizard.annuaire.completude import completude
from wizard.db import get_session
from wizard.models import Suggestion


@bp.get("/qualite")
def qualite_list():
    """Every visible fiche, least complete first, with what is missing."""
    structures = visible_structures()
    pending = dict(get_session().execute(
        select(Suggestion.structure_id, func.count()).where(Suggestion.statut == "en_attente")
        .group_by(Suggestion.structure_id)).all())
    # Least complete first; among equals, the longest unverified first.
    rows = sorted(((s, completude(s), pending.get(s.id, 0)) for s in structures),
                  key=lambda r: (r[1].score, r[0].verifie_le or dt.date.min, r[0].nom))
    dated = [s for s in structures if s.verifie_le]
    oldest = min(dated, key=lambda s: s.verifie_le) if dated else None
    average = round(sum(r[1].score for r in rows) / len(rows)) if rows else None
    return render_template("admin/qualite.html", rows=rows, oldest=oldest, average=average,
                           never_verified=[s for s in structures if not s.verifie_le])
