"""The human page documenting the open data API and its licence."""
from flask import Blueprint

bp = Blueprint("donnees", __name__)
