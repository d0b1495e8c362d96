"""Rights inside the back-office: admin-only views and per-structure edit rights."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import abort
from sqlalchemy import select

from wizard.auth.session import current_user
from wizard.db import get_session
from wizard.models import Structure, Utilisateur


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
