"""Open data: filter structures like the annuaire, and shape structures and programmes as records.

JSON records and CSV rows come from the same functions so the two formats never disagree.
Every record carries its sources and its verification date.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from wizard.models import Dispositif, Offre, OffreTag, Structure
from wizard.taxonomy import Taxonomy
from wizard.territoires.perimetre import Territoire, offres_couvrant, resolve

#: Query parameter → (OffreTag.kind, taxonomy vocabulary).
FILTRES_TAXONOMIE = {
    "thematique": ("thematique", "thematiques"),
    "besoin": ("besoin", "besoins"),
    "stade": ("stade", "stades"),
    "public": ("public", "types_collectivite"),
}
#: CSV list cells: values joined with this (neither a comma nor a semicolon, so both separators work).
JOINT = " | "


class FiltreInvalide(ValueError):
    """A query parameter with an unknown value; ``parametre`` names it, ``message`` says it in French."""

    def __init__(self, parametre: str, message: str) -> None:
        super().__init__(message)
        self.parametre = parametre
        self.message = message


@dataclass(frozen=True)
class Filtres:
    """Validated filters: several values of one parameter are alternatives (OR), parameters combine (AND)."""

    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    couts: tuple[str, ...] = ()
    territoire: Territoire | None = None


def valider(args: Mapping[str, Iterable[str]], taxonomy: Taxonomy, session: Session) -> Filtres:
    """Check the query parameters (``args`` maps name → values); raise FiltreInvalide on the first bad one."""
    tags: dict[str, tuple[str, ...]] = {}
    for param, (kind, vocabulary) in FILTRES_TAXONOMIE.items():
        values = tuple(v for v in args.get(param, ()) if v)
        for value in values:
            if not taxonomy.has(vocabulary, value):
                hint = taxonomy.suggest(vocabulary, value)
                raise FiltreInvalide(param, f"Valeur inconnue « {value} »."
                                     + (f" Vouliez-vous dire « {hint} » ?" if hint else ""))
        if values:
            tags[kind] = values
    couts = tuple(v for v in args.get("cout", ()) if v)
    for value in couts:
        if not taxonomy.has("couts", value):
            raise FiltreInvalide("cout", f"Valeur inconnue « {value} » : attendu l'un de "
                                         f"{', '.join(taxonomy.slugs('couts'))}.")
    territoire = None
    codes = [v for v in args.get("territoire", ()) if v]
    if len(codes) > 1:
        raise FiltreInvalide("territoire", "Un seul territoire à la fois.")
    if codes:
        territoire = resolve(session, codes[0])
        if territoire is None:
            raise FiltreInvalide("territoire", f"Territoire inconnu « {codes[0]} » : code INSEE d'une commune, "
                                               "SIREN d'une intercommunalité ou code de département attendu.")
    return Filtres(tags=tags, couts=couts, territoire=territoire)


def requete_offres(filtres: Filtres) -> Select:
    """SELECT of the ids of offers matching every filter (one offer must satisfy them all)."""
    query = select(Offre.id)
    for kind, values in filtres.tags.items():
        query = query.where(Offre.id.in_(select(OffreTag.offre_id).where(OffreTag.kind == kind,
                                                                         OffreTag.slug.in_(values))))
    if filtres.couts:
        query = query.where(Offre.cout.in_(filtres.couts))
    if filtres.territoire is not None:
        query = query.where(Offre.id.in_(offres_couvrant(filtres.territoire)))
    return query


def _details(query: Select) -> Select:
    """Eager-load what a record needs (contacts, sources, offers with tags, territories, sources)."""
    offres = selectinload(Structure.offres)
    return query.options(selectinload(Structure.contacts), selectinload(Structure.sources),
                         offres.selectinload(Offre.tags), offres.selectinload(Offre.territoires),
                         offres.selectinload(Offre.sources))


def structures(session: Session, filtres: Filtres | None = None) -> list[Structure]:
    """Structures (by name) with at least one offer matching ``filtres``; all of them without filters."""
    query = _details(select(Structure).order_by(Structure.nom))
    if filtres and (filtres.tags or filtres.couts or filtres.territoire):
        query = query.where(Structure.id.in_(select(Offre.structure_id).where(Offre.id.in_(requete_offres(filtres)))))
    return list(session.scalars(query))


def structure(session: Session, slug: str) -> Structure | None:
    """One structure by slug, or None."""
    return session.scalar(_details(select(Structure).where(Structure.slug == slug)))


def dispositifs(session: Session) -> list[Dispositif]:
    """Every programme, by name."""
    return list(session.scalars(select(Dispositif).order_by(Dispositif.nom)))


# --- records --------------------------------------------------------------------------------------

def _sources(items: Iterable) -> list[dict]:
    return [{"url": s.url, "date": s.date, "appuie": s.appuie} for s in items]


def offre_record(o: Offre) -> dict:
    """An offer as an open data record."""
    return {
        "slug": o.slug, "titre": o.titre, "description": o.description,
        "thematiques": o.slugs("thematique"), "besoins": o.slugs("besoin"), "stades": o.slugs("stade"),
        "publics": o.slugs("public"), "population_max": o.population_max,
        "territoire": {"departements": o.codes("departement"), "epcis": o.codes("epci"),
                       "communes": o.codes("commune")},
        "cout": o.cout, "conditions": o.conditions, "ne_fait_pas": o.ne_fait_pas, "a_preparer": o.a_preparer,
        "certitude": o.certitude, "sources": _sources(o.sources),
    }


def structure_record(s: Structure, url: str | None = None) -> dict:
    """A structure, its contacts, offers and sources, as an open data record."""
    return {
        "slug": s.slug, "nom": s.nom, "sigle": s.sigle, "categorie": s.categorie, "nature": s.nature,
        "presentation": s.presentation, "site_web": s.site_web, "siege_commune": s.siege_commune,
        "confiance": s.confiance, "verifie_le": s.verifie_le.isoformat() if s.verifie_le else None,
        "a_verifier": s.a_verifier, "url": url,
        "contacts": [{"libelle": c.libelle, "telephone": c.telephone, "email": c.email, "adresse": c.adresse,
                      "source": {"url": c.source_url, "date": c.source_date}, "a_verifier": c.a_verifier}
                     for c in s.contacts],
        "offres": [offre_record(o) for o in s.offres],
        "sources": _sources(s.sources),
    }


def dispositif_record(d: Dispositif) -> dict:
    """A programme as an open data record; programmes carry no verification date (null)."""
    return {
        "slug": d.slug, "nom": d.nom, "porteur": d.porteur, "type": d.type, "public_cible": d.public_cible,
        "debut": d.debut, "fin": d.fin, "fin_statut": d.fin_statut, "description": d.description,
        "declinaison_mayenne": d.declinaison_mayenne, "thematiques": list(d.thematiques or []),
        "structures": list(d.structures or []), "communes": list(d.communes or []), "confiance": d.confiance,
        "sources": [{"url": s.get("url"), "date": s.get("date"), "appuie": s.get("appuie")} for s in d.sources or []],
        "verifie_le": None,
    }


def _union(values: Iterable[Iterable[str]]) -> list[str]:
    return list(dict.fromkeys(v for group in values for v in group if v))


STRUCTURE_CSV = ("slug", "nom", "sigle", "categorie", "nature", "site_web", "siege_commune", "confiance",
                 "verifie_le", "a_verifier", "thematiques", "besoins", "stades", "publics", "couts",
                 "departements", "epcis", "communes", "offres", "telephones", "emails", "sources", "url")
DISPOSITIF_CSV = ("slug", "nom", "porteur", "type", "public_cible", "debut", "fin", "fin_statut", "thematiques",
                  "structures", "communes", "confiance", "sources", "verifie_le")


def structure_row(record: dict) -> dict[str, str]:
    """One CSV row per structure: lists joined with " | ", offers reduced to their union."""
    offres = record["offres"]
    row = {k: record[k] for k in ("slug", "nom", "sigle", "categorie", "nature", "site_web", "siege_commune",
                                   "confiance", "verifie_le", "a_verifier", "url")}
    for key in ("thematiques", "besoins", "stades", "publics"):
        row[key] = _union(o[key] for o in offres)
    row["couts"] = _union([o["cout"]] for o in offres)
    for key in ("departements", "epcis", "communes"):
        row[key] = _union(o["territoire"][key] for o in offres)
    row["offres"] = [o["titre"] for o in offres]
    row["telephones"] = _union([c["telephone"]] for c in record["contacts"])
    row["emails"] = _union([c["email"]] for c in record["contacts"])
    row["sources"] = _union([[s["url"] for s in record["sources"]]]
                            + [[s["url"] for s in o["sources"]] for o in offres])
    return {k: _cell(row[k]) for k in STRUCTURE_CSV}


def dispositif_row(record: dict) -> dict[str, str]:
    """One CSV row per programme."""
    row = dict(record)
    row["sources"] = [s["url"] for s in record["sources"]]
    return {k: _cell(row[k]) for k in DISPOSITIF_CSV}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return JOINT.join(str(v) for v in value)
    return str(value)
