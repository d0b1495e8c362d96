"""The dashboard's data: a handful of queries, then the pure figures of ``synthese``."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wizard.ateliers.synthese import ParcoursFait, Tableau, calculer
from wizard.cartographie.couverture import besoins_enquete
from wizard.models import (
    Atelier,
    AtelierConnaissance,
    AtelierParcours,
    AtelierParticipant,
    AtelierReponseStructures,
    EnqueteConnaissance,
    Structure,
)
from wizard.runtime import fingerprint
from wizard.taxonomy import Taxonomy
from wizard.text import fold


@dataclass(frozen=True)
class ItemConnu:
    """One line of "Les structures que je connais": the survey's line, with the directory's presentation."""

    cle: str
    libelle: str
    structure_slug: str | None
    presentation: str
    enquete: int | None


def _cle(libelle: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(libelle)).strip("-")


def items_connus(session: Session) -> list[ItemConnu]:
    """The survey's knowledge lines, in its order: a structure slug names the line when it is the only
    line of that structure, else its label does (the Département has two lines, the GAL none)."""
    lignes = session.scalars(select(EnqueteConnaissance).order_by(EnqueteConnaissance.position)).all()
    par_slug = Counter(ligne.structure_slug for ligne in lignes if ligne.structure_slug)
    slugs = [ligne.structure_slug for ligne in lignes if ligne.structure_slug]
    presentations = dict(session.execute(select(Structure.slug, Structure.presentation)
                                         .where(Structure.slug.in_(slugs))).all())
    return [ItemConnu(cle=ligne.structure_slug if ligne.structure_slug and par_slug[ligne.structure_slug] == 1
                      else _cle(ligne.libelle),
                      libelle=ligne.libelle, structure_slug=ligne.structure_slug,
                      presentation=_premiere_phrase(presentations.get(ligne.structure_slug) or ""),
                      enquete=ligne.panel)
            for ligne in lignes]


def _premiere_phrase(texte: str) -> str:
    """The presentation's first sentence: one line under the checkbox, on a phone."""
    texte = " ".join(texte.split())
    m = re.search(r"(?<=[.!?])\s", texte)
    return texte[:m.start()] if m else texte


def tableau(session: Session, atelier: Atelier, taxonomy: Taxonomy) -> Tableau:
    """The figures of one session beside the survey's."""
    return tableau_de(session, [atelier.id], taxonomy)


def tableau_de(session: Session, ids: Sequence[int], taxonomy: Taxonomy) -> Tableau:
    """The figures of several sessions taken together (participants are distinct across sessions)."""
    nb = session.scalar(select(func.count()).select_from(AtelierParticipant)
                        .where(AtelierParticipant.atelier_id.in_(ids))) or 0
    faits = [ParcoursFait(pid, tuple(th or ()), besoin, tuple(st or ()), bool(nc))
             for pid, th, besoin, st, nc in session.execute(
                 select(AtelierParcours.participant_id, AtelierParcours.thematiques, AtelierParcours.besoin,
                        AtelierParcours.structures, AtelierParcours.non_couvert)
                 .where(AtelierParcours.atelier_id.in_(ids)))]
    connaissances: dict[int, set[str]] = {
        pid: set() for pid in session.scalars(select(AtelierReponseStructures.participant_id)
                                              .where(AtelierReponseStructures.atelier_id.in_(ids)))}
    for pid, cle in session.execute(select(AtelierConnaissance.participant_id, AtelierConnaissance.structure_slug)
                                    .where(AtelierConnaissance.atelier_id.in_(ids))):
        connaissances.setdefault(pid, set()).add(cle)
    # The survey's lines and rates change only with a data load: memoised on the content fingerprint.
    cle = fingerprint.fingerprint(session)
    items = fingerprint.memo(cle, ("ateliers", "items_connus"), lambda: items_connus(session))
    enquete = fingerprint.memo(cle, ("ateliers", "besoins_enquete"), lambda: besoins_enquete(session))
    recommandees = {s for f in faits for s in f.structures}
    noms = dict(session.execute(select(Structure.slug, func.coalesce(Structure.sigle, Structure.nom))
                                .where(Structure.slug.in_(recommandees))).all()) if recommandees else {}
    return calculer(
        nb, faits, connaissances,
        thematiques={k: t.label for k, t in taxonomy.terms("thematiques").items()},
        besoins={k: t.label for k, t in taxonomy.terms("besoins").items()},
        structures=noms, items_connus={i.cle: i.libelle for i in items},
        enquete_besoins=enquete,
        enquete_connaissance={i.cle: i.enquete for i in items if i.enquete is not None})
