"""The si: condition language and the registry of named predicates."""
from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from wizard.parcours_engine.conditions import compile_condition, evaluate, steps_read
from wizard.parcours_engine.predicates import (
    PREDICATES,
    petite_commune,
    projet_renseigne,
)
from wizard.parcours_engine.source import Source


def compiled(text: str):
    src = Source("t.yaml", YAML().load(text))
    cond, refs = compile_condition(src, src.data["si"], (0, 0))
    assert src.issues == []
    return cond, refs


@pytest.mark.parametrize("text, answers, expected", [
    ("si: {type_collectivite: commune}", {"type_collectivite": ("commune",)}, True),
    ("si: {type_collectivite: commune}", {"type_collectivite": ("epci",)}, False),
    ("si: {type_collectivite: commune}", {}, False),
    ("si: {type_collectivite: [epci, syndicat]}", {"type_collectivite": ("syndicat",)}, True),
    ("si: {thematique: voirie}", {"thematique": ("eau", "voirie")}, True),
    ("si: {besoin: technique, stade: etudes}", {"besoin": ("technique",), "stade": ("gestion",)}, False),
    ("si: {non: {besoin: technique}}", {"besoin": ("juridique",)}, True),
    ("si: {un_de: [{besoin: technique}, {stade: etudes}]}", {"stade": ("etudes",)}, True),
    ("si: {tous: [{besoin: technique}, {stade: etudes}]}", {"stade": ("etudes",)}, False),
    ("si: {predicat: projet_renseigne}", {"projet": ("école",)}, True),
    ("si: {predicat: projet_renseigne}", {"projet": ("  ",)}, False),
])
def test_evaluate(text, answers, expected):
    cond, _ = compiled(text)
    assert evaluate(cond, answers) is expected


def test_no_condition_always_holds():
    assert evaluate(None, {}) is True


def test_refs_and_steps_read_include_predicate_inputs():
    cond, refs = compiled("si: {besoin: [technique, juridique], predicat: petite_commune}")
    assert {(r.step, r.value) for r in refs} == {("besoin", None), ("besoin", "technique"),
                                                  ("besoin", "juridique"), ("commune", None)}
    assert steps_read(cond) == {"besoin", "commune"}


def test_malformed_condition_is_reported_not_raised():
    src = Source("t.yaml", YAML().load("si: [commune]"))
    cond, _ = compile_condition(src, src.data["si"], (3, 4))
    assert cond is None
    assert str(src.issues[0]).startswith("t.yaml:4:5: Une condition « si » doit être")


@pytest.mark.parametrize("code, expected", [("53134", True), ("53130", False), ("99999", False)])
def test_petite_commune(territories, code, expected):
    assert petite_commune({"commune": (code,)}, territories) is expected


def test_petite_commune_needs_a_territory_lookup():
    assert petite_commune({"commune": ("53134",)}, None) is False


def test_projet_renseigne_without_answer():
    assert projet_renseigne({}, None) is False


def test_every_predicate_is_documented_and_declares_its_inputs():
    for spec in PREDICATES.values():
        assert spec.doc and spec.requires
