"""Open data endpoints: structures and programmes as JSON and CSV, and the OpenAPI document."""
from __future__ import annotations

from flask import Response, current_app, jsonify, redirect, request, url_for

from wizard.annuaire.fiche import nouveau_slug
from wizard.api import bp, openapi, publication
from wizard.api.errors import ParametreInvalide, erreur
from wizard.db import get_session
from wizard.runtime.active_parcours import current_parcours
from wizard.web.tableur import csv_text

SEPARATEURS = {"virgule": ",", "point-virgule": ";"}
FILTRES = ("thematique", "besoin", "stade", "public", "cout", "territoire")


def _filtres() -> publication.Filtres:
    args = {name: request.args.getlist(name) for name in FILTRES}
    try:
        return publication.valider(args, current_app.extensions["taxonomy"], get_session())
    except publication.FiltreInvalide as exc:
        raise ParametreInvalide(exc.parametre, exc.message) from exc


def _fiche_url(slug: str) -> str | None:
    """Absolute URL of the structure's page, when the annuaire is installed."""
    if "annuaire.detail" in current_app.view_functions:
        return url_for("annuaire.detail", slug=slug, _external=True)
    return None


def _structure_records() -> list[dict]:
    found = publication.structures(get_session(), _filtres())
    return [publication.structure_record(s, _fiche_url(s.slug)) for s in found]


def _csv(rows: list[dict[str, object]], fields: tuple[str, ...], filename: str) -> Response:
    """CSV in UTF-8; ``?separateur=point-virgule`` gives ";" and a BOM so spreadsheets open it as is."""
    choix = request.args.get("separateur", "virgule")
    if choix not in SEPARATEURS:
        raise ParametreInvalide("separateur", f"Valeur inconnue « {choix} » : attendu virgule ou point-virgule.")
    body = csv_text(rows, fields, delimiter=SEPARATEURS[choix], bom=choix == "point-virgule")
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/")
def index():
    """Entry point: what is here and where the documentation is."""
    return jsonify({
        "documentation": url_for("api.openapi_json", _external=True),
        "licence": "Licence Ouverte 2.0 (Etalab)",
        "ressources": [url_for(e, _external=True) for e in ("api.structures", "api.dispositifs", "api.enquete")],
    })


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI 3.1 description of the API, with the slugs the running parcours accepts."""
    return jsonify(openapi.document(current_app.extensions["taxonomy"], current_parcours()))


@bp.get("/structures")
def structures():
    """Structures with at least one offer matching the filters (same filters as the annuaire)."""
    records = _structure_records()
    return jsonify({"nombre": len(records), "licence": "Licence Ouverte 2.0", "structures": records})


@bp.get("/structures.csv")
def structures_csv():
    """The same structures as CSV, one row per structure."""
    rows = [publication.structure_row(r) for r in _structure_records()]
    return _csv(rows, publication.STRUCTURE_CSV, "structures.csv")


@bp.get("/structures/<slug>")
def structure(slug: str):
    """One structure, a redirect from a former slug, or a JSON 404."""
    session = get_session()
    found = publication.structure(session, slug)
    if found is None:
        # Slugs are stable: a merged duplicate's former slug leads to its structure, as on the site.
        target = nouveau_slug(session, slug)
        if target is not None:
            return redirect(url_for("api.structure", slug=target), code=301)
        return erreur("slug", f"Aucune structure « {slug} ».", 404)
    return jsonify(publication.structure_record(found, _fiche_url(slug)))


@bp.get("/dispositifs")
def dispositifs():
    """Every programme."""
    records = [publication.dispositif_record(d) for d in publication.dispositifs(get_session())]
    return jsonify({"nombre": len(records), "licence": "Licence Ouverte 2.0", "dispositifs": records})


@bp.get("/dispositifs.csv")
def dispositifs_csv():
    """Every programme as CSV, one row per programme."""
    rows = [publication.dispositif_row(publication.dispositif_record(d))
            for d in publication.dispositifs(get_session())]
    return _csv(rows, publication.DISPOSITIF_CSV, "dispositifs.csv")


def _enquete_record() -> dict:
    session = get_session()
    return {
        "source": "Services de l'État en Mayenne : questionnaire aux collectivités et ateliers sur l'ingénierie",
        "licence": "Licence Ouverte 2.0",
        "connaissance": [{"libelle": r.libelle, "structure": r.structure_slug, "panel": r.panel,
                          "communes_1000": r.communes_1000, "maires": r.maires, "note": r.note}
                         for r in publication.enquete_connaissance(session)],
        "besoins": [{"libelle": r.libelle, "thematique": r.thematique, "panel": r.panel,
                     "communes_1000": r.communes_1000, "maires": r.maires, "note": r.note}
                    for r in publication.enquete_besoins(session)],
    }


@bp.get("/enquete")
def enquete():
    """The survey's published rates: knowledge of each structure, need for each thématique."""
    return jsonify(_enquete_record())


@bp.get("/enquete.csv")
def enquete_csv():
    """The survey as CSV, one row per published rate."""
    record = _enquete_record()
    rows = [{"partie": "connaissance", "libelle": r["libelle"], "slug": r["structure"], **_rates(r)}
            for r in record["connaissance"]]
    rows += [{"partie": "besoins", "libelle": r["libelle"], "slug": r["thematique"], **_rates(r)}
             for r in record["besoins"]]
    return _csv(rows, ENQUETE_CSV, "enquete.csv")


ENQUETE_CSV = ("partie", "libelle", "slug", "panel", "communes_1000", "maires", "note")


def _rates(r: dict) -> dict:
    return {k: r[k] for k in ("panel", "communes_1000", "maires", "note")}
