"""Validation of recommandations.yaml (v2: roles, niveaux, competence_epci, selection, repli),
located by file:line:column."""
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
        assert FIXTURE.count(old) == 1, old
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


def test_fixture_rules_compile_to_what_the_file_says(rules):
    w = rules.weights
    assert (w.thematique, w.thematique_en_plus, w.specialisation, w.besoin, w.stade, w.public, w.population,
            w.label, w.mots_cles) == (10, 3, 4, 6, 3, 1, 2, 5, 7)
    assert dict(w.territoire) == {"commune": 6, "epci": 4, "departement": 1}
    assert dict(w.niveau) == {"proximite": 2, "departemental": 1, "regional": 0, "national": 0}
    assert dict(w.cout) == {"gratuit": 1, "adhesion": 0, "payant": -1, "inconnu": 0}
    specialiste, financement, orientation = (rules.roles[r] for r in ("specialiste", "financement", "orientation"))
    assert specialiste.sujet_requis and not specialiste.besoin_requis and not specialiste.apres_specialistes
    assert not financement.sujet_requis and financement.besoin_requis and financement.points == 4
    assert financement.raison == "elle instruit les aides de ce type"
    assert orientation.apres_specialistes and rules.roles["recours"].apres_specialistes
    assert set(rules.roles) == {"specialiste", "financement", "orientation", "recours", "conseil", "formation",
                                "reseau"}
    assert rules.besoins_exclusifs == frozenset({"formation", "juridique", "financiere"})
    assert (rules.competence_points, rules.min, rules.max, rules.seuil_relatif, rules.max_apres_specialistes) == (
        8, 3, 6, 0.5, 1)
    assert (rules.repli, rules.repli_toujours) == (("ddt-53",), False)
    assert [r.id for r in rules.regles] == ["dotations-etat", "formation-agents"]


def test_min_par_type_lowers_the_minimum_of_one_type_only(rules):
    assert rules.min_for("autre") == 1
    assert rules.min_for("commune") == rules.min_for("epci") == rules.min_for(None) == 3


def test_a_role_not_described_is_a_plain_specialist(rules_dir, taxonomy, parcours):
    rules = compile_rules(rules_dir("  reseau: {sujet: facultatif, besoin: requis}\n", ""), taxonomy, parcours)
    reseau = rules.roles["reseau"]
    assert (reseau.sujet_requis, reseau.besoin_requis, reseau.points, reseau.apres_specialistes) == (
        True, False, 0, False)


def test_condition_on_an_unknown_step(rules_dir, taxonomy, parcours):
    directory = rules_dir("si: {besoin: financiere}", "si: {besoins: financiere}")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:37:10: La condition porte sur « besoins », qui n'est demandé à aucune "
        "étape (vouliez-vous dire « besoin » ?)."]


def test_condition_with_an_unknown_slug(rules_dir, taxonomy, parcours):
    directory = rules_dir("si: {besoin: financiere}", "si: {besoin: financière}")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:37:18: Slug inconnu « financière » pour l'étape « besoin » "
        "(vouliez-vous dire « financiere » ?)."]


def test_negative_match_weight_is_refused(rules_dir, taxonomy, parcours):
    directory = rules_dir("  besoin: 6\n", "  besoin: -6\n")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:7:11: « besoin » doit être positif ou nul."]


def test_unknown_weight_key(rules_dir, taxonomy, parcours):
    directory = rules_dir("  stade: 3\n", "  stades: 3\n")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:8:3: Clé inconnue « stades » dans poids (vouliez-vous dire « stade » ?)."]


def test_unknown_level_and_role_keys(rules_dir, taxonomy, parcours):
    directory = rules_dir("regional: 0,", "regionale: 0,")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:14:44: Clé inconnue « regionale » dans poids.niveau "
        "(vouliez-vous dire « regional » ?)."]
    directory = rules_dir("  orientation: {sujet", "  orientations: {sujet")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:22:3: Clé inconnue « orientations » dans roles "
        "(vouliez-vous dire « orientation » ?)."]


def test_role_values_are_checked(rules_dir, taxonomy, parcours):
    directory = rules_dir("recours: {sujet: facultatif, besoin: requis,", "recours: {sujet: facultatif, besoin: oui,")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:23:40: « besoin » vaut requis ou libre."]


def test_exclusive_besoins_are_slugs_of_the_vocabulary(rules_dir, taxonomy, parcours):
    directory = rules_dir("[formation, juridique, financiere]", "[formation, juridique, financier]")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:24:43: Slug inconnu « financier » (besoins) "
        "(vouliez-vous dire « financiere » ?)."]


def test_min_par_type_is_bounded_by_min_and_names_a_type(rules_dir, taxonomy, parcours):
    directory = rules_dir("min_par_type: {autre: 1}", "min_par_type: {autre: 4}")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:34:25: « autre » doit être compris entre 1 et min (3)."]
    directory = rules_dir("min_par_type: {autre: 1}", "min_par_type: {autres: 1}")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:34:18: Clé inconnue « autres » dans selection.min_par_type "
        "(vouliez-vous dire « autre » ?)."]


def test_unknown_competence_key(rules_dir, taxonomy, parcours):
    directory = rules_dir("  points: 8\n  raison", "  categories: [epci]\n  points: 8\n  raison")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:26:3: Clé inconnue « categories » dans competence_epci."]


def test_fallback_is_required(rules_dir, taxonomy, parcours):
    directory = rules_dir("  structures: [ddt-53]\n", "  structures: []\n")
    with pytest.raises(ParcoursError) as excinfo:
        compile_rules(directory, taxonomy, parcours)
    assert "Déclarez au moins une structure de repli" in str(excinfo.value)


def test_rule_needs_a_reason(rules_dir, taxonomy, parcours):
    directory = rules_dir('    raison: "Le CNFPT forme les agents territoriaux."\n', "")
    assert issues(directory, taxonomy, parcours) == [
        "parcours/recommandations.yaml:42:5: La règle « formation-agents » doit donner sa « raison » : "
        "elle sera affichée à l'élu."]


def test_structures_unknown_to_the_catalog(rules_dir, taxonomy, parcours, catalog):
    rules = compile_rules(rules_dir("structures: [prefecture-53]", "structures: [prefecture53]"),
                          taxonomy, parcours)
    assert [str(i) for i in check_rules_catalog(rules, catalog)] == [
        "parcours/recommandations.yaml:38:18: Structure inconnue « prefecture53 » "
        "(vouliez-vous dire « prefecture-53 » ?)."]
    rules = compile_rules(rules_dir("structures: [ddt-53]", "structures: [ddt53]"), taxonomy, parcours)
    assert [i.message for i in check_rules_catalog(rules, catalog)] == [
        "Structure inconnue « ddt53 » (vouliez-vous dire « ddt-53 » ?)."]


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


def test_the_fallback_offer_must_be_one_of_the_fallback_structure(rules_dir, taxonomy, parcours, catalog):
    ok = compile_rules(rules_dir("  toujours: false\n", "  toujours: false\n  offre: referent\n"),
                       taxonomy, parcours)
    assert ok.repli_offre == "referent" and check_rules_catalog(ok, catalog) == []
    typo = compile_rules(rules_dir("  toujours: false\n", "  toujours: false\n  offre: referant\n"),
                         taxonomy, parcours)
    assert [i.message for i in check_rules_catalog(typo, catalog)] == [
        "Offre de repli inconnue « referant » (vouliez-vous dire « referent » ?)."]
