"""Synonym lexicon: free words ("rénover l'école") → taxonomy slugs, accent/case/plural tolerant.

Synonyms come from the taxonomy (``synonymes`` of each term, plus its label)
and from ``parcours/lexique.yaml`` (``vocabulaire: {slug: [mots…]}``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from ..taxonomy import VOCABULARIES, Taxonomy
from .errors import suggestion
from .source import Source, item_pos, key_pos, value_pos

#: Words that carry no meaning for matching; removed on both sides so that
#: "salle des fêtes" and "salle de fête" meet.
STOPWORDS = frozenset(
    "a au aux avec ce ces cet cette d dans de des du en et j je l la le les leur leurs ma mes "
    "mon nos notre nous on ou par pour qu que qui sa ses son sur un une vos votre y".split())

_SPLIT = re.compile(r"[^a-z0-9]+")

#: A phrase is a tuple of normalised word stems.
Phrase = tuple[str, ...]


def _fold(text: str) -> str:
    """Lowercase and strip accents (œ/æ expanded)."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """A crude French singular: enough to make plurals meet their singular."""
    if len(word) <= 3:
        return word
    if word.endswith("eaux"):
        return word[:-1]
    if word.endswith("aux"):
        return word[:-3] + "al"
    if word.endswith(("s", "x")) and not word.endswith("ss"):
        return word[:-1]
    return word


def normalize(text: str) -> Phrase:
    """Text → tuple of stems, without accents, case, elisions and stopwords."""
    words = _SPLIT.split(_fold(text))
    return tuple(stem(w) for w in words if len(w) > 1 and w not in STOPWORDS)


@dataclass(frozen=True)
class Lexicon:
    """Phrases indexed by their first stem, per vocabulary."""

    index: Mapping[str, Mapping[str, tuple[tuple[Phrase, str], ...]]]
    order: Mapping[str, Mapping[str, int]]

    def match(self, vocabulary: str, text: str) -> tuple[str, ...]:
        """Slugs of ``vocabulary`` whose synonyms occur in ``text``, in taxonomy order."""
        table = self.index.get(vocabulary)
        if not table or not text:
            return ()
        words = normalize(text)
        found: set[str] = set()
        for i, word in enumerate(words):
            for phrase, slug in table.get(word, ()):
                if words[i:i + len(phrase)] == phrase:
                    found.add(slug)
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
            pairs.update((normalize(w), slug) for w in words)
        table: dict[str, list[tuple[Phrase, str]]] = {}
        for phrase, slug in pairs:
            if phrase:
                table.setdefault(phrase[0], []).append((phrase, slug))
        # Sorted for a deterministic structure whatever the set order was.
        index[vocabulary] = {k: tuple(sorted(v)) for k, v in table.items()}
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
    src.check_keys(data, VOCABULARIES, "le lexique")
    for vocabulary, entries in data.items():
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
                if not normalize(str(word)):
                    src.error(item_pos(words, i),
                              f"Le synonyme « {word} » ne contient aucun mot significatif.")
            out.setdefault(str(vocabulary), {})[str(slug)] = [str(w) for w in words]
    return out
