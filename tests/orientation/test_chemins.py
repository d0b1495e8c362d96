"""Every path of the parcours, through the same service as the wizard and the API.

Communes are grouped into classes (EPCI × population band): one representative commune per
class stands for the others, since the recommender only reads a commune's EPCI, département
and population. Every path of every class must end on a non-empty, explained shortlist.

The path → shortlist table of one class (Livet, a small commune of the CC des Coëvrons) and of
an EPCI asker is compared with tests/parcours-chemins.tsv (a golden file): the DDT reads there
what each combination of answers recommends. A change of rules or data that alters a shortlist
fails with the diff; `make golden` rewrites the file once the change is reviewed.
Profils giving the same shortlist share one line.
"""
from __future__ import annotations

from collections import defaultdict

from wizard.config import ROOT
from wizard.db import get_session
from wizard.orientation.service import recommander
from wizard.parcours_engine import Step, recommendation_answers, replay
from wizard.territoires.memoire import territoires

TABLE = ROOT / "tests" / "parcours-chemins.tsv"
TABLE_COMMUNE, TABLE_EPCI = "53134", "200033298"
COLUMNS = ("type_collectivite", "commune", "epci", "thematique", "besoin", "stade")


def commune_classes(app) -> dict[tuple[str | None, str | None], str]:
    """One representative commune per (EPCI, population band) class: the table's commune, else the smallest code."""
    taxonomy = app.extensions["taxonomy"]
    classes: dict[tuple[str | None, str | None], str] = {}
    for commune in sorted(territoires(app).lookup.communes.values(), key=lambda c: (c.code != TABLE_COMMUNE, c.code)):
        band = taxonomy.band_for(commune.population)
        classes.setdefault((commune.epci, band.slug if band else None), commune.code)
    return classes


def test_every_path_of_every_commune_class_ends_on_an_explained_shortlist(app, golden):
    parcours, rules = app.extensions["parcours"], app.extensions["recommandations"]
    terr = territoires(app)
    classes = commune_classes(app)
    assert TABLE_COMMUNE in classes.values() and len(classes) >= 20
    samples = {"communes": sorted(classes.values()), "epcis": sorted({c.epci for c in terr.lookup.communes.values()})}

    def answers_for(step: Step) -> list[list[str]]:
        if step.kind == "texte":
            return [[""]]
        if step.reference_kind is not None:
            return [[code] for code in samples[step.reference_kind]]
        return [[o.slug] for o in step.options]

    table: dict[tuple[str, ...], list[str]] = defaultdict(list)
    paths = 0
    with app.app_context():
        session = get_session()
        stack: list[dict[str, list[str]]] = [{}]
        while stack:
            query = stack.pop()
            state = replay(parcours, query, terr.lookup)
            assert not state.errors
            if not state.complete:
                step = parcours.steps[state.current]
                stack.extend({**query, step.id: v} for v in reversed(answers_for(step)))
                continue
            paths += 1
            result = recommander(session, rules, terr, recommendation_answers(parcours, state))
            shortlist = result.recommandations
            # 3–6 structures, fallback included; fewer only where recommandations.yaml says so.
            kind = state.answers["type_collectivite"][0]
            assert rules.min_for(kind) <= len(shortlist) <= rules.max, state.query()
            assert all(r.raisons for r in shortlist), state.query()
            assert any(r.structure.slug in rules.repli for r in shortlist) or kind == "autre", state.query()
            assert all(result.joindre[r.structure.slug].contacts or result.joindre[r.structure.slug].site_web
                       or result.joindre[r.structure.slug].repli for r in shortlist)
            if list(state.answers.get("commune", [TABLE_COMMUNE])) == [TABLE_COMMUNE] and \
                    list(state.answers.get("epci", [TABLE_EPCI])) == [TABLE_EPCI]:
                cells = tuple(",".join(state.answers.get(c, ())) or "—" for c in COLUMNS)
                table[cells + (" > ".join(r.structure.slug for r in shortlist),)].append(
                    state.answers["profil"][0])
    # 3 profils × (commune classes + EPCI + syndicat + autre) × 22 thématiques × 9 besoins × 5 stades.
    assert paths == 3 * (len(samples["communes"]) + len(samples["epcis"]) + 2) * 22 * 9 * 5
    header = "\t".join(("profils",) + COLUMNS + ("structures à appeler, dans l'ordre",))
    rows = ["\t".join((",".join(profils),) + key) for key, profils in sorted(table.items())]
    golden(TABLE, "\n".join([header, *rows]) + "\n")
