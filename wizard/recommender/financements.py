"""Financements mobilisables: the programmes that fund this request and that the asker may use.

Eligibility is applied, not printed: a programme reserved to labelled communes, above a
population ceiling, for another type of collectivité or already closed is left out; where the
data cannot decide (a condition on the potentiel financier…), it is shown with "vérifiez votre
éligibilité" and the rule in words.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..francais import de
from .catalog import Catalog, DispositifCard
from .demande import Demande

#: Programmes shown under the call list, at most.
MAX_FINANCEMENTS = 6


@dataclass(frozen=True)
class Financement:
    """A programme the asker can apply to, and how sure that is."""

    dispositif: DispositifCard
    #: True when the data says the asker is eligible; False: eligible only under a condition to check.
    eligible: bool
    raison: str


def end_of(date: str | None) -> dt.date | None:
    """The last day a date written AAAA, AAAA-MM or AAAA-MM-JJ covers."""
    if not date:
        return None
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(*parts)


def _communes(demande: Demande) -> set[str]:
    if demande.commune is not None:
        return {demande.commune}
    return set(demande.membres) if demande.type_collectivite == "epci" else set()


def assess(d: DispositifCard, demande: Demande, today: dt.date) -> Financement | None:
    """Whether the asker may use programme ``d`` for this request (None: not shown)."""
    if not d.financement:
        return None
    ends = end_of(d.fin)
    if ends is not None and ends < today:
        return None
    if d.thematiques and not d.thematiques & demande.thematiques:
        return None
    if d.besoins and demande.besoin not in d.besoins:
        return None
    kind = demande.type_collectivite
    if d.types_collectivite and kind not in d.types_collectivite:
        return None
    if d.communes_listees and not _communes(demande) & d.communes:
        return None
    is_commune = kind in (None, "commune") and demande.population is not None
    if is_commune and d.population_max is not None and demande.population > d.population_max:
        return None
    if kind == "epci" and d.epci_population_max is not None and demande.epci_population is not None \
            and demande.epci_population > d.epci_population_max:
        return None
    if d.communes_listees:
        where = demande.commune_nom or "votre territoire"
        return Financement(d, True, f"Réservé aux communes labellisées : c'est le cas {de(where)}.")
    if is_commune and d.population_sous_condition is not None and demande.population > d.population_sous_condition:
        return Financement(d, False, "Vérifiez votre éligibilité : " + (d.eligibilite or "une condition s'applique."))
    if d.eligibilite and not d.types_collectivite and d.population_max is None:
        return Financement(d, False, "Vérifiez votre éligibilité : " + d.eligibilite)
    return Financement(d, True, d.eligibilite or "")


def financements(catalog: Catalog, demande: Demande, today: dt.date | None = None) -> list[Financement]:
    """The programmes to mention beside the call list, subject-specific ones first."""
    today = today or dt.date.today()
    found = [f for d in catalog.dispositifs if (f := assess(d, demande, today)) is not None]
    found.sort(key=lambda f: (not f.dispositif.thematiques & demande.thematiques, not f.eligible,
                              f.dispositif.nom.casefold()))
    return found[:MAX_FINANCEMENTS]
