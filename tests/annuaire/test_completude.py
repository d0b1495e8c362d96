"""The completeness score of a fiche (reused by the back-office dashboard)."""
from __future__ import annotations

import datetime as dt

from wizard.annuaire.completude import completude
from wizard.models import Contact, Offre, Source, Structure

TODAY = dt.date(2026, 11, 25)


def structure(**kwargs) -> Structure:
    defaults = dict(slug="s", nom="S", categorie="autre", confiance="haute", presentation="")
    return Structure(**{**defaults, **kwargs})


def test_empty_fiche_scores_zero_and_lists_everything():
    result = completude(structure(), today=TODAY)
    assert result.score == 0
    assert result.niveau == "faible"
    assert "un numéro de téléphone" in result.manques and "des sources publiques" in result.manques
    assert any("vérification" in m for m in result.manques)


def test_complete_and_fresh_fiche_scores_100():
    s = structure(site_web="https://x.fr", verifie_le=TODAY - dt.timedelta(days=10),
                  contacts=[Contact(libelle="Accueil", telephone="02 43 00 00 00", email="a@x.fr", adresse="Laval")],
                  offres=[Offre(slug="o", titre="O", description="Conseil", cout="gratuit")],
                  sources=[Source(url="https://x.fr", date="2026")])
    result = completude(s, today=TODAY)
    assert result.score == 100 and result.manques == [] and result.libelle == "Fiche complète"


def test_stale_verification_and_unknown_cost_lower_the_score():
    s = structure(site_web="https://x.fr", verifie_le=TODAY - dt.timedelta(days=500),
                  contacts=[Contact(libelle="Accueil", telephone="02 43 00 00 00", email="a@x.fr", adresse="Laval")],
                  offres=[Offre(slug="o", titre="O", description="Conseil", cout="inconnu")],
                  sources=[Source(url="https://x.fr", date="2026")])
    result = completude(s, today=TODAY)
    assert result.score == 88  # 100 - 5 (cost unknown) - 7.5 (verified 500 days ago: half freshness)
    assert "le coût de chaque offre" in result.manques
