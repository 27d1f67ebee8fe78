"""The graph store against a real embedded ArcadeDB server over Bolt (no mocks)."""

from __future__ import annotations

import pytest

from neurograph.errors import QueryRefusedError, StoreError
from neurograph.graph import entity_nodes, statement_edges
from neurograph.store import GraphStore, is_read_only, writing_clause

pytestmark = pytest.mark.server


def mirror_counts(G):
    entities = sum(1 for _ in entity_nodes(G))
    documents = sum(1 for _, d in G.nodes(data=True) if d.get("kind") == "document")
    statements = sum(1 for _ in statement_edges(G))
    mentions = sum(1 for *_, d in G.edges(keys=True, data=True) if d.get("kind") == "mentions")
    return {"entities": entities, "documents": documents, "statements": statements, "mentions": mentions,
            "nodes": G.number_of_nodes(), "relationships": G.number_of_edges()}


def snapshot(store):
    """Every node and relationship with all its properties, in a comparable form."""
    nodes = store.query("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id")
    rels = store.query("MATCH (a)-[r]->(b) RETURN a.id AS s, type(r) AS t, b.id AS o, properties(r) AS props "
                       "ORDER BY s, t, o")
    norm = lambda df: sorted(repr(sorted((k, repr(v)) for k, v in row.items())) for row in df.to_dict("records"))
    return norm(nodes), norm(rels)


def test_constraints_exist_for_every_label(store, schema):
    created = store.ensure_constraints(schema)
    labels = {c["label"] for c in store.constraints() if c["properties"] == ["id"]}
    expected = {"Entity", "Document"} | set(schema.categories)
    assert expected <= labels
    assert set(created) == expected
    assert store.ensure_constraints(schema) == []


def test_load_counts_equal_the_mirror(store, toy_graph, schema):
    report = store.load(toy_graph, schema)
    expected = mirror_counts(toy_graph)
    counts = store.counts()
    for key, value in expected.items():
        assert counts[key] == value, key
    assert report.nodes_created == expected["nodes"]
    assert report.relationships_created == expected["relationships"]
    assert counts["labels"]["Mineral"] == 1 and counts["labels"]["Entity"] == expected["entities"]


def test_every_entity_has_entity_and_category_labels(store, toy_graph, schema):
    store.load(toy_graph, schema)
    df = store.query("MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, n.category AS category")
    assert len(df) == 7
    for row in df.itertuples():
        assert sorted(row.labels) == sorted(["Entity", row.category])
    docs = store.query("MATCH (d:Document)-[m:MENTIONS]->(e:Entity) RETURN d.id AS d, e.id AS e, m.count AS c")
    assert set(docs["d"]) == {"doc:doc_a", "doc:doc_b"}
    assert (docs["c"] >= 1).all()


def test_load_twice_is_identical(store, toy_graph, schema):
    store.load(toy_graph, schema)
    first_counts, first = store.counts(), snapshot(store)
    report = store.load(toy_graph, schema)
    assert report.written == 0
    assert report.unchanged == toy_graph.number_of_nodes() + toy_graph.number_of_edges()
    assert store.counts() == first_counts
    assert snapshot(store) == first
