"""Replaying answers from the query string: next step, branches, tampering, summary, progress."""
from __future__ import annotations

from pathlib import Path

import pytest

from wizard.parcours_engine import (
    compile_parcours,
    initial_values,
    progress,
    recommendation_answers,
    replay,
    submit,
    suggestions,
    summary,
)

COMMUNE_PATH = {"profil": ["elu"], "type_collectivite": ["commune"], "commune": ["53134"],
                "projet": ["rénover l'école"], "thematique": ["architecture-batiment"], "besoin": ["technique"]}


@pytest.mark.parametrize("query, current", [
    ({}, "profil"),
    ({"profil": ["elu"]}, "type_collectivite"),
    ({"profil": ["elu"], "type_collectivite": ["commune"]}, "commune"),
    ({"profil": ["elu"], "type_collectivite": ["epci"]}, "epci"),
    ({"profil": ["elu"], "type_collectivite": ["syndicat"]}, "projet"),
    ({"profil": ["elu"], "type_collectivite": ["syndicat"], "projet": [""]}, "thematique"),
    (COMMUNE_PATH, "verification"),
])
def test_current_step_follows_the_branches(mini, territories, query, current):
    assert replay(mini, query, territories).current == current


def test_complete_path_can_view_results(mini, territories):
    state = replay(mini, COMMUNE_PATH, territories)
    assert state.complete and state.can_view("resultats") and state.can_view("verification")
    assert state.path == ("profil", "type_collectivite", "commune", "projet", "thematique", "besoin",
                          "verification", "resultats")


def test_results_are_not_viewable_while_a_question_is_missing(mini, territories):
    query = {k: v for k, v in COMMUNE_PATH.items() if k != "besoin"}
    state = replay(mini, query, territories)
    assert state.current == "besoin" and not state.can_view("resultats") and not state.complete


def test_changing_branch_drops_the_other_branch_and_keeps_later_answers(mini, territories):
    state = submit(mini, COMMUNE_PATH, "type_collectivite", ["epci"], territories)
    assert state.current == "epci"
    assert "commune" in state.dropped and "commune" not in dict(state.query())
    assert state.pending["thematique"] == ("architecture-batiment",)
    state = submit(mini, dict_of(state.query()), "epci", ["200033298"], territories)
    # Later answers are still valid: straight back to the check page.
    assert state.current == "verification"
    assert state.answers["projet"] == ("rénover l'école",) and state.answers["epci"] == ("200033298",)


