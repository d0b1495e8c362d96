"""The API's modules: importing this one registers every handler and view on ``bp``.

Add a module here and document its paths in openapi.yaml.
"""
from wizard.api import bp, contours, errors, openapi, opendata, orientation

__all__ = ["bp", "contours", "errors", "opendata", "openapi", "orientation"]
