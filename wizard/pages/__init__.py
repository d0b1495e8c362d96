"""Public pages that are not a tool: home, accessibility, legal notice."""
from flask import Blueprint

bp = Blueprint("pages", __name__)

from wizard.pages import routes  # noqa: E402,F401  (registers the views on bp)
