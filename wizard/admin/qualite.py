"""Data quality dashboard: what each fiche still lacks (channels first), its oldest and newest facts,
most-recommended structures first: the partners' to-do list."""
from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import func, select

from wizard.admin import bp
from wizard.admin.access import visible_structures
from wizard.admin.frequence import frequence_recommandation
from wizard.annuaire.completude import completude
from wizard.db import get_session
from wizard.models import Suggestion
from wizard.runtime.active_parcours import current_rules
from wizard.territoires.memoire import territoires


@bp.get("/qualite")
def qualite_list():
    """Every visible fiche, most often recommended first, with what is missing."""
    session = get_session()
    structures = visible_structures()
    pending = dict(session.execute(
        select(Suggestion.structure_id, func.count()).where(Suggestion.statut == "en_attente")
        .group_by(Suggestion.structure_id)).all())
    frequence = frequence_recommandation(session, current_rules(), territoires(current_app))
    rows = sorted(((s, completude(s), pending.get(s.id, 0), frequence.get(s.slug, 0)) for s in structures),
                  key=lambda r: (-r[3], r[1].score, r[0].nom))
    dated = [(s, src) for s in structures for src in s.sources if src.date]
    oldest = min(dated, key=lambda p: p[1].date) if dated else None
    average = round(sum(r[1].score for r in rows) / len(rows)) if rows else None
    reachable = sum(1 for s in structures if any(c.joignable for c in s.contacts))
    return render_template("admin/qualite.html", rows=rows, oldest=oldest, average=average, reachable=reachable,
                           total=len(structures), requetes=frequence.get("", 0))
