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
    # Pages carry a visitor's CSRF token (no-store) or change with the answers: an ETag computed over
    # each compressed body would cost every response and never be revalidated.
    COMPRESS_EVALUATE_CONDITIONAL_REQUEST = False
    MAX_CONTENT_LENGTH = 1024 * 1024
    # Public address: when set, absolute URLs (API, e-mails, QR codes) never come from the Host header.
    SERVER_NAME: str | None = None
    PREFERRED_URL_SCHEME = "http"
    # Host headers accepted (others get 400); None accepts any, as in development.
    TRUSTED_HOSTS: list[str] | None = None
    # Number of reverse proxies in front whose X-Forwarded-* headers are believed (0: none).
    PROXY_FIX = 0
    # Production mode refuses unsafe settings at start-up (wizard/runtime/production.py).
    PRODUCTION = False
    # Instances declared behind the load balancer: more than one requires Redis and PostgreSQL.
    INSTANCES = 1
    # One JSON line per request and JSON error logs, with the request id (on by default in production).
    LOG_JSON = False
    # How often an instance looks for a parcours reload made on another one (seconds).
    PARCOURS_VERIFICATION_SECONDES = 1.0
    # Strict-Transport-Security, off by default (a service reached over plain HTTP must not send it).
    HSTS_MAX_AGE = 0
    HSTS_INCLUDE_SUBDOMAINS = False
    # E-mail (wizard/courrier.py): off unless MAIL_SERVER is set; the back-office inbox always works.
    MAIL_SERVER: str | None = None
    # Always real SMTP (Flask-Mailman would silently keep mail in memory under TESTING): tests use a local sink.
    MAIL_BACKEND = "smtp"
    MAIL_PORT = 25
    MAIL_DEFAULT_SENDER = "ne-pas-repondre@carto-ingenierie.invalid"
    MAIL_TIMEOUT = 10
    # Address of the service in links sent by e-mail from the command line (reminders).
    URL_PUBLIQUE = "http://127.0.0.1:5000"
    # Direct requests: reminder after N days without action, deletion N days after the last action.
    DEMANDES_RELANCE_JOURS = 5
    DEMANDES_CONSERVATION_JOURS = 365
    # Legal notice and accessibility statement: facts of the deployment, set by whoever runs it
    # (never guessed in the code); an unset value is shown as "to be completed" on the page.
    # Map (/cartographie/carte): no tile server unless a tile URL template is configured
    # (e.g. "https://tiles.example.fr/{z}/{x}/{y}.png"); its origin is then allowed in img-src.
    CARTE_FOND_URL: str | None = None
    CARTE_FOND_ATTRIBUTION: str | None = None
    # Partner sites allowed to frame the /integration/ views ("https://a.fr,https://b.fr"); none by default.
    INTEGRATION_ORIGINES: str | None = None
    DIRECTEUR_PUBLICATION: str | None = None
    HEBERGEUR: str | None = None
    CONTACT_ACCESSIBILITE: str | None = None


#: Environment variables read (never read os.environ elsewhere).
ENV_KEYS = ("SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URI", "SESSION_COOKIE_SECURE",
            "MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS", "MAIL_USE_SSL",
            "MAIL_DEFAULT_SENDER", "URL_PUBLIQUE", "SERVER_NAME", "PREFERRED_URL_SCHEME", "TRUSTED_HOSTS",
            "PROXY_FIX", "HSTS_MAX_AGE", "HSTS_INCLUDE_SUBDOMAINS", "DEMANDES_RELANCE_JOURS",
            "DEMANDES_CONSERVATION_JOURS", "PRODUCTION", "INSTANCES", "LOG_JSON",
            "DIRECTEUR_PUBLICATION", "HEBERGEUR", "CONTACT_ACCESSIBILITE",
            "DATA_DIR", "PARCOURS_DIR", "CARTE_FOND_URL", "CARTE_FOND_ATTRIBUTION", "INTEGRATION_ORIGINES")


def from_environment() -> dict[str, object]:
    """Settings found in the environment."""
    found: dict[str, object] = {k: os.environ[k] for k in ENV_KEYS if os.environ.get(k)}
    if "SESSION_COOKIE_SECURE" in found:
        found["SESSION_COOKIE_SECURE"] = str(found["SESSION_COOKIE_SECURE"]).lower() in ("1", "true", "yes")
    for flag in ("MAIL_USE_TLS", "MAIL_USE_SSL", "HSTS_INCLUDE_SUBDOMAINS", "PRODUCTION", "LOG_JSON"):
        if flag in found:
            found[flag] = str(found[flag]).lower() in ("1", "true", "yes")
    for number in ("MAIL_PORT", "PROXY_FIX", "HSTS_MAX_AGE", "DEMANDES_RELANCE_JOURS", "DEMANDES_CONSERVATION_JOURS",
                   "INSTANCES"):
        if number in found:
            found[number] = int(str(found[number]))
    if found.get("PRODUCTION") and "LOG_JSON" not in found:
        found["LOG_JSON"] = True
    if "TRUSTED_HOSTS" in found:
        found["TRUSTED_HOSTS"] = [h.strip() for h in str(found["TRUSTED_HOSTS"]).split(",") if h.strip()]
    return found


def instance_secret_key(instance_path: Path) -> str:
    """A per-install random key kept in instance/ (outside git) when none is configured."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()
