"""The authors' view of the parcours (admins only): its plan drawn from the YAML, and the golden path table."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, render_template, request

from wizard.admin import bp
from wizard.admin.access import admin_required
from wizard.admin.forms import CheminsFiltreForm
from wizard.config import ROOT
from wizard.parcours_plan.dessin import DrawError, inline_svg
from wizard.parcours_plan.service import plan_for
from wizard.parcours_plan.table import filter_page, read_table

#: The reviewed table of this repository's parcours; a deployment with its own PARCOURS_DIR keeps its own there.
CHEMINS = ROOT / "parcours" / "chemins.tsv"


@bp.get("/parcours/plan")
@admin_required
def parcours_plan():
    """Steps, transitions, paths per step and rules that can fire: SVG by `dot`, and the same as a table."""
    plan = plan_for(current_app)
    try:
        svg = inline_svg(plan)
    except DrawError:
        current_app.logger.warning("parcours plan: Graphviz `dot` missing or failing")
        svg = None
    return render_template("admin/parcours_plan.html", plan=plan, svg=svg)


@bp.get("/parcours/chemins")
@admin_required
def parcours_chemins():
    """The golden path table, filtered by thématique and type of collectivité, 50 rows a page."""
    parcours = current_app.extensions["parcours"]
    form = CheminsFiltreForm(request.args)
    form.thematique.choices = [("", "Toutes")] + [(o.slug, o.label) for o in parcours.steps["thematique"].options]
    form.type_collectivite.choices = [("", "Tous")] + [(o.slug, o.label)
                                                       for o in parcours.steps["type_collectivite"].options]
    valid = form.validate()
    for field in (form.thematique, form.type_collectivite):
        if field.errors:
            field.errors = [f"Choisissez une valeur de la liste « {field.label.text} »."]
    thematique = form.thematique.data or "" if not form.thematique.errors else ""
    type_collectivite = form.type_collectivite.data or "" if not form.type_collectivite.errors else ""
    numero = request.args.get("page", "1")
    # Reviewed with the rules it was computed from: it lives beside them (a deployment's own parcours/).
    table = read_table(Path(current_app.config["PARCOURS_DIR"]) / CHEMINS.name)
    page = filter_page(table, thematique, type_collectivite, int(numero) if numero.isdigit() else 1)
    labels = {step: {o.slug: o.label for o in parcours.steps[step].options}
              for step in ("profil", "type_collectivite", "thematique", "besoin", "stade")}
    filtres = {k: v for k, v in (("thematique", thematique), ("type_collectivite", type_collectivite)) if v}
    return render_template("admin/parcours_chemins.html", page=page, form=form, labels=labels, filtres=filtres), \
        (200 if valid else 400)
