"""The plan of the app's active parcours, computed once per compiled version.

As in the golden path table (parcours/chemins.tsv), one commune and one EPCI stand for all:
the territory chosen changes the shortlist, never the flow, and enumerating every commune class
(tests/orientation/test_chemins.py) takes ten seconds where this takes one.
"""
from __future__ import annotations

import threading

from flask import Flask

from ..parcours_engine.chemins import Samples
from ..territoires.memoire import territoires
from .graphe import Plan, build_plan

EXTENSION = "parcours_plan"
_lock = threading.Lock()


def samples_for(app: Flask) -> Samples:
    """One commune and one EPCI, as in the golden table: a path is a combination of the other answers."""
    lookup = territoires(app).lookup
    communes = sorted(lookup.communes)
    epcis = sorted(lookup.epcis)
    return Samples(communes[:1], epcis[:1])


def plan_for(app: Flask) -> Plan:
    """The plan of the parcours and rules the app serves now, cached until they are reloaded."""
    parcours, rules = app.extensions["parcours"], app.extensions.get("recommandations")
    with _lock:
        cached = app.extensions.get(EXTENSION)
        if cached is not None and cached[0] is parcours and cached[1] is rules:
            return cached[2]
        plan = build_plan(parcours, rules, samples_for(app), territoires(app).lookup)
        app.extensions[EXTENSION] = (parcours, rules, plan)
        return plan
