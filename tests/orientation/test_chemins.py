"""Every path of the parcours, through the same service as the wizard and the API, written as a table.

The table (tests/artifacts/parcours-chemins.tsv: one line per path, answers → ordered shortlist) lets
the DDT read what each combination of answers recommends, and review its changes in a diff.
"""
from __future__ import annotations

from wizard.config import ROOT
from wizard.db import get_session
from wizard.parcours_engine import Step, recommendation_answers, replay
from wizard.services.orientation import recommander
from wizard.services.territoires import territoires

TABLE = ROOT / "tests" / "artifacts" / "parcours-chemins.tsv"
#: One small commune (Livet, CC des Coëvrons) and its EPCI stand for the reference steps.
SAMPLES = {"communes": ["53134"], "epcis": ["200033298"]}
COLUMNS = ("profil", "type_collectivite", "commune", "epci", "thematique", "besoin", "stade")


def answers_for(step: Step) -> list[list[str]]:
    if step.kind == "texte":
        return [[""]]
    if step.reference_kind is not None:
        return [SAMPLES[step.reference_kind]]
    return [[o.slug] for o in step.options]


def test_every_path_ends_on_an_explained_shortlist_and_is_tabulated(app):
    parcours, rules = app.extensions["parcours"], app.extensions["recommandations"]
    terr = territoires(app)
    lines = ["\t".join(COLUMNS + ("structures à appeler, dans l'ordre",))]
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
            result = recommander(session, rules, terr.lookup, recommendation_answers(parcours, state))
            shortlist = result.recommandations
            assert 1 <= len(shortlist) <= rules.max and all(r.raisons for r in shortlist), state.query()
            assert all(result.joindre[r.structure.slug].contacts or result.joindre[r.structure.slug].site_web
                       or result.joindre[r.structure.slug].repli for r in shortlist)
            cells = [",".join(state.answers.get(c, ())) or "—" for c in COLUMNS]
            lines.append("\t".join(cells + [" > ".join(r.structure.slug for r in shortlist)]))
    # 3 profils × (commune | epci | syndicat | autre) × 22 thématiques × 9 besoins × 5 stades.
    assert len(lines) - 1 == 3 * 4 * 22 * 9 * 5
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")
