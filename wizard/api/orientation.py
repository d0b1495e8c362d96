"""Orientation API: the wizard's recommendation as JSON (same parcours, same recommender), thématiques, communes."""
from __future__ import annotations

from flask import current_app, jsonify, request, url_for

from wizard.api import bp
from wizard.api.errors import ParametreInvalide
from wizard.db import get_session
from wizard.orientation.service import Joindre, recommander
from wizard.parcours_engine import Parcours, check_answer
from wizard.recommender import ContactCard, Demande, Financement, Recommendation
from wizard.runtime.active_parcours import (
    current_parcours,
    current_rules,
    reload_if_requested,
    version_courante,
)
from wizard.territoires.codes import COMMUNE_RE
from wizard.territoires.memoire import Territoires, territoires
from wizard.web.page_cache import cached_get
from wizard.web.params import parse_int

#: Beyond this, a repeated parameter is not a real request.
MAX_VALEURS = 30
MAX_Q = 80
LIMITE_COMMUNES = (1, 50, 10)


def _contexte() -> tuple[Parcours, Territoires]:
    reload_if_requested(current_app._get_current_object())  # type: ignore[attr-defined]
    return current_parcours(), territoires()


def _reponses(parcours: Parcours, terr: Territoires) -> dict[str, tuple[str, ...]]:
    """The query string checked step by step with the wizard's own rules (400 naming the parameter)."""
    questions = [s for s in parcours.steps.values() if s.is_question]
    known = {s.id for s in questions}
    for key in request.args:
        if key not in known:
            raise ParametreInvalide(key, f"Paramètre inconnu « {key[:40]} ». Paramètres acceptés : "
                                         f"{', '.join(sorted(known))}.")
    answers: dict[str, tuple[str, ...]] = {}
    for step in questions:
        # Every parameter is optional: absent or "" asks nothing (the documented enums list ""); a blank
        # value (" ", U+001D…) is a wrong one.
        raw = [v for v in request.args.getlist(step.id) if v]
        if not raw:
            continue
        if len(raw) > MAX_VALEURS:
            raise ParametreInvalide(step.id, f"Trop de valeurs ({len(raw)}) : {MAX_VALEURS} au plus.")
        if step.reference_kind == "communes" and not all(COMMUNE_RE.match(v) for v in raw):
            raise ParametreInvalide(step.id, "Code INSEE attendu (5 caractères, par exemple 53130 pour Laval).")
        values, error = check_answer(step, raw, terr.lookup)
        if error is not None:
            if step.reference_kind == "communes":
                error = (f"Commune inconnue : « {raw[0][:10]} » n'est pas une commune couverte par ce service "
                         "(code INSEE d'une commune de la Mayenne attendu).")
            elif step.options:
                error = f"{error} Valeurs possibles : {', '.join(o.slug for o in step.options)}."
            raise ParametreInvalide(step.id, error)
        # Neutral options ("je ne sais pas") ask nothing, as in the wizard.
        kept = tuple(v for v in values if not ((o := step.option(v)) and o.neutre))
        if kept:
            answers[step.id] = kept
    return answers


def _channels(card: ContactCard) -> dict:
    return {"libelle": card.libelle, "telephone": card.telephone, "email": card.email,
            "formulaire": card.formulaire, "page_contact": card.page_contact, "adresse": card.adresse}


def _contact(joindre: Joindre) -> dict:
    """The first verified channel; without one, the fallback structure that has one, said as such."""
    first = joindre.contacts[0] if joindre.contacts else None
    via = joindre.repli
    return {
        **(_channels(first) if first else {k: None for k in ("libelle", "telephone", "email", "formulaire",
                                                              "page_contact", "adresse")}),
        "site_web": joindre.site_web,
        "a_completer": joindre.a_completer,
        "repli": None if via is None else {
            "slug": via.slug, "nom": via.nom, "site_web": via.site_web,
            "contact": _channels(next(c for c in via.contacts if c.joignable)),
            "url": url_for("annuaire.detail", slug=via.slug, _external=True)},
    }


