"""Join codes and management secrets: generated, normalised, hashed. Pure Python."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

#: No 0/O, 1/I/L: a code read aloud or copied from a projector is not misread.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LONGUEUR = 6
_CODE = re.compile(f"^[{ALPHABET}]{{{LONGUEUR}}}$")


def nouveau_code() -> str:
    """A random join code (31⁶ ≈ 887 million: collisions are retried by the caller)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LONGUEUR))


def normaliser(saisie: str | None) -> str | None:
    """The code as typed ("ab3 k7m", "AB3-K7M") in canonical form, or None if it cannot be one."""
    code = re.sub(r"[\s\-.]", "", saisie or "").upper()
    return code if _CODE.match(code) else None


def nouveau_secret() -> str:
    """The management token shown once to the animator (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def empreinte(texte: str) -> str:
    """SHA-256 of a text, hex: what is stored instead of a secret, or to recognise a repeat."""
    return hashlib.sha256(texte.encode("utf-8")).hexdigest()


def secret_valide(secret: str, attendu: str) -> bool:
    """Whether ``secret`` hashes to ``attendu`` (constant time)."""
    return hmac.compare_digest(empreinte(secret), attendu)


def nouveau_jeton() -> str:
    """A participant's browser token."""
    return secrets.token_urlsafe(24)
