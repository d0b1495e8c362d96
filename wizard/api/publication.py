"""Open data: filter structures like the annuaire, and shape structures and programmes as records.

JSON records and CSV rows come from the same functions so the two formats never disagree.
Every record carries its sources and its verification date.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from wizard.models import Dispositif, EnqueteBesoin, EnqueteConnaissance, Offre, OffreTag, Structure
from wizard.taxonomy import Taxonomy
from wizard.territoires.perimetre import Territoire, offres_couvrant, resolve

#: Query parameter → (OffreTag.kind, taxonomy vocabulary).
FILTRES_TAXONOMIE = {
    "thematique": ("thematique", "thematiques"),
    "besoin": ("besoin", "besoins"),
    "stade": ("stade", "stades"),
    "public": ("public", "types_collectivite"),
}


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
                         offres.selectinload(Offre.tags), offres.selectinload(Offre.territoires))


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


def enquete_connaissance(session: Session) -> list[EnqueteConnaissance]:
    """The survey's knowledge rates, in the survey's order."""
    return list(session.scalars(select(EnqueteConnaissance).order_by(EnqueteConnaissance.position)))


def enquete_besoins(session: Session) -> list[EnqueteBesoin]:
    """The survey's need rates, in the survey's order."""
    return list(session.scalars(select(EnqueteBesoin).order_by(EnqueteBesoin.position)))


# --- records --------------------------------------------------------------------------------------

#: Public fields of a source (where a document was read on a mirror stays internal).
SOURCE_PUBLIC = ("titre", "editeur", "url", "date", "consulte_le")


def source_record(src: dict) -> dict:
    """A source in the open data shape."""
    return {"id": src.get("id") or src.get("cle"), **{k: src.get(k) for k in SOURCE_PUBLIC}}


def offre_record(o: Offre) -> dict:
    """An offer as an open data record (public facts only)."""
    return {
        "slug": o.slug, "titre": o.titre, "role": o.role, "description": o.description,
        "thematiques": o.slugs("thematique"), "besoins": o.slugs("besoin"), "stades": o.slugs("stade"),
        "publics": o.slugs("public"), "profils": o.slugs("profil"),
        "population_max": o.population_max, "population_min": o.population_min,
        "eligibilite": dict(o.eligibilite or {}), "competence": o.competence,
        "territoire": {"departements": o.codes("departement"), "epcis": o.codes("epci"),
                       "communes": o.codes("commune")},
        "cout": o.cout, "conditions": o.conditions, "ne_fait_pas": o.ne_fait_pas, "a_preparer": o.a_preparer,
        "formation": dict(o.formation or {}), "sources": list(o.source_cles or []),
    }


def structure_record(s: Structure, url: str | None = None) -> dict:
    """A structure, its contacts, offers and sources, as an open data record (public facts only)."""
    return {
        "slug": s.slug, "nom": s.nom, "sigle": s.sigle, "categorie": s.categorie, "niveau": s.niveau,
        "nature": s.nature, "presentation": s.presentation, "site_web": s.site_web,
        "siege_commune": s.siege_commune, "mise_a_jour": s.mise_a_jour, "url": url,
        "faits_sources": list(s.faits_sources or []),
        "contacts": [{"libelle": c.libelle, "telephone": c.telephone, "email": c.email, "formulaire": c.formulaire,
                      "page_contact": c.page_contact, "adresse": c.adresse, "source": c.source_cle}
                     for c in s.contacts_publics],
        "offres": [offre_record(o) for o in s.offres],
        "sources": [source_record({"id": x.cle, **{k: getattr(x, k) for k in SOURCE_PUBLIC}}) for x in s.sources],
    }


def dispositif_record(d: Dispositif) -> dict:
    """A programme as an open data record (public facts only)."""
    return {
        "slug": d.slug, "nom": d.nom, "porteur": d.porteur, "type": d.type, "financement": d.financement,
        "debut": d.debut, "fin": d.fin, "fin_statut": d.fin_statut, "successeur": d.successeur,
        "description": d.description, "declinaison_locale": d.declinaison_locale,
        "thematiques": list(d.thematiques or []), "besoins": list(d.besoins or []),
        "structures": list(d.structures or []), "communes": list(d.communes or []),
        "eligibilite": dict(d.eligibilite or {}), "prochaines_echeances": list(d.prochaines_echeances or []),
        "faits_sources": list(d.faits_sources or []), "sources": [source_record(x) for x in d.sources or []],
    }


def _union(values: Iterable[Iterable[str]]) -> list[str]:
    return list(dict.fromkeys(v for group in values for v in group if v))


STRUCTURE_CSV = ("slug", "nom", "sigle", "categorie", "niveau", "nature", "site_web", "siege_commune",
                 "mise_a_jour", "thematiques", "besoins", "stades", "publics", "couts",
                 "departements", "epcis", "communes", "offres", "telephones", "emails", "pages_contact", "sources",
                 "url")
DISPOSITIF_CSV = ("slug", "nom", "porteur", "type", "financement", "debut", "fin", "fin_statut", "successeur",
                  "thematiques", "structures", "communes", "sources")


def structure_row(record: dict) -> dict[str, object]:
    """One CSV row per structure (lists joined by the CSV writer), offers reduced to their union."""
    offres = record["offres"]
    row = {k: record[k] for k in ("slug", "nom", "sigle", "categorie", "niveau", "nature", "site_web",
                                   "siege_commune", "mise_a_jour", "url")}
    for key in ("thematiques", "besoins", "stades", "publics"):
        row[key] = _union(o[key] for o in offres)
    row["couts"] = _union([o["cout"]] for o in offres)
    for key in ("departements", "epcis", "communes"):
        row[key] = _union(o["territoire"][key] for o in offres)
    row["offres"] = [o["titre"] for o in offres]
    row["telephones"] = _union([c["telephone"]] for c in record["contacts"])
    row["emails"] = _union([c["email"]] for c in record["contacts"])
    row["pages_contact"] = _union([c["page_contact"], c["formulaire"]] for c in record["contacts"])
    row["sources"] = _union([[s["url"] or s["titre"] for s in record["sources"]]])
    return {k: row[k] for k in STRUCTURE_CSV}


def dispositif_row(record: dict) -> dict[str, object]:
    """One CSV row per programme."""
    row = dict(record)
    row["sources"] = [s["url"] or s["titre"] for s in record["sources"]]
    return {k: row[k] for k in DISPOSITIF_CSV}

