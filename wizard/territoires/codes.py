"""Territory codes of the official geographic code: what a code is, and its département."""
from __future__ import annotations

import re

#: INSEE code of a commune (Corsica: 2A/2B).
COMMUNE_RE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
#: SIREN of an EPCI à fiscalité propre.
SIREN_RE = re.compile(r"^\d{9}$")
#: Code of a département (overseas: 3 digits).
DEPARTEMENT_RE = re.compile(r"^(?:\d{2,3}|2[AB])$")


def kind_of(code: str) -> str | None:
    """"commune", "epci" or "departement" by the shape of ``code``; None for anything else."""
    if COMMUNE_RE.match(code):
        return "commune"
    if SIREN_RE.match(code):
        return "epci"
    if DEPARTEMENT_RE.match(code):
        return "departement"
    return None


def departement_of(code: str) -> str:
    """The département part of an INSEE commune code (3 characters overseas)."""
    return code[:3] if code.startswith("97") else code[:2]
