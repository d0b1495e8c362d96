"""Failed-login throttling per e-mail address: an atomic counter and a progressive wait.

Every attempt first claims a slot with one ``UPDATE … SET echecs = echecs + 1 … RETURNING``: the
database serialises concurrent claims on the row, so a burst of parallel requests cannot all pass
(a read-then-write counter let 16 of 60 through). The claim counts the attempt as failed before
the password is checked; a success deletes the row. The key is a hash of the normalised address,
known account or not, so the answers never tell whether an account exists. After FREE_FAILURES
the next attempt must wait, longer each time, up to MAX_WAIT: an attacker is slowed to a few
tries an hour while the owner waits minutes at worst instead of being locked out.
"""
from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from wizard.models import TentativeConnexion

FREE_FAILURES = 5
#: Seconds to wait after the 5th, 6th, … failure (the last value repeats).
WAITS = (15, 30, 60, 120, 300, 900)
MAX_WAIT = WAITS[-1]
#: Rows untouched for this long are forgotten (addresses typed once, attackers gone).
FORGET_AFTER = 24 * 3600


@dataclass(frozen=True)
class Claim:
    """The outcome of asking to check a password: allowed, or the seconds left to wait."""

    allowed: bool
    wait: int = 0


def key_for(email: str) -> str:
    """The row key: the normalised address, hashed (the table never holds an address)."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def wait_after(failures: int) -> int:
    """Seconds the next attempt must wait after ``failures`` failed ones."""
    if failures < FREE_FAILURES:
        return 0
    return WAITS[min(failures - FREE_FAILURES, len(WAITS) - 1)]


def _wait_expression():
    """wait_after(echecs + 1) as SQL, so the claim and the wait it sets are one statement."""
    n = TentativeConnexion.echecs + 1
    whens = [(n < FREE_FAILURES, 0)]
    whens += [(n == FREE_FAILURES + i, w) for i, w in enumerate(WAITS[:-1])]
    return case(*whens, else_=MAX_WAIT)


def _insert_missing(session: Session, key: str, now: float) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(TentativeConnexion).values(cle=key, echecs=0, attente_jusqu_a=0.0, maj_le=now)
                    .on_conflict_do_nothing(index_elements=["cle"]))


def claim(session: Session, email: str, now: float | None = None) -> Claim:
    """Count one attempt for ``email`` unless it must still wait (the caller commits at once)."""
    now = time.time() if now is None else now
    key = key_for(email)
    session.execute(delete(TentativeConnexion).where(TentativeConnexion.maj_le < now - FORGET_AFTER))
    _insert_missing(session, key, now)
    counted = session.execute(
        update(TentativeConnexion)
        .where(TentativeConnexion.cle == key, TentativeConnexion.attente_jusqu_a <= now)
        .values(echecs=TentativeConnexion.echecs + 1, attente_jusqu_a=now + _wait_expression(), maj_le=now)
        .returning(TentativeConnexion.echecs)
    ).scalar_one_or_none()
    if counted is not None:
        return Claim(True)
    until = session.scalar(select(TentativeConnexion.attente_jusqu_a).where(TentativeConnexion.cle == key))
    return Claim(False, max(1, math.ceil((until or now) - now)))


def succeeded(session: Session, email: str) -> None:
    """A right password: forget the attempts of this address."""
    session.execute(delete(TentativeConnexion).where(TentativeConnexion.cle == key_for(email)))


def waiting_until(session: Session, email: str) -> float | None:
    """Epoch second until which ``email`` must wait, or None (back-office display)."""
    until = session.scalar(select(TentativeConnexion.attente_jusqu_a).where(TentativeConnexion.cle == key_for(email)))
    return until if until and until > time.time() else None


def wait_message(seconds: int) -> str:
    """The same French sentence for every address, known or not."""
    if seconds < 60:
        delay = f"{seconds} seconde{'s' if seconds > 1 else ''}"
    else:
        minutes = math.ceil(seconds / 60)
        delay = f"{minutes} minute{'s' if minutes > 1 else ''}"
    return (f"Trop de tentatives de connexion pour cette adresse : patientez {delay} avant de réessayer. "
            f"Si vous avez oublié votre mot de passe, demandez un nouveau lien à un administrateur de la DDT.")
