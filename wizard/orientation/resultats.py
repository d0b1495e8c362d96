"""The results page: the ordered shortlist for complete answers, a permalink, printable."""
from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for

from wizard.db import get_session
from wizard.orientation import bp
from wizard.orientation.etat import (
    Liens,
    contexte,
    etat_courant,
    grouped,
    query_too_long,
    rules,
    step_url,
)
from wizard.page_cache import cached_get
from wizard.parcours_engine import recommendation_answers, summary
from wizard.services.orientation import recommander
from wizard.services.parcours_actif import version_courante


@bp.get("/parcours/resultats")
@cached_get(version_courante)
def resultats():
    """The 3–6 structures to call, in order, with why, conditions, contacts and what to prepare."""
    if query_too_long():
        return redirect(url_for("orientation.start"))
    parcours, terr = contexte()
    state = etat_courant(parcours, terr)
    if not state.complete:
        # A shortened or tampered link: finish the missing answer first (its error is shown there).
        if state.current not in state.errors:
            flash("Il manque une réponse pour afficher les structures à contacter.", "info")
        return redirect(step_url(parcours, state.current, state, keep_refused=True))
    if state.dropped:
        return redirect(url_for("orientation.resultats", **grouped(state.query())))
    orientation = recommander(get_session(), rules(), terr, recommendation_answers(parcours, state))
    verification = next((s for s in state.path if parcours.steps[s].kind == "verification"), state.path[-1])
    rows = summary(parcours, state, terr.lookup)
    # Always the full page: the results are reached by a plain link (their own layout, print sheet).
    response = make_response(render_template(
        "orientation/resultats.html", orientation=orientation, rows=rows,
        modifier_url=Liens(parcours, state).step(verification), permalien=request.url,
        restart_url=url_for("orientation.start")))
    response.headers.add("Vary", "HX-Request")
    return response
