"""The participants' side (/a/<code>): join without an account, then the activities."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from wizard.ateliers import bp, codes, presence, reponses, services
from wizard.ateliers.acces import atelier_ou_404, cle_atelier, limite_par_atelier
from wizard.ateliers.forms import ConnuesForm, IdeeForm, ParticipantForm, RejoindreCodeForm, options
from wizard.ateliers.tableau import items_connus
from wizard.db import get_session
from wizard.extensions import limiter
from wizard.orientation.marqueur import NOM as MARQUEUR
from wizard.orientation.vue import commune_label
from wizard.territoires.memoire import territoires
from wizard.web.params import parse_int


@bp.get("/a")
def code():
    """The code typed on the home of the workshops: to its session, or back with the error."""
    form = RejoindreCodeForm(request.args)
    if form.validate():
        found = codes.normaliser(form.code.data)
        if found:
            return redirect(url_for("ateliers.participer", code=found))
        form.code.errors = ["Ce code n'a pas la bonne forme : 6 lettres ou chiffres, tels qu'affichés dans la salle."]
    return render_template("ateliers/introuvable.html", form=form, code=form.code.data or ""), 400


def _participant_form(formdata=None) -> ParticipantForm:
    form = ParticipantForm(formdata=formdata)
    form.commune.choices = options([("", "— Non précisée —")] + [
        (c.code, commune_label(c)) for c in sorted(territoires().index.communes, key=lambda c: c.nom)])
    if formdata is None:
        form.jeton.data = codes.nouveau_jeton()
    return form


@bp.get("/a/<code>")
def participer(code: str):
    """Join form, or (once joined) the session's activities."""
    atelier = atelier_ou_404(code)
    if atelier.code != code:
        return redirect(url_for("ateliers.participer", code=atelier.code))
    qui = presence.participant_courant(atelier)
    return render_template("ateliers/participer.html", atelier=atelier, qui=qui,
                           form=None if qui else _participant_form(),
                           besoins_url=url_for("orientation.start", **{MARQUEUR: atelier.code}))


@bp.post("/a/<code>/rejoindre")
@limiter.limit(limite_par_atelier, key_func=cle_atelier)
def rejoindre(code: str):
    """Join the session (the form's token makes a double submission join once)."""
    atelier = atelier_ou_404(code)
    form = _participant_form(request.form)
    if not form.validate() or not form.jeton.data:
        return render_template("ateliers/participer.html", atelier=atelier, qui=None, form=form,
                               besoins_url=None), 422
    try:
        qui = services.rejoindre(get_session(), atelier, form.jeton.data[:64], form.prenom.data,
                                 form.commune.data or None, form.role.data)
    except services.RefusAtelier as refus:
        flash(str(refus), "warning")
        return redirect(url_for("ateliers.participer", code=atelier.code), code=303)
    get_session().commit()
    presence.retenir(atelier.code, qui.jeton)
    flash("Bienvenue dans l'atelier : choisissez une activité.", "success")
    return redirect(url_for("ateliers.participer", code=atelier.code), code=303)


def _inscrit(atelier):
    """The participant, or a redirect to the join form (an activity needs to know who answers)."""
    qui = presence.participant_courant(atelier)
    if qui is None:
        flash("Rejoignez d'abord l'atelier (tout est facultatif).", "info")
    return qui


@bp.route("/a/<code>/structures", methods=["GET", "POST"])
@limiter.limit(limite_par_atelier, key_func=cle_atelier, methods=["POST"])
def structures(code: str):
    """"Les structures que je connais": the survey's list, each with its one-line presentation."""
    atelier = atelier_ou_404(code)
    qui = _inscrit(atelier)
    if qui is None:
        return redirect(url_for("ateliers.participer", code=atelier.code), code=303)
    s = get_session()
    items = items_connus(s)
    form = ConnuesForm(request.form if request.method == "POST" else None)
    form.connues.choices = options((i.cle, i.libelle) for i in items)
    if request.method == "POST":
        if form.validate():
            try:
                reponses.enregistrer_connues(s, atelier, qui, form.connues.data or (), [i.cle for i in items])
            except services.RefusAtelier as refus:
                s.rollback()
                flash(str(refus), "warning")
                return redirect(url_for("ateliers.structures", code=atelier.code), code=303)
            s.commit()
            flash("Merci : vos réponses sont enregistrées. Vous pouvez les modifier tant que l'atelier est ouvert.",
                  "success")
            return redirect(url_for("ateliers.participer", code=atelier.code), code=303)
        status = 422
    else:
        form.connues.data = sorted(reponses.connues(s, qui))
        status = 200
    hints = {i.cle: i.presentation for i in items if i.presentation}
    return render_template("ateliers/structures.html", atelier=atelier, form=form, hints=hints), status


@bp.route("/a/<code>/idees", methods=["GET", "POST"])
@limiter.limit(limite_par_atelier, key_func=cle_atelier, methods=["POST"])
def idees(code: str):
    """"Idées": a short answer to one of the animator's questions, shown once moderated."""
    atelier = atelier_ou_404(code)
    qui = _inscrit(atelier)
    if qui is None:
        return redirect(url_for("ateliers.participer", code=atelier.code), code=303)
    questions = list(atelier.questions or ())
    forms = []
    posted = request.form.get("question") if request.method == "POST" else None
    for i, question in enumerate(questions):
        form = IdeeForm(request.form if posted == str(i) else None, prefix=f"q{i}")
        forms.append((question, form))
    if posted is not None:
        i = parse_int(posted, 0, len(questions) - 1)
        form = forms[i][1] if i is not None else None
        if form is not None and form.validate():
            try:
                reponses.proposer_idee(get_session(), atelier, qui, i, form.texte.data)
            except services.RefusAtelier as refus:
                flash(str(refus), "warning")
                return redirect(url_for("ateliers.idees", code=atelier.code), code=303)
            get_session().commit()
            flash("Merci : votre idée est transmise à l'animateur, qui la montrera à la salle.", "success")
            return redirect(url_for("ateliers.idees", code=atelier.code), code=303)
        if form is None:
            flash("Cette question n'existe pas (ou plus) dans l'atelier.", "error")
            return redirect(url_for("ateliers.idees", code=atelier.code), code=303)
        return render_template("ateliers/idees.html", atelier=atelier, forms=forms), 422
    return render_template("ateliers/idees.html", atelier=atelier, forms=forms)
