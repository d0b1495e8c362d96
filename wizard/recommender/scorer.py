"""Exact scores of candidate offers for one Demande, and a branch-and-bound top-k search.

Scores are integers in thousandths of a point, so every way of summing them
gives the same total and ties are broken by slug, deterministically. An
offer's score is a sum of parts (thématiques matched, specialisation, besoin,
territory level…), each given by bitmasks of offers. The search splits the
candidates part by part with word-parallel mask operations and enumerates,
offer by offer, only the groups whose upper bound can still reach the top k.
"""
from __future__ import annotations

import heapq
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from .bits import has, members
from .catalog import Catalog
from .demande import Demande
from .rules import Rules

SCALE = 1000
#: Below this many offers a group is scored offer by offer rather than split further.
SMALL = 8


def points(value: float) -> int:
    """A YAML weight in integer thousandths."""
    return int(round(value * SCALE))


@dataclass(frozen=True)
class Feature:
    """Alternatives (mask, value), highest value first: an offer gets the first it is in, else 0."""

    alternatives: tuple[tuple[int, int], ...]

    @property
    def best(self) -> int:
        """The most this feature can add."""
        return max([0] + [v for _, v in self.alternatives])


class _Node(NamedTuple):
    members: int        # bitmask of offers
    value: int          # exact sum of the parts already split
    stage: int          # next stage to split on
    n: int | None       # chosen thématiques the offers match, once known
    j: int | None       # chosen thématiques their structure may cover, once known


def eligible(catalog: Catalog, demande: Demande, pool: int | None = None) -> int:
    """Offers of ``pool`` (default: matching a chosen thématique, or all) open to the asker:
    territory, type of collectivité, population ceiling."""
    c, d = catalog, demande
    if pool is None:
        pool = c.all
        if d.thematiques:
            pool = 0
            for t in d.thematiques:
                pool |= c.mask("thematique", t)
    cand = pool & c.covering(d.commune, d.epci, d.departement)
    if d.type_collectivite is not None:
        cand &= c.allowing(d.type_collectivite)
    # A population ceiling is a criterion on communes; it says nothing of an EPCI asking.
    if d.population is not None and d.type_collectivite in (None, "commune"):
        cand ^= cand & c.too_populous(d.population)
    return cand


