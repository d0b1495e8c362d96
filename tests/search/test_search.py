"""Full-text search on both backends (SQLite FTS5, PostgreSQL tsvector): same queries, same top results."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from wizard import create_app, search
from wizard.db import get_session
from wizard.models import Structure
from wizard.text import normalize, stem, tokens

#: query → the structure expected first, on every backend.
TOP = {
    "epf foncier": "epfl-mayenne-sarthe",
    "cerema": "cerema",
    "Céréma": "cerema",
    "CEREMA": "cerema",
    "caue": "caue-53",
    "laval agglomération": "epci-laval-agglo",
}


def test_normalisation_folds_accents_case_and_plurals():
    assert normalize("Écoles et ROUTES de l'Œuvre") == "ecole route oeuvre"
    assert [stem(w) for w in ("routes", "travaux", "eaux", "lieux", "bus", "cours")] == \
        ["route", "traval", "eau", "lieu", "bus", "cour"]
    assert tokens("d'urbanisme") == ["urbanisme"]
    assert tokens("") == [] and tokens(None) == []


@pytest.fixture
def backend_app(db_url):
    """The app on each backend with data/ loaded and indexed at start-up."""
    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test", "TESTING": True})
    yield app
    # Close pooled connections before the database is reset (PostgreSQL would keep them open).
    app.extensions["db_engine"].dispose()


def _slug_ids(session) -> dict[int, str]:
    return dict(session.execute(select(Structure.id, Structure.slug)).all())


def test_same_top_results_on_each_backend(backend_app):
    with backend_app.app_context():
        session = get_session()
        slug_of = _slug_ids(session)
        assert search.index_version(session)
        for query, expected in TOP.items():
            result = search.search(session, query)
            assert result.ids, query
            assert slug_of[result.ids[0]] == expected, query
        # Plurals, accents and synonyms: "routes" finds what "route" and "voirie" find.
        assert set(search.search(session, "routes").ids) == set(search.search(session, "route").ids)
        assert set(search.search(session, "ecoles").ids) == set(search.search(session, "École").ids) != set()
        # Prefixes: a word being typed already matches.
        assert slug_of[search.search(session, "epf").ids[0]] == "epfl-mayenne-sarthe"
        assert search.search(session, "zzzqqq").ids == []
        assert search.search(session, "  ").ids == []
        assert search.suggest(session, "cereme") == "cerema"


def test_reindex_one_structure_after_an_edit(backend_app):
    with backend_app.app_context():
        session = get_session()
        before = search.index_version(session)
        structure = session.scalar(select(Structure).where(Structure.slug == "cerema"))
        structure.nom = "Centre Bidulotron"
        search.reindex(session, [structure.id])
        session.commit()
        assert search.search(session, "bidulotron").ids == [structure.id]
        assert search.index_version(session) != before
        # The other structures are still indexed.
        assert search.search(session, "epf foncier").ids
        session.delete(structure)
        search.reindex(session, [structure.id])
        session.commit()
        assert search.search(session, "bidulotron").ids == []


def test_very_broad_query_ranks_name_matches_first(backend_app, monkeypatch):
    """Above RANK_LIMIT matches only name matches are scored; every match is still returned."""
    with backend_app.app_context():
        session = get_session()
        every = search.search(session, "mayenne")
        monkeypatch.setattr(search, "RANK_LIMIT", 1)
        broad = search.search(session, "mayenne")
        assert broad.ranked is not None and 0 < broad.ranked < len(broad.ids)
        assert set(broad.ids) == set(every.ids)
        names = dict(session.execute(select(Structure.id, Structure.nom)).all())
        assert all("mayenne" in normalize(names[i]) for i in broad.ids[:broad.ranked])


def test_data_load_command_rebuilds_the_index(backend_app):
    runner = backend_app.test_cli_runner()
    result = runner.invoke(args=["data", "load"])
    assert result.exit_code == 0, result.output
    with backend_app.app_context():
        session = get_session()
        slug_of = _slug_ids(session)
        assert slug_of[search.search(session, "epf foncier").ids[0]] == "epfl-mayenne-sarthe"
