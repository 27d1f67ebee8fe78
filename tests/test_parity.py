"""The networkx mirror and the Bolt store hold the same graph and give the same answers.

Counts, shortest path lengths, the sets of all shortest paths (undirected and
directed) and neighbourhoods are computed twice: with networkx on the mirror
and with Cypher on the embedded server, for the toy graph and the corpus graph.
"""

from __future__ import annotations

import random
from collections import Counter

import networkx as nx
import pytest

from neurograph.queries import load_query

pytestmark = pytest.mark.server

# Every relationship type but MENTIONS: paths never step through documents.
MAX_HOPS = 8  # the *..8 bound of the path queries below
_TYPES = load_query("shortest_paths").text.split("allShortestPaths((a)-[:", 1)[1].split("*", 1)[0]

UNDIRECTED_SHORTEST = f"""
MATCH (a:Entity {{id: $s}}), (b:Entity {{id: $t}})
MATCH p = allShortestPaths((a)-[:{_TYPES}*..8]-(b))
RETURN [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | type(r)] AS types
"""
DIRECTED_SHORTEST = f"""
MATCH (a:Entity {{id: $s}}), (b:Entity {{id: $t}})
MATCH p = allShortestPaths((a)-[:{_TYPES}*..8]->(b))
RETURN [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | type(r)] AS types
"""
SHORTEST_LENGTH = f"""
MATCH (a:Entity {{id: $s}}), (b:Entity {{id: $t}})
MATCH p = shortestPath((a)-[:{_TYPES}*..8]-(b))
RETURN length(p) AS hops
"""
NEIGHBOURS = """
MATCH (e:Entity {id: $id})-[r]-(o:Entity)
RETURN o.id AS other, type(r) AS type, startNode(r) = e AS outgoing
"""


@pytest.fixture(params=["toy", "corpus"])
def both(request, schema):
    if request.param == "toy":
        G = request.getfixturevalue("toy_graph")
        store = request.getfixturevalue("store")
        store.load(G, schema)
        return store, G
    return request.getfixturevalue("corpus_store"), request.getfixturevalue("corpus_graph")


def statement_edges(G):
    return [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d.get("kind") == "statement"]


def entity_ids(G):
    return sorted(n for n, d in G.nodes(data=True) if d.get("kind") == "entity")


def undirected(G) -> nx.Graph:
    U = nx.Graph()
    U.add_nodes_from(entity_ids(G))
    U.add_edges_from((u, v) for u, v, _ in statement_edges(G))
    return U


def directed(G) -> nx.DiGraph:
    D = nx.DiGraph()
    D.add_nodes_from(entity_ids(G))
    D.add_edges_from((u, v) for u, v, _ in statement_edges(G))
    return D


def expand(G, path, directed_only) -> Counter:
    """Every relationship-level path along a node path: one per choice of relationship on each step.

    Two relationships of one type between a pair (one each way) are two paths
    with the same ids and types, so the answer is a multiset.
    """
    out = [()]
    for x, y in zip(path, path[1:]):
        options = [k for u, v, k in statement_edges(G) if (u, v) == (x, y) or (not directed_only and (u, v) == (y, x))]
        out = [prefix + (k,) for prefix in out for k in options]
    return Counter((tuple(path), types) for types in out)


def pairs(G, n=8, seed=7):
    """Named pairs plus ``n`` seeded random pairs of connected entities."""
    U = undirected(G)
    by_name = {d["name"]: k for k, d in G.nodes(data=True) if d.get("kind") == "entity"}
    chosen = [(by_name[a], by_name[b]) for a, b in (("magnesium", "dopamine"), ("magnesium", "depression"),
                                                     ("ketamine", "dopamine"), ("glutamate", "NMDA receptor"))
              if a in by_name and b in by_name]
    rng = random.Random(seed)
    nodes = sorted(max(nx.connected_components(U), key=len))
    wanted = n + 4
    for _ in range(200 * n + 1):  # bounded: a graph too sparse for the pairs fails clearly, never hangs
        if len(chosen) >= wanted:
            return chosen
        s, t = rng.sample(nodes, 2)
        if nx.shortest_path_length(U, s, t) <= MAX_HOPS:  # the queries' bound; farther pairs have no answer
            chosen.append((s, t))
    raise AssertionError(f"found only {len(chosen)} of {wanted} pairs within {MAX_HOPS} hops")


