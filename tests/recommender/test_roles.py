"""Roles of offers, exclusive types of help, the asker's EPCI competence, narrow offers, the
fallback and the per-type minimum (fixture catalogue and rules; small in-test catalogs where a
mechanism needs a setting the fixture does not hold)."""
from __future__ import annotations

import dataclasses
import itertools

import pytest

from wizard.recommender import Catalog, ContactCard, OffreCard, StructureCard, recommend
from wizard.recommender.bits import members
from wizard.recommender.scorer import Scorer


def slugs(results) -> list[str]:
    return [r.structure.slug for r in results]


def structure(slug: str, *offers: OffreCard, niveau: str = "departemental", categorie: str = "association",
              reachable: bool = True) -> StructureCard:
    contacts = (ContactCard("Accueil", telephone="02 43 00 00 00"),) if reachable else ()
    return StructureCard(slug=slug, nom=slug.upper(), categorie=categorie, niveau=niveau, offres=offers,
                         contacts=contacts)


def offer(slug: str = "o", **fields) -> OffreCard:
    defaults = dict(titre=slug, thematiques=frozenset({"voirie"}), departements=frozenset({"53"}))
    return OffreCard(slug=slug, **{**defaults, **fields})


def late(slug: str, role: str = "orientation", **fields) -> StructureCard:
    """An orientation/recourse structure answering any subject for the type of help "technique"."""
    defaults = dict(role=role, thematiques=frozenset(), besoins=frozenset({"technique"}),
                    stades=frozenset({"etudes"}), cout="gratuit")
    return structure(slug, offer(**{**defaults, **fields}))


# --- roles: orientation and recourse after the specialists, and capped -----------------------------

def test_orientation_and_recourse_come_after_the_specialists_whatever_their_score(rules, demande):
    catalog = Catalog([late("oriente"), structure("specialiste", offer(cout="payant"))])
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique",
                stade="etudes")
    results = recommend(catalog, rules, d)
    # oriente: 6 besoin + 3 stade + 1 départemental + 1 gratuit + 1 département = 12; specialiste:
    # 10 + 4 + 1 − 1 payant + 1 = 15. A national specialist of four subjects scores 10 + 1 + 0 − 1 + 1 = 11:
    # still called first.
    weak = Catalog([late("oriente"), structure("specialiste", offer(thematiques=frozenset(
        {"voirie", "eau", "sante", "dechets"}), cout="payant"), niveau="national")])
    assert slugs(results) == ["specialiste", "oriente"]
    assert [(r.structure.slug, r.score) for r in recommend(weak, rules, d)] == [("specialiste", 11.0),
                                                                              ("oriente", 12.0)]


def test_at_most_max_apres_specialistes_orientation_structures_besides_the_fallback(rules, demande):
    catalog = Catalog([late("o1", cout="inconnu"), late("o2", role="recours"), late("o3"),
                       structure("specialiste", offer()), late("ddt-53")])
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique",
                stade="etudes")
    results = recommend(catalog, rules, d)
    # One orientation structure (the best: o2, tie with o3 broken by slug), plus the fallback, itself an
    # orientation structure, called last.
    assert slugs(results) == ["specialiste", "o2", "ddt-53"]
    assert not results[-1].repli  # chosen for its offer, not added as a fallback
    assert slugs(recommend(catalog, dataclasses.replace(rules, max_apres_specialistes=2), d)) == [
        "specialiste", "o2", "o3", "ddt-53"]
    assert slugs(recommend(catalog, dataclasses.replace(rules, max_apres_specialistes=0), d)) == [
        "specialiste", "ddt-53"]


def test_fixture_recourse_after_the_legal_advisers(shortlist):
    results = shortlist(type_collectivite="commune", commune="53134", thematique="eau", besoin="juridique",
                        stade="etudes")
    # DDT water police 10 + 4 + 6 + 3 + 1 + 1 + 1 + 1 = 27 (specialist: the fallback keeps its rank);
    # AMF 6 + 3 + 1 + 1 + 0 + 1 + 3 role conseil = 15; préfecture's recourse 13, called after them.
    assert [(r.structure.slug, r.score, r.repli) for r in results] == [
        ("ddt-53", 27.0, False), ("amf53", 15.0, False), ("prefecture-53", 13.0, False)]


def test_a_role_needing_the_type_of_help_counts_only_for_it(shortlist):
    common = dict(type_collectivite="commune", commune="53134", thematique="architecture-batiment",
                  stade="conception")
    assert "prefecture-53" in slugs(shortlist(besoin="financiere", **common))
    for besoin in ("technique", "accompagnement", "donnees"):
        assert "prefecture-53" not in slugs(shortlist(besoin=besoin, **common)), besoin


