"""The graph store against a real embedded ArcadeDB server over Bolt (no mocks)."""

from __future__ import annotations

import pytest

from neurograph.errors import QueryRefusedError, StoreError
from neurograph.graph import entity_nodes, statement_edges
from neurograph.store import GraphStore, is_read_only, refusal

pytestmark = pytest.mark.server


def mirror_counts(G):
    entities = sum(1 for _ in entity_nodes(G))
    documents = sum(1 for _, d in G.nodes(data=True) if d.get("kind") == "document")
    statements = sum(1 for _ in statement_edges(G))
    mentions = sum(1 for *_, d in G.edges(keys=True, data=True) if d.get("kind") == "mentions")
    return {"entities": entities, "documents": documents, "statements": statements, "mentions": mentions,
            "nodes": G.number_of_nodes(), "relationships": G.number_of_edges()}


def snapshot(store):
    """Every node and relationship with all its properties, in a comparable form (not the build record,
    which says when the build was loaded)."""
    nodes = store.query("MATCH (n) WHERE NOT n:NeurographBuild "
                        "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id")
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


EVIDENCE_QUERY = (
    "MATCH (s:Entity {id: $s})-[r]->(o:Entity {id: $o}) WHERE type(r) = $t "
    "UNWIND range(0, size(r.evidence_sentence) - 1) AS i "
    "RETURN r.evidence_doc[i] AS doc, r.evidence_sentence[i] AS sentence, r.evidence_start[i] AS start, "
    "r.evidence_hedged[i] AS hedged ORDER BY doc, start"
)


def test_evidence_query_returns_the_sentences(store, toy_graph, schema):
    store.load(toy_graph, schema)
    df = store.query(EVIDENCE_QUERY, {"s": "CHEBI:18420", "o": "CHEBI:18243", "t": "INCREASES"})
    assert df.to_dict("records") == [{"doc": "doc_b", "sentence": "Magnesium may raise dopamine.", "start": 0,
                                      "hedged": True}]
    edge = store.query("MATCH (:Entity {id: 'CHEBI:18420'})-[r:ANTAGONIST_OF]->() RETURN r AS r")["r"][0]
    assert edge["_type"] == "ANTAGONIST_OF" and edge["polarity"] == -1
    assert edge["documents"] == ["doc_a"] and edge["evidence_count"] == 1
    assert edge["causal_mechanism_qualifier"] == "antagonism"
    assert edge["evidence_modifier"] == [""] and edge["ng_key"] == "CHEBI:18420|ANTAGONIST_OF|FPLX:NMDA_receptor"


