"""Requests sent by the fuzzers and the 5xx among them, printed at the end of the run (CI log)."""
from __future__ import annotations

from collections import Counter


class Counts:
    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()

    def record(self, fuzzer: str, status: int) -> None:
        self.requests[fuzzer] += 1
        if status >= 500:
            self.errors[fuzzer] += 1

    def summary(self) -> str:
        return ", ".join(f"{name} : {n} requêtes, {self.errors[name]} × 5xx"
                         for name, n in sorted(self.requests.items()))


COUNTS = Counts()
