"""Views: the coverage matrix, the schematic map of the EPCI, and the commune pages."""
from __future__ import annotations

from flask import current_app, render_template, request
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from wizard.cartographie import bp, carte, couverture, fiche_commune
from wizard.cartographie.forms import FiltreMatriceForm, RechercheCommuneForm
from wizard.cartographie.schema import LARGEUR, boites
from wizard.db import get_session
from wizard.models import Commune, Epci
from wizard.territoires.memoire import territoires
from wizard.territoires.perimetre import resolve
from wizard.web.rendering import page_ou_fragment

VUES = ("tableau", "liste")


def _choix_territoires() -> list[SelectChoice]:
    """Select options: the whole département, then the EPCI, then the communes (optgroups)."""
    session = get_session()
    epcis = [SelectChoice(code, nom, optgroup="Intercommunalités")
             for code, nom in session.execute(select(Epci.code, Epci.nom).order_by(Epci.nom))]
    departement = current_app.extensions["departement"]
    communes = [SelectChoice(code, f"{nom} ({code})", optgroup="Communes") for code, nom in session.execute(
        select(Commune.code, Commune.nom).where(Commune.departement == departement.code).order_by(Commune.nom))]
    return [SelectChoice("", departement.tout), *epcis, *communes]


@bp.get("/cartographie")
def index():
    """The matrix thématique × structure, filtered by territory and sorted (all in the query string)."""
    form = FiltreMatriceForm(request.args)
    form.territoire.choices = _choix_territoires()
    taxonomy = current_app.extensions["taxonomy"]
    form.besoin.choices = [SelectChoice("", "Tous les types d'aide")] + [
        SelectChoice(s, t.label) for s, t in taxonomy.terms("besoins").items()]
    session = get_session()
    territoire, erreurs = None, []
    if form.territoire.data:
        territoire = resolve(session, form.territoire.data)
        if territoire is None:
            dep = current_app.extensions["departement"]
            erreurs.append(f"Le territoire « {form.territoire.data} » est inconnu : indiquez le code INSEE "
                           f"d'une commune ou le SIREN d'une intercommunalité. {dep.tout} est affichée.")
            form.territoire.data = ""
    besoin = form.besoin.data or None
    if besoin and not taxonomy.has("besoins", besoin):
        erreurs.append(f"Le type d'aide « {besoin} » est inconnu : tous les types d'aide sont pris en compte.")
        besoin = form.besoin.data = None
    vue = form.vue.data if form.vue.data in VUES else "tableau"
    page = request.args.get("page", 1, type=int) or 1
    matrice = couverture.matrice(session, taxonomy, territoire, tri=form.tri.data or "ordre", page=page,
                                 besoin=besoin)
    return page_ou_fragment("cartographie/index.html", "cartographie/_matrice.html", form=form, matrice=matrice,
                            erreurs=erreurs, vue=vue, tris=couverture.TRIS,
                            notoriete=couverture.notoriete(session))


@bp.get("/cartographie/carte", endpoint="carte")
def carte_epci():
    """Schematic map of the EPCI (not to scale), each linking to its competent structures, plus a list twin."""
    zones = carte.zones(get_session())
    items, hauteur = boites(zones)
    return render_template("cartographie/carte.html", zones=zones, boites=items, largeur=LARGEUR, hauteur=hauteur)


@bp.get("/communes")
def communes():
    """Find a commune by name, postcode or INSEE code."""
    form = RechercheCommuneForm(request.args)
    q = (form.q.data or "").strip()
    terr = territoires()
    resultats = terr.rechercher(q, 30) if q else []
    return page_ou_fragment("cartographie/communes.html", "cartographie/_communes_resultats.html",
                            form=form, q=q, resultats=resultats, epci=terr.lookup.epci)


@bp.get("/communes/<code>")
def commune(code: str):
    """A commune: EPCI, population band, programmes, structures competent there by thématique."""
    fiche = fiche_commune.fiche(get_session(), current_app.extensions["taxonomy"], code,
                                current_app.extensions["departement"].code)
    if fiche is None:
        return render_template("cartographie/commune_inconnue.html", code=code), 404
    return render_template("cartographie/commune.html", fiche=fiche)
