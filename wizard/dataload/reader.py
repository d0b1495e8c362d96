"""Read YAML keeping line numbers (ruamel round-trip nodes), and JSON territory files."""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from wizard.dataload.errors import DataError, DataErrors


def _timestamp_as_text(constructor, node):
    # Dates stay text as written ("2026", "2026-13-01"): the validator judges them with file and
    # line, instead of the YAML library failing on an impossible date with a bare traceback.
    return constructor.construct_scalar(node)


def round_trip_yaml() -> YAML:
    """The YAML reader/writer used for data/: keeps comments, quotes and key order."""
    yaml = YAML()
    # Before the constructor is first touched: it reads the flag only when it is created.
    yaml.preserve_quotes = True
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    # Unknown facts are written `null`, as authors do, not as an empty value.
    yaml.representer.add_representer(
        type(None), lambda rep, _data: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


def read_yaml(path: Path) -> Any:
    """Parse ``path``; a syntax error becomes a located DataError."""
    try:
        with path.open(encoding="utf-8") as fh:
            return round_trip_yaml().load(fh)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise DataErrors([DataError(path.name, line, "syntaxe", f"YAML illisible : {exc.problem}")]) from exc
    except FileNotFoundError as exc:
        raise DataErrors([DataError(path.name, 0, "fichier", "fichier introuvable")]) from exc


def line_of(node: Any, key: str | int | None = None) -> int:
    """1-based line of ``node`` (or of its ``key``/item) when ruamel recorded it."""
    try:
        if isinstance(node, CommentedMap):
            if key is not None and key in node:
                return node.lc.key(key)[0] + 1
            return node.lc.line + 1
        if isinstance(node, CommentedSeq):
            if isinstance(key, int) and 0 <= key < len(node):
                return node.lc.item(key)[0] + 1
            return node.lc.line + 1
    except (AttributeError, KeyError, TypeError):
        pass
    return 0


def read_json(path: Path) -> Any:
    """Parse a JSON file, gzip-compressed when its name ends in .gz."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise DataErrors([DataError(path.name, exc.lineno, "syntaxe", f"JSON illisible : {exc.msg}")]) from exc
    except FileNotFoundError as exc:
        raise DataErrors([DataError(path.name, 0, "fichier", "fichier introuvable")]) from exc
