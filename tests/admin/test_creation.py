"""Creating a structure from the back-office: same data rules as data/, a history, then the public fiche."""
from __future__ import annotations

from sqlalchemy import select

from tests.admin.conftest import read_form
from wizard.dataload.load import edited_since_load
from wizard.db import get_session
from wizard.models import Revision, Structure

NEW = "/admin/structures/nouvelle"
SLUG = "syndicat-bassin-exemple"


def _form(client, **changes) -> dict[str, list[str]]:
    data = read_form(client.get(NEW).get_data(as_text=True), NEW)
    data.update({
        "slug": [SLUG], "nom": ["Syndicat de bassin (exemple de test)"], "categorie": ["syndicat"],
        "niveau": ["proximite"],
        "presentation": ["Le syndicat entretient les rivières du bassin pour ses communes membres."],
        "site_web": ["https://www.mayenne.gouv.fr"],
        "source-titre": ["Page de présentation du syndicat"], "source-editeur": ["Préfecture de la Mayenne"],
        "source-url": ["https://www.mayenne.gouv.fr"], "source-date": ["2026-11"],
    })
    data.update({k: [v] for k, v in changes.items()})
    return data


def test_an_admin_creates_a_fiche_with_its_source_and_history(app, admin_client, client):
    assert "Créer une fiche" in admin_client.get("/admin/structures").get_data(as_text=True)
    response = admin_client.post(NEW, data=_form(admin_client))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/structures/{SLUG}/modifier")
    with app.app_context():
        session = get_session()
        structure = session.scalar(select(Structure).where(Structure.slug == SLUG))
        assert structure.faits_sources == ["source-presentation"]
        assert structure.source("source-presentation").url == "https://www.mayenne.gouv.fr"
        [revision] = session.scalars(select(Revision).where(Revision.structure_id == structure.id)).all()
        assert (revision.action, revision.auteur) == ("creation", "admin@ddt53.fr")
        # Not in data/ yet: a plain `flask data load` must refuse to drop it (export first).
        assert SLUG in edited_since_load(session)
    public = client.get(f"/structures/{SLUG}")
    assert public.status_code == 200 and "Syndicat de bassin (exemple de test)" in public.get_data(as_text=True)


def test_a_taken_or_invalid_identifier_is_refused_in_french(app, admin_client):
    taken = admin_client.post(NEW, data=_form(admin_client, slug="caue-53"))
    assert taken.status_code == 422 and "est déjà celui" in taken.get_data(as_text=True)
    bad = admin_client.post(NEW, data=_form(admin_client, slug="Syndicat Bassin"))
    assert bad.status_code == 422
    with app.app_context():
        assert get_session().scalar(select(Structure).where(Structure.nom.like("%exemple de test%"))) is None


def test_a_source_refused_by_the_policy_creates_nothing(app, admin_client):
    """The loader's source policy applies here too: a document mirror cannot ground a public fiche."""
    response = admin_client.post(NEW, data=_form(admin_client, **{"source-url": "https://docslib.org/doc/1"}))
    assert response.status_code == 422
    with app.app_context():
        assert get_session().scalar(select(Structure).where(Structure.slug == SLUG)) is None


def test_editors_cannot_create_a_fiche(editor_client):
    assert editor_client.get(NEW).status_code == 403
    assert editor_client.post(NEW, data={"slug": SLUG, "nom": "x"}).status_code == 403
