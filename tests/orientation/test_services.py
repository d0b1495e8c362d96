"""Start-up integration: parcours compiled (or refused), CLI, reload, catalog from the DB, communes index."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from wizard import create_app
from wizard.cli import parcours_cli
from wizard.config import ROOT
from wizard.db import get_session
from wizard.models import Structure
from wizard.parcours_engine import CommuneInfo, ParcoursError
from wizard.recommender import load_catalog
from wizard.runtime.catalog_cache import catalogue
from wizard.territoires.index import CommuneIndex, normaliser
from wizard.territoires.memoire import territoires


@pytest.fixture
def parcours_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "parcours"
    shutil.copytree(ROOT / "parcours", directory)
    return directory


def _app(loaded_sqlite: Path, tmp_path: Path, **extra):
    db = tmp_path / "own.sqlite"
    shutil.copy(loaded_sqlite, db)
    return create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "test", "TESTING": True,
                       "WTF_CSRF_ENABLED": False, **extra})


def test_the_app_holds_the_compiled_parcours_and_rules(app):
    assert app.extensions["parcours"].start == "profil"
    assert app.extensions["recommandations"].repli == ("prefecture-53",)


def test_the_app_refuses_to_start_on_an_invalid_parcours(loaded_sqlite, tmp_path, parcours_copy):
    source = parcours_copy / "parcours.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("suivante: besoin", "suivante: besoins"),
                      encoding="utf-8")
    with pytest.raises(ParcoursError) as caught:
        _app(loaded_sqlite, tmp_path, PARCOURS_DIR=str(parcours_copy))
    message = str(caught.value)
    assert "parcours/parcours.yaml:" in message and "besoins" in message
    line = next(i for i, text in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
                if "suivante: besoins" in text)
    assert f"parcours/parcours.yaml:{line}:" in message


def test_cli_check(parcours_copy):
    from click.testing import CliRunner

    result = CliRunner().invoke(parcours_cli, ["check"])
    assert result.exit_code == 0 and "Parcours valide" in result.output
    rules = (ROOT / "parcours" / "recommandations.yaml").read_text(encoding="utf-8")
    assert "si: {besoin: financiere," in rules
    (parcours_copy / "recommandations.yaml").write_text(
        rules.replace("si: {besoin: financiere,", "si: {besoin: financier,"), encoding="utf-8")
    result = CliRunner().invoke(parcours_cli, ["check", "--dossier", str(parcours_copy)])
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(rules.splitlines(), 1) if "si: {besoin: financiere," in text)
    assert f"parcours/recommandations.yaml:{line}:" in result.output and "financier" in result.output


def test_cli_data_check(app, runner, tmp_path):
    result = runner.invoke(args=["data", "check"])
    assert result.exit_code == 0 and "data/ est valide." in result.output, result.output
    # A misspelt key in one structure file: refused with its file, its line and a hint.
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    fiche = copy / "structures" / "caue-53.yaml"
    text = fiche.read_text(encoding="utf-8")
    fiche.write_text(text.replace("\nsite_web:", "\nsite_internet:", 1), encoding="utf-8")
    line = next(i for i, row in enumerate(fiche.read_text(encoding="utf-8").splitlines(), 1)
                if row.startswith("site_internet:"))
    app.config["DATA_DIR"] = str(copy)
    result = runner.invoke(args=["data", "check"])
    assert result.exit_code == 1
    assert f"caue-53.yaml:{line}" in result.output and "site_web" in result.output, result.output
    assert "rien n'a été chargé" in result.output


def test_cli_reload_swaps_the_running_parcours_at_the_next_request(app, client, runner, parcours_copy):
    app.config["PARCOURS_DIR"] = str(parcours_copy)
    source = parcours_copy / "parcours.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace('question: "Vous êtes…"',
                                                                 'question: "Qui êtes-vous ?"'), encoding="utf-8")
    assert "Vous êtes…" in client.get("/parcours/profil").get_data(as_text=True)
    result = runner.invoke(parcours_cli, ["reload"])
    assert result.exit_code == 0, result.output
    assert "Qui êtes-vous ?" in client.get("/parcours/profil").get_data(as_text=True)


def test_catalog_from_the_database_matches_the_data_files(app, data_records):
    with app.app_context():
        from_db = catalogue(get_session())
    from_yaml = load_catalog(ROOT / "data")
    assert [s.slug for s in from_db.structures] == [s.slug for s in from_yaml.structures] \
        == [r["slug"] for r in data_records["structures"]]
    for a, b in zip(from_db.structures, from_yaml.structures, strict=True):
        assert (a.nom, a.sigle, a.categorie, a.niveau, a.site_web) == \
            (b.nom, b.sigle, b.categorie, b.niveau, b.site_web)
        # Every field the recommender reads, offer by offer (the cards are frozen dataclasses: compare them whole).
        assert a.offres == b.offres, a.slug
        assert a.contacts == b.contacts, a.slug
    assert {d.slug for d in from_db.dispositifs} == {d.slug for d in from_yaml.dispositifs} \
        == {r["slug"] for r in data_records["dispositifs"]}
    by_slug = {d.slug: d for d in from_yaml.dispositifs}
    for d in from_db.dispositifs:
        assert d == by_slug[d.slug], d.slug


def test_catalog_is_memoised_and_rebuilt_when_the_content_changes(app):
    with app.app_context():
        session = get_session()
        first = catalogue(session)
        assert catalogue(session) is first
        structure = session.scalars(select(Structure).where(Structure.slug == "caue-53")).one()
        structure.nom = "CAUE renommé"
        session.commit()
        rebuilt = catalogue(session)
    assert rebuilt is not first and rebuilt.get("caue-53").nom == "CAUE renommé"


def test_territories_come_from_the_database(app):
    terr = territoires(app)
    assert len(terr.lookup.communes) == 240 and terr.lookup.commune("53130").epci == "200083392"
    assert terr.lookup.epci("200083392").membres and "53130" in terr.lookup.epci("200083392").membres
    assert [c.code for c in terr.rechercher("laval", 1)] == ["53130"]


def test_normalisation():
    assert normaliser("Château-Gontier-sur-Mayenne") == "chateau gontier sur mayenne"
    assert normaliser("  St  Berthevin ") == "saint berthevin"
    assert normaliser("L'Huisserie") == "l huisserie"


def _c(code: str, nom: str, pop: int, postcodes: tuple[str, ...] = ()) -> CommuneInfo:
    return CommuneInfo(code=code, nom=nom, population=pop, epci=None, departement=code[:2], codes_postaux=postcodes)


def test_commune_index_ranks_name_starts_then_population():
    index = CommuneIndex([_c("53062", "Château-Gontier-sur-Mayenne", 16584, ("53200",)),
                          _c("53130", "Laval", 49400, ("53000",)), _c("11199", "Lavalette", 1200, ("11290",)),
                          _c("53001", "Ahuillé", 1800, ("53940",)), _c("53999", "Bourg-Laval", 100, ("53100",))])
    assert [c.code for c in index.search("lav")] == ["53130", "11199", "53999"]
    assert [c.code for c in index.search("gontier")] == ["53062"]
    assert [c.code for c in index.search("53200")] == ["53062"]
    assert [c.code for c in index.search("53062")] == ["53062"]
    assert [c.code for c in index.search("ahuille")] == ["53001"]
    assert index.search("") == [] and index.search("zzz") == [] and index.search("lav", 1)[0].code == "53130"


def test_flask_parcours_check_runs_even_when_the_app_cannot_start(loaded_sqlite, tmp_path, parcours_copy):
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    source = parcours_copy / "parcours.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("options_from: stades", "options_from: stade"),
                      encoding="utf-8")
    db = tmp_path / "cli.sqlite"
    shutil.copy(loaded_sqlite, db)
    config = {"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "test", "PARCOURS_DIR": str(parcours_copy)}
    group = FlaskGroup(create_app=lambda: create_app(config))
    with pytest.raises(ParcoursError):
        create_app(config)
    result = CliRunner().invoke(group, ["parcours", "check", "--dossier", str(parcours_copy)])
    assert result.exit_code == 1
    assert "parcours/parcours.yaml:" in result.output and "stade" in result.output


def test_recommendations_on_each_database_backend(db_url):
    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test", "TESTING": True, "RATELIMIT_ENABLED": False})
    try:
        client = app.test_client()
        body = client.get("/api/v1/recommandations?commune=53130&thematique=urbanisme").get_json()
        assert body["structures"][0]["slug"] == "epci-laval-agglo"
        html = client.get("/parcours/resultats?profil=elu&type_collectivite=commune&commune=53062&projet="
                          "%C3%A9clairage+public&thematique=voirie&besoin=technique&stade=etudes").get_data(as_text=True)
        assert 'href="/structures/te53"' in html
        assert client.get("/api/v1/communes?q=chateau gontier").get_json()["communes"][0]["code"] == "53062"
    finally:
        # PostgreSQL connections must not outlive the test (the DB is shared and reset by the fixture).
        app.extensions["db_engine"].dispose()
