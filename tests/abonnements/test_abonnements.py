"""Subscriptions without an account: double opt-in, a news mail when a programme is added (real SMTP sink),
one-click unsubscribe, and the Atom feed of the same news."""
from __future__ import annotations

import datetime as dt
import html
import re
from xml.etree import ElementTree as ET

import pytest

from wizard.abonnements import veille
from wizard.db import get_session
from wizard.models import Abonnement, Actualite, Dispositif

LAVAL, CRAON_CC = "53130", "200048551"   # a commune of Laval Agglomération; the SIREN of the CC du Pays de Craon
ATOM = "{http://www.w3.org/2005/Atom}"


def _abonner(client, smtp, email: str, territoire: str = "", thematiques: tuple[str, ...] = ()) -> str:
    """Subscribe, read the confirmation mail, confirm by the page's button; return the unsubscribe path."""
    response = client.post("/abonnements", data={"email": email, "territoire": territoire,
                                                 "thematiques": list(thematiques)})
    assert response.status_code == 303, response.get_data(as_text=True)[:1500]
    mail = smtp.to(email)[-1]
    assert mail.sujet == "Confirmez votre abonnement aux nouveautés"
    lien = re.search(r"https?://\S+/abonnements/(\S+)/confirmer", mail.corps)
    assert lien, mail.corps
    jeton = lien.group(1)
    page = client.get(f"/abonnements/{jeton}/confirmer").get_data(as_text=True)
    assert "Confirmer mon abonnement" in page  # a link scanner opening it confirms nothing
    assert client.post(f"/abonnements/{jeton}/confirmer").status_code == 303
    assert "Abonnement confirmé" in client.get(f"/abonnements/{jeton}/confirmer").get_data(as_text=True)
    return f"/abonnements/{jeton}/desabonner"


def _ajouter_dispositif(app, slug: str, thematiques: list[str], communes: list[str] | None = None) -> None:
    with app.app_context():
        session = get_session()
        session.add(Dispositif(slug=slug, nom=f"Programme {slug}", description="Un programme d'essai.",
                               thematiques=thematiques, communes=communes or [],
                               eligibilite={"communes_listees": bool(communes)}))
        session.commit()