def test_store_follows_edits_and_leaves_foreign_data_alone(store, toy_graph, schema):
    store.load(toy_graph, schema)
    # Someone else's data: a node, a relationship between our nodes, one from our node to theirs.
    store.query("MATCH (a:Entity {id: 'CHEBI:18420'}), (b:Entity {id: 'CHEBI:18243'}) "
                "CREATE (a)-[:CITED_BY_USER {note: 'mine'}]->(b), (a)-[:LINKS]->(:Note {id: 'n1', text: 'keep'})",
                write=True)
    # doc_b is removed: its statements go, statements in doc_a stay.
    toy_graph.remove_node("doc:doc_b")
    for u, v, k, d in list(toy_graph.edges(keys=True, data=True)):
        if d.get("kind") == "statement" and d["documents"] == ["doc_b"]:
            toy_graph.remove_edge(u, v, k)
    toy_graph.remove_nodes_from([n for n in list(toy_graph) if toy_graph.degree(n) == 0])
    # An edited statement: new confidence and a second sentence.
    edge = toy_graph.edges["CHEBI:18420", "FPLX:NMDA_receptor", "ANTAGONIST_OF"]
    edge["confidence"] = 0.95
    edge["evidence"] = edge["evidence"] + [{"doc": "doc_a", "sentence": "Mg2+ blocks the channel.", "start": 40,
                                            "end": 64, "hedged": False, "negated": False, "source": "extracted"}]
    report = store.load(toy_graph, schema)
    assert report.relationships_updated == 1
    assert report.nodes_deleted == 2  # doc_b and ketamine (only doc_b mentioned it)
    counts = store.counts()
    expected = mirror_counts(toy_graph)
    for key in ("entities", "documents", "statements", "mentions"):
        extra = {"entities": 0, "documents": 0, "statements": 2, "mentions": 0}[key]
        assert counts[key] == expected[key] + extra, key
    assert counts["owned_nodes"] == expected["nodes"]
    assert counts["owned_relationships"] == expected["relationships"]
    assert store.query("MATCH (d:Document {id: 'doc:doc_b'}) RETURN d").empty
    assert store.query("MATCH (n:Entity {id: 'CHEBI:6121'}) RETURN n").empty
    df = store.query(EVIDENCE_QUERY, {"s": "CHEBI:18420", "o": "FPLX:NMDA_receptor", "t": "ANTAGONIST_OF"})
    assert list(df["sentence"]) == ["Magnesium blocks the NMDA receptor.", "Mg2+ blocks the channel."]
    conf = store.query("MATCH ()-[r:ANTAGONIST_OF]->(:Entity {id: 'FPLX:NMDA_receptor'}) "
                       "WHERE r.ng_key STARTS WITH 'CHEBI:18420' RETURN r.confidence AS c")
    assert conf["c"].tolist() == [0.95]
    foreign = store.query("MATCH (a)-[r:CITED_BY_USER|LINKS]->(b) RETURN type(r) AS t, properties(r) AS p, "
                          "b.id AS b ORDER BY t")
    assert foreign.to_dict("records") == [{"t": "CITED_BY_USER", "p": {"note": "mine"}, "b": "CHEBI:18243"},
                                          {"t": "LINKS", "p": {}, "b": "n1"}]
    assert store.query("MATCH (n:Note) RETURN n.text AS t")["t"].tolist() == ["keep"]
    # Removing magnesium entirely: its relationships go, but the node stays (disowned) because of theirs.
    toy_graph.remove_node("CHEBI:18420")
    store.load(toy_graph, schema)
    mg = store.query("MATCH (n:Entity {id: 'CHEBI:18420'}) RETURN properties(n) AS p")["p"]
    assert len(mg) == 1 and "ng_owner" not in mg[0]
    assert len(store.query("MATCH ()-[r:CITED_BY_USER|LINKS]->() RETURN r")) == 2
    assert store.load(toy_graph, schema).written == 0


def test_category_change_relabels_the_node(store, toy_graph, schema):
    store.load(toy_graph, schema)
    toy_graph.nodes["CHEBI:6121"]["category"] = "DrugClass"
    store.load(toy_graph, schema)
    df = store.query("MATCH (n:Entity {id: 'CHEBI:6121'}) RETURN labels(n) AS l, COUNT { (n)--() } AS degree")
    assert sorted(df["l"][0]) == ["DrugClass", "Entity"]
    assert df["degree"][0] == toy_graph.degree("CHEBI:6121")
    assert store.query("MATCH (n:Drug) RETURN n").empty


@pytest.mark.parametrize("cypher", [
    "MATCH (n) WHERE n.name = 'CREATE (x)' RETURN n",
    'MATCH (n) WHERE n.name CONTAINS "merge" RETURN n.id // DELETE everything',
    "MATCH (n) /* SET n.x = 1 */ RETURN n.set AS s, $create AS c, {merge: 1} AS m",
    "MATCH (n:`DELETE`) RETURN count(n)",
    "CALL db.labels() YIELD label RETURN label",
    "MATCH p = shortestPath((a:Entity {id: 'x'})-[*..4]-(b:Entity {id: 'y'})) RETURN p",
    "MATCH (n) WHERE n.offset > 1 AND n.reset IS NULL RETURN n",
])
def test_read_only_accepts_reads(cypher):
    assert is_read_only(cypher), refusal(cypher)


@pytest.mark.parametrize("cypher, clause", [
    ("merge (n:Entity {id: 'x'})", "MERGE"),
    ("MATCH (n) SET n.x = 'RETURN'", "SET"),
    ("MATCH (n) detach\ndelete n", "DETACH at line 1, column 11"),
    ("MATCH (n) REMOVE n.name", "REMOVE"),
    ("DROP CONSTRAINT ng_Entity_id", "DROP"),
    ("LOAD   CSV FROM 'file:///x.csv' AS row RETURN row", "LOAD CSV"),
    ("MATCH (n) FOREACH (x IN [1] | CREATE (:A))", "FOREACH"),
    ("UNWIND range(1, 3) AS i CALL { WITH i RETURN i AS j } IN TRANSACTIONS RETURN j", "CALL { } IN TRANSACTIONS"),
    ("CALL apoc.create.node(['A'], {}) YIELD node RETURN node", "CALL apoc.create.node: not a known"),
    ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", "CALL apoc.periodic.iterate: not a"),
])
def test_read_only_refuses_writes(cypher, clause):
    assert refusal(cypher).startswith(clause)


