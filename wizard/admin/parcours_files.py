"""Check a proposed parcours file against the others, and recompile parcours/ from disk.

The files stay in git (reviewed by people); this only validates a proposal
and swaps the compiled objects of a running instance.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wizard.parcours_engine import compile_parcours
from wizard.parcours_engine.errors import Issue, ParcoursError
from wizard.taxonomy import Taxonomy

RULES_FILE = "recommandations.yaml"


@dataclass(frozen=True)
class Compiled:
    """The compiled parcours and, when the recommender's rules file is present, its rules."""

    parcours: Any
    rules: Any | None


def editable_files(directory: Path) -> list[str]:
    """The YAML files of parcours/ an admin may propose a new version of."""
    return sorted(p.name for p in directory.glob("*.yaml"))


def compile_all(directory: Path, taxonomy: Taxonomy) -> Compiled:
    """Compile the parcours then its rules; raise ParcoursError with every located issue."""
    parcours = compile_parcours(directory, taxonomy)
    rules = None
    if (directory / RULES_FILE).exists():
        from wizard.recommender import compile_rules

        rules = compile_rules(directory, taxonomy, parcours)
    return Compiled(parcours, rules)


def check_proposal(directory: Path, filename: str, content: str, taxonomy: Taxonomy) -> list[Issue]:
    """Issues (file:line:column) of parcours/ where ``filename`` is replaced by ``content``; [] when valid."""
    if filename not in editable_files(directory):
        raise ValueError(f"fichier inconnu : {filename}")
    with tempfile.TemporaryDirectory() as tmp:
        # Same folder name as the real one, so that messages read "parcours/parcours.yaml:12:3".
        copy = Path(tmp) / directory.name
        shutil.copytree(directory, copy)
        (copy / filename).write_text(content.replace("\r\n", "\n"), encoding="utf-8")
        try:
            compile_all(copy, taxonomy)
        except ParcoursError as exc:
            return list(exc.errors)
    return []