def dict_of(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def test_branch_without_a_location_step_skips_it(mini, territories):
    state = submit(mini, COMMUNE_PATH, "type_collectivite", ["syndicat"], territories)
    assert state.current == "verification"
    assert "commune" not in state.answers and "commune" in state.dropped


def test_unknown_parameters_are_dropped(mini, territories):
    state = replay(mini, {**COMMUNE_PATH, "utm_source": ["x"], "resultats": ["1"]}, territories)
    assert set(state.dropped) == {"utm_source", "resultats"}
    assert ("utm_source", "x") not in state.query()


@pytest.mark.parametrize("step, values, message", [
    ("profil", ["pirate"], "« pirate » n'est pas un choix possible. Choisissez parmi les réponses proposées."),
    ("profil", ["elu", "agent"], "Une seule réponse est possible : choisissez-en une."),
    ("commune", ["99999"], "« 99999 » n'est pas un choix possible. Choisissez votre commune dans la liste."),
    ("thematique", ["voirie", "vorie"], "« vorie » n'est pas un choix possible. Cochez au moins une thématique."),
    ("thematique", [""], "Cochez au moins une thématique."),
    ("projet", ["x" * 41], "Votre réponse dépasse 40 caractères : raccourcissez-la."),
])
def test_tampered_values_get_a_french_message_and_become_current(mini, territories, step, values, message):
    query = {**COMMUNE_PATH, step: values}
    state = replay(mini, query, territories)
    assert state.current == step
    assert state.errors == {step: message}
    assert not state.can_view("resultats")


def test_first_missing_step_wins_over_a_later_requested_one(mini, territories):
    query = {"profil": ["elu"], "besoin": ["technique"]}
    state = replay(mini, query, territories)
    assert state.current == "type_collectivite"
    assert not state.can_view("besoin")
    assert state.pending == {"besoin": ("technique",)}


def test_multiple_answers_are_canonical_and_deduplicated(mini, territories):
    query = {**COMMUNE_PATH, "thematique": ["voirie", "architecture-batiment", "voirie"]}
    state = replay(mini, query, territories)
    assert state.answers["thematique"] == ("architecture-batiment", "voirie")
    assert [v for k, v in state.query() if k == "thematique"] == ["architecture-batiment", "voirie"]


def test_empty_optional_text_is_an_answer_kept_in_the_url(mini, territories):
    state = submit(mini, {"profil": ["elu"], "type_collectivite": ["syndicat"]}, "projet", [], territories)
    assert state.answers["projet"] == () and ("projet", "") in state.query()
    assert state.current == "thematique"


def test_submit_nothing_on_a_required_step_is_an_error(mini, territories):
    state = submit(mini, {"profil": ["elu"]}, "type_collectivite", [], territories)
    assert state.errors == {"type_collectivite": "Sélectionnez une réponse."}


def test_stale_link_after_a_yaml_change(write_parcours, taxonomy, territories):
    """An old permalink meets a parcours that gained a step and lost an option."""
    old = (Path(__file__).parent / "fixtures" / "mini" / "parcours.yaml").read_text(encoding="utf-8")
    new = old.replace("""    suivante: verification
  - id: verification""", """    suivante: stade
  - id: stade
    type: choix
    titre: "Avancement"
    question: "Où en est votre projet ?"
    options_from: stades
    suivante: verification
  - id: verification""").replace("""    options_sup:
      - {slug: ne-sais-pas, label: "Je ne sais pas encore", neutre: true}
""", "")
    parcours = compile_parcours(write_parcours(parcours=new), taxonomy)
    state = replay(parcours, {**COMMUNE_PATH, "besoin": ["ne-sais-pas"]}, territories)
    assert state.current == "besoin"
    assert state.errors["besoin"].startswith("« ne-sais-pas » n'est pas un choix possible.")
    state = replay(parcours, COMMUNE_PATH, territories)
    assert state.current == "stade" and not state.errors


def test_summary_lists_answers_with_labels_and_modify_targets(mini, territories):
    state = replay(mini, {**COMMUNE_PATH, "projet": [""]}, territories)
    rows = summary(mini, state, territories)
    assert [r.step_id for r in rows] == ["profil", "type_collectivite", "commune", "projet", "thematique",
                                         "besoin"]
    by_id = {r.step_id: r for r in rows}
    assert by_id["commune"].valeurs == ("Livet (53150)",)
    assert by_id["type_collectivite"].valeurs == ("Une commune",)
    assert by_id["projet"].valeurs == ("Non renseigné",)
    assert by_id["thematique"].modifier == "thematique"


def test_progress_never_goes_backwards_along_any_branch(mini, territories):
    for kind in ("commune", "epci", "syndicat"):
        answers = {"profil": ["elu"], "type_collectivite": [kind], "commune": ["53134"], "epci": ["200033298"],
                   "projet": [""], "thematique": ["voirie"], "besoin": ["technique"]}
        state = replay(mini, answers, territories)
        steps = [progress(mini, state, s) for s in state.path]
        assert [p.index for p in steps] == list(range(1, len(state.path) + 1))
        assert all(a.total >= b.total for a, b in zip(steps, steps[1:], strict=False))
        assert all(a.index / a.total <= b.index / b.total for a, b in zip(steps, steps[1:], strict=False))
        assert steps[-1].index == steps[-1].total and steps[-1].suivante is None


def test_progress_announces_the_next_step(mini, territories):
    state = replay(mini, {"profil": ["elu"]}, territories)
    first = progress(mini, state, "profil")
    assert (first.index, first.total, first.titre, first.suivante) == (1, 8, "Profil", "Collectivité")


def test_prefill_from_project_words(mini, territories):
    query = {"profil": ["elu"], "type_collectivite": ["syndicat"], "projet": ["Refaire les ROUTES, une étude"]}
    state = replay(mini, query, territories)
    assert suggestions(mini, state, "thematique") == ("voirie",)
    assert initial_values(mini, state, "thematique") == ("voirie",)
    # A radio is pre-selected only when exactly one option matches.
    assert suggestions(mini, state, "besoin") == ("technique",)


def test_prefill_never_overrides_an_answer(mini, territories):
    state = replay(mini, COMMUNE_PATH, territories)
    assert initial_values(mini, state, "thematique") == ("architecture-batiment",)


def test_neutral_options_are_not_passed_to_the_recommender(mini, territories):
    state = replay(mini, {**COMMUNE_PATH, "besoin": ["ne-sais-pas"]}, territories)
    assert state.complete
    assert "besoin" not in recommendation_answers(mini, state)
    assert recommendation_answers(mini, state)["commune"] == ("53134",)


def test_flat_string_values_are_accepted_and_long_tampering_is_shortened(mini, territories):
    state = replay(mini, {"profil": "elu", "type_collectivite": "x" * 500}, territories)
    assert state.answers["profil"] == ("elu",)
    assert state.errors["type_collectivite"].startswith("« " + "x" * 39 + "… » n'est pas un choix possible.")
    assert submit(mini, {"profil": "elu"}, "type_collectivite", "syndicat", territories).current == "projet"
