"""Synonym lexicon: free words ("rénover l'école") → taxonomy slugs, accent/case/plural tolerant.

Synonyms come from the taxonomy (``synonymes`` of each term, plus its label)
and from ``parcours/lexique.yaml`` (``vocabulaire: {slug: [mots…]}``), whose
``expressions_neutres`` ("mettre en place") match nothing but hide the words they contain.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..taxonomy import VOCABULARIES, Taxonomy
from ..text import tokens
from .errors import suggestion
from .source import Source, item_pos, key_pos, value_pos

#: Key of lexique.yaml (and pseudo-vocabulary of the index) of the expressions that mean nothing.
NEUTRES = "expressions_neutres"

#: A phrase is a tuple of normalised word stems.
Phrase = tuple[str, ...]


def phrase(text: str) -> Phrase:
    """Text → tuple of stems, without accents, case, elisions and stop words."""
    return tuple(tokens(text))


@dataclass(frozen=True)
class Lexicon:
    """Phrases indexed by their first stem, per vocabulary."""

    index: Mapping[str, Mapping[str, tuple[tuple[Phrase, str], ...]]]
    order: Mapping[str, Mapping[str, int]]

    def match(self, vocabulary: str, text: str) -> tuple[str, ...]:
        """Slugs of ``vocabulary`` whose synonyms occur in ``text``, in taxonomy order.

        A phrase inside a longer one that also matched, in any vocabulary, does not count:
        "marché public" is a procedure, not the "marché" of local produce."""
        if vocabulary not in self.order or vocabulary not in self.index or not text:
            return ()
        words = phrase(text)
        hits = [(i, i + len(stems), vocab, slug)
                for vocab, table in self.index.items()
                for i, word in enumerate(words)
                for stems, slug in table.get(word, ())
                if words[i:i + len(stems)] == stems]
        def hidden(start: int, end: int) -> bool:
            return any(s <= start and end <= e and (e - s > end - start or v == NEUTRES)
                       for s, e, v, _ in hits)
        found = {slug for start, end, vocab, slug in hits if vocab == vocabulary and not hidden(start, end)}
        rank = self.order[vocabulary]
        return tuple(sorted(found, key=lambda s: rank.get(s, len(rank))))


def build_lexicon(taxonomy: Taxonomy, extra: Mapping[str, Mapping[str, Iterable[str]]]) -> Lexicon:
    """Merge taxonomy synonyms and labels with the extra YAML synonyms."""
    index: dict[str, dict[str, tuple[tuple[Phrase, str], ...]]] = {}
    order: dict[str, Mapping[str, int]] = {}
    for vocabulary in VOCABULARIES:
        terms = taxonomy.vocabularies.get(vocabulary, {})
        order[vocabulary] = MappingProxyType({slug: i for i, slug in enumerate(terms)})
        pairs: set[tuple[Phrase, str]] = set()
        for slug, term in terms.items():
            words = [term.label, *term.synonymes, *extra.get(vocabulary, {}).get(slug, ())]
            pairs.update((phrase(w), slug) for w in words)
        table: dict[str, list[tuple[Phrase, str]]] = {}
        for stems, slug in pairs:
            if stems:
                table.setdefault(stems[0], []).append((stems, slug))
        # Sorted for a deterministic structure whatever the set order was.
        index[vocabulary] = {k: tuple(sorted(v)) for k, v in table.items()}
    neutral: dict[str, list[tuple[Phrase, str]]] = {}
    for words in extra.get(NEUTRES, {}).values():
        for stems in {phrase(w) for w in words} - {()}:
            neutral.setdefault(stems[0], []).append((stems, ""))
    if neutral:
        index[NEUTRES] = {k: tuple(sorted(v)) for k, v in neutral.items()}
    return Lexicon(MappingProxyType({k: MappingProxyType(v) for k, v in index.items()}),
                   MappingProxyType(order))


def read_lexicon_yaml(src: Source, taxonomy: Taxonomy) -> dict[str, dict[str, list[str]]]:
    """Validate ``lexique.yaml`` (unknown vocabulary or slug…) and return its synonyms."""
    data: Any = src.data
    if data is None:
        return {}
    if not isinstance(data, dict):
        src.error((0, 0), "Le lexique doit associer à chaque vocabulaire ses slugs et leurs synonymes.")
        return {}
    out: dict[str, dict[str, list[str]]] = {}
    src.check_keys(data, (*VOCABULARIES, NEUTRES), "le lexique")
    for vocabulary, entries in data.items():
        if vocabulary == NEUTRES:
            if not isinstance(entries, list):
                src.error(value_pos(data, vocabulary), f"« {NEUTRES} » doit être une liste d'expressions.")
            else:
                out[NEUTRES] = {"": [str(w) for w in entries]}
            continue
        if vocabulary not in VOCABULARIES:
            continue
        if not isinstance(entries, dict):
            src.error(value_pos(data, vocabulary),
                      f"« {vocabulary} » doit associer des slugs à des listes de mots.")
            continue
        for slug, words in entries.items():
            if not taxonomy.has(vocabulary, str(slug)):
                src.error(key_pos(entries, slug),
                          f"Slug inconnu « {slug} » dans le vocabulaire « {vocabulary} »"
                          f"{suggestion(taxonomy.suggest(vocabulary, str(slug)))}.")
                continue
            if not isinstance(words, list):
                src.error(value_pos(entries, slug), f"Les synonymes de « {slug} » doivent être une liste.")
                continue
            for i, word in enumerate(words):
                if not phrase(str(word)):
                    src.error(item_pos(words, i),
                              f"Le synonyme « {word} » ne contient aucun mot significatif.")
            out.setdefault(str(vocabulary), {})[str(slug)] = [str(w) for w in words]
    return out