def _structure(r: Recommendation, joindre: Joindre) -> dict:
    s = r.structure
    return {
        "slug": s.slug, "nom": s.nom, "sigle": s.sigle, "categorie": s.categorie, "niveau": s.niveau,
        "rang": r.rang, "motif": r.motif, "score": r.score, "raisons": list(r.textes),
        "conditions": list(r.conditions), "repli": r.repli,
        "contact": _contact(joindre),
        "contacts": [_channels(c) for c in joindre.contacts],
        "offres": [{"slug": o.slug, "titre": o.titre, "role": o.role, "cout": o.cout, "conditions": o.conditions,
                    "a_preparer": o.a_preparer} for o in r.offres_retenues],
        "url": url_for("annuaire.detail", slug=s.slug, _external=True),
    }


def _financement(f: Financement) -> dict:
    d = f.dispositif
    return {"slug": d.slug, "nom": d.nom, "porteur": d.porteur, "structures": list(d.structures),
            "debut": d.debut, "fin": d.fin, "fin_statut": d.fin_statut, "eligible": f.eligible,
            "eligibilite": f.raison or None,
            "url": url_for("dispositifs.index", _anchor=f"dispositif-{d.slug}", _external=True)}


def _demande(d: Demande) -> dict:
    return {
        "type_collectivite": d.type_collectivite, "profil": d.profil,
        "commune": None if d.commune is None else {"code": d.commune, "nom": d.commune_nom,
                                                   "population": d.population},
        "epci": None if d.epci is None else {"code": d.epci, "nom": d.epci_nom},
        "departement": d.departement, "thematiques": sorted(d.thematiques), "besoin": d.besoin, "stade": d.stade,
    }


@bp.get("/recommandations")
@cached_get(version_courante)
def recommandations():
    """The ordered, explained shortlist for the given answers (same recommender as the wizard)."""
    parcours, terr = _contexte()
    answers = _reponses(parcours, terr)
    if not answers.get("thematique"):
        # The one answer the recommender cannot do without (an offer must match a chosen thématique).
        raise ParametreInvalide("thematique", "Au moins une thématique est attendue (slug, répétable), "
                                              "par exemple thematique=voirie ; voir /api/v1/thematiques.")
    orientation = recommander(get_session(), current_rules(), terr, answers)
    repli = orientation.repli
    return jsonify({
        "nombre": len(orientation.appels),
        "demande": _demande(orientation.demande),
        "structures": [_structure(r, orientation.joindre[r.structure.slug]) for r in orientation.appels],
        "repli": None if repli is None else _structure(repli, orientation.joindre[repli.structure.slug]),
        "financements": [_financement(f) for f in orientation.financements],
    })


@bp.get("/thematiques")
def thematiques():
    """The thématiques vocabulary (stable slugs) with labels."""
    taxonomy = current_app.extensions["taxonomy"]
    return jsonify({"thematiques": [{"slug": t.slug, "label": t.label, "description": t.description or None}
                                    for t in taxonomy.terms("thematiques").values()]})


@bp.get("/communes")
def communes():
    """Communes whose name, postcode or INSEE code starts with ``q`` (accents and hyphens optional)."""
    q = (request.args.get("q") or "").strip()
    if not q:
        raise ParametreInvalide("q", "Paramètre q obligatoire : le début d'un nom de commune ou d'un code postal.")
    if len(q) > MAX_Q:
        raise ParametreInvalide("q", f"Paramètre q trop long : {MAX_Q} caractères au plus.")
    low, high, default = LIMITE_COMMUNES
    limite = parse_int(request.args.get("limite", str(default)), low, high)
    if limite is None:
        raise ParametreInvalide("limite", f"Nombre entier entre {low} et {high} attendu.")
    terr = territoires()
    found = terr.rechercher(q, limite)
    return jsonify({"communes": [
        {"code": c.code, "nom": c.nom, "codes_postaux": list(c.codes_postaux), "population": c.population,
         "departement": c.departement, "epci": c.epci,
         "epci_nom": (e.nom if c.epci and (e := terr.lookup.epci(c.epci)) else None)} for c in found]})
