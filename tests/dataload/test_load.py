"""Loading data/ (one file per structure and per programme) into each database backend.

Counts come from the files themselves; a load is idempotent, records what it changed in each
fiche's history, leaves the database untouched when it refuses, and never overwrites a fiche
edited in the back-office since the last load unless asked to.
"""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from tests.conftest import DATA_DIR
from tests.dataload.conftest import read_plain, replace_once, session_on, snapshot, structure
from wizard.admin.edition import save_fiche
from wizard.admin.edition import snapshot as fiche_snapshot
from wizard.dataload.errors import DataErrors
from wizard.dataload.load import AUTEUR_CHARGEMENT, EditedSinceLoad, load_data
from wizard.models import Commune, Contact, Dispositif, Epci, Offre, Revision, Source, Structure


def _files(kind: str) -> dict[str, dict]:
    return {p.stem: read_plain(p) for p in sorted((DATA_DIR / kind).glob("*.yaml"))}


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_load_counts_on_each_backend(db_url):
    structures, dispositifs = _files("structures"), _files("dispositifs")
    communes = read_plain(DATA_DIR / "territoires" / "communes-53.json")
    with session_on(db_url) as session:
        report = load_data(session, DATA_DIR)
        session.commit()

        assert report.structures == len(structures) == _count(session, Structure) > 40
        assert report.dispositifs == len(dispositifs) == _count(session, Dispositif) > 20
        assert report.offres == sum(len(s.get("offres") or []) for s in structures.values()) \
            == _count(session, Offre)
        assert report.communes == len(communes) == _count(session, Commune) == 240
        assert report.epcis == _count(session, Epci) == 10
        assert _count(session, Source) == sum(len(s["sources"]) for s in structures.values())
        assert _count(session, Contact) == sum(len(s.get("contacts") or []) for s in structures.values())
        # One file, one structure, under the file's name.
        assert set(session.scalars(select(Structure.slug))) == set(structures)
        assert set(session.scalars(select(Dispositif.slug))) == set(dispositifs)


def test_a_fiche_is_stored_as_its_file_says(db_url):
    written = read_plain(DATA_DIR / "structures" / "caue-53.yaml")
    with session_on(db_url) as session:
        load_data(session, DATA_DIR)
        session.commit()
        caue = structure(session, "caue-53")
        assert (caue.nom, caue.niveau, caue.categorie) == (written["nom"], written["niveau"], written["categorie"])
        assert caue.faits_sources == written["faits_sources"]
        assert [s.cle for s in caue.sources] == [s["id"] for s in written["sources"]]
        assert caue.interne["confiance"] == written["interne"]["confiance"]
        assert caue.interne["pistes"] == written["interne"]["pistes"]
        for offre, wanted in zip(caue.offres, written["offres"], strict=True):
            assert (offre.slug, offre.role, offre.cout) == (wanted["slug"], wanted["role"], wanted["cout"])
            assert offre.slugs("thematique") == wanted["thematiques"]
            assert offre.slugs("profil") == (wanted.get("profils") or [])
            assert offre.source_cles == wanted["sources"]
            # An offer's sources resolve to the structure's declared ones.
            assert [s.cle for s in offre.sources] == wanted["sources"]
        detr = session.scalar(select(Dispositif).where(Dispositif.slug == "detr"))
        wanted = read_plain(DATA_DIR / "dispositifs" / "detr.yaml")
        assert detr.structures == wanted["structures"]
        assert detr.eligibilite["population_max"] == wanted["eligibilite"]["population_max"]
        assert [s["id"] for s in detr.sources] == [s["id"] for s in wanted["sources"]]


def test_loading_twice_gives_the_same_database(db_url):
    with session_on(db_url) as session:
        first_report = load_data(session, DATA_DIR)
        session.commit()
        first = snapshot(session)
    # Every fiche written by the first load has one history entry, signed by the load.
    assert first_report.modifiees == first_report.structures
    assert first["counts"]["Revision"] == first_report.structures
    with session_on(db_url) as session:
        report = load_data(session, DATA_DIR)
        session.commit()
        assert report.modifiees == 0
        assert snapshot(session) == first