def test_counts(both, schema):
    store, G = both
    counts = store.counts()
    kinds = Counter(d.get("kind") for _, d in G.nodes(data=True))
    edge_types = Counter(k for _, _, k in G.edges(keys=True))
    assert counts["nodes"] == G.number_of_nodes()
    assert counts["relationships"] == G.number_of_edges()
    assert counts["entities"] == kinds["entity"]
    assert counts["documents"] == kinds["document"]
    assert counts["mentions"] == edge_types["MENTIONS"]
    assert counts["statements"] == sum(c for t, c in edge_types.items() if t != "MENTIONS")
    assert counts["types"] == dict(edge_types)
    categories = Counter(d["category"] for _, d in G.nodes(data=True) if d.get("kind") == "entity")
    for category, n in categories.items():
        assert counts["labels"][category] == n, category
    assert counts["labels"]["Entity"] == kinds["entity"]


def test_shortest_path_lengths(both):
    store, G = both
    U = undirected(G)
    for s, t in pairs(G):
        rows = store.query(SHORTEST_LENGTH, {"s": s, "t": t})
        assert rows["hops"].tolist() == [nx.shortest_path_length(U, s, t)], (s, t)


def assert_same_shortest_paths(store, G, walked, query, s, t, directed_only):
    """The store's shortest paths from s to t, relationship by relationship, are networkx's on ``walked``."""
    want = Counter()
    for path in nx.all_shortest_paths(walked, s, t):
        want += expand(G, path, directed_only=directed_only)
    df = store.query(query, {"s": s, "t": t})
    got = Counter((tuple(i), tuple(k)) for i, k in zip(df["ids"], df["types"]))
    assert got == want, (s, t)


def test_all_shortest_paths_undirected(both):
    store, G = both
    U = undirected(G)
    for s, t in pairs(G):
        assert_same_shortest_paths(store, G, U, UNDIRECTED_SHORTEST, s, t, directed_only=False)


def test_all_shortest_paths_directed(both):
    store, G = both
    D = directed(G)
    tried = 0
    for s in entity_ids(G):
        lengths = nx.single_source_shortest_path_length(D, s)
        for t, length in sorted(lengths.items()):
            if t == s or length < 2 or tried >= 12:
                continue
            tried += 1
            assert_same_shortest_paths(store, G, D, DIRECTED_SHORTEST, s, t, directed_only=True)
    assert tried >= 3


def test_no_path_agrees(both):
    store, G = both
    U, D = undirected(G), directed(G)
    # Directed: a pair linked only against the direction of its statements.
    s, t = next((s, t) for s in entity_ids(G) for t in entity_ids(G)
                if s != t and nx.has_path(U, s, t) and not nx.has_path(D, s, t))
    assert store.query(DIRECTED_SHORTEST, {"s": s, "t": t}).empty
    # Undirected: entities in different components, where the graph has several.
    components = sorted(nx.connected_components(U), key=len)
    if len(components) > 1:
        s, t = sorted(components[0])[0], sorted(components[-1])[0]
        assert store.query(SHORTEST_LENGTH, {"s": s, "t": t}).empty
        assert store.query(UNDIRECTED_SHORTEST, {"s": s, "t": t}).empty


def test_neighbours(both):
    store, G = both
    degrees = Counter()
    for u, v, _ in statement_edges(G):
        degrees[u] += 1
        degrees[v] += 1
    for node, _ in degrees.most_common(5) + [(entity_ids(G)[0], 0)]:
        want = Counter()
        for u, v, k in statement_edges(G):
            if u == node:
                want[(v, k, True)] += 1
            if v == node and u != node:
                want[(u, k, False)] += 1
        df = store.query(NEIGHBOURS, {"id": node})
        got = Counter(zip(df["other"], df["type"], df["outgoing"])) if len(df) else Counter()
        assert got == want, node


def test_mentions(both):
    store, G = both
    want = {(u, v, d["count"]) for u, v, k, d in G.edges(keys=True, data=True) if k == "MENTIONS"}
    df = store.query("MATCH (d:Document)-[m:MENTIONS]->(e:Entity) RETURN d.id AS d, e.id AS e, m.count AS c")
    assert set(zip(df["d"], df["e"], df["c"])) == want
