"""History page and restore; optimistic locking between two concurrent transactions."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from tests.admin.conftest import EDITED, edit_form, read_form, revisions
from wizard.admin.edition import Conflict, save_fiche, snapshot
from wizard.db import get_session
from wizard.models import Revision, Structure

EDIT = f"/admin/structures/{EDITED}/modifier"
HISTORY = f"/admin/structures/{EDITED}/historique"


def _save_sigle(client, sigle: str) -> None:
    data = edit_form(client)
    data["sigle"] = [sigle]
    assert client.post(EDIT, data=data).status_code == 302




def _sigle(app) -> str | None:
    with app.app_context():
        return get_session().scalar(select(Structure.sigle).where(Structure.slug == EDITED))


def test_history_shows_who_when_and_before_after(app, editor_client):
    original = _sigle(app)
    _save_sigle(editor_client, "V1")
    _save_sigle(editor_client, "V2")
    html = editor_client.get(HISTORY).get_data(as_text=True)
    assert html.count("par editeur@caue53.fr") == 2
    assert "V1" in html and "V2" in html and (original or "—") in html
    assert html.index("V2") < html.index(f">{original or '—'}</td>")  # newest first


def test_a_freshly_loaded_fiche_shows_its_load_not_a_confirmation(app, editor_client):
    """The data load's entry says what it is, and offers no restore of the empty fiche before the first load."""
    html = editor_client.get(HISTORY).get_data(as_text=True)
    assert "Chargement des données de référence — le " in html
    assert "Fiche écrite par le chargement des données de référence (data/)." in html
    assert "fiche confirmée telle quelle" not in html
    assert 'name="etat" value="avant"' not in html
    _save_sigle(editor_client, "V1")
    html = editor_client.get(HISTORY).get_data(as_text=True)
    assert html.count('name="etat" value="avant"') == 1  # the edit can be undone, the first load cannot


def test_restore_a_previous_version_is_itself_a_revision(app, editor_client):
    original = _sigle(app)
    _save_sigle(editor_client, "V1")
    _save_sigle(editor_client, "V2")
    first_id = revisions(app)[0].id
    html = editor_client.get(HISTORY).get_data(as_text=True)
    url = f"/admin/structures/{EDITED}/historique/{first_id}/restaurer"
    data = read_form(html, url)
    assert editor_client.post(url, data={**data, "etat": ["apres"]}).status_code == 302
    assert _sigle(app) == "V1"
    html = editor_client.get(HISTORY).get_data(as_text=True)
    data = read_form(html, url)
    assert editor_client.post(url, data={**data, "etat": ["avant"]}).status_code == 302
    assert _sigle(app) == original
    actions = [r.action for r in revisions(app)]
    assert actions == ["modification", "modification", "restauration", "restauration"]


def test_restore_with_a_stale_version_does_not_overwrite(app, editor_client):
    _save_sigle(editor_client, "V1")
    html = editor_client.get(HISTORY).get_data(as_text=True)
    first_id = revisions(app)[0].id
    url = f"/admin/structures/{EDITED}/historique/{first_id}/restaurer"
    stale = read_form(html, url)
    _save_sigle(editor_client, "V2")
    response = editor_client.post(url, data={**stale, "etat": ["avant"]}, follow_redirects=True)
    assert "modifiée entre-temps" in response.get_data(as_text=True)
    assert _sigle(app) == "V2"


def test_concurrent_transactions_second_flush_fails_instead_of_overwriting(app):
    """Two sessions read version N; the first commits; the second's UPDATE … WHERE version = N fails."""
    taxonomy = app.extensions["taxonomy"]
    maker = app.extensions["db_sessionmaker"]
    with maker() as a, maker() as b:
        sa = a.scalar(select(Structure).where(Structure.slug == EDITED))
        sb = b.scalar(select(Structure).where(Structure.slug == EDITED))
        version = sa.version
        fiche_b = snapshot(sb)
        save_fiche(a, taxonomy, sa, {**snapshot(sa), "sigle": "A"}, version, "a@x.fr")
        a.commit()
        with pytest.raises(StaleDataError):
            save_fiche(b, taxonomy, sb, {**fiche_b, "sigle": "B"}, version, "b@x.fr")
        b.rollback()
    assert _sigle(app) == "A"


def test_explicit_version_check_raises_conflict(app):
    with app.app_context():
        session = get_session()
        s = session.scalar(select(Structure).where(Structure.slug == EDITED))
        with pytest.raises(Conflict):
            save_fiche(session, app.extensions["taxonomy"], s, snapshot(s), s.version - 1, "x@y.fr")


def test_optimistic_locking_and_history_on_each_backend(db_url):
    """SQLite and PostgreSQL: the stale save fails, the first one and its revision are kept."""
    from sqlalchemy.orm import sessionmaker

    from wizard.config import ROOT
    from wizard.dataload.load import load_data
    from wizard.db import make_engine
    from wizard.migrate import upgrade
    from wizard.taxonomy import load_taxonomy

    engine = make_engine(db_url)
    upgrade(engine)
    taxonomy = load_taxonomy(ROOT / "data" / "taxonomie.yaml")
    maker = sessionmaker(bind=engine, expire_on_commit=False)
    with maker() as session:
        load_data(session, ROOT / "data", taxonomy)
        session.commit()
    with maker() as a, maker() as b:
        sa = a.scalar(select(Structure).where(Structure.slug == EDITED))
        sb = b.scalar(select(Structure).where(Structure.slug == EDITED))
        version, fiche_b = sa.version, snapshot(sb)
        save_fiche(a, taxonomy, sa, {**snapshot(sa), "sigle": "A"}, version, "a@x.fr")
        a.commit()
        with pytest.raises(StaleDataError):
            save_fiche(b, taxonomy, sb, {**fiche_b, "sigle": "B"}, version, "b@x.fr")
        b.rollback()
    with maker() as session:
        assert session.scalar(select(Structure.sigle).where(Structure.slug == EDITED)) == "A"
        assert [r.auteur for r in session.scalars(select(Revision).where(Revision.action != "chargement"))] == \
            ["a@x.fr"]
    engine.dispose()
