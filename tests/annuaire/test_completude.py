"""The completeness score of a fiche (the back-office dashboard's to-do list; the public fiche does not show it).

v2: reachable channels weigh most and count only when they cite a declared source; freshness is the
age of the fiche's newest source (its own date, else the day it was consulted).
"""
from __future__ import annotations

import datetime as dt

from wizard.annuaire.completude import completude
from wizard.models import Contact, Offre, Source, Structure

TODAY = dt.date(2026, 11, 25)
CHANNEL = "un moyen de la joindre vérifié (téléphone, courriel, formulaire ou page contact)"


def structure(**kwargs) -> Structure:
    defaults = dict(slug="s", nom="S", categorie="autre", presentation="")
    return Structure(**{**defaults, **kwargs})


def complete(date: str | None = (TODAY - dt.timedelta(days=10)).isoformat(), consulte_le: str | None = None,
             contact: dict | None = None, cout: str = "gratuit") -> Structure:
    """A fiche with every item, its one source dated ``date``."""
    return structure(
        site_web="https://x.fr", faits_sources=["site"],
        sources=[Source(cle="site", titre="Site officiel", editeur="S", url="https://x.fr", date=date,
                        consulte_le=consulte_le)],
        contacts=[Contact(libelle="Accueil", **(contact or {"telephone": "02 43 00 00 00", "email": "a@x.fr",
                                                            "source_cle": "site"}))],
        offres=[Offre(slug="o", titre="O", description="Conseil", cout=cout, source_cles=["site"])])


def test_empty_fiche_scores_zero_and_lists_everything():
    result = completude(structure(), today=TODAY)
    assert result.score == 0 and result.niveau == "faible" and result.libelle == "Fiche à compléter"
    for missing in (CHANNEL, "un numéro de téléphone", "une adresse électronique", "le site officiel",
                    "la description des offres", "des sources officielles pour chaque fait",
                    "une source de moins de 1 an"):
        assert missing in result.manques


def test_complete_and_fresh_fiche_scores_100():
    result = completude(complete(), today=TODAY)
    assert result.score == 100 and result.manques == [] and result.libelle == "Fiche complète"


def test_a_contact_without_a_declared_source_counts_for_nothing():
    unsourced = complete(contact={"telephone": "02 43 00 00 00", "email": "a@x.fr", "source_cle": None})
    result = completude(unsourced, today=TODAY)
    assert result.score == 50  # 100 - 30 (no verified channel) - 10 (phone) - 10 (e-mail)
    assert {CHANNEL, "un numéro de téléphone", "une adresse électronique"} <= set(result.manques)
    wrong_key = complete(contact={"telephone": "02 43 00 00 00", "source_cle": "absente"})
    assert completude(wrong_key, today=TODAY).score == 50


def test_channels_are_weighted_a_contact_page_alone_reaches_the_structure():
    page_only = complete(contact={"page_contact": "https://x.fr/contact", "source_cle": "site"})
    result = completude(page_only, today=TODAY)
    assert result.score == 80 and result.niveau == "complete"
    assert CHANNEL not in result.manques
    assert {"un numéro de téléphone", "une adresse électronique"} <= set(result.manques)


def test_freshness_comes_from_the_newest_source_and_unknown_cost_lowers_the_score():
    stale = complete(date=(TODAY - dt.timedelta(days=500)).isoformat(), cout="inconnu")
    result = completude(stale, today=TODAY)
    assert result.score == 90  # 100 - 5 (cost unknown) - 5 (newest source 500 days old: half freshness)
    assert "le coût de chaque offre" in result.manques and "une source de moins de 1 an" in result.manques
    assert completude(complete(date="2019"), today=TODAY).score == 90  # older than two years: no freshness
    # A document without a date counts from the day it was consulted.
    assert completude(complete(date=None, consulte_le="2026-11-01"), today=TODAY).score == 100


def test_offers_without_sources_leave_the_facts_unsourced():
    fiche = complete()
    fiche.offres[0].source_cles = []
    assert "des sources officielles pour chaque fait" in completude(fiche, today=TODAY).manques
