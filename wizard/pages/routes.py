"""Home and information pages."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import func, select

from wizard.annuaire.premiers_pas import guide
from wizard.db import get_session
from wizard.models import Structure
from wizard.pages import bp


@bp.get("/")
def home():
    """Present the service and its three entries."""
    nb_structures = get_session().scalar(select(func.count()).select_from(Structure))
    return render_template("pages/home.html", nb_structures=nb_structures)


@bp.get("/accessibilite")
def accessibilite():
    """Accessibility statement (RGAA): honest about what was checked."""
    return render_template("pages/accessibilite.html")


@bp.get("/mentions-legales")
def mentions_legales():
    """Legal notice, data licence and sources."""
    return render_template("pages/mentions_legales.html")


@bp.get("/nouvel-elu-par-ou-commencer")
def premiers_pas():
    """The newcomers' guide: ten things to know, each pointing to the structure or training that helps."""
    session = get_session()
    return render_template("pages/premiers_pas.html", guide=guide(session, Path(current_app.config["DATA_DIR"])))
