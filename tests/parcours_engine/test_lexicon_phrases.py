"""The real lexicon on project phrases a maire or a secrétaire de mairie writes.

Each row: the words typed in « Votre projet en quelques mots », the thématiques the next step
must pre-tick (others may be ticked too), and the type of help pre-selected on the radio step
(None: no expectation). The besoin radio is pre-selected only when exactly one type matches.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from wizard.parcours_engine import compile_parcours
from wizard.parcours_engine.runtime import State, suggestions
from wizard.taxonomy import load_taxonomy

ROOT = Path(__file__).parents[2]

PHRASES = [
    ("rénover l'école et isoler la toiture", ('architecture-batiment', 'transition-energetique'), None),
    ('refaire la voirie du bourg', ('voirie',), None),
    ('créer une maison de santé', ('sante',), None),
    ('installer des panneaux photovoltaïques sur la salle des fêtes',
     ('transition-energetique', 'architecture-batiment'), None),
    ("passer un marché public de maîtrise d'œuvre", (), 'juridique'),
    ('mise en conformité RGPD de la mairie', ('administration-personnel',), 'juridique'),
    ('publier nos données en open data', ('numerique',), 'donnees'),
    ('mettre en place un SIG intercommunal', ('numerique',), 'donnees'),
    ('formation des nouveaux élus', (), 'formation'),
    ('former la secrétaire de mairie à la M57', ('finances-locales', 'administration-personnel'), 'formation'),
    ('recruter une secrétaire de mairie', ('administration-personnel',), None),
    ('remplacer la secrétaire de mairie pendant son congé', ('administration-personnel',), None),
    ('réviser le PLU de la commune', ('urbanisme',), None),
    ('modifier la carte communale pour un lotissement', ('urbanisme',), None),
    ('instruire un permis de construire contesté', ('urbanisme',), None),
    ('acheter un terrain en centre-bourg pour des logements',
     ('amenagement-foncier', 'logement'), 'foncier-immobilier'),
    ('reconvertir une friche industrielle', ('amenagement-foncier',), None),
    ('sauver le dernier commerce du village', ('developpement-economique',), None),
    ('reprendre le bar-restaurant de la commune', ('developpement-economique',), None),
    ('aménager une aire de covoiturage', ('mobilite',), None),
    ('créer une piste cyclable vers le collège', ('mobilite',), None),
    ('sécuriser la traversée de bourg', ('voirie',), None),
    ('réparer un pont fissuré', ('voirie',), 'technique'),
    ("mettre aux normes la station d'épuration", ('eau',), None),
    ("réhabiliter la lagune d'assainissement", ('eau',), None),
    ("protéger le captage d'eau potable", ('eau',), None),
    ('réduire les biodéchets à la cantine', ('dechets', 'agriculture-alimentation'), None),
    ('lutter contre les dépôts sauvages', ('dechets',), None),
    ('approvisionner la cantine en produits locaux', ('agriculture-alimentation',), None),
    ('organiser un marché de producteurs le vendredi', ('agriculture-alimentation',), None),
    ('replanter des haies bocagères', ('paysage', 'biodiversite'), None),
    ("créer un îlot de fraîcheur dans la cour d'école", ('climat',), None),
    ('élaborer le plan climat de la communauté', ('climat',), None),
    ('rendre la mairie accessible aux personnes handicapées', ('architecture-batiment',), None),
    ("demander une dérogation d'accessibilité pour l'église", ('architecture-batiment',), 'juridique'),
    ('reprendre des concessions au cimetière', ('paysage',), 'juridique'),
    ('organiser une réunion publique sur le projet de place', ('concertation',), 'communication'),
    ("consulter les habitants sur l'aménagement du bourg", ('concertation',), None),
    ('refaire le site internet de la commune', ('numerique',), 'communication'),
    ('améliorer la couverture mobile', ('numerique',), None),
    ('ouvrir un espace France services', ('numerique',), None),
    ('créer une micro-crèche', ('education-formation',), None),
    ('agrandir la cantine scolaire', ('architecture-batiment', 'education-formation'), None),
    ('construire une résidence seniors', ('vieillissement', 'logement'), None),
    ('adapter les logements au vieillissement', ('vieillissement',), None),
    ('rénover un logement communal vacant', ('logement',), None),
    ('monter le dossier de subvention DETR', ('finances-locales',), 'financiere'),
    ('trouver des financements pour la rénovation de la salle', ('architecture-batiment',), 'financiere'),
    ('préparer le budget et la prospective financière', ('finances-locales',), None),
    ('renégocier un emprunt de la commune', ('finances-locales',), None),
    ('aménager un camping municipal', ('tourisme',), None),
    ('créer un chemin de randonnée', ('tourisme',), None),
    ('valoriser le patrimoine pour attirer des visiteurs', ('tourisme',), None),
    ('élaborer notre projet de territoire avec la communauté de communes', ('projet-de-territoire',), None),
    ('candidater à Petites villes de demain', ('projet-de-territoire',), None),
    ('installer une chaufferie bois et un réseau de chaleur', ('transition-energetique',), None),
    ("réduire la facture d'énergie de l'éclairage public", ('transition-energetique',), None),
    ('remplacer les candélabres par des LED', ('transition-energetique',), None),
    ('restaurer une zone humide', ('biodiversite',), None),
    ('réaliser un atlas de la biodiversité communale', ('biodiversite',), None),
    ('gérer les eaux pluviales du lotissement', ('eau',), None),
    ('étude de faisabilité pour une salle polyvalente', ('architecture-batiment',), None),
    ("cahier des charges pour un bureau d'études voirie", ('voirie',), 'technique'),
    ('qui contacter pour un projet de logements', ('logement',), 'accompagnement'),
    ('statistiques de population pour notre diagnostic', (), 'donnees'),
    ('bulletin municipal et communication aux habitants', (), 'communication'),
    ("défense extérieure contre l'incendie", ('eau',), None),
]

#: Words that used to pre-tick the wrong answer, and what they must not give.
MISSES = [
    ("passer un marché public de travaux", "thematique", "agriculture-alimentation"),
    ("mise en conformité RGPD de la mairie", "thematique", "architecture-batiment"),
    ("mettre en place un SIG intercommunal", "thematique", "paysage"),
    ("formation de la secrétaire de mairie", "thematique", "architecture-batiment"),
    ("recruter une secrétaire de mairie", "besoin", "formation"),
]


@pytest.fixture(scope="module")
def parcours():
    return compile_parcours(ROOT / "parcours", load_taxonomy(ROOT / "data" / "taxonomie.yaml"))


def _suggested(parcours, text: str, step: str) -> tuple[str, ...]:
    state = State(answers={"projet": (text,)}, path=("projet", step), current=step)
    return suggestions(parcours, state, step)


def test_the_list_is_long_enough_to_mean_something():
    assert len(PHRASES) >= 60


@pytest.mark.parametrize("text, thematiques, besoin", PHRASES, ids=[p[0][:40] for p in PHRASES])
def test_project_words_preselect_the_next_answers(parcours, text, thematiques, besoin):
    ticked = _suggested(parcours, text, "thematique")
    assert set(thematiques) <= set(ticked), ticked
    if besoin is not None:
        assert _suggested(parcours, text, "besoin") == (besoin,)


@pytest.mark.parametrize("text, step, wrong", MISSES)
def test_known_misses_stay_fixed(parcours, text, step, wrong):
    assert wrong not in _suggested(parcours, text, step)


def test_an_ambiguous_type_of_help_is_not_guessed(parcours):
    # "bureau d'études" (technique) and "subvention" (financière): the radio stays empty.
    assert _suggested(parcours, "subvention pour payer le bureau d'études", "besoin") == ()
