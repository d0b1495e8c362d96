"""Participants: join by code (wrong code, closed session), the three activities, recording, idempotence."""
from __future__ import annotations

from sqlalchemy import func, select

from tests.ateliers.conftest import VOIRIE, rejoindre, texte
from wizard.db import get_session
from wizard.models import (
    AtelierConnaissance,
    AtelierIdee,
    AtelierParcours,
    AtelierParticipant,
    AtelierReponseStructures,
)


def _count(app, model) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(model))


def test_code_typed_in_any_case_with_spaces_leads_to_the_session(client, atelier):
    spaced = f"{atelier.code[:3].lower()} {atelier.code[3:].lower()}"
    r = client.get("/a", query_string={"code": spaced})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/a/{atelier.code}")


def test_wrong_code_gets_a_french_404_with_the_form_again(client):
    r = client.get("/a/ZZZZZ9")
    assert r.status_code == 404
    assert "Aucun atelier ne correspond au code « ZZZZZ9 »" in texte(r) and 'name="code"' in r.text
    malformed = client.get("/a", query_string={"code": "abc"})
    assert malformed.status_code == 400 and "pas la bonne forme" in texte(malformed)


def test_join_is_optional_and_idempotent(app, client, atelier):
    page = client.get(f"/a/{atelier.code}").text
    import re
    jeton = re.search(r'name="jeton" type="hidden" value="([^"]+)"', page).group(1)
    data = {"jeton": jeton, "prenom": "Anne", "commune": "53130", "role": "elu"}
    assert client.post(f"/a/{atelier.code}/rejoindre", data=data).status_code == 303
    assert client.post(f"/a/{atelier.code}/rejoindre", data=data).status_code == 303
    assert _count(app, AtelierParticipant) == 1
    home = texte(client.get(f"/a/{atelier.code}"))
    assert "Bonjour Anne" in home and "Mes besoins" in home and f"/parcours?atelier={atelier.code}" in home
    anonymous = app.test_client()
    assert rejoindre(anonymous, atelier.code).status_code == 303
    with app.app_context():
        rows = get_session().execute(select(AtelierParticipant.prenom, AtelierParticipant.commune,
                                            AtelierParticipant.role).order_by(AtelierParticipant.id)).all()
    assert [tuple(r) for r in rows] == [("Anne", "53130", "elu"), (None, None, None)]


def test_marker_is_carried_through_the_steps(client, participant, atelier):
    p = participant(atelier.code)
    r = p.get(f"/parcours?atelier={atelier.code}")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/parcours/profil?atelier={atelier.code}")
    step = p.get(r.headers["Location"])
    assert f'action="/parcours/profil?atelier={atelier.code}"' in step.text
    posted = p.post(f"/parcours/profil?atelier={atelier.code}", data={"profil": "elu"})
    assert posted.status_code == 303
    assert posted.headers["Location"] == f"/parcours/type_collectivite?profil=elu&atelier={atelier.code}"
    # Without the marker, the wizard is untouched.
    assert client.post("/parcours/profil", data={"profil": "elu"}).headers["Location"] == (
        "/parcours/type_collectivite?profil=elu")


def test_finished_parcours_is_recorded_once_and_a_second_one_too(app, participant, atelier):
    p = participant(atelier.code)
    url = f"/parcours/resultats?{VOIRIE}&atelier={atelier.code}"
    first = p.get(url)
    assert first.status_code == 200 and "Votre parcours est enregistré" in texte(first)
    again = p.get(url)
    assert "Ce parcours est déjà enregistré" in texte(again)
    assert _count(app, AtelierParcours) == 1
    p.get(url.replace("thematique=voirie", "thematique=urbanisme"))
    assert _count(app, AtelierParcours) == 2
    with app.app_context():
        row = get_session().scalars(select(AtelierParcours).order_by(AtelierParcours.id)).first()
    assert row.thematiques == ["voirie"] and row.besoin == "technique" and row.commune == "53130"
    assert row.structures and "prefecture-53" not in row.structures


def test_results_without_joining_are_shown_but_not_recorded(app, client, atelier):
    r = client.get(f"/parcours/resultats?{VOIRIE}&atelier={atelier.code}")
    assert r.status_code == 200 and "rejoignez-le d'abord" in texte(r)
    assert _count(app, AtelierParcours) == 0
    unknown = client.get(f"/parcours/resultats?{VOIRIE}&atelier=ZZZZZZ")
    assert unknown.status_code == 200 and "n'existe pas" in texte(unknown)


