"""The running parcours: compiled at start-up (an invalid one stops the app), reloadable everywhere.

``app.extensions["parcours"]`` holds the compiled flow and ``app.extensions["recommandations"]``
the recommender's rules. A reload (``flask parcours reload`` or the back-office button) validates
the files, then bumps the active version in the database (table parcours_actif): every instance
sharing that database compares it with its own at most every PARCOURS_VERIFICATION_SECONDES and
recompiles its copy of parcours/ when it is behind, so a reload reaches every instance, not only
the one that served the click.
"""
from __future__ import annotations

import hashlib
import math
import threading
import time
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from wizard.admin.parcours_files import Compiled, compile_all
from wizard.db import get_session
from wizard.models import ParcoursActif
from wizard.models.suggestion import utcnow
from wizard.parcours_engine import Parcours
from wizard.parcours_engine.errors import Issue, ParcoursError
from wizard.recommender import Rules
from wizard.runtime.fingerprint import engine_key, fingerprint_of

PARCOURS, REGLES = "parcours", "recommandations"
_lock = threading.Lock()
#: Compiled objects are immutable: apps of one process reading the same files share them.
_compiled: dict[tuple, Compiled] = {}


def _signature(app: Flask) -> tuple:
    """Names, sizes and modification times of the parcours files and of the taxonomy."""
    files = sorted(Path(app.config["PARCOURS_DIR"]).glob("*.yaml"))
    files.append(Path(app.config["DATA_DIR"]) / "taxonomie.yaml")
    return tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.exists())


def compile_files(app: Flask) -> Compiled:
    """Compile parcours/ against the app's taxonomy (ParcoursError with every located issue)."""
    key = _signature(app)
    found = _compiled.get(key)
    if found is None:
        found = compile_all(Path(app.config["PARCOURS_DIR"]), app.extensions["taxonomy"])
        if found.rules is None:
            raise ParcoursError([Issue(f"{Path(app.config['PARCOURS_DIR']).name}/recommandations.yaml", 1, 1,
                                       "fichier absent : les règles de recommandation sont obligatoires.")])
        _compiled[key] = found
    return found


def load_parcours(app: Flask) -> Compiled:
    """Compile parcours/ and swap the running parcours and rules (the old ones stay on error)."""
    compiled = compile_files(app)
    app.extensions[PARCOURS], app.extensions[REGLES] = compiled.parcours, compiled.rules
    app.extensions["parcours_empreinte"] = files_fingerprint(app)
    return compiled


def files_fingerprint(app: Flask) -> str:
    """SHA-256 of the parcours files and of the taxonomy: which release an instance compiled."""
    digest = hashlib.sha256()
    for name, _size, _mtime in _signature(app):
        digest.update(Path(name).name.encode("utf-8") + b"\0" + Path(name).read_bytes() + b"\0")
    return digest.hexdigest()


def reload_if_requested(app: Flask) -> None:
    """Recompile when the active version in the database is newer than this instance's (cheap, throttled)."""
    now = time.monotonic()
    if now - app.extensions.get("parcours_verifie_le", -math.inf) < app.config["PARCOURS_VERIFICATION_SECONDES"]:
        return
    app.extensions["parcours_verifie_le"] = now
    session = get_session()
    try:
        row = session.execute(select(ParcoursActif.numero, ParcoursActif.empreinte)
                              .where(ParcoursActif.id == 1)).first()
    except SQLAlchemyError:
        session.rollback()  # schema not migrated yet: the start-up version is the one served
        return
    if row is None:
        return  # never reloaded: every instance serves the files it started with
    active, empreinte = row
    with _lock:
        known = app.extensions.get("parcours_numero")
        if known is None:
            # First look since start-up: behind only if the active files are not the ones compiled here.
            app.extensions["parcours_numero"] = active
            if app.extensions.get("parcours_empreinte") == empreinte:
                return
        elif active <= known:
            return
        try:
            load_parcours(app)
        except ParcoursError as exc:
            # Keep serving the running version; the reload already refused invalid files where it was asked.
            app.logger.error("Rechargement du parcours refusé :\n%s", exc)
        app.extensions["parcours_numero"] = active
        if app.extensions.get("parcours_empreinte") != empreinte:
            app.logger.error("Les fichiers du parcours de cette instance diffèrent de la version active : "
                             "déployez les mêmes fichiers sur chaque instance.")


def current_parcours() -> Parcours:
    """The running parcours of the current app."""
    return current_app.extensions[PARCOURS]


def current_rules() -> Rules:
    """The running recommendation rules of the current app."""
    return current_app.extensions[REGLES]


def version_courante() -> tuple:
    """What a wizard or API answer depends on beyond its URL: running parcours and rules, content."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    reload_if_requested(app)
    # A cached page is served without opening a database session while the fingerprint is fresh.
    url = engine_key(app.extensions["db_engine"])
    return (id(current_parcours()), id(current_rules()), fingerprint_of(url, get_session))


def request_reload(app: Flask, session: Session, par: str | None = None) -> int:
    """Make the files this instance compiled the active version of every instance; return its number.

    One UPDATE … SET numero = numero + 1 (or the first row): two reloads at once get two numbers.
    The caller commits.
    """
    empreinte = files_fingerprint(app)
    values = {"empreinte": empreinte, "recharge_le": utcnow(), "recharge_par": par}
    numero = session.execute(update(ParcoursActif).where(ParcoursActif.id == 1)
                             .values(numero=ParcoursActif.numero + 1, **values)
                             .returning(ParcoursActif.numero)).scalar_one_or_none()
    if numero is None:
        numero = 1
        session.add(ParcoursActif(id=1, numero=numero, **values))
        session.flush()
    # Every instance, this one included, swaps at its next check (compiled objects are cached by file).
    app.extensions["parcours_verifie_le"] = -math.inf
    return numero


def active_version(session: Session) -> ParcoursActif | None:
    """The active version's row (None before the first reload)."""
    return session.get(ParcoursActif, 1)


def init_app(app: Flask) -> None:
    """Compile the parcours at start-up; invalid files stop the app with their file:line:column errors."""
    try:
        load_parcours(app)
    except ParcoursError as exc:
        raise ParcoursError(exc.errors) from None
