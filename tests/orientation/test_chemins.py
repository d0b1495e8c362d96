"""Every path of the parcours, through the same service as the wizard and the API.

Communes are grouped into classes (EPCI × population band): one representative commune per
class stands for the others, since the recommender only reads a commune's EPCI, département
and population. Every path of every class must end on a non-empty, explained shortlist.

The path → shortlist table of one class (Livet, a small commune of the CC des Coëvrons) and of
an EPCI asker is compared with parcours/chemins.tsv (a golden file): the DDT reads there
what each combination of answers recommends. A change of rules or data that alters a shortlist
fails with the diff; `make golden` rewrites the file once the change is reviewed.
Profils giving the same shortlist share one line.
"""
from __future__ import annotations

from collections import defaultdict

from wizard.admin.parcours_plan import CHEMINS as TABLE
from wizard.db import get_session
from wizard.orientation.service import recommander
from wizard.parcours_engine import recommendation_answers
from wizard.parcours_engine.chemins import Samples, complete_paths
from wizard.parcours_engine.chemins import commune_classes as classes_of
from wizard.territoires.memoire import territoires

TABLE_COMMUNE, TABLE_EPCI = "53134", "200033298"
COLUMNS = ("type_collectivite", "commune", "epci", "thematique", "besoin", "stade")


def commune_classes(app) -> dict[tuple[str | None, str | None], str]:
    """One representative commune per (EPCI, population band) class: the table's commune, else the smallest code."""
    return classes_of(app.extensions["taxonomy"], territoires(app).lookup.communes.values(), TABLE_COMMUNE)


def test_every_path_of_every_commune_class_ends_on_an_explained_shortlist(app, golden):
    parcours, rules = app.extensions["parcours"], app.extensions["recommandations"]
    terr = territoires(app)
    classes = commune_classes(app)
    assert TABLE_COMMUNE in classes.values() and len(classes) >= 20
    samples = {"communes": sorted(classes.values()), "epcis": sorted({c.epci for c in terr.lookup.communes.values()})}

    table: dict[tuple[str, ...], list[str]] = defaultdict(list)
    paths = 0
    with app.app_context():
        session = get_session()
        for state in complete_paths(parcours, Samples(samples["communes"], samples["epcis"]), terr.lookup):
            paths += 1
            result = recommander(session, rules, terr, recommendation_answers(parcours, state))
            shortlist = result.recommandations
            # At most 6 structures to call, the fallback apart; at least 3 when enough structures answer (below).
            kind = state.answers["type_collectivite"][0]
            assert shortlist and sum(not r.repli for r in shortlist) <= rules.max, state.query()
            # Explained: why at this rank (the first to call is said so), and why this structure.
            assert all(r.raisons and r.motif for r in shortlist), state.query()
            assert [r.rang for r in shortlist] == list(range(1, len(shortlist) + 1))
            first = shortlist[0]
            assert first.repli or first.motif.startswith("À appeler en premier"), state.query()
            # The State's referent closes a short list or one nobody can be reached on (not "autre" askers,
            # whom it does not serve); a list that does without it is long enough and reachable.
            reachable = any(result.joindre[r.structure.slug].contacts for r in shortlist)
            has_repli = any(r.structure.slug in rules.repli for r in shortlist)
            assert has_repli or kind == "autre" or (len(shortlist) >= rules.min and reachable), state.query()
            # Fewer than the minimum only when few structures answer: the referent then closes the list.
            assert len(shortlist) >= rules.min_for(kind) or has_repli or kind == "autre", state.query()
            assert all(not r.repli or r is shortlist[-1] for r in shortlist), state.query()
            assert all(result.joindre[r.structure.slug].contacts or result.joindre[r.structure.slug].site_web
                       or result.joindre[r.structure.slug].repli for r in shortlist)
            if list(state.answers.get("commune", [TABLE_COMMUNE])) == [TABLE_COMMUNE] and \
                    list(state.answers.get("epci", [TABLE_EPCI])) == [TABLE_EPCI]:
                cells = tuple(",".join(state.answers.get(c, ())) or "—" for c in COLUMNS)
                calls = " > ".join(r.structure.slug for r in result.appels)
                apart = f" ; à défaut : {result.repli.structure.slug}" if result.repli else ""
                table[cells + (calls + apart,)].append(
                    state.answers["profil"][0])
    # profils × (commune classes + EPCI + syndicat + autre) × thématiques × besoins (and "ne sait pas") × stades.
    options = {name: len(parcours.steps[name].options) for name in ("profil", "thematique", "besoin", "stade")}
    assert options["thematique"] == len(app.extensions["taxonomy"].terms("thematiques"))
    assert paths == (options["profil"] * (len(samples["communes"]) + len(samples["epcis"]) + 2)
                     * options["thematique"] * options["besoin"] * options["stade"])
    header = "\t".join(("profils",) + COLUMNS + ("structures à appeler, dans l'ordre",))
    rows = ["\t".join((",".join(profils),) + key) for key, profils in sorted(table.items())]
    golden(TABLE, "\n".join([header, *rows]) + "\n")
