"""``parcours/recommandations.yaml``: weights, business rules and the fallback, validated."""
from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..parcours_engine.compiler import build, source_name
from ..parcours_engine.conditions import Condition, Ref, compile_condition
from ..parcours_engine.errors import Issue, ParcoursError, suggestion
from ..parcours_engine.model import Parcours
from ..parcours_engine.source import (
    Pos,
    Source,
    item_pos,
    key_pos,
    load_source,
    node_pos,
    value_pos,
)
from ..taxonomy import Taxonomy, Term
from .catalog import Catalog

RULES_FILE = "recommandations.yaml"
WEIGHT_KEYS = ("thematique", "thematique_en_plus", "specialisation", "besoin", "stade", "public",
               "population", "label", "mots_cles", "territoire", "niveau", "cout")
SIMPLE_WEIGHTS = WEIGHT_KEYS[:-3]
TERRITORY_LEVELS = ("commune", "epci", "departement")
ROLE_KEYS = ("sujet", "besoin", "points", "apres_specialistes", "raison")


@dataclass(frozen=True)
class Weights:
    """Points per matched facet of an offer (only the cost may be negative)."""

    thematique: float = 10
    thematique_en_plus: float = 2
    specialisation: float = 8
    besoin: float = 10
    stade: float = 2
    public: float = 1
    population: float = 2
    label: float = 8
    mots_cles: float = 6
    territoire: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"commune": 3, "epci": 2, "departement": 0}))
    niveau: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    cout: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Role:
    """How offers of one role count: a subject to match, a type of help to match, extra points."""

    slug: str
    #: The offer must serve a chosen thématique; otherwise an offer without thématiques serves any.
    sujet_requis: bool = True
    #: The offer counts only when the type of help asked is one of its own.
    besoin_requis: bool = False
    points: float = 0
    #: Orientation and recourse: called after the specialists of the subject.
    apres_specialistes: bool = False
    #: Why this role puts the structure where it is (shown on its card), e.g. for funders.
    raison: str = ""


@dataclass(frozen=True)
class Rule:
    """When ``condition`` holds, add ``points`` (and maybe the structure itself) with a reason."""

    id: str
    condition: Condition | None
    structures: tuple[str, ...]
    points: float
    ajouter: bool
    raison: str
    structure_pos: tuple[Pos, ...] = ()


@dataclass(frozen=True)
class Rules:
    """Everything the scorer reads from the YAML, plus the taxonomy labels for reasons."""

    weights: Weights
    roles: Mapping[str, Role]
    #: Types of help only offers giving them answer (a training request is for trainers).
    besoins_exclusifs: frozenset[str]
    competence_points: float
    competence_raison: str
    competence_a_confirmer: str
    min: int
    max: int
    #: Lower bounds below ``min`` for askers few structures serve, by type of collectivité.
    min_par_type: Mapping[str, int]
    #: At most this many orientation / recourse structures besides the fallback (they orient to the same actors).
    max_apres_specialistes: int
    seuil_relatif: float
    regles: tuple[Rule, ...]
    repli: tuple[str, ...]
    repli_toujours: bool
    repli_raison: str
    #: Why the fallback stands apart from the list ("la porte d'entrée de l'État…").
    repli_motif: str
    #: Slug of the fallback's offer shown on its card (its orientation service).
    repli_offre: str
    labels: Mapping[str, Mapping[str, str]]
    #: The taxonomy's terms (labels, phrases, plurals) by vocabulary, for the reasons.
    termes: Mapping[str, Mapping[str, Term]]
    file: str = RULES_FILE
    repli_pos: tuple[Pos, ...] = ()

    def min_for(self, type_collectivite: str | None) -> int:
        """The fewest structures a shortlist for this asker must hold."""
        return self.min_par_type.get(type_collectivite or "", self.min)


def check_rules(directory: Path, taxonomy: Taxonomy, parcours: Parcours) -> list[Issue]:
    """Every issue of recommandations.yaml, sorted."""
    return sorted(_build(directory, taxonomy, parcours)[1])


