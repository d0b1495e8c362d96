"""Back-office home: what the user can edit and what awaits them."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from wizard.admin import bp
from wizard.admin.access import me, visible_structures
from wizard.db import get_session
from wizard.models import Suggestion


@bp.get("/")
def index():
    """Dashboard of the logged-in partner or curator."""
    pending = 0
    if me().is_admin:
        pending = get_session().scalar(select(func.count()).select_from(Suggestion)
                                       .where(Suggestion.statut == "en_attente"))
    return render_template("admin/index.html", structures=visible_structures(), pending=pending)
