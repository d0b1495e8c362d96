"""Issue 13, over HTTP: French error pages, headings in order, guillemets held, the commune's link."""
from __future__ import annotations

import re


def test_404_and_405_are_french_with_a_way_back(client):
    for response, titre in ((client.get("/nulle-part"), "Page introuvable"),
                            (client.post("/"), "Action impossible sur cette page")):
        html = response.get_data(as_text=True)
        assert f"<h1>{titre}</h1>" in html
        assert "Not Found" not in html and "Method Not Allowed" not in html
        assert "Retour à l'accueil" in html
    assert client.post("/").status_code == 405
    assert "GET" in client.post("/").headers["Allow"]


def test_wizard_step_has_its_h1_before_any_other_heading(client):
    html = client.get("/parcours/type_collectivite?profil=elu").get_data(as_text=True)
    main = html.split('id="contenu"', 1)[1]
    first = re.search(r"<h([1-6])\b", main)
    assert first and first.group(1) == "1", first
    assert 'class="fr-stepper__title"' in main  # the stepper is still there, as a paragraph


def test_guillemets_never_end_or_start_a_line_on_the_timeline(client):
    html = client.get("/dispositifs").get_data(as_text=True)
    frise = html.split('id="frise"', 1)[1]
    text = re.sub(r"<[^>]+>", "", frise)
    assert text.count("«") >= 3  # the timeline has guillemets (data and template text): the check checks something
    assert not re.search(r"«[ \n\t]|[ \n\t]»", text)
    assert "«\u00a0" in text and "\u00a0»" in text


def test_guillemets_are_held_in_the_text_of_a_page_but_not_in_what_a_form_sends(app):
    from wizard.francais import insecables_html

    page = ('<p title="« a »">dit « oui »</p><input value="« b »"><textarea>« c »</textarea>'
            '<script>x = "« d »"</script><b>« e »</b>')
    assert insecables_html(page) == ('<p title="« a »">dit «\u00a0oui\u00a0»</p><input value="« b »">'
                                     '<textarea>« c »</textarea><script>x = "« d »"</script><b>«\u00a0e\u00a0»</b>')
    # A form field keeps what was typed: the wizard's project text is not rewritten.
    html = app.test_client().get("/parcours/projet?profil=elu&type_collectivite=commune&commune=53130"
                                 "&projet=salle+%C2%AB+polyvalente+%C2%BB").get_data(as_text=True)
    assert "salle « polyvalente »" in html


def test_commune_page_links_to_the_wizard_with_the_commune_filled_in(client):
    html = client.get("/communes/53130").get_data(as_text=True)
    match = re.search(r'href="([^"]+)">Trouver un interlocuteur pour un projet à Laval</a>', html)
    assert match, "lien absent"
    response = client.get(match.group(1).replace("&amp;", "&"))
    assert response.status_code == 302
    assert "commune=53130" in response.headers["Location"]
    assert "type_collectivite=commune" in response.headers["Location"]


def test_legal_notice_names_publication_director_and_host_only_from_configuration(app):
    client = app.test_client()
    html = client.get("/mentions-legales").get_data(as_text=True)
    assert "Directeur de la publication" in html and "Hébergeur" in html
    assert "<code>DIRECTEUR_PUBLICATION</code>" in html and "<code>HEBERGEUR</code>" in html
    app.config.update(DIRECTEUR_PUBLICATION="Le directeur de test", HEBERGEUR="Hébergeur de test, 1 rue du Test")
    html = client.get("/mentions-legales").get_data(as_text=True)
    assert "Le directeur de test" in html and "1 rue du Test" in html
    assert "<code>DIRECTEUR_PUBLICATION</code>" not in html


def test_accessibility_statement_says_what_was_checked_when_and_how_to_report(client):
    html = client.get("/accessibilite").get_data(as_text=True)
    for fact in ("axe-core sur chaque type de page", "320 pixels", "parcours au clavier", "lecteurs d'écran",
                 "Établie le 2 décembre 2026", "Signaler un problème", "<code>CONTACT_ACCESSIBILITE</code>"):
        assert fact in html, fact
    # The page types it lists are the ones tests/browser/test_accessibilite_verifiee.py checks.
    from tests.browser.test_accessibilite_verifiee import PAGE_TYPES

    assert len(PAGE_TYPES) == 13


def test_thematiques_step_groups_the_choices_as_the_taxonomy_says(client, app):
    html = client.get("/parcours/thematique?profil=elu&type_collectivite=commune&commune=53130"
                      "&projet=refaire+la+voirie").get_data(as_text=True)
    groups = app.extensions["taxonomy"].grouped("thematiques")
    assert groups and len(groups) >= 4
    legends = re.findall(r'id="thematique-groupe-\d+">([^<]+)</legend>', html)
    assert legends == [label for label, _ in groups]
    # Every thématique once, under its group, the pre-checked one still checked.
    values = re.findall(r'name="thematique" value="([^"]+)"', html)
    assert sorted(values) == sorted(app.extensions["taxonomy"].slugs("thematiques"))
    assert values == [slug for _, slugs in groups for slug in slugs]
    assert re.search(r'value="voirie" checked', html)


def test_a_taxonomy_group_must_hold_every_value_once():
    import pytest

    from wizard.taxonomy import parse_taxonomy

    raw = {"thematiques": [{"slug": "eau", "label": "Eau"}, {"slug": "voirie", "label": "Voirie"}],
           "groupes": {"thematiques": [{"label": "Réseaux", "valeurs": ["eau"]}]}}
    with pytest.raises(ValueError, match="absentes"):
        parse_taxonomy(raw)
    raw["groupes"]["thematiques"][0]["valeurs"] = ["eau", "voirie", "eau"]
    with pytest.raises(ValueError, match="en double"):
        parse_taxonomy(raw)
