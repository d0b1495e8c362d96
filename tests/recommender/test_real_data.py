"""The real data/ (one file per structure and per programme) with the real rules and the real Mayenne
territories: general properties of real missions, not hard-coded results."""
from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from wizard.parcours_engine import InMemoryTerritories, compile_parcours
from wizard.recommender import (
    check_rules_catalog,
    compile_rules,
    demande_from_answers,
    financements,
    load_catalog,
    recommend,
)
from wizard.recommender.financements import end_of
from wizard.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
pytestmark = pytest.mark.skipif(
    not (DATA / "structures").is_dir() or not (DATA / "taxonomie.yaml").exists(),
    reason="data/structures/ (or data/taxonomie.yaml) not written yet")
ORIGINES = {"offre.description", "demande", "offre.competence", "offre.eligibilite", "offre.population", "repli"}


@pytest.fixture(scope="module")
def real():
    """Real taxonomy, rules, catalog, Mayenne territories and communes."""
    taxonomy = load_taxonomy(DATA / "taxonomie.yaml")
    parcours = compile_parcours(ROOT / "parcours", taxonomy)
    rules = compile_rules(ROOT / "parcours", taxonomy, parcours)
    catalog = load_catalog(DATA)
    territories = InMemoryTerritories.from_files(DATA / "territoires" / "communes-53.json",
                                                 DATA / "territoires" / "epci-53.json")
    communes = json.loads((DATA / "territoires" / "communes-53.json").read_text(encoding="utf-8"))
    return taxonomy, rules, catalog, territories, communes


def ask(real, **answers):
    _, rules, catalog, territories, _ = real
    query = {k: [v] if isinstance(v, str) else v for k, v in answers.items() if v is not None}
    demande = demande_from_answers(query, territories, "53")
    return demande, recommend(catalog, rules, demande, territories)


def test_rules_name_structures_of_the_catalog(real):
    _, rules, catalog, _, _ = real
    assert check_rules_catalog(rules, catalog) == []
    assert all(catalog.get(slug) is not None for slug in rules.repli)


def covers(offer, commune) -> bool:
    return (commune["code"] in offer.communes or commune["epci"] in offer.epcis or "53" in offer.departements
            or not (offer.communes or offer.epcis or offer.departements))


def test_every_mayenne_commune_gets_a_shortlist_within_its_territory(real):
    taxonomy, rules, catalog, _, communes = real
    themes = taxonomy.slugs("thematiques")
    for n, commune in enumerate(communes):
        # Every commune, with the thématiques in turn (all of them over the 240 communes).
        for theme, besoin in ((themes[n % len(themes)], "technique"), (themes[(n + 7) % len(themes)], None),
                              ("voirie", "accompagnement")):
            d, results = ask(real, type_collectivite="commune", commune=commune["code"], thematique=theme,
                             besoin=besoin, stade="etudes", profil="elu")
            where = (commune["nom"], theme, besoin)
            assert results and sum(not r.repli for r in results) <= rules.max, where
            # Below the minimum (few structures serve the request), the State referent is in the list.
            assert len(results) >= rules.min or set(rules.repli) & {r.structure.slug for r in results}, where
            assert len({r.structure.slug for r in results}) == len(results), where
            assert any(c.joignable for r in results for c in r.structure.contacts), where
            for r in results:
                assert r.raisons and r.motif, (where, r.structure.slug)
                assert all(x.origine in ORIGINES or x.origine.startswith("regle:") for x in r.raisons)
                for offer in r.offres_retenues:
                    assert covers(offer, commune), (where, r.structure.slug, offer.slug)
                    assert not offer.publics or "commune" in offer.publics, (where, offer.slug)
                    assert offer.population_max is None or commune["population"] <= offer.population_max
                    assert offer.population_min is None or commune["population"] >= offer.population_min
                    assert offer.dispositif is None or commune["code"] in catalog.labels.get(offer.dispositif, ())
                    assert not offer.profils or "elu" in offer.profils, (where, offer.slug)


