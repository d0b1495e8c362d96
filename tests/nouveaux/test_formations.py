"""Trainings and peer networks as data: the « Se former » and « Échanger » pages, the fiche, the parcours."""
from __future__ import annotations

import re

import pytest

TITRES = re.compile(r'<h3 class="fr-card__title" id="o-([a-z0-9-]+)">')
RESULTATS = ("/parcours/resultats?type_collectivite=commune&commune=53130&projet=&thematique=administration-personnel"
             "&besoin=formation&stade=gestion&profil={profil}")


def _offres(html: str) -> list[str]:
    return TITRES.findall(html)


def test_se_former_lists_every_training_with_its_source_and_registration(client):
    html = client.get("/se-former").get_data(as_text=True)
    offres = _offres(html)
    assert "caisse-des-depots-mon-compte-elu-dife-mon-compte-elu" in offres
    assert "cnfpt-professionnalisation-premier-emploi-sgm" in offres
    assert len(offres) >= 9
    # How to register: the DIFE's platform, and an honest "not published" where nothing is sourced.
    assert 'href="https://www.moncompteformation.gouv.fr"' in html
    assert "Modalités non publiées" in html
    assert "politiques-sociales.caissedesdepots.fr" in html  # the source line of the DIFE offer


def test_an_elu_and_an_agent_get_different_trainings(client):
    elu = set(_offres(client.get("/se-former?profil=elu").get_data(as_text=True)))
    agent = set(_offres(client.get("/se-former?profil=agent").get_data(as_text=True)))
    assert "caisse-des-depots-mon-compte-elu-dife-mon-compte-elu" in elu - agent
    assert "cnfpt-formation-agents" in agent - elu
    # Trainings open to both (no profile restriction or both named) appear on both lists.
    assert "caue-53-rendez-vous-du-mardi" in elu & agent


def test_the_elus_rights_are_shown_with_their_legal_source_only_to_elus(client):
    elu = client.get("/se-former?profil=elu").get_data(as_text=True)
    agent = client.get("/se-former?profil=agent").get_data(as_text=True)
    assert "Vos droits à la formation" in elu and "article L2123-12" in elu
    assert "Vos droits à la formation" not in agent


@pytest.mark.parametrize("value", ["animateur", "inconnu", "<script>"])
def test_an_unknown_or_for_others_profile_shows_everything(client, value):
    assert _offres(client.get(f"/se-former?profil={value}").get_data(as_text=True)) == \
        _offres(client.get("/se-former").get_data(as_text=True))


def test_echanger_lists_the_peer_networks_and_the_conference_des_maires(client):
    html = client.get("/echanger-avec-d-autres-communes").get_data(as_text=True)
    assert _offres(html) == ["amf53-reseau-elus", "cdg-53-reseau-secretaires-mairie"]
    assert "La conférence des maires de votre intercommunalité" in html
    assert "article L5211-11-3" in html
    agents = client.get("/echanger-avec-d-autres-communes?profil=agent").get_data(as_text=True)
    assert _offres(agents) == ["cdg-53-reseau-secretaires-mairie"]
    assert "conférence des maires" not in agents
    # A regional network of the agencies, on its official page.
    assert "territoire-energie-paysdelaloire.fr/qui-sommes-nous" in agents


def test_the_fiche_shows_the_training_with_format_funding_and_registration(client):
    html = client.get("/structures/caisse-des-depots-mon-compte-elu").get_data(as_text=True)
    assert 'id="offre-dife-mon-compte-elu"' in html
    assert "<dt>Financement</dt>" in html and "<dt>Inscription</dt>" in html
    assert "élu·e" in html.lower()  # « Pour qui » names the profile


@pytest.mark.parametrize("profil, attendu, absent", [
    ("elu", "caisse-des-depots-mon-compte-elu", "cdg-53"),
    ("agent", "cdg-53", "caisse-des-depots-mon-compte-elu"),
])
def test_the_parcours_with_formation_matches_the_profile_and_says_how_to_register(client, profil, attendu, absent):
    html = client.get(RESULTATS.format(profil=profil)).get_data(as_text=True)
    assert f'id="structure-{attendu}"' in html
    assert f'id="structure-{absent}"' not in html
    if profil == "elu":
        assert 'href="https://www.moncompteformation.gouv.fr">s\'inscrire' in html
        assert "Financement : Droit individuel à la formation des élus" in html
    else:
        # No published registration for the CDG's course: the card says so and points to the fiche.
        assert "Inscription : modalités non publiées" in html


def test_pages_work_as_htmx_requests_too(client):
    for url in ("/se-former", "/echanger-avec-d-autres-communes", "/nouvel-elu-par-ou-commencer"):
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
