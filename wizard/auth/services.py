"""Accounts: hashing, authentication with temporary lockout, invitations. Callers commit."""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from wizard.models import Invitation, Structure, Utilisateur
from wizard.models.compte import ROLES
from wizard.models.suggestion import utcnow

MIN_PASSWORD_LENGTH = 12
MAX_FAILURES = 5
LOCK_MINUTES = 15
# Hash of a random password: an unknown e-mail costs as much time as a known one (no enumeration by timing).
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16), method="scrypt")


class AccountError(ValueError):
    """A refused account operation, with a French message for the user."""


@dataclass(frozen=True)
class LoginResult:
    user: Utilisateur | None
    message: str | None = None


def hash_password(password: str) -> str:
    """scrypt hash (werkzeug), salted."""
    return generate_password_hash(password, method="scrypt")


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères.")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user(session: Session, email: str) -> Utilisateur | None:
    return session.scalar(select(Utilisateur).where(func.lower(Utilisateur.email) == normalize_email(email)))


def lock_message(until: dt.datetime, now: dt.datetime) -> str:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return (f"Trop de tentatives de connexion échouées : ce compte est temporairement bloqué. "
            f"Réessayez dans {minutes} minute{'s' if minutes > 1 else ''}, ou demandez à un "
            f"administrateur de la DDT de le débloquer.")


def authenticate(session: Session, email: str, password: str, now: dt.datetime | None = None) -> LoginResult:
    """Check the credentials; count failures and lock the account after MAX_FAILURES."""
    now = now or utcnow()
    user = find_user(session, email)
    generic = "Adresse électronique ou mot de passe incorrect."
    if user is None or not user.actif:
        check_password_hash(_DUMMY_HASH, password)
        return LoginResult(None, generic)
    if user.bloque_jusqu_a and user.bloque_jusqu_a > now:
        return LoginResult(None, lock_message(user.bloque_jusqu_a, now))
    if not check_password_hash(user.mot_de_passe, password):
        user.echecs = (user.echecs or 0) + 1
        if user.echecs >= MAX_FAILURES:
            user.bloque_jusqu_a = now + dt.timedelta(minutes=LOCK_MINUTES)
            user.echecs = 0
            return LoginResult(None, lock_message(user.bloque_jusqu_a, now))
        left = MAX_FAILURES - user.echecs
        return LoginResult(None, f"{generic} Il reste {left} essai{'s' if left > 1 else ''} avant le blocage "
                                 f"temporaire du compte.")
    user.echecs, user.bloque_jusqu_a, user.derniere_connexion = 0, None, now
    return LoginResult(user)


def structures_by_slug(session: Session, slugs: list[str]) -> list[Structure]:
    """The structures named by ``slugs``; raise AccountError naming the unknown ones."""
    found = list(session.scalars(select(Structure).where(Structure.slug.in_(slugs)))) if slugs else []
    unknown = sorted(set(slugs) - {s.slug for s in found})
    if unknown:
        raise AccountError(f"Structure inconnue : {', '.join(unknown)}.")
    return found


def create_user(session: Session, email: str, password: str, role: str, structure_slugs: list[str],
                nom: str | None = None) -> Utilisateur:
    """A new account; an editor needs at least one structure."""
    email = normalize_email(email)
    if role not in ROLES:
        raise AccountError(f"Rôle inconnu : {role} (admin ou editeur).")
    if find_user(session, email):
        raise AccountError(f"Un compte existe déjà pour {email}.")
    if role == "editeur" and not structure_slugs:
        raise AccountError("Un éditeur doit être rattaché à au moins une structure.")
    check_password_strength(password)
    user = Utilisateur(email=email, nom=nom, role=role, mot_de_passe=hash_password(password), actif=True,
                       echecs=0, session_version=1,
                       structures=structures_by_slug(session, structure_slugs) if role == "editeur" else [])
    session.add(user)
    session.flush()
    return user


def change_password(user: Utilisateur, current: str, new: str) -> None:
    """Change the password after checking the current one; other sessions are logged out."""
    if not check_password_hash(user.mot_de_passe, current):
        raise AccountError("Le mot de passe actuel est incorrect.")
    check_password_strength(new)
    user.mot_de_passe = hash_password(new)
    user.session_version = (user.session_version or 1) + 1


def unlock(user: Utilisateur) -> None:
    user.echecs, user.bloque_jusqu_a = 0, None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_invitation(session: Session, email: str, role: str, structure_slugs: list[str], cree_par: str | None,
                      days: int = 7, now: dt.datetime | None = None) -> tuple[Invitation, str]:
    """A single-use invitation; returns it with the clear token (shown once, never stored)."""
    email = normalize_email(email)
    if role not in ROLES:
        raise AccountError(f"Rôle inconnu : {role} (admin ou editeur).")
    if role == "editeur" and not structure_slugs:
        raise AccountError("Un éditeur doit être rattaché à au moins une structure.")
    if find_user(session, email):
        raise AccountError(f"Un compte existe déjà pour {email}.")
    structures_by_slug(session, structure_slugs)
    token = secrets.token_urlsafe(32)
    now = now or utcnow()
    invitation = Invitation(token_hash=_token_hash(token), email=email, role=role, structures=list(structure_slugs),
                            cree_par=cree_par, cree_le=now, expire_le=now + dt.timedelta(days=days))
    session.add(invitation)
    session.flush()
    return invitation, token


def find_invitation(session: Session, token: str, now: dt.datetime | None = None) -> Invitation | None:
    """The usable invitation for ``token`` (unknown, used or expired → None)."""
    invitation = session.scalar(select(Invitation).where(Invitation.token_hash == _token_hash(token)))
    if invitation is None or not invitation.is_usable(now or utcnow()):
        return None
    return invitation


def accept_invitation(session: Session, invitation: Invitation, password: str, nom: str | None) -> Utilisateur:
    """Create the invited account and consume the invitation."""
    user = create_user(session, invitation.email, password, invitation.role, list(invitation.structures), nom=nom)
    invitation.utilisee_le = utcnow()
    return user
