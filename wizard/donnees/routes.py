"""View: how to use the open data (API, CSV, licence), with examples."""
from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import func, select

from wizard.api.openapi import DOCUMENT
from wizard.db import get_session
from wizard.donnees import bp
from wizard.models import Dispositif, Structure


@bp.get("/donnees")
def index():
    """Document the API from its OpenAPI description, with examples and the licence."""
    session = get_session()
    exemple = session.scalar(select(Structure.slug).order_by(Structure.nom).limit(1))
    # Paths documented in the contract but not served yet (another module adds them) are labelled so.
    served = {rule.rule.removeprefix("/api/v1").replace("<slug>", "{slug}")
              for rule in current_app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")}
    return render_template(
        "donnees/index.html", openapi=DOCUMENT, exemple_slug=exemple, served=served,
        nb_structures=session.scalar(select(func.count()).select_from(Structure)),
        nb_dispositifs=session.scalar(select(func.count()).select_from(Dispositif)))
