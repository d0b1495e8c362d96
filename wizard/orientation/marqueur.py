"""A session marker carried through the wizard's URLs (``?atelier=CODE``) and what it triggers.

The workshop mode reuses the parcours as is: the marker travels with the answers from step to step
(it is not an answer, so the engine never sees it), and when the results page is served with it the
``resultats_servis`` signal lets the owning area record the parcours and say so on the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from blinker import Namespace
from flask import request

NOM = "atelier"
_VALEUR = re.compile(r"^[A-Z0-9]{4,12}$")

#: Sent by the results page served with a marker: ``sender`` is the app; keyword arguments
#: ``marqueur``, ``answers`` (recommender answers) and ``orientation``; receivers return an Annonce or None.
resultats_servis = Namespace().signal("resultats-servis")


@dataclass(frozen=True)
class Annonce:
    """A message shown above the shortlist (e.g. "recorded in the workshop"), with a way back."""

    message: str
    type: str = "info"
    lien: str | None = None
    lien_texte: str | None = None


def marqueur() -> str | None:
    """The request's marker if well-formed (anything else is ignored, as an unknown parameter)."""
    valeur = request.args.get(NOM, "")
    return valeur if _VALEUR.match(valeur) else None


def paires() -> list[tuple[str, str]]:
    """The marker as query pairs to append to the wizard's URLs (none without a marker)."""
    m = marqueur()
    return [(NOM, m)] if m else []


def reponses() -> dict[str, list[str]]:
    """The query string without the marker and the permalink's version: what the engine replays."""
    from wizard.orientation.version_lien import PARAMS

    query = request.args.to_dict(flat=False)
    for name in (NOM, *PARAMS):
        query.pop(name, None)
    return query