def compile_rules(directory: Path, taxonomy: Taxonomy, parcours: Parcours) -> Rules:
    """The compiled rules; raises :class:`ParcoursError` listing every issue."""
    rules, issues = _build(directory, taxonomy, parcours)
    if issues or rules is None:
        raise ParcoursError(issues)
    return rules


def check_all(directory: Path, taxonomy: Taxonomy, catalog: Catalog | None = None) -> list[Issue]:
    """Every issue of parcours/*.yaml: the flow, its lexicon, the rules and (given a catalog)
    the structure slugs the rules name. What ``flask parcours check`` should print."""
    parcours, issues = build(directory, taxonomy)
    if parcours is None or issues:
        return sorted(issues)  # rules' conditions are checked against a valid parcours
    rules, issues = _build(directory, taxonomy, parcours)
    if rules is not None and catalog is not None and not issues:
        issues = check_rules_catalog(rules, catalog)
    return sorted(issues)


def check_rules_catalog(rules: Rules, catalog: Catalog) -> list[Issue]:
    """Structure slugs of the rules and the fallback that the catalog does not hold."""
    issues = []
    refs = [(s, p) for r in rules.regles for s, p in zip(r.structures, r.structure_pos, strict=False)]
    refs += list(zip(rules.repli, rules.repli_pos, strict=False))
    for slug, pos in refs:
        if catalog.get(slug) is None:
            close = difflib.get_close_matches(slug, list(catalog.by_slug), n=1)
            issues.append(Issue(rules.file, pos[0] + 1, pos[1] + 1,
                                f"Structure inconnue « {slug} »{suggestion(close[0] if close else None)}."))
    if rules.repli_offre:
        offres = [o.slug for slug in rules.repli if (s := catalog.get(slug)) is not None for o in s.offres]
        if offres and rules.repli_offre not in offres:
            pos = rules.repli_pos[0] if rules.repli_pos else (0, 0)
            close = difflib.get_close_matches(rules.repli_offre, offres, n=1)
            issues.append(Issue(rules.file, pos[0] + 1, pos[1] + 1,
                                f"Offre de repli inconnue « {rules.repli_offre} »"
                                f"{suggestion(close[0] if close else None)}."))
    return sorted(issues)


def _build(directory: Path, taxonomy: Taxonomy, parcours: Parcours) -> tuple[Rules | None, list[Issue]]:
    src = load_source(directory / RULES_FILE, source_name(directory, RULES_FILE))
    data: Any = src.data
    if src.issues:
        return None, src.issues
    if not isinstance(data, dict):
        src.error((0, 0), "Le fichier doit contenir les clés poids, selection, regles et repli.")
        return None, src.issues
    src.check_keys(data, ("poids", "roles", "besoins_exclusifs", "competence_epci", "selection", "regles", "repli"),
                   "les règles de recommandation")
    weights = _weights(src, data.get("poids") or {}, taxonomy)
    roles = _roles(src, data.get("roles") or {}, taxonomy)
    comp = data.get("competence_epci") or {}
    src.check_keys(comp, ("points", "raison", "a_confirmer"), "competence_epci")
    sel = data.get("selection") or {}
    src.check_keys(sel, ("min", "max", "seuil_relatif", "min_par_type", "max_apres_specialistes"), "selection")
    lo, hi = _int(src, sel, "min", 3), _int(src, sel, "max", 6)
    if not 1 <= lo <= hi:
        src.error(node_pos(sel), f"La sélection doit vérifier 1 ≤ min ≤ max (ici min {lo}, max {hi}).")
    par_type = sel.get("min_par_type") or {}
    src.check_keys(par_type, tuple(taxonomy.terms("types_collectivite")), "selection.min_par_type")
    min_par_type = {str(k): _int(src, par_type, k, lo) for k in par_type}
    for k, v in min_par_type.items():
        if not 1 <= v <= lo:
            src.error(value_pos(par_type, k), f"« {k} » doit être compris entre 1 et min ({lo}).")
    seuil = _number(src, sel, "seuil_relatif", 0.5)
    if not 0 <= seuil <= 1:
        src.error(value_pos(sel, "seuil_relatif"), "« seuil_relatif » doit être compris entre 0 et 1.")
    regles = _rules(src, data.get("regles") or [], taxonomy, parcours)
    repli = data.get("repli") or {}
    src.check_keys(repli, ("structures", "toujours", "raison", "motif", "offre"), "repli")
    repli_slugs = repli.get("structures") or []
    if not isinstance(repli_slugs, list) or not repli_slugs:
        src.error(node_pos(repli, node_pos(data)),
                  "Déclarez au moins une structure de repli (« repli: structures: [ddt-53] ») : "
                  "il faut toujours un contact.")
        repli_slugs = []
    labels = MappingProxyType({v: MappingProxyType({s: t.label for s, t in terms.items()})
                               for v, terms in taxonomy.vocabularies.items()})
    rules = Rules(
        weights=weights, roles=roles,
        besoins_exclusifs=frozenset(_vocabulary_list(src, data, "besoins_exclusifs", taxonomy, "besoins")),
        competence_points=_number(src, comp, "points", 12, minimum=0), competence_raison=_str(src, comp, "raison"),
        competence_a_confirmer=_str(src, comp, "a_confirmer"),
        min=lo, max=hi, min_par_type=MappingProxyType(min_par_type), seuil_relatif=seuil,
        max_apres_specialistes=_int(src, sel, "max_apres_specialistes", hi),
        regles=regles, repli=tuple(str(s) for s in repli_slugs),
        repli_toujours=bool(repli.get("toujours", True)), repli_raison=_str(src, repli, "raison"),
        repli_motif=_str(src, repli, "motif"), repli_offre=_str(src, repli, "offre"),
        labels=labels, termes=MappingProxyType({v: MappingProxyType(t) for v, t in taxonomy.vocabularies.items()}),
        file=src.name,
        repli_pos=tuple(item_pos(repli_slugs, i) for i in range(len(repli_slugs))))
    return rules, src.issues


