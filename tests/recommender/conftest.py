"""Fixtures for the recommender tests: a small fixture catalog and fixed-weight rules."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from wizard.parcours_engine import InMemoryTerritories, Parcours, compile_parcours
from wizard.recommender import Catalog, Demande, Rules, compile_rules, demande_from_answers, load_catalog
from wizard.taxonomy import Taxonomy, load_taxonomy

HERE = Path(__file__).parent
ROOT = HERE.parents[1]


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    """The taxonomy snapshot shared with the engine tests."""
    return load_taxonomy(ROOT / "tests" / "parcours_engine" / "fixtures" / "taxonomie.yaml")


@pytest.fixture(scope="session")
def parcours(taxonomy: Taxonomy) -> Parcours:
    """The real parcours (its step ids are what rules' conditions read)."""
    return compile_parcours(ROOT / "parcours", taxonomy)


@pytest.fixture(scope="session")
def rules(taxonomy: Taxonomy, parcours: Parcours) -> Rules:
    """Fixed-weight rules (fixtures/regles) so scores can be checked by hand."""
    return compile_rules(HERE / "fixtures" / "regles", taxonomy, parcours)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The fixture catalog (data/structures.yaml shape, invented offers)."""
    return load_catalog(HERE / "fixtures" / "structures.yaml")


@pytest.fixture(scope="session")
def territories() -> InMemoryTerritories:
    """A few real Mayenne communes and EPCI (values from data/territoires)."""
    return InMemoryTerritories.from_records(
        [{"code": "53134", "nom": "Livet", "codes_postaux": ["53150"], "population": 191,
          "epci": "200033298", "departement": "53"},
         {"code": "53097", "nom": "Évron", "codes_postaux": ["53150", "53600"], "population": 8252,
          "epci": "200033298", "departement": "53"},
         {"code": "53130", "nom": "Laval", "codes_postaux": ["53000"], "population": 49400,
          "epci": "200083392", "departement": "53"},
         {"code": "53030", "nom": "Le Bignon-du-Maine", "codes_postaux": ["53170"], "population": 322,
          "epci": "245300223", "departement": "53"},
         {"code": "72181", "nom": "Le Mans", "codes_postaux": ["72000"], "population": 145004,
          "epci": "247200132", "departement": "72"}],
        [{"code": "200033298", "nom": "CC des Coëvrons", "type": "CC", "membres": ["53134", "53097"]},
         {"code": "200083392", "nom": "CA Laval Agglomération", "type": "CA", "membres": ["53130"]},
         {"code": "245300223", "nom": "CC du Pays de Meslay-Grez", "type": "CC", "membres": ["53030"]}])


@pytest.fixture
def demande(territories: InMemoryTerritories) -> Callable[..., Demande]:
    """Factory: a Demande from keyword answers (lists or single strings)."""

    def make(**answers: str | list[str]) -> Demande:
        query = {k: [v] if isinstance(v, str) else list(v) for k, v in answers.items()}
        return demande_from_answers(query, territories, "53")

    return make
