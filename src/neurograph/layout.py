"""Node positions for a view, computed before the page is written.

A browser that lays out 1,300 nodes itself keeps the reader waiting (28 s for
Hetionet's ketamine neighbourhood) and the drawing moves while they read. The
page opens already laid out instead: positions come from here and the page's
physics stays off until the reader turns it on.

Choice: Fruchterman-Reingold force-directed layout, networkx's ``spring_layout``
algorithm, run here on numpy arrays, started from positions seeded by
category. networkx's own function switches to a sparse implementation with a
Python loop per node above 500 nodes (42 s for the 551-node corpus graph on
the 2-core machine); the same algorithm on dense arrays takes seconds for
2,000 nodes (``benchmarks/view.py``), with numpy already installed for pandas.
igraph or Graphviz's sfdp would be a new dependency (sfdp a binary). The
result is deterministic for a seed. Seeding by category puts each category in
its own sector of a circle, so the force layout starts from groups a reader
recognises and untangles edges between them, rather than starting from noise.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", category="Drug"); G.add_node("b", category="Disorder"); G.add_node("c", category="Drug")
>>> _ = G.add_edge("a", "b", key="TREATS"); _ = G.add_edge("c", "b", key="TREATS")
>>> pos = layout_positions(G, ["a", "b", "c"])
>>> sorted(pos), pos == layout_positions(G, ["a", "b", "c"])
(['a', 'b', 'c'], True)
>>> all(isinstance(v, float) for xy in pos.values() for v in xy)
True
"""

from __future__ import annotations

import math
import random
from typing import Any, Hashable, Iterable

# Distance between neighbouring nodes in canvas pixels, about: room for a label at the opening zoom.
SPACING = 70.0


def layout_positions(G, nodes: Iterable[Hashable], seed: int = 7) -> dict[Any, tuple[float, float]]:
    """``{node: (x, y)}`` in canvas pixels for the ``nodes`` of ``G`` (edges among them pull, all push).

    Parameters
    ----------
    G : networkx graph
        The selection to draw; node attribute ``category`` seeds the start.
    nodes : iterable
        The nodes to place (those drawn).
    seed : int
        Fixes the start and so the result.
    """
    import numpy as np

    nodes = list(nodes)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {n: i for i, n in enumerate(nodes)}
    pairs = {(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges()
             if u in index and v in index and u != v}
    edges = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    categories = sorted({str(G.nodes[n].get("category") or "") for n in nodes})
    sector = {c: i for i, c in enumerate(categories)}
    rng = random.Random(seed)
    start = np.zeros((len(nodes), 2))
    for n in sorted(nodes, key=str):
        angle = 2 * math.pi * (sector[str(G.nodes[n].get("category") or "")] + rng.random() * 0.8) / len(categories)
        radius = 0.3 + 0.7 * rng.random()
        start[index[n]] = (radius * math.cos(angle), radius * math.sin(angle))
    iterations = 150 if len(nodes) <= 300 else 60
    pos = fruchterman_reingold(start, edges, iterations=iterations, k=1.4 / math.sqrt(len(nodes)))
    # From the unit box to pixels: the area grows with the node count, so spacing stays about SPACING.
    scale = SPACING * math.sqrt(len(nodes)) / 2
    center = (pos.max(axis=0) + pos.min(axis=0)) / 2
    half = max(float((pos.max(axis=0) - pos.min(axis=0)).max()) / 2, 1e-9)
    pixels = np.round((pos - center) / half * scale, 1)
    return {n: (float(pixels[i, 0]), float(pixels[i, 1])) for n, i in index.items()}


def fruchterman_reingold(start, edges, iterations: int = 100, k: float | None = None):
    """Fruchterman & Reingold (1991) on dense arrays: every pair repels (``k**2 / d``), edges attract (``d**2 / k``).

    ``start`` is an ``(n, 2)`` array of positions, ``edges`` an ``(m, 2)``
    array of node indices. The temperature (the largest step) falls linearly
    from a tenth of the drawing's width to zero, as networkx's
    ``spring_layout`` does. Returns the new ``(n, 2)`` positions.

    >>> import numpy as np
    >>> pos = fruchterman_reingold(np.array([[0.0, 0.0], [0.01, 0.0], [5.0, 5.0]]), np.array([[0, 1]]), 50, k=1.0)
    >>> bool(np.linalg.norm(pos[0] - pos[1]) > 0.1)  # pushed apart from 0.01
    True
    """
    import numpy as np

    pos = np.array(start, dtype=np.float32)
    n = len(pos)
    k = k if k is not None else math.sqrt(1.0 / n)
    k2 = np.float32(k * k)
    t = max(float((pos.max(axis=0) - pos.min(axis=0)).max()), 1.0) * 0.1
    dt = t / (iterations + 1)
    u, v = (edges[:, 0], edges[:, 1]) if len(edges) else (np.zeros(0, int), np.zeros(0, int))
    for _ in range(iterations):
        # x and y apart, in float32: the n-by-n temporaries are what this costs
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        weight = dx * dx
        weight += dy * dy
        np.maximum(weight, np.float32(1e-4), out=weight)
        np.divide(k2, weight, out=weight)
        force = np.stack([(dx * weight).sum(axis=1), (dy * weight).sum(axis=1)], axis=1)
        if len(u):
            d = pos[u] - pos[v]
            length = np.maximum(np.sqrt((d ** 2).sum(axis=1)), np.float32(0.01))
            pull = d * (length / np.float32(k))[:, None]
            np.add.at(force, u, -pull)
            np.add.at(force, v, pull)
        length = np.maximum(np.sqrt((force ** 2).sum(axis=1)), np.float32(0.01))
        pos += force * (np.minimum(length, np.float32(t)) / length)[:, None]
        t -= dt
    return pos.astype(float)
