"""French reasons, built only from data: the offer's own description, the facts of the request that
matched it, its competence and eligibility, the YAML rules that fired.

Every reason names where it comes from (``Raison.origine``), so a test can check that no
sentence says more than the data.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..francais import NBSP, de, epci_article, joined, lower_first, thousands
from .catalog import Catalog, OffreCard, StructureCard
from .demande import Demande
from .rules import Rules

#: End of the first sentence of a description (a full stop, colon or semicolon before a space).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|(?<=[:;])\s(?=[A-ZÉÈÀÂÎÔ])")


@dataclass(frozen=True)
class Raison:
    """One reason shown on a card, and the data it was built from."""

    texte: str
    #: offre.description | demande | offre.competence | offre.eligibilite | offre.population |
    #: regle:<id> | repli | role:<slug>
    origine: str


def first_sentence(text: str) -> str:
    """The first sentence of a description (what the structure does, in one line)."""
    text = " ".join(text.split())
    m = _SENTENCE_END.search(text)
    sentence = text[:m.start()].strip() if m else text
    return sentence.rstrip(":; ") + ("" if sentence.endswith((".", "!", "?")) else ".")


def population_phrase(population_max: int) -> str:
    """Threshold wording: 999 → "de moins de 1 000 habitants", 1000 → "de 1 000 habitants ou moins"."""
    if (population_max + 1) % 100 == 0:
        return f"de moins de {thousands(population_max + 1)}{NBSP}habitants"
    return f"de {thousands(population_max)}{NBSP}habitants ou moins"


def _label(rules: Rules, vocabulary: str, slug: str | None) -> str:
    return rules.labels.get(vocabulary, {}).get(slug or "", slug or "")


def _phrase(rules: Rules, vocabulary: str, slug: str | None) -> str:
    """The sentence the taxonomy gives for a value (stades, coûts), or ""."""
    term = rules.termes.get(vocabulary, {}).get(slug or "")
    return term.phrase if term is not None else ""


def _rank(order: list[str]) -> Callable[[str], tuple[int, str]]:
    """Sort key: position in ``order`` (unknown slugs last), then slug."""
    return lambda slug: (order.index(slug) if slug in order else len(order), slug)


def matched_facts(offers: Sequence[OffreCard], demande: Demande, rules: Rules) -> str | None:
    """"Pour votre demande : voirie, ingénierie technique, au stade des études." — what matched."""
    order = list(rules.labels.get("thematiques", {}))
    themes = sorted({t for o in offers for t in o.thematiques & demande.thematiques}, key=_rank(order))
    parts = [lower_first(_label(rules, "thematiques", t)) for t in themes]
    if demande.besoin and any(demande.besoin in o.besoins for o in offers):
        parts.append(lower_first(_label(rules, "besoins", demande.besoin)))
    if not parts:
        return None
    text = "Correspond à votre demande : " + joined(parts)
    if demande.stade and any(demande.stade in o.stades for o in offers):
        text += f" ; intervient au stade « {lower_first(_label(rules, 'stades', demande.stade))} »"
    return text + "."


def _own_epci(structure: StructureCard, offers: Sequence[OffreCard], demande: Demande) -> bool:
    return structure.categorie == "epci" and demande.epci is not None and any(demande.epci in o.epcis
                                                                              for o in offers)


def _label_of(catalog: Catalog, offer: OffreCard) -> str | None:
    """The programme whose label an offer requires, by name."""
    if offer.dispositif is None:
        return None
    found = next((d for d in catalog.dispositifs if d.slug == offer.dispositif), None)
    return found.nom if found is not None else offer.dispositif


def explain(structure: StructureCard, offers: Sequence[OffreCard], demande: Demande, rules: Rules,
            catalog: Catalog, competent: bool, rule_reasons: Sequence[tuple[str, str]], repli: bool,
            matched: bool = True) -> tuple[Raison, ...]:
    """All the reasons of one recommendation, most telling first."""
    out: list[Raison] = []
    if repli and not matched and rules.repli_raison:
        out.append(Raison(rules.repli_raison, "repli"))
    if offers and offers[0].description and (matched or not repli):
        out.append(Raison(first_sentence(offers[0].description), "offre.description"))
    facts = matched_facts(offers, demande, rules) if matched else None
    if facts:
        out.append(Raison(facts, "demande"))
    if competent and rules.competence_raison:
        out.append(Raison(rules.competence_raison, "offre.competence"))
    elif matched and _own_epci(structure, offers, demande) and not any(o.competence for o in offers) \
            and rules.competence_a_confirmer:
        # "To confirm" only where the data holds no competence (not for a held one, other type of help).
        out.append(Raison(rules.competence_a_confirmer, "offre.competence"))
    for offer in offers[:1]:
        label = _label_of(catalog, offer)
        if label:
            where = demande.commune_nom or "votre territoire"
            out.append(Raison(f"Réservé aux communes labellisées « {label} » : c'est le cas {de(where)}.",
                              "offre.eligibilite"))
        if offer.population_max is not None and demande.type_collectivite in (None, "commune") and matched:
            out.append(Raison(f"Pour les communes {population_phrase(offer.population_max)}.", "offre.population"))
    out.extend(Raison(text, f"regle:{rid}") for rid, text in rule_reasons if text)
    if repli and matched and rules.repli_raison:
        out.append(Raison(rules.repli_raison, "repli"))
    unique: dict[str, Raison] = {}
    for r in out:
        unique.setdefault(r.texte, r)
    return tuple(unique.values())


def motif(structure: StructureCard, offers: Sequence[OffreCard], demande: Demande, rules: Rules,
          catalog: Catalog, competent: bool, repli: bool, rank: int, matched: bool = True) -> str:
    """Why this structure stands at its rank, from the fact that weighed most."""
    best = offers[0] if offers else None
    if repli and (not matched or best is None or not (best.thematiques & demande.thematiques)):
        why = rules.repli_motif or lower_first(rules.repli_raison).rstrip(".")
    elif competent:
        epci = epci_article(demande.epci_nom) if demande.epci_nom else "votre intercommunalité"
        why = f"{epci} exerce cette compétence pour votre commune" if demande.type_collectivite == "commune" \
            else f"{epci} exerce cette compétence"
    elif best is not None and best.dispositif:
        why = f"votre commune est labellisée « {_label_of(catalog, best)} »"
    elif best is not None and rules.roles.get(best.role) is not None and rules.roles[best.role].raison \
            and demande.besoin in best.besoins:
        why = rules.roles[best.role].raison
    elif best is not None and best.thematiques & demande.thematiques:
        themes = sorted(best.thematiques & demande.thematiques, key=_rank(list(rules.labels.get("thematiques", {}))))
        subject = joined([lower_first(_label(rules, "thematiques", t)) for t in themes])
        level = _phrase(rules, "niveaux", structure.niveau)
        why = f"spécialiste {level + ' ' if level else ''}en {subject}"
    elif best is not None:
        why = f"son service pour vous : {lower_first(best.titre)}"
    else:
        why = "intervient pour ce type de demande"
    return f"À appeler en premier : {why}." if rank == 1 else f"{why[:1].upper()}{why[1:]}."


def conditions(offers: Sequence[OffreCard], rules: Rules) -> tuple[str, ...]:
    """Cost and access conditions of the retained offers, without repeats."""
    out: list[str] = []
    for offer in offers:
        out.append(_phrase(rules, "couts", offer.cout) or _phrase(rules, "couts", "inconnu"))
        if offer.conditions:
            out.append(offer.conditions)
        if offer.eligibilite:
            out.append(offer.eligibilite)
    return tuple(dict.fromkeys(out))
