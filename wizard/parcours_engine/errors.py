"""Authoring errors of the parcours YAML files, located by file, line and column."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in a YAML file; line and column are 1-based."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ParcoursError(Exception):
    """Raised when the parcours files are invalid; carries every issue found."""

    def __init__(self, errors: Iterable[Issue]) -> None:
        self.errors: tuple[Issue, ...] = tuple(sorted(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def suggestion(candidate: str | None) -> str:
    """The French "did you mean" tail for a message, or an empty string."""
    return f" (vouliez-vous dire « {candidate} » ?)" if candidate else ""