def test_structures_known_replace_not_add(app, participant, atelier):
    p = participant(atelier.code)
    page = texte(p.get(f"/a/{atelier.code}/structures"))
    assert "CAUE" in page and "Chambre d’agriculture" in page
    assert p.post(f"/a/{atelier.code}/structures", data={"connues": ["caue-53", "ddt-53"]}).status_code == 303
    assert p.post(f"/a/{atelier.code}/structures", data={"connues": ["caue-53", "ddt-53"]}).status_code == 303
    assert _count(app, AtelierConnaissance) == 2
    tampered = p.post(f"/a/{atelier.code}/structures", data={"connues": ["caue-53", "inconnue-xyz"]})
    assert tampered.status_code == 422 and _count(app, AtelierConnaissance) == 2
    p.post(f"/a/{atelier.code}/structures", data={"connues": ["caue-53"]})
    with app.app_context():
        assert list(get_session().scalars(select(AtelierConnaissance.structure_slug))) == ["caue-53"]
    assert _count(app, AtelierReponseStructures) == 1
    assert 'value="caue-53" checked' in p.get(f"/a/{atelier.code}/structures").text


def test_ideas_are_stored_once_and_shown_only_when_approved(app, client, participant, atelier):
    p = participant(atelier.code)
    for _ in range(2):
        assert p.post(f"/a/{atelier.code}/idees", data={"question": "1", "q1-texte": "Un guide des acteurs"}
                      ).status_code == 303
    assert _count(app, AtelierIdee) == 1
    empty = p.post(f"/a/{atelier.code}/idees", data={"question": "0", "q0-texte": "  "})
    assert empty.status_code == 422 and "Écrivez votre idée" in texte(empty)
    assert "Un guide des acteurs" not in client.get(f"/ateliers/{atelier.code}/tableau").text
    with app.app_context():
        idee = get_session().scalar(select(AtelierIdee.id))
    moderation = texte(atelier.animateur.get(f"/ateliers/{atelier.code}/animation"))
    assert "Un guide des acteurs" in moderation and "en attente" in moderation
    atelier.animateur.post(f"/ateliers/{atelier.code}/idees/{idee}", data={"decision": "approuvee"})
    assert "Un guide des acteurs" in client.get(f"/ateliers/{atelier.code}/tableau").text


def test_closed_session_refuses_answers_and_keeps_what_it_has(app, participant, atelier):
    p = participant(atelier.code)
    p.post(f"/a/{atelier.code}/structures", data={"connues": ["caue-53"]})
    atelier.animateur.post(f"/ateliers/{atelier.code}/etat", data={"action": "clore"})
    refused = p.post(f"/a/{atelier.code}/structures", data={"connues": ["ddt-53"]}, follow_redirects=True)
    assert "L'atelier est clos" in texte(refused)
    results = p.get(f"/parcours/resultats?{VOIRIE}&atelier={atelier.code}")
    assert results.status_code == 200 and "n'a pas été ajouté" in texte(results)
    idea = p.post(f"/a/{atelier.code}/idees", data={"question": "0", "q0-texte": "x"}, follow_redirects=True)
    assert "L'atelier est clos" in texte(idea)
    newcomer = app.test_client()
    page = texte(newcomer.get(f"/a/{atelier.code}"))
    assert "L'atelier est clos" in page and "Rejoindre l'atelier" not in page
    assert "L'atelier est clos" in texte(rejoindre_ferme(newcomer, atelier.code))
    with app.app_context():
        assert list(get_session().scalars(select(AtelierConnaissance.structure_slug))) == ["caue-53"]
    assert _count(app, AtelierParcours) == 0 and _count(app, AtelierIdee) == 0 and _count(app, AtelierParticipant) == 1


def rejoindre_ferme(client, code):
    return client.post(f"/a/{code}/rejoindre", data={"jeton": "jeton-de-test-ferme"}, follow_redirects=True)


def test_paused_session_refuses_then_takes_answers_again(app, participant, atelier):
    p = participant(atelier.code)
    atelier.animateur.post(f"/ateliers/{atelier.code}/etat", data={"action": "pause"})
    r = p.post(f"/a/{atelier.code}/structures", data={"connues": ["caue-53"]}, follow_redirects=True)
    assert "en pause" in texte(r) and _count(app, AtelierConnaissance) == 0
    atelier.animateur.post(f"/ateliers/{atelier.code}/etat", data={"action": "ouvrir"})
    p.post(f"/a/{atelier.code}/structures", data={"connues": ["caue-53"]})
    assert _count(app, AtelierConnaissance) == 1


def test_activity_needs_joining_first(client, atelier):
    r = client.get(f"/a/{atelier.code}/structures")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{atelier.code}")
