"""Wizard steps (GET shows a step from the answers in the URL, POST validates and redirects: PRG)
and the results page (the ordered shortlist, a permalink, printable)."""
from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from wizard.db import get_session
from wizard.orientation import bp, version_lien
from wizard.orientation.forms import RECHERCHE, form_for
from wizard.orientation.liens import Liens, grouped, step_url
from wizard.orientation.marqueur import marqueur, paires, reponses, resultats_servis
from wizard.orientation.replay import contexte, etat_courant, query_too_long, rules
from wizard.orientation.service import noms_structures, recommander
from wizard.orientation.vue import choices_for, communes_trouvees, step_context
from wizard.parcours_engine import Parcours, State, Step, initial_values, recommendation_answers, submit, summary
from wizard.runtime.active_parcours import version_courante
from wizard.territoires.memoire import Territoires
from wizard.web.page_cache import cached_get
from wizard.web.rendering import page_ou_fragment

STALE = ("Votre lien date d'une ancienne version du parcours ou est incomplet : "
         "reprenons à la première question restée sans réponse.")


def _trop_long() -> Response:
    body = render_template("orientation/lien_invalide.html")
    return Response(body, status=400, mimetype="text/html")


def _redirect_to(parcours: Parcours, step_id: str, state: State) -> Response:
    return redirect(step_url(parcours, step_id, state, keep_refused=step_id == state.current),
                    code=303 if request.method == "POST" else 302)


@bp.get("/parcours")
def start():
    """Entry point: the first question still unanswered (so a shared ?answers link resumes)."""
    if query_too_long():
        return _trop_long()
    parcours, terr = contexte()
    state = etat_courant(parcours, terr)
    return _redirect_to(parcours, state.current, state)


@bp.route("/parcours/<step_id>", methods=["GET", "POST"])
@cached_get(version_courante)
def step(step_id: str):
    """One step: its question (or the check-your-answers page), the answers so far, the stepper."""
    if query_too_long():
        return _trop_long()
    parcours, terr = contexte()
    state = etat_courant(parcours, terr)
    current = parcours.steps.get(step_id)
    if current is None or not state.can_view(step_id):
        # Unknown step (old link after a YAML change) or an earlier answer missing: go where the user stands.
        if current is None or state.current not in state.errors:
            flash(STALE if current is None else "Répondez d'abord à cette question.", "info")
        return _redirect_to(parcours, state.current, state)
    if current.kind == "resultats":
        return _redirect_to(parcours, step_id, state)
    if request.method == "POST" and current.is_question:
        return _post(parcours, terr, state, current)
    if state.dropped and request.method == "GET":
        # Unknown parameters and answers of a branch no longer taken: serve the canonical URL.
        return _redirect_to(parcours, step_id, state)
    values = initial_values(parcours, state, step_id) if current.is_question else ()
    error = state.errors.get(step_id)
    return _page(parcours, terr, state, current, values, error, request.args.get(RECHERCHE, ""))


def _post(parcours: Parcours, terr: Territoires, state: State, current: Step) -> Response:
    """Validate the posted answer with the engine; redirect to the next step, or show the error."""
    query = reponses()
    form = form_for(current, (), (), with_search=current.reference_kind == "communes", formdata=request.form)
    if not form.validate():
        return _page(parcours, terr, state, current, (), "Le formulaire a expiré : validez à nouveau votre réponse.",
                     status=400)
    values = request.form.getlist(current.id)
    recherche = (request.form.get(RECHERCHE) or "").strip()
    if current.reference_kind == "communes" and recherche:
        matches, _ = communes_trouvees(terr, recherche)
        codes = [c.code for c in matches]
        if values and values[0] in codes:
            values = values[:1]
        elif len(matches) == 1:
            values = codes
        elif not matches:
            return _page(parcours, terr, state, current, (), _aucune_commune(recherche), recherche, status=422)
        else:
            # Several communes fit the text: the list is the next thing to do, not an error.
            return _page(parcours, terr, state, current, (), None, recherche, status=200,
                         notice="Plusieurs communes correspondent : choisissez la vôtre dans la liste.")
    after = submit(parcours, query, current.id, values, terr.lookup)
    if current.id in after.errors:
        return _page(parcours, terr, after, current, (), after.errors[current.id], recherche, status=422)
    return _redirect_to(parcours, after.current, after)


def _aucune_commune(recherche: str) -> str:
    shown = recherche if len(recherche) <= 40 else recherche[:39] + "…"
    return (f"Aucune commune ne correspond à « {shown} » parmi les communes couvertes par ce service. "
            "Vérifiez l'orthographe ou saisissez le code postal.")


