"""Write the database's structures back into data/structures/<slug>.yaml, keeping comments.

Each existing file is loaded round-trip and only values that differ are replaced, so an export
with no edit gives back the same files; a structure created in the back-office gets a new file.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString
from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.dataload.mapping import row_to_fiche, text
from wizard.dataload.reader import read_yaml, round_trip_yaml
from wizard.models import Structure


def _empty(value: Any) -> bool:
    # ``false`` is how the loader reads an absent flag (competence): not worth writing either.
    return value is False or value in (None, [], {}, "")


def _same(old: Any, new: Any) -> bool:
    """Equal once YAML's typing and absent empty values are ignored."""
    if _empty(new) or _empty(old):
        return _empty(new) and _empty(old)
    if isinstance(new, dict):
        return isinstance(old, dict) and all(_same(old.get(k), v) for k, v in new.items()) \
            and all(k in new or _empty(old[k]) for k in old)
    if isinstance(new, list):
        return isinstance(old, list) and len(old) == len(new) and all(map(_same, old, new))
    return text(old) == text(new)


def _pruned(value: Any) -> Any:
    """A new value as an author writes it: without its empty entries."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if not _empty(v)}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def _merge(node: CommentedMap, new: dict[str, Any]) -> None:
    """Assign into ``node`` only the values that changed, keeping layout and comments.

    Nested mappings (an offer, a source) and lists of the same length are updated in place, so
    an edit to one field of one offer rewrites that field only.
    """
    for key, value in new.items():
        old = node.get(key)
        if key in node and _same(old, value):
            continue
        if key not in node and _empty(value):
            continue
        if isinstance(old, CommentedMap) and isinstance(value, dict) and not _empty(value):
            _merge(old, value)
            for gone in [k for k in old if k not in value and not _empty(old[k])]:
                del old[gone]
        elif isinstance(old, CommentedSeq) and isinstance(value, list) and len(old) == len(value):
            for i, item in enumerate(value):
                if isinstance(old[i], CommentedMap) and isinstance(item, dict):
                    _merge(old[i], item)
                elif not _same(old[i], item):
                    old[i] = _like(old[i], item)
        elif isinstance(old, CommentedSeq) and isinstance(value, list) \
                and not any(isinstance(v, (dict, list)) for v in value):
            del old[:]  # the same list, refilled: it keeps its [flow] or block style
            old.extend(value)
        else:
            node[key] = _like(old, value)


def _like(old: Any, new: Any) -> Any:
    """``new`` written in the style of the value it replaces (quoted, folded ``>-``…)."""
    if isinstance(old, ScalarString) and isinstance(new, str):
        return type(old)(new)
    return _pruned(new)


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
            doc, before = CommentedMap(_pruned(new)), None
        after = _dump(doc)
        if after != before:
            out[path] = after
    return out


def _dump(doc: Any) -> str:
    buffer = io.StringIO()
    round_trip_yaml().dump(doc, buffer)
    return buffer.getvalue()
