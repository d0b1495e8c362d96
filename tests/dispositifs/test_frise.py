"""The timeline service: published dates, status against an injected "today", bar geometry."""
from __future__ import annotations

import datetime as dt

import pytest

from wizard.dispositifs.frise import axe, parse_date, programme, statut
from wizard.models import Dispositif

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(("value", "fin", "expected"), [
    ("2026", False, dt.date(2026, 1, 1)), ("2026", True, dt.date(2026, 12, 31)),
    ("2024-02", True, dt.date(2024, 2, 29)), ("2020-10-01", True, dt.date(2020, 10, 1)), (None, True, None)])
def test_parse_published_dates(value, fin, expected):
    assert parse_date(value, fin=fin) == expected


@pytest.mark.parametrize(("debut", "fin", "today", "expected"), [
    ("2020-10-01", "2026", TODAY, "bientot"),          # ends 31 Dec 2026: within 12 months
    ("2020-10-01", "2026", dt.date(2027, 1, 1), "termine"),
    ("2021", "2027-06", TODAY, "bientot"),
    ("2023", "2028", TODAY, "en-cours"),                # ends in more than 12 months
    ("2016-06-23", "2020", TODAY, "termine"),
    ("2023-06-15", None, TODAY, "en-cours"),            # unknown end is never "ending soon"
    ("2027", None, TODAY, "a-venir"),
    (None, None, TODAY, "en-cours"),
])
def test_status_against_today(debut, fin, today, expected):
    assert statut(debut, fin, today) == expected


def test_bars_fit_the_axis():
    items = [Dispositif(slug="a", nom="A", debut="2015-07-03", fin="2023"),
             Dispositif(slug="b", nom="B", debut="2023", fin=None),
             Dispositif(slug="c", nom="C", debut=None, fin="2028")]
    lo, hi = axe(items, TODAY)
    assert (lo, hi) == (2015, 2028)
    bars = [programme(d, TODAY, lo, hi) for d in items]
    for bar in bars:
        assert 0 <= bar.x < 100 and bar.largeur > 0 and bar.x + bar.largeur <= 100.01
    assert bars[1].fin_connue is False and bars[1].x + bars[1].largeur == pytest.approx(100, abs=0.01)
    assert bars[2].x == 0  # unknown start drawn from the axis start
    assert bars[0].statut == "termine"
