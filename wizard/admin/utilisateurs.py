"""Accounts (admins only): list, invite a new editor or admin, unlock."""
from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from wizard.admin import bp
from wizard.admin.access import admin_required, me
from wizard.admin.forms import ActionForm, UtilisateurForm
from wizard.auth import throttle
from wizard.auth.services import AccountError, create_invitation, unlock
from wizard.db import get_session
from wizard.models import Invitation, Structure, Utilisateur
from wizard.models.suggestion import utcnow


def _form() -> UtilisateurForm:
    form = UtilisateurForm()
    form.structures.choices = {s.slug: s.nom for s in get_session().scalars(select(Structure).order_by(Structure.nom))}
    return form


def _render(form: UtilisateurForm, link: str | None = None, status: int = 200):
    session = get_session()
    users = list(session.scalars(select(Utilisateur).order_by(Utilisateur.role, Utilisateur.email)))
    invitations = list(session.scalars(select(Invitation).where(Invitation.utilisee_le.is_(None))
                                       .order_by(Invitation.cree_le.desc())))
    # Login waits are kept per address (see wizard.auth.throttle): shown as end times in UTC.
    waits = {u.id: dt.datetime.fromtimestamp(until, dt.UTC).replace(tzinfo=None)
             for u in users if (until := throttle.waiting_until(session, u.email))}
    return render_template("admin/utilisateurs.html", form=form, users=users, invitations=invitations, link=link,
                           now=utcnow(), waits=waits, action_form=ActionForm()), status


@bp.get("/utilisateurs")
@admin_required
def utilisateurs_list():
    """Accounts and pending invitations."""
    return _render(_form())


@bp.post("/utilisateurs/invitations")
@admin_required
def utilisateurs_invite():
    """Create an invitation; its link is shown once, for the admin to send it."""
    form = _form()
    if not form.validate():
        return _render(form, status=422)
    try:
        invitation, token = create_invitation(get_session(), form.email.data, form.role.data,
                                              list(form.structures.data or []), cree_par=me().email,
                                              days=form.jours.data)
    except AccountError as exc:
        get_session().rollback()
        form.email.errors.append(str(exc))
        return _render(form, status=422)
    get_session().commit()
    link = url_for("auth.invitation", token=token, _external=True)
    flash(f"Invitation créée pour {invitation.email}. Copiez le lien ci-dessous : il ne sera plus affiché.",
          "success")
    return _render(_form(), link=link)


@bp.post("/utilisateurs/<int:user_id>/debloquer")
@admin_required
def utilisateurs_unlock(user_id: int):
    """Lift the wait imposed after repeated failed logins."""
    user = get_session().get(Utilisateur, user_id)
    if user is None:
        abort(404)
    if ActionForm().validate():
        unlock(get_session(), user)
        get_session().commit()
        flash(f"Compte débloqué : {user.email}.", "success")
    return redirect(url_for("admin.utilisateurs_list"))
