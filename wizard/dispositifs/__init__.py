"""The programmes (dispositifs) over time."""
from flask import Blueprint

bp = Blueprint("dispositifs", __name__)