class Scorer:
    """The candidate offers of one Demande and the parts that score them."""

    def __init__(self, catalog: Catalog, demande: Demande, rules: Rules) -> None:
        self.catalog, self.demande = catalog, demande
        w = rules.weights
        self.k = len(demande.thematiques)
        self.cand = eligible(catalog, demande)
        # Ceilings are about communes: past the filter, a commune under one is in the target.
        self.small_commune_bonus = (demande.population is not None
                                    and demande.type_collectivite in (None, "commune"))
        self.base = points(w.thematique) if self.k else 0
        self.spec = points(w.specialisation) if self.k else 0
        self.extra = points(w.thematique_en_plus) if self.k > 1 else 0
        self.points = {"besoin": points(w.besoin), "stade": points(w.stade), "public": points(w.public),
                       "population": points(w.population), "competence": points(rules.competence_points),
                       **{level: points(v) for level, v in w.territoire.items()}}
        self.cout = {k: points(v) for k, v in w.cout.items()}
        self.competence = rules.competence_categories
        self.fixed = sorted(self._fixed(rules), key=lambda f: -f.best)
        themes = sorted(demande.thematiques)
        self.at_least = self._at_least([catalog.mask("thematique", t) for t in themes]) if self.k > 1 else []
        self.may_cover = self._at_least([catalog.mask("structure_theme", t) for t in themes]) \
            if self.extra else []
        self.lengths = sorted(catalog.index["theme_count"])
        self.pre = [s for s, on in (("n", self.k > 1), ("spec", bool(self.spec)), ("j", bool(self.extra))) if on]
        self.rest = [sum(f.best for f in self.fixed[j:]) for j in range(len(self.fixed) + 1)]

    def _fixed(self, rules: Rules) -> list[Feature]:
        c, d, w = self.catalog, self.demande, rules.weights
        feats: list[Feature] = []
        for name, key, weight in (("besoin", d.besoin, w.besoin), ("stade", d.stade, w.stade),
                                  ("public", d.type_collectivite, w.public)):
            if key is not None and points(weight):
                feats.append(Feature(((c.mask(name, key), points(weight)),)))
        if self.small_commune_bonus and points(w.population):
            feats.append(Feature(((c.population_limited, points(w.population)),)))
        levels = [(c.mask("commune", d.commune), points(w.territoire["commune"])),
                  (c.mask("epci", d.epci), points(w.territoire["epci"])),
                  (c.mask("departement", d.departement), points(w.territoire["departement"]))]
        feats.append(Feature(tuple(sorted(levels, key=lambda a: -a[1]))))
        costs = [(c.mask("cout", k), points(v)) for k, v in w.cout.items()]
        feats.append(Feature(tuple(sorted(costs, key=lambda a: -a[1]))))
        if d.epci is not None and rules.competence_categories and points(rules.competence_points):
            by_cat = 0
            for k in rules.competence_categories:
                by_cat |= c.mask("categorie", k)
            feats.append(Feature(((c.mask("epci", d.epci) & by_cat, points(rules.competence_points)),)))
        return feats

    def _at_least(self, masks: list[int]) -> list[int]:
        """``out[n]``: candidates in at least n of the masks (incremental counting)."""
        out = [self.cand]
        for m in masks:
            out.append(0)
            for n in range(len(out) - 1, 0, -1):
                out[n] |= out[n - 1] & m
        return out

    def is_candidate(self, i: int) -> bool:
        """Whether offer ``i`` passed the filters."""
        return has(self.cand, i)

    def matched(self, i: int) -> int:
        """How many chosen thématiques offer ``i`` covers."""
        return len(self.catalog.offers[i].thematiques & self.demande.thematiques)

    def offer_score(self, i: int) -> int:
        """The exact score of one candidate offer, read from the offer itself.

        The reference the mask-based search must agree with (tests check it).
        """
        o, d, p = self.catalog.offers[i], self.demande, self.points
        n = len(o.thematiques & d.thematiques) if self.k else 0
        total = self.base + max(0, n - 1) * self.extra + self.spec * n // self.catalog.theme_count[i]
        total += (p["besoin"] if d.besoin in o.besoins else 0) + (p["stade"] if d.stade in o.stades else 0)
        total += p["public"] if d.type_collectivite in o.publics else 0
        total += p["population"] if self.small_commune_bonus and o.population_max is not None else 0
        levels = [p[level] for level, key, keys in (("commune", d.commune, o.communes), ("epci", d.epci, o.epcis),
                                                    ("departement", d.departement, o.departements))
                  if key is not None and key in keys]
        total += max(levels) if levels else 0
        total += self.cout.get(o.cout, 0)
        if d.epci is not None and d.epci in o.epcis and \
                self.catalog.structures[self.catalog.structure_of[i]].categorie in self.competence:
            total += p["competence"]
        return total

    def score_all(self) -> dict[int, int]:
        """Every candidate's score, by brute force: the reference for tests."""
        return {i: self.offer_score(i) for i in members(self.cand)}

    def _bound(self, node: _Node) -> int:
        """Upper bound of any offer's score in the node plus its structure's coverage bonus."""
        ub = node.value + self.rest[max(0, node.stage - len(self.pre))]
        if "spec" in self.pre and node.stage <= self.pre.index("spec"):
            ub += self.spec * (node.n if node.n is not None else (1 if self.k == 1 else self.k))
        if self.extra:
            # Matching n thématiques and covering j of them: (n-1) extras now, (j-n) via other offers.
            ub += self.extra * ((node.j if node.j is not None else self.k) - (node.n or 1))
        return ub

    def _split(self, node: _Node) -> list[_Node]:
        """Children of a node along its next stage."""
        mask, value, stage, n, j = node
        name = self.pre[stage] if stage < len(self.pre) else None
        if name == "n":
            return [_Node(p, value + (m - 1) * self.extra, stage + 1, m, j)
                    for p, m in _partition(mask, [(self.at_least[m], m) for m in range(self.k, 0, -1)])]
        if name == "spec":
            known = n if n is not None else 1
            alts = [(self.catalog.mask("theme_count", size), self.spec * known // size) for size in self.lengths]
            return [_Node(p, value + v, stage + 1, n, j) for p, v in _partition(mask, alts)]
        if name == "j":
            low = n or 1
            alts = [(self.may_cover[m], m) for m in range(self.k, low, -1)]
            return [_Node(p, value, stage + 1, n, m or low) for p, m in _partition(mask, alts)]
        feat = self.fixed[stage - len(self.pre)]
        return [_Node(p, value + v, stage + 1, n, j) for p, v in _partition(mask, list(feat.alternatives))]

    def top(self, k: int, forced: Mapping[int, int], standalone: Mapping[int, int]) -> dict[int, tuple[int, int]]:
        """Best offer (score, id) of every structure that can be in the top ``k``.

        ``forced`` maps structures to score in full beforehand to their rule bonus;
        ``standalone`` gives the total of structures ranked without a candidate offer.
        """
        best: dict[int, tuple[int, int]] = {}
        top = _TopK(k)
        so = self.catalog.structure_of
        for s, bonus in forced.items():
            for i in self.catalog.offer_ids[s]:
                if self.is_candidate(i):
                    _keep(best, s, self.offer_score(i), i)
            if s in best:
                top.offer(s, best[s][0] + bonus)
        for s, total in standalone.items():
            top.offer(s, total)
        leaf = len(self.pre) + len(self.fixed)
        seq = itertools.count()
        root = _Node(self.cand, self.base, 0, 1 if self.k == 1 else None, None)
        heap = [(-self._bound(root), 0, root)] if self.cand else []
        while heap:
            neg_ub, _, node = heapq.heappop(heap)
            if -neg_ub < top.kth():
                break
            if node.stage == leaf:
                for i in members(node.members):
                    if _keep(best, so[i], node.value, i):
                        top.offer(so[i], node.value + forced.get(so[i], 0))
                continue
            if node.members.bit_count() <= SMALL:
                # Splitting a handful of offers costs more than scoring them one by one.
                for i in members(node.members):
                    score = self.offer_score(i)
                    if _keep(best, so[i], score, i):
                        top.offer(so[i], score + forced.get(so[i], 0))
                continue
            for child in self._split(node):
                heapq.heappush(heap, (-self._bound(child), -next(seq), child))
        return best


def _partition(mask: int, alts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split a mask: each offer goes to the first alternative holding it, the rest gets tag 0."""
    out = []
    for subset, tag in alts:
        part = mask & subset
        if part:
            out.append((part, tag))
            mask ^= part  # part ⊆ mask: xor removes it (cheaper than & ~part)
            if not mask:
                return out
    if mask:
        out.append((mask, 0))
    return out


def _keep(best: dict[int, tuple[int, int]], s: int, score: int, i: int) -> bool:
    """Record offer ``i`` as the best of structure ``s`` if it beats the current one."""
    cur = best.get(s)
    if cur is None or score > cur[0] or (score == cur[0] and i < cur[1]):
        best[s] = (score, i)
        return True
    return False


class _TopK:
    """The k highest structure totals seen so far; its minimum bounds the final k-th from below."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.totals: dict[int, int] = {}
        self.heap: list[tuple[int, int]] = []

    def offer(self, s: int, total: int) -> None:
        """A structure's total grew to ``total``."""
        if s in self.totals:
            if total > self.totals[s]:
                self.totals[s] = total
                heapq.heappush(self.heap, (total, s))
        elif len(self.totals) < self.k or total > self.kth():
            self.totals[s] = total
            heapq.heappush(self.heap, (total, s))
            if len(self.totals) > self.k:
                self._clean()
                del self.totals[heapq.heappop(self.heap)[1]]
        self._clean()

    def _clean(self) -> None:
        while self.heap and self.totals.get(self.heap[0][1]) != self.heap[0][0]:
            heapq.heappop(self.heap)

    def kth(self) -> int | float:
        """The k-th highest total, or -inf while fewer than k structures were seen."""
        return self.heap[0][0] if len(self.totals) >= self.k else float("-inf")
