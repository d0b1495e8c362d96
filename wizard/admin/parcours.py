"""Parcours files: validate a proposed version, reload the files from disk (admins only)."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for

from wizard.admin import bp
from wizard.admin.access import admin_required, me
from wizard.admin.forms import ActionForm, ParcoursForm
from wizard.admin.parcours_files import check_proposal, editable_files
from wizard.db import get_session
from wizard.parcours_engine.errors import ParcoursError
from wizard.runtime import active_parcours


def _directory() -> Path:
    return Path(current_app.config["PARCOURS_DIR"])


@bp.route("/parcours", methods=["GET", "POST"])
@admin_required
def parcours_check():
    """Validate a proposed parcours file (nothing is written) and show its errors with line numbers."""
    files = editable_files(_directory())
    form = ParcoursForm()
    chosen = request.values.get("fichier", "parcours.yaml")
    issues = None
    if request.method == "GET" and chosen in files:
        form.contenu.data = (_directory() / chosen).read_text(encoding="utf-8")
    if form.validate_on_submit():
        if chosen not in files:
            form.contenu.errors.append("Choisissez un des fichiers du dossier parcours/.")
        else:
            issues = check_proposal(_directory(), chosen, form.contenu.data, current_app.extensions["taxonomy"])
    status = 422 if form.errors or issues else 200
    return render_template("admin/parcours.html", form=form, files=files, chosen=chosen, issues=issues,
                           action_form=ActionForm()), status


@bp.post("/parcours/recharger")
@admin_required
def parcours_reload():
    """Recompile parcours/ from disk and make it every instance's version when valid (else nothing changes)."""
    form = ActionForm()
    if not form.validate():
        flash("Le formulaire a expiré : réessayez.", "error")
        return redirect(url_for("admin.parcours_check"))
    try:
        compiled = active_parcours.load_parcours(current_app)
    except ParcoursError as exc:
        files = editable_files(_directory())
        return render_template("admin/parcours.html", form=ParcoursForm(), files=files, chosen="parcours.yaml",
                               issues=list(exc.errors), reload_failed=True, action_form=form), 422
    numero = active_parcours.request_reload(current_app, get_session(), par=me().email)
    get_session().commit()
    flash(f"Parcours rechargé : {len(compiled.parcours.steps)} étapes (version n° {numero}). Toutes les instances "
          "du service le servent dans la seconde.", "success")
    return redirect(url_for("admin.parcours_check"))
