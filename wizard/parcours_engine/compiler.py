"""Load, validate and compile ``parcours/*.yaml`` into an immutable :class:`Parcours`."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..taxonomy import VOCABULARIES, Taxonomy
from ..territoires.reference import REFERENCE_KINDS
from . import graph
from .conditions import Condition, Ref, compile_condition
from .errors import Issue, ParcoursError, suggestion
from .lexicon import build_lexicon, read_lexicon_yaml
from .model import PAGE_KINDS, STEP_KINDS, Branch, Option, Parcours, Step
from .source import Pos, Source, item_pos, key_pos, load_source, node_pos, value_pos

PARCOURS_FILE = "parcours.yaml"
LEXICON_FILE = "lexique.yaml"
STEP_KEYS = ("id", "type", "titre", "question", "aide", "erreur", "options", "options_from",
             "options_sup", "si", "suivante", "obligatoire", "longueur_max", "pre_cocher_depuis")


@dataclass
class _Draft:
    """A step being compiled, with what the graph checks need afterwards."""

    step: Step
    node: graph.Node
    refs: list[Ref] = field(default_factory=list)        # from its own ``si:``
    branch_refs: list[Ref] = field(default_factory=list)  # from its branches' ``si:``
    prefill_pos: Pos = (0, 0)


def source_name(directory: Path, filename: str) -> str:
    """How a file is named in messages: ``parcours/parcours.yaml``."""
    return f"{directory.name}/{filename}"


def check(directory: Path, taxonomy: Taxonomy) -> list[Issue]:
    """Every issue of the parcours files, sorted by file, line and column."""
    return sorted(build(directory, taxonomy)[1])


def compile_parcours(directory: Path, taxonomy: Taxonomy) -> Parcours:
    """The compiled parcours; raises :class:`ParcoursError` listing every issue."""
    parcours, issues = build(directory, taxonomy)
    if issues or parcours is None:
        raise ParcoursError(issues)
    return parcours


def build(directory: Path, taxonomy: Taxonomy) -> tuple[Parcours | None, list[Issue]]:
    """The compiled parcours (None if it could not be built at all) and the issues found."""
    src = load_source(directory / PARCOURS_FILE, source_name(directory, PARCOURS_FILE))
    lex_path = directory / LEXICON_FILE
    lex_src = load_source(lex_path, source_name(directory, LEXICON_FILE)) if lex_path.exists() \
        else Source(source_name(directory, LEXICON_FILE), None)
    extra = read_lexicon_yaml(lex_src, taxonomy)
    parcours = _compile(src, taxonomy, extra) if src.data is not None or not src.issues else None
    return parcours, src.issues + lex_src.issues


def _compile(src: Source, taxonomy: Taxonomy, extra: dict[str, dict[str, list[str]]]) -> Parcours | None:
    data: Any = src.data
    if not isinstance(data, dict) or not isinstance(data.get("etapes"), list) or not data["etapes"]:
        src.error(node_pos(data), "Le parcours doit contenir une liste « etapes » non vide.")
        return None
    src.check_keys(data, ("debut", "etapes"), "le parcours")
    drafts: dict[str, _Draft] = {}
    for i, raw in enumerate(data["etapes"]):
        draft = _compile_step(src, raw, item_pos(data["etapes"], i), taxonomy)
        if draft is None:
            continue
        if draft.step.id in drafts:
            first = drafts[draft.step.id].node.pos[0] + 1
            src.error(key_pos(raw, "id") if "id" in raw else draft.node.pos,
                      f"L'identifiant d'étape « {draft.step.id} » est déjà utilisé (ligne {first}).")
            continue
        drafts[draft.step.id] = draft
    if not drafts:
        return None
    start = str(data.get("debut") or next(iter(drafts)))
    nodes = {k: d.node for k, d in drafts.items()}
    if start not in nodes:
        close = difflib.get_close_matches(start, list(nodes), n=1)
        src.error(value_pos(data, "debut"), f"L'étape de début « {start} » n'existe pas"
                                            f"{suggestion(close[0] if close else None)}.")
        return None
    graph.check_targets(src, nodes)
    graph.check_reachable(src, nodes, start)
    if not graph.check_cycles(src, nodes):
        return None
    if not any(d.step.kind == "resultats" for d in drafts.values()):
        src.error(node_pos(data["etapes"]), "Le parcours n'a aucune étape de type « resultats ».")
    before = graph.ancestors(nodes)
    for draft in drafts.values():
        _check_refs(src, drafts, draft.refs, before[draft.step.id], draft.step.id, taxonomy)
        _check_refs(src, drafts, draft.branch_refs, before[draft.step.id] | {draft.step.id},
                    draft.step.id, taxonomy)
        _check_prefill(src, drafts, draft, before[draft.step.id])
    longest, longest_next = graph.longest_paths(nodes)
    steps = MappingProxyType({k: d.step for k, d in drafts.items()})
    return Parcours(start, steps, build_lexicon(taxonomy, extra), MappingProxyType(longest),
                    MappingProxyType(longest_next), MappingProxyType(graph.descendants(nodes)))


def _compile_step(src: Source, raw: Any, pos: Pos, taxonomy: Taxonomy) -> _Draft | None:
    if not isinstance(raw, dict):
        src.error(pos, "Chaque étape doit être une liste de clés (id, type, question…).")
        return None
    src.check_keys(raw, STEP_KEYS, "une étape")
    step_id = raw.get("id")
    if not isinstance(step_id, str) or not step_id:
        src.error(pos, "Étape sans identifiant : ajoutez « id: … ».")
        return None
    kind = str(raw.get("type") or "")
    if kind not in STEP_KINDS:
        close = difflib.get_close_matches(kind, STEP_KINDS, n=1)
        src.error(value_pos(raw, "type") if "type" in raw else pos,
                  f"Type d'étape inconnu « {kind} » pour « {step_id} »"
                  f"{suggestion(close[0] if close else None)} ; types possibles : {', '.join(STEP_KINDS)}.")
        return None
    question = str(raw.get("question") or "")
    if not question:
        src.error(pos, f"L'étape « {step_id} » n'a pas de question (« question: … »).")
    condition, refs = _condition(src, raw, "si")
    branches, branch_refs, targets = _branches(src, raw, step_id, kind, pos)
    options, options_from, reference_kind = _options(src, raw, step_id, kind, pos, taxonomy)
    prefill = raw.get("pre_cocher_depuis")
    if prefill is not None and options_from is None:
        src.error(key_pos(raw, "pre_cocher_depuis"), "« pre_cocher_depuis » exige des options tirées "
                                                     f"d'un vocabulaire (options_from) pour « {step_id} ».")
    obligatoire = raw.get("obligatoire", True)
    if not isinstance(obligatoire, bool):
        src.error(value_pos(raw, "obligatoire"), "« obligatoire » vaut true ou false.")
        obligatoire = True
    longueur = raw.get("longueur_max", 200)
    if not isinstance(longueur, int) or isinstance(longueur, bool) or longueur <= 0:
        src.error(value_pos(raw, "longueur_max"), "« longueur_max » doit être un entier positif.")
        longueur = 200
    step = Step(
        id=step_id, kind=kind, titre=str(raw.get("titre") or question), question=question,
        aide=str(raw.get("aide") or ""), erreur=str(raw.get("erreur") or ""),
        options=options, options_from=options_from, reference_kind=reference_kind,
        condition=condition, branches=branches, obligatoire=obligatoire,
        longueur_max=longueur, pre_cocher_depuis=str(prefill) if prefill is not None else None,
        line=pos[0] + 1)
    node = graph.Node(step_id, key_pos(raw, "id"), targets)
    return _Draft(step, node, refs, branch_refs, value_pos(raw, "pre_cocher_depuis"))


def _condition(src: Source, raw: Any, key: str) -> tuple[Condition | None, list[Ref]]:
    if key not in raw or raw[key] is None:
        return None, []
    return compile_condition(src, raw[key], value_pos(raw, key))


def _branches(src: Source, raw: Any, step_id: str, kind: str,
              pos: Pos) -> tuple[tuple[Branch, ...], list[Ref], list[tuple[str, Pos]]]:
    nxt = raw.get("suivante")
    if kind == "resultats":
        if nxt is not None:
            src.error(key_pos(raw, "suivante"), f"L'étape de résultats « {step_id} » termine le parcours : "
                                                "retirez « suivante ».")
        return (), [], []
    if isinstance(nxt, str) and nxt:
        return (Branch(None, nxt),), [], [(nxt, value_pos(raw, "suivante"))]
    if not isinstance(nxt, list) or not nxt:
        src.error(pos, f"L'étape « {step_id} » n'indique pas sa suivante (« suivante: id » ou une liste "
                       "« - si: … vers: id »).")
        return (), [], []
    branches: list[Branch] = []
    refs: list[Ref] = []
    targets: list[tuple[str, Pos]] = []
    for i, item in enumerate(nxt):
        ipos = item_pos(nxt, i)
        if not isinstance(item, dict) or not isinstance(item.get("vers"), str):
            src.error(ipos, f"Chaque suivante de « {step_id} » doit avoir « vers: id » "
                            "(et éventuellement « si »).")
            continue
        src.check_keys(item, ("si", "vers"), f"une suivante de « {step_id} »")
        cond, crefs = _condition(src, item, "si")
        refs.extend(crefs)
        branches.append(Branch(cond, item["vers"]))
        targets.append((item["vers"], value_pos(item, "vers")))
    if branches and branches[-1].condition is not None:
        src.error(item_pos(nxt, len(nxt) - 1), f"La dernière suivante de « {step_id} » doit être sans condition "
                                               "(« - vers: id ») pour qu'aucune réponse ne reste sans suite.")
    return tuple(branches), refs, targets


def _options(src: Source, raw: Any, step_id: str, kind: str, pos: Pos,
             taxonomy: Taxonomy) -> tuple[tuple[Option, ...], str | None, str | None]:
    source = raw.get("options_from")
    vocabulary = reference = None
    if source is not None:
        if source in VOCABULARIES:
            vocabulary = str(source)
        elif source in REFERENCE_KINDS:
            reference = str(source)
        else:
            close = difflib.get_close_matches(str(source), VOCABULARIES + REFERENCE_KINDS, n=1)
            src.error(value_pos(raw, "options_from"), f"Source d'options inconnue « {source} »"
                                                      f"{suggestion(close[0] if close else None)}.")
            return (), None, None
    if kind not in ("choix", "choix_multiple"):
        if source is not None or "options" in raw or "options_sup" in raw:
            src.error(pos, f"L'étape « {step_id} » de type « {kind} » ne prend pas d'options.")
        return (), None, None
    options: list[Option] = []
    if "options" in raw:
        options += _option_list(src, raw, "options", step_id, vocabulary, taxonomy)
    elif vocabulary is not None:
        options += [Option(t.slug, t.label) for t in taxonomy.terms(vocabulary).values()]
    elif reference is None:
        src.error(pos, f"L'étape « {step_id} » n'a pas d'options (« options_from » ou « options »).")
    if reference is not None and ("options" in raw or "options_sup" in raw):
        src.error(pos, f"L'étape « {step_id} » prend ses options dans « {reference} » : "
                       "retirez « options » et « options_sup ».")
        return (), None, reference
    if "options_sup" in raw:
        options += _option_list(src, raw, "options_sup", step_id, None, taxonomy)
    seen: set[str] = set()
    for opt in options:
        if opt.slug in seen:
            src.error(value_pos(raw, "options"), f"L'option « {opt.slug} » apparaît deux fois dans « {step_id} ».")
        seen.add(opt.slug)
    return tuple(options), vocabulary, reference


def _option_list(src: Source, raw: Any, key: str, step_id: str, vocabulary: str | None,
                 taxonomy: Taxonomy) -> list[Option]:
    items = raw.get(key)
    if not isinstance(items, list):
        src.error(value_pos(raw, key), f"« {key} » de « {step_id} » doit être une liste.")
        return []
    out: list[Option] = []
    for i, item in enumerate(items):
        ipos = item_pos(items, i)
        if not isinstance(item, dict) or not item.get("slug"):
            src.error(ipos, f"Chaque option de « {step_id} » doit avoir un « slug ».")
            continue
        src.check_keys(item, ("slug", "label", "neutre"), f"une option de « {step_id} »")
        slug = str(item["slug"])
        label = str(item.get("label") or "")
        if vocabulary is not None:
            if not taxonomy.has(vocabulary, slug):
                src.error(value_pos(item, "slug"), f"Slug inconnu « {slug} » dans le vocabulaire « {vocabulary} »"
                                                   f"{suggestion(taxonomy.suggest(vocabulary, slug))}.")
                continue
            label = label or taxonomy.label(vocabulary, slug)
        if not label:
            src.error(ipos, f"L'option « {slug} » de « {step_id} » n'a pas de libellé (« label: … »).")
            continue
        out.append(Option(slug, label, bool(item.get("neutre", False))))
    return out


def _check_refs(src: Source, drafts: dict[str, _Draft], refs: list[Ref], allowed: frozenset[str],
                step_id: str, taxonomy: Taxonomy) -> None:
    for ref in refs:
        target = drafts.get(ref.step)
        if target is None:
            close = difflib.get_close_matches(ref.step, list(drafts), n=1)
            if ref.value is None:
                src.error(ref.pos, f"La condition de « {step_id} » porte sur « {ref.step} », qui n'est demandé "
                                   f"à aucune étape{suggestion(close[0] if close else None)}.")
            continue
        if target.step.kind in PAGE_KINDS:
            if ref.value is None:
                src.error(ref.pos, f"La condition de « {step_id} » porte sur « {ref.step} », "
                                   "qui n'est pas une question.")
            continue
        if ref.step not in allowed:
            if ref.value is None:
                src.error(ref.pos, f"La condition de « {step_id} » porte sur la réponse « {ref.step} », "
                                   "qui n'est pas encore demandée à ce moment du parcours.")
            continue
        if ref.value is not None and target.step.options and target.step.option(ref.value) is None:
            vocab = target.step.options_from
            hint = taxonomy.suggest(vocab, ref.value) if vocab else None
            if hint is None:
                close = difflib.get_close_matches(ref.value, [o.slug for o in target.step.options], n=1)
                hint = close[0] if close else None
            src.error(ref.pos, f"Slug inconnu « {ref.value} » pour l'étape « {ref.step} »{suggestion(hint)}.")


def _check_prefill(src: Source, drafts: dict[str, _Draft], draft: _Draft, allowed: frozenset[str]) -> None:
    origin = draft.step.pre_cocher_depuis
    if origin is None:
        return
    target = drafts.get(origin)
    if target is None or target.step.kind != "texte":
        src.error(draft.prefill_pos, f"« pre_cocher_depuis » de « {draft.step.id} » doit nommer une étape "
                                     f"de type texte : « {origin} » n'en est pas une.")
    elif origin not in allowed:
        src.error(draft.prefill_pos, f"« pre_cocher_depuis » de « {draft.step.id} » lit la réponse « {origin} », "
                                     "qui n'est pas encore demandée à ce moment du parcours.")
