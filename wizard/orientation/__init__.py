"""The wizard "Trouver un interlocuteur": one GET URL per step, answers in the query string (PRG)."""
from flask import Blueprint

bp = Blueprint("orientation", __name__)
