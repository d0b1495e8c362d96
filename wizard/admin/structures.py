"""A structure's fiche: list, edit (presentation, contacts, sources), history and restore."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from wizard.admin import bp
from wizard.admin.access import admin_required, editable_structure, me, visible_structures
from wizard.admin.edition import InvalidFiche, create_fiche, revisions, snapshot
from wizard.admin.fiche_forms import nouvelle_fiche, structure_form_data, structure_part
from wizard.admin.forms import NouvelleStructureForm, StructureForm, VersionForm
from wizard.admin.saving import reindex, save
from wizard.db import get_session
from wizard.models import Revision
from wizard.models.historique import ACTIONS


@bp.get("/structures")
def structures_list():
    """The structures the user may edit."""
    return render_template("admin/structures_list.html", structures=visible_structures())


@bp.route("/structures/nouvelle", methods=["GET", "POST"])
@admin_required
def structures_new():
    """Create a structure from its name, presentation and one official source; then complete it."""
    form = NouvelleStructureForm()
    errors: list[str] = []
    if form.validate_on_submit():
        session = get_session()
        try:
            structure = create_fiche(session, current_app.extensions["taxonomy"], nouvelle_fiche(form), me().email,
                                     current_app.extensions["politique_sources"])
        except InvalidFiche as exc:
            session.rollback()
            errors = list(exc.messages)
        else:
            session.commit()
            reindex(structure.id)
            flash("Fiche créée. Complétez maintenant ses contacts et ses offres, chacun avec sa source.", "success")
            return redirect(url_for("admin.structures_edit", slug=structure.slug))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/structure_new.html", form=form, errors=errors), status


@bp.route("/structures/<slug>/modifier", methods=["GET", "POST"])
def structures_edit(slug: str):
    """Edit presentation, contacts and sources; a stale version shows the conflict page."""
    structure = editable_structure(slug)
    fiche = snapshot(structure)
    if request.method == "GET":
        form = StructureForm(data={**structure_form_data(fiche), "version": structure.version})
        return render_template("admin/structure_edit.html", structure=structure, form=form, fiche=fiche)
    form = StructureForm()
    conflict, errors = None, []
    if form.validate():
        outcome = save(structure, {**fiche, **structure_part(form, fiche)}, form.version.data)
        if outcome.revision is not None:
            flash("Fiche enregistrée. La modification figure dans son historique.", "success")
            return redirect(url_for("admin.structures_edit", slug=slug))
        conflict, errors = outcome.conflict, outcome.errors
        if conflict:
            # Keep the editor's input in the form; a new submit now applies it over the saved version.
            form.version.data = str(conflict["version"])
    status = 409 if conflict else 422
    return render_template("admin/structure_edit.html", structure=structure, form=form, fiche=snapshot(structure),
                           conflict=conflict, errors=errors), status


@bp.get("/structures/<slug>/historique")
def structures_history(slug: str):
    """Every saved change of the fiche, with who, when, and the values before and after."""
    structure = editable_structure(slug)
    return render_template("admin/historique.html", structure=structure, revisions=revisions(get_session(), structure),
                           actions=ACTIONS, form=VersionForm(version=structure.version))


@bp.post("/structures/<slug>/historique/<int:revision_id>/restaurer")
def structures_restore(slug: str, revision_id: int):
    """Restore the fiche as it was after (or before) a revision; recorded as a new revision."""
    structure = editable_structure(slug)
    revision = get_session().get(Revision, revision_id)
    if revision is None or revision.structure_id != structure.id:
        abort(404)
    form = VersionForm()
    state = request.form.get("etat", "apres")
    if not form.validate() or state not in ("avant", "apres"):
        abort(400)
    data = revision.apres if state == "apres" else revision.avant
    outcome = save(structure, data, form.version.data, action="restauration")
    if outcome.conflict:
        flash("La fiche a été modifiée entre-temps : vérifiez l'historique ci-dessous avant de restaurer.", "warning")
    elif outcome.errors:
        flash("Cette version ne respecte plus les règles actuelles : " + " ; ".join(outcome.errors), "error")
    else:
        flash("Version restaurée. La restauration figure dans l'historique et peut elle-même être annulée.", "success")
    return redirect(url_for("admin.structures_history", slug=slug))

