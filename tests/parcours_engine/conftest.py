"""Fixtures for the parcours engine tests: taxonomy, compiled mini parcours, territories."""
from __future__ import annotations

from pathlib import Path

import pytest

from wizard.parcours_engine import Parcours, compile_parcours
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
