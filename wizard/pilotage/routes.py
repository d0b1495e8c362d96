"""Public view of the steering: the "did it help?" answer posted from a result page (PRG back to it)."""
from __future__ import annotations

from flask import current_app, flash, redirect, url_for

from wizard.db import get_session
from wizard.extensions import limiter
from wizard.orientation.liens import grouped
from wizard.orientation.replay import contexte, etat_courant, query_too_long, rules
from wizard.orientation.routes import resultats_avis_refuse
from wizard.orientation.service import recommander
from wizard.parcours_engine import recommendation_answers
from wizard.pilotage import bp
from wizard.pilotage.avis import enregistrer
from wizard.pilotage.forms import AvisForm

MERCI = "Merci pour votre avis : il aide à améliorer ce service."


@bp.app_context_processor
def _avis_form():
    return {"avis_form": AvisForm}


def _limit() -> str:
    return current_app.config.get("AVIS_RATELIMIT", "30 per hour")


@bp.post("/avis")
@limiter.limit(_limit)
def avis():
    """Record the answer with the thématiques and structures of the result page it came from."""
    if query_too_long():
        return redirect(url_for("orientation.start"), code=303)
    parcours, terr = contexte()
    state = etat_courant(parcours, terr)
    if not state.complete:
        return redirect(url_for("orientation.start"), code=303)
    retour = url_for("orientation.resultats", **grouped(state.query()))
    form = AvisForm()
    if form.site_internet.data:
        flash(MERCI, "success")
        return redirect(retour + "#avis", code=303)
    if not form.validate_on_submit():
        # Shown again on the same page, with what was typed: a comment is never lost to a missing choice.
        return resultats_avis_refuse(form)
    orientation = recommander(get_session(), rules(), terr, recommendation_answers(parcours, state))
    enregistrer(get_session(), form.reponse.data, form.commentaire.data, sorted(orientation.demande.thematiques),
                [r.structure.slug for r in orientation.appels])
    get_session().commit()
    flash(MERCI, "success")
    return redirect(retour + "#avis", code=303)
