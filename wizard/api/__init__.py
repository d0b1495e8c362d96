"""Open data API (JSON and CSV, documented by OpenAPI): read-only, CORS-open, CSRF-exempt."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
