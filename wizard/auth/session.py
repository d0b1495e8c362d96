"""Who is logged in: the user id and session version in the signed cookie, checked against the database."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import g, redirect, request, session, url_for

from wizard.auth import bp
from wizard.db import get_session
from wizard.models import Utilisateur

USER_KEY = "utilisateur_id"
GENERATION_KEY = "utilisateur_gen"


def current_user() -> Utilisateur | None:
    """The logged-in, active account of this request, or None."""
    if "current_user" not in g:
        g.current_user = _load()
    return g.current_user


def _load() -> Utilisateur | None:
    user_id = session.get(USER_KEY)
    if user_id is None:
        return None
    user = get_session().get(Utilisateur, user_id)
    # A password change elsewhere (or a deactivation) ends every older session.
    if user is None or not user.actif or session.get(GENERATION_KEY) != user.session_version:
        session.clear()
        return None
    return user


def login_user(user: Utilisateur) -> None:
    """Open a fresh session for ``user`` (the old session content is dropped)."""
    session.clear()
    session[USER_KEY] = user.id
    session[GENERATION_KEY] = user.session_version
    session.permanent = False
    g.current_user = user


def logout_user() -> None:
    session.clear()
    g.current_user = None


def safe_next(target: str | None, default: str) -> str:
    """Only same-site paths are followed after login (no open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Redirect anonymous visitors to the login page, then back."""
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            return redirect(url_for("auth.connexion", suivant=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapped


@bp.app_context_processor
def _inject_user() -> dict[str, Any]:
    return {"current_user": current_user}
