"""The running parcours: compiled at start-up (an invalid one stops the app), reloadable.

``app.extensions["parcours"]`` holds the compiled flow and ``app.extensions["recommandations"]``
the recommender's rules. ``flask parcours reload`` validates the files, then touches a stamp in
instance/: every instance of this host reloads on its next wizard or API request; other hosts
reload at their next start.
"""
from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app

from wizard.admin.parcours_files import Compiled, compile_all
from wizard.db import get_session
from wizard.parcours_engine import Parcours
from wizard.parcours_engine.errors import Issue, ParcoursError
from wizard.recommender import Rules
from wizard.runtime.fingerprint import fingerprint

PARCOURS, REGLES = "parcours", "recommandations"
STAMP = "parcours.rechargement"
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
    app.extensions["parcours_charge_le"] = _stamp_time(app)
    return compiled


def _stamp(app: Flask) -> Path:
    return Path(app.instance_path) / STAMP


def _stamp_time(app: Flask) -> float:
    try:
        return _stamp(app).stat().st_mtime
    except OSError:
        return 0.0


def reload_if_requested(app: Flask) -> None:
    """Reload when `flask parcours reload` touched the stamp since this instance loaded (one stat)."""
    if _stamp_time(app) <= app.extensions.get("parcours_charge_le", 0.0):
        return
    with _lock:
        try:
            load_parcours(app)
        except ParcoursError as exc:
            # Keep serving the running version; the command already refused invalid files.
            app.extensions["parcours_charge_le"] = _stamp_time(app)
            app.logger.error("Rechargement du parcours refusé :\n%s", exc)


def current_parcours() -> Parcours:
    """The running parcours of the current app."""
    return current_app.extensions[PARCOURS]


def current_rules() -> Rules:
    """The running recommendation rules of the current app."""
    return current_app.extensions[REGLES]


def version_courante() -> tuple:
    """What a wizard or API answer depends on beyond its URL: running parcours and rules, content."""
    reload_if_requested(current_app._get_current_object())  # type: ignore[attr-defined]
    return (id(current_parcours()), id(current_rules()), fingerprint(get_session()))


def request_reload(app: Flask) -> None:
    """Ask every instance of this host to reload at its next request (touches the stamp)."""
    stamp = _stamp(app)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()


def init_app(app: Flask) -> None:
    """Compile the parcours at start-up; invalid files stop the app with their file:line:column errors."""
    try:
        load_parcours(app)
    except ParcoursError as exc:
        raise ParcoursError(exc.errors) from None
