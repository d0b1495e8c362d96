"""Accounts of the back-office: login, logout, password change, invitations, `flask users`."""
from flask import Blueprint

bp = Blueprint("auth", __name__)
