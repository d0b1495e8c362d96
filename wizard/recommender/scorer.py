"""Exact scores of candidate offers for one Demande, and a branch-and-bound top-k search.

Scores are integers in thousandths of a point, so every way of summing them gives the same
total and ties are broken deterministically. An offer's score is a sum of parts (chosen
thématiques it serves, specialisation, type of help, stage, level of the structure, competence
of the asker's EPCI, label, role…), each given by bitmasks of offers. The search splits the
candidates part by part with word-parallel mask operations and enumerates, offer by offer, only
the groups whose upper bound can still reach the top k.
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
    n: int | None       # chosen thématiques the offers serve, once known


def _asker_communes(demande: Demande) -> tuple[str, ...]:
    """The communes whose labels the asker holds: its own, or an EPCI's members."""
    if demande.commune is not None:
        return (demande.commune,)
    return demande.membres if demande.type_collectivite == "epci" else ()


def eligible(catalog: Catalog, demande: Demande, pool: int | None = None) -> int:
    """Offers of ``pool`` (default: all) open to the asker: territory, type of collectivité,
    profile, population floor and ceiling, label of a programme."""
    c, d = catalog, demande
    cand = (c.all if pool is None else pool) & c.covering(d.commune, d.epci, d.departement)
    if d.type_collectivite is not None:
        cand &= c.allowing(d.type_collectivite)
    cand &= c.for_profil(d.profil)
    # A population limit is a criterion on communes; it says nothing of an EPCI asking.
    if d.population is not None and d.type_collectivite in (None, "commune"):
        cand &= ~(c.too_populous(d.population) | c.too_small(d.population))
    if cand & c.labelled:
        cand &= ~c.not_labelled(_asker_communes(d))
    return cand


def relevant(catalog: Catalog, rules: Rules, demande: Demande) -> int:
    """Offers that answer this request: a chosen subject, and the type of help where their role needs it."""
    c, d = catalog, demande
    themes = 0
    for t in d.thematiques:
        themes |= c.mask("thematique", t)
    besoin = c.mask("besoin", d.besoin) if d.besoin is not None else 0
    out = 0
    for slug, role in rules.roles.items():
        mask = c.mask("role", slug)
        if not mask:
            continue
        mask &= themes if role.sujet_requis else (themes | c.any_subject)
        if role.besoin_requis:
            mask &= besoin
        out |= mask
    if d.besoin in rules.besoins_exclusifs:
        return out & besoin
    # And the other way round: an offer that only gives such help (a legal procedure, a training)
    # does not answer a request for another type of help.
    return out & ~(c.only_besoins(rules.besoins_exclusifs) & ~besoin) if d.besoin is not None else out


