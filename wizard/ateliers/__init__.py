"""Workshop mode: animators run a live atelier, participants answer on their phones, the room sees its needs."""
from flask import Blueprint

bp = Blueprint("ateliers", __name__)
