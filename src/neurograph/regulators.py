"""What increases (or decreases) X? A signed search over signed nodes, INDRA-style.

Each entity is split into two signed nodes, ``(X, +)`` and ``(X, -)``. A
statement ``A -[polarity p]-> B`` links ``(A, s)`` to ``(B, s * p)``; unsigned
statements (polarity 0) link nothing, since they say nothing about direction
of effect. An entity ``R`` regulates the target with sign ``s`` within ``n``
hops when ``(R, +)`` reaches ``(target, s)`` in at most ``n`` signed hops.
The search runs backwards from the target, cheapest first (the same hop cost
as :mod:`neurograph.paths`: ``2 - confidence``), and keeps for each regulator
its best simple path. This is the reachability INDRA's signed path search
(``indra.explanation.pathfinding``, Gyori et al., Mol Syst Biol 2017)
answers, on neurograph's statements.

Examples
--------
>>> from neurograph.paths import example_graph
>>> G = example_graph()
>>> [(r.name, r.path.sign, r.hops) for r in regulators(G, "CHEBI:18243", sign="+")]
[('NMDA receptor', '+', 1), ('magnesium', '+', 1), ('glutamate', '+', 2)]
>>> [(r.name, r.path.sign) for r in regulators(G, "CHEBI:18243", sign="-")]
[('magnesium', '-')]
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any, Iterable

from .errors import UsageError
from .paths import GradeFilter, Path, _check_entity, _check_types, _to_path, _Walker, check_path_options

__all__ = ["Regulator", "regulators"]


@dataclass
class Regulator:
    """An entity whose effect on the target has the asked-for sign, with its best path."""

    id: str
    name: str
    category: str | None
    hops: int
    path: Path

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "category": self.category, "hops": self.hops,
                "path": self.path.to_dict()}


def regulators(
    G,
    target: str,
    sign: str = "+",
    *,
    max_hops: int = 2,
    k: int = 20,
    types: str | Iterable[str] | None = None,
    min_confidence: float = 0.0,
    exclude_hedged: bool = False,
    source_kind: str = "both",
    max_degree: int | None = None,
    categories: Iterable[str] | None = None,
    schema=None,
    population: str | Iterable[str] | None = None,
    study_type: str | Iterable[str] | None = None,
) -> list[Regulator]:
    """Entities that raise (``sign="+"``) or lower (``"-"``) ``target`` within ``max_hops`` signed hops.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The mirror graph.
    target : str
        Node id (use :func:`neurograph.names.resolve` for typed names).
    sign : {"+", "-"}
        The net effect on the target.
    max_hops : int
        Longest chain of statements.
    k : int
        How many regulators, best first: fewest hops, then cheapest path
        (most confident), then name.
    types, min_confidence, exclude_hedged, source_kind, max_degree, population, study_type
        As for :func:`neurograph.paths.k_shortest_paths` (the evidence grade
        filter: :class:`neurograph.paths.GradeFilter`).
    categories : iterable of str, optional
        Keep only regulators of these categories (for example ``["Nutrient",
        "Mineral"]``).

    Returns
    -------
    list of Regulator
        Each with its best path (regulator first, target last).

    Raises
    ------
    UsageError
        A bad sign, ``k`` or ``max_hops``, or a target that is not an entity.
    """
    if sign not in ("+", "-"):
        raise UsageError(f"sign must be '+' or '-', not {sign!r}")
    check_path_options(k, max_hops=max_hops, source_kind=source_kind, max_degree=max_degree)
    _check_entity(G, target, "target")
    wanted_categories = frozenset(categories) if categories else None
    walker = _Walker(G, directed=True, types=_check_types(types, schema), min_confidence=min_confidence,
                     exclude_hedged=exclude_hedged, avoid=frozenset(), signed_only=True, schema=schema,
                     source=source_kind, max_degree=max_degree, exempt=(target,),
                     grade=GradeFilter.of(population, study_type))
    want = 1 if sign == "+" else -1
    # Backward search over (node, sign of the node's effect on the target). Entries: (cost, hops, node,
    # sign, chain of edges from node to the target); the first pop of a node with the wanted sign is its best.
    heap: list = [(0.0, 0, target, 1, ())]
    settled: set[tuple[str, int]] = set()
    best: dict[str, tuple[float, int, tuple]] = {}
    while heap:
        cost, hops, node, node_sign, chain = heapq.heappop(heap)
        if (node, node_sign) in settled:
            continue
        settled.add((node, node_sign))
        if node != target and node_sign == want and node not in best:
            if wanted_categories is None or G.nodes[node].get("category") in wanted_categories:
                best[node] = (cost, hops, chain)
        if hops == max_hops:
            continue
        on_chain = {target} | {e[0] for e in chain}
        # Statements into `node` walked backwards (and symmetric ones out of it, which walk both ways).
        for u, key, data, direction, hop_cost, pol in walker.in_hops(node):
            if u in on_chain or (u, node_sign * pol) in settled:
                continue  # simple paths only
            heapq.heappush(heap, (round(cost + hop_cost, 9), hops + 1, u, node_sign * pol,
                                  ((u, key, node, direction, data),) + chain))
    titles = G.graph.get("documents") or {}
    ranked = sorted(best.items(), key=lambda item: (item[1][1], round(item[1][0], 9),
                                                     str(G.nodes[item[0]].get("name", item[0])).casefold(), item[0]))
    out = []
    for node, (_, hops, chain) in ranked[:k]:
        nodes = (node,) + tuple(e[2] for e in chain)
        path = _to_path(G, nodes, chain, titles, walker)
        out.append(Regulator(node, G.nodes[node].get("name", node), G.nodes[node].get("category"), hops, path))
    return out

