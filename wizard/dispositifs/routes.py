"""View: the programmes on a timeline, filterable, with their dates in words."""
from __future__ import annotations

import datetime as dt

from flask import current_app, request
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from wizard.db import get_session
from wizard.dispositifs import bp
from wizard.dispositifs import frise as frise_service
from wizard.dispositifs.forms import FiltreDispositifsForm
from wizard.models import Dispositif, Structure
from wizard.web.rendering import page_ou_fragment


def today() -> dt.date:
    """Today's date; tests override it with the ``FRISE_AUJOURDHUI`` setting."""
    fixed = current_app.config.get("FRISE_AUJOURDHUI")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


@bp.get("/dispositifs")
def index():
    """Programmes on a timeline; filters travel in the query string."""
    session = get_session()
    taxonomy = current_app.extensions["taxonomy"]
    form = FiltreDispositifsForm(request.args)
    used = {s for d in session.scalars(select(Dispositif)) for s in (d.structures or [])}
    themes = {t for d in session.scalars(select(Dispositif)) for t in (d.thematiques or [])}
    form.thematique.choices = [SelectChoice("", "Toutes")] + [
        SelectChoice(s, t.label) for s, t in taxonomy.terms("thematiques").items() if s in themes]
    form.structure.choices = [SelectChoice("", "Toutes")] + [
        SelectChoice(s.slug, s.sigle or s.nom) for s in session.scalars(select(Structure).order_by(Structure.nom))
        if s.slug in used]
    valid = {key: (getattr(form, key).data or None) for key in ("thematique", "structure", "etat")}
    for key in valid:
        if valid[key] not in {c.value for c in getattr(form, key).choices}:
            valid[key] = None  # a stale or tampered value shows everything rather than nothing
    frise = frise_service.frise(session, today(), **valid)
    noms = {s.slug: (s.sigle or s.nom) for s in session.scalars(select(Structure))}
    return page_ou_fragment("dispositifs/index.html", "dispositifs/_frise.html", form=form, frise=frise,
                            noms_structures=noms, filtres=valid)


MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")


@bp.app_template_filter("date_publiee")
def date_publiee(value: str | None) -> str:
    """A published date in French words: "2026", "juin 2023", "1er octobre 2020"."""
    if not value:
        return ""
    parts = str(value).split("-")
    if len(parts) == 1:
        return parts[0]
    month = MOIS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{'1er' if day == 1 else day} {month} {parts[0]}"
