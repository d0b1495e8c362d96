"""Accounts: hashing, authentication (throttled by wizard.auth.throttle), invitations. Callers commit."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from wizard.auth import throttle
from wizard.auth.password_policy import guessable
from wizard.models import Invitation, Structure, Utilisateur
from wizard.models.compte import ROLES
from wizard.models.suggestion import utcnow

MIN_PASSWORD_LENGTH = 12
WRONG_CREDENTIALS = "Adresse électronique ou mot de passe incorrect."
# Hash of a random password: an unknown e-mail costs as much time as a known one (no enumeration by timing).
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16), method="scrypt")


class AccountError(ValueError):
    """A refused account operation, with a French message for the user."""


class WeakPassword(AccountError):
    """The new password is refused (too short or guessable): the error belongs to the new-password field."""


@dataclass(frozen=True)
class LoginResult:
    user: Utilisateur | None
    message: str | None = None


def hash_password(password: str) -> str:
    """scrypt hash (werkzeug), salted."""
    return generate_password_hash(password, method="scrypt")


def check_password_strength(password: str, email: str | None = None) -> None:
    """Refuse a short or guessable password (AccountError with the French reason)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères.")
    if guessable(password, email):
        raise WeakPassword("Ce mot de passe est trop facile à deviner (mot courant, suite du clavier, répétition, "
                           "date ou votre adresse) : choisissez une phrase de plusieurs mots.")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user(session: Session, email: str) -> Utilisateur | None:
    return session.scalar(select(Utilisateur).where(func.lower(Utilisateur.email) == normalize_email(email)))


def authenticate(session: Session, email: str, password: str, now: dt.datetime | None = None) -> LoginResult:
    """Check the credentials of an attempt that throttle.claim allowed; a success forgets the failures.

    Unknown, deactivated and known accounts get the same message and cost the same hash check.
    """
    user = find_user(session, email)
    if user is None or not user.actif:
        check_password_hash(_DUMMY_HASH, password)
        return LoginResult(None, WRONG_CREDENTIALS)
    if not check_password_hash(user.mot_de_passe, password):
        return LoginResult(None, WRONG_CREDENTIALS)
    throttle.succeeded(session, email)
    user.derniere_connexion = now or utcnow()
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
    check_password_strength(password, email)
    user = Utilisateur(email=email, nom=nom, role=role, mot_de_passe=hash_password(password), actif=True,
                       session_version=1,
                       structures=structures_by_slug(session, structure_slugs) if role == "editeur" else [])
    session.add(user)
    session.flush()
    return user


def change_password(user: Utilisateur, current: str, new: str) -> None:
    """Change the password after checking the current one; other sessions are logged out."""
    if not check_password_hash(user.mot_de_passe, current):
        raise AccountError("Le mot de passe actuel est incorrect.")
    check_password_strength(new, user.email)
    user.mot_de_passe = hash_password(new)
    revoke_sessions(user)


def revoke_sessions(user: Utilisateur) -> None:
    """End every session of ``user``: their cookies carry the old version, checked on each request."""
    user.session_version = (user.session_version or 1) + 1


def unlock(session: Session, user: Utilisateur) -> None:
    """Lift the wait imposed on the account's address after failed logins."""
    throttle.succeeded(session, user.email)


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
