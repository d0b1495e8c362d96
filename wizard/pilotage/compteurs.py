"""Server-side aggregate counters of the parcours: step views per day, results, needs asked, needs uncovered.

Nothing identifies a visitor: no cookie, no IP, no answer set kept — only "on this day, this step
was shown n times". Counts are buffered in memory and added to the database in one upsert per
(day, measure, key) every PILOTAGE_FLUSH_SECONDS, so a page view costs no database write; each
instance adds its own counts (several instances sum up).
"""
from __future__ import annotations

import atexit
import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Iterable

from flask import Flask, current_app, request
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from wizard.models import Compteur
from wizard.pilotage.besoins import mesures_du_resultat

Cle = tuple[dt.date, str, str]


class Tampon:
    """Counts not yet written, per app."""

    def __init__(self, makesession: sessionmaker, every: float) -> None:
        self.makesession = makesession
        self.every = every
        self._counts: Counter[Cle] = Counter()
        self._lock = threading.Lock()
        self._last = time.monotonic()

    def add(self, items: Iterable[tuple[str, str]], jour: dt.date | None = None) -> None:
        jour = jour or dt.date.today()
        with self._lock:
            for mesure, cle in items:
                self._counts[(jour, mesure, cle[:200])] += 1
            due = time.monotonic() - self._last >= self.every or len(self._counts) > 500
        if due:
            self.flush()

    def flush(self) -> None:
        """Add the buffered counts to the database (a failure puts them back for the next try)."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._last = time.monotonic()
        if not counts:
            return
        try:
            with self.makesession() as session:
                ajouter(session, counts)
                session.commit()
        except Exception:  # pragma: no cover - database down: keep the counts, the page was served anyway
            with self._lock:
                self._counts.update(counts)


def ajouter(session: Session, counts: Counter[Cle]) -> None:
    """Add counts to their rows, creating them (one statement per row, safe under concurrency)."""
    dialect = session.get_bind().dialect.name
    for (jour, mesure, cle), n in counts.items():
        if dialect in ("sqlite", "postgresql"):
            insert = (sqlite_insert if dialect == "sqlite" else pg_insert)(Compteur).values(
                jour=jour, mesure=mesure, cle=cle, n=n)
            session.execute(insert.on_conflict_do_update(index_elements=["jour", "mesure", "cle"],
                                                         set_={"n": Compteur.n + n}))
        else:  # pragma: no cover - other databases: update, else insert
            done = session.execute(update(Compteur).where(Compteur.jour == jour, Compteur.mesure == mesure,
                                                          Compteur.cle == cle).values(n=Compteur.n + n))
            if not done.rowcount:
                session.add(Compteur(jour=jour, mesure=mesure, cle=cle, n=n))


def tampon() -> Tampon | None:
    return current_app.extensions.get("pilotage_tampon")


def compter(items: Iterable[tuple[str, str]]) -> None:
    """Count these (measure, key) events for today."""
    buffer = tampon()
    if buffer is not None:
        buffer.add(list(items))


def _apres_requete(response):
    """Count a shown step or result page (GET 200 of the wizard), whoever served it (view or page cache)."""
    if request.method != "GET" or response.status_code != 200:
        return response
    if request.endpoint == "orientation.step":
        compter([("etape", (request.view_args or {}).get("step_id", ""))])
    elif request.endpoint == "orientation.resultats":
        compter(mesures_du_resultat())
    return response


def init_app(app: Flask) -> None:
    """Buffer per app, hook after every request, last flush when the process exits."""
    if not app.config.get("PILOTAGE_COMPTEURS", True):
        return
    buffer = Tampon(app.extensions["db_sessionmaker"], float(app.config.get("PILOTAGE_FLUSH_SECONDS", 30)))
    app.extensions["pilotage_tampon"] = buffer
    app.after_request(_apres_requete)
    atexit.register(buffer.flush)
