"""Subscribe without an account (double opt-in), confirm, unsubscribe in one click; the news page and its Atom feed."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from wizard import courrier
from wizard.abonnements import bp, service
from wizard.abonnements.atom import flux_atom
from wizard.abonnements.forms import AbonnementForm, ActionForm
from wizard.abonnements.lecture import actualites_filtrees, choix
from wizard.annuaire.criteres import territoire_options
from wizard.db import get_session
from wizard.extensions import csrf, limiter


def _form() -> AbonnementForm:
    form = AbonnementForm()
    epcis, communes = territoire_options(get_session())
    form.remplir(epcis, communes, choix(current_app.extensions["taxonomy"]))
    return form


def _limite() -> str:
    return current_app.config.get("ABONNEMENT_RATELIMIT", "10 per hour")


@bp.route("/abonnements", methods=["GET", "POST"])
@limiter.limit(_limite, methods=["POST"])
def inscrire():
    """The form; a valid POST records a pending subscription and mails the confirmation link (PRG)."""
    form = _form()
    if not courrier.actif():
        # Without an SMTP server nothing can be confirmed: say so rather than store an address for nothing.
        return render_template("abonnements/inscrire.html", form=form, indisponible=True), \
            (503 if request.method == "POST" else 200)
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("abonnements/inscrire.html", form=form), 422
        session = get_session()
        abonnement = service.inscrire(session, form.email.data, form.territoire.data or "", form.thematiques.data or [])
        courriel = courrier.mettre_en_attente(
            session, [abonnement.email], "Confirmez votre abonnement aux nouveautés",
            render_template("abonnements/courriel_confirmation.txt", abonnement=abonnement,
                            lien=url_for("abonnements.confirmer", jeton=abonnement.jeton, _external=True)))
        session.commit()
        courrier.envoyer(session, [courriel])
        session.commit()
        flash("Un courriel de confirmation vient de vous être envoyé : cliquez sur le lien qu'il contient pour "
              "activer l'abonnement. Sans confirmation sous 7 jours, votre adresse est effacée.", "success")
        return redirect(url_for("abonnements.inscrire"), code=303)
    return render_template("abonnements/inscrire.html", form=form)


def _lien_invalide():
    """A stale or mistyped link: say why, and offer to subscribe again."""
    return render_template("abonnements/lien_invalide.html"), 404


@bp.route("/abonnements/<jeton>/confirmer", methods=["GET", "POST"])
def confirmer(jeton: str):
    """A button confirms (a mail scanner following the link does not); then the subscription is active."""
    abonnement = service.par_jeton(get_session(), jeton)
    if abonnement is None:
        return _lien_invalide()
    form = ActionForm()
    if request.method == "POST" and form.validate_on_submit():
        session = get_session()
        service.confirmer(session, abonnement)
        session.commit()
        return redirect(url_for("abonnements.confirmer", jeton=jeton), code=303)
    return render_template("abonnements/confirmer.html", abonnement=abonnement, form=form)


@bp.route("/abonnements/<jeton>/desabonner", methods=["GET", "POST"])
@csrf.exempt  # the secret token is the authority; mail clients POST "List-Unsubscribe=One-Click" (RFC 8058)
def desabonner(jeton: str):
    """One click on the page's button (or the mail client's own button) deletes the subscription."""
    if request.method == "POST":
        session = get_session()
        abonnement = service.par_jeton(session, jeton)
        if abonnement is not None:
            service.desabonner(session, abonnement)
            session.commit()
        return render_template("abonnements/desabonne.html")
    abonnement = service.par_jeton(get_session(), jeton)
    if abonnement is None:
        return _lien_invalide()
    return render_template("abonnements/desabonner.html", abonnement=abonnement)


@bp.get("/actualites")
def actualites():
    """The latest news, filterable by territory and thématique, with the link to the Atom feed."""
    session = get_session()
    territoire, thematique, items = actualites_filtrees(session, request.args,
                                                        current_app.extensions["departement"].code)
    return render_template("abonnements/actualites.html", items=items, territoire=territoire, thematique=thematique)


@bp.get("/actualites.atom")
def flux():
    """The same news as an Atom feed, for partners' sites (same filters as the page)."""
    session = get_session()
    territoire, thematique, items = actualites_filtrees(session, request.args,
                                                        current_app.extensions["departement"].code)
    body = flux_atom(items, titre="Carto Ingénierie 53 — nouveautés",
                     page=url_for("abonnements.actualites", _external=True,
                                  **{k: v for k, v in (("territoire", territoire), ("thematique", thematique)) if v}),
                     soi=request.url, base=request.url_root)
    return current_app.response_class(body, mimetype="application/atom+xml")
