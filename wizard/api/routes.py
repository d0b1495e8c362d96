"""The API's modules: importing this one registers every handler and view on ``bp``.

Add a module here and document its paths in openapi.yaml.
"""
from wizard.api import bp, errors, openapi, opendata, orientation

__all__ = ["bp", "errors", "opendata", "openapi", "orientation"]
