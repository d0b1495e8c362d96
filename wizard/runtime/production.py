"""Production mode (PRODUCTION=1): refuse to start on a configuration that would be unsafe.

Development stays easy (a generated key, in-memory rate limits, plain HTTP); production says,
all at once and in French, what to set before the service may start.
"""
from __future__ import annotations

from collections.abc import Mapping


class ConfigurationDangereuse(RuntimeError):
    """The production configuration is unsafe; the message lists every problem."""


def problems(config: Mapping[str, object]) -> list[str]:
    """What makes ``config`` unsafe for production (empty when it is fine)."""
    found = []
    key = str(config.get("SECRET_KEY") or "")
    if len(key) < 32:
        found.append("SECRET_KEY doit être fixée (32 caractères au moins, la même sur toutes les instances) : "
                     "une clé générée par instance refuserait les cookies des autres.")
    instances = int(config.get("INSTANCES") or 1)
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if instances > 1 and not storage.startswith(("redis://", "rediss://", "redis+sentinel://", "redis+cluster://")):
        found.append(f"INSTANCES={instances} : RATELIMIT_STORAGE_URI doit pointer vers Redis (redis://…), sinon "
                     "chaque instance compte ses propres tentatives et les limites sont multipliées.")
    database = str(config.get("DATABASE_URL") or "")
    if instances > 1 and not database.startswith("postgresql"):
        found.append(f"INSTANCES={instances} : DATABASE_URL doit désigner la base PostgreSQL partagée "
                     "(postgresql+psycopg://…).")
    if not config.get("SESSION_COOKIE_SECURE"):
        found.append("SESSION_COOKIE_SECURE=1 est obligatoire (le service est servi en HTTPS).")
    if not config.get("SERVER_NAME") and not config.get("TRUSTED_HOSTS"):
        found.append("SERVER_NAME (adresse publique, par exemple carto.mayenne.gouv.fr) ou TRUSTED_HOSTS doit être "
                     "fixé : sinon l'en-tête Host d'un visiteur fabrique les adresses absolues.")
    if config.get("RATELIMIT_ENABLED") is False:
        found.append("RATELIMIT_ENABLED ne peut pas être désactivé en production.")
    if config.get("WTF_CSRF_ENABLED") is False:
        found.append("WTF_CSRF_ENABLED ne peut pas être désactivé en production.")
    return found


def check(config: Mapping[str, object]) -> None:
    """Raise ConfigurationDangereuse when PRODUCTION is on and the configuration is unsafe."""
    if not config.get("PRODUCTION"):
        return
    found = problems(config)
    if found:
        raise ConfigurationDangereuse("Démarrage refusé en production :\n- " + "\n- ".join(found))
