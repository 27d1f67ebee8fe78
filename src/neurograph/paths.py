"""How is X connected to Y, with what net effect, and what says so?

Plain functions over the mirror graph (see :mod:`neurograph.graph` for its
layout). They return plain data: :class:`Path` and :class:`Hop` dataclasses
(with ``to_dict()``) and dicts. Only statement edges are walked; document
nodes and ``MENTIONS`` edges are never part of an answer.

Names are resolved by :mod:`neurograph.names` (:func:`resolve`).

Ranking (:func:`k_shortest_paths`)
    A path costs the sum over its hops of ``2 - confidence``: every hop
    costs between 1 and 2, so fewer hops win first and, among paths of the
    same length, the more confident ones. Paths come cheapest first; equal
    costs are ordered by fewer hops, then by the node ids along the path,
    then by the relationship types. Parallel statements between the same
    two entities (``magnesium INCREASES dopamine`` and ``magnesium
    REGULATES dopamine``) are distinct hop choices, so two paths may share
    their nodes and differ in a hop's type (and sign).

Net sign
    The product of the hop polarities: ``"+"`` or ``"-"``, and ``"?"``
    (unknown) when a hop is unsigned (polarity 0) or, with ``directed=False``,
    when a hop is walked against the direction of a non-symmetric
    relationship (what Y does to X says nothing about what X does to Y).

Examples
--------
>>> G = example_graph()
>>> resolve(G, "Mg"), resolve(G, "NMDA receptors"), resolve(G, "magnesium ions")
('CHEBI:18420', 'FPLX:NMDA_receptor', 'CHEBI:18420')
>>> paths = k_shortest_paths(G, "CHEBI:18420", "CHEBI:18243")
>>> [(p.names, p.sign) for p in paths]
[(['magnesium', 'dopamine'], '+'), (['magnesium', 'NMDA receptor', 'dopamine'], '-')]
>>> summarize(paths, "magnesium", "dopamine")
'magnesium → dopamine: 2 paths, 1 positive, 1 negative'
>>> [p.names for p in k_shortest_paths(G, "CHEBI:18420", "CHEBI:18243", sign="-")]
[['magnesium', 'NMDA receptor', 'dopamine']]
"""

from __future__ import annotations

import heapq
from typing import Iterable

# The path searches in four modules: plain data and hop costs (path_hops), what a path may walk (path_filters),
# the walker and its bounds (path_walker), and the searches here. Their public names are re-exported here.
from .names import clear_index, resolve, suggest  # noqa: F401  (re-exported: paths.resolve)
from .path_filters import (SOURCES, GradeFilter, _check_entity, _node_set, check_path_options,  # noqa: F401
                           path_ends, path_filters, statement_sources)
from .path_hops import (SIGN_SYMBOL, SIGN_WORD, Hop, Path, _check_types, _make_hop, _schema,  # noqa: F401
                        _symmetric_from_file, _symmetric_types, best_evidence, clear_caches, hop_cost)
from .path_walker import DAMPING, _CostsTo, _hops_to, _Walker, dwpc_hop_cost  # noqa: F401

__all__ = [
    "Hop",
    "Path",
    "k_shortest_paths",
    "summarize",
    "rank_paths",
    "hop_cost",
    "best_evidence",
    "example_graph",
    "clear_caches",
    "GradeFilter",
    "check_path_options",
    "path_ends",
    "path_filters",
]


# --- k shortest paths ---------------------------------------------------------

