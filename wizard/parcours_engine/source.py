"""Round-trip YAML loading that keeps line/column of every node (ruamel ``.lc``)."""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .errors import Issue, suggestion

#: A 0-based (line, column) pair as ruamel stores it.
Pos = tuple[int, int]


@dataclass
class Source:
    """A loaded YAML file and the issues reported against it."""

    name: str
    data: Any
    issues: list[Issue] = field(default_factory=list)

    def error(self, pos: Pos, message: str) -> None:
        """Record an issue at a 0-based position (reported 1-based)."""
        self.issues.append(Issue(self.name, pos[0] + 1, pos[1] + 1, message))

    def check_keys(self, node: Any, allowed: Iterable[str], what: str) -> None:
        """Report keys of a mapping that are not among ``allowed`` (typos)."""
        allowed = list(allowed)
        if not isinstance(node, dict):
            return
        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                self.error(key_pos(node, key),
                           f"Clé inconnue « {key} » dans {what}{suggestion(close[0] if close else None)}.")


def node_pos(node: Any, fallback: Pos = (0, 0)) -> Pos:
    """Position of a mapping or sequence node itself."""
    if isinstance(node, (CommentedMap, CommentedSeq)):
        return (node.lc.line, node.lc.col)
    return fallback


def key_pos(node: Any, key: Any) -> Pos:
    """Position of a key inside a mapping."""
    if isinstance(node, CommentedMap) and key in node:
        return node.lc.key(key)
    return node_pos(node)


def value_pos(node: Any, key: Any) -> Pos:
    """Position of the value of a key inside a mapping."""
    if isinstance(node, CommentedMap) and key in node:
        return node.lc.value(key)
    return node_pos(node)


def item_pos(node: Any, index: int) -> Pos:
    """Position of the index-th item of a sequence."""
    if isinstance(node, CommentedSeq) and 0 <= index < len(node):
        return node.lc.item(index)
    return node_pos(node)


def load_source(path: Path, name: str) -> Source:
    """Load one YAML file; a syntax error becomes an issue, not an exception."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        src = Source(name, None)
        src.error((0, 0), f"Fichier illisible : {exc.strerror or exc}.")
        return src
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        src = Source(name, None)
        mark = exc.problem_mark or exc.context_mark
        # At the end of the file the problem mark says nothing; where it started does
        # (an unclosed quote or bracket).
        if exc.context_mark is not None and "end of stream" in str(exc.problem):
            mark = exc.context_mark
        pos = (mark.line, mark.column) if mark else (0, 0)
        detail = "; ".join(str(p) for p in (exc.context, exc.problem) if p)
        src.error(pos, f"YAML invalide ({detail}) : vérifiez guillemets, crochets et indentation.")
        return src
    return Source(name, data)