def _weights(src: Source, raw: Any, taxonomy: Taxonomy) -> Weights:
    src.check_keys(raw, WEIGHT_KEYS, "poids")
    default = Weights()
    # Matches only ever add points (the search's bounds rely on it); only a cost may subtract.
    simple = {k: _number(src, raw, k, getattr(default, k), minimum=0) for k in SIMPLE_WEIGHTS}
    terr = raw.get("territoire") or {}
    src.check_keys(terr, TERRITORY_LEVELS, "poids.territoire")
    niveau = raw.get("niveau") or {}
    src.check_keys(niveau, taxonomy.slugs("niveaux"), "poids.niveau")
    cout = raw.get("cout") or {}
    src.check_keys(cout, taxonomy.slugs("couts"), "poids.cout")
    return Weights(
        **simple,
        territoire=MappingProxyType({k: _number(src, terr, k, default.territoire[k], minimum=0)
                                     for k in TERRITORY_LEVELS}),
        niveau=MappingProxyType({k: _number(src, niveau, k, 0, minimum=0) for k in taxonomy.slugs("niveaux")}),
        cout=MappingProxyType({k: _number(src, cout, k, 0) for k in taxonomy.slugs("couts")}))


def _roles(src: Source, raw: Any, taxonomy: Taxonomy) -> Mapping[str, Role]:
    """How each role of data/taxonomie.yaml counts; a role not described is a plain specialist."""
    src.check_keys(raw, taxonomy.slugs("roles"), "roles")
    out = {}
    for slug in taxonomy.slugs("roles"):
        spec = raw.get(slug) or {}
        src.check_keys(spec, ROLE_KEYS, f"roles.{slug}")
        for key, allowed in (("sujet", ("requis", "facultatif")), ("besoin", ("requis", "libre"))):
            if spec.get(key) is not None and spec.get(key) not in allowed:
                src.error(value_pos(spec, key), f"« {key} » vaut {' ou '.join(allowed)}.")
        out[slug] = Role(slug, sujet_requis=spec.get("sujet", "requis") != "facultatif",
                         besoin_requis=spec.get("besoin", "libre") == "requis",
                         points=_number(src, spec, "points", 0, minimum=0),
                         apres_specialistes=bool(spec.get("apres_specialistes", False)),
                         raison=_str(src, spec, "raison"))
    return MappingProxyType(out)


