"""E-mail for every feature: an outbox in the database, sent through Flask-Mailman when SMTP is configured.

A message is written in the same transaction as the fact it tells about, and sent after the commit:
if the SMTP server is down, the row stays unsent and ``flask demandes relancer`` (or any caller of
``envoyer_en_attente``) retries it later. Without ``MAIL_SERVER`` nothing is queued at all: the
back-office inbox is then the only channel.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import smtplib
from collections.abc import Iterable, Sequence

from flask import Flask, current_app
from flask_mailman import EmailMessage, Mail
from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.models import Courriel
from wizard.models.suggestion import utcnow

mail = Mail()
#: After this many failed attempts a message is no longer retried (the row stays, with its last error).
MAX_ESSAIS = 10


def init_app(app: Flask) -> None:
    """Bind Flask-Mailman (it reads MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS… from the config)."""
    mail.init_app(app)


def actif() -> bool:
    """Whether an SMTP server is configured."""
    return bool(current_app.config.get("MAIL_SERVER"))


def mettre_en_attente(session: Session, destinataires: Iterable[str | None], sujet: str, corps: str,
                      demande_id: int | None = None) -> Courriel | None:
    """Queue a message (caller commits); None when mail is off or nobody has an address."""
    adresses = sorted({a for a in destinataires if a})
    if not adresses or not actif():
        return None
    courriel = Courriel(destinataires=adresses, sujet=sujet, corps=corps, demande_id=demande_id)
    session.add(courriel)
    return courriel


def envoyer(session: Session, courriels: Sequence[Courriel | None], now: dt.datetime | None = None) -> int:
    """Try to send these queued messages now; a failure is recorded on the row. Caller commits."""
    todo = [c for c in courriels if c is not None and c.envoye_le is None]
    if not todo or not actif():
        return 0
    now = now or utcnow()
    sent = 0
    try:
        connection = mail.get_connection()
        connection.open()
    except (OSError, smtplib.SMTPException) as exc:
        for courriel in todo:
            _echec(courriel, exc, now)
        return 0
    try:
        for courriel in todo:
            message = EmailMessage(courriel.sujet, courriel.corps, current_app.config.get("MAIL_DEFAULT_SENDER"),
                                   list(courriel.destinataires), connection=connection)
            try:
                message.send()
            except (OSError, smtplib.SMTPException) as exc:
                _echec(courriel, exc, now)
                continue
            courriel.essais += 1
            courriel.dernier_essai_le = now
            courriel.envoye_le = now
            courriel.derniere_erreur = None
            sent += 1
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):  # the server went away mid-way
            connection.close()
    return sent


def _echec(courriel: Courriel, exc: BaseException, now: dt.datetime) -> None:
    courriel.essais += 1
    courriel.dernier_essai_le = now
    courriel.derniere_erreur = f"{type(exc).__name__}: {exc}"[:500]


def en_attente(session: Session) -> list[Courriel]:
    """Unsent messages still worth retrying, oldest first."""
    return list(session.scalars(select(Courriel).where(Courriel.envoye_le.is_(None), Courriel.essais < MAX_ESSAIS)
                                .order_by(Courriel.id)))


def envoyer_en_attente(session: Session, now: dt.datetime | None = None) -> tuple[int, int]:
    """Retry every unsent message; returns (sent, still waiting). Caller commits."""
    todo = en_attente(session)
    sent = envoyer(session, todo, now)
    return sent, len(todo) - sent
