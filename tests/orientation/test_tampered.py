"""Tampered or stale links: a clear French message and a way back, or a redirect — never a 500."""
from __future__ import annotations

import pytest

FULL = ("profil=elu&type_collectivite=commune&commune=53062&projet="
        "&thematique=voirie&besoin=technique&stade=etudes")


def test_unknown_option_sends_back_to_that_question_with_its_error(client):
    response = client.get("/parcours/stade?profil=pirate&type_collectivite=commune")
    assert response.status_code == 302 and response.location.startswith("/parcours/profil?")
    assert "profil=pirate" in response.location
    html = client.get(response.location).get_data(as_text=True).replace("\xa0", " ")
    assert "« pirate » n&#39;est pas un choix possible" in html and 'role="alert"' in html


def test_missing_earlier_answer_redirects_to_the_first_missing_step(client):
    response = client.get("/parcours/stade?profil=elu")
    assert response.location == "/parcours/type_collectivite?profil=elu"
    assert "Répondez d&#39;abord à cette question." in client.get(response.location).get_data(as_text=True)


def test_results_without_all_answers_redirect(client):
    response = client.get("/parcours/resultats?profil=elu&type_collectivite=commune")
    assert response.location == "/parcours/commune?profil=elu&type_collectivite=commune"
    html = client.get(response.location).get_data(as_text=True)
    assert "Il manque une réponse" in html


def test_old_link_to_a_step_that_no_longer_exists(client):
    response = client.get("/parcours/ancienne-etape?profil=elu")
    assert response.location == "/parcours/type_collectivite?profil=elu"
    assert "ancienne version du parcours" in client.get(response.location).get_data(as_text=True)


def test_unknown_parameters_are_dropped_by_a_redirect_to_the_canonical_url(client):
    response = client.get("/parcours/type_collectivite?profil=elu&utm_source=mail&ancien=1")
    assert response.location == "/parcours/type_collectivite?profil=elu"
    response = client.get(f"/parcours/resultats?{FULL}&epci=200083392")
    assert response.status_code == 302 and "epci" not in response.location


def test_injected_markup_is_escaped(client):
    response = client.get("/parcours/profil?profil=<script>alert(1)</script>")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)" in html
    posted = client.post("/parcours/projet?profil=elu&type_collectivite=autre",
                         data={"projet": '<img src=x onerror="alert(1)">'})
    follow = client.get(posted.location).get_data(as_text=True)
    assert '<img src=x onerror' not in follow


def test_a_commune_of_another_departement_is_refused(client):
    response = client.get("/parcours/projet?profil=elu&type_collectivite=commune&commune=72181")
    assert response.location.startswith("/parcours/commune?")
    html = client.get(response.location).get_data(as_text=True)
    assert "« 72181 » n&#39;est pas un choix possible" in html.replace("\xa0", " ")
    posted = client.post("/parcours/commune?profil=elu&type_collectivite=commune", data={"recherche": "Le Mans"})
    assert posted.status_code == 422 and "Aucune commune ne correspond" in posted.get_data(as_text=True)


def test_huge_values(client):
    response = client.get("/parcours/profil?profil=" + "x" * 5000)
    assert response.status_code == 400 and "Recommencer le parcours" in response.get_data(as_text=True)
    long_text = client.post("/parcours/projet?profil=elu&type_collectivite=autre", data={"projet": "é" * 300})
    assert long_text.status_code == 422 and "dépasse 200 caractères" in long_text.get_data(as_text=True)
    many = "&".join(["thematique=voirie"] * 150)
    assert client.get(f"/parcours/besoin?profil=elu&type_collectivite=autre&projet=&{many}").status_code == 200


def test_two_values_for_a_single_choice(client):
    response = client.post("/parcours/profil", data={"profil": ["elu", "agent"]})
    assert response.status_code == 422 and "Une seule réponse est possible" in response.get_data(as_text=True)


def test_suggestions_endpoint_with_a_bad_step_goes_back_to_the_start(client):
    assert client.get("/parcours/suggestions-communes?etape=profil&recherche=laval").location == "/parcours"


@pytest.mark.parametrize("url", [
    "/parcours/profil?profil=",
    "/parcours/thematique?profil=elu&type_collectivite=autre&projet=&thematique=inconnue",
    "/parcours/resultats?profil=elu&type_collectivite=commune&commune=99999&projet=&thematique=voirie"
    "&besoin=technique&stade=etudes",
    "/parcours/resultats?" + FULL.replace("besoin=technique", "besoin=technique&besoin=juridique"),
    "/parcours/resultats?" + FULL.replace("stade=etudes", "stade=%00"),
    "/parcours/verification?profil=elu",
    "/parcours/commune?profil=elu&type_collectivite=commune&commune=",
    "/parcours/epci?profil=elu&type_collectivite=epci&epci=../../etc",
    "/parcours/%C3%A9tape?x=%FF",
    "/parcours/suggestions-communes?etape=commune&recherche=" + "a" * 500,
])
def test_never_a_server_error(client, url):
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(url, headers=headers)
        assert response.status_code < 500, url
        if response.status_code in (301, 302, 303):
            assert client.get(response.location, headers=headers).status_code < 500


def test_csrf_is_required_when_enabled(loaded_sqlite, tmp_path):
    import re
    import shutil

    from wizard import create_app

    db = tmp_path / "csrf.sqlite"
    shutil.copy(loaded_sqlite, db)
    app = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "test", "TESTING": True,
                      "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    refused = client.post("/parcours/profil", data={"profil": "elu"})
    assert refused.status_code == 400
    page = client.get("/parcours/profil").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    accepted = client.post("/parcours/profil", data={"profil": "elu", "csrf_token": token})
    assert accepted.status_code == 303 and accepted.location == "/parcours/type_collectivite?profil=elu"