def test_a_specialist_without_thematiques_serves_no_subject(rules, demande):
    catalog = Catalog([structure("vide", offer(thematiques=frozenset(), besoins=frozenset({"technique"}))),
                       structure("tous", offer(role="conseil", thematiques=frozenset(),
                                               besoins=frozenset({"technique"})))])
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique")
    assert slugs(recommend(catalog, rules, d)) == ["tous"]


# --- exclusive types of help --------------------------------------------------------------------------

def test_an_exclusive_type_of_help_is_answered_only_by_offers_giving_it(shortlist):
    common = dict(type_collectivite="commune", commune="53134", thematique="architecture-batiment",
                  stade="etudes")
    assert "caue-53" in slugs(shortlist(besoin="technique", **common))
    legal = shortlist(besoin="juridique", **common)
    # The CAUE serves the subject but gives no legal help; the DDT's offers neither: added as the fallback.
    assert slugs(legal) == ["amf53", "prefecture-53", "ddt-53"]
    assert legal[-1].repli and legal[-1].raisons[0].origine == "repli"


def test_an_offer_giving_only_exclusive_help_does_not_answer_another_type(shortlist):
    common = dict(type_collectivite="commune", commune="53134", thematique="eau", stade="etudes")
    technique = shortlist(besoin="technique", **common)
    # The water police gives only legal help: the DDT is there as the fallback, matching nothing.
    assert slugs(technique) == ["ddt-53"] and technique[0].repli
    assert technique[0].motif.startswith("À appeler en premier : le référent de l'État")
    unknown = shortlist(**common)  # no type of help said: the water police answers the subject
    assert slugs(unknown) == ["ddt-53"] and not unknown[0].repli
    assert [o.slug for o in unknown[0].offres_retenues] == ["police-eau"]


# --- the asker's EPCI competence ------------------------------------------------------------------------

def test_competent_epci_first_with_its_reason(shortlist):
    [epci, ddt] = shortlist(type_collectivite="commune", commune="53134", thematique="dechets", besoin="technique",
                            stade="realisation")
    # 10 + 4 + 6 + 3 + 1 + 2 proximité + 0 inconnu + 4 EPCI + 8 compétence = 38.
    assert (epci.structure.slug, epci.score) == ("epci-coevrons", 38.0)
    assert ("Votre intercommunalité exerce cette compétence : c'est votre premier interlocuteur.",
            "offre.competence") in [(r.texte, r.origine) for r in epci.raisons]
    assert epci.motif == "À appeler en premier : la CC des Coëvrons exerce cette compétence pour votre commune."
    assert ddt.repli


def test_competence_counts_for_any_help_but_one_only_some_give(shortlist, catalog, rules, demande):
    d = demande(type_collectivite="commune", commune="53134", thematique="dechets", besoin="donnees",
                stade="realisation")
    [epci, *_] = recommend(catalog, rules, d)
    # The competent EPCI stays the first call when its offer does not list the help asked (no besoin
    # point, 6): 38 − 6 = 32, with its competence reason.
    assert (epci.structure.slug, epci.score) == ("epci-coevrons", 32.0)
    assert "offre.competence" in [r.origine for r in epci.raisons]
    dechets = catalog.offers.index(catalog.get("epci-coevrons").offres[0])
    for besoin in ("technique", "accompagnement", "donnees", None):
        d = demande(type_collectivite="commune", commune="53134", thematique="dechets",
                    **({"besoin": besoin} if besoin else {}))
        assert members(Scorer(catalog, d, rules).competence_mask()) == [dechets], besoin
    # Legal help is given only by those whose offer says so: holding the competence is not enough.
    legal = demande(type_collectivite="commune", commune="53134", thematique="dechets", besoin="juridique")
    assert members(Scorer(catalog, legal, rules).competence_mask()) == []


def test_competence_mask_is_the_askers_epci_only(catalog, rules, demande):
    laval = demande(type_collectivite="commune", commune="53130", thematique="dechets", besoin="technique")
    assert Scorer(catalog, laval, rules).competence_mask() == 0
    nowhere = demande(type_collectivite="syndicat", thematique="dechets", besoin="technique")
    assert nowhere.epci is None and Scorer(catalog, nowhere, rules).competence_mask() == 0


