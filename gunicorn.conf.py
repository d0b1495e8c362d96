"""gunicorn settings for production, read by `gunicorn 'wizard:create_app()'` run from this folder.

(`make run` uses wizard/gunicorn_conf.py instead: a local server on 127.0.0.1.) Each instance is
stateless: sessions are signed cookies checked against the database, rate limits live in Redis,
the active parcours version in the database. Run the migrations once per release, before starting
the instances (README, « Déploiement »).
"""
from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# WEB_CONCURRENCY is gunicorn's own variable; default: the usual 2 × cores + 1.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that no slow leak grows without bound (jitter: not all at once).
max_requests = 2000
max_requests_jitter = 200
# The reverse proxy whose X-Forwarded-* headers gunicorn believes (the app's PROXY_FIX says how many).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app writes one JSON line per request with its id (LOG_JSON, on in production): no second access log.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