def test_a_new_file_adds_a_structure_and_a_removed_file_removes_it(tmp_path, data_copy):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    copy = data_copy / "structures" / "caue-test.yaml"
    shutil.copy(data_copy / "structures" / "caue-53.yaml", copy)
    replace_once(copy, "slug: caue-53", "slug: caue-test")
    with session_on(url) as session:
        report = load_data(session, data_copy)
        session.commit()
        assert structure(session, "caue-test").nom == structure(session, "caue-53").nom
        assert report.structures == len(list((DATA_DIR / "structures").glob("*.yaml"))) + 1
    copy.unlink()
    with session_on(url) as session:
        load_data(session, data_copy)
        session.commit()
        assert structure(session, "caue-test") is None
        assert structure(session, "caue-53") is not None


def test_a_changed_file_is_reloaded_and_recorded_in_the_history(tmp_path, data_copy):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    with session_on(url) as session:
        load_data(session, data_copy)
        session.commit()
    replace_once(data_copy / "structures" / "ddt-53.yaml", "\nnature: Service déconcentré", "\nnature: Service revu")
    with session_on(url) as session:
        report = load_data(session, data_copy)
        session.commit()
        ddt = structure(session, "ddt-53")
        assert ddt.nature.startswith("Service revu")
        assert report.modifiees == 1
        [last] = session.scalars(select(Revision).where(Revision.structure_id == ddt.id)
                                 .order_by(Revision.id.desc()).limit(1))
        assert (last.action, last.auteur) == ("chargement", AUTEUR_CHARGEMENT)
        assert last.apres["nature"] == ddt.nature != last.avant["nature"]


def test_a_refused_load_leaves_the_database_untouched(db_url, data_copy):
    with session_on(db_url) as session:
        load_data(session, data_copy)
        session.commit()
        before = snapshot(session)
    replace_once(data_copy / "structures" / "caue-53.yaml", "cout: gratuit", "cout: offert")
    replace_once(data_copy / "dispositifs" / "detr.yaml", "debut: '2011'", "debut: '2011-13'")
    with session_on(db_url) as session:
        with pytest.raises(DataErrors) as info:
            load_data(session, data_copy)
        assert {e.file for e in info.value.errors} == {"structures/caue-53.yaml", "dispositifs/detr.yaml"}
        session.rollback()
    with session_on(db_url) as session:
        assert snapshot(session) == before


def _edit_in_back_office(session, taxonomy, slug: str, presentation: str) -> None:
    row = structure(session, slug)
    save_fiche(session, taxonomy, row, {**fiche_snapshot(row), "presentation": presentation}, row.version,
               "editrice@ddt53.fr")
    session.commit()


def test_a_load_refuses_to_overwrite_a_fiche_edited_in_the_back_office(db_url, data_copy, taxonomy):
    with session_on(db_url) as session:
        load_data(session, data_copy)
        session.commit()
        _edit_in_back_office(session, taxonomy, "caue-53", "Présentation revue par le CAUE.")
        before = snapshot(session)
    # The file of another fiche changed meanwhile: that alone would not stop the load.
    replace_once(data_copy / "structures" / "ddt-53.yaml", "\nnature: Service déconcentré", "\nnature: Service revu")

    with session_on(db_url) as session:
        with pytest.raises(EditedSinceLoad) as info:
            load_data(session, data_copy)
        assert info.value.slugs == ["caue-53"]
        session.rollback()
    with session_on(db_url) as session:
        assert snapshot(session) == before

    with session_on(db_url) as session:
        report = load_data(session, data_copy, remplacer_modifiees=True)
        session.commit()
        caue = structure(session, "caue-53")
        assert caue.presentation == read_plain(data_copy / "structures" / "caue-53.yaml")["presentation"]
        assert report.modifiees == 2  # caue-53 put back, ddt-53 changed
        history = list(session.scalars(select(Revision.action).where(Revision.structure_id == caue.id)
                                       .order_by(Revision.id)))
        assert history == ["chargement", "modification", "chargement"]
    with session_on(db_url) as session:  # the replaced fiche is no longer "edited"
        assert load_data(session, data_copy).modifiees == 0