def test_own_epci_without_a_sourced_competence_is_to_be_confirmed(shortlist):
    [epci, *_] = shortlist(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique")
    assert epci.structure.slug == "epci-coevrons"
    assert ("Compétence à confirmer auprès de votre intercommunalité.", "offre.competence") in [
        (r.texte, r.origine) for r in epci.raisons]


# --- narrow offers ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("projet, present", [
    (None, False), ("refaire la voirie du bourg", False), ("éclairage de la salle", False),
    ("Éclairage public de la rue", True), ("changer trois LAMPADAIRES", True),
])
def test_narrow_offer_only_when_the_project_names_it(shortlist, projet, present):
    answers = dict(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique",
                   stade="etudes")
    results = shortlist(**answers, **({"projet": projet} if projet else {}))
    assert ("te53" in slugs(results)) is present
    if present:
        te53 = next(r for r in results if r.structure.slug == "te53")
        # 10 + 2 (1 of 2) + 6 + 3 + 1 + 1 + 0 + 1 + 7 mots-clés = 31.
        assert te53.score == 31.0 and [o.slug for o in te53.offres_retenues] == ["eclairage"]


def test_a_narrow_offer_does_not_hide_its_structures_other_offers(shortlist):
    results = shortlist(type_collectivite="commune", commune="53134", thematique="transition-energetique",
                        besoin="technique")
    te53 = next(r for r in results if r.structure.slug == "te53")
    assert [o.slug for o in te53.offres_retenues] == ["energie"]


# --- the fallback -----------------------------------------------------------------------------------------

def test_fallback_added_below_the_minimum_only(shortlist):
    below = shortlist(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique")
    assert slugs(below)[-1] == "ddt-53" and below[-1].repli and len(below) == 3
    reached = shortlist(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique",
                        projet="lampadaires")
    assert slugs(reached) == ["epci-coevrons", "te53", "cerema"]


def test_fallback_always_when_the_rules_say_so(catalog, rules, demande):
    always = dataclasses.replace(rules, repli_toujours=True)
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique",
                projet="lampadaires")
    results = recommend(catalog, always, d)
    assert slugs(results) == ["epci-coevrons", "te53", "cerema", "ddt-53"] and results[-1].repli


def test_fallback_added_when_no_chosen_structure_is_reachable(rules, demande):
    specialists = [structure(s, offer(), reachable=False) for s in "abcd"]
    catalog = Catalog(specialists + [structure("ddt-53", offer(thematiques=frozenset({"eau"})))])
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie")
    assert slugs(recommend(catalog, rules, d)) == ["a", "b", "c", "d", "ddt-53"]
    specialists[0] = structure("a", offer())
    catalog = Catalog(specialists + [structure("ddt-53", offer(thematiques=frozenset({"eau"})))])
    assert slugs(recommend(catalog, rules, d)) == ["a", "b", "c", "d"]


def test_fallback_outside_its_territory_is_not_added_when_others_answer(shortlist):
    assert slugs(shortlist(type_collectivite="commune", commune="72181", thematique="architecture-batiment",
                           besoin="technique")) == ["caue-72"]


def test_fallback_keeps_its_rank_as_a_specialist_and_goes_last_as_an_orientation_referent(shortlist):
    specialist = shortlist(type_collectivite="commune", commune="53134", thematique="eau", besoin="juridique")
    assert slugs(specialist)[0] == "ddt-53" and not specialist[0].repli
    referent = shortlist(type_collectivite="commune", commune="53097", thematique="amenagement-foncier",
                         besoin="accompagnement", stade="etudes")
    assert slugs(referent) == ["anct", "ddt-53"]
    assert [o.slug for o in referent[-1].offres_retenues] == ["referent"] and not referent[-1].repli
    assert referent[-1].motif == "Son service pour vous : référent ingénierie."


# --- per-type minimum -----------------------------------------------------------------------------------------

GRID_THEMES = ("voirie", "eau", "architecture-batiment", "urbanisme", "dechets", "sante", "tourisme")
GRID_BESOINS = ("technique", "juridique", "financiere", "formation", "accompagnement", None)


def test_few_structures_serve_other_public_bodies(catalog, rules, demande, territories):
    """« autre » askers, whom almost no offer names, may get fewer than ``min`` structures: down to
    ``min_par_type.autre``, never an empty list (the fallback); other askers keep the minimum when the
    catalogue holds enough offers for them."""
    for theme, besoin in itertools.product(GRID_THEMES, GRID_BESOINS):
        d = demande(type_collectivite="autre", thematique=theme, **({"besoin": besoin} if besoin else {}))
        results = recommend(catalog, rules, d, territories)
        assert rules.min_for("autre") <= len(results) <= rules.max, (theme, besoin)
        assert all(not o.publics or "autre" in o.publics for r in results if not r.repli
                   for o in r.offres_retenues)
    assert slugs(recommend(catalog, rules, demande(type_collectivite="autre", thematique="voirie"))) == ["ddt-53"]
    commune = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique")
    assert len(recommend(catalog, rules, commune, territories)) >= rules.min_for("commune") == rules.min
