"""What a step page shows: form, stepper, "Vos réponses" with their "Modifier" links, way back."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import url_for

from wizard.orientation.forms import RECHERCHE, form_for
from wizard.orientation.liens import Liens
from wizard.parcours_engine import CommuneInfo, Parcours, State, Step, progress, summary
from wizard.territoires.memoire import Territoires


def commune_label(c: CommuneInfo) -> str:
    """"Château-Gontier-sur-Mayenne (53200)": postcodes tell homonyms apart."""
    return f"{c.nom} ({', '.join(c.codes_postaux)})" if c.codes_postaux else c.nom


#: Communes listed for a search; one more is looked up to tell the visitor the list is cut.
COMMUNES_MAX = 12


def communes_trouvees(terr: Territoires, recherche: str) -> tuple[list[CommuneInfo], bool]:
    """The first COMMUNES_MAX communes matching the search, and whether more exist."""
    found = terr.rechercher(recherche, COMMUNES_MAX + 1)
    return found[:COMMUNES_MAX], len(found) > COMMUNES_MAX


def choices_for(step: Step, terr: Territoires, recherche: str, values: Sequence[str],
                found: Sequence[CommuneInfo] | None = None) -> list[tuple[str, str]]:
    """The (value, label) choices of a step; for communes, those matching the search or the answer."""
    if step.reference_kind == "communes":
        if recherche:
            found = found if found is not None else communes_trouvees(terr, recherche)[0]
        else:
            found = [c for v in values if (c := terr.lookup.commune(v)) is not None]
        return [(c.code, commune_label(c)) for c in found]
    if step.reference_kind == "epcis":
        return [(e.code, e.nom) for e in terr.epcis()]
    return [(o.slug, o.label) for o in step.options]


def step_context(parcours: Parcours, terr: Territoires, state: State, step: Step, values: Sequence[str],
                 error: str | None, recherche: str, notice: str | None) -> dict[str, Any]:
    """Template context of a step page (question or check-your-answers)."""
    on_path = step.id in state.path
    index = state.path.index(step.id) if on_path else 0
    commune_step = step.reference_kind == "communes"
    if commune_step and not recherche and values:
        found = terr.lookup.commune(values[0])
        recherche = found.nom if found else ""
    form = None
    if step.is_question:
        form = form_for(step, choices_for(step, terr, recherche, values), values, with_search=commune_step)
        if commune_step:
            form[RECHERCHE].data = recherche
        if error:
            form[step.id].errors = [error]
    liens = Liens(parcours, state)
    rows = [(row, liens.step(row.step_id)) for row in summary(parcours, state, terr.lookup)]
    stepper = progress(parcours, state, step.id) if on_path else None
    return {
        "step": step, "form": form, "error": error, "notice": notice, "stepper": stepper,
        "rows": rows, "state": state,
        "action": liens.step(step.id),
        "back_url": liens.step(state.path[index - 1]) if index > 0 else None,
        "restart_url": liens.depart,
        "results_url": liens.step(_results_step(parcours)) if state.complete else None,
        "commune_step": commune_step,
        "tronque": commune_step and bool(recherche) and communes_trouvees(terr, recherche)[1],
        "suggestions_url": url_for("orientation.suggestions_communes", etape=step.id) if commune_step else None,
        "stepper_total": _visible_total(parcours, state, step, stepper),
        "page_title": (f"{step.titre} — Étape {stepper.index} sur {_visible_total(parcours, state, step, stepper)}"
                       if stepper else step.titre),
    }


def _visible_total(parcours: Parcours, state: State, step: Step, stepper) -> int:
    """Steps counted by the stepper: the results page at the end of every path is not one."""
    if stepper is None:
        return 0
    return max(stepper.index, stepper.total - 1)


def _results_step(parcours: Parcours) -> str:
    return next(s.id for s in parcours.steps.values() if s.kind == "resultats")
