"""Building the catalog from the data/structures.yaml shape, and its indexes."""
from __future__ import annotations

from wizard.recommender import catalog_from_records
from wizard.recommender.bits import members

RECORDS = [
    {"slug": "b", "nom": "B", "categorie": "etat", "sigle": None,
     "contacts": [{"libelle": "Accueil", "telephone": "02 43 00 00 00", "email": None}],
     "offres": [{"slug": "x", "titre": "X", "thematiques": ["voirie"], "besoins": ["technique"],
                 "stades": ["etudes"], "publics": ["commune"], "population_max": 999,
                 "territoire": {"departements": ["53"]}, "cout": "gratuit", "conditions": None}]},
    {"slug": "a", "nom": "A", "categorie": "epci",
     "offres": [{"slug": "y", "titre": "Y", "thematiques": ["voirie", "eau"],
                 "territoire": {"epcis": ["200033298"]}},
                {"slug": "z", "titre": "Z", "thematiques": ["eau"], "territoire": {}}]},
]


def test_structures_are_sorted_by_slug_and_cards_are_frozen():
    catalog = catalog_from_records(RECORDS)
    assert [s.slug for s in catalog.structures] == ["a", "b"]
    b = catalog.get("b")
    assert b is not None and b.contacts[0].telephone == "02 43 00 00 00" and b.contacts[0].email is None
    offer = b.offres[0]
    assert offer.thematiques == frozenset({"voirie"}) and offer.population_max == 999 and offer.cout == "gratuit"
    assert catalog.get("c") is None and len(catalog) == 2


def test_indexes_and_masks_agree():
    catalog = catalog_from_records(RECORDS)
    assert catalog.offer_ids == ((0, 1), (2,))
    assert catalog.index["thematique"]["voirie"] == frozenset({0, 2})
    assert members(catalog.mask("thematique", "eau")) == [0, 1]
    assert members(catalog.mask("thematique", "absent")) == []
    assert members(catalog.allowing("epci")) == [0, 1]  # offers without publics are open to all
    assert members(catalog.covering("53134", "200033298", "53")) == [0, 1, 2]
    assert members(catalog.covering(None, None, "72")) == [1]  # no territory declared: no restriction
    assert members(catalog.too_populous(1000)) == [2] and members(catalog.too_populous(999)) == []
    assert catalog.offers[1].cout == "inconnu"
