"""The wizard over HTTP: every step as a page and as an htmx fragment, PRG, changes, restart, results."""
from __future__ import annotations

import html as htmllib
import re
from urllib.parse import parse_qs, urlsplit

import pytest

FULL = ("profil=elu&type_collectivite=commune&commune=53062&projet=refaire+la+voirie"
        "&thematique=voirie&besoin=technique&stade=etudes")
#: Every step of the commune branch, with the answers that lead to it.
STEPS = [
    ("profil", ""),
    ("type_collectivite", "profil=elu"),
    ("commune", "profil=elu&type_collectivite=commune"),
    ("projet", "profil=elu&type_collectivite=commune&commune=53062"),
    ("thematique", "profil=elu&type_collectivite=commune&commune=53062&projet="),
    ("besoin", "profil=elu&type_collectivite=commune&commune=53062&projet=&thematique=voirie"),
    ("stade", "profil=elu&type_collectivite=commune&commune=53062&projet=&thematique=voirie&besoin=technique"),
    ("verification", FULL),
    ("epci", "profil=agent&type_collectivite=epci"),
]


def query(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query, keep_blank_values=True)


@pytest.mark.parametrize("step_id,args", STEPS)
def test_every_step_is_a_full_page_with_stepper_and_answers(client, step_id, args):
    response = client.get(f"/parcours/{step_id}?{args}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in html and 'class="fr-stepper"' in html
    assert "HX-Request" in response.headers.get("Vary", "")
    assert 'id="etape"' in html and "Recommencer" in html
    if args:
        # Each answer so far has its "Modifier" link carrying all the answers.
        assert html.count(">Modifier<") == len(args.split("&"))


def test_epci_step_lists_the_intercommunalites(client):
    html = client.get("/parcours/epci?profil=agent&type_collectivite=epci").get_data(as_text=True)
    assert 'value="200083392"' in html and "Laval Agglomération" in html


@pytest.mark.parametrize("step_id,args", STEPS)
def test_every_step_as_htmx_fragment(client, step_id, args):
    response = client.get(f"/parcours/{step_id}?{args}", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<header" not in html
    # htmx 2 takes the page title from the fragment's <title>.
    assert re.search(r"<title>[^<]+ — Carto Ingénierie 53</title>", html)
    assert 'data-focus-after-swap' in html
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers["HX-Push-Url"] == f"/parcours/{step_id}" + (f"?{args}" if args else "")


def test_boosted_and_history_restore_requests_get_the_full_page(client):
    for extra in ({"HX-Boosted": "true"}, {"HX-History-Restore-Request": "true"}):
        html = client.get("/parcours/profil", headers={"HX-Request": "true", **extra}).get_data(as_text=True)
        assert "<html" in html


def test_start_redirects_to_the_first_unanswered_step(client):
    assert client.get("/parcours").location == "/parcours/profil"
    assert client.get("/parcours?profil=elu").location == "/parcours/type_collectivite?profil=elu"
    assert client.get(f"/parcours?{FULL}").location.startswith("/parcours/verification?")


def test_post_redirects_to_the_next_step_with_the_answers_in_the_url(client):
    response = client.post("/parcours/profil", data={"profil": "agent"})
    assert response.status_code == 303 and response.location == "/parcours/type_collectivite?profil=agent"
    response = client.post("/parcours/type_collectivite?profil=agent", data={"type_collectivite": "epci"})
    assert response.location == "/parcours/epci?profil=agent&type_collectivite=epci"
    response = client.post(response.location, data={"epci": "200083392"})
    assert response.location == "/parcours/projet?profil=agent&type_collectivite=epci&epci=200083392"


def test_htmx_post_follows_the_same_redirect(client):
    response = client.post("/parcours/profil", data={"profil": "elu"}, headers={"HX-Request": "true"})
    assert response.status_code == 303 and response.location == "/parcours/type_collectivite?profil=elu"


def test_an_empty_answer_shows_the_error_and_keeps_the_url(client):
    response = client.post("/parcours/profil", data={})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'role="alert"' in html and "Indiquez votre profil." in html
    fragment = client.post("/parcours/profil", data={}, headers={"HX-Request": "true"})
    # htmx only swaps 2xx: the fragment with the error comes back as 200 and the URL does not move.
    assert fragment.status_code == 200 and fragment.headers["HX-Push-Url"] == "false"
    assert "Indiquez votre profil." in fragment.get_data(as_text=True)


def test_lexicon_pre_ticks_thematiques_from_the_project(client):
    html = client.get("/parcours/thematique?profil=elu&type_collectivite=commune&commune=53062"
                      "&projet=refaire+la+voirie+du+bourg").get_data(as_text=True)
    assert re.search(r'value="voirie" checked', html)


def test_changing_a_branch_drops_its_answers_and_keeps_the_valid_later_ones(client):
    response = client.post(f"/parcours/type_collectivite?{FULL}", data={"type_collectivite": "epci"})
    answers = query(response.location)
    assert response.location.startswith("/parcours/epci?")
    assert "commune" not in answers
    assert answers["thematique"] == ["voirie"] and answers["stade"] == ["etudes"]
    response = client.post(response.location, data={"epci": "200083392"})
    # Everything after is still valid: straight to the check page.
    assert response.location.startswith("/parcours/verification?")
    assert query(response.location)["epci"] == ["200083392"]


def test_changing_an_answer_goes_back_to_the_check_page(client):
    response = client.post(f"/parcours/besoin?{FULL}", data={"besoin": "juridique"})
    assert response.location.startswith("/parcours/verification?")
    assert query(response.location)["besoin"] == ["juridique"]
    assert query(response.location)["stade"] == ["etudes"]


def test_modifier_links_and_back_link(client):
    html = client.get(f"/parcours/verification?{FULL}").get_data(as_text=True)
    for step_id in ("profil", "type_collectivite", "commune", "projet", "thematique", "besoin", "stade"):
        assert f'href="/parcours/{step_id}?profil=elu&amp;type_collectivite=commune' in html
    assert "Château-Gontier-sur-Mayenne (53200)" in html
    assert 'href="/parcours/resultats?profil=elu' in html
    html = client.get(f"/parcours/besoin?{FULL}").get_data(as_text=True)
    assert "Étape précédente" in html and 'href="/parcours/thematique?profil=elu' in html
    # The step being changed shows its current answer.
    assert re.search(r'value="technique" checked', html)


def test_restart_link_starts_afresh(client):
    html = client.get(f"/parcours/stade?{FULL}").get_data(as_text=True)
    assert 'href="/parcours">Recommencer' in html.replace("\n", "")


def test_commune_by_text_without_javascript(client):
    base = "/parcours/commune?profil=elu&type_collectivite=commune"
    response = client.post(base, data={"recherche": "chateau gontier"})
    assert response.status_code == 303 and query(response.location)["commune"] == ["53062"]
    response = client.post(base, data={"recherche": "53200"})
    assert response.status_code == 200  # several communes share the postcode: pick one
    html = response.get_data(as_text=True)
    assert "Plusieurs communes correspondent" in html and 'value="53062"' in html
    response = client.post(base, data={"recherche": "53200", "commune": "53062"})
    assert query(response.location)["commune"] == ["53062"]
    response = client.post(base, data={"recherche": "zzzz"})
    assert response.status_code == 422 and "Aucune commune ne correspond" in response.get_data(as_text=True)


@pytest.mark.parametrize("text", ["chateau-gontier", "CHÂTEAU GONTIER", "Chateau Gontier sur", "gontier"])
def test_commune_suggestions_fragment_ignores_accents_case_and_hyphens(client, text):
    response = client.get("/parcours/suggestions-communes", query_string={"etape": "commune", "recherche": text},
                          headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'value="53062"' in html and "Château-Gontier-sur-Mayenne" in html


def test_commune_suggestions_say_when_the_list_is_cut(client):
    html = client.get("/parcours/suggestions-communes?etape=commune&recherche=saint").get_data(as_text=True)
    assert "Plus de 12 communes correspondent" in html


URBANISME = ("profil=elu&type_collectivite=commune&commune=53062&projet=&thematique=urbanisme&besoin=technique"
             "&stade=etudes")
#: What a maire can act on, in the order the call list picks the one channel it shows.
CHANNELS = ("telephone", "email", "formulaire", "page_contact")


def href(kind: str, value: str) -> str:
    if kind == "telephone":
        return "tel:+33" + re.sub(r"\D", "", value)[1:]
    return f"mailto:{value}" if kind == "email" else value


def call_list(html: str) -> list[dict]:
    """The ordered call list at the top of the results: slug, motif and links of each item."""
    block = html.split('<ol class="carto-appels"', 1)[1].split("</ol>", 1)[0]
    items = []
    for item in block.split('<li class="carto-appel">')[1:]:
        canal = item.split('class="fr-mb-1w carto-canal">', 1)[1].split("</p>", 1)[0]
        items.append({"rang": int(re.search(r'carto-appel__rang" aria-hidden="true">(\d+)<', item).group(1)),
                      "slug": re.search(r'href="#structure-([a-z0-9-]+)"', item).group(1),
                      "motif": htmllib.unescape(re.search(r'<p class="fr-mb-1v">([^<]+)</p>', item).group(1)),
                      "canal": htmllib.unescape(re.sub(r"<[^>]+>|\s+", " ", canal)).strip(),
                      "liens": re.findall(r'href="([^"]+)"', canal)})
    return items


def test_results_page_is_an_ordered_call_list_with_a_motif_and_one_channel(client):
    api = client.get(f"/api/v1/recommandations?{URBANISME}").get_json()
    response = client.get(f"/parcours/resultats?{URBANISME}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    calls = call_list(html)
    assert [c["slug"] for c in calls] == [s["slug"] for s in api["structures"]] and 1 <= len(calls) <= 6
    assert [c["rang"] for c in calls] == list(range(1, len(calls) + 1))
    assert [c["motif"] for c in calls] == [s["motif"] for s in api["structures"]]
    assert calls[0]["motif"].startswith("À appeler en premier")
    for call, s in zip(calls, api["structures"], strict=True):
        channels = [href(k, s["contact"][k]) for k in CHANNELS if s["contact"][k]]
        if s["contacts"]:
            # One channel, the first the structure publishes.
            assert call["liens"] == channels[:1], s["slug"]
        else:
            # No verified channel of its own: the referent who puts you in touch, with its channel.
            via = s["contact"]["repli"]
            assert call["canal"].startswith("Pas encore de coordonnées vérifiées : passez par"), s["slug"]
            first = next(href(k, via["contact"][k]) for k in CHANNELS if via["contact"][k])
            assert call["liens"] == [f"/structures/{via['slug']}", first], s["slug"]
    assert any(not s["contacts"] for s in api["structures"]), "a structure without verified channel is listed"
    # The detail follows, card by card, in the same order.
    cards = re.findall(r'<article class="fr-card carto-carte-orientation" id="structure-([a-z0-9-]+)"', html)
    assert cards == [c["slug"] for c in calls]
    # The State's entry point, offered apart after the list, with its verified channel.
    if api["repli"]:
        box = html.split('class="fr-callout fr-mt-2w carto-repli"', 1)[1].split("</div>", 1)[0]
        assert "Si aucune de ces structures ne convient" in box
        assert f'href="/structures/{api["repli"]["slug"]}"' in box and "tel:" in box
        assert api["repli"]["slug"] not in [c["slug"] for c in calls]
    if any(o["a_preparer"] for s in api["structures"] for o in s["offres"]):
        assert "Ce qu'il faut préparer avant d'appeler" in htmllib.unescape(html)
    # Programmes that can fund the project, as the API lists them.
    assert api["financements"] and "Financements mobilisables" in html
    for f in api["financements"]:
        assert f'href="/dispositifs#dispositif-{f["slug"]}"' in html
    # The permalink: the answers, then the version of the rules and data and the list it gave (version_lien).
    assert re.search(re.escape(f'value="http://localhost/parcours/resultats?{URBANISME.replace("&", "&amp;")}')
                     + r'&amp;v=[0-9a-f]{12}&amp;liste=[A-Za-z0-9%,-]+"', html)
    assert "Modifier vos réponses" in html and 'href="/parcours/verification?' in html


def test_a_narrow_offer_comes_when_the_project_names_it(client):
    lighting = FULL.replace("refaire+la+voirie", "changer+l%27%C3%A9clairage+public")
    assert 'href="/structures/te53"' not in client.get(f"/parcours/resultats?{FULL}").get_data(as_text=True)
    calls = call_list(client.get(f"/parcours/resultats?{lighting}").get_data(as_text=True))
    assert calls[0]["slug"] == "te53"


def test_results_show_sourced_phone_and_email_as_links(client):
    # Urbanisme funding for Laval: the DDT (Fonds vert friches) publishes a sourced phone and e-mail.
    query = ("profil=elu&type_collectivite=commune&commune=53130&projet=&thematique=urbanisme&besoin=financiere"
             "&stade=etudes")
    api = client.get(f"/api/v1/recommandations?{query}").get_json()
    html = client.get(f"/parcours/resultats?{query}").get_data(as_text=True)
    shown = 0
    for s in api["structures"]:
        card = html.split(f'id="structure-{s["slug"]}"', 1)[1].split("</article>", 1)[0]
        for contact in s["contacts"]:
            for kind in CHANNELS:
                if contact[kind]:
                    assert f'href="{href(kind, contact[kind])}"' in card, (s["slug"], kind)
                    shown += kind in ("telephone", "email")
    ddt = next(s for s in api["structures"] if s["slug"] == "ddt-53")["contacts"][0]
    assert ddt["telephone"] and ddt["email"] and shown >= 2
    assert f'href="mailto:{ddt["email"]}"' in html and 'href="tel:+33243678973"' in html


def test_results_are_deterministic(client):
    first = client.get(f"/parcours/resultats?{FULL}").get_data(as_text=True)
    second = client.get(f"/parcours/resultats?{FULL}").get_data(as_text=True)
    strip = re.compile(r'name="csrf_token"[^>]*|"X-CSRFToken": "[^"]*"')
    assert strip.sub("", first) == strip.sub("", second)


def test_htmx_redirect_to_an_earlier_step_shows_its_message_in_the_fragment(client):
    response = client.get("/parcours/stade?profil=elu", headers={"HX-Request": "true"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "<html" not in html and "Répondez d&#39;abord à cette question." in html
