"""Versioned permalinks: the result link carries the rules+data version and its shortlist; opened after
a change, the page says what changed for this request and offers the new link."""
from __future__ import annotations

import html as htmllib
import re
from urllib.parse import parse_qs, urlencode, urlsplit

from sqlalchemy import delete, select

from wizard.db import get_session
from wizard.models import Offre, Structure

FULL = ("profil=elu&type_collectivite=commune&commune=53062&projet=refaire+la+voirie"
        "&thematique=voirie&besoin=technique&stade=etudes")
NOTICE = "Les règles ont changé depuis ce lien"


def _permalien(html: str) -> str:
    return htmllib.unescape(re.search(r'id="permalien" type="text" readonly value="([^"]+)"', html).group(1))


def _texte(response) -> str:
    return " ".join(htmllib.unescape(response.get_data(as_text=True)).split())


def _chemin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_the_permalink_carries_the_version_and_the_shortlist(client):
    html = client.get(f"/parcours/resultats?{FULL}").get_data(as_text=True)
    lien = _permalien(html)
    query = parse_qs(urlsplit(lien).query)
    assert re.fullmatch(r"[0-9a-f]{12}", query["v"][0])
    slugs = query["liste"][0].split(",")
    assert slugs and all(f'id="structure-{s}"' in html for s in slugs)
    # Opened as is, nothing changed: no notice, same link.
    again = client.get(_chemin(lien)).get_data(as_text=True)
    assert NOTICE not in again and _permalien(again) == lien


def test_an_old_permalink_says_what_changed_and_offers_the_new_result(client, app):
    lien = _permalien(client.get(f"/parcours/resultats?{FULL}").get_data(as_text=True))
    avant = parse_qs(urlsplit(lien).query)["liste"][0].split(",")
    retiree = avant[0]
    with app.app_context():
        session = get_session()
        structure = session.scalar(select(Structure).where(Structure.slug == retiree))
        session.execute(delete(Offre).where(Offre.structure_id == structure.id))
        structure.version += 1
        nom = structure.nom
        session.commit()
    response = client.get(_chemin(lien))
    assert response.status_code == 200
    html = htmllib.unescape(response.get_data(as_text=True))
    assert NOTICE in html
    assert f"retirée : {nom}" in html
    nouveau = _permalien(response.get_data(as_text=True))
    apres = parse_qs(urlsplit(nouveau).query)["liste"][0].split(",")
    assert retiree not in apres
    for slug in set(apres) - set(avant):
        assert re.search(r"<li>ajoutée : [^<]+</li>", html), slug
    assert f'href="{nouveau}"'.replace("&", "&amp;") in response.get_data(as_text=True)
    # The new link, opened, has no notice.
    assert NOTICE not in client.get(_chemin(nouveau)).get_data(as_text=True)


def test_a_version_change_that_leaves_this_list_alone_says_so(client):
    lien = _permalien(client.get(f"/parcours/resultats?{FULL}").get_data(as_text=True))
    ancien = re.sub(r"v=[0-9a-f]{12}", "v=000000000000", lien)
    html = _texte(client.get(_chemin(ancien)))
    assert NOTICE in html and "la liste est la même, dans le même ordre" in html


def test_a_reordered_list_is_reported(client):
    plusieurs = FULL.replace("thematique=voirie", "thematique=architecture-batiment")
    lien = _permalien(client.get(f"/parcours/resultats?{plusieurs}").get_data(as_text=True))
    query = parse_qs(urlsplit(lien).query)
    slugs = query["liste"][0].split(",")
    assert len(slugs) >= 2
    query.update({"v": ["000000000000"], "liste": [",".join(reversed(slugs))]})
    ancien = f"/parcours/resultats?{urlencode(query, doseq=True)}"
    html = _texte(client.get(_chemin(ancien)))
    assert NOTICE in html and "l'ordre des structures conservées a changé" in html
