"""The synonym lexicon: accent-, case-, plural- and elision-tolerant matching."""
from __future__ import annotations

import pytest

from wizard.parcours_engine.lexicon import build_lexicon, phrase
from wizard.text import stem


@pytest.mark.parametrize("text, expected", [
    ("Rénover l'ÉCOLE", ("renover", "ecole")),
    ("les routes du bourg", ("route", "bourg")),
    ("réseaux d'eaux pluviales", ("reseau", "eau", "pluviale")),
    ("Salle des fêtes", ("salle", "fete")),
    ("cœur de bourg", ("coeur", "bourg")),
])
def test_phrase(text, expected):
    assert phrase(text) == expected


@pytest.mark.parametrize("word, expected", [
    ("routes", "route"), ("travaux", "traval"), ("eaux", "eau"), ("bus", "bus"), ("locaux", "local"),
    ("cours", "cour"), ("adresse", "adresse"),
])
def test_stem_makes_plurals_meet_singulars(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize("text, slug", [
    ("rénover l'école", "architecture-batiment"),
    ("RENOVER L'ECOLE", "architecture-batiment"),
    ("refaire les routes", "voirie"),
    ("Les trottoirs et la chaussée", "voirie"),
    ("des nids de poules", "voirie"),          # lexique.yaml of the mini fixture, plural
    ("créer une maison de santé", "sante"),
    ("panneaux photovoltaïques sur le toit", "transition-energetique"),
    ("nos salles des fêtes", "architecture-batiment"),
])
def test_project_words_preselect_thematiques(mini, text, slug):
    assert slug in mini.lexicon.match("thematiques", text)


def test_matches_are_in_taxonomy_order_and_unique(mini):
    found = mini.lexicon.match("thematiques", "une route, puis l'école, puis encore la route")
    order = ["architecture-batiment", "voirie"]
    assert [s for s in found if s in order] == order and len(found) == len(set(found))


def test_nothing_matches_unrelated_or_empty_text(mini):
    assert mini.lexicon.match("thematiques", "") == ()
    assert mini.lexicon.match("thematiques", "bonjour madame") == ()
    assert mini.lexicon.match("inconnu", "route") == ()


def test_phrases_need_all_their_words_in_order(taxonomy):
    lexicon = build_lexicon(taxonomy, {"thematiques": {"sante": ["maison de santé"]}})
    assert "sante" in lexicon.match("thematiques", "la maison de santé")
    assert lexicon.match("thematiques", "la maison") == ()


def test_taxonomy_synonyms_and_extra_yaml_are_merged(taxonomy):
    lexicon = build_lexicon(taxonomy, {"thematiques": {"paysage": ["tilleul"]}})
    assert lexicon.match("thematiques", "planter des tilleuls") == ("paysage",)
    assert "voirie" in lexicon.match("thematiques", "trottoir")  # from data/taxonomie.yaml synonymes
    assert "voirie" in lexicon.match("thematiques", "Voirie")    # the label itself


def test_a_phrase_inside_a_longer_match_of_another_vocabulary_does_not_count(taxonomy):
    lexicon = build_lexicon(taxonomy, {"thematiques": {"agriculture-alimentation": ["marché"]},
                                       "besoins": {"juridique": ["marché public"]}})
    assert lexicon.match("besoins", "un marché public de travaux") == ("juridique",)
    assert lexicon.match("thematiques", "un marché public de travaux") == ()
    assert lexicon.match("thematiques", "le marché du samedi") == ("agriculture-alimentation",)


def test_neutral_expressions_hide_the_words_they_contain(taxonomy):
    extra = {"thematiques": {"paysage": ["place"]}, "expressions_neutres": {"": ["mettre en place"]}}
    lexicon = build_lexicon(taxonomy, extra)
    assert lexicon.match("thematiques", "mettre en place un logiciel") == ()
    assert "paysage" in lexicon.match("thematiques", "refaire la place du bourg")
    assert lexicon.match("expressions_neutres", "mettre en place") == ()