def test_query_refuses_writes_unless_asked(store):
    with pytest.raises(QueryRefusedError, match="MERGE"):
        store.query("merge (n:Entity {id: 'x'}) RETURN n")
    assert store.query("MATCH (n) RETURN count(n) AS c")["c"][0] == 0
    # ArcadeDB runs writes even in READ transactions: the refusal must happen before the server.
    store.query("MERGE (n:Scratch {id: 'x'}) RETURN n.id AS id", write=True)
    df = store.query("MATCH (n:Scratch) WHERE n.note = 'CREATE' OR n.id = $id RETURN n.id AS id", {"id": "x"})
    assert df["id"].tolist() == ["x"]


def test_read_transactions_do_not_stop_writes_on_arcadedb(store):
    """A documented ArcadeDB difference: a READ-routed transaction still writes (Neo4j refuses)."""
    store._read("CREATE (:Probe {id: 'p'})")
    assert store.query("MATCH (n:Probe) RETURN count(n) AS c")["c"][0] == 1


def test_query_returns_nodes_relationships_and_paths_as_plain_values(store, toy_graph, schema):
    store.load(toy_graph, schema)
    df = store.query("MATCH p = shortestPath((a:Entity {name: 'magnesium'})-[*..4]-(b:Entity {name: 'fatigue'})) "
                     "RETURN p, length(p) AS hops")
    path = df["p"][0]
    assert path[0]["name"] == "magnesium" and path[-1]["name"] == "fatigue"
    assert len(path) == 2 * df["hops"][0] + 1 and "_type" in path[1]


def test_auth_failure_is_one_line_without_the_password(bolt_server):
    with pytest.raises(StoreError) as info:
        GraphStore(bolt_server.info.uri, "root", "wrong-Secret-123", "neurograph")
    message = str(info.value)
    assert "authentication failed" in message and "root" in message
    assert "wrong-Secret-123" not in message and "\n" not in message


def test_unreachable_server_is_one_line_without_the_password():
    from neurograph.embedded import free_port

    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as info:
        GraphStore(uri, "neo4j", "hunter2-Secret", "neo4j")
    message = str(info.value)
    assert message.startswith(f"cannot reach the graph server at {uri}")
    assert "hunter2-Secret" not in message and "\n" not in message


def test_unknown_database_is_a_store_error(bolt_server):
    with pytest.raises(StoreError, match="rejected|database"):
        bolt_server.open("no_such_db")
    # The connection pool must not keep the unknown database as its default.
    with bolt_server.open("neurograph") as good:
        assert good.query("RETURN 1 AS one")["one"][0] == 1


def test_load_in_small_batches_equals_one_batch(bolt_server, toy_graph, schema):
    a, b = bolt_server.fresh_database(), bolt_server.fresh_database()
    try:
        with bolt_server.open(a) as one, bolt_server.open(b) as small:
            one.load(toy_graph, schema, batch_size=10_000)
            seen = []
            report = small.load(toy_graph, schema, batch_size=2, progress=lambda *args: seen.append(args))
            assert report.batches >= toy_graph.number_of_edges() // 2
            # every row written is counted: nodes (new ones with their relationships' digest), relationships
            assert seen[-1][1] == seen[-1][2] == toy_graph.number_of_nodes() + toy_graph.number_of_edges()
            assert [s[1] for s in seen] == sorted(s[1] for s in seen)
            assert snapshot(one) == snapshot(small)
    finally:
        bolt_server.server.drop_database(a)
        bolt_server.server.drop_database(b)


def test_corpus_load_counts_equal_the_mirror(corpus_store, corpus_graph):
    counts = corpus_store.counts()
    expected = mirror_counts(corpus_graph)
    for key, value in expected.items():
        assert counts[key] == value, key
    assert counts["owned_nodes"] == expected["nodes"]
    labels = {d["category"] for _, d in entity_nodes(corpus_graph)}
    for label in labels:
        assert counts["labels"][label] == sum(1 for _, d in entity_nodes(corpus_graph) if d["category"] == label)


def test_corpus_evidence_sentences_come_back_for_every_statement_type(corpus_store, corpus_graph):
    seen_types = set()
    for u, v, key, attrs in statement_edges(corpus_graph):
        if key in seen_types:
            continue
        seen_types.add(key)
        df = corpus_store.query(EVIDENCE_QUERY.replace("ORDER BY doc, start", ""), {"s": u, "o": v, "t": key})
        assert sorted(df["sentence"]) == sorted(ev["sentence"] for ev in attrs["evidence"])
        assert sorted(df["doc"]) == sorted(ev["doc"] for ev in attrs["evidence"])
    assert len(seen_types) >= 5


