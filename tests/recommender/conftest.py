"""Fixtures for the recommender tests: a small fixture catalog and fixed-weight rules."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wizard.parcours_engine import InMemoryTerritories, Parcours, compile_parcours
from wizard.recommender import (
    Catalog,
    Demande,
    Rules,
    compile_rules,
    demande_from_answers,
    load_catalog,
)
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


@pytest.fixture
def demande(territories: InMemoryTerritories) -> Callable[..., Demande]:
    """Factory: a Demande from keyword answers (lists or single strings)."""

    def make(**answers: str | list[str]) -> Demande:
        query = {k: [v] if isinstance(v, str) else list(v) for k, v in answers.items()}
        return demande_from_answers(query, territories, "53")

    return make