def k_shortest_paths(
    G,
    source: str,
    target: str,
    k: int = 5,
    *,
    max_hops: int = 4,
    directed: bool = True,
    via: str | Iterable[str] | None = None,
    avoid: str | Iterable[str] | None = None,
    types: str | Iterable[str] | None = None,
    min_confidence: float = 0.0,
    exclude_hedged: bool = False,
    sign: str | None = None,
    schema=None,
    source_kind: str = "both",
    max_degree: int | None = None,
    rank: str = "cost",
    damping: float = DAMPING,
    population: str | Iterable[str] | None = None,
    study_type: str | Iterable[str] | None = None,
) -> list[Path]:
    """The ``k`` cheapest simple paths from ``source`` to ``target``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The mirror graph.
    source, target : str
        Node ids (use :func:`resolve` for typed names).
    k : int
        How many paths.
    max_hops : int
        Longest path, in hops.
    directed : bool
        Walk statements subject to object only (symmetric types such as
        ``ASSOCIATED_WITH`` both ways). ``False`` walks any statement
        backwards too; such hops have ``direction="backward"``.
    via : node id or list of node ids, optional
        Every path passes through all of them.
    avoid : node id or list of node ids, optional
        No path touches them.
    types : relationship type or list of them, optional
        Walk only these types (case-insensitive, checked against the schema).
    min_confidence : float
        Walk only statements at least this confident.
    exclude_hedged : bool
        Skip statements whose every evidence is hedged ("may", "suggests").
    sign : {"+", "-"}, optional
        Keep only paths with this net effect.
    schema : Schema, optional
        Defaults to the installed schema (for symmetric types).
    source_kind : {"both", "documents", "curated"}
        Walk statements with document evidence, curated ones, or both.
    max_degree : int, optional
        Never walk through an entity with more statement neighbours than
        this (the source and target are exempt): keeps hubs such as
        "depression" or "brain" out of the middle of answers.
    rank : {"cost", "dwpc"}
        ``"cost"``: fewest hops, then confidence (the module docstring).
        ``"dwpc"``: largest degree product first, the per-path term of
        Hetionet's degree-weighted path count with exponent ``damping``
        (see :func:`dwpc_hop_cost`); each path's product is in ``Path.dwpc``.
    damping : float
        The DWPC damping exponent ``w`` (0.4, Hetionet's choice).
    population, study_type : str or list of str, optional
        Walk only statements with document evidence of this evidence grade
        (:mod:`neurograph.extract.grade`), for example ``"human"`` or
        ``["randomised trial", "meta-analysis"]``; curated statements pass
        (see :class:`GradeFilter`). Each hop then quotes a record that passes.

    Returns
    -------
    list of Path
        Cheapest first (see the module docstring for costs and ties).

    Raises
    ------
    UsageError
        Bad ``k``, ``max_hops``, ``sign``, relationship type or grade, or an
        id that is not an entity of ``G`` (see :func:`check_path_options`).

    Examples
    --------
    >>> G = example_graph()
    >>> [p.names for p in k_shortest_paths(G, "CHEBI:18420", "CHEBI:18243", avoid="FPLX:NMDA_receptor")]
    [['magnesium', 'dopamine']]
    >>> [h.type for h in k_shortest_paths(G, "CHEBI:18420", "CHEBI:18243", via="FPLX:NMDA_receptor")[0].hops]
    ['ANTAGONIST_OF', 'INCREASES']
    >>> k_shortest_paths(G, "CHEBI:18243", "CHEBI:18420")
    []
    >>> [h.direction for h in k_shortest_paths(G, "CHEBI:18243", "CHEBI:18420", directed=False)[0].hops]
    ['backward']
    >>> [round(p.dwpc, 3) for p in k_shortest_paths(G, "CHEBI:18420", "CHEBI:18243", rank="dwpc")]
    [0.758, 0.758]
    """
    check_path_options(k, max_hops=max_hops, sign=sign, source_kind=source_kind, rank=rank, max_degree=max_degree)
    for node, what in ((source, "source"), (target, "target")):
        _check_entity(G, node, what)
    via_nodes, avoid_nodes = path_ends(source, target, _node_set(G, via, "via"), _node_set(G, avoid, "avoid"))
    walker = _Walker(G, directed=directed, types=_check_types(types, schema), min_confidence=min_confidence,
                     exclude_hedged=exclude_hedged, avoid=avoid_nodes, signed_only=sign is not None, schema=schema,
                     source=source_kind, max_degree=max_degree, exempt=(source, target),
                     damping=damping if rank == "dwpc" else None, grade=GradeFilter.of(population, study_type))

    found = _search(walker, source, target, k, max_hops, via_nodes, sign)
    titles = G.graph.get("documents") or {}
    return [_to_path(G, nodes, edges, titles, walker) for nodes, edges in found]