# --- ArcadeDB differences from Neo4j that the store works around (documented in docs/store.md) ---


def test_arcadedb_cannot_relabel_a_node_under_a_uniqueness_constraint(store, toy_graph, schema):
    """Neo4j runs this; ArcadeDB refuses it, so a category change deletes and recreates the node."""
    store.load(toy_graph, schema)
    with pytest.raises(StoreError, match="ConstraintValidationFailed|Duplicated key"):
        store.query("MATCH (n:Entity {id: 'CHEBI:6121'}) REMOVE n:Drug SET n:DrugClass", write=True)
    labels = store.query("MATCH (n:Entity {id: 'CHEBI:6121'}) RETURN labels(n) AS l")["l"][0]
    assert sorted(labels) == ["Drug", "Entity"]  # the failed statement changed nothing


def test_arcadedb_has_no_create_database_over_bolt(store, bolt_server):
    """Databases are made through the embedded server's HTTP admin API instead."""
    with pytest.raises(StoreError):
        store.query("CREATE DATABASE other", write=True)
    assert "other" not in bolt_server.server.list_databases()


def test_element_ids_are_record_ids_on_arcadedb(store, toy_graph, schema):
    store.load(toy_graph, schema)
    eid = store.query("MATCH (n:Entity {id: 'CHEBI:18420'}) RETURN elementId(n) AS e")["e"][0]
    assert eid.startswith("#") and ":" in eid
    same = store.query("MATCH (n) WHERE elementId(n) = $e RETURN n.id AS id", {"e": eid})
    assert same["id"].tolist() == ["CHEBI:18420"]


def test_embedded_server_refuses_load_csv_of_local_files(store):
    """Even a query allowed to write cannot read the machine's files through the embedded server."""
    with pytest.raises(StoreError, match="Forbidden|disabled"):
        store.query("LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row", write=True)


# --- records and the load's statement shapes -------------------------------------------

_MG_NMDA = {"kind": "statement", "type": "ANTAGONIST_OF", "predicate": "biolink:directly_physically_interacts_with",
            "polarity": -1, "confidence": 0.8, "hedged": False, "curated": False,
            "qualifiers": {"object_direction_qualifier": "decreased"}, "documents": ["doc_a"],
            "evidence": [{"doc": "doc_a", "sentence": "Magnesium blocks the NMDA receptor.", "start": 10, "end": 45,
                          "hedged": False, "source": "extracted", "subject_text": "Magnesium",
                          "object_text": "NMDA receptor"}]}


def test_record_digests_do_not_change_between_versions(schema):
    # A changed digest would make the next load rewrite every relationship of every store.
    from neurograph.store import node_record, relationship_record

    rel_type, props = relationship_record("CHEBI:18420", "HGNC:4585", "ANTAGONIST_OF", _MG_NMDA, schema)
    assert (rel_type, props["ng_key"]) == ("ANTAGONIST_OF", "CHEBI:18420|ANTAGONIST_OF|HGNC:4585")
    assert props["ng_hash"] == "7d26a767079febc9730a"
    assert props["evidence_sentence"] == ["Magnesium blocks the NMDA receptor."]
    assert props["object_direction_qualifier"] == "decreased"
    _, node = node_record("CHEBI:18420", {"kind": "entity", "name": "magnesium", "category": "Mineral",
                                          "synonyms": ["Mg"], "xrefs": []}, schema)
    assert node["ng_hash"] == "353db649c7c3768cf7a6"


def test_shared_evidence_columns_digest_like_unshared_ones(schema):
    from neurograph.store_records import _digest, _EdgeRows

    rows = _EdgeRows(schema)
    evidence = _MG_NMDA["evidence"] * 2
    columns, digest, size = rows._columns(evidence)
    assert digest == _digest(columns)
    assert rows._columns(evidence)[0] is columns  # the same list object is translated once
    assert size > len("Magnesium blocks the NMDA receptor.") * 2


