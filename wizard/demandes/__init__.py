"""Direct requests ("Être recontacté"): the public form and the sender's private tracking page."""
from flask import Blueprint

bp = Blueprint("demandes", __name__)