def _envoyer(app) -> str:
    result = app.test_cli_runner().invoke(args=["abonnements", "envoyer"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_confirmed_subscriber_gets_a_mail_when_a_programme_is_added_and_unsubscribes_in_one_click(app, client, smtp):
    _envoyer(app)  # the first run only records the state (and closings within three months)
    desabonner = _abonner(client, smtp, "mairie@laval-essai.fr", territoire=LAVAL, thematiques=("voirie",))
    _abonner(client, smtp, "autre-sujet@laval-essai.fr", territoire=LAVAL, thematiques=("sante",))
    client.post("/abonnements", data={"email": "jamais-confirme@laval-essai.fr", "territoire": LAVAL})
    _ajouter_dispositif(app, "essai-voirie", ["voirie"])
    assert "Nouveautés relevées : 1." in _envoyer(app)

    recus = smtp.to("mairie@laval-essai.fr")
    assert len(recus) == 2 and "1 nouveauté" in recus[-1].sujet
    assert "Nouveau dispositif : Programme essai-voirie" in recus[-1].corps
    assert "https://carto.example/dispositifs#dispositif-essai-voirie" in recus[-1].corps
    assert f"https://carto.example{desabonner}" in recus[-1].corps
    assert len(smtp.to("autre-sujet@laval-essai.fr")) == 1          # only its confirmation
    assert len(smtp.to("jamais-confirme@laval-essai.fr")) == 1      # only its confirmation
    # Nothing new, nothing sent.
    _envoyer(app)
    assert len(smtp.to("mairie@laval-essai.fr")) == 2

    # One click on the page's button deletes the subscription, nothing kept.
    assert "Me désabonner" in client.get(desabonner).get_data(as_text=True)
    assert "Vous êtes désabonné" in client.post(desabonner).get_data(as_text=True)
    with app.app_context():
        assert get_session().query(Abonnement).filter_by(email="mairie@laval-essai.fr").count() == 0
    _ajouter_dispositif(app, "essai-voirie-2", ["voirie"])
    _envoyer(app)
    assert len(smtp.to("mairie@laval-essai.fr")) == 2
    assert client.get(desabonner).status_code == 404


def test_a_programme_for_listed_communes_reaches_only_their_subscribers(app, client, smtp):
    _envoyer(app)
    _abonner(client, smtp, "laval@test.fr", territoire=LAVAL)
    _abonner(client, smtp, "craon@test.fr", territoire=CRAON_CC)
    _abonner(client, smtp, "mayenne@test.fr")
    _ajouter_dispositif(app, "label-laval", ["urbanisme"], communes=[LAVAL])
    _envoyer(app)
    assert "label-laval" in smtp.to("laval@test.fr")[-1].corps
    assert "label-laval" in smtp.to("mayenne@test.fr")[-1].corps   # the whole département follows everything
    assert len(smtp.to("craon@test.fr")) == 1


def test_a_new_subscriber_does_not_receive_older_news(app, client, smtp):
    _envoyer(app)
    _ajouter_dispositif(app, "ancien", [])
    _envoyer(app)
    _abonner(client, smtp, "nouveau@test.fr")
    _envoyer(app)
    assert len(smtp.to("nouveau@test.fr")) == 1


def test_a_programme_closing_within_three_months_is_told_once_with_its_published_precision(app):
    with app.app_context():
        session = get_session()
        session.add(Dispositif(slug="bientot-fini", nom="Bientôt fini", fin="2026-12", thematiques=[]))
        session.commit()
    with app.app_context():
        session = get_session()
        veille.relever(session, dt.date(2026, 11, 1))
        session.commit()
        veille.relever(session, dt.date(2026, 11, 2))
        session.commit()
        titres = [a.titre for a in session.query(Actualite).filter_by(kind="cloture-proche", cle="bientot-fini")]
    assert titres == ["Se termine en 12/2026 : Bientôt fini"]


def test_the_atom_feed_lists_the_same_news_and_filters_by_territory(app, client):
    _envoyer(app)
    _ajouter_dispositif(app, "label-laval", ["urbanisme"], communes=[LAVAL])
    _envoyer(app)
    feed = ET.fromstring(client.get("/actualites.atom").data)
    titres = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert "Nouveau dispositif : Programme label-laval" in titres
    autre = ET.fromstring(client.get(f"/actualites.atom?territoire={CRAON_CC}").data)
    assert "Nouveau dispositif : Programme label-laval" not in [e.findtext(f"{ATOM}title")
                                                               for e in autre.iter(f"{ATOM}entry")]
    assert client.get("/actualites.atom").headers["Content-Type"].startswith("application/atom+xml")
    assert "Programme label-laval" in client.get("/actualites").get_data(as_text=True)


def test_unsubscribe_accepts_a_mail_clients_one_click_post_without_csrf(app_csrf, smtp):
    client = app_csrf.test_client()
    with app_csrf.app_context():
        session = get_session()
        session.add(Abonnement(email="x@test.fr", jeton="jeton-essai", thematiques=[]))
        session.commit()
    response = client.post("/abonnements/jeton-essai/desabonner", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with app_csrf.app_context():
        assert get_session().query(Abonnement).count() == 0
    # Confirming, on the other hand, needs the page's token.
    with app_csrf.app_context():
        session = get_session()
        session.add(Abonnement(email="y@test.fr", jeton="jeton-2", thematiques=[]))
        session.commit()
    assert client.post("/abonnements/jeton-2/confirmer").status_code in (400, 403)


@pytest.mark.parametrize("data, message", [
    ({"email": "pas-une-adresse"}, "Adresse électronique invalide"),
    ({"email": ""}, "Indiquez votre adresse électronique."),
    ({"email": "a@b.fr", "territoire": "99999"}, "Territoire inconnu"),
    ({"email": "a@b.fr", "thematiques": ["pas-un-sujet"]}, "Thématique inconnue"),
])
def test_bad_input_gets_a_clear_error_and_keeps_the_form(client, smtp, data, message):
    response = client.post("/abonnements", data=data)
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert message in page
    assert f'value="{data["email"]}"' in page or not data["email"]  # what was typed is kept
    assert smtp.messages == []


def test_without_smtp_the_page_says_subscribing_is_unavailable(loaded_sqlite, tmp_path):
    import shutil

    from wizard import create_app
    db = tmp_path / "x.sqlite"
    shutil.copy(loaded_sqlite, db)
    client = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "t", "TESTING": True,
                         "WTF_CSRF_ENABLED": False}).test_client()
    page = html.unescape(client.get("/abonnements").get_data(as_text=True))
    assert "l'abonnement est impossible pour le moment" in page and 'name="email"' not in page
    assert client.post("/abonnements", data={"email": "a@b.fr"}).status_code == 503
