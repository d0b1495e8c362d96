"""Back-office of the partners (/admin): fiches, history, moderation, data quality, parcours, accounts."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
