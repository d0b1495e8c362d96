"""Annuaire views: the searchable list, a structure's fiche, and the suggestion form (PRG)."""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from wizard.annuaire import bp
from wizard.annuaire.criteres import parse_criteres, territoire_options
from wizard.annuaire.fiche import dispositifs_portes, nouveau_slug, structure_par_slug, zones
from wizard.annuaire.forms import SuggestionForm
from wizard.annuaire.par_role import offres_du_role
from wizard.annuaire.premiers_pas import guide
from wizard.annuaire.recherche import rechercher
from wizard.annuaire.suggestions import proposer
from wizard.cartographie.petites_cartes import carte_structure
from wizard.db import get_session
from wizard.extensions import limiter
from wizard.web.rendering import page_ou_fragment


@bp.get("/annuaire")
def index():
    """All structures, searchable by words and filterable; htmx gets only the results fragment."""
    taxonomy = current_app.extensions["taxonomy"]
    session = get_session()
    resultats = rechercher(session, parse_criteres(request.args, taxonomy), taxonomy)

    def territoires() -> dict[str, object]:
        epcis, communes = territoire_options(session)
        return {"epcis": epcis, "communes": communes}

    def page_context() -> dict[str, object]:
        return {**territoires(), "prioritaires": guide(session, Path(current_app.config["DATA_DIR"])).prioritaires}

    return page_ou_fragment("annuaire/index.html", "annuaire/_resultats.html", page_context=page_context, r=resultats)


def profil_demande() -> str | None:
    """The ?profil= of a list page: a profile of the taxonomy that is not "for others", else everybody."""
    terms = current_app.extensions["taxonomy"].terms("profils")
    value = request.args.get("profil", "")
    return value if value in terms and not terms[value].pour_autrui else None


def _par_role(template: str, role: str, page: str):
    """A list of the offers of one role, for everybody or one profile, with the guide's landmarks."""
    session = get_session()
    profil = profil_demande()
    return render_template(template, profil=profil, offres=offres_du_role(session, role, profil),
                           reperes=guide(session, Path(current_app.config["DATA_DIR"])).reperes_de(page, profil))


@bp.get("/se-former")
def se_former():
    """Trainings for élus and secrétaires de mairie: who trains, on what, how to register."""
    return _par_role("annuaire/se_former.html", "formation", "se-former")


@bp.get("/echanger-avec-d-autres-communes")
def echanger():
    """Peer networks: who they gather and how to join."""
    return _par_role("annuaire/echanger.html", "reseau", "echanger")


def _render_fiche(structure, form: SuggestionForm, status: int = 200):
    session = get_session()
    body = render_template(
        "annuaire/detail.html", s=structure, form=form, dispositifs=dispositifs_portes(session, structure.slug),
        zones={o.id: zones(session, o) for o in structure.offres}, petite_carte=carte_structure(structure))
    return body, status


@bp.get("/structures/<slug>")
def detail(slug: str):
    """A structure's fiche: presentation, offers, contacts, programmes, sources, completeness."""
    session = get_session()
    structure = structure_par_slug(session, slug)
    if structure is None:
        # A merged duplicate's old address still leads to its fiche.
        target = nouveau_slug(session, slug) or abort(404)
        return redirect(url_for("annuaire.detail", slug=target), code=301)
    return _render_fiche(structure, SuggestionForm())


def _suggestion_limit() -> str:
    return current_app.config.get("SUGGESTION_RATELIMIT", "5 per hour")


@bp.post("/structures/<slug>/signaler")
@limiter.limit(_suggestion_limit)
def signaler(slug: str):
    """Store a visitor's correction for review, then redirect to the fiche with a confirmation."""
    session = get_session()
    structure = structure_par_slug(session, slug) or abort(404)
    form = SuggestionForm()
    confirmation = ("Merci : votre proposition a été transmise. Elle sera vérifiée avant toute "
                    "modification de la fiche.")
    # A filled honeypot is a robot: answer exactly as for a person, store nothing.
    if form.site_internet.data:
        flash(confirmation, "success")
        return redirect(url_for("annuaire.detail", slug=slug), code=303)
    if not form.validate_on_submit():
        return _render_fiche(structure, form, status=422)
    proposer(session, structure, champ=form.champ.data, message=form.message.data,
             valeur_proposee=form.valeur_proposee.data, source_proposee=form.source_proposee.data,
             auteur_nom=form.auteur_nom.data, auteur_email=form.auteur_email.data)
    session.commit()
    flash(confirmation, "success")
    return redirect(url_for("annuaire.detail", slug=slug), code=303)
