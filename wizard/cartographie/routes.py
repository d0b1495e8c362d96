"""Views: the coverage matrix, the map of the communes, and the commune pages."""
from __future__ import annotations

from flask import current_app, render_template, request
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from wizard.cartographie import bp, carte, couverture, fiche_commune, fond, petites_cartes
from wizard.cartographie.forms import CarteForm, FiltreMatriceForm, RechercheCommuneForm
from wizard.db import get_session
from wizard.models import Commune, Epci
from wizard.runtime.active_parcours import current_rules
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
def carte_communes():
    """The communes coloured by who covers them for a thématique and a type of help (SVG, enhanced
    by the JavaScript map), with the same facts as tables."""
    form = CarteForm(request.args)
    taxonomy = current_app.extensions["taxonomy"]
    thematiques = taxonomy.terms("thematiques")
    form.thematique.choices = [SelectChoice(s, t.label) for s, t in thematiques.items()]
    form.besoin.choices = [SelectChoice("", "Tous les types d'aide")] + [
        SelectChoice(s, t.label) for s, t in taxonomy.terms("besoins").items()]
    erreurs = []
    if form.thematique.data and form.thematique.data not in thematiques:
        erreurs.append(f"La thématique « {form.thematique.data} » est inconnue : la première de la liste est affichée.")
        form.thematique.data = None
    thematique = form.thematique.data or next(iter(thematiques))
    form.thematique.data = thematique
    besoin = form.besoin.data or None
    if besoin and not taxonomy.has("besoins", besoin):
        erreurs.append(f"Le type d'aide « {besoin} » est inconnu : tous les types d'aide sont pris en compte.")
        besoin = form.besoin.data = None
    session = get_session()
    departement = current_app.extensions["departement"]
    communes = carte.couverture(session, departement.code, thematique, besoin, current_rules().besoins_exclusifs)
    dessin = fond.dessin()
    cadre = dessin.cadre([("commune", c.code) for c in communes], 1000, marge=0.01)
    return render_template("cartographie/carte.html", form=form, erreurs=erreurs, communes=communes,
                           zones=carte.zones(session, communes), niveaux=carte.NIVEAUX, cadre=cadre,
                           chemins={c.code: dessin.chemin(cadre, "commune", c.code) for c in communes} if cadre else {},
                           epcis=fond.formes(cadre, [("epci", e) for e in dessin.contours.epcis]) if cadre else (),
                           thematique_libelle=taxonomy.label("thematiques", thematique),
                           besoin_libelle=taxonomy.label("besoins", besoin) if besoin else None,
                           fond_url=current_app.config.get("CARTE_FOND_URL") or "",
                           fond_attribution=current_app.config.get("CARTE_FOND_ATTRIBUTION") or "")


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
    c = fiche.commune
    petite = petites_cartes.carte_commune(c.code, c.nom, c.epci.code if c.epci else None,
                                          c.epci.nom if c.epci else None)
    return render_template("cartographie/commune.html", fiche=fiche, petite_carte=petite)
