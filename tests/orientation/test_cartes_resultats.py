"""Each result card shows its own request's reasons, services, conditions and rank, and its own "Être
recontacté" link, whatever other requests were served before (the API's answer is the reference)."""
from __future__ import annotations

import html
import re
from urllib.parse import urlencode

import pytest

#: The same structures come back for these requests with other reasons (another thématique or help).
DEMANDES = [
    {"commune": "53062", "thematique": "voirie", "besoin": "technique", "stade": "etudes"},
    {"commune": "53062", "thematique": "voirie", "besoin": "financiere", "stade": "realisation"},
    {"commune": "53130", "thematique": "urbanisme", "besoin": "juridique", "stade": "emergence"},
    {"commune": "53130", "thematique": "urbanisme", "besoin": "technique", "stade": "etudes"},
    {"commune": "53097", "thematique": "eau", "besoin": "technique", "stade": "etudes"},
    {"commune": "53097", "thematique": "logement", "besoin": "financiere", "stade": "emergence"},
]


def _carte(page: str, slug: str) -> str:
    start = page.index(f'id="structure-{slug}"')
    return page[start:page.index("</article>", start)]


def _texte(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\xa0", " ").split())


@pytest.mark.parametrize("tour", ["premier rendu", "cartes déjà rendues"])
def test_each_card_shows_its_own_request(client, tour):
    if tour == "cartes déjà rendues":
        for answers in reversed(DEMANDES):  # every structure served first for another request
            assert client.get("/parcours/resultats?" + urlencode({"profil": "elu", "projet": "", **answers,
                                                                  "type_collectivite": "commune"})).status_code == 200
    seen: dict[str, set[tuple]] = {}
    for answers in DEMANDES:
        query = urlencode({"profil": "elu", "projet": "", **answers, "type_collectivite": "commune"})
        expected = client.get("/api/v1/recommandations?" + urlencode({**answers, "type_collectivite": "commune",
                                                                      "profil": "elu"})).get_json()
        page = client.get("/parcours/resultats?" + query).get_data(as_text=True)
        for s in expected["structures"]:
            carte = _texte(_carte(page, s["slug"]))
            assert f"{s['rang']}. {s['nom']}" in carte
            for sentence in s["raisons"] + s["conditions"] + [o["titre"] for o in s["offres"]]:
                assert " ".join(sentence.replace("\xa0", " ").split()) in carte, (answers, s["slug"], sentence)
            assert f"/demandes/nouvelle/{s['slug']}?{query}" in html.unescape(_carte(page, s["slug"]))
            seen.setdefault(s["slug"], set()).add(tuple(s["raisons"]))
    # The requests do share structures with different reasons: a card shown for the wrong request is caught.
    assert any(len(reasons) > 1 for reasons in seen.values())
