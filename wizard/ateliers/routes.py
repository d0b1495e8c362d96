"""The animator's side: create a session, manage it through its secret link, QR code, export, synthesis.
Importing this module registers the participants' and the dashboard's views too."""
from __future__ import annotations

import io

import segno
from flask import Response, abort, current_app, flash, redirect, render_template, request, session, url_for

from wizard.ateliers import (
    bp,
    codes,
    enregistrement,
    ensemble,
    export,
    participation,
    presence,
    reponses,
    services,
    tableau_vues,
)
from wizard.ateliers.acces import atelier_anime, atelier_ou_404
from wizard.ateliers.forms import ActionForm, CreationForm, RejoindreCodeForm, SuppressionForm, options
from wizard.ateliers.tableau import tableau
from wizard.ateliers.territoire import communes_saisies, libelle
from wizard.auth.session import current_user
from wizard.db import get_session
from wizard.territoires.memoire import territoires

#: Importing them registers the participants' and the dashboard's views on bp, and the receiver that
#: records a parcours finished with a session marker.
ZONES = (participation, tableau_vues, ensemble, enregistrement)
#: Shown once after creation, then dropped from the cookie.
CREE = "atelier_cree"


def _creation_form(formdata=None) -> CreationForm:
    form = CreationForm(formdata=formdata) if formdata is not None else CreationForm()
    form.epci.choices = options([("", "— Choisir —")] + [(e.code, e.nom) for e in territoires().epcis()])
    return form


@bp.route("/ateliers", methods=["GET", "POST"])
def index():
    """Create a session (no account needed), or join one with its code."""
    form = _creation_form(request.form if request.method == "POST" else None)
    if request.method == "POST":
        if form.validate():
            terr = territoires()
            codes_territoire: list[str] = []
            if form.territoire_type.data == "epci":
                if form.epci.data not in terr.lookup.epcis:
                    form.epci.errors = ["Choisissez l'intercommunalité dans la liste."]
                codes_territoire = [form.epci.data]
            elif form.territoire_type.data == "communes":
                codes_territoire, inconnues = communes_saisies(terr, form.communes.data or "")
                if inconnues:
                    form.communes.errors = ["Communes introuvables dans le département : " + ", ".join(inconnues[:5])]
                elif not codes_territoire:
                    form.communes.errors = ["Saisissez au moins une commune."]
            if not (form.epci.errors or form.communes.errors):
                creation = services.creer(get_session(), form.titre.data, form.date.data, form.territoire_type.data,
                                          codes_territoire, form.activites.data,
                                          (form.questions.data or "").splitlines(),
                                          proprietaire_id=user.id if (user := current_user()) else None)
                get_session().commit()
                presence.animer(creation.atelier)
                session[CREE] = {"code": creation.atelier.code, "secret": creation.secret}
                return redirect(url_for("ateliers.cree", code=creation.atelier.code), code=303)
        status = 422
    else:
        status = 200
    user = current_user()
    return render_template("ateliers/index.html", form=form, code_form=RejoindreCodeForm(formdata=None),
                           mes_ateliers=services.de_proprietaire(get_session(), user.id) if user else None), status


@bp.get("/ateliers/<code>/cree")
def cree(code: str):
    """The new session's codes and its secret management link, shown this once."""
    atelier = atelier_anime(code)
    shown = session.pop(CREE, None)
    secret = shown["secret"] if shown and shown.get("code") == atelier.code else None
    if secret is None:
        return redirect(url_for("ateliers.animation", code=atelier.code))
    lien = url_for("ateliers.gerer", code=atelier.code, secret=secret, _external=True)
    return render_template("ateliers/cree.html", atelier=atelier, lien_gestion=lien, **_liens(atelier))


def _liens(atelier) -> dict[str, str]:
    return {"lien_participant": url_for("ateliers.participer", code=atelier.code, _external=True),
            "territoire": libelle(territoires(), atelier.territoire_type, list(atelier.territoire_codes or ()))}


@bp.get("/ateliers/<code>/gerer/<secret>")
def gerer(code: str, secret: str):
    """The secret management link: grants this browser the session, then leaves the secret out of the URL."""
    atelier = atelier_ou_404(code)
    if not codes.secret_valide(secret, atelier.secret_hash):
        abort(404)
    presence.animer(atelier)
    return redirect(url_for("ateliers.animation", code=atelier.code))


@bp.get("/ateliers/<code>/animation")
def animation(code: str):
    """The animator's page: state, links for the room, ideas to moderate, export, deletion."""
    atelier = atelier_anime(code)
    s = get_session()
    return render_template("ateliers/animation.html", atelier=atelier, action_form=ActionForm(),
                           suppression_form=SuppressionForm(), idees=reponses.idees(s, atelier),
                           t=tableau(s, atelier, current_app.extensions["taxonomy"]), **_liens(atelier))


@bp.post("/ateliers/<code>/etat")
def etat(code: str):
    """Open, pause, close or reopen the session."""
    atelier = atelier_anime(code)
    if not ActionForm().validate():
        flash("Le formulaire a expiré : recommencez.", "error")
    elif services.changer_etat(atelier, request.form.get("action", "")):
        get_session().commit()
        flash({"ouvert": "L'atelier est ouvert aux réponses.", "pause": "L'atelier est en pause.",
               "clos": "L'atelier est clos : il ne reçoit plus de réponses."}[atelier.etat], "success")
    else:
        flash("Cette action ne s'applique pas à l'état actuel de l'atelier.", "error")
    return redirect(url_for("ateliers.animation", code=atelier.code), code=303)


@bp.post("/ateliers/<code>/idees/<int:idee_id>")
def moderer(code: str, idee_id: int):
    """Approve or refuse an idea."""
    atelier = atelier_anime(code)
    if ActionForm().validate() and reponses.moderer(get_session(), atelier, idee_id, request.form.get("decision", "")):
        get_session().commit()
        flash("Modération enregistrée.", "success")
    else:
        flash("Cette idée n'a pas pu être modérée : rechargez la page et recommencez.", "error")
    return redirect(url_for("ateliers.animation", code=atelier.code, _anchor="idees"), code=303)


@bp.post("/ateliers/<code>/supprimer")
def supprimer(code: str):
    """Delete the session and all its answers (the code typed again confirms)."""
    atelier = atelier_anime(code)
    form = SuppressionForm()
    if not form.validate() or codes.normaliser(form.confirmation.data) != atelier.code:
        flash("Suppression non faite : saisissez exactement le code de l'atelier pour confirmer.", "error")
        return redirect(url_for("ateliers.animation", code=atelier.code, _anchor="supprimer"), code=303)
    services.supprimer(get_session(), atelier)
    get_session().commit()
    presence.oublier(atelier.code)
    flash(f"L'atelier {atelier.code} et toutes ses réponses sont supprimés.", "success")
    return redirect(url_for("ateliers.index"), code=303)


@bp.get("/ateliers/<code>/qr.svg")
def qr(code: str):
    """The join URL as a QR code (SVG, drawn on the server)."""
    atelier = atelier_ou_404(code)
    url = url_for("ateliers.participer", code=atelier.code, _external=True)
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=2, xmldecl=False,
                                    title=f"Code QR pour rejoindre l'atelier : {url}")
    response = Response(out.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/ateliers/<code>/export.csv")
def export_csv(code: str):
    """Every answer of the session as CSV (one row per answer)."""
    atelier = atelier_anime(code)
    body = export.csv_texte(export.lignes(get_session(), atelier))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="atelier-{atelier.code}.csv"'
    return response

