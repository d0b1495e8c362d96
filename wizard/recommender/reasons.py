"""French reasons and conditions, generated from what matched between an offer and the answers."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from ..francais import NBSP, de, epci_article, joined, lower_first, thousands
from .catalog import OffreCard, StructureCard
from .demande import Demande
from .rules import Rules


def _phrase(rules: Rules, vocabulary: str, slug: str | None) -> str:
    """The sentence the taxonomy gives for a value (stades, coûts), or ""."""
    term = rules.termes.get(vocabulary, {}).get(slug or "")
    return term.phrase if term is not None else ""


def _pluriel(rules: Rules, slug: str | None) -> str:
    term = rules.termes.get("types_collectivite", {}).get(slug or "")
    return term.pluriel if term is not None and term.pluriel else "les collectivités"


def population_phrase(population_max: int) -> str:
    """Threshold wording: 999 → "de moins de 1 000 habitants", 1000 → "de 1 000 habitants ou moins"."""
    if (population_max + 1) % 100 == 0:
        return f"de moins de {thousands(population_max + 1)}{NBSP}habitants"
    return f"de {thousands(population_max)}{NBSP}habitants ou moins"


def territory_level(offer: OffreCard, demande: Demande) -> str | None:
    """The most precise level at which the offer covers the asker."""
    if demande.commune is not None and demande.commune in offer.communes:
        return "commune"
    if demande.epci is not None and demande.epci in offer.epcis:
        return "epci"
    if demande.departement is not None and demande.departement in offer.departements:
        return "departement"
    return None


def intervention(offers: Sequence[OffreCard], demande: Demande, rules: Rules) -> str | None:
    """"Intervient en voirie pour les communes de moins de 1 000 habitants de la CC des Coëvrons"."""
    labels = rules.labels.get("thematiques", {})
    order = list(labels)
    matched = {t for o in offers for t in o.thematiques & demande.thematiques}
    if not matched:
        return None
    themes = joined([lower_first(labels.get(t, t)) for t in sorted(matched, key=_rank(order))])
    best = offers[0]
    level = territory_level(best, demande)
    if level == "commune":
        where = de(demande.commune_nom) if demande.commune_nom else "de votre commune"
        if len(best.communes) > 1:
            return f"Intervient en {themes} pour quelques communes, dont la commune {where}"
        return f"Intervient en {themes} pour la commune {where}"
    epci_name = epci_article(demande.epci_nom) if demande.epci_nom else "votre intercommunalité"
    if level == "epci" and demande.type_collectivite == "epci":
        return f"Intervient en {themes} pour {epci_name}"
    text = f"Intervient en {themes} pour {_publics(best, demande, rules)}"
    if best.population_max is not None and demande.type_collectivite in (None, "commune"):
        text += " " + population_phrase(best.population_max)
    if level == "epci":
        # Several EPCI (an arrondissement, a GAL…): say so rather than suggest it is only ours.
        several = len(best.epcis) > 1
        text += " " + ("de plusieurs intercommunalités, dont " + epci_name if several else de(epci_name))
    elif level == "departement" and demande.departement is not None:
        name = demande.departement_nom
        text += " " + (de(name) if name else f"du département {demande.departement}")
    return text


def _publics(offer: OffreCard, demande: Demande, rules: Rules) -> str:
    if demande.type_collectivite in offer.publics:
        return _pluriel(rules, demande.type_collectivite)
    if not offer.publics or demande.type_collectivite is not None:
        return "les collectivités"
    kinds = sorted(offer.publics, key=_rank(list(rules.termes.get("types_collectivite", {}))))
    return joined([_pluriel(rules, p) for p in kinds])


def _rank(order: list[str]) -> Callable[[str], tuple[int, str]]:
    """Sort key: position in ``order`` (unknown slugs last), then slug."""
    return lambda slug: (order.index(slug) if slug in order else len(order), slug)


def explain(structure: StructureCard, offers: Sequence[OffreCard], demande: Demande, rules: Rules,
            competent: bool, rule_reasons: Sequence[str], repli: bool) -> tuple[str, ...]:
    """All the reasons of one recommendation, most telling first."""
    out: list[str] = []
    if repli and rules.repli_raison:
        out.append(rules.repli_raison)
    sentence = intervention(offers, demande, rules) if offers else None
    if sentence:
        out.append(sentence)
    if competent and rules.competence_raison:
        out.append(rules.competence_raison)
    out.extend(r for r in rule_reasons if r)
    # A fallback that matched nothing is there as a last resort: its facets would read as
    # claims about the project it does not support.
    facets = sentence is not None or bool(rule_reasons)
    if facets and demande.besoin and any(demande.besoin in o.besoins for o in offers):
        label = rules.labels.get("besoins", {}).get(demande.besoin, demande.besoin)
        out.append(f"Répond à votre besoin : {lower_first(label)}")
    if facets and demande.stade and any(demande.stade in o.stades for o in offers):
        label = rules.labels.get("stades", {}).get(demande.stade, demande.stade)
        out.append(_phrase(rules, "stades", demande.stade) or f"Accompagne les projets au stade : {lower_first(label)}")
    if structure.categorie == "etat" and offers and offers[0].cout == "gratuit":
        out.append("Service de l'État, gratuit")
    return tuple(dict.fromkeys(out))


def conditions(offers: Sequence[OffreCard], rules: Rules) -> tuple[str, ...]:
    """Cost and access conditions of the retained offers, without repeats."""
    out: list[str] = []
    for offer in offers:
        out.append(_phrase(rules, "couts", offer.cout) or _phrase(rules, "couts", "inconnu"))
        if offer.conditions:
            out.append(offer.conditions)
    return tuple(dict.fromkeys(out))
