"""The k-shortest-path search itself: canonical ties on big graphs, hops memoised per graph."""

from __future__ import annotations

import random

import networkx as nx

from neurograph.paths import clear_caches, k_shortest_paths


def _entity(G, node):
    G.add_node(node, kind="entity", id=node, name=node, category="Drug", synonyms=[], xrefs=[])


def _statement(G, u, v, rel_type="INCREASES", confidence=0.9):
    G.add_edge(u, v, key=rel_type, kind="statement", type=rel_type, polarity=1, confidence=confidence,
               hedged=False, curated=True, documents=[], evidence=[{"source": "Hetionet v1.0", "sentence": rel_type}])


def test_ties_are_canonical_on_a_big_uniform_graph():
    """Hetionet-like: every hop costs the same, hundreds of paths tie; the answer is the smallest ids first."""
    G = nx.MultiDiGraph()
    rng = random.Random(3)
    for node in ("s", "t"):
        _entity(G, node)
    middles = [f"m{i:04d}" for i in range(400)]
    for m in rng.sample(middles, len(middles)):  # inserted in random order
        _entity(G, m)
        _statement(G, "s", m)
        _statement(G, m, "t")
    for i in range(10_000):  # a big graph: no shortcut for small ones
        _entity(G, f"x{i}")
        _statement(G, f"x{i}", "s")
    _statement(G, "s", "m0399", "REGULATES", 0.95)  # a parallel, cheaper statement to the last middle
    paths = k_shortest_paths(G, "s", "t", k=5)
    assert [p.nodes[1] for p in paths] == ["m0399", "m0000", "m0001", "m0002", "m0003"]
    assert paths[0].hops[0].type == "REGULATES"
    assert [a["type"] for a in paths[0].hops[0].alternatives] == ["INCREASES"]


def test_a_graph_edited_between_searches_is_searched_as_it_is_now():
    G = nx.MultiDiGraph()
    for node in "sabt":
        _entity(G, node)
    _statement(G, "s", "a")
    _statement(G, "a", "b")
    _statement(G, "b", "t")
    assert [p.nodes for p in k_shortest_paths(G, "s", "t")] == [["s", "a", "b", "t"]]
    _statement(G, "a", "t")  # a new neighbour: noticed without clear_caches()
    assert [p.nodes for p in k_shortest_paths(G, "s", "t")] == [["s", "a", "t"], ["s", "a", "b", "t"]]
    G.remove_edge("a", "t", key="INCREASES")
    _statement(G, "s", "b", confidence=1.0)
    assert [p.nodes for p in k_shortest_paths(G, "s", "t")] == [["s", "b", "t"], ["s", "a", "b", "t"]]
    _statement(G, "b", "t", "REGULATES", confidence=1.0)  # beside another statement: clear_caches() says so
    clear_caches()
    assert [h.type for h in k_shortest_paths(G, "s", "t")[0].hops] == ["INCREASES", "REGULATES"]
