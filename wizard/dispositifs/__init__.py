"""The programmes (dispositifs) over time."""
from flask import Blueprint

bp = Blueprint("dispositifs", __name__)

from wizard.dispositifs import routes  # noqa: E402,F401  (registers the views on bp)
