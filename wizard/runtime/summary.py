"""One line saying what an instance serves: database, data loaded, parcours (printed by `make run`)."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from wizard.models import Commune, Dispositif, Structure


def describe(app: Flask) -> str:
    """« 45 structures, 12 dispositifs, 240 communes (instance/carto.sqlite) ; parcours : 9 questions »."""
    with app.extensions["db_sessionmaker"]() as session:
        counts = [session.scalar(select(func.count()).select_from(model)) or 0
                  for model in (Structure, Dispositif, Commune)]
    url = make_url(app.config["DATABASE_URL"])
    where = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)
    parcours = app.extensions.get("parcours")
    questions = f" ; parcours : {len(parcours.steps)} questions" if parcours is not None else ""
    return (f"{counts[0]} structures, {counts[1]} dispositifs, {counts[2]} communes "
            f"chargés ({where}){questions}")
