"""GET /sante: what a load balancer or a supervisor asks an instance (JSON, never cached).

200 when the database answers and a parcours is loaded; 503 otherwise, so that the load balancer
takes the instance out. It says which parcours and which data this instance serves, so two
instances serving different versions are seen at a glance.
"""
from __future__ import annotations

import hashlib

from flask import Flask, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from wizard.db import get_session
from wizard.runtime import active_parcours
from wizard.runtime.fingerprint import read_fingerprint


def sante():
    """Database reachable, parcours loaded (number, files' hash), data version."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    active_parcours.reload_if_requested(app)
    parcours = app.extensions.get(active_parcours.PARCOURS)
    body: dict = {"etat": "ok", "base": "ok",
                  "parcours": None if parcours is None else {
                      "etapes": len(parcours.steps), "numero": app.extensions.get("parcours_numero", 0),
                      "empreinte": app.extensions.get("parcours_empreinte")}}
    try:
        _url, structures, versions, offres, dernier = read_fingerprint(get_session())
        body["donnees"] = {"structures": structures, "offres": offres, "version": hashlib.sha256(
            f"{structures}:{versions}:{offres}:{dernier}".encode()).hexdigest()[:16]}
    except SQLAlchemyError as exc:
        get_session().rollback()
        app.logger.error("Santé : base injoignable ou schéma incomplet (%s)", type(exc).__name__)
        body.update(etat="erreur", base="injoignable ou schéma incomplet", donnees=None)
    if parcours is None:
        body["etat"] = "erreur"
    response = jsonify(body)
    response.status_code = 200 if body["etat"] == "ok" else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Serve /sante (outside any area: it belongs to the operation of the service)."""
    app.add_url_rule("/sante", "sante", sante, methods=["GET"])
