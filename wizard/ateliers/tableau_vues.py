"""The room's dashboard (page, or the htmx fragment it polls) and the printable synthesis."""
from __future__ import annotations

from flask import current_app, render_template, url_for

from wizard.ateliers import bp, presence, reponses
from wizard.ateliers.acces import atelier_ou_404
from wizard.ateliers.tableau import tableau
from wizard.ateliers.territoire import libelle
from wizard.db import get_session
from wizard.territoires.memoire import territoires
from wizard.web.rendering import page_ou_fragment

#: Seconds between two refreshes of the dashboard by htmx (without JavaScript: the "Actualiser" link).
RAFRAICHIR = 5


def _contexte(code: str) -> dict:
    atelier = atelier_ou_404(code)
    s = get_session()
    return {"atelier": atelier, "t": tableau(s, atelier, current_app.extensions["taxonomy"]),
            "idees": reponses.idees(s, atelier, "approuvee"), "questions": list(atelier.questions or ()),
            "territoire": libelle(territoires(), atelier.territoire_type, list(atelier.territoire_codes or ())),
            "anime": presence.anime(atelier)}


@bp.get("/ateliers/<code>/tableau")
def tableau_salle(code: str):
    """Participants, needs by thématique and type of help, structures known (beside the survey),
    most recommended structures, besoins non couverts, approved ideas."""
    ctx = _contexte(code)
    ctx["lien_participant"] = url_for("ateliers.participer", code=ctx["atelier"].code, _external=True)
    return page_ou_fragment("ateliers/tableau.html", "ateliers/_tableau.html", rafraichir=RAFRAICHIR, **ctx)


@bp.get("/ateliers/<code>/synthese")
def synthese(code: str):
    """The same figures as a printable page (the browser's print gives the PDF)."""
    return render_template("ateliers/synthese.html", details_ouverts=True, **_contexte(code))
