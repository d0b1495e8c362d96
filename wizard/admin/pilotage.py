"""Steering for the State services (admins): drop-off, needs asked, requests, uncovered needs, answers; CSV."""
from __future__ import annotations

from flask import Response, current_app, render_template, request

from wizard.admin import bp
from wizard.admin.access import admin_required
from wizard.db import get_session
from wizard.pilotage.compteurs import tampon
from wizard.pilotage.export import csv_texte
from wizard.pilotage.tableau import ENTETE, lignes_csv, periode, pilotage
from wizard.runtime.active_parcours import current_parcours


def _tableau():
    buffer = tampon()
    if buffer is not None:
        buffer.flush()  # this instance's latest counts are shown too
    p, erreur = periode(request.args)
    return pilotage(get_session(), current_parcours(), current_app.extensions["taxonomy"], p), erreur


@bp.get("/pilotage")
@admin_required
def pilotage_index():
    """The steering page: SVG charts with their figures as tables."""
    tableau, erreur = _tableau()
    return render_template("admin/pilotage.html", t=tableau, erreur=erreur)


@bp.get("/pilotage.csv")
@admin_required
def pilotage_csv():
    """The same figures as CSV (cells neutralised against spreadsheet formulas)."""
    tableau, _ = _tableau()
    body = csv_texte(ENTETE, lignes_csv(tableau))
    name = f"pilotage-{tableau.periode.debut:%Y%m%d}-{tableau.periode.fin:%Y%m%d}.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})
