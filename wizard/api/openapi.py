"""The OpenAPI 3.1 document (openapi.yaml beside this file), read once at import."""
from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

PATH = Path(__file__).with_name("openapi.yaml")


def load() -> dict:
    """The OpenAPI document as plain dicts and lists."""
    with PATH.open(encoding="utf-8") as fh:
        return YAML(typ="safe").load(fh)


DOCUMENT = load()
