"""Subscriptions: double opt-in, one-click unsubscribe, and the news each confirmed address receives."""
from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wizard.models import Abonnement, Actualite
from wizard.models.suggestion import utcnow

#: An address never confirmed is forgotten after this delay.
DELAI_CONFIRMATION = dt.timedelta(days=7)


def inscrire(session: Session, email: str, territoire: str, thematiques: list[str]) -> Abonnement:
    """Record a pending subscription (caller commits and mails the confirmation link)."""
    abonnement = Abonnement(email=email.strip().lower(), territoire=territoire, thematiques=sorted(set(thematiques)),
                            jeton=secrets.token_urlsafe(32))
    session.add(abonnement)
    return abonnement


def par_jeton(session: Session, jeton: str) -> Abonnement | None:
    return session.scalar(select(Abonnement).where(Abonnement.jeton == jeton)) if jeton else None


def confirmer(session: Session, abonnement: Abonnement, now: dt.datetime | None = None) -> None:
    """Activate it; it receives the news published from now on, not the older ones."""
    if abonnement.confirme_le is None:
        abonnement.confirme_le = now or utcnow()
        abonnement.derniere_actualite = session.scalar(select(func.max(Actualite.id))) or 0


def desabonner(session: Session, abonnement: Abonnement) -> None:
    """Delete the subscription: nothing is kept about the address."""
    session.delete(abonnement)


def purger_non_confirmes(session: Session, now: dt.datetime) -> int:
    """Forget the addresses that never confirmed within the delay."""
    result = session.execute(delete(Abonnement).where(Abonnement.confirme_le.is_(None),
                                                      Abonnement.cree_le < now - DELAI_CONFIRMATION))
    return result.rowcount or 0


def concerne(abonnement: Abonnement, actualite: Actualite, departement: str,
             epci_de: Callable[[str], str | None]) -> bool:
    """Whether a news item matches the subscription's territory and thématiques.

    A news item without territory (or naming the département) concerns everybody; one naming communes
    or EPCI concerns a subscriber of one of them (a commune's subscriber also follows its EPCI). An item
    without thématique (a transversal offer, a training) concerns every subject.
    """
    zones = set(actualite.territoires or ())
    if abonnement.territoire and zones and departement not in zones:
        mine = {abonnement.territoire, epci_de(abonnement.territoire) or ""}
        if not zones & mine:
            return False
    sujets = set(actualite.thematiques or ())
    return not abonnement.thematiques or not sujets or bool(sujets & set(abonnement.thematiques))


def a_envoyer(session: Session, departement: str,
              epci_de: Callable[[str], str | None]) -> list[tuple[Abonnement, list[Actualite]]]:
    """Each confirmed subscription with the news it has not received yet; marks them as received (caller commits)."""
    dernieres = list(session.scalars(select(Actualite).order_by(Actualite.id)))
    if not dernieres:
        return []
    result = []
    for abonnement in session.scalars(select(Abonnement).where(Abonnement.confirme_le.is_not(None))):
        nouvelles = [a for a in dernieres if a.id > abonnement.derniere_actualite
                     and concerne(abonnement, a, departement, epci_de)]
        abonnement.derniere_actualite = dernieres[-1].id
        if nouvelles:
            result.append((abonnement, nouvelles))
    return result
