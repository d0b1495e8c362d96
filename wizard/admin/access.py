"""Rights inside the back-office: the guard of every page, admin-only views, per-structure edit rights."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import select

from wizard.admin import bp
from wizard.auth.session import current_user
from wizard.db import get_session
from wizard.models import Structure, Utilisateur
from wizard.models.compte import ROLES


@bp.before_request
def _guard():
    """Every back-office page needs a logged-in admin or editor; finer rights are checked per view."""
    user = current_user()
    if user is None:
        return redirect(url_for("auth.connexion", suivant=request.full_path.rstrip("?")))
    if user.role not in ROLES:
        abort(403)
    return None


@bp.errorhandler(403)
def _forbidden(_exc):
    message = ("Votre compte ne permet pas d'accéder à cette page : un éditeur ne modifie que les fiches des "
               "structures qui lui sont rattachées. Contactez la DDT de la Mayenne si un rattachement manque.")
    return render_template("pages/erreur.html", code=403, titre="Accès refusé", message=message), 403


@bp.after_request
def _no_store(response):
    # Back-office pages show personal and unpublished data: never cache them.
    response.headers["Cache-Control"] = "no-store"
    return response


def me() -> Utilisateur:
    """The logged-in account (the blueprint guard guarantees there is one)."""
    user = current_user()
    if user is None:  # pragma: no cover - the guard redirects first
        abort(401)
    return user


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Views reserved to the DDT curators."""
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not me().is_admin:
            abort(403)
        return view(*args, **kwargs)
    return wrapped


def editable_structure(slug: str) -> Structure:
    """The structure named in the URL, if the user may edit it (404 unknown, 403 not theirs)."""
    structure = get_session().scalar(select(Structure).where(Structure.slug == slug))
    if structure is None:
        abort(404)
    if not me().can_edit(structure):
        abort(403)
    return structure


def visible_structures() -> list[Structure]:
    """Every structure for an admin; an editor's own structures otherwise."""
    user = me()
    if user.is_admin:
        return list(get_session().scalars(select(Structure).order_by(Structure.nom)))
    return sorted(user.structures, key=lambda s: s.nom)
