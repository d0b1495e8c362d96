"""Commune autocomplete: an in-memory prefix index over normalised names, postcodes and INSEE codes.

Pure Python (no Flask, no DB) so that it is benchmarked alone over the national file. Every key
is a normalised string (no accents, case, hyphens or apostrophes: "chateau gontier" finds
"Château-Gontier-sur-Mayenne"); a query is a prefix, found by bisection in one sorted array.
Names are also indexed from each inner word ("gontier" finds it too), ranked after the names
that start with the query.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wizard.territoires.reference import CommuneInfo
from wizard.text import words

#: Abbreviations people type for the words communes spell out.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "s": "sur"}
#: Longest query considered: longer inputs cannot match a commune name anyway.
MAX_QUERY = 80


def normaliser(texte: str) -> str:
    """Lower case, no diacritics, words separated by one space ("Saint-Aignan-sur-Roë" → "saint aignan sur roe")."""
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words(texte[:MAX_QUERY]))


@dataclass(frozen=True)
class _Entry:
    key: str
    rank: int  # 0: the name or code starts with the query; 1: an inner word does
    position: int  # index of the commune in CommuneIndex.communes


class CommuneIndex:
    """Communes searchable by the start of their name (or of an inner word), postcode or INSEE code."""

    def __init__(self, communes: Iterable[CommuneInfo]) -> None:
        # Biggest first: among equally good matches, the commune most people mean comes first.
        self.communes: tuple[CommuneInfo, ...] = tuple(
            sorted(communes, key=lambda c: (-(c.population or 0), c.nom, c.code)))
        entries: list[tuple[str, int, int]] = []
        for position, commune in enumerate(self.communes):
            name = normaliser(commune.nom)
            entries.append((name, 0, position))
            words = name.split(" ")
            entries.extend((" ".join(words[i:]), 1, position) for i in range(1, len(words))
                           if len(words[i]) > 2)
            entries.extend((code, 0, position) for code in {*commune.codes_postaux, commune.code})
        entries.sort()
        self._keys: list[str] = [e[0] for e in entries]
        self._ranks: tuple[int, ...] = tuple(e[1] for e in entries)
        self._positions: tuple[int, ...] = tuple(e[2] for e in entries)

    def __len__(self) -> int:
        return len(self.communes)

    def search(self, query: str, limit: int = 10) -> list[CommuneInfo]:
        """Up to ``limit`` communes matching the query, best first (name start, then population)."""
        q = normaliser(query)
        if not q or limit <= 0:
            return []
        lo = bisect.bisect_left(self._keys, q)
        hi = bisect.bisect_left(self._keys, q + "\x7f", lo)
        if hi - lo > 4 * limit + 64:
            # Short, common prefixes ("sa", "5"): the full ranking would cost more than it helps;
            # positions are population ranks, so the smallest ones are the biggest communes.
            best = sorted({self._positions[i] for i in range(lo, hi) if self._ranks[i] == 0})[:limit]
            return [self.communes[p] for p in best] if best else self._inner(lo, hi, limit)
        ranked = sorted(range(lo, hi), key=lambda i: (self._ranks[i], self._positions[i]))
        return self._unique(ranked, limit)

    def _inner(self, lo: int, hi: int, limit: int) -> list[CommuneInfo]:
        best = sorted({self._positions[i] for i in range(lo, hi)})[:limit]
        return [self.communes[p] for p in best]

    def _unique(self, ranked: Sequence[int], limit: int) -> list[CommuneInfo]:
        seen: set[int] = set()
        found: list[CommuneInfo] = []
        for i in ranked:
            p = self._positions[i]
            if p not in seen:
                seen.add(p)
                found.append(self.communes[p])
                if len(found) == limit:
                    break
        return found
