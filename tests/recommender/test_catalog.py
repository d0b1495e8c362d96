"""Building the catalog from the v2 data-file shape, and its indexes."""
from __future__ import annotations

from ruamel.yaml import YAML

from wizard.recommender import catalog_from_records, load_catalog
from wizard.recommender.bits import members

RECORDS = [
    {"slug": "b", "nom": "B", "categorie": "etat", "sigle": None, "niveau": "departemental",
     "interne": {"confiance": "faible", "a_verifier": "note interne"},
     "contacts": [{"libelle": "Accueil", "telephone": "02 43 00 00 00", "email": None, "source": "s"},
                  {"libelle": "Adresse", "adresse": "1 rue X, Laval", "source": "s"}],
     "offres": [{"slug": "x", "titre": "X", "thematiques": ["voirie"], "besoins": ["technique"],
                 "stades": ["etudes"], "publics": ["commune"], "population_max": 999, "population_min": 100,
                 "territoire": {"departements": ["53"]}, "cout": "gratuit", "conditions": None,
                 "mots_cles": ["éclairage public"], "sources": ["s"], "interne": {"certitude": "doute"}}]},
    {"slug": "a", "nom": "A", "categorie": "epci", "niveau": "proximite",
     "offres": [{"slug": "y", "titre": "Y", "thematiques": ["voirie", "eau"], "competence": True,
                 "territoire": {"epcis": ["200033298"]}},
                {"slug": "z", "titre": "Z", "role": "financement", "thematiques": [], "profils": ["elu"],
                 "eligibilite": {"dispositif": "pvd", "texte": "Communes labellisées."},
                 "formation": {"inscription": "https://example.org/inscription"}, "territoire": {}}]},
]
DISPOSITIFS = [
    {"slug": "pvd", "nom": "PVD", "financement": False, "eligibilite": {"communes_listees": True},
     "communes": ["53097"]},
    {"slug": "detr", "nom": "DETR", "financement": True, "fin": "2027",
     "eligibilite": {"types_collectivite": ["commune"], "population_max": 20000, "population_sous_condition": 2000,
                     "texte": "Sous condition."}},
]


def test_structures_are_sorted_by_slug_and_cards_are_frozen():
    catalog = catalog_from_records(RECORDS, DISPOSITIFS)
    assert [s.slug for s in catalog.structures] == ["a", "b"]
    b = catalog.get("b")
    assert b is not None and b.niveau == "departemental"
    assert [(c.libelle, c.telephone, c.joignable) for c in b.contacts] == [
        ("Accueil", "02 43 00 00 00", True), ("Adresse", None, False)]
    offer = b.offres[0]
    assert offer.thematiques == frozenset({"voirie"}) and offer.population_max == 999 and offer.cout == "gratuit"
    assert offer.population_min == 100 and offer.mots_cles == ("éclairage public",) and offer.role == "specialiste"
    y, z = catalog.get("a").offres
    assert y.competence and y.epcis == frozenset({"200033298"}) and y.cout == "inconnu"
    assert (z.role, z.dispositif, z.eligibilite, z.inscription, z.profils) == (
        "financement", "pvd", "Communes labellisées.", "https://example.org/inscription", frozenset({"elu"}))
    assert catalog.get("c") is None and len(catalog) == 2


def test_internal_notes_never_reach_the_cards():
    catalog = catalog_from_records(RECORDS, DISPOSITIFS)
    text = repr(catalog.structures) + repr(catalog.dispositifs)
    assert "note interne" not in text and "doute" not in text and "faible" not in text


def test_programmes_and_labels():
    catalog = catalog_from_records(RECORDS, DISPOSITIFS)
    assert [d.slug for d in catalog.dispositifs] == ["detr", "pvd"]
    detr = catalog.dispositifs[0]
    assert (detr.financement, detr.fin, detr.types_collectivite, detr.population_max,
            detr.population_sous_condition, detr.eligibilite) == (
        True, "2027", frozenset({"commune"}), 20000, 2000, "Sous condition.")
    assert dict(catalog.labels) == {"pvd": frozenset({"53097"})}


def test_indexes_and_masks_agree():
    catalog = catalog_from_records(RECORDS, DISPOSITIFS)
    assert catalog.offer_ids == ((0, 1), (2,))
    assert catalog.index["thematique"]["voirie"] == frozenset({0, 2})
    assert members(catalog.mask("thematique", "eau")) == [0]
    assert members(catalog.mask("thematique", "absent")) == []
    assert members(catalog.mask("role", "financement")) == [1]
    assert members(catalog.mask("niveau", "proximite")) == [0, 1]
    assert members(catalog.any_subject) == [1] and members(catalog.competent) == [0]
    assert catalog.theme_count == (2, 1, 1)
    assert members(catalog.allowing("epci")) == [0, 1]  # offers without publics are open to all
    assert members(catalog.for_profil("agent")) == [0, 2] and members(catalog.for_profil("elu")) == [0, 1, 2]
    assert members(catalog.covering("53134", "200033298", "53")) == [0, 1, 2]
    assert members(catalog.covering(None, None, "72")) == [1]  # no territory declared: no restriction
    assert members(catalog.too_populous(1000)) == [2] and members(catalog.too_populous(999)) == []
    assert members(catalog.too_small(99)) == [2] and members(catalog.too_small(100)) == []
    assert members(catalog.not_labelled(["53134"])) == [1] and members(catalog.not_labelled(["53097"])) == []


def test_keywords_match_folded_words_and_plurals():
    catalog = catalog_from_records(RECORDS)
    assert members(catalog.narrow) == [2]
    assert members(catalog.mentioned("Rénover l'ÉCLAIRAGE publics du bourg")) == [2]
    assert catalog.mentioned("éclairage de la salle, espace public") == 0  # the phrase, not its words
    assert catalog.mentioned(None) == 0 and catalog.mentioned("") == 0


def test_load_catalog_reads_one_file_per_structure_and_programme(tmp_path, catalogue_records, catalog):
    yaml = YAML()
    for folder, records in (("structures", catalogue_records["structures"]),
                            ("dispositifs", catalogue_records["dispositifs"])):
        (tmp_path / folder).mkdir()
        for record in records:
            with (tmp_path / folder / f"{record['slug']}.yaml").open("w", encoding="utf-8") as fh:
                yaml.dump(record, fh)
    loaded = load_catalog(tmp_path)
    assert loaded.structures == catalog.structures and loaded.dispositifs == catalog.dispositifs
    assert loaded.offers == catalog.offers and dict(loaded.labels) == dict(catalog.labels)
