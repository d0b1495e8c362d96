"""Upgrading a v1 database (revision 0004, data as v1 wrote it) to head (0005_faits_sources) keeps its data.

The v1 rows are written with the v1 columns of revisions 0001-0004 (confidence and "à vérifier"
notes beside public facts, sources per offer with an ``appuie`` text, a source URL on each
contact). After the upgrade they must be in their v2 places: notes under ``interne``, keyed
sources of the structure cited by the offer and the contact, and the upgraded database must work
with the application (public pages without internal notes, a data load that protects edits).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

import wizard.models  # noqa: F401
from wizard import create_app
from wizard.admin.edition import save_fiche, snapshot, validate_fiche
from wizard.auth.services import create_user
from wizard.config import ROOT
from wizard.dataload.load import EditedSinceLoad, load_data
from wizard.db import Base, make_engine
from wizard.migrate import alembic_config, upgrade
from wizard.models import Contact, Dispositif, Offre, Structure
from wizard.taxonomy import load_taxonomy

DATA = ROOT / "data"
KEPT_TABLES = ("commune", "epci", "structure", "contact", "offre", "offre_tag", "offre_territoire", "dispositif",
               "suggestion", "utilisateur", "utilisateur_structure", "revision")
V1_NOTE = "Téléphone du standard à confirmer auprès du CAUE."


def _v1_rows(engine: Engine) -> dict[str, int]:
    """Rows as the v1 loader and back-office wrote them, in the v1 columns; return some generated ids."""
    with engine.begin() as conn:
        def insert(table: str, **values) -> int | None:
            """Insert one row; the database numbers it, as v1 did (PostgreSQL sequences stay right)."""
            numbered = table not in ("epci", "commune", "utilisateur_structure")
            result = conn.execute(text(f"INSERT INTO {table} ({', '.join(values)}) VALUES "
                                       f"({', '.join(':' + k for k in values)}){' RETURNING id' * numbered}"), values)
            return result.scalar_one() if numbered else None

        insert("epci", code="200033298", nom="CC des Coëvrons", type="CC")
        insert("commune", code="53097", nom="Évron", codes_postaux="53150,53600", population=8252,
               departement="53", epci_code="200033298")
        caue = insert("structure", slug="caue-53", nom="CAUE de la Mayenne", sigle="CAUE 53", categorie="association",
               nature=None, presentation="Le CAUE conseille les communes.", site_web="https://caue53.com",
               siege_commune=None, confiance="moyenne", verifie_le="2026-11-25", a_verifier=V1_NOTE, version=3)
        coevrons = insert("structure", slug="epci-coevrons", nom="CC des Coëvrons", sigle=None, categorie="epci",
               nature=None, presentation="La communauté de communes.", site_web=None, siege_commune="53097",
               confiance="haute", verifie_le=None, a_verifier=None, version=1)
        contact = insert("contact", structure_id=caue, position=0, libelle="Standard", telephone="02 43 56 41 70",
               email=None, adresse=None, source_url="https://caue53.com/contact", source_date="2025-03-12",
               a_verifier="Numéro lu sur une page ancienne.")
        insert("contact", structure_id=caue, position=1, libelle="Accueil", telephone=None,
               email="contact@caue53.fr", adresse=None, source_url=None, source_date=None, a_verifier=None)
        offre = insert("offre", structure_id=caue, position=0, slug="conseil-batiments-publics",
               titre="Conseil sur les bâtiments publics", description="Le CAUE conseille la commune.",
               population_max=None, cout="gratuit", conditions=None, ne_fait_pas=None, a_preparer=None,
               certitude="Gratuité déduite de la loi.")
        gemapi = insert("offre", structure_id=coevrons, position=0, slug="gemapi", titre="GEMAPI",
               description="Compétence GEMAPI.", population_max=None, cout="inconnu", conditions=None,
               ne_fait_pas=None, a_preparer=None, certitude=None)
        for kind, slug in (("thematique", "architecture-batiment"), ("besoin", "technique"),
                           ("stade", "emergence"), ("public", "commune")):
            insert("offre_tag", offre_id=offre, kind=kind, slug=slug)
        insert("offre_territoire", offre_id=offre, kind="departement", code="53")
        insert("offre_territoire", offre_id=gemapi, kind="epci", code="200033298")
        structure_source = insert("source", structure_id=caue, offre_id=None, position=0, url="https://caue53.com/le-caue",
               date="2025-03", appuie="missions du CAUE")
        offre_source = insert("source", structure_id=caue, offre_id=offre, position=0,
               url="https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000522423", date="1977-01-03", appuie=None)
        insert("dispositif", slug="detr", nom="DETR", porteur="Préfecture", type="dotation",
               public_cible="communes rurales", debut="2011", fin=None, fin_statut="sans échéance connue",
               description="Dotation d'investissement.", declinaison_mayenne="Commission d'élus en Mayenne.",
               confiance="haute", thematiques=json.dumps([]), structures=json.dumps(["caue-53"]),
               communes=json.dumps([]),
               sources=json.dumps([{"url": "https://www.mayenne.gouv.fr/detr", "date": "2025-01",
                                    "appuie": "appel à projets DETR 2025"}]))
        insert("suggestion", structure_id=caue, champ="telephone", message="À jour ?", cree_le="2026-11-26 10:00:00",
               statut="nouvelle")
        user = insert("utilisateur", email="editrice@caue53.fr", nom=None, mot_de_passe="x", role="editeur",
               actif=True, echecs=0, session_version=1, cree_le="2026-11-26 10:00:00")
        insert("utilisateur_structure", utilisateur_id=user, structure_id=caue)
        insert("revision", structure_id=caue, auteur="editrice@caue53.fr", cree_le="2026-11-27 10:00:00",
               action="modification", changements=json.dumps([]), avant=json.dumps({}), apres=json.dumps({}),
               version=3)
    return {"contact": contact, "structure_source": structure_source, "offre_source": offre_source}


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.scalar(text(f"SELECT count(*) FROM {t}")) for t in KEPT_TABLES}


def _version(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(text("SELECT version_num FROM alembic_version")))


def _head() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


@pytest.fixture
def v1_database(db_url: str):
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0004")
        assert _version(engine) == {"0004"}
        assert "confiance" in {c["name"] for c in inspect(engine).get_columns("structure")}
        ids = _v1_rows(engine)
        yield engine, ids, _counts(engine)
    finally:
        engine.dispose()


def test_upgrade_from_0004_carries_v1_rows_over(v1_database):
    engine, ids, before = v1_database
    structure_key, offre_key = f"s{ids['structure_source']}", f"s{ids['offre_source']}"
    upgrade(engine)  # head, as the start-up does

    assert _version(engine) == {_head()}
    assert _counts(engine) == before
    columns = {c["name"] for c in inspect(engine).get_columns("structure")}
    assert {"interne", "niveau", "faits_sources", "empreinte_chargee"} <= columns
    assert not {"confiance", "a_verifier", "verifie_le"} & columns
    with Session(engine) as session:
        caue = session.scalar(select(Structure).where(Structure.slug == "caue-53"))
        # Research notes moved under `interne`; public facts and the version stay.
        assert caue.interne == {"confiance": "moyenne", "a_verifier": V1_NOTE}
        assert (caue.nom, caue.presentation, caue.niveau, caue.version) == \
            ("CAUE de la Mayenne", "Le CAUE conseille les communes.", "departemental", 3)
        coevrons = session.scalar(select(Structure).where(Structure.slug == "epci-coevrons"))
        assert coevrons.interne == {"confiance": "haute"} and coevrons.siege_commune == "53097"

        # Each old source is a keyed source of the structure; the structure and the offer cite their own.
        assert caue.faits_sources == [structure_key]
        sources = {s.cle: s for s in caue.sources}
        assert set(sources) == {structure_key, offre_key, f"contact-{ids['contact']}"}
        assert sources[structure_key].titre == "missions du CAUE" and sources[structure_key].date == "2025-03"
        assert sources[offre_key].url.startswith("https://www.legifrance.gouv.fr/")
        assert sources[offre_key].titre == sources[offre_key].url  # no "appuie": the address names it
        offre = session.scalar(select(Offre).where(Offre.slug == "conseil-batiments-publics"))
        assert offre.source_cles == [offre_key] and [s.cle for s in offre.sources] == [offre_key]
        assert offre.interne == {"certitude": "Gratuité déduite de la loi."}
        assert (offre.role, offre.competence, offre.cout) == ("specialiste", False, "gratuit")
        assert offre.slugs("thematique") == ["architecture-batiment"] and offre.codes("departement") == ["53"]
        gemapi = session.scalar(select(Offre).where(Offre.slug == "gemapi"))
        assert gemapi.source_cles == [] and gemapi.interne == {} and gemapi.codes("epci") == ["200033298"]

        # A contact's source URL became a keyed source, cited by the contact.
        standard, accueil = session.scalars(select(Contact).order_by(Contact.position))
        assert standard.telephone == "02 43 56 41 70"
        cited = caue.source(standard.source_cle)
        assert (cited.url, cited.date) == ("https://caue53.com/contact", "2025-03-12")
        assert accueil.source_cle is None and accueil.email == "contact@caue53.fr"

        detr = session.scalar(select(Dispositif).where(Dispositif.slug == "detr"))
        assert detr.declinaison_locale == "Commission d'élus en Mayenne."
        assert detr.interne == {"confiance": "haute"}
        assert detr.sources == [{"id": "s1", "titre": "appel à projets DETR 2025", "editeur": None,
                                 "url": "https://www.mayenne.gouv.fr/detr", "date": "2025-01",
                                 "consulte_le": None, "copie_consultee": None}]
    upgrade(engine)  # idempotent
    assert _version(engine) == {_head()} and _counts(engine) == before


def test_the_upgraded_database_serves_public_pages_without_internal_notes(v1_database):
    engine, _, _ = v1_database
    upgrade(engine)
    app = create_app({"DATABASE_URL": engine.url.render_as_string(hide_password=False), "SECRET_KEY": "test",
                      "TESTING": True})
    try:
        client = app.test_client()
        page = client.get("/structures/caue-53")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "02 43 56 41 70" in html and "Le CAUE conseille les communes." in html
        assert V1_NOTE not in html and "Gratuité déduite de la loi." not in html
        programmes = client.get("/dispositifs")
        assert programmes.status_code == 200 and "appel à projets DETR 2025" in programmes.get_data(as_text=True)
    finally:
        app.extensions["db_engine"].dispose()


def test_the_back_office_edits_an_upgraded_fiche(v1_database):
    engine, ids, before = v1_database
    upgrade(engine)
    taxonomy = load_taxonomy(DATA / "taxonomie.yaml")
    with Session(engine) as session:
        caue = session.scalar(select(Structure).where(Structure.slug == "caue-53"))
        fiche = snapshot(caue)
        # The carried-over fiche meets the v2 rules, but for what v1 never had: the source of the
        # second contact. The back-office says so, and the editor cites one.
        assert validate_fiche(session, taxonomy, fiche) == ["contacts[1].source : citez au moins une source "
                                                            "(par son « id »)"]
        fiche["contacts"][1]["source"] = f"s{ids['structure_source']}"
        create_user(session, "admin@ddt53.fr", "une phrase de passe solide", "admin", [])
        save_fiche(session, taxonomy, caue, {**fiche, "sigle": "CAUE"}, caue.version, "admin@ddt53.fr")
        session.commit()
    with Session(engine) as session:
        caue = session.scalar(select(Structure).where(Structure.slug == "caue-53"))
        assert caue.sigle == "CAUE" and caue.interne["a_verifier"] == V1_NOTE
        assert _counts(engine)["revision"] == before["revision"] + 1


def test_a_load_on_the_upgraded_database_protects_fiches_edited_in_v1(v1_database):
    """No load fingerprint yet: a fiche whose v1 history holds a back-office edit counts as edited."""
    engine, _, _ = v1_database
    upgrade(engine)
    with Session(engine) as session:
        with pytest.raises(EditedSinceLoad) as info:
            load_data(session, DATA)
        assert info.value.slugs == ["caue-53"]
        session.rollback()
    with Session(engine) as session:
        report = load_data(session, DATA, remplacer_modifiees=True)
        session.commit()
        assert report.structures == len(list((DATA / "structures").glob("*.yaml")))
        caue = session.scalar(select(Structure).where(Structure.slug == "caue-53"))
        assert caue.empreinte_chargee is not None and caue.interne.get("a_verifier") != V1_NOTE
    with Session(engine) as session:
        assert load_data(session, DATA).modifiees == 0


def test_head_matches_the_models(db_url):
    """Autogenerate finds nothing to change once every migration is applied (search tables are raw SQL)."""
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()

    def table_of(diff) -> str | None:
        item = diff[0] if isinstance(diff, list) else diff  # modify_* come grouped in a list
        op = item[0]
        if op in ("add_table", "remove_table"):
            return item[1].name
        if op in ("add_column", "remove_column") or op.startswith("modify_"):
            return item[2]
        if op in ("add_index", "remove_index", "add_constraint", "remove_constraint", "add_fk", "remove_fk"):
            return item[1].table.name
        return None

    assert [d for d in diffs if not (table_of(d) or "").startswith("recherche_")] == []


def test_head_is_reached_from_an_empty_database(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    upgrade(engine)
    assert _version(engine) == {_head()}
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()
