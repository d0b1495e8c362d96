"""Moderation: the public suggestions queue; accept (applied with history), mark handled, reject with a motive."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.admin.conftest import EDITED, read_form, revisions
from wizard.db import get_session
from wizard.models import Contact, Structure, Suggestion


def _suggest(app, **fields) -> int:
    with app.app_context():
        session = get_session()
        structure = session.scalar(select(Structure).where(Structure.slug == EDITED))
        suggestion = Suggestion(structure_id=structure.id, message="Le numéro a changé.", auteur_nom="Une mairie",
                                **fields)
        session.add(suggestion)
        session.commit()
        return suggestion.id


def _decide(client, sid: int, decision: str, motif: str = ""):
    url = f"/admin/suggestions/{sid}"
    data = read_form(client.get(url).get_data(as_text=True), url)
    return client.post(url, data={**data, "decision": decision, "motif": motif})


def _state(app, sid: int) -> Suggestion:
    with app.app_context():
        return get_session().get(Suggestion, sid)




def _without_contacts(app) -> None:
    """Start from a fiche with no contact (a suggested channel then creates the first one)."""
    with app.app_context():
        session = get_session()
        session.scalar(select(Structure).where(Structure.slug == EDITED)).contacts = []
        session.commit()


def test_queue_lists_pending_suggestions(app, admin_client):
    sid = _suggest(app, champ="telephone", valeur_proposee="02 43 49 00 00")
    html = admin_client.get("/admin/suggestions").get_data(as_text=True)
    assert f"/admin/suggestions/{sid}" in html and "Le numéro a changé." in html


def test_accept_applies_the_value_with_its_source_and_history(app, admin_client):
    _without_contacts(app)
    sid = _suggest(app, champ="telephone", valeur_proposee="02 43 49 00 00",
                   source_proposee="https://caue53.com/contact")
    assert _decide(admin_client, sid, "appliquer").status_code == 302
    suggestion = _state(app, sid)
    assert (suggestion.statut, suggestion.traitee_par) == ("acceptee", "admin@ddt53.fr")
    with app.app_context():
        structure = get_session().scalar(select(Structure).where(Structure.slug == EDITED))
        contact = structure.contacts[0]
        assert contact.telephone == "02 43 49 00 00"
        # The proposed page becomes a source of the fiche, dated the day it was checked, cited by the contact.
        source = structure.source(contact.source_cle)
        assert source is not None and source.url == "https://caue53.com/contact"
        assert source.consulte_le == dt.date.today().isoformat()
    [revision] = revisions(app)
    assert revision.action == "suggestion" and revision.auteur == "admin@ddt53.fr"
    changes = {c["champ"]: c["apres"] for c in revision.changements}
    assert changes["contacts[1].telephone"] == "02 43 49 00 00"
    assert changes["contacts[1].source"] == contact.source_cle
    assert f"/admin/suggestions/{sid}\"" not in admin_client.get("/admin/suggestions").get_data(as_text=True)


def test_a_phone_without_source_cannot_be_applied_and_stays_pending(app, admin_client):
    _without_contacts(app)
    sid = _suggest(app, champ="telephone", valeur_proposee="02 43 49 00 00")
    response = _decide(admin_client, sid, "appliquer")
    assert response.status_code == 422
    assert "contacts[0].source : citez au moins une source" in response.get_data(as_text=True)
    assert _state(app, sid).statut == "en_attente"
    assert revisions(app) == []
    with app.app_context():
        assert get_session().scalar(select(Structure).where(Structure.slug == EDITED)).contacts == []


def test_invalid_proposed_value_is_refused_by_the_data_rules(app, admin_client):
    sid = _suggest(app, champ="site_web", valeur_proposee="www.sans-protocole.fr")
    response = _decide(admin_client, sid, "appliquer")
    assert response.status_code == 422
    assert "adresse web invalide" in response.get_data(as_text=True)
    assert _state(app, sid).statut == "en_attente"


def test_mark_handled_without_change(app, admin_client):
    sid = _suggest(app, champ="autre")
    assert _decide(admin_client, sid, "traitee", "Ajouté à la main dans l'offre.").status_code == 302
    assert (_state(app, sid).statut, _state(app, sid).motif) == ("acceptee", "Ajouté à la main dans l'offre.")
    assert revisions(app) == []


def test_reject_needs_a_motive(app, admin_client):
    sid = _suggest(app, champ="telephone", valeur_proposee="06 00 00 00 00")
    response = _decide(admin_client, sid, "rejeter")
    assert response.status_code == 422 and "Indiquez le motif du rejet" in response.get_data(as_text=True)
    assert _decide(admin_client, sid, "rejeter", "Numéro personnel, non public.").status_code == 302
    assert (_state(app, sid).statut, _state(app, sid).motif) == ("rejetee", "Numéro personnel, non public.")


def test_editors_cannot_moderate(app, editor_client):
    sid = _suggest(app, champ="autre")
    assert editor_client.post(f"/admin/suggestions/{sid}", data={"decision": "traitee"}).status_code == 403
    assert _state(app, sid).statut == "en_attente"


def test_a_public_suggestion_reaches_the_queue_and_is_applied(app, admin_client):
    """The annuaire's service records the visitor's proposal; the curator applies it to the fiche."""
    from wizard.annuaire.suggestions import proposer

    with app.app_context():
        session = get_session()
        structure = session.scalar(select(Structure).where(Structure.slug == EDITED))
        suggestion = proposer(session, structure, champ="site_web", message="Le site a changé d'adresse.",
                              valeur_proposee="https://www.caue53.fr/nouveau",
                              source_proposee="https://www.caue53.fr/nouveau")
        session.commit()
        sid = suggestion.id
    assert f"/admin/suggestions/{sid}" in admin_client.get("/admin/suggestions").get_data(as_text=True)
    assert _decide(admin_client, sid, "appliquer").status_code == 302
    with app.app_context():
        structure = get_session().scalar(select(Structure).where(Structure.slug == EDITED))
        assert structure.site_web == "https://www.caue53.fr/nouveau"
        cited = structure.sources_de(structure.faits_sources)
        assert "https://www.caue53.fr/nouveau" in [s.url for s in cited]  # the new fact cites its source


def test_a_non_http_source_is_shown_as_text_not_as_a_link(app, admin_client):
    sid = _suggest(app, champ="autre", source_proposee="javascript://x%0Aalert(1)")
    html = admin_client.get(f"/admin/suggestions/{sid}").get_data(as_text=True)
    assert 'href="javascript:' not in html and "javascript://x%0Aalert(1)" in html


def test_a_phone_without_its_own_source_does_not_inherit_the_contacts_source(app, admin_client):
    """The fiche's existing contact cites a source; a new phone proposed without one must not borrow it."""
    with app.app_context():
        session = get_session()
        structure = session.scalar(select(Structure).where(Structure.slug == EDITED))
        structure.contacts = [Contact(libelle="Accueil", email="accueil@example.fr",
                                      source_cle=structure.sources[0].cle)]
        session.commit()
    before = _fiche_contacts(app)
    sid = _suggest(app, champ="telephone", valeur_proposee="02 43 49 00 00")
    response = _decide(admin_client, sid, "appliquer")
    assert response.status_code == 422
    assert "citez au moins une source" in response.get_data(as_text=True)
    assert _fiche_contacts(app) == before
    assert _state(app, sid).statut == "en_attente"


def _fiche_contacts(app) -> list[tuple]:
    with app.app_context():
        structure = get_session().scalar(select(Structure).where(Structure.slug == EDITED))
        return [(c.telephone, c.source_cle) for c in structure.contacts]
