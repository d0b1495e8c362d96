"""gunicorn settings of `make run`: `gunicorn -c python:wizard.gunicorn_conf 'wizard:create_app()'`.

The master builds the app once before the workers start: migrations and the first load of data/
run there, once (two workers would otherwise both load an empty database), and it prints one line
saying what is served. Quiet otherwise: warnings and errors only, no access log.
"""
from __future__ import annotations

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
loglevel = "warning"


def when_ready(server) -> None:
    from wizard import create_app
    from wizard.runtime.summary import describe

    app = create_app()
    # The workers open their own connections: none of the master's may cross the fork.
    app.extensions["db_engine"].dispose()
    print(f"Carto Ingénierie 53 : {describe(app)}.", flush=True)
    print(f"Servi par gunicorn ({workers} processus) sur http://{bind}  (Ctrl+C pour arrêter ; "
          "développement : .venv/bin/flask --app wizard run --debug)", flush=True)
