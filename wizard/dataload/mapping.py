"""The one mapping between a structure as written in data/ (a "fiche") and as stored.

The loader, the export and the back-office all go through these functions, so that a field
cleaned or renamed on one side is cleaned or renamed everywhere.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from wizard.models import Contact, Offre, OffreTag, OffreTerritoire, Source, Structure

#: Offer list field → OffreTag.kind (singular, as stored).
TAG_KIND = {"thematiques": "thematique", "besoins": "besoin", "stades": "stade", "publics": "public",
            "profils": "profil"}
#: Offer territory field → OffreTerritoire.kind.
TERRITOIRE_KIND = {"departements": "departement", "epcis": "epci", "communes": "commune"}
SOURCE_FIELDS = ("titre", "editeur", "url", "date", "consulte_le", "copie_consultee")
CONTACT_FIELDS = ("telephone", "email", "formulaire", "page_contact", "adresse")
OFFRE_TEXTS = ("titre", "description", "conditions", "ne_fait_pas", "a_preparer")


def text(value: Any) -> str | None:
    """A YAML scalar as stored text (years may parse as int, dates as date, phones as int)."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _clean_dict(value: Any) -> dict[str, Any]:
    """A mapping without its empty entries (what JSON columns keep)."""
    return {k: v for k, v in dict(value or {}).items() if v not in (None, "", [], {})}


def fiche_to_row(data: dict[str, Any], row: Structure) -> None:
    """Write the scalars of a fiche onto ``row`` (children: :func:`fiche_children`)."""
    row.nom, row.sigle = data["nom"], data.get("sigle")
    row.categorie, row.niveau = data["categorie"], data.get("niveau") or "departemental"
    row.nature = data.get("nature")
    row.presentation = data.get("presentation") or ""
    row.site_web = data.get("site_web")
    row.siege_commune = text(data.get("siege_commune"))
    row.faits_sources = [str(s) for s in data.get("faits_sources") or []]
    row.anciens_slugs = [str(s) for s in data.get("anciens_slugs") or []]
    row.interne = _clean_dict(data.get("interne"))


def fiche_children(data: dict[str, Any], row: Structure) -> None:
    """Attach the fiche's sources, contacts and offers to ``row`` (old children already removed)."""
    row.sources = [Source(position=i, cle=str(s["id"]), **{k: text(s.get(k)) for k in SOURCE_FIELDS})
                   for i, s in enumerate(data.get("sources") or [])]
    row.contacts = [Contact(position=i, libelle=c["libelle"], source_cle=text(c.get("source")),
                            **{k: text(c.get(k)) for k in CONTACT_FIELDS})
                    for i, c in enumerate(data.get("contacts") or [])]
    row.offres = [_offre(i, o) for i, o in enumerate(data.get("offres") or [])]


def row_to_fiche(s: Structure) -> dict[str, Any]:
    """The data-file shape of one structure."""
    return {
        "slug": s.slug, "nom": s.nom, "sigle": s.sigle, "categorie": s.categorie, "niveau": s.niveau,
        "nature": s.nature, "presentation": s.presentation, "site_web": s.site_web,
        "siege_commune": s.siege_commune, "anciens_slugs": list(s.anciens_slugs or []),
        "sources": [{"id": x.cle, **{k: getattr(x, k) for k in SOURCE_FIELDS}} for x in s.sources],
        "faits_sources": list(s.faits_sources or []),
        "contacts": [{"libelle": c.libelle, **{k: getattr(c, k) for k in CONTACT_FIELDS}, "source": c.source_cle}
                     for c in s.contacts],
        "interne": dict(s.interne or {}),
        "offres": [_offre_dict(o) for o in s.offres],
    }


def fiche_fingerprint(fiche: dict[str, Any]) -> str:
    """A stable digest of a fiche's content (what a data load compares to spot back-office edits)."""
    canonical = json.dumps(_normalised(fiche), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _normalised(value: Any) -> Any:
    """Empty values dropped and scalars as text: YAML typing and absent keys do not count as edits."""
    if isinstance(value, dict):
        kept = {k: _normalised(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    return text(value)


def _offre(position: int, data: dict) -> Offre:
    offre = Offre(
        position=position, slug=data["slug"], role=data.get("role") or "specialiste",
        population_max=data.get("population_max"), population_min=data.get("population_min"),
        competence=bool(data.get("competence")), mots_cles=[str(m) for m in data.get("mots_cles") or []],
        eligibilite=_clean_dict(data.get("eligibilite")),
        formation=_clean_dict(data.get("formation")), cout=data.get("cout") or "inconnu",
        source_cles=[str(s) for s in data.get("sources") or []], interne=_clean_dict(data.get("interne")),
        **{k: data.get(k) for k in OFFRE_TEXTS})
    offre.description = offre.description or ""
    offre.tags = [OffreTag(kind=TAG_KIND[key], slug=str(slug))
                  for key in TAG_KIND for slug in dict.fromkeys(data.get(key) or [])]
    territoire = data.get("territoire") or {}
    offre.territoires = [OffreTerritoire(kind=TERRITOIRE_KIND[key], code=str(code))
                         for key in TERRITOIRE_KIND for code in dict.fromkeys(territoire.get(key) or [])]
    return offre


def _offre_dict(o: Offre) -> dict[str, Any]:
    return {
        "slug": o.slug, "titre": o.titre, "role": o.role, "description": o.description,
        **{key: o.slugs(kind) for key, kind in TAG_KIND.items()},
        "population_max": o.population_max, "population_min": o.population_min,
        "eligibilite": dict(o.eligibilite or {}), "competence": o.competence, "mots_cles": list(o.mots_cles or []),
        "territoire": {key: o.codes(kind) for key, kind in TERRITOIRE_KIND.items() if o.codes(kind)},
        "cout": o.cout, "conditions": o.conditions, "ne_fait_pas": o.ne_fait_pas, "a_preparer": o.a_preparer,
        "formation": dict(o.formation or {}), "sources": list(o.source_cles or []), "interne": dict(o.interne or {}),
    }
