"""Open data API (JSON and CSV, documented by OpenAPI): read-only, CORS-open, CSRF-exempt.

Route modules register on ``bp``; add a module by importing it below (e.g. ``orientation`` for
/recommandations, /thematiques, /communes) and documenting its paths in openapi.yaml.
"""
from flask import Blueprint, Response

from wizard.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Read-only GET endpoints: no session state to protect, and third-party sites must be able to call them.
csrf.exempt(bp)


@bp.after_request
def _open_data_headers(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


from wizard.api import (  # noqa: E402,F401  (registers handlers and views on bp)
    errors,
    opendata,
    orientation,  # noqa: E402,F401  (recommandations, thematiques, communes)
)
