"""Configuration: defaults in a class, secrets and URLs from the environment."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

#: The project root (data/, parcours/, templates/, static/ live there).
ROOT = Path(__file__).resolve().parent.parent


class Config:
    """Defaults; ``from_environment`` overlays the environment variables."""

    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None  # default: SQLite under instance/
    DATA_DIR = str(ROOT / "data")
    PARCOURS_DIR = str(ROOT / "parcours")
    # Load data/ into an empty database at start-up (the embedded default).
    AUTOLOAD_DATA = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_TIME_LIMIT = None  # a form left open during a workshop must still submit
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    MAX_CONTENT_LENGTH = 1024 * 1024


#: Environment variables read (never read os.environ elsewhere).
ENV_KEYS = ("SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URI", "SESSION_COOKIE_SECURE")


def from_environment() -> dict[str, object]:
    """Settings found in the environment."""
    found: dict[str, object] = {k: os.environ[k] for k in ENV_KEYS if os.environ.get(k)}
    if "SESSION_COOKIE_SECURE" in found:
        found["SESSION_COOKIE_SECURE"] = str(found["SESSION_COOKIE_SECURE"]).lower() in ("1", "true", "yes")
    return found


def instance_secret_key(instance_path: Path) -> str:
    """A per-install random key kept in instance/ (outside git) when none is configured."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()