def _page(parcours: Parcours, terr: Territoires, state: State, current: Step, values, error: str | None,
          recherche: str = "", status: int = 200, notice: str | None = None) -> Response:
    context = step_context(parcours, terr, state, current, values, error, recherche, notice)
    # A GET pushes its own (canonical) URL; a re-shown POST keeps the URL of the step it came from.
    push: str | bool = False if request.method == "POST" else request.full_path.rstrip("?")
    return page_ou_fragment("orientation/etape.html", "orientation/_etape.html", status=status, push_url=push,
                            **context)


@bp.get("/parcours/suggestions-communes")
def suggestions_communes():
    """The communes matching ``recherche`` as radio choices: the htmx fragment of the commune step
    (without JavaScript, submitting the text on the step itself gives the same list)."""
    parcours, terr = contexte()
    step_id = request.args.get("etape", "")
    current = parcours.steps.get(step_id)
    if current is None or current.reference_kind != "communes":
        return redirect(url_for("orientation.start"))
    recherche = (request.args.get(RECHERCHE) or "").strip()
    found, tronque = communes_trouvees(terr, recherche) if recherche else ([], False)
    chosen = [v for v in request.args.getlist(step_id)[:1] if v]
    form = form_for(current, choices_for(current, terr, recherche, chosen, found), chosen)
    html = render_template("orientation/_communes_choix.html", step=current, form=form, recherche=recherche,
                           tronque=tronque)
    response = Response(html, mimetype="text/html")
    response.headers.add("Vary", "HX-Request")
    return response


@bp.get("/parcours/resultats")
def resultats():
    """The 3–6 structures to call, in order, with why, conditions, contacts and what to prepare."""
    # With a workshop's marker the page is recorded and personal (what the area announced): never cached.
    return _resultats() if marqueur() else _resultats_partages()


def _resultats(avis: FlaskForm | None = None):
    if query_too_long():
        return redirect(url_for("orientation.start"))
    parcours, terr = contexte()
    state = etat_courant(parcours, terr)
    if not state.complete:
        # A shortened or tampered link: finish the missing answer first (its error is shown there).
        if state.current not in state.errors:
            flash("Il manque une réponse pour afficher les structures à contacter.", "info")
        return redirect(step_url(parcours, state.current, state, keep_refused=True))
    if state.dropped:
        return redirect(url_for("orientation.resultats", **grouped(state.query() + paires())))
    answers = recommendation_answers(parcours, state)
    orientation = recommander(get_session(), rules(), terr, answers)
    annonces = []
    if marqueur() and avis is None:  # a refused feedback shows the page again: it was served already
        found = resultats_servis.send(current_app._get_current_object(), marqueur=marqueur(), answers=answers,
                                      orientation=orientation)
        annonces = [a for _receiver, a in found if a is not None]
    verification = next((s for s in state.path if parcours.steps[s].kind == "verification"), state.path[-1])
    rows = summary(parcours, state, terr.lookup)
    # The permalink carries the version of the rules and data, and the shortlist it gave (version_lien).
    slugs = [r.structure.slug for r in orientation.appels]
    actuelle = version_lien.version(get_session())
    sans_version = [(k, v) for k, v in request.args.items(multi=True) if k not in version_lien.PARAMS]
    permalien = url_for("orientation.resultats", _external=True,
                        **grouped(sans_version + version_lien.paires(actuelle, slugs)))
    du_lien, liste_lien = version_lien.du_lien()
    changement = version_lien.comparer(liste_lien, slugs) if du_lien and du_lien != actuelle else None
    liens = Liens(parcours, state)
    # Always the full page: the results are reached by a plain link (their own layout, print sheet).
    response = make_response(render_template(
        "orientation/resultats.html", orientation=orientation, rows=rows, contenu=version_courante(),
        modifier_url=liens.step(verification), permalien=permalien,
        restart_url=liens.depart, annonces=annonces, changement=changement, avis=avis,
        noms_structures=noms_structures(get_session(), changement.retirees) if changement else {}))
    response.headers.add("Vary", "HX-Request")
    return response


def resultats_avis_refuse(avis: FlaskForm) -> Response:
    """The results page again with the refused feedback form: its errors beside the fields, what was
    typed kept (422). The answers are those of the query string, as for the page itself."""
    response = current_app.make_response(_resultats(avis=avis))
    if response.status_code == 200:
        response.status_code = 422
    return response


_resultats_partages = cached_get(version_courante)(_resultats)
