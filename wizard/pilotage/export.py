"""CSV export of the steering figures, safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

#: A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULE = ("=", "+", "-", "@", "\t", "\r")


def neutraliser(value: object) -> str:
    """The cell as text, prefixed with an apostrophe when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULE) else text


def csv_texte(entete: Sequence[str], lignes: Iterable[Sequence[object]]) -> str:
    """A CSV document (comma, CRLF as RFC 4180) with every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutraliser(c) for c in entete])
    for ligne in lignes:
        writer.writerow([neutraliser(c) for c in ligne])
    return buffer.getvalue()
