"""Workshop fixtures: an animator's client that created a session, and participants' clients."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

#: A complete parcours for Laval on voirie (answers as the wizard's query string).
VOIRIE = ("profil=elu&type_collectivite=commune&commune=53130&projet=refaire+la+voirie"
          "&thematique=voirie&besoin=technique&stade=etudes")


def texte(response) -> str:
    """The page's HTML with entities decoded (Jinja escapes apostrophes) and white space collapsed."""
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


@dataclass
class Session:
    """A session created through the form: its code, the secret link, the animator's client."""

    code: str
    lien_gestion: str
    animateur: FlaskClient


def creer(client: FlaskClient, **champs) -> Session:
    data = {"titre": "Les besoins à pourvoir", "date": "2026-12-02", "territoire_type": "departement",
            "activites": ["besoins", "structures", "idees"],
            "questions": "Quels besoins ne sont pas couverts ?\nComment mieux faire connaître les acteurs ?"}
    data.update(champs)
    r = client.post("/ateliers", data=data)
    assert r.status_code == 303, r.text
    code = r.headers["Location"].split("/")[2]
    page = client.get(r.headers["Location"]).text
    lien = re.search(r'href="(http://localhost/ateliers/[^"]+/gerer/[^"]+)"', page).group(1)
    return Session(code, lien, client)


def rejoindre(client: FlaskClient, code: str, **champs):
    """Join with the form's own token; return the POST response."""
    page = client.get(f"/a/{code}").text
    jeton = re.search(r'name="jeton" type="hidden" value="([^"]+)"', page).group(1)
    return client.post(f"/a/{code}/rejoindre", data={"jeton": jeton, **champs})


@pytest.fixture
def atelier(app: Flask, client: FlaskClient) -> Session:
    return creer(client)


@pytest.fixture
def participant(app: Flask):
    """A new participant's client, joined to ``code``."""
    def make(code: str, **champs) -> FlaskClient:
        c = app.test_client()
        r = rejoindre(c, code, **champs)
        assert r.status_code == 303, r.text
        return c
    return make
