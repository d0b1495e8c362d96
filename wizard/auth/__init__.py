"""Accounts of the back-office: login, logout, password change, invitations, `flask users`."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from wizard.auth import cli, routes, session  # noqa: E402,F401  (registers views, CLI, context)
