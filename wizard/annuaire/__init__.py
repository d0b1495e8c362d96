"""The annuaire: every structure, searchable and filterable, and each structure's fiche."""
from flask import Blueprint

bp = Blueprint("annuaire", __name__)
