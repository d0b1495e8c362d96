"""Reasons come from data: every Raison names where it was taken from, and says no more than that
field holds. Plus the French wording helpers they use."""
from __future__ import annotations

import dataclasses
import itertools

import pytest

from wizard.francais import de, epci_article, joined, lower_first
from wizard.parcours_engine import evaluate
from wizard.recommender import Catalog, OffreCard, demande_from_answers, recommend
from wizard.recommender.reasons import conditions, first_sentence, population_phrase

NBSP = "\u00a0"


@pytest.mark.parametrize("nom, expected", [
    ("Évron", "d'Évron"), ("Laval", "de Laval"), ("Le Bignon-du-Maine", "du Bignon-du-Maine"),
    ("Les Ulis", "des Ulis"), ("La Baconnière", "de La Baconnière"), ("la Mayenne", "de la Mayenne"),
    ("L'Huisserie", "de L'Huisserie"), ("Ahuillé", "d'Ahuillé"), ("votre territoire", "de votre territoire"),
])
def test_de_contracts_and_elides(nom, expected):
    assert de(nom) == expected


@pytest.mark.parametrize("nom, expected", [
    ("CC des Coëvrons", "la CC des Coëvrons"), ("CA Laval Agglomération", "la CA Laval Agglomération"),
    ("Mayenne Communauté", "Mayenne Communauté"),
])
def test_epci_article(nom, expected):
    assert epci_article(nom) == expected


def test_joined_population_phrase_and_first_sentence():
    assert joined(["voirie"]) == "voirie"
    assert joined(["eau", "voirie", "paysage"]) == "eau, voirie et paysage"
    assert population_phrase(999) == f"de moins de 1{NBSP}000{NBSP}habitants"
    assert population_phrase(1000) == f"de 1{NBSP}000{NBSP}habitants ou moins"
    assert first_sentence("La DDT dit les règles. Elle instruit.") == "La DDT dit les règles."
    assert first_sentence("Le CAUE conseille  les communes\n sur leurs bâtiments") == \
        "Le CAUE conseille les communes sur leurs bâtiments."
    assert first_sentence("Trois missions : Conseil, études.") == "Trois missions."


def test_every_cost_has_a_sentence(rules):
    offers = [OffreCard(slug=c, titre=c, thematiques=frozenset({"eau"}), cout=c, conditions=None)
              for c in ("gratuit", "adhesion", "payant", "inconnu", "bizarre")]
    assert conditions(offers, rules) == ("Gratuit.", "Réservé aux adhérents : vérifiez que votre collectivité adhère.",
                                         "Prestation payante : demandez un devis.",
                                         "Coût non précisé : à demander lors de votre appel.")
    labelled = OffreCard(slug="l", titre="L", thematiques=frozenset(), cout="gratuit", conditions="Sur rendez-vous.",
                         eligibilite="Communes labellisées.")
    assert conditions([labelled, labelled], rules) == ("Gratuit.", "Sur rendez-vous.", "Communes labellisées.")


# --- reasons over a grid of requests --------------------------------------------------------------------

ASKERS = [{"type_collectivite": "commune", "commune": c} for c in ("53134", "53097", "53130", "72181")] + [
    {"type_collectivite": "epci", "epci": "200033298"}, {"type_collectivite": "syndicat"},
    {"type_collectivite": "autre"}]
THEMES = [["voirie"], ["eau"], ["architecture-batiment"], ["urbanisme"], ["dechets"], ["amenagement-foncier"],
          ["transition-energetique", "voirie"], ["tourisme"]]
BESOINS = [None, "technique", "juridique", "financiere", "formation", "accompagnement", "donnees"]
STADES = [None, "etudes", "realisation"]
PROJETS = [None, "Remplacer les lampadaires"]


def grid(territories):
    for asker, themes, besoin, stade, projet, profil in itertools.product(ASKERS, THEMES, BESOINS, STADES, PROJETS,
                                                                          ("elu", "agent")):
        answers = {**{k: [v] for k, v in asker.items()}, "thematique": themes, "profil": [profil]}
        for key, value in (("besoin", besoin), ("stade", stade), ("projet", projet)):
            if value is not None:
                answers[key] = [value]
        yield demande_from_answers(answers, territories, "53")


@pytest.fixture(scope="module")
def recommended(catalog, rules, territories):
    """(demande, shortlist) over the whole grid, computed once."""
    return [(d, recommend(catalog, rules, d, territories)) for d in grid(territories)]


def _labels(rules, vocabulary: str) -> dict[str, str]:
    return {slug: lower_first(label) for slug, label in rules.labels[vocabulary].items()}