def _rules(src: Source, raw: Any, taxonomy: Taxonomy, parcours: Parcours) -> tuple[Rule, ...]:
    if not isinstance(raw, list):
        src.error((0, 0), "« regles » doit être une liste.")
        return ()
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        pos = item_pos(raw, i)
        if not isinstance(item, dict) or not item.get("id"):
            src.error(pos, "Chaque règle doit avoir un « id ».")
            continue
        src.check_keys(item, ("id", "si", "structures", "points", "ajouter", "raison"), "une règle")
        rule_id = str(item["id"])
        if rule_id in seen:
            src.error(key_pos(item, "id"),
                      f"L'identifiant de règle « {rule_id} » est déjà utilisé (ligne {seen[rule_id]}).")
        seen[rule_id] = pos[0] + 1
        cond, refs = (None, []) if item.get("si") is None \
            else compile_condition(src, item["si"], value_pos(item, "si"))
        _check_refs(src, refs, parcours, taxonomy)
        slugs = item.get("structures")
        if not isinstance(slugs, list) or not slugs:
            src.error(pos, f"La règle « {rule_id} » doit nommer des « structures ».")
            slugs = []
        raison = _str(src, item, "raison")
        if not raison:
            src.error(pos, f"La règle « {rule_id} » doit donner sa « raison » : elle sera affichée à l'élu.")
        rules.append(Rule(rule_id, cond, tuple(str(s) for s in slugs), _number(src, item, "points", 0),
                          bool(item.get("ajouter", False)), raison,
                          tuple(item_pos(slugs, j) for j in range(len(slugs)))))
    return tuple(rules)


def _check_refs(src: Source, refs: list[Ref], parcours: Parcours, taxonomy: Taxonomy) -> None:
    """Rules run after the whole parcours: any question may be read, with a valid value."""
    for ref in refs:
        step = parcours.steps.get(ref.step)
        if step is None or not step.is_question:
            if ref.value is None:
                questions = [k for k, s in parcours.steps.items() if s.is_question]
                close = difflib.get_close_matches(ref.step, questions, n=1)
                src.error(ref.pos, f"La condition porte sur « {ref.step} », qui n'est demandé à aucune étape"
                                   f"{suggestion(close[0] if close else None)}.")
            continue
        if ref.value is not None and step.options and step.option(ref.value) is None:
            hint = taxonomy.suggest(step.options_from, ref.value) if step.options_from else None
            src.error(ref.pos, f"Slug inconnu « {ref.value} » pour l'étape « {ref.step} »{suggestion(hint)}.")


def _vocabulary_list(src: Source, raw: Any, key: str, taxonomy: Taxonomy, vocabulary: str) -> list[str]:
    """A list of slugs of one vocabulary (unknown ones reported with "vouliez-vous dire")."""
    values = raw.get(key) or []
    if not isinstance(values, list):
        src.error(value_pos(raw, key), f"« {key} » doit être une liste.")
        return []
    for i, v in enumerate(values):
        if not taxonomy.has(vocabulary, str(v)):
            src.error(item_pos(values, i), f"Slug inconnu « {v} » ({vocabulary})"
                                           f"{suggestion(taxonomy.suggest(vocabulary, str(v)))}.")
    return [str(v) for v in values if taxonomy.has(vocabulary, str(v))]


def _number(src: Source, raw: Any, key: str, default: float, minimum: float | None = None) -> float:
    value = raw.get(key, default) if isinstance(raw, dict) else default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        src.error(value_pos(raw, key), f"« {key} » doit être un nombre.")
        return default
    if minimum is not None and value < minimum:
        src.error(value_pos(raw, key), f"« {key} » doit être positif ou nul.")
        return default
    return float(value)


def _int(src: Source, raw: Any, key: str, default: int) -> int:
    value = raw.get(key, default) if isinstance(raw, dict) else default
    if isinstance(value, bool) or not isinstance(value, int):
        src.error(value_pos(raw, key), f"« {key} » doit être un nombre entier.")
        return default
    return value


def _str(src: Source, raw: Any, key: str) -> str:
    value = raw.get(key) if isinstance(raw, dict) else None
    return "" if value is None else str(value)
