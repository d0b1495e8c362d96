"""Sets of offer numbers as Python integers (bit i set = offer i): word-parallel and/or."""
from __future__ import annotations

from collections.abc import Iterable

#: Up to this many bits, peeling bits one by one beats converting the whole mask to text.
_SPARSE = 8


def to_mask(ids: Iterable[int]) -> int:
    """The bitmask of these offer numbers."""
    ids = list(ids)
    if not ids:
        return 0
    buf = bytearray((max(ids) >> 3) + 1)
    for i in ids:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def members(mask: int) -> list[int]:
    """The offer numbers of a bitmask, ascending."""
    out: list[int] = []
    if mask.bit_count() <= _SPARSE:
        # Peel the top bit: each step shrinks the integer, cheap for a few bits.
        while mask:
            top = mask.bit_length() - 1
            out.append(top)
            mask ^= 1 << top
        out.reverse()
        return out
    digits = bin(mask)
    last = len(digits) - 1
    pos = digits.find("1", 2)
    while pos != -1:
        out.append(last - pos)
        pos = digits.find("1", pos + 1)
    out.reverse()
    return out


def has(mask: int, i: int) -> bool:
    """Whether offer ``i`` is in the mask."""
    return bool(mask >> i & 1)
