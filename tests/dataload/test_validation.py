"""The loader is strict: every broken fact is refused with its file and line, and said in French.

Each case breaks one real file in a copy of data/ and loads it for real: the load must stop with
a located error (``file:line: field : message``) before writing anything.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.dataload.conftest import replace_once, session_on
from wizard.dataload.errors import DataError, DataErrors
from wizard.dataload.load import load_data, read_data
from wizard.dataload.policy import load_policy

CAUE = "structures/caue-53.yaml"
DDT = "structures/ddt-53.yaml"
DETR = "dispositifs/detr.yaml"


def _refused(tmp_path: Path, data_dir: Path) -> list[DataError]:
    with session_on(f"sqlite:///{tmp_path / 'x.sqlite'}") as session, pytest.raises(DataErrors) as info:
        load_data(session, data_dir)
    return info.value.errors


def _located(errors: list[DataError], file: str, line: int, fragment: str) -> bool:
    return any(e.file == file and e.line == line and fragment in e.message
               and str(e).startswith(f"{file}:{line}: ") for e in errors)


@pytest.mark.parametrize("file, old, new, expected", [
    pytest.param(CAUE, "presentation: >-\n", "presentaton: >-\n",
                 "champ inconnu ; vouliez-vous dire « presentation » ?", id="unknown-key"),
    pytest.param(CAUE, "    cout: gratuit\n    ne_fait_pas", "    couts: gratuit\n    ne_fait_pas",
                 "champ inconnu ; vouliez-vous dire « cout » ?", id="unknown-offer-key"),
    pytest.param(CAUE, "thematiques: [architecture-batiment, logement",
                 "thematiques: [architecture-batiments, logement",
                 "« architecture-batiments » n'est pas dans la taxonomie (thematiques) ; "
                 "vouliez-vous dire « architecture-batiment » ?", id="unknown-thematique"),
    pytest.param(CAUE, "slug: caue-53", "slug: CAUE 53", "identifiant invalide : « CAUE 53 »", id="bad-slug"),
    pytest.param(CAUE, "- slug: conseil-collectivites", "- slug: Conseil collectivités", "identifiant invalide",
                 id="bad-offer-slug"),
    pytest.param(CAUE, "site_web: https://caue53.com", "site_web: htps://caue53.com", "adresse web invalide",
                 id="bad-url"),
    pytest.param(CAUE, "cout: gratuit", "cout: offert", "valeur « offert » inconnue", id="unknown-cout"),
    pytest.param(DDT, "email: ddt-secheresse@mayenne.gouv.fr", "email: ddt-secheresse.mayenne.gouv.fr",
                 "adresse électronique invalide", id="bad-email"),
    pytest.param(DDT, "telephone: 02 43 67 89 73", "telephone: 0243678973",
                 "numéro de téléphone invalide", id="bad-phone"),
    pytest.param(CAUE, "date: '2023-03-01'", "date: '2023-02-30'", "date invalide : « 2023-02-30 »",
                 id="impossible-date"),
    pytest.param(CAUE, "date: '2023-03-01'", "date: 2023-02-30", "date invalide : « 2023-02-30 »",
                 id="impossible-unquoted-date"),
    pytest.param(CAUE, "date: '2023-03-01'", "date: mars 2023", "date invalide", id="date-in-words"),
    pytest.param(DETR, "debut: '2011'", "debut: '2011-13'", "date invalide", id="bad-programme-date"),
    pytest.param(CAUE, "faits_sources: [caue53-actualite,", "faits_sources: [caue53-actualites,",
                 "source « caue53-actualites » non déclarée ; vouliez-vous dire « caue53-actualite » ?",
                 id="fact-cites-a-missing-source"),
    pytest.param(CAUE, "sources: [loi-1977-art7, caue53-actualite, prefecture-anct-53]",
                 "sources: [loi-1977-art9, caue53-actualite, prefecture-anct-53]",
                 "source « loi-1977-art9 » non déclarée", id="offer-cites-a-missing-source"),
    pytest.param(DDT, "source: lhuisserie-restrictions-eau-2025", "source: lhuisserie-2025",
                 "source « lhuisserie-2025 » non déclarée", id="contact-cites-a-missing-source"),
    pytest.param(CAUE, "presentation: >-\n  Le CAUE de la Mayenne conseille les élus",
                 "presentation: >-\n  Le CAUE de la Mayenne conseille probablement les élus",
                 "formule de note de recherche « probablement » dans un texte public", id="research-phrase"),
    pytest.param(CAUE, "    ne_fait_pas: \"Le CAUE conseille et oriente",
                 "    ne_fait_pas: \"Non vérifié : le CAUE conseille et oriente",
                 "formule de note de recherche « non vérifié »", id="research-phrase-in-offer"),
])
def test_a_broken_fact_is_refused_with_its_file_and_line(tmp_path, data_copy, file, old, new, expected):
    line = replace_once(data_copy / file, old, new)
    errors = _refused(tmp_path, data_copy)
    assert _located(errors, file, line, expected), "\n".join(map(str, errors))


def test_a_source_on_a_refused_domain_is_refused_with_the_policy_reason(tmp_path, data_copy):
    reason = load_policy(data_copy).refused["wikipedia.org"]
    line = replace_once(data_copy / CAUE, "url: https://caue53.com/lactualite",
                        "url: https://fr.wikipedia.org/wiki/CAUE_de_la_Mayenne")
    errors = _refused(tmp_path, data_copy)
    assert _located(errors, CAUE, line, f"source refusée ({reason})"), errors


def test_the_refused_domains_are_those_of_the_policy_file(tmp_path, data_copy, taxonomy):
    """The list lives in data/politique-sources.yaml: adding a domain there refuses it everywhere."""
    read_data(data_copy, taxonomy)  # caue53.com is accepted today
    citing = {f"structures/{p.name}" for p in (data_copy / "structures").glob("*.yaml")
              if "caue53.com" in p.read_text(encoding="utf-8")}
    replace_once(data_copy / "politique-sources.yaml", "domaines: [energie-partagee.org,",
                 "domaines: [caue53.com, energie-partagee.org,")
    errors = _refused(tmp_path, data_copy)
    assert CAUE in citing and {e.file for e in errors} == citing
    assert {e.field for e in errors} >= {"structures[caue-53].site_web", "structures[caue-53].sources[0].url"}
    assert all("source refusée (site non officiel" in e.message for e in errors)


def test_a_mirror_address_is_accepted_only_as_the_copy_consulted(tmp_path, data_copy, taxonomy):
    mirror = "https://docslib.org/doc/123/statuts-du-caue"
    replace_once(data_copy / CAUE, "    copie_consultee: null", f"    copie_consultee: {mirror}")
    read_data(data_copy, taxonomy)  # internal note: accepted
    line = replace_once(data_copy / CAUE, "url: https://caue53.com/lactualite", f"url: {mirror}")
    errors = _refused(tmp_path, data_copy)
    assert _located(errors, CAUE, line, "source refusée (site miroir"), errors


def test_research_notes_are_accepted_under_interne_only(tmp_path, data_copy, taxonomy):
    replace_once(data_copy / CAUE, "  confiance: moyenne\n",
                 "  confiance: moyenne\n  certitude: probablement gratuit, à vérifier\n")
    read_data(data_copy, taxonomy)  # under `interne`, a research note is where it belongs
    # The v1 places of research notes are gone: beside the public facts they are unknown fields.
    structure_line = replace_once(data_copy / CAUE, "\ninterne:\n", "\na_verifier: statut exact\ninterne:\n") + 1
    offer_line = replace_once(data_copy / CAUE, "    interne:\n      certitude: >-\n        Missions",
                              "    certitude: gratuité à vérifier\n    interne:\n      certitude: >-\n        Missions")
    errors = _refused(tmp_path, data_copy)
    assert _located(errors, CAUE, structure_line, "champ inconnu"), errors
    assert _located(errors, CAUE, offer_line, "champ inconnu"), errors
    assert "structure.a_verifier" in {e.field for e in errors}
    assert "structures[caue-53].offres[conseil-collectivites].certitude" in {e.field for e in errors}


def test_yaml_syntax_errors_point_at_their_file_and_line(tmp_path, data_copy):
    broken = {file: replace_once(data_copy / file, "\nsources:\n", "\n  : : [unclosed\nsources:\n") + 1
              for file in (DETR, CAUE)}
    errors = _refused(tmp_path, data_copy)
    # Both unreadable files are named with their folder, not only the first one met.
    assert sorted(e.file for e in errors) == sorted(broken)
    assert all(broken[e.file] <= e.line <= broken[e.file] + 1 and "YAML illisible" in e.message
               for e in errors), errors


def test_a_file_is_named_after_its_slug(tmp_path, data_copy):
    (data_copy / "structures" / "caue.yaml").write_text(
        (data_copy / CAUE).read_text(encoding="utf-8"), encoding="utf-8")
    errors = _refused(tmp_path, data_copy)
    assert _located(errors, "structures/caue.yaml", 2, "le fichier doit s'appeler caue-53.yaml"), errors
    assert _located(errors, "structures/caue.yaml", 2, "identifiant en double : « caue-53 »"), errors


def test_every_problem_is_reported_at_once(tmp_path, data_copy):
    lines = [replace_once(data_copy / CAUE, "cout: gratuit", "cout: offert"),
             replace_once(data_copy / CAUE, "site_web: https://caue53.com", "site_web: caue53.com")]
    detr = replace_once(data_copy / DETR, "debut: '2011'", "debut: '2011-13'")
    errors = _refused(tmp_path, data_copy)
    assert {(e.file, e.line) for e in errors} == {(CAUE, lines[0]), (CAUE, lines[1]), (DETR, detr)}
