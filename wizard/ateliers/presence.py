"""Which sessions this browser joined: a participant token per code in the signed session cookie."""
from __future__ import annotations

from flask import session

from wizard.ateliers import services
from wizard.auth.session import current_user
from wizard.db import get_session
from wizard.models import Atelier, AtelierParticipant

CLE = "ateliers"
#: Management rights granted by the secret link, per code, in the same cookie.
CLE_ANIMATION = "ateliers_animation"


def jeton(code: str) -> str | None:
    """This browser's participant token for ``code``."""
    return (session.get(CLE) or {}).get(code)


def retenir(code: str, valeur: str) -> None:
    """Remember this browser's participant token for ``code``."""
    session[CLE] = {**(session.get(CLE) or {}), code: valeur}


def participant_courant(atelier: Atelier) -> AtelierParticipant | None:
    """This browser's participant in ``atelier``, if it joined."""
    return services.participant(get_session(), atelier, jeton(atelier.code))


def animer(atelier: Atelier) -> None:
    """Grant this browser the management of ``atelier`` (after the secret link was checked)."""
    session[CLE_ANIMATION] = sorted({*(session.get(CLE_ANIMATION) or ()), atelier.code})


def anime(atelier: Atelier) -> bool:
    """Whether this browser manages ``atelier``: it opened the secret link, or its partner account owns it."""
    if atelier.code in (session.get(CLE_ANIMATION) or ()):
        return True
    if atelier.proprietaire_id is None:
        return False
    user = current_user()
    return user is not None and user.id == atelier.proprietaire_id


def oublier(code: str) -> None:
    """Forget a deleted session in this browser's cookie."""
    session[CLE] = {k: v for k, v in (session.get(CLE) or {}).items() if k != code}
    session[CLE_ANIMATION] = [c for c in (session.get(CLE_ANIMATION) or ()) if c != code]
