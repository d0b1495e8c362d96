"""CSV for spreadsheets, the one writer of every export: cells neutralised against formula injection.

A cell starting with = + - @ (or a tab, a carriage return) is run as a formula by spreadsheets
(CSV injection): it gets a leading apostrophe, which they show as text. Every export writes through
``csv_text``, so no export can forget it.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

#: List cells: values joined with this (neither a comma nor a semicolon, so both separators work).
JOINT = " | "
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A CSV cell: None empty, lists joined, a leading formula character neutralised with an apostrophe."""
    if value is None:
        return ""
    text = JOINT.join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(rows: Iterable[Mapping[str, object]], fields: tuple[str, ...], delimiter: str = ",",
             bom: bool = False) -> str:
    """CSV text (CRLF lines) of ``rows`` restricted to ``fields``, every cell through ``cell``."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=fields, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: cell(row.get(k)) for k in fields} for row in rows)
    return out.getvalue()
