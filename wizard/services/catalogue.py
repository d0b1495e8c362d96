"""The recommender's catalog built from the database, memoised per process on a content fingerprint.

Building the cards reads every structure, offer, tag and territory (a few queries); the content
changes only on a back-office save or a data load, which both change :func:`empreinte`. The
fingerprint itself (two aggregate queries) is re-read at most once per second per process, and at
once after any commit made by this process: a save is seen immediately by the instance that made
it, and within a second by the others.
"""
from __future__ import annotations

import threading
import time

from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from wizard.models import Offre, Structure
from wizard.recommender import Catalog, ContactCard, OffreCard, StructureCard
from wizard.services.empreinte import empreinte, memo

#: Seconds during which a fingerprint read by this process is trusted.
FRAICHEUR = 1.0
_recent: dict[str, tuple[float, tuple]] = {}
_lock = threading.Lock()


@event.listens_for(Session, "after_commit")
def _forget_fingerprints(_session: Session) -> None:
    # Any commit of this process may have changed the content: re-read the fingerprint next time.
    _recent.clear()


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


def fingerprint(session: Session) -> tuple:
    """The content fingerprint, read from the database at most every FRAICHEUR seconds."""
    url = str(session.get_bind().url)
    now = time.monotonic()
    known = _recent.get(url)
    if known is not None and now - known[0] < FRAICHEUR:
        return known[1]
    found = empreinte(session)
    with _lock:
        _recent[url] = (now, found)
    return found


def catalogue(session: Session) -> Catalog:
    """The catalog of the current content, rebuilt only when the content fingerprint changes."""
    return memo(fingerprint(session), "catalogue-recommandation", lambda: construire(session))
