"""A request id on every request, and structured JSON logs (one line per request) when LOG_JSON is on.

The id comes from the load balancer's X-Request-ID when it looks like one, so a line of its log and
of ours can be matched; otherwise it is generated. It is sent back in X-Request-ID and added to
every log record written while the request runs (errors included).
"""
from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

HEADER = "X-Request-ID"
_VALID = re.compile(r"[A-Za-z0-9._-]{8,64}")
ACCESS_LOGGER = "wizard.requetes"


class _RequestId(logging.Filter):
    """Adds ``request_id`` to each record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id") if has_request_context() else None
        return True


def _start() -> None:
    incoming = request.headers.get(HEADER, "")
    g.request_id = incoming if _VALID.fullmatch(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers[HEADER] = g.get("request_id", "")
    if logging.getLogger(ACCESS_LOGGER).isEnabledFor(logging.INFO):
        started = g.get("request_started")
        logging.getLogger(ACCESS_LOGGER).info("requete", extra={
            "methode": request.method, "chemin": request.path, "statut": response.status_code,
            "duree_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "ip": request.remote_addr})
    return response


def json_handler() -> logging.Handler:
    """A stderr handler writing one JSON object per record, with the request id."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter("{asctime}{levelname}{name}{message}{request_id}", style="{",
                                       rename_fields={"asctime": "horodatage", "levelname": "niveau",
                                                      "name": "journal"}))
    handler.addFilter(_RequestId())
    return handler


def init_app(app: Flask) -> None:
    """Request ids always; JSON logs for the app and the access log when LOG_JSON is on."""
    app.before_request(_start)
    app.after_request(_finish)
    if app.config.get("LOG_JSON"):
        handler = json_handler()
        for name in (app.logger.name, ACCESS_LOGGER):
            logger = logging.getLogger(name)
            logger.handlers = [handler]
            logger.setLevel(logging.INFO)
            logger.propagate = False
