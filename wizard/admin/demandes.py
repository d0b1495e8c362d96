"""Partner inbox: the direct requests for my structures (all of them for the DDT's referents)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from wizard import courrier
from wizard.admin import bp
from wizard.admin.access import me
from wizard.db import get_session
from wizard.demandes import notifications, service
from wizard.demandes.forms import ActionForm, ClotureForm, ReorientationForm, ReponseForm
from wizard.models import Demande, Structure
from wizard.models.demande import STATUT_LABELS

FILTRES = {"a_traiter": "À traiter", **STATUT_LABELS}


def _demande(demande_id: int) -> Demande:
    """The request in the URL, if the user may handle it (404 unknown, 403 another structure's)."""
    demande = get_session().get(Demande, demande_id)
    if demande is None:
        abort(404)
    if not service.peut_traiter(me(), demande):
        abort(403)
    return demande


@bp.get("/demandes")
def demandes_list():
    """Requests for my structures, newest first, filtered by status."""
    statut = request.args.get("statut") or None
    if statut not in (None, *FILTRES):
        statut = None
    session = get_session()
    demandes = service.boite(session, me(), statut)
    sans_partenaire = {d.structure_id for d in demandes if d.structure is not None
                       and not service.partenaires(session, d.structure)} if me().is_admin else set()
    return render_template("admin/demandes_list.html", demandes=demandes, statut=statut, filtres=FILTRES,
                           sans_partenaire=sans_partenaire)


def _forms(demande: Demande) -> dict:
    reorientation = ReorientationForm(prefix="reorienter")
    reorientation.structure.choices = [SelectChoice("", "Choisir")] + [
        SelectChoice(s.slug, s.nom) for s in get_session().scalars(select(Structure).order_by(Structure.nom))
        if s.id != demande.structure_id]
    return {"action_form": ActionForm(prefix="prendre"), "reponse_form": ReponseForm(prefix="repondre"),
            "reorientation_form": reorientation, "cloture_form": ClotureForm(prefix="clore")}


def _detail(demande: Demande, forms: dict | None = None, status: int = 200, erreur: str | None = None):
    session = get_session()
    _, propres = service.destinataires(session, demande.structure)
    return render_template("admin/demande_detail.html", d=demande, propres=propres, erreur=erreur,
                           **(forms or _forms(demande))), status


@bp.get("/demandes/<int:demande_id>")
def demandes_detail(demande_id: int):
    """One request: who, what, the parcours answers, the history and the actions."""
    return _detail(_demande(demande_id))


@bp.post("/demandes/<int:demande_id>/<action>")
def demandes_action(demande_id: int, action: str):
    """Take charge, answer, re-route or close (PRG); a refused action is shown on the request."""
    demande = _demande(demande_id)
    session = get_session()
    forms = _forms(demande)
    user = me()
    try:
        if action == "prendre-en-charge" and forms["action_form"].validate_on_submit():
            event = service.prendre_en_charge(demande, user)
            message = "Demande prise en charge : le demandeur le voit sur sa page de suivi."
            courriels = []
        elif action == "repondre" and forms["reponse_form"].validate_on_submit():
            event = service.repondre(demande, user, forms["reponse_form"].texte.data)
            message = "Réponse enregistrée : elle est affichée sur la page de suivi du demandeur."
            courriels = [notifications.au_demandeur(session, demande, event)]
        elif action == "reorienter" and forms["reorientation_form"].validate_on_submit():
            slug = forms["reorientation_form"].structure.data
            vers = session.scalar(select(Structure).where(Structure.slug == slug))
            if vers is None:
                forms["reorientation_form"].structure.errors = ["Choisissez une structure de la liste."]
                return _detail(demande, forms, 422)
            event = service.reorienter(demande, user, vers, forms["reorientation_form"].motif.data)
            message = f"Demande réorientée vers {vers.nom}."
            courriels = [notifications.aux_destinataires(session, demande, "nouvelle", event),
                         notifications.au_demandeur(session, demande, event)]
        elif action == "clore" and forms["cloture_form"].validate_on_submit():
            event = service.clore(demande, user, forms["cloture_form"].texte.data)
            message = "Demande close."
            courriels = [notifications.au_demandeur(session, demande, event)]
        elif action in ("prendre-en-charge", "repondre", "reorienter", "clore"):
            return _detail(demande, forms, 422)
        else:
            abort(404)
    except service.ActionRefusee as exc:
        session.rollback()
        return _detail(_demande(demande_id), None, 409, str(exc))
    session.commit()
    courrier.envoyer(session, courriels)
    session.commit()
    flash(message, "success")
    return _redirect(demande)


def _redirect(demande: Demande) -> Response:
    # A partner who re-routed away from their own structure can no longer see the request: back to the list.
    if service.peut_traiter(me(), demande):
        return redirect(url_for("admin.demandes_detail", demande_id=demande.id), code=303)
    return redirect(url_for("admin.demandes_list"), code=303)
