"""Public pages that are not a tool: home, accessibility, legal notice."""
from flask import Blueprint

bp = Blueprint("pages", __name__)
