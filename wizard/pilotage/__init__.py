"""Steering for the State services: aggregate counters, the "did it help?" answers, the statistics."""
from flask import Blueprint

bp = Blueprint("pilotage", __name__)