def _search(walker: _Walker, source, target, k, max_hops, via_nodes, sign):
    """Best-first (A*) enumeration of simple paths in canonical order.

    Every partial path is ranked by ``(cost so far + lower bound on the rest,
    its node ids, its keys)``. The lower bound (:class:`_CostsTo`) is the
    cheapest walk to the target within the hops still allowed, exact near
    the target and at least one hop's cost per missing hop beyond, so goals
    come out cheapest first and, among equal costs, by node ids: ordering
    partial paths by their node ids is a depth-first walk in the same order
    as the goals it leads to. Partial paths that cannot reach the target
    within ``max_hops`` (or through the unvisited ``via`` nodes) are cut.

    Parallel statements are folded before the search: of the hops from one
    entity to the next, only the cheapest (then the smallest key) can be
    part of an answer, since paths through the same entities count once
    (with ``sign``, the cheapest of each polarity). Once ``k`` distinct goals
    are found, only partial paths that could still beat the k-th in the
    canonical order ``(cost, hops, node ids, keys)`` are expanded, so the
    answer is canonical on any graph and equals the store backend's.
    """
    bound = _CostsTo(walker, target, max_hops - 1)
    vias = tuple(sorted(via_nodes))
    balls = {x: _hops_to(walker, x, max_hops) for x in vias}
    unit = bound.unit

    def via_hops(node: str, seen_via: frozenset) -> int:
        """Fewest hops from ``node`` through the unvisited via nodes to the target (0 without via nodes)."""
        best = 0
        for x in vias:
            if x not in seen_via:
                dist, radius = balls[x]
                best = max(best, dist.get(node, radius + 1) + bound.hops(x))
        return best

    want = None if sign is None else (1 if sign == "+" else -1)
    start_via = frozenset({source} & via_nodes)
    rest = bound.lower(source, max_hops)
    if rest is None or (vias and via_hops(source, start_via) > max_hops):
        return []
    heap = [(round(rest, 9), (source,), (), 0, 0.0, (), 1, start_via, False)]
    counter = 1
    goals: list[tuple] = []  # (cost, hops, nodes, keys, edges)
    kth = None  # canonical key (cost, hops, nodes) of the k-th distinct goal, once there are k
    out_hops = walker.out_hops
    while heap:
        entry = heapq.heappop(heap)
        f, nodes, keys, _, g, edges, pol, seen_via, exact = entry
        depth = len(keys)
        u = nodes[-1]
        if kth is not None:
            if f > kth[0]:
                break
            if (f, depth + bound.hops(u), nodes) > kth:
                continue  # cannot beat the k-th answer
        if u == target:
            if len(seen_via) == len(via_nodes) and (want is None or pol == want):
                goals.append((round(g, 9), depth, nodes, keys, edges))
                kth = _kth_key(goals, k)
            continue
        hops_left = max_hops - depth - 1  # hops still allowed after the next one
        if hops_left < 0:
            continue
        if not exact:  # refine the rough bound this entry was pushed with, once it reaches the top
            refined = bound.tighten(u, hops_left + 1)
            if refined is None:
                continue
            f2 = round(g + max(refined, via_hops(u, seen_via) * unit if vias else 0.0), 9)
            if f2 > f:
                heapq.heappush(heap, (f2, nodes, keys, counter, g, edges, pol, seen_via, True))
                counter += 1
                continue
        # The bound after the next hop: exact from a level of the backward search, else rough (see _CostsTo).
        level = bound.levels[min(hops_left, bound.radius)] if bound.is_exact(hops_left) else None
        beyond = (bound.radius + 1) * unit
        for v, key, data, direction, cost, hop_pol in out_hops(u):
            if v in nodes:
                continue
            if level is not None:
                rest = level.get(v)
                if rest is None:
                    continue
                exact = True
            else:
                rest = bound.levels[bound.radius].get(v)
                # Within the radius and no dearer than one more hop each: the cost beyond cannot be lower.
                exact = rest is not None and rest <= beyond
                if not exact:
                    rest = beyond
            if vias:
                new_seen = seen_via | {v} if v in via_nodes else seen_via
                rest_via = via_hops(v, new_seen)
                if rest_via > hops_left:
                    continue
                rest = max(rest, rest_via * unit)
            else:
                new_seen = seen_via
            if hop_pol is None or hop_pol == 0 or pol is None:
                if want is not None:
                    continue
                new_pol = None
            else:
                new_pol = pol * hop_pol
            g2 = g + cost
            f2 = round(g2 + rest, 9)
            if kth is not None and f2 > kth[0]:
                continue
            heapq.heappush(heap, (f2, nodes + (v,), keys + (key,), counter, g2,
                                  edges + ((u, key, v, direction, data),), new_pol, new_seen, exact))
            counter += 1
    goals.sort(key=lambda x: (x[0], x[1], x[2], x[3]))
    out, shown = [], set()
    for _, _, nodes, _, edges in goals:
        if nodes not in shown:
            shown.add(nodes)
            out.append((nodes, edges))
    return out[:k]


def _kth_key(goals: list, k: int):
    """The canonical key ``(cost, hops, nodes)`` of the k-th distinct goal, or None with fewer."""
    seen = set()
    for cost, hops, nodes, keys, _ in sorted(goals, key=lambda x: (x[0], x[1], x[2], x[3])):
        if nodes not in seen:
            seen.add(nodes)
            if len(seen) == k:
                return (cost, hops, nodes)
    return None


