"""Walk every path of the real parcours: each one must end on a non-empty, explained shortlist."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wizard.parcours_engine import Parcours, State, Step, recommendation_answers, replay
from wizard.recommender import demande_from_answers, load_catalog, recommend

ROOT = Path(__file__).resolve().parents[2]
#: One sample per reference kind keeps the walk exhaustive over the YAML's own choices.
SAMPLES = {"communes": [["53134"]], "epcis": [["200033298"]]}


def answers_for(step: Step) -> list[list[str]]:
    """Every answer a step accepts, one value at a time (plus one pair for multiple choice)."""
    if step.kind == "texte":
        return [[""]] if not step.obligatoire else [["rénover l'école"]]
    if step.reference_kind is not None:
        return SAMPLES[step.reference_kind]
    singles = [[o.slug] for o in step.options]
    return singles + ([[step.options[0].slug, step.options[1].slug]] if step.multiple else [])


def every_path(parcours: Parcours, territories) -> Iterator[State]:
    """Depth-first over answers, replaying the URL state like the web layer does."""
    stack: list[dict[str, list[str]]] = [{}]
    while stack:
        query = stack.pop()
        state = replay(parcours, query, territories)
        assert not state.errors, (query, state.errors)
        if state.complete:
            yield state
            continue
        step = parcours.steps[state.current]
        stack.extend({**query, step.id: values} for values in answers_for(step))


def catalogs():
    yield pytest.param("fixture", id="fixture-catalog")
    real = ROOT / "data" / "structures"
    yield pytest.param("real", id="real-catalog",
                       marks=pytest.mark.skipif(not real.is_dir(), reason="data/structures/ absent"))


@pytest.mark.parametrize("which", list(catalogs()))
def test_every_path_ends_on_an_explained_shortlist(which, parcours, rules, catalog, territories):
    chosen = catalog if which == "fixture" else load_catalog(ROOT / "data")
    seen_steps: set[str] = set()
    paths = 0
    for state in every_path(parcours, territories):
        paths += 1
        seen_steps.update(state.path)
        assert state.can_view("resultats")
        demande = demande_from_answers(recommendation_answers(parcours, state), territories, "53")
        results = recommend(chosen, rules, demande, territories)
        assert results and sum(not r.repli for r in results) <= rules.max, state.query()
        assert [r.rang for r in results] == list(range(1, len(results) + 1))
        assert len({r.structure.slug for r in results}) == len(results), state.query()
        for r in results:
            assert r.raisons and r.conditions and r.motif, (state.query(), r.structure.slug)
            assert r.offres_retenues, (state.query(), r.structure.slug)
    assert seen_steps == set(parcours.steps)
    # profils × (commune, epci, syndicat, autre) × (thématiques + one pair) × (besoins + "ne sais pas") × stades
    n = {k: len(parcours.steps[k].options) for k in ("profil", "type_collectivite", "thematique", "besoin", "stade")}
    assert paths == n["profil"] * n["type_collectivite"] * (n["thematique"] + 1) * n["besoin"] * n["stade"]
