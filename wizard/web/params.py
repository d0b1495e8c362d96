"""Integers from the outside (query strings, form fields): ASCII digits only, bounded, never a 500.

``str.isdigit`` accepts "²" and "٣" (int() then fails), and int() refuses more than 4,300 digits:
both used to end in a server error. This is the one parser every view uses.
"""
from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]{1,9}")


def parse_int(raw: str | None, low: int, high: int) -> int | None:
    """``raw`` as an integer in [low, high], or None when it is anything else (empty, signed, too long)."""
    if raw is None or not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if low <= value <= high else None
