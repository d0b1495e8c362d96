"""Login, logout, password change and invitation pages."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from wizard.auth import bp, throttle
from wizard.auth.forms import ConnexionForm, InvitationForm, MotDePasseForm
from wizard.auth.services import (
    AccountError,
    WeakPassword,
    accept_invitation,
    authenticate,
    change_password,
    find_invitation,
    revoke_sessions,
)
from wizard.auth.session import (
    current_user,
    login_required,
    login_user,
    logout_user,
    safe_next,
)
from wizard.db import get_session
from wizard.extensions import limiter


def _login_limit() -> str:
    return current_app.config.get("LOGIN_RATE_LIMIT", "10 per minute")


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def connexion():
    """Log in with e-mail and password (rate-limited per IP, slowed per address after repeated failures)."""
    form = ConnexionForm(suivant=request.args.get("suivant", ""))
    target = safe_next(form.suivant.data, url_for("admin.index"))
    if current_user() is not None and request.method == "GET":
        return redirect(target)
    message = None
    if form.validate_on_submit():
        session = get_session()
        attempt = throttle.claim(session, form.email.data)
        # Committed before the password check: parallel attempts see this one counted.
        session.commit()
        if not attempt.allowed:
            message = throttle.wait_message(attempt.wait)
        else:
            result = authenticate(session, form.email.data, form.mot_de_passe.data)
            session.commit()
            if result.user is not None:
                login_user(result.user)
                flash("Vous êtes connecté.", "success")
                return redirect(target)
            message = result.message
    status = 200 if message is None and not form.errors else 422
    return render_template("auth/connexion.html", form=form, message=message), status


@bp.post("/deconnexion")
def deconnexion():
    """Log out (POST with CSRF, so that a link elsewhere cannot log a user out); the cookie is revoked too."""
    user = current_user()
    if user is not None:
        # A copy of the signed cookie replayed later must not open the back-office again.
        revoke_sessions(user)
        get_session().commit()
    logout_user()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("auth.connexion"))


@bp.route("/mot-de-passe", methods=["GET", "POST"])
@login_required
def mot_de_passe():
    """Change one's own password."""
    form = MotDePasseForm()
    if form.validate_on_submit():
        user = current_user()
        try:
            change_password(user, form.actuel.data, form.nouveau.data)
        except AccountError as exc:
            (form.nouveau if isinstance(exc, WeakPassword) else form.actuel).errors.append(str(exc))
        else:
            get_session().commit()
            login_user(user)  # keep this session, the others are now stale
            flash("Votre mot de passe a été modifié.", "success")
            return redirect(url_for("admin.index"))
    return render_template("auth/mot_de_passe.html", form=form), 422 if form.errors else 200


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """Create one's account from an invitation link (single use, with an expiry)."""
    session = get_session()
    invitation = find_invitation(session, token)
    if invitation is None:
        message = ("Ce lien d'invitation est inconnu, déjà utilisé ou expiré. Demandez un nouveau lien "
                   "à un administrateur de la DDT de la Mayenne.")
        return render_template("pages/erreur.html", code=404, titre="Invitation non valable", message=message), 404
    form = InvitationForm()
    if form.validate_on_submit():
        try:
            user = accept_invitation(session, invitation, form.nouveau.data, form.nom.data or None)
        except AccountError as exc:
            form.nouveau.errors.append(str(exc))
        else:
            session.commit()
            login_user(user)
            flash("Votre compte est créé. Bienvenue dans l'espace partenaires.", "success")
            return redirect(url_for("admin.index"))
    return render_template("auth/invitation.html", form=form, invitation=invitation), 422 if form.errors else 200
