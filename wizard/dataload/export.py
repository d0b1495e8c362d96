"""Write the database's structures back into data/structures/<slug>.yaml, keeping comments.

Each existing file is loaded round-trip and only values that differ are replaced, so an export
with no edit gives back the same files; a structure created in the back-office gets a new file.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.dataload.mapping import row_to_fiche, text
from wizard.dataload.reader import read_yaml, round_trip_yaml
from wizard.models import Structure


def _empty(value: Any) -> bool:
    return value in (None, [], {}, "")


def _same(old: Any, new: Any) -> bool:
    """Equal once YAML's typing and absent empty values are ignored."""
    if isinstance(new, dict):
        return isinstance(old, dict) and all(_same(old.get(k), v) for k, v in new.items()) \
            and all(k in new or _empty(old[k]) for k in old)
    if isinstance(new, list):
        return isinstance(old, list) and len(old) == len(new) and all(map(_same, old, new))
    if _empty(new) or _empty(old):
        return _empty(new) and _empty(old)
    return text(old) == text(new)


def _merge(node: CommentedMap, new: dict[str, Any]) -> None:
    """Assign into ``node`` only the keys whose value changed, keeping layout and comments."""
    for key, value in new.items():
        if key in node and _same(node[key], value):
            continue
        if key not in node and _empty(value):
            continue
        node[key] = value


def export_structures(session: Session, directory: Path) -> dict[Path, str]:
    """The YAML text of every structure file, updated from the database (only changed files)."""
    out: dict[Path, str] = {}
    for row in session.scalars(select(Structure).order_by(Structure.slug)):
        path = directory / f"{row.slug}.yaml"
        new = {k: v for k, v in row_to_fiche(row).items()}
        if path.exists():
            doc = read_yaml(path)
            before = _dump(doc)
            _merge(doc, new)
        else:
            doc, before = CommentedMap({k: v for k, v in new.items() if not _empty(v)}), None
        after = _dump(doc)
        if after != before:
            out[path] = after
    return out


def _dump(doc: Any) -> str:
    buffer = io.StringIO()
    round_trip_yaml().dump(doc, buffer)
    return buffer.getvalue()
