"""Another département deploys the service with its own data and parcours folders, no code change:
the wizard walks to a shortlist of its structures, and no page names Mayenne."""
from __future__ import annotations

import re
import shutil

import pytest

from wizard import create_app
from wizard.config import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "departement-fictif"
#: The pages a visitor of the other deployment can reach without an account.
PAGES = ("/", "/parcours/profil", "/annuaire", "/cartographie", "/cartographie/carte", "/communes",
         "/communes/98002", "/communes/53130", "/structures/caue-98", "/dispositifs", "/donnees",
         "/mentions-legales", "/accessibilite", "/connexion", "/api/v1/territoires/communes.geojson")


@pytest.fixture(scope="module")
def autre(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("val-fictif")
    data, parcours = base / "data", base / "parcours"
    shutil.copytree(FIXTURE / "data", data)
    shutil.copytree(FIXTURE / "parcours", parcours)
    # The national vocabularies and the questions are shared; everything naming the territory is the fixture's.
    for name in ("taxonomie.yaml", "politique-sources.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    for name in ("parcours.yaml", "lexique.yaml"):
        shutil.copy(ROOT / "parcours" / name, parcours / name)
    app = create_app({"DATABASE_URL": f"sqlite:///{base / 'app.sqlite'}", "SECRET_KEY": "test", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "DATA_DIR": str(data), "PARCOURS_DIR": str(parcours)})
    return app


def _walk(client, answers: list[tuple[str, str]]) -> str:
    """POST each step's answer as a visitor would, following the redirects; the final location."""
    location = "/parcours/profil"
    for field, value in answers:
        response = client.post(location, data={field: value})
        assert response.status_code == 303, (location, response.get_data(as_text=True)[:500])
        location = response.location
    return location


def test_the_wizard_walks_to_a_shortlist_of_the_other_departements_structures(autre):
    client = autre.test_client()
    location = _walk(client, [("profil", "elu"), ("type_collectivite", "commune"), ("commune", "98002"),
                              ("projet", "rénover la mairie"), ("thematique", "architecture-batiment"),
                              ("besoin", "technique"), ("stade", "etudes")])
    assert location.startswith("/parcours/verification?")
    resultats = client.get(location.replace("/parcours/verification", "/parcours/resultats"))
    html = resultats.get_data(as_text=True)
    assert resultats.status_code == 200
    assert 'href="/structures/caue-98"' in html and "Sainte-Épreuve" in html
    assert "Mayenne" not in html


def test_the_epci_competence_and_the_fallback_come_from_its_own_rules(autre):
    client = autre.test_client()
    query = ("profil=elu&type_collectivite=commune&commune=98003&projet=&thematique=dechets&besoin=technique"
             "&stade=etudes")
    html = client.get(f"/parcours/resultats?{query}").get_data(as_text=True)
    assert 'href="/structures/epci-val-fictif"' in html
    assert "Votre intercommunalité exerce cette compétence" in html


@pytest.mark.parametrize("path", PAGES)
def test_no_page_names_mayenne(autre, path):
    response = autre.test_client().get(path)
    assert response.status_code in (200, 404), path
    text = response.get_data(as_text=True)
    assert "Mayenne" not in text and "mayenne" not in text, path


def test_its_names_and_map_come_from_its_data(autre):
    client = autre.test_client()
    home = client.get("/").get_data(as_text=True)
    assert "Carto Ingénierie 98" in home and "Préfecture du Val-Fictif" in home
    assert '<p class="fr-logo">Préfet<br>du Val-Fictif</p>' in home and 'href="https://www.val-fictif.example"' in home
    carte = client.get("/cartographie/carte?thematique=architecture-batiment").get_data(as_text=True)
    # Its four communes drawn from its own outlines (SVG links), framed on them; named from territoire.yaml.
    assert len(re.findall(r'<a href="/communes/98\d{3}" aria-label=', carte)) == 4
    assert "Les 4 communes du Val-Fictif" in carte
    # A commune of Mayenne is not served here.
    assert client.get("/communes/53130").status_code == 404
