"""The programmes (dispositifs) on a timeline: status against a given day, and bar geometry per year span.

"Today" is a parameter so tests can fix it. Dates stay as published ("2026", "2023-06",
"2020-10-01"): a year alone means "some time that year", so it starts on 1 January and
ends on 31 December.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.models import Dispositif

#: "Se termine bientôt": the known end falls within this many days after today.
BIENTOT_JOURS = 365
#: ``?etat=`` values of the filter.
ETATS = {"": "Tous", "en-cours": "En cours ou à venir", "termines": "Terminés"}
STATUTS = {
    "termine": "Terminé",
    "bientot": "Se termine bientôt",
    "en-cours": "En cours",
    "a-venir": "À venir",
}


def parse_date(value: str | None, fin: bool = False) -> dt.date | None:
    """A published date as a day: the first day of the period, or its last day when ``fin``."""
    if not value:
        return None
    parts = [int(p) for p in str(value).split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (12 if fin else 1)
    if len(parts) > 2:
        return dt.date(year, month, parts[2])
    return dt.date(year, month, calendar.monthrange(year, month)[1] if fin else 1)


def statut(debut: str | None, fin: str | None, today: dt.date) -> str:
    """termine | bientot | en-cours | a-venir, for a programme against ``today``."""
    start, end = parse_date(debut), parse_date(fin, fin=True)
    if end is not None and end < today:
        return "termine"
    if start is not None and start > today:
        return "a-venir"
    if end is not None and (end - today).days <= BIENTOT_JOURS:
        return "bientot"
    return "en-cours"


@dataclass(frozen=True)
class Programme:
    """A programme as the timeline shows it."""

    dispositif: Dispositif
    statut: str
    fin_connue: bool
    # Bar geometry in per cent of the axis width (an SVG's user units).
    x: float
    largeur: float

    @property
    def statut_label(self) -> str:
        return STATUTS[self.statut]


@dataclass(frozen=True)
class Frise:
    """The filtered programmes and the year axis they are drawn on."""

    programmes: tuple[Programme, ...]
    annee_min: int
    annee_max: int
    today: dt.date
    total: int

    @property
    def annees(self) -> list[int]:
        return list(range(self.annee_min, self.annee_max + 1))

    @property
    def aujourdhui(self) -> float:
        """x (in % of the axis) of today."""
        span = (dt.date(self.annee_max + 1, 1, 1) - dt.date(self.annee_min, 1, 1)).days
        return round(100 * (self.today - dt.date(self.annee_min, 1, 1)).days / span, 2)

    def position(self, annee: int) -> float:
        """x (in % of the axis) of 1 January of ``annee``."""
        return round(100 * (annee - self.annee_min) / (self.annee_max + 1 - self.annee_min), 2)


def axe(dispositifs: Sequence[Dispositif], today: dt.date) -> tuple[int, int]:
    """First and last year of the axis: every known date, and today, fit on it."""
    years = [today.year]
    for d in dispositifs:
        for value in (d.debut, d.fin):
            if value:
                years.append(int(str(value)[:4]))
    return min(years), max(years)


def programme(d: Dispositif, today: dt.date, annee_min: int, annee_max: int) -> Programme:
    """Status and bar of one programme; an unknown end runs to the end of the axis."""
    span = (dt.date(annee_max + 1, 1, 1) - dt.date(annee_min, 1, 1)).days
    start = parse_date(d.debut) or dt.date(annee_min, 1, 1)
    end = parse_date(d.fin, fin=True) or dt.date(annee_max, 12, 31)
    x = 100 * (start - dt.date(annee_min, 1, 1)).days / span
    width = max(0.8, 100 * ((end - start).days + 1) / span)
    return Programme(dispositif=d, statut=statut(d.debut, d.fin, today), fin_connue=bool(d.fin),
                     x=round(x, 2), largeur=round(min(width, 100 - x), 2))


def frise(session: Session, today: dt.date, thematique: str | None = None, structure: str | None = None,
          etat: str | None = None) -> Frise:
    """The timeline: programmes filtered by thématique, structure (porteur or partner) and state."""
    every = session.scalars(select(Dispositif)).all()
    annee_min, annee_max = axe(every, today)
    items = [programme(d, today, annee_min, annee_max) for d in every]
    if thematique:
        items = [p for p in items if thematique in (p.dispositif.thematiques or [])]
    if structure:
        items = [p for p in items if structure in (p.dispositif.structures or [])]
    if etat == "termines":
        items = [p for p in items if p.statut == "termine"]
    elif etat == "en-cours":
        items = [p for p in items if p.statut != "termine"]
    items.sort(key=lambda p: (parse_date(p.dispositif.debut) or dt.date.min, p.dispositif.nom.casefold()))
    return Frise(programmes=tuple(items), annee_min=annee_min, annee_max=annee_max, today=today, total=len(every))