def check_raison(raison, rec, d, catalog, rules, territories) -> None:
    """One reason against the field its ``origine`` names."""
    offers, structure, texte = rec.offres_retenues, rec.structure, raison.texte
    origine = raison.origine
    if origine == "offre.description":
        assert offers and texte == first_sentence(offers[0].description) and offers[0].description
    elif origine == "demande":
        assert texte.startswith("Correspond à votre demande : ")
        head, _, stade_part = texte.partition(" ; intervient au stade ")
        served = {t for o in offers for t in o.thematiques} & d.thematiques
        themes = _labels(rules, "thematiques")
        for t in d.thematiques:
            assert (themes[t] in head) is (t in served), (t, texte)
        if d.besoin is not None:
            gives = any(d.besoin in o.besoins for o in offers)
            assert (_labels(rules, "besoins")[d.besoin] in head) is gives, texte
        assert bool(stade_part) is (d.stade is not None and any(d.stade in o.stades for o in offers)), texte
        if stade_part:
            assert _labels(rules, "stades")[d.stade] in stade_part
    elif origine == "offre.competence":
        assert structure.categorie == "epci" and any(d.epci in o.epcis for o in offers)
        if texte == rules.competence_raison:
            assert any(o.competence and (d.besoin not in rules.besoins_exclusifs or d.besoin in o.besoins)
                       for o in offers)
        else:
            assert texte == rules.competence_a_confirmer and not any(o.competence for o in offers)
    elif origine == "offre.eligibilite":
        label = offers[0].dispositif
        assert label is not None
        asker = {d.commune} if d.commune else set(d.membres)
        assert asker & catalog.labels[label]
        nom = next(p.nom for p in catalog.dispositifs if p.slug == label)
        assert f"« {nom} »" in texte
        assert texte.endswith(f"c'est le cas {de(d.commune_nom or 'votre territoire')}.")
    elif origine == "offre.population":
        ceiling = offers[0].population_max
        assert ceiling is not None and d.population is not None and d.population <= ceiling
        assert texte == f"Pour les communes {population_phrase(ceiling)}."
    elif origine.startswith("regle:"):
        rule = next(r for r in rules.regles if r.id == origine.removeprefix("regle:"))
        assert texte == rule.raison and structure.slug in rule.structures
        assert evaluate(rule.condition, d.answers, territories)
    elif origine == "repli":
        assert structure.slug in rules.repli and texte == rules.repli_raison
    else:
        pytest.fail(f"unknown origine {origine!r} for {texte!r}")


def test_every_reason_names_the_data_it_comes_from(recommended, catalog, rules, territories):
    seen: set[str] = set()
    for d, results in recommended:
        assert results, d
        for rec in results:
            assert rec.raisons, (d, rec.structure.slug)
            assert len(set(rec.textes)) == len(rec.textes)
            for raison in rec.raisons:
                check_raison(raison, rec, d, catalog, rules, territories)
                seen.add(raison.origine.split(":")[0])
    # The grid reaches every kind of reason, so the checks above are not vacuous.
    assert seen == {"offre.description", "demande", "offre.competence", "offre.eligibilite", "offre.population",
                    "regle", "repli"}


def test_the_motif_says_only_what_the_data_holds(recommended, catalog, rules):
    for d, results in recommended:
        for rec in results:
            best = rec.offres_retenues[0] if rec.offres_retenues else None
            assert rec.motif.startswith("À appeler en premier : ") is (rec.rang == 1)
            if "exerce cette compétence" in rec.motif:
                assert any(o.competence for o in rec.offres_retenues)
            if "labellisée" in rec.motif:
                assert best is not None and best.dispositif is not None
            if rec.repli and not (best and best.thematiques & d.thematiques):
                assert "référent de l'État" in rec.motif
            if "spécialiste" in rec.motif:
                assert best is not None and best.thematiques & d.thematiques and not rec.repli


def test_different_offers_get_different_reasons(recommended):
    """Reasons quote each offer's own data: two offers whose descriptions differ never read the same."""
    by_offer: dict[tuple[str, str], set[str]] = {}
    descriptions: dict[tuple[str, str], str] = {}
    for _, results in recommended:
        for rec in results:
            texts = [r.texte for r in rec.raisons if r.origine == "offre.description"]
            if texts:
                key = (rec.structure.slug, rec.offres_retenues[0].slug)
                by_offer.setdefault(key, set()).update(texts)
                descriptions[key] = rec.offres_retenues[0].description
            # Within one list, no two structures share the same reasons.
        cards = [r.textes for r in results]
        assert len(set(cards)) == len(cards), cards
    assert len(by_offer) >= 10
    for key, texts in by_offer.items():
        assert len(texts) == 1, key  # an offer always reads the same
    for a, b in itertools.combinations(by_offer, 2):
        if descriptions[a] != descriptions[b]:
            assert by_offer[a] != by_offer[b], (a, b)


def test_reasons_follow_the_offer_data(catalog, rules, demande, territories):
    """Change the data, the reason changes with it: nothing is written in the code."""
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique")
    before = recommend(catalog, rules, d, territories)[0]
    epci = catalog.get("epci-coevrons")
    edited = dataclasses.replace(epci, offres=tuple(
        dataclasses.replace(o, description="Le service technique intercommunal conseille les maires. Autre phrase.",
                            population_max=1999) if o.slug == "voirie-petites-communes" else o
        for o in epci.offres))
    after = recommend(Catalog([edited if s.slug == epci.slug else s for s in catalog.structures],
                              catalog.dispositifs), rules, d, territories)[0]
    assert before.structure.slug == after.structure.slug == "epci-coevrons"
    assert before.textes[0] == "Un technicien aide les petites communes à programmer leurs travaux de voirie."
    assert after.textes[0] == "Le service technique intercommunal conseille les maires."
    assert f"Pour les communes de moins de 1{NBSP}000{NBSP}habitants." in before.textes
    assert f"Pour les communes de moins de 2{NBSP}000{NBSP}habitants." in after.textes


def test_labelled_commune_reason_is_good_french(shortlist):
    [anct, *_] = shortlist(type_collectivite="commune", commune="53097", thematique="amenagement-foncier",
                           besoin="accompagnement")
    assert ("Réservé aux communes labellisées « Petites villes de demain » : c'est le cas d'Évron.",
            "offre.eligibilite") in [(r.texte, r.origine) for r in anct.raisons]


def test_fallback_without_match_claims_nothing_about_the_project(shortlist):
    [result] = shortlist(type_collectivite="commune", commune="53134", thematique="tourisme", besoin="technique",
                         stade="etudes")
    assert result.repli and [(r.origine, r.texte) for r in result.raisons] == [
        ("repli", "Référent de l'État pour l'ingénierie en Mayenne.")]
    assert result.motif == ("À appeler en premier : le référent de l'État, qui vous oriente si aucune de ces "
                            "structures ne convient.")
