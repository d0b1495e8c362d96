"""The human page documenting the open data API and its licence."""
from flask import Blueprint

bp = Blueprint("donnees", __name__)

from wizard.donnees import routes  # noqa: E402,F401  (registers the views on bp)
