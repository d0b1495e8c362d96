"""Routing: to the structure's partner accounts, else to the DDT's referents; e-mail through a real SMTP
sink; an SMTP outage loses nothing and `flask demandes relancer` retries; reminders and purge."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from tests.demandes.conftest import demandes, envoyer
from wizard.db import get_session
from wizard.models import Courriel, Demande
from wizard.models.suggestion import utcnow

EDITEUR, ADMIN, DEMANDEUR = "editeur@caue53.fr", "admin@ddt53.fr", "maire@saint-erblon.fr"


def test_a_structure_with_a_partner_account_gets_the_request_by_mail(app, client, users, smtp):
    suivi = envoyer(client, "caue-53")
    [to_partner] = smtp.to(EDITEUR)
    assert smtp.to(ADMIN) == []
    assert "Nouvelle demande de contact" in to_partner.sujet
    assert "Jeanne Martin, Maire — Saint-Erblon" in to_partner.corps
    assert "refaire la voirie du bourg" in to_partner.corps
    assert "Votre commune : Saint-Erblon (53390)" in to_partner.corps
    assert "/parcours/resultats?" in to_partner.corps and "/admin/demandes/1" in to_partner.corps
    # The sender's copy carries the private tracking link: the only moment the clear token exists.
    [copy] = smtp.to(DEMANDEUR)
    assert f"http://localhost{suivi}" in copy.corps
    with app.app_context():
        assert all(c.envoye_le is not None for c in get_session().scalars(select(Courriel)))


def test_a_structure_without_partner_account_goes_to_the_ddt_referents(client, users, smtp):
    envoyer(client, "cerema")
    [to_admin] = smtp.to(ADMIN)
    assert "n'a pas de compte dans l'espace partenaires" in to_admin.corps
    assert smtp.to(EDITEUR) == []


def test_form_says_who_will_receive_it(client, users):
    assert "aux référents" in client.get("/demandes/nouvelle/cerema").get_data(as_text=True)
    assert "qui tiennent sa fiche" in client.get("/demandes/nouvelle/caue-53").get_data(as_text=True)


def test_smtp_down_keeps_the_request_and_the_mail_then_the_command_retries(app, client, users, smtp, runner):
    smtp.stop()
    suivi = envoyer(client, "caue-53")
    assert client.get(suivi).status_code == 200  # the sender is not bothered by the outage
    [d] = demandes(app)
    assert d.statut == "envoyee"
    with app.app_context():
        waiting = list(get_session().scalars(select(Courriel).order_by(Courriel.id)))
        assert len(waiting) == 2 and all(c.envoye_le is None and c.essais == 1 and c.derniere_erreur
                                         for c in waiting)
    result = runner.invoke(args=["demandes", "relancer"])
    assert "0 envoyé(s), 2 toujours en attente" in result.output
    smtp.start()
    result = runner.invoke(args=["demandes", "relancer"])
    assert result.exit_code == 0 and "2 envoyé(s), 0 toujours en attente" in result.output
    assert len(smtp.to(EDITEUR)) == 1 and len(smtp.to(DEMANDEUR)) == 1
    assert runner.invoke(args=["demandes", "relancer"]).output.startswith("Courriels en attente : 0 envoyé(s)")


def _vieillir(app, jours: int) -> None:
    with app.app_context():
        session = get_session()
        past = utcnow() - dt.timedelta(days=jours)
        session.execute(update(Demande).values(cree_le=past, derniere_action_le=past))
        session.commit()


def test_reminder_after_n_days_without_action_once_per_period(app, client, users, smtp, runner):
    envoyer(client, "caue-53")
    envoyer(client, "cerema")
    _vieillir(app, 6)
    smtp.messages.clear()
    result = runner.invoke(args=["demandes", "relancer", "--jours", "5"])
    assert "2 rappel(s)" in result.output, result.output
    assert [m.sujet for m in smtp.to(EDITEUR)] == ["Rappel : une demande attend une réponse — Saint-Erblon"]
    assert len(smtp.to(ADMIN)) == 1  # cerema has no partner: the referents are reminded
    assert "0 rappel(s)" in runner.invoke(args=["demandes", "relancer", "--jours", "5"]).output
    assert [e.action for e in demandes(app)[0].evenements] == ["envoi", "relance"]


def test_a_request_taken_in_charge_is_not_reminded(app, client, editor_client, smtp, runner):
    envoyer(client, "caue-53")
    assert editor_client.post("/admin/demandes/1/prendre-en-charge").status_code == 303
    _vieillir(app, 30)
    assert "0 rappel(s)" in runner.invoke(args=["demandes", "relancer"]).output


def test_purge_deletes_requests_past_the_retention_period(app, client, users, runner):
    envoyer(client, "caue-53")
    envoyer(client, "cerema")
    with app.app_context():
        session = get_session()
        session.execute(update(Demande).where(Demande.id == 1)
                        .values(derniere_action_le=utcnow() - dt.timedelta(days=400)))
        session.commit()
    result = runner.invoke(args=["demandes", "purger"])
    assert result.exit_code == 0 and "1 demande(s) supprimée(s)" in result.output
    assert [d.id for d in demandes(app)] == [2]
    with app.app_context():
        assert {c.demande_id for c in get_session().scalars(select(Courriel))} == {2}


def test_the_privacy_page_says_what_requests_keep_and_for_how_long(client):
    html = client.get("/mentions-legales").get_data(as_text=True)
    assert 'id="demandes"' in html and "supprimés 365 jours" in html and "flask demandes purger" in html
    assert "ni adresse IP, ni cookie" in html
