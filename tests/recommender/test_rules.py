"""Validation of recommandations.yaml, located by file:line:column."""
from __future__ import annotations

from pathlib import Path

import pytest

from wizard.parcours_engine import ParcoursError
from wizard.recommender import (
    check_all,
    check_rules,
    check_rules_catalog,
    compile_rules,
)

FIXTURE = (Path(__file__).parent / "fixtures" / "regles" / "recommandations.yaml").read_text(encoding="utf-8")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rules_dir(tmp_path):
    """Factory: a ``parcours`` dir whose recommandations.yaml is the fixture with one edit."""

    def write(old: str, new: str) -> Path:
        assert old in FIXTURE
        directory = tmp_path / "parcours"
        directory.mkdir(exist_ok=True)
        (directory / "recommandations.yaml").write_text(FIXTURE.replace(old, new), encoding="utf-8")
        return directory

    return write


def issues(directory, taxonomy, parcours) -> list[str]:
    return [str(i) for i in check_rules(directory, taxonomy, parcours)]


def test_fixture_and_real_rules_are_valid(taxonomy, parcours):
    assert check_rules(Path(__file__).parent / "fixtures" / "regles", taxonomy, parcours) == []
    assert check_rules(ROOT / "parcours", taxonomy, parcours) == []


def test_condition_on_an_unknown_step(rules_dir, taxonomy, parcours):
    directory = rules_dir("si: {besoin: financiere}", "si: {besoins: financiere}")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:19:10: La condition porte sur « besoins », qui n'est demandé à aucune "
        "étape (vouliez-vous dire « besoin » ?)."]


def test_condition_with_an_unknown_slug(rules_dir, taxonomy, parcours):
    directory = rules_dir("si: {besoin: financiere}", "si: {besoin: financière}")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:19:18: Slug inconnu « financière » pour l'étape « besoin » "
        "(vouliez-vous dire « financiere » ?)."]


def test_negative_match_weight_is_refused(rules_dir, taxonomy, parcours):
    directory = rules_dir("  besoin: 6\n", "  besoin: -6\n")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:6:11: « besoin » doit être positif ou nul."]


def test_unknown_weight_key(rules_dir, taxonomy, parcours):
    directory = rules_dir("  stade: 3\n", "  stades: 3\n")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:7:3: Clé inconnue « stades » dans poids (vouliez-vous dire « stade » ?)."]


def test_fallback_is_required(rules_dir, taxonomy, parcours):
    directory = rules_dir("  structures: [ddt-53]\n", "  structures: []\n")
    with pytest.raises(ParcoursError) as excinfo:
        compile_rules(directory, taxonomy, parcours)
    assert "Déclarez au moins une structure de repli" in str(excinfo.value)


def test_rule_needs_a_reason(rules_dir, taxonomy, parcours):
    directory = rules_dir('    raison: "Le CNFPT forme les agents territoriaux."\n', "")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:24:5: La règle « formation-agents » doit donner sa « raison » : "
        "elle sera affichée à l'élu."]


def test_structures_unknown_to_the_catalog(rules_dir, taxonomy, parcours, catalog):
    rules = compile_rules(rules_dir("structures: [prefecture-53]", "structures: [prefecture53]"),
                          taxonomy, parcours)
    assert [str(i) for i in check_rules_catalog(rules, catalog)] == [
        "parcours/recommandations.yaml:20:18: Structure inconnue « prefecture53 » "
        "(vouliez-vous dire « prefecture-53 » ?)."]


def test_check_all_covers_flow_rules_and_catalog(rules_dir, taxonomy, catalog):
    assert check_all(ROOT / "parcours", taxonomy) == []
    directory = rules_dir("structures: [prefecture-53]", "structures: [prefecture53]")
    for name in ("parcours.yaml", "lexique.yaml"):
        (directory / name).write_text((ROOT / "parcours" / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert [i.message for i in check_all(directory, taxonomy, catalog)] == [
        "Structure inconnue « prefecture53 » (vouliez-vous dire « prefecture-53 » ?)."]
    (directory / "parcours.yaml").write_text("etapes: []\n", encoding="utf-8")
    assert [i.message for i in check_all(directory, taxonomy, catalog)] == [
        "Le parcours doit contenir une liste « etapes » non vide."]
