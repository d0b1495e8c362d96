"""Public views of direct requests: the "Être recontacté" form (PRG) and the private tracking page."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from wizard import courrier
from wizard.annuaire.fiche import structure_par_slug
from wizard.db import get_session
from wizard.demandes import bp, notifications
from wizard.demandes.contexte import pieces_du_parcours
from wizard.demandes.forms import DemandeForm
from wizard.demandes.service import Saisie, creer, destinataires, par_jeton
from wizard.extensions import limiter


def _limit() -> str:
    # A workshop room shares one address: the limit is per hour and generous, robots are stopped by the honeypot.
    return current_app.config.get("DEMANDE_RATELIMIT", "30 per hour")


def _action(slug: str) -> str:
    """The form's own URL, the parcours answers kept in its query string."""
    query = request.query_string.decode("utf-8", "replace")
    return url_for("demandes.nouvelle", slug=slug) + (f"?{query}" if query else "")


@bp.route("/demandes/nouvelle/<slug>", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def nouvelle(slug: str):
    """Show the form (commune pre-filled from the answers), or store the request and go to its tracking page."""
    session = get_session()
    structure = structure_par_slug(session, slug) or abort(404)
    pieces = pieces_du_parcours(session)
    form = DemandeForm()
    if request.method == "GET" and pieces and pieces.commune and not form.commune.data:
        form.commune.data = pieces.commune
    if request.method == "POST":
        if form.site_internet.data:
            # A filled honeypot is a robot: answer as for a person, store nothing.
            return render_template("demandes/envoyee.html", structure=structure)
        if form.validate_on_submit():
            return _envoyer(structure, form, pieces)
    status = 422 if form.errors else 200
    _, propres = destinataires(session, structure)
    return render_template("demandes/nouvelle.html", structure=structure, form=form, pieces=pieces,
                           action=_action(slug), propres=propres), status


def _envoyer(structure, form: DemandeForm, pieces) -> Response:
    session = get_session()
    saisie = Saisie(form.nom.data, form.fonction.data, form.commune.data, form.email.data, form.telephone.data,
                    form.message.data)
    demande, token = creer(session, structure, saisie, pieces)
    courriels = [notifications.aux_destinataires(session, demande), notifications.accuse(session, demande, token)]
    # Stored (the request and its queued e-mails) before anything is sent: a mail failure loses nothing.
    session.commit()
    courrier.envoyer(session, courriels)
    session.commit()
    flash(f"Votre demande a été envoyée à {structure.nom}. Gardez le lien de cette page : il vous permet de "
          "suivre votre demande et d'y lire la réponse.", "success")
    return redirect(url_for("demandes.suivi", token=token), code=303)


@bp.get("/demandes/suivi/<token>")
def suivi(token: str):
    """The sender's private page: status, history, the answers (a wrong token is a clear 404)."""
    demande = par_jeton(get_session(), token)
    if demande is None:
        body = render_template("demandes/suivi_inconnu.html")
        return Response(body, status=404, mimetype="text/html")
    response = current_app.make_response(render_template("demandes/suivi.html", d=demande,
                                                         lien=url_for("demandes.suivi", token=token, _external=True)))
    # The token is the key to the request: never cached, never sent on in a Referer.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
