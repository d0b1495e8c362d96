"""A structure's offers: add, edit, delete (each save is a revision of the whole fiche)."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from wizard.admin import bp
from wizard.admin.access import editable_structure
from wizard.admin.edition import snapshot
from wizard.admin.fiche_forms import (
    offre_form_data,
    offre_from_form,
    set_vocabulary_choices,
    with_offre,
)
from wizard.admin.forms import OffreForm, VersionForm
from wizard.admin.saving import save


def _find(fiche: dict, offre_slug: str) -> dict:
    offre = next((o for o in fiche.get("offres") or [] if o.get("slug") == offre_slug), None)
    if offre is None:
        abort(404)
    return offre


def _edit(slug: str, offre_slug: str | None):
    structure = editable_structure(slug)
    fiche = snapshot(structure)
    current = _find(fiche, offre_slug) if offre_slug else None
    form = OffreForm() if _posted() else OffreForm(
        data={**(offre_form_data(current) if current else {
            "cout": "inconnu", "role": "specialiste",
            "departements": current_app.extensions["departement"].code}), "version": structure.version})
    set_vocabulary_choices(form, current_app.extensions["taxonomy"])
    conflict, errors = None, []
    if _posted():
        valid = form.validate()
        others = {o["slug"] for o in fiche.get("offres") or [] if o["slug"] != offre_slug}
        if (form.slug.data or "").strip() in others:
            form.slug.errors = [*form.slug.errors, "Une autre offre de cette structure porte déjà cet identifiant."]
            valid = False
        if valid:
            outcome = save(structure, with_offre(fiche, offre_from_form(form, current), offre_slug), form.version.data)
            if outcome.revision is not None:
                flash("Offre enregistrée. La modification figure dans l'historique de la fiche.", "success")
                return redirect(url_for("admin.structures_edit", slug=slug))
            conflict, errors = outcome.conflict, outcome.errors
            if conflict:
                form.version.data = str(conflict["version"])
    status = 200 if not _posted() else 409 if conflict else 422
    return render_template("admin/offre_edit.html", structure=structure, form=form, offre_slug=offre_slug,
                           fiche=fiche, conflict=conflict, errors=errors), status


def _posted() -> bool:
    return request.method == "POST"


@bp.route("/structures/<slug>/offres/nouvelle", methods=["GET", "POST"])
def offres_new(slug: str):
    """Add an offer to the structure."""
    return _edit(slug, None)


@bp.route("/structures/<slug>/offres/<offre_slug>/modifier", methods=["GET", "POST"])
def offres_edit(slug: str, offre_slug: str):
    """Edit one offer (themes, needs, stages, audiences, territory, cost, sources)."""
    return _edit(slug, offre_slug)


@bp.post("/structures/<slug>/offres/<offre_slug>/supprimer")
def offres_delete(slug: str, offre_slug: str):
    """Remove an offer (recorded in the history, so it can be restored)."""
    structure = editable_structure(slug)
    fiche = snapshot(structure)
    _find(fiche, offre_slug)
    form = VersionForm()
    if not form.validate():
        abort(400)
    proposed = {**fiche, "offres": [o for o in fiche["offres"] if o["slug"] != offre_slug]}
    outcome = save(structure, proposed, form.version.data)
    if outcome.conflict:
        flash("La fiche a été modifiée entre-temps : rechargez-la et vérifiez avant de supprimer l'offre.", "warning")
    elif outcome.errors:
        flash("Suppression impossible : " + " ; ".join(outcome.errors), "error")
    else:
        flash("Offre supprimée. L'historique permet de la restaurer.", "success")
    return redirect(url_for("admin.structures_edit", slug=slug))
