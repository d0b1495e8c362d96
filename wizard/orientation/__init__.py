"""The wizard "Trouver un interlocuteur": one GET URL per step, answers in the query string (PRG)."""
from flask import Blueprint

bp = Blueprint("orientation", __name__)

from wizard.orientation import resultats, routes  # noqa: E402,F401  (registers the views on bp)
