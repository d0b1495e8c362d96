"""Fixtures for the parcours engine tests: taxonomy, compiled mini parcours, territories."""
from __future__ import annotations

from pathlib import Path

import pytest

from wizard.parcours_engine import InMemoryTerritories, Parcours, compile_parcours
from wizard.taxonomy import Taxonomy, load_taxonomy

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    """A frozen snapshot of the taxonomy (with synonyms), independent of data/ edits."""
    return load_taxonomy(FIXTURES / "taxonomie.yaml")


@pytest.fixture(scope="session")
def mini(taxonomy: Taxonomy) -> Parcours:
    """The small valid parcours of fixtures/mini."""
    return compile_parcours(FIXTURES / "mini", taxonomy)


@pytest.fixture(scope="session")
def territories() -> InMemoryTerritories:
    """Three real Mayenne communes and two EPCI (values from data/territoires)."""
    return InMemoryTerritories.from_records(
        [{"code": "53134", "nom": "Livet", "codes_postaux": ["53150"], "population": 191,
          "epci": "200033298", "departement": "53"},
         {"code": "53097", "nom": "Évron", "codes_postaux": ["53150", "53600"], "population": 8252,
          "epci": "200033298", "departement": "53"},
         {"code": "53130", "nom": "Laval", "codes_postaux": ["53000"], "population": 49400,
          "epci": "200083392", "departement": "53"}],
        [{"code": "200033298", "nom": "CC des Coëvrons", "type": "CC", "membres": ["53134", "53097"]},
         {"code": "200083392", "nom": "CA Laval Agglomération", "type": "CA", "membres": ["53130"]}])


@pytest.fixture
def write_parcours(tmp_path: Path):
    """Factory: write YAML files into a fresh ``parcours`` directory and return it."""

    def write(**files: str) -> Path:
        directory = tmp_path / "parcours"
        directory.mkdir(exist_ok=True)
        for name, text in files.items():
            (directory / f"{name}.yaml").write_text(text, encoding="utf-8")
        return directory

    return write
