"""E-mail subscriptions to the service's news, without an account; the Atom feed of the same news."""
from flask import Blueprint

bp = Blueprint("abonnements", __name__)
