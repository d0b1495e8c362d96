"""Qui fait quoi: the coverage matrix, the schematic map of the EPCI and the commune pages."""
from flask import Blueprint

bp = Blueprint("cartographie", __name__)