def test_out_digest_ignores_edge_order(schema):
    import networkx as nx

    from neurograph.store import out_digest

    a, b = nx.MultiDiGraph(), nx.MultiDiGraph()
    edges = [("CHEBI:18420", "HGNC:4585", "ANTAGONIST_OF", _MG_NMDA),
             ("CHEBI:18420", "HP:0000716", "TREATS", {**_MG_NMDA, "type": "TREATS", "polarity": -1})]
    for u, v, k, d in edges:
        a.add_edge(u, v, key=k, **d)
    for u, v, k, d in reversed(edges):
        b.add_edge(u, v, key=k, **d)
    assert out_digest(a, "CHEBI:18420", schema) == out_digest(b, "CHEBI:18420", schema)
    assert out_digest(a, "CHEBI:18420", schema).startswith("2:")
    a.remove_edge("CHEBI:18420", "HP:0000716", key="TREATS")
    assert out_digest(a, "CHEBI:18420", schema) != out_digest(b, "CHEBI:18420", schema)


def test_unusual_property_keys_and_mixed_key_sets_load_exactly(store, toy_graph, schema):
    # New nodes and relationships are created with their property keys in the statement
    # text (backquoted), one statement per set of keys: odd keys must round-trip.
    G = toy_graph.copy()
    entity = next(n for n, d in G.nodes(data=True) if d.get("kind") == "entity")
    G.nodes[entity]["odd `key` with spaces"] = "yes"
    G.nodes[entity]["naïve-ünïcode"] = [1, 2]
    u, v, k = next((u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d.get("kind") == "statement")
    G.edges[u, v, k]["qualifiers"] = {**(G.edges[u, v, k].get("qualifiers") or {}),
                                      "anatomical_context_qualifier": "hippocampus"}
    report = store.load(G, schema, batch_size=2)
    assert report.relationships_created == G.number_of_edges()
    props = store.query("MATCH (n:Entity {id: $id}) RETURN properties(n) AS p", {"id": entity})["p"][0]
    assert props["odd `key` with spaces"] == "yes" and props["naïve-ünïcode"] == [1, 2]
    rel = store.query("MATCH (a {id: $u})-[r]->(b {id: $v}) WHERE type(r) = $t RETURN properties(r) AS p",
                      {"u": u, "v": v, "t": schema.rel_type(k)})["p"][0]
    assert rel["anatomical_context_qualifier"] == "hippocampus"
    assert store.load(G, schema).written == 0


def test_only_the_store_module_imports_the_driver():
    import ast
    from pathlib import Path

    import neurograph

    importers = set()
    for path in Path(neurograph.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            if any(name == "neo4j" or name.startswith("neo4j.") for name in names):
                importers.add(path.name)
    assert importers == {"store.py"}


def test_cached_relationship_records_equal_uncached_ones(corpus_graph, schema):
    # The load translates edges that share their attribute values once; the records must not change.
    from neurograph.store_records import _EdgeRows

    plain, cached = _EdgeRows(schema), _EdgeRows(schema, cache_rows=True)
    edges = list(corpus_graph.edges(keys=True, data=True))
    for u, v, k, d in edges + edges:  # the second pass reads the cache
        one, two = plain.record(u, v, k, d), cached.record(u, v, k, d)
        assert one == two and list(one[2]) == list(two[2])  # same values and size, same key order
    assert cached.cache_rows


def test_edges_sharing_their_values_load_exactly(store, toy_graph, schema):
    # Edges whose attributes are the same objects (a mirror read from its file: Hetionet's metaedges) are
    # written with those values sent once per batch, the few left over with all their values per row.
    from neurograph.store_records import relationship_record

    G = toy_graph.copy()
    row = {"kind": "statement", "type": "INTERACTS_WITH", "polarity": 0, "confidence": 0.9, "curated": True,
           "evidence": [{"doc": "hetionet", "sentence": "Gene interacts with Gene", "source": "Hetionet v1.0"}]}
    genes = [f"Gene::{i}" for i in range(30)]
    for gene in genes:
        G.add_node(gene, kind="entity", name=gene, category="Gene")
    for i, gene in enumerate(genes):
        for other in genes[i + 1:i + 6]:
            G.add_edge(gene, other, key="INTERACTS_WITH", **row)  # the same value objects on every edge
    report = store.load(G, schema, batch_size=50)
    assert report.relationships_created == G.number_of_edges()
    stored = {r["p"]["ng_key"]: r["p"] for r in store.query(
        "MATCH ()-[r]->() WHERE r.ng_owner = 'neurograph' RETURN properties(r) AS p").to_dict("records")}
    wanted = {p["ng_key"]: p for p in (relationship_record(u, v, k, d, schema)[1]
                                       for u, v, k, d in G.edges(keys=True, data=True))}
    assert stored == wanted
    assert store.load(G, schema).written == 0
    G.graph["content_hash"] = "compared in full"
    assert store.load(G, schema).written == 0
