"""Partner inbox: my structures' requests only, filters, take charge, answer, re-route, close, history."""
from __future__ import annotations

import pytest

from tests.admin.conftest import read_form
from tests.demandes.conftest import demandes, envoyer

EDITEUR, DEMANDEUR = "editeur@caue53.fr", "maire@saint-erblon.fr"


@pytest.fixture
def two_requests(client, users):
    """n° 1 for caue-53 (the editor's structure), n° 2 for cerema (not theirs, no partner account)."""
    return envoyer(client, "caue-53"), envoyer(client, "cerema")


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_editor_sees_only_their_structures_requests(editor_client, two_requests, headers):
    html = editor_client.get("/admin/demandes", headers=headers).get_data(as_text=True)
    assert 'href="/admin/demandes/1"' in html and 'href="/admin/demandes/2"' not in html


def test_admin_sees_every_request_and_which_have_no_partner(admin_client, two_requests):
    html = admin_client.get("/admin/demandes").get_data(as_text=True)
    assert 'href="/admin/demandes/1"' in html and 'href="/admin/demandes/2"' in html
    assert html.count('<span class="fr-text--xs">sans compte partenaire</span>') == 1
    assert "la demande revient aux référents" in admin_client.get("/admin/demandes/2").get_data(as_text=True)


@pytest.mark.parametrize("method,url", [
    ("get", "/admin/demandes/2"),
    ("post", "/admin/demandes/2/prendre-en-charge"),
    ("post", "/admin/demandes/2/repondre"),
    ("post", "/admin/demandes/2/reorienter"),
    ("post", "/admin/demandes/2/clore"),
])
def test_editor_cannot_reach_another_structures_request_by_url(app, editor_client, two_requests, method, url):
    response = getattr(editor_client, method)(url, data={"repondre-texte": "Détourné", "clore-texte": "x",
                                                         "reorienter-structure": "caue-53", "reorienter-motif": "x"})
    assert response.status_code == 403
    d = demandes(app)[1]
    assert d.statut == "envoyee" and d.structure.slug == "cerema" and len(d.evenements) == 1


def test_editor_cannot_act_by_replaying_an_admins_form_of_another_request(app, admin_client, editor_client,
                                                                           two_requests):
    """The answer form of request n° 2 (read by an admin) posted by the editor is refused, nothing changes."""
    html = admin_client.get("/admin/demandes/2").get_data(as_text=True)
    data = read_form(html, "/admin/demandes/2/repondre")
    data["repondre-texte"] = ["Réponse détournée"]
    assert editor_client.post("/admin/demandes/2/repondre", data=data).status_code == 403
    assert demandes(app)[1].statut == "envoyee"


def test_anonymous_goes_to_login(client, two_requests):
    response = client.get("/admin/demandes/1")
    assert response.status_code == 302 and response.headers["Location"].startswith("/connexion")


def test_take_charge_answer_close_with_history_and_tracking_page(app, client, editor_client, two_requests, smtp):
    suivi = two_requests[0]
    assert editor_client.post("/admin/demandes/1/prendre-en-charge").status_code == 303
    assert "Prise en charge" in client.get(suivi).get_data(as_text=True)
    smtp.messages.clear()
    response = editor_client.post("/admin/demandes/1/repondre",
                                  data={"repondre-texte": "Bonjour,\nnous vous appelons lundi matin."})
    assert response.status_code == 303 and response.headers["Location"] == "/admin/demandes/1"
    page = client.get(suivi).get_data(as_text=True)
    assert "nous vous appelons lundi matin." in page and "Répondue" in page
    [mail] = smtp.to(DEMANDEUR)
    assert "nous vous appelons lundi matin." in mail.corps and mail.sujet == "Réponse à votre demande de contact"
    assert editor_client.post("/admin/demandes/1/clore", data={"clore-texte": ""}).status_code == 303
    d = demandes(app)[0]
    assert d.statut == "close"
    assert [(e.action, e.auteur) for e in d.evenements] == [
        ("envoi", None), ("prise_en_charge", EDITEUR), ("reponse", EDITEUR), ("cloture", EDITEUR)]
    history = editor_client.get("/admin/demandes/1").get_data(as_text=True)
    assert "Prise en charge par editeur@caue53.fr" in history and "Clore la demande" not in history


def test_a_closed_request_refuses_further_actions_with_a_message(app, editor_client, two_requests):
    editor_client.post("/admin/demandes/1/clore", data={})
    response = editor_client.post("/admin/demandes/1/repondre", data={"repondre-texte": "Trop tard"})
    assert response.status_code == 409 and "Cette demande est close" in response.get_data(as_text=True)
    assert len(demandes(app)[0].evenements) == 2


def test_reroute_moves_the_request_to_the_other_structure_with_the_reason(app, client, editor_client,
                                                                          admin_client, two_requests, smtp):
    smtp.messages.clear()
    response = editor_client.post("/admin/demandes/1/reorienter", data={
        "reorienter-structure": "cerema", "reorienter-motif": "La voirie relève du Cerema pour ce projet."})
    assert response.status_code == 303 and response.headers["Location"] == "/admin/demandes"
    d = demandes(app)[0]
    assert d.statut == "reorientee" and d.structure.slug == "cerema"
    assert editor_client.get("/admin/demandes/1").status_code == 403  # no longer theirs
    assert admin_client.get("/admin/demandes/1").status_code == 200
    page = client.get(two_requests[0]).get_data(as_text=True)
    assert "Réorientée" in page and "La voirie relève du Cerema pour ce projet." in page
    assert smtp.to("admin@ddt53.fr") and smtp.to(DEMANDEUR)  # the referents (cerema has no partner), the sender


@pytest.mark.parametrize("data,message", [
    ({"reorienter-structure": "", "reorienter-motif": "motif"}, "Choisissez la structure."),
    ({"reorienter-structure": "inconnue", "reorienter-motif": "motif"}, "Choisissez une structure de la liste."),
    ({"reorienter-structure": "cerema", "reorienter-motif": ""}, "Indiquez le motif de la réorientation."),
])
def test_reroute_errors_are_explained(app, editor_client, two_requests, data, message):
    response = editor_client.post("/admin/demandes/1/reorienter", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert demandes(app)[0].structure.slug == "caue-53"


def test_an_empty_answer_is_refused(editor_client, two_requests):
    response = editor_client.post("/admin/demandes/1/repondre", data={"repondre-texte": "  "})
    assert response.status_code == 422 and "Écrivez votre réponse." in response.get_data(as_text=True)


def test_filter_by_status(admin_client, editor_client, two_requests):
    editor_client.post("/admin/demandes/1/prendre-en-charge")
    html = admin_client.get("/admin/demandes?statut=a_traiter").get_data(as_text=True)
    assert 'href="/admin/demandes/2"' in html and 'href="/admin/demandes/1"' not in html
    html = admin_client.get("/admin/demandes?statut=prise_en_charge").get_data(as_text=True)
    assert 'href="/admin/demandes/1"' in html and 'href="/admin/demandes/2"' not in html
    assert admin_client.get("/admin/demandes?statut=nimporte").status_code == 200


def test_unknown_request_or_action_is_404(admin_client, two_requests):
    assert admin_client.get("/admin/demandes/99").status_code == 404
    assert admin_client.post("/admin/demandes/1/supprimer").status_code == 404
