"""The one mapping between a structure as written in data/ (a "fiche") and as stored.

The loader, the export and the back-office all go through these two functions, so that a
field cleaned or renamed on one side is cleaned or renamed everywhere.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from wizard.models import Contact, Offre, OffreTag, OffreTerritoire, Source, Structure

#: Offer list field → OffreTag.kind (singular, as stored).
TAG_KIND = {"thematiques": "thematique", "besoins": "besoin", "stades": "stade", "publics": "public"}
#: Offer territory field → OffreTerritoire.kind.
TERRITOIRE_KIND = {"departements": "departement", "epcis": "epci", "communes": "commune"}


def text(value: Any) -> str | None:
    """A YAML scalar as stored text (years may parse as int, dates as date, phones as int)."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def as_date(value: Any) -> dt.date | None:
    """A YAML date (or ISO text) as a date."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def fiche_to_row(data: dict[str, Any], row: Structure) -> None:
    """Write a fiche onto ``row``: scalars, then contacts, offers and sources replaced.

    The caller flushes before when ``row`` already has children: new offers reuse their
    unique (structure, slug).
    """
    row.nom, row.sigle = data["nom"], data.get("sigle")
    row.categorie, row.nature = data["categorie"], data.get("nature")
    row.presentation = data.get("presentation") or ""
    row.site_web = data.get("site_web")
    row.siege_commune = text(data.get("siege_commune"))
    row.confiance, row.verifie_le = data["confiance"], as_date(data.get("verifie_le"))
    row.a_verifier = data.get("a_verifier")


def fiche_children(data: dict[str, Any], row: Structure) -> None:
    """Attach the fiche's sources, contacts and offers to ``row`` (old children already removed)."""
    row.sources = _sources(data.get("sources"))
    row.contacts = [
        Contact(position=i, libelle=c["libelle"], telephone=text(c.get("telephone")), email=c.get("email"),
                adresse=c.get("adresse"), source_url=(c.get("source") or {}).get("url"),
                source_date=text((c.get("source") or {}).get("date")), a_verifier=c.get("a_verifier"))
        for i, c in enumerate(data.get("contacts") or [])]
    row.offres = [_offre(i, o, row) for i, o in enumerate(data.get("offres") or [])]


def row_to_fiche(s: Structure) -> dict[str, Any]:
    """The data-file shape of one structure."""
    return {
        "slug": s.slug, "nom": s.nom, "sigle": s.sigle, "categorie": s.categorie, "nature": s.nature,
        "presentation": s.presentation, "site_web": s.site_web, "siege_commune": s.siege_commune,
        "confiance": s.confiance, "verifie_le": s.verifie_le, "a_verifier": s.a_verifier,
        "sources": [_source_dict(x) for x in s.sources],
        "contacts": [{
            "libelle": c.libelle, "telephone": c.telephone, "email": c.email, "adresse": c.adresse,
            "source": {"url": c.source_url, "date": c.source_date} if c.source_url else None,
            "a_verifier": c.a_verifier} for c in s.contacts],
        "offres": [{
            "slug": o.slug, "titre": o.titre, "description": o.description,
            **{key: o.slugs(kind) for key, kind in TAG_KIND.items()},
            "population_max": o.population_max,
            "territoire": {key: o.codes(kind) for key, kind in TERRITOIRE_KIND.items() if o.codes(kind)},
            "cout": o.cout, "conditions": o.conditions, "ne_fait_pas": o.ne_fait_pas,
            "a_preparer": o.a_preparer, "certitude": o.certitude,
            "sources": [_source_dict(x) for x in o.sources]} for o in s.offres],
    }


def _source_dict(x: Source) -> dict[str, Any]:
    return {"url": x.url, "date": x.date, "appuie": x.appuie}


def _sources(items: Any) -> list[Source]:
    return [Source(position=i, url=s["url"], date=text(s.get("date")), appuie=text(s.get("appuie")))
            for i, s in enumerate(items or [])]


def _offre(position: int, data: dict, structure: Structure) -> Offre:
    offre = Offre(
        position=position, slug=data["slug"], titre=data["titre"], description=data.get("description") or "",
        population_max=data.get("population_max"), cout=data.get("cout") or "inconnu",
        conditions=data.get("conditions"), ne_fait_pas=data.get("ne_fait_pas"),
        a_preparer=data.get("a_preparer"), certitude=data.get("certitude"))
    offre.tags = [OffreTag(kind=TAG_KIND[key], slug=str(slug))
                  for key in TAG_KIND for slug in dict.fromkeys(data.get(key) or [])]
    territoire = data.get("territoire") or {}
    offre.territoires = [OffreTerritoire(kind=TERRITOIRE_KIND[key], code=str(code))
                         for key in TERRITOIRE_KIND for code in dict.fromkeys(territoire.get(key) or [])]
    offre.sources = _sources(data.get("sources"))
    for source in offre.sources:
        source.structure = structure
    return offre
