"""Errors in data files, located by file, line and field, said in French."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataError:
    """One problem in a data file; ``line`` is 1-based (0 when unknown)."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field} : {self.message}"


class DataErrors(Exception):
    """Raised when data/ is refused; nothing has been written."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
