"""The recommender's catalog built from the database, memoised per process on the content fingerprint.

Building the cards reads every structure, offer, tag, territory and programme (a few queries); see
:mod:`wizard.runtime.fingerprint` for when the content counts as changed. Only public facts go
into the cards.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wizard.models import Dispositif, Offre, Structure
from wizard.recommender import (
    Catalog,
    ContactCard,
    DispositifCard,
    OffreCard,
    StructureCard,
    dispositif_from_record,
)
from wizard.runtime.fingerprint import fingerprint, memo


def offre_card(offre: Offre) -> OffreCard:
    """One ORM offer as the recommender's card."""
    return OffreCard(
        slug=offre.slug, titre=offre.titre, role=offre.role or "specialiste",
        thematiques=frozenset(offre.slugs("thematique")), besoins=frozenset(offre.slugs("besoin")),
        stades=frozenset(offre.slugs("stade")), publics=frozenset(offre.slugs("public")),
        profils=frozenset(offre.slugs("profil")), population_max=offre.population_max,
        population_min=offre.population_min, dispositif=(offre.eligibilite or {}).get("dispositif"),
        eligibilite=(offre.eligibilite or {}).get("texte"), competence=bool(offre.competence),
        departements=frozenset(offre.codes("departement")), epcis=frozenset(offre.codes("epci")),
        communes=frozenset(offre.codes("commune")), cout=offre.cout or "inconnu",
        description=offre.description or "", conditions=offre.conditions, ne_fait_pas=offre.ne_fait_pas,
        a_preparer=offre.a_preparer, inscription=(offre.formation or {}).get("inscription"),
        formation_format=(offre.formation or {}).get("format"),
        formation_quand=(offre.formation or {}).get("frequence"),
        formation_financement=(offre.formation or {}).get("financement"),
        mots_cles=tuple(offre.mots_cles or ()))


def structure_card(structure: Structure) -> StructureCard:
    """One ORM structure (with its contacts and offers) as the recommender's card."""
    contacts = tuple(ContactCard(libelle=c.libelle or "Contact", telephone=c.telephone, email=c.email,
                                 formulaire=c.formulaire, page_contact=c.page_contact, adresse=c.adresse)
                     for c in structure.contacts_publics)
    return StructureCard(
        slug=structure.slug, nom=structure.nom, categorie=structure.categorie, niveau=structure.niveau,
        offres=tuple(offre_card(o) for o in structure.offres), sigle=structure.sigle,
        site_web=structure.site_web, presentation=structure.presentation or "", contacts=contacts)


def dispositif_card(d: Dispositif) -> DispositifCard:
    """One ORM programme as the recommender's card."""
    return dispositif_from_record({
        "slug": d.slug, "nom": d.nom, "financement": d.financement, "thematiques": d.thematiques,
        "besoins": d.besoins, "porteur": d.porteur, "structures": d.structures, "description": d.description,
        "debut": d.debut, "fin": d.fin, "fin_statut": d.fin_statut, "eligibilite": d.eligibilite,
        "communes": d.communes})


def construire(session: Session) -> Catalog:
    """Read every structure and programme and build the catalog (no memo)."""
    rows = session.scalars(select(Structure).options(
        selectinload(Structure.contacts),
        selectinload(Structure.offres).selectinload(Offre.tags),
        selectinload(Structure.offres).selectinload(Offre.territoires))).all()
    return Catalog((structure_card(s) for s in rows),
                   (dispositif_card(d) for d in session.scalars(select(Dispositif))))


def catalogue(session: Session) -> Catalog:
    """The catalog of the current content, rebuilt only when the content fingerprint changes."""
    return memo(fingerprint(session), "catalogue-recommandation", lambda: construire(session))
