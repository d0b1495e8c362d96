"""Fixtures for the recommender tests: the v2 fixture catalogue and fixed-weight rules."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from wizard.parcours_engine import InMemoryTerritories, Parcours, compile_parcours
from wizard.recommender import (
    Catalog,
    Demande,
    Recommendation,
    Rules,
    catalog_from_records,
    compile_rules,
    demande_from_answers,
    recommend,
)
from wizard.taxonomy import Taxonomy, load_taxonomy

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
CATALOGUE = HERE / "fixtures" / "catalogue.yaml"


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
def catalogue_records() -> dict[str, Any]:
    """The fixture catalogue in the data-file shape: ``structures`` and ``dispositifs`` lists."""
    return YAML(typ="safe").load(CATALOGUE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def catalog(catalogue_records: dict[str, Any]) -> Catalog:
    """The fixture catalogue (invented offers shaped like Mayenne's, never loaded in the app)."""
    return catalog_from_records(catalogue_records["structures"], catalogue_records["dispositifs"])


@pytest.fixture
def demande(territories: InMemoryTerritories) -> Callable[..., Demande]:
    """Factory: a Demande from keyword answers (lists or single strings)."""

    def make(**answers: str | list[str]) -> Demande:
        query = {k: [v] if isinstance(v, str) else list(v) for k, v in answers.items()}
        return demande_from_answers(query, territories, "53")

    return make


@pytest.fixture
def shortlist(catalog: Catalog, rules: Rules, demande: Callable[..., Demande],
              territories: InMemoryTerritories) -> Callable[..., list[Recommendation]]:
    """Factory: the fixture catalogue's recommendations for keyword answers."""

    def run(**answers: str | list[str]) -> list[Recommendation]:
        return recommend(catalog, rules, demande(**answers), territories)

    return run
