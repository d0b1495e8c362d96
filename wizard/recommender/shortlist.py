"""Recommend: the ordered, explained shortlist of structures for one Demande.

Hard filters (territory, audience, profile, population, label, the request's subject and type of
help) are set intersections over the catalog indexes; scoring then only looks at the candidates
that can reach the shortlist (see scorer.py). Orientation and recourse (roles declared
``apres_specialistes``) are searched apart and called after the specialists of the subject;
ties go to the nearest structure, then by slug.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..parcours_engine.conditions import evaluate
from ..taxonomy import Term
from ..territoires.reference import Reference
from . import reasons
from .bits import has, members, to_mask
from .catalog import Catalog, OffreCard, StructureCard
from .demande import Demande
from .reasons import Raison
from .rules import Rules
from .scorer import SCALE, Scorer, eligible, points

_NO_TERM = Term("", "")
#: Offers kept per structure in a recommendation.
MAX_OFFERS = 3
#: Proximity order of the structure levels (ties go to the nearest).
NIVEAUX = ("proximite", "departemental", "regional", "national")


@dataclass(frozen=True)
class Recommendation:
    """One structure of the shortlist; ``rang`` is the suggested order of calls (1 first)."""

    structure: StructureCard
    score: float
    rang: int
    raisons: tuple[Raison, ...]
    offres_retenues: tuple[OffreCard, ...]
    conditions: tuple[str, ...]
    repli: bool = False
    #: Why it stands at this rank ("votre intercommunalité exerce cette compétence").
    motif: str = ""

    @property
    def textes(self) -> tuple[str, ...]:
        """The reasons as sentences."""
        return tuple(r.texte for r in self.raisons)


def recommend(catalog: Catalog, rules: Rules, demande: Demande,
              reference: Reference | None = None) -> list[Recommendation]:
    """The shortlist: at most ``rules.max`` structures, specialists before orientation, then the
    fallback when it was added (``repli``); never empty when the catalog holds the fallback."""
    if demande.profil is not None and rules.termes.get("profils", {}).get(demande.profil, _NO_TERM).pour_autrui:
        # An animator asks for others: trainings reserved to élus or to agents are theirs to pass on.
        demande = dataclasses.replace(demande, profil=None)
    scorer = Scorer(catalog, demande, rules)
    bonus, fired, standalone = _fired_rules(catalog, rules, demande, scorer, reference)
    repli = [s for slug in rules.repli if (s := catalog.by_slug.get(slug)) is not None]
    forced = {**{s: 0 for s in repli}, **bonus}
    late = 0
    for slug, role in rules.roles.items():
        if role.apres_specialistes:
            late |= catalog.mask("role", slug)
    best = scorer.top(rules.max, forced, standalone, within=~late)
    for s, found in scorer.top(rules.max, forced, standalone, within=late).items():
        best.setdefault(s, found)
    totals = {s: score + bonus.get(s, 0) for s, (score, _) in best.items()}
    totals.update(standalone)
    tier = {s: 1 if has(late, i) else 0 for s, (_, i) in best.items()}
    chosen = _select(catalog, totals, tier, rules, set(repli))
    added: list[int] = []
    for s in repli:
        if s in chosen:
            # Chosen as a specialist of the subject, the fallback keeps its rank; as an orientation
            # referent, it is called last.
            if tier.get(s):
                chosen = [c for c in chosen if c != s] + [s]
            continue
        reachable = any(c.joignable for k in chosen for c in catalog.structures[k].contacts)
        if not (rules.repli_toujours or len(chosen) < rules.min_for(demande.type_collectivite) or not reachable):
            continue
        if chosen and not _eligible_ids(catalog, demande, s):
            continue
        # Offered apart, after the list (see Recommendation.repli): it does not take a specialist's place.
        chosen.append(s)
        added.append(s)
    return [_recommendation(scorer, rules, s, rank, totals.get(s, 0), fired.get(s, []), s in added,
                            best[s][1] if s in best else None)
            for rank, s in enumerate(chosen, start=1)]


def _fired_rules(catalog: Catalog, rules: Rules, demande: Demande, scorer: Scorer, reference: Reference | None
                 ) -> tuple[dict[int, int], dict[int, list[tuple[str, str]]], dict[int, int]]:
    """Per structure: bonus points and (rule id, reason) of the rules that hold, and the total of
    structures a rule adds without a matching offer (scored like one thématique match)."""
    bonus: dict[int, int] = {}
    fired: dict[int, list[tuple[str, str]]] = {}
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
            fired.setdefault(s, []).append((rule.id, rule.raison))
    base = points(rules.weights.thematique)
    return bonus, fired, {s: base + bonus[s] for s in alone}


def _select(catalog: Catalog, totals: dict[int, int], tier: dict[int, int], rules: Rules,
            repli: set[int]) -> list[int]:
    """Specialists first, then by score, nearest level, slug; cut at ``max`` and, past ``min``, at
    the relative threshold; a capped number of orientation structures besides the fallback."""
    if not totals:
        return []

    def key(s: int) -> tuple:
        niveau = catalog.structures[s].niveau
        return (tier.get(s, 0), -totals[s], NIVEAUX.index(niveau) if niveau in NIVEAUX else len(NIVEAUX), s)
    ranked = sorted(totals, key=key)
    top = max(totals.values())
    chosen: list[int] = []
    late = 0
    for s in ranked:
        if len(chosen) >= rules.max:
            break
        if len(chosen) >= rules.min and totals[s] < rules.seuil_relatif * top:
            continue
        if tier.get(s) and s not in repli:
            if late >= rules.max_apres_specialistes:
                continue
            late += 1
        chosen.append(s)
    return chosen


def _eligible_ids(catalog: Catalog, demande: Demande, s: int) -> list[int]:
    """Offers of a structure open to the asker, whatever their subject."""
    return members(eligible(catalog, demande, to_mask(catalog.offer_ids[s])))


def _recommendation(scorer: Scorer, rules: Rules, s: int, rank: int, total: int, fired: list[tuple[str, str]],
                    repli: bool, first: int | None = None) -> Recommendation:
    catalog, demande = scorer.catalog, scorer.demande
    scored = {i: scorer.offer_score(i) for i in catalog.offer_ids[s] if scorer.is_candidate(i)}
    if scored:
        # The offer that earned the rank comes first (a specialist's, not a higher-scored orientation one).
        ids = _merged(catalog, demande, sorted(scored, key=lambda i: (i != first, -scored[i], i)))
    else:
        # Added by a rule or as the fallback: its one offer closest to the request, never one on
        # another subject when it has one open to any subject (a referent, a funder).
        # As the fallback, the offer the rules name says what it does for a request nobody else answers.
        ids = _eligible_ids(catalog, demande, s) or list(catalog.offer_ids[s])
        ids = sorted(ids, key=lambda i: (repli and catalog.offers[i].slug != rules.repli_offre,
                                         _off_subject(catalog.offers[i], demande),
                                         demande.besoin not in catalog.offers[i].besoins,
                                         demande.stade not in catalog.offers[i].stades, i))[:1]
    offers = tuple(catalog.offers[i] for i in ids[:MAX_OFFERS])
    competent = bool(scored) and any(has(scorer.competence_mask(), i) for i in scored)
    structure = catalog.structures[s]
    raisons = reasons.explain(structure, offers, demande, rules, catalog, competent, fired, repli,
                              matched=bool(scored))
    return Recommendation(structure, round(total / SCALE, 2), rank, raisons, offers,
                          reasons.conditions(offers, rules), repli,
                          reasons.motif(structure, offers, demande, rules, catalog, competent, repli, rank,
                                       matched=bool(scored)))


def _off_subject(offer: OffreCard, demande: Demande) -> bool:
    """The offer serves only other subjects than the chosen ones (an offer without thématique serves any)."""
    return bool(offer.thematiques and demande.thematiques and not offer.thematiques & demande.thematiques)


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