class Scorer:
    """The candidate offers of one Demande and the parts that score them."""

    def __init__(self, catalog: Catalog, demande: Demande, rules: Rules) -> None:
        self.catalog, self.demande, self.rules = catalog, demande, rules
        w = rules.weights
        self.k = len(demande.thematiques)
        mentioned = catalog.mentioned(demande.projet) if catalog.narrow else 0
        # A narrow offer (éclairage public within voirie) answers only a project that names its subject.
        self.cand = eligible(catalog, demande, relevant(catalog, rules, demande) & ~(catalog.narrow & ~mentioned))
        self.mentioned = mentioned
        # Ceilings are about communes: past the filter, a commune under one is in the target.
        self.small_commune_bonus = (demande.population is not None
                                    and demande.type_collectivite in (None, "commune"))
        self.base = points(w.thematique)
        self.extra = points(w.thematique_en_plus)
        self.spec = points(w.specialisation)
        self.fixed = sorted(self._fixed(), key=lambda f: -f.best)
        themes = sorted(demande.thematiques)
        self.at_least = self._at_least([catalog.mask("thematique", t) for t in themes])
        self.lengths = sorted(catalog.index["theme_count"])
        self.pre = ("n", "spec") if self.k else ()
        self.rest = [sum(f.best for f in self.fixed[j:]) for j in range(len(self.fixed) + 1)]

    def _fixed(self) -> list[Feature]:
        c, d, r, w = self.catalog, self.demande, self.rules, self.rules.weights
        besoin = c.mask("besoin", d.besoin) if d.besoin is not None else 0
        feats: list[Feature] = []
        for mask, weight in ((besoin, w.besoin), (c.mask("stade", d.stade) if d.stade else 0, w.stade),
                             (c.mask("public", d.type_collectivite) if d.type_collectivite else 0, w.public),
                             (c.labelled, w.label), (self.mentioned, w.mots_cles)):
            if mask and points(weight):
                feats.append(Feature(((mask, points(weight)),)))
        if self.small_commune_bonus and points(w.population):
            feats.append(Feature(((c.population_limited, points(w.population)),)))
        for name, table in (("niveau", w.niveau), ("cout", w.cout)):
            alts = [(c.mask(name, k), points(v)) for k, v in table.items() if points(v)]
            if alts:
                feats.append(Feature(tuple(sorted(alts, key=lambda a: -a[1]))))
        levels = [(c.mask("commune", d.commune), points(w.territoire["commune"])),
                  (c.mask("epci", d.epci), points(w.territoire["epci"])),
                  (c.mask("departement", d.departement), points(w.territoire["departement"]))]
        feats.append(Feature(tuple(sorted((a for a in levels if a[1]), key=lambda a: -a[1]))))
        roles = [(c.mask("role", slug) & besoin, points(role.points)) for slug, role in r.roles.items()
                 if points(role.points) and besoin]
        if roles:
            feats.append(Feature(tuple(sorted(roles, key=lambda a: -a[1]))))
        if d.epci is not None and points(r.competence_points):
            feats.append(Feature(((self.competence_mask(), points(r.competence_points)),)))
        return [f for f in feats if f.alternatives]

    def competence_mask(self) -> int:
        """Offers of the asker's EPCI acting in a competence it holds: the first call on the subject
        whatever the type of help, except a help only some give (training, legal, money), which
        must then be the offer's."""
        c, d = self.catalog, self.demande
        if d.epci is None:
            return 0
        mask = c.competent & c.mask("epci", d.epci)
        return mask & c.mask("besoin", d.besoin) if d.besoin in self.rules.besoins_exclusifs else mask

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

    def _subject(self, n: int) -> int:
        """Points for serving ``n`` chosen thématiques (an any-subject offer serves none)."""
        return self.base + (n - 1) * self.extra if n else 0

    def offer_score(self, i: int) -> int:
        """The exact score of one candidate offer, read from the mask parts.

        The reference the search must agree with (tests check it against a brute force).
        """
        o = self.catalog.offers[i]
        n = len(o.thematiques & self.demande.thematiques)
        total = self._subject(n) + (self.spec * n // self.catalog.theme_count[i] if n else 0)
        for feature in self.fixed:
            total += next((v for mask, v in feature.alternatives if has(mask, i)), 0)
        return total

    def score_all(self) -> dict[int, int]:
        """Every candidate's score, by brute force: the reference for tests."""
        return {i: self.offer_score(i) for i in members(self.cand)}

    def _bound(self, node: _Node) -> int:
        """Upper bound of any offer's score in the node."""
        ub = node.value + self.rest[max(0, node.stage - len(self.pre))]
        if self.pre and node.stage == 0:
            ub += self._subject(self.k) + self.spec
        elif self.pre and node.stage == 1 and node.n:
            ub += self.spec
        return ub

    def _split(self, node: _Node) -> list[_Node]:
        """Children of a node along its next stage."""
        mask, value, stage, n = node
        name = self.pre[stage] if stage < len(self.pre) else None
        if name == "n":
            alts = [(self.at_least[m], m) for m in range(self.k, 0, -1)]
            return [_Node(p, value + self._subject(m), stage + 1, m) for p, m in _partition(mask, alts)]
        if name == "spec":
            if not n:
                return [_Node(mask, value, stage + 1, n)]
            alts = [(self.catalog.mask("theme_count", size), self.spec * n // size) for size in self.lengths]
            return [_Node(p, value + v, stage + 1, n) for p, v in _partition(mask, alts)]
        feat = self.fixed[stage - len(self.pre)]
        return [_Node(p, value + v, stage + 1, n) for p, v in _partition(mask, list(feat.alternatives))]

    def top(self, k: int, forced: Mapping[int, int], standalone: Mapping[int, int],
            within: int | None = None) -> dict[int, tuple[int, int]]:
        """Best offer (score, id) of every structure that can be in the top ``k``.

        ``forced`` maps structures to score in full beforehand to their rule bonus;
        ``standalone`` gives the total of structures ranked without a candidate offer;
        ``within`` restricts the search to these candidate offers.
        """
        cand = self.cand if within is None else self.cand & within
        best: dict[int, tuple[int, int]] = {}
        top = _TopK(k)
        so = self.catalog.structure_of
        for s, bonus in forced.items():
            for i in self.catalog.offer_ids[s]:
                if has(cand, i):
                    _keep(best, s, self.offer_score(i), i)
            if s in best:
                top.offer(s, best[s][0] + bonus)
        for s, total in standalone.items():
            top.offer(s, total)
        leaf = len(self.pre) + len(self.fixed)
        seq = itertools.count()
        root = _Node(cand, 0, 0, None if self.pre else 0)
        heap = [(-self._bound(root), 0, root)] if cand else []
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
