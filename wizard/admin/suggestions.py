"""Moderation queue of the public suggestions (admins only)."""
from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for

from wizard.admin import bp, moderation
from wizard.admin.access import admin_required, me
from wizard.admin.edition import snapshot
from wizard.admin.forms import ModerationForm
from wizard.admin.saving import save
from wizard.db import get_session
from wizard.models import Suggestion


@bp.get("/suggestions")
@admin_required
def suggestions_list():
    """Pending suggestions, oldest first, and the last ones handled."""
    session = get_session()
    return render_template("admin/suggestions_list.html", pending=moderation.pending(session),
                           recent=moderation.recent(session))


@bp.route("/suggestions/<int:suggestion_id>", methods=["GET", "POST"])
@admin_required
def suggestions_detail(suggestion_id: int):
    """One suggestion: accept (applied to the fiche when possible, with history) or reject with a motive."""
    session = get_session()
    suggestion = session.get(Suggestion, suggestion_id)
    if suggestion is None:
        abort(404)
    form = ModerationForm()
    errors: list[str] = []
    if request.method == "POST" and suggestion.statut == "en_attente" and form.validate():
        decision = request.form.get("decision")
        if decision == "rejeter":
            if not (form.motif.data or "").strip():
                form.motif.errors.append("Indiquez le motif du rejet.")
            else:
                moderation.mark(suggestion, "rejetee", me().email, form.motif.data.strip())
                session.commit()
                flash("Suggestion rejetée.", "info")
                return redirect(url_for("admin.suggestions_list"))
        elif decision in ("appliquer", "traitee"):
            if decision == "appliquer" and moderation.applicable(suggestion):
                structure = suggestion.structure
                proposed = moderation.proposed_fiche(snapshot(structure), suggestion, dt.date.today())
                moderation.mark(suggestion, "acceptee", me().email)
                outcome = save(structure, proposed, str(structure.version), action="suggestion")
                if outcome.revision is not None:
                    flash("Suggestion acceptée et appliquée à la fiche (voir son historique).", "success")
                    return redirect(url_for("admin.suggestions_list"))
                errors = outcome.errors or ["La fiche a été modifiée au même moment : réessayez."]
                session.refresh(suggestion)
            else:
                moderation.mark(suggestion, "acceptee", me().email,
                                (form.motif.data or "").strip() or "traitée sans modification automatique")
                session.commit()
                flash("Suggestion marquée comme traitée.", "success")
                return redirect(url_for("admin.suggestions_list"))
        else:
            abort(400)
    status = 422 if errors or form.errors else 200
    return render_template("admin/suggestion_detail.html", suggestion=suggestion, form=form, errors=errors,
                           applicable=moderation.applicable(suggestion)), status
