"""The recommender's catalog built from the database, memoised per process on the content fingerprint.

Building the cards reads every structure, offer, tag and territory (a few queries); see
:mod:`wizard.runtime.fingerprint` for when the content counts as changed.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wizard.models import Offre, Structure
from wizard.recommender import Catalog, ContactCard, OffreCard, StructureCard
from wizard.runtime.fingerprint import fingerprint, memo


def offre_card(offre: Offre) -> OffreCard:
    """One ORM offer as the recommender's card."""
    return OffreCard(
        slug=offre.slug, titre=offre.titre,
        thematiques=frozenset(offre.slugs("thematique")), besoins=frozenset(offre.slugs("besoin")),
        stades=frozenset(offre.slugs("stade")), publics=frozenset(offre.slugs("public")),
        population_max=offre.population_max,
        departements=frozenset(offre.codes("departement")), epcis=frozenset(offre.codes("epci")),
        communes=frozenset(offre.codes("commune")), cout=offre.cout or "inconnu",
        description=offre.description or "", conditions=offre.conditions, ne_fait_pas=offre.ne_fait_pas,
        a_preparer=offre.a_preparer, certitude=offre.certitude)


def structure_card(structure: Structure) -> StructureCard:
    """One ORM structure (with its contacts and offers) as the recommender's card."""
    contacts = tuple(ContactCard(libelle=c.libelle or "Contact", telephone=c.telephone, email=c.email,
                                 adresse=c.adresse, a_verifier=c.a_verifier) for c in structure.contacts)
    return StructureCard(
        slug=structure.slug, nom=structure.nom, categorie=structure.categorie,
        offres=tuple(offre_card(o) for o in structure.offres), sigle=structure.sigle,
        site_web=structure.site_web, presentation=structure.presentation or "", contacts=contacts,
        confiance=structure.confiance, a_verifier=structure.a_verifier)


def construire(session: Session) -> Catalog:
    """Read every structure and build the catalog (no memo)."""
    rows = session.scalars(select(Structure).options(
        selectinload(Structure.contacts),
        selectinload(Structure.offres).selectinload(Offre.tags),
        selectinload(Structure.offres).selectinload(Offre.territoires))).all()
    return Catalog(structure_card(s) for s in rows)


def catalogue(session: Session) -> Catalog:
    """The catalog of the current content, rebuilt only when the content fingerprint changes."""
    return memo(fingerprint(session), "catalogue-recommandation", lambda: construire(session))
