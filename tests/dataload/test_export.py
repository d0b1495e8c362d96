"""Exporting the database back to data/structures/<slug>.yaml: no edit, no change; an edit, only that change."""
from __future__ import annotations

import difflib
import shutil

from sqlalchemy import select

from tests.dataload.conftest import read_plain, replace_once, session_on, structure
from wizard.admin.edition import save_fiche
from wizard.admin.edition import snapshot as fiche_snapshot
from wizard.dataload.export import export_structures
from wizard.dataload.load import load_data
from wizard.dataload.mapping import fiche_fingerprint, row_to_fiche
from wizard.models import Structure


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_export_without_change_has_no_file_to_write(tmp_path, data_copy):
    with session_on(f"sqlite:///{tmp_path / 'x.sqlite'}") as session:
        load_data(session, data_copy)
        session.commit()
        assert export_structures(session, data_copy / "structures") == {}


def test_an_edit_to_any_fiche_changes_only_its_line(tmp_path, data_copy):
    """Quotes, folded text and flow lists of every real file survive an export of an edited fiche."""
    folder = data_copy / "structures"
    with session_on(f"sqlite:///{tmp_path / 'x.sqlite'}") as session:
        load_data(session, data_copy)
        for row in session.scalars(select(Structure)):
            row.nom = f"{row.nom} (revu)"
        session.commit()
        written = export_structures(session, folder)
    files = sorted(folder.glob("*.yaml"))
    assert sorted(written) == files
    for path in files:
        changed = _changed_lines(path.read_text(encoding="utf-8"), written[path])
        assert len(changed) == 2 and changed[0].startswith("-nom: ") and changed[1].startswith("+nom: "), \
            (path.name, changed)
        assert read_plain(path)["nom"] + " (revu)" in changed[1]


def test_an_edit_is_written_alone_and_comments_are_kept(tmp_path, data_copy, taxonomy):
    folder = data_copy / "structures"
    # Comments an author may write anywhere: atop the file, beside a value, inside an offer.
    replace_once(folder / "caue-53.yaml", "    cout: gratuit\n", "    cout: gratuit  # article 7 de la loi de 1977\n")
    replace_once(folder / "caue-53.yaml", "  - slug: rendez-vous-du-mardi\n",
                 "  # Formation des élus et des agents\n  - slug: rendez-vous-du-mardi\n")
    original = (folder / "caue-53.yaml").read_text(encoding="utf-8")
    with session_on(f"sqlite:///{tmp_path / 'x.sqlite'}") as session:
        load_data(session, data_copy)
        session.commit()
        caue = structure(session, "caue-53")
        fiche = fiche_snapshot(caue)
        fiche["presentation"] = "Présentation revue par le CAUE."
        fiche["offres"][0]["a_preparer"] = "Le projet en quelques lignes."
        save_fiche(session, taxonomy, caue, fiche, caue.version, "editrice@caue53.fr")
        session.commit()
        edited = row_to_fiche(caue)
        written = export_structures(session, folder)

    assert list(written) == [folder / "caue-53.yaml"]  # only the edited fiche
    exported = written[folder / "caue-53.yaml"]
    comments = [line for line in original.splitlines() if "#" in line and line.lstrip().startswith(("#", "cout"))]
    assert len(comments) == 3 and all(c in exported.splitlines() for c in comments)
    changed = _changed_lines(original, exported)
    assert "+  Présentation revue par le CAUE." in changed
    assert "+    a_preparer: Le projet en quelques lignes." in changed
    # Nothing else moved: removed lines are the old values of the two edited fields.
    old_presentation = read_plain(folder / "caue-53.yaml")["presentation"]
    assert [c for c in changed if c.startswith("+")] == ["+  Présentation revue par le CAUE.",
                                                          "+    a_preparer: Le projet en quelques lignes."]
    assert " ".join(c[1:].strip() for c in changed if c.startswith("-")
                    and not c.startswith("-    a_preparer")) == old_presentation

    # The exported file loads back into the same fiche.
    (folder / "caue-53.yaml").write_text(exported, encoding="utf-8")
    with session_on(f"sqlite:///{tmp_path / 'reloaded.sqlite'}") as session:
        load_data(session, data_copy)
        assert fiche_fingerprint(row_to_fiche(structure(session, "caue-53"))) == fiche_fingerprint(edited)


def test_an_edit_to_a_list_keeps_its_style(tmp_path, data_copy, taxonomy):
    folder = data_copy / "structures"
    original = (folder / "caue-53.yaml").read_text(encoding="utf-8")
    with session_on(f"sqlite:///{tmp_path / 'x.sqlite'}") as session:
        load_data(session, data_copy)
        session.commit()
        caue = structure(session, "caue-53")
        fiche = fiche_snapshot(caue)
        fiche["offres"][0]["thematiques"] = ["architecture-batiment", "paysage"]
        fiche["offres"][0]["interne"] = {}
        fiche["faits_sources"] = fiche["faits_sources"][:2]
        save_fiche(session, taxonomy, caue, fiche, caue.version, "editrice@caue53.fr")
        session.commit()
        exported = export_structures(session, folder)[folder / "caue-53.yaml"]
    changed = _changed_lines(original, exported)
    assert "+    thematiques: [architecture-batiment, paysage]" in changed
    assert "+faits_sources: [caue53-actualite, loi-1977-art7]" in changed
    assert "+    interne: {}" in changed
    assert len([c for c in changed if c.startswith("+")]) == 3


def test_a_structure_created_in_the_back_office_gets_its_own_file(tmp_path, data_copy):
    folder = data_copy / "structures"
    new = folder / "caue-nouveau.yaml"
    shutil.copy(folder / "caue-53.yaml", new)
    replace_once(new, "slug: caue-53", "slug: caue-nouveau")
    with session_on(f"sqlite:///{tmp_path / 'x.sqlite'}") as session:
        load_data(session, data_copy)
        session.commit()
        created = row_to_fiche(structure(session, "caue-nouveau"))
        new.unlink()  # the database now holds a fiche without a file
        written = export_structures(session, folder)
    assert list(written) == [new]
    assert "null" not in written[new] and ": []" not in written[new]  # empty values are left out
    new.write_text(written[new], encoding="utf-8")
    with session_on(f"sqlite:///{tmp_path / 'again.sqlite'}") as session:
        load_data(session, data_copy)
        assert fiche_fingerprint(row_to_fiche(structure(session, "caue-nouveau"))) == fiche_fingerprint(created)
