"""Write the database's structures back into data/structures.yaml, keeping comments.

The existing file is loaded round-trip and only values that differ are
replaced, so an export with no edit gives back the same file.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.dataload.mapping import as_date, row_to_fiche, text
from wizard.dataload.reader import read_yaml, round_trip_yaml
from wizard.models import Structure


def _same(old: Any, new: Any) -> bool:
    """Equal once YAML's typing is ignored (a year read as int, a date as date)."""
    if isinstance(new, dict):
        return isinstance(old, dict) and all(_same(old.get(k), v) for k, v in new.items()) \
            and all(k in new or old[k] in (None, [], {}) for k in old)
    if isinstance(new, list):
        return isinstance(old, list) and len(old) == len(new) and all(map(_same, old, new))
    if new is None or old is None:
        return new is None and old is None or new in ([], {}) or old in ([], {})
    return text(old) == text(new) or as_date_safe(old) == as_date_safe(new)


def as_date_safe(value: Any) -> Any:
    try:
        return as_date(value)
    except (TypeError, ValueError):
        return value


def _merge(node: CommentedMap, new: dict[str, Any]) -> None:
    """Assign into ``node`` only the keys whose value changed, keeping layout and comments."""
    for key, value in new.items():
        if key in node and _same(node[key], value):
            continue
        if key not in node and value in (None, [], {}):
            continue
        node[key] = value


def export_structures(session: Session, path: Path) -> str:
    """Return the YAML text of ``path`` updated from the database."""
    doc = read_yaml(path)
    items: CommentedSeq = doc["structures"]
    rows = {s.slug: s for s in session.scalars(select(Structure).order_by(Structure.slug))}
    by_slug = {node["slug"]: node for node in items}
    for i in reversed(range(len(items))):
        if items[i]["slug"] not in rows:
            del items[i]
    for slug, row in rows.items():
        new = row_to_fiche(row)
        if slug in by_slug:
            _merge(by_slug[slug], new)
        else:
            items.append(CommentedMap(new))
    out = io.StringIO()
    round_trip_yaml().dump(doc, out)
    return out.getvalue()