def _to_path(G, nodes, edges, titles, walker: _Walker | None = None) -> Path:
    """A :class:`Path` from the search's edges; with ``walker``, each hop's alternatives and the DWPC term."""
    grade = walker.grade if walker is not None else None
    hops = [_make_hop(G, u, v, key, data, direction, titles, grade) for u, key, v, direction, data in edges]
    if walker is not None:
        for hop in hops:
            hop.alternatives = walker.alternatives(hop.subject, hop.object, hop.type)
    net: int | None = 1
    symmetric = None
    for hop, (_, _, _, direction, data) in zip(hops, edges):
        if direction == "backward":
            if symmetric is None:
                symmetric = _symmetric_types(graph=G)
            if hop.type not in symmetric:
                net = None
        if net is not None:
            net = net * hop.polarity if hop.polarity else None
    confidence = 1.0
    for hop in hops:
        confidence *= hop.confidence
    return Path(
        nodes=list(nodes),
        names=[G.nodes[n].get("name", n) for n in nodes],
        hops=hops,
        cost=sum(hop_cost(hop.confidence) for hop in hops),
        net_polarity=net,
        confidence=confidence,
        hedged=any(hop.hedged for hop in hops),
        dwpc=_degree_product(walker, hops) if walker is not None and walker.damping is not None else None,
    )


def _degree_product(walker: _Walker, hops: list[Hop]) -> float:
    """The path's degree product, ``prod (D_out * D_in) ** -w`` over its hops."""
    import math

    cost = sum(dwpc_hop_cost(walker.type_degree(h.subject, h.type, True), walker.type_degree(h.object, h.type, False),
                             walker.damping) for h in hops)
    return math.exp(-cost)


def rank_paths(paths: Iterable[Path], k: int) -> list[Path]:
    """Sort candidate paths the way :func:`k_shortest_paths` does and keep ``k``.

    Used by the store backend, which fetches every candidate and ranks here.
    """
    def key(p: Path):
        return (round(p.cost, 9), len(p.hops), tuple(p.nodes), tuple(h.type for h in p.hops))

    out, shown = [], set()
    for p in sorted(paths, key=key):
        if tuple(p.nodes) not in shown:  # parallel statements make one path (see _search)
            shown.add(tuple(p.nodes))
            out.append(p)
    return out[:k]


def summarize(paths: list[Path], source: str, target: str) -> str:
    """A one-line summary: how many paths, and their net signs.

    >>> summarize([], "magnesium", "dopamine")
    'magnesium → dopamine: no paths'
    """
    if not paths:
        return f"{source} → {target}: no paths"
    counts = {"+": 0, "-": 0, "?": 0}
    for p in paths:
        counts[p.sign] += 1
    parts = [f"{counts[s]} {SIGN_WORD[s]}" for s in ("+", "-", "?") if counts[s]]
    noun = "path" if len(paths) == 1 else "paths"
    return f"{source} → {target}: {len(paths)} {noun}, " + ", ".join(parts)



# --- a small graph for the examples ---------------------------------------------


def example_graph():
    """A five-entity graph used by the examples above.

    magnesium blocks the NMDA receptor, whose activity drives dopamine release;
    magnesium (hedged) raises dopamine; glutamate activates the receptor.
    """
    from .graph import graph_from_records
    from .records import Entity, EntityRef, Evidence, Statement

    ents = {
        "mg": Entity("CHEBI:18420", "magnesium", "Mineral", ("Mg", "Mg2+")),
        "da": Entity("CHEBI:18243", "dopamine", "Neurotransmitter", ("DA",)),
        "glu": Entity("CHEBI:14321", "glutamate", "Neurotransmitter"),
        "nmda": Entity("FPLX:NMDA_receptor", "NMDA receptor", "Receptor", ("N-methyl-D-aspartate receptor",)),
    }

    def st(s, p, o, pol, conf, sentence, hedged=False):
        ref = lambda e: EntityRef(e.id, e.name, e.category)  # noqa: E731
        ev = Evidence("doc1", sentence, 0, len(sentence), hedged=hedged)
        return Statement(ref(ents[s]), p, ref(ents[o]), pol, hedged=hedged, confidence=conf, evidence=[ev])

    statements = [
        st("mg", "ANTAGONIST_OF", "nmda", -1, 0.9, "Magnesium blocks the NMDA receptor."),
        st("glu", "ACTIVATES", "nmda", 1, 0.8, "Glutamate activates NMDA receptors."),
        st("nmda", "INCREASES", "da", 1, 0.7, "NMDA receptor activity drives dopamine release."),
        st("mg", "INCREASES", "da", 1, 0.5, "Magnesium may raise dopamine.", hedged=True),
    ]
    return graph_from_records(ents.values(), statements, {"doc1": {"title": "Example"}})
