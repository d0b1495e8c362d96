"""The annuaire: every structure, searchable and filterable, and each structure's fiche."""
from flask import Blueprint

bp = Blueprint("annuaire", __name__)

from wizard.annuaire import routes  # noqa: E402,F401  (registers the views on bp)
