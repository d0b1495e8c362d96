"""Reading the news for the page and the feed: filters from the query string, matching a territory."""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.abonnements.service import concerne
from wizard.models import Abonnement, Actualite, Commune
from wizard.taxonomy import Taxonomy

LIMITE = 50


def choix(taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(slug, label) of the thématiques a subscriber can follow."""
    return [(t.slug, t.label) for t in taxonomy.terms("thematiques").values()]


def epci_de(session: Session):
    """commune INSEE code → its EPCI's SIREN (an unknown code has none)."""
    table = dict(session.execute(select(Commune.code, Commune.epci_code)).all())
    return table.get


def actualites_filtrees(session: Session, args: Mapping, departement: str) -> tuple[str, str, list[Actualite]]:
    """(territoire, thématique, latest news matching them); unknown values are ignored, not fatal."""
    territoire = "".join(ch for ch in str(args.get("territoire", "")) if ch.isalnum())[:9]
    thematique = str(args.get("thematique", ""))[:80]
    filtre = Abonnement(territoire=territoire, thematiques=[thematique] if thematique else [])
    lookup = epci_de(session)
    items = [a for a in session.scalars(select(Actualite).order_by(Actualite.id.desc()).limit(500))
             if concerne(filtre, a, departement, lookup)]
    return territoire, thematique, items[:LIMITE]
