"""Graph checks over the steps: targets, reachability, cycles, ancestors, longest paths."""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import suggestion
from .source import Pos, Source


@dataclass
class Node:
    """A step as the graph sees it: its targets with the position of each in the file."""

    id: str
    pos: Pos
    targets: list[tuple[str, Pos]] = field(default_factory=list)


def check_targets(src: Source, nodes: Mapping[str, Node]) -> None:
    """Report branch targets that name no step, with a suggestion."""
    for node in nodes.values():
        for target, pos in node.targets:
            if target not in nodes:
                close = difflib.get_close_matches(target, list(nodes), n=1)
                src.error(pos, f"L'étape suivante « {target} » de « {node.id} » n'existe pas"
                               f"{suggestion(close[0] if close else None)}.")


def successors(nodes: Mapping[str, Node]) -> dict[str, list[str]]:
    """Known targets of each step, in file order, without duplicates."""
    return {n.id: list(dict.fromkeys(t for t, _ in n.targets if t in nodes)) for n in nodes.values()}


def check_reachable(src: Source, nodes: Mapping[str, Node], start: str) -> None:
    """Report steps that no path from the start reaches."""
    succ = successors(nodes)
    seen = {start}
    stack = [start]
    while stack:
        for nxt in succ[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    for node in nodes.values():
        if node.id not in seen:
            src.error(node.pos, f"L'étape « {node.id} » n'est jamais atteinte depuis « {start} » : "
                                "aucune étape n'y mène.")


def check_cycles(src: Source, nodes: Mapping[str, Node]) -> bool:
    """Report each edge that closes a loop; return whether the graph is acyclic."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []
    acyclic = True

    def visit(node_id: str) -> None:
        nonlocal acyclic
        state[node_id] = 1
        path.append(node_id)
        for target, pos in nodes[node_id].targets:
            if target not in nodes:
                continue
            if state.get(target) == 1:
                acyclic = False
                loop = " → ".join(path[path.index(target):] + [target])
                src.error(pos, f"Le parcours tourne en boucle : « {node_id} » renvoie à « {target} », "
                               f"déjà posée plus tôt ({loop}).")
            elif target not in state:
                visit(target)
        path.pop()
        state[node_id] = 2

    for node_id in nodes:
        if node_id not in state:
            visit(node_id)
    return acyclic


def _closure(adjacency: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """For each node, every node reachable through ``adjacency`` (itself excluded)."""
    result: dict[str, frozenset[str]] = {}
    for node_id in adjacency:
        seen: set[str] = set()
        stack = list(adjacency[node_id])
        while stack:
            cur = stack.pop()
            if cur not in seen:
                seen.add(cur)
                stack.extend(adjacency[cur])
        result[node_id] = frozenset(seen - {node_id})
    return result


def ancestors(nodes: Mapping[str, Node]) -> dict[str, frozenset[str]]:
    """For each step, the steps from which it can be reached (those asked before it)."""
    preds: dict[str, set[str]] = {n: set() for n in nodes}
    for node_id, nexts in successors(nodes).items():
        for nxt in nexts:
            preds[nxt].add(node_id)
    return _closure(preds)


def longest_paths(nodes: Mapping[str, Node]) -> tuple[dict[str, int], dict[str, str | None]]:
    """Longest step count to the end from each step (acyclic graph) and its successor."""
    succ = successors(nodes)
    length: dict[str, int] = {}
    best: dict[str, str | None] = {}

    def visit(node_id: str) -> int:
        if node_id not in length:
            length[node_id] = 1
            best[node_id] = None
            for nxt in succ[node_id]:
                if 1 + visit(nxt) > length[node_id]:
                    length[node_id] = 1 + length[nxt]
                    best[node_id] = nxt
        return length[node_id]

    for node_id in nodes:
        visit(node_id)
    return length, best


def descendants(nodes: Mapping[str, Node]) -> dict[str, frozenset[str]]:
    """For each step, the steps reachable after it."""
    return _closure(successors(nodes))
