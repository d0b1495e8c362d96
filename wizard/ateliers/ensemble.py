"""Several sessions at once: two compared side by side (by their codes), and every session of the
département together for the State services (administrators of the back-office)."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import func, select

from wizard.ateliers import bp, services
from wizard.ateliers.synthese import comparer
from wizard.ateliers.tableau import tableau, tableau_de
from wizard.auth.session import current_user
from wizard.db import get_session
from wizard.models import Atelier, AtelierParcours, AtelierParticipant


@bp.get("/ateliers/comparer")
def comparer_sessions():
    """Two sessions' figures side by side (anyone holding both codes: the dashboards are public by code)."""
    s = get_session()
    a, b = services.par_code(s, request.args.get("a")), services.par_code(s, request.args.get("b"))
    if a is None or b is None or a.id == b.id:
        erreur = ("Saisissez les codes de deux ateliers différents." if request.args else None)
        return render_template("ateliers/comparer.html", a=a, b=b, erreur=erreur,
                               saisie=(request.args.get("a", "")[:12], request.args.get("b", "")[:12])), \
            (400 if erreur else 200)
    taxonomy = current_app.extensions["taxonomy"]
    ta, tb = tableau(s, a, taxonomy), tableau(s, b, taxonomy)
    return render_template("ateliers/comparer.html", a=a, b=b, ta=ta, tb=tb, erreur=None, saisie=(a.code, b.code),
                           thematiques=comparer(ta.thematiques, tb.thematiques),
                           besoins=comparer(ta.besoins, tb.besoins), connues=comparer(ta.connues, tb.connues))


@bp.get("/ateliers/departement")
def departement():
    """Every session's figures together, and the list of sessions: for the State services only."""
    user = current_user()
    if user is None:
        return redirect(url_for("auth.connexion", suivant=request.full_path.rstrip("?")))
    if not user.is_admin:
        abort(403)
    s = get_session()
    participants = (select(AtelierParticipant.atelier_id, func.count().label("n"))
                    .group_by(AtelierParticipant.atelier_id).subquery())
    parcours = (select(AtelierParcours.atelier_id, func.count().label("n"))
                .group_by(AtelierParcours.atelier_id).subquery())
    sessions = s.execute(
        select(Atelier, func.coalesce(participants.c.n, 0), func.coalesce(parcours.c.n, 0))
        .outerjoin(participants, participants.c.atelier_id == Atelier.id)
        .outerjoin(parcours, parcours.c.atelier_id == Atelier.id)
        .order_by(Atelier.date.desc(), Atelier.id.desc())).all()
    t = tableau_de(s, [row[0].id for row in sessions], current_app.extensions["taxonomy"])
    response = current_app.make_response(render_template("ateliers/departement.html", sessions=sessions, t=t))
    response.headers["Cache-Control"] = "no-store"
    return response
