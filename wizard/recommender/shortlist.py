"""Recommend: the ordered, explained shortlist of structures for one Demande.

Hard filters (territory, audience, population ceiling, at least one chosen
thématique) are set intersections over the catalog indexes; scoring then
only looks at the candidates that can reach the shortlist (see search.py).
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

from ..parcours_engine.conditions import evaluate
from ..territoires.reference import Reference
from . import reasons
from .bits import members, to_mask
from .catalog import Catalog, OffreCard, StructureCard
from .demande import Demande
from .rules import Rules
from .scorer import SCALE, Scorer, eligible, points

#: Offers kept per structure in a recommendation.
MAX_OFFERS = 3


@dataclass(frozen=True)
class Recommendation:
    """One structure of the shortlist; ``rang`` is the suggested order of calls (1 first)."""

    structure: StructureCard
    score: float
    rang: int
    raisons: tuple[str, ...]
    offres_retenues: tuple[OffreCard, ...]
    conditions: tuple[str, ...]
    repli: bool = False


def recommend(catalog: Catalog, rules: Rules, demande: Demande,
              reference: Reference | None = None) -> list[Recommendation]:
    """The shortlist: at most ``rules.max`` structures, ordered by score then slug, the
    fallback last; never empty when the catalog holds the fallback."""
    scorer = Scorer(catalog, demande, rules)
    bonus, fired, standalone = _fired_rules(catalog, rules, demande, scorer, reference)
    repli = [s for slug in rules.repli if (s := catalog.by_slug.get(slug)) is not None]
    forced = {**{s: 0 for s in repli}, **bonus}
    best = scorer.top(rules.max, forced, standalone)
    totals = {s: score + bonus.get(s, 0) for s, (score, _) in best.items()}
    totals.update(standalone)
    _coverage(scorer, rules, best, totals, bonus, set(repli))
    chosen = _select(totals, rules)
    added: list[int] = []
    for s in repli:
        if s in chosen or not (rules.repli_toujours or len(chosen) < rules.min):
            continue
        if chosen and not _eligible_ids(catalog, demande, s):
            continue
        if len(chosen) >= rules.max:
            chosen.pop()
        chosen.append(s)
        added.append(s)
    return [_recommendation(scorer, rules, s, rank, totals.get(s, 0), fired.get(s, []), s in added)
            for rank, s in enumerate(chosen, start=1)]


def _fired_rules(catalog: Catalog, rules: Rules, demande: Demande, scorer: Scorer, reference: Reference | None
                 ) -> tuple[dict[int, int], dict[int, list[str]], dict[int, int]]:
    """Per structure: bonus points and reasons of the rules that hold, and the total of
    structures a rule adds without a matching offer (scored like one thématique match)."""
    bonus: dict[int, int] = {}
    fired: dict[int, list[str]] = {}
    alone: set[int] = set()
    for rule in rules.regles:
        if not evaluate(rule.condition, demande.answers, reference):
            continue
        for slug in rule.structures:
            s = catalog.by_slug.get(slug)
            if s is None:
                continue
            if not any(scorer.is_candidate(i) for i in catalog.offer_ids[s]):
                if not (rule.ajouter and _eligible_ids(catalog, demande, s)):
                    continue
                alone.add(s)
            bonus[s] = bonus.get(s, 0) + points(rule.points)
            fired.setdefault(s, []).append(rule.raison)
    base = points(rules.weights.thematique)
    return bonus, fired, {s: base + bonus[s] for s in alone}


def _coverage(scorer: Scorer, rules: Rules, best: dict[int, tuple[int, int]], totals: dict[int, int],
              bonus: dict[int, int], shown: set[int]) -> None:
    """Structure totals when several thématiques are chosen.

    A structure scores its best offer without that offer's own multi-thématique
    extra, plus one extra per chosen thématique it covers beyond the first, by
    any of its candidate offers. Computed exactly for the structures that can
    still reach the shortlist (the search gave lower bounds) and those ``shown``
    anyway (the fallback).
    """
    extra = scorer.extra
    if not extra or not best:
        return
    kth = heapq.nlargest(rules.max, totals.values())[-1]
    reach = extra * (scorer.k - 1)
    offers, themes = scorer.catalog.offers, scorer.demande.thematiques
    for s in [s for s in best if totals[s] + reach >= kth or s in shown]:
        ids = [i for i in scorer.catalog.offer_ids[s] if scorer.is_candidate(i)]
        covered = set().union(*(offers[i].thematiques & themes for i in ids))
        own = max(scorer.offer_score(i) - extra * (scorer.matched(i) - 1) for i in ids)
        totals[s] = own + extra * (len(covered) - 1) + bonus.get(s, 0)


def _select(totals: dict[int, int], rules: Rules) -> list[int]:
    """Best structures by score then slug, cut at ``max`` and, past ``min``, at the relative threshold."""
    if not totals:
        return []
    kth = heapq.nlargest(rules.max, totals.values())[-1]
    ranked = sorted((s for s, v in totals.items() if v >= kth), key=lambda s: (-totals[s], s))
    top = totals[ranked[0]]
    chosen: list[int] = []
    for s in ranked[:rules.max]:
        if len(chosen) >= rules.min and totals[s] < rules.seuil_relatif * top:
            break
        chosen.append(s)
    return chosen


def _eligible_ids(catalog: Catalog, demande: Demande, s: int) -> list[int]:
    """Offers of a structure open to the asker, whatever their thématiques."""
    return members(eligible(catalog, demande, to_mask(catalog.offer_ids[s])))


def _recommendation(scorer: Scorer, rules: Rules, s: int, rank: int, total: int, fired: list[str],
                    repli: bool) -> Recommendation:
    catalog, demande = scorer.catalog, scorer.demande
    scored = {i: scorer.offer_score(i) for i in catalog.offer_ids[s] if scorer.is_candidate(i)}
    if scored:
        ids = _merged(catalog, demande, sorted(scored, key=lambda i: (-scored[i], i)))
    else:
        # Added by a rule or as the fallback: its one offer closest to the request.
        ids = _eligible_ids(catalog, demande, s) or list(catalog.offer_ids[s])
        ids = sorted(ids, key=lambda i: (demande.besoin not in catalog.offers[i].besoins,
                                         demande.stade not in catalog.offers[i].stades, i))[:1]
    offers = tuple(catalog.offers[i] for i in ids[:MAX_OFFERS])
    competent = _competent(catalog, rules, demande, scored)
    raisons = reasons.explain(catalog.structures[s], offers, demande, rules, competent, fired, repli)
    return Recommendation(catalog.structures[s], round(total / SCALE, 2), rank, raisons, offers,
                          reasons.conditions(offers, rules), repli)


def _merged(catalog: Catalog, demande: Demande, ranked: list[int]) -> list[int]:
    """The best offer, then those that add a chosen thématique or answer the besoin."""
    kept = ranked[:1]
    covered = set(catalog.offers[ranked[0]].thematiques & demande.thematiques)
    for i in ranked[1:]:
        offer = catalog.offers[i]
        new = (offer.thematiques & demande.thematiques) - covered
        if new or (demande.besoin is not None and demande.besoin in offer.besoins):
            kept.append(i)
            covered |= new
    return kept


def _competent(catalog: Catalog, rules: Rules, demande: Demande, scored: dict[int, int]) -> bool:
    """Whether a retained offer is the asker's own EPCI acting in its competence."""
    return demande.epci is not None and any(
        demande.epci in catalog.offers[i].epcis
        and catalog.structures[catalog.structure_of[i]].categorie in rules.competence_categories
        for i in scored)