def test_the_competent_epci_is_called_first(real):
    """When the commune's EPCI holds the competence for the subject and the type of help asked (a
    sourced offer, not reserved to projects naming keywords), it comes first with that reason."""
    taxonomy, rules, catalog, _, communes = real
    one_per_epci = {c["epci"]: c for c in communes}.values()
    checked = 0
    for commune, theme, besoin in itertools.product(one_per_epci, taxonomy.slugs("thematiques"),
                                                    [*taxonomy.slugs("besoins"), None]):
        competent = [o for o in catalog.offers if o.competence and commune["epci"] in o.epcis
                     and theme in o.thematiques and not o.mots_cles and (besoin is None or besoin in o.besoins)
                     and (not o.publics or "commune" in o.publics)]
        if not competent:
            continue
        checked += 1
        _, results = ask(real, type_collectivite="commune", commune=commune["code"], thematique=theme,
                         besoin=besoin)
        first = results[0]
        assert first.structure.categorie == "epci" and any(o in competent for o in first.offres_retenues), (
            commune["nom"], theme, besoin, [r.structure.slug for r in results])
        assert rules.competence_raison in first.textes
        assert "exerce cette compétence" in first.motif
    assert checked >= 50  # the data holds competences of every EPCI: the property is not vacuous


def test_narrow_competences_need_their_keywords(real):
    _, _, catalog, _, communes = real
    narrow = [(catalog.structures[catalog.structure_of[i]], o) for i, o in enumerate(catalog.offers)
              if o.mots_cles and o.epcis and o.thematiques]
    assert narrow
    for structure, offer in narrow:
        commune = next(c for c in communes if c["epci"] in offer.epcis)
        theme = sorted(offer.thematiques)[0]
        besoin = sorted(offer.besoins)[0] if offer.besoins else None
        _, plain = ask(real, type_collectivite="commune", commune=commune["code"], thematique=theme, besoin=besoin)
        assert offer not in [o for r in plain for o in r.offres_retenues], (structure.slug, offer.slug)
        _, named = ask(real, type_collectivite="commune", commune=commune["code"], thematique=theme,
                       besoin=besoin, projet=f"Projet : {offer.mots_cles[0]}")
        assert offer in [o for r in named for o in r.offres_retenues], (structure.slug, offer.slug)


def test_every_epci_and_other_askers_get_a_shortlist(real):
    taxonomy, rules, _, territories, communes = real
    for epci in sorted({c["epci"] for c in communes}):
        for theme in ("voirie", "eau", "dechets", "urbanisme"):
            _, results = ask(real, type_collectivite="epci", epci=epci, thematique=theme, besoin="technique")
            assert results and sum(not r.repli for r in results) <= rules.max, (epci, theme)
            assert len(results) >= rules.min or set(rules.repli) & {r.structure.slug for r in results}
            for r in results:
                assert all(not o.publics or "epci" in o.publics for o in r.offres_retenues), (epci, r.structure.slug)
    for kind in ("syndicat", "autre"):
        for theme in taxonomy.slugs("thematiques"):
            _, results = ask(real, type_collectivite=kind, thematique=theme, besoin="accompagnement")
            assert results and sum(not r.repli for r in results) <= rules.max, (kind, theme)
            assert len(results) >= rules.min_for(kind) or set(rules.repli) & {r.structure.slug for r in results}


def test_financements_are_open_and_eligible(real):
    taxonomy, _, catalog, territories, communes = real
    today = dt.date(2026, 12, 1)
    shown = set()
    for n, commune in enumerate(communes):
        theme = taxonomy.slugs("thematiques")[n % len(taxonomy.slugs("thematiques"))]
        d = demande_from_answers({"type_collectivite": ["commune"], "commune": [commune["code"]],
                                  "thematique": [theme], "besoin": ["financiere"]}, territories, "53")
        for f in financements(catalog, d, today):
            p = f.dispositif
            shown.add(p.slug)
            assert p.financement and (end_of(p.fin) is None or end_of(p.fin) >= today), p.slug
            assert not p.types_collectivite or "commune" in p.types_collectivite
            assert p.population_max is None or commune["population"] <= p.population_max, (p.slug, commune["nom"])
            assert not p.communes_listees or commune["code"] in p.communes, (p.slug, commune["nom"])
            assert f.eligible or f.raison.startswith("Vérifiez votre éligibilité")
    assert shown
