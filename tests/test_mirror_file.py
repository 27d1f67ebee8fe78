"""The mirror file format (version 2, columnar JSON): exact round trips, shared rows, refusals."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from neurograph.errors import NoGraphError
from neurograph.graph import load_graph, save_graph
from neurograph.mirror_file import MirrorFormatError, read_mirror_bytes, write_mirror


def _write(G: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    write_mirror(buf, G.graph, G._node, G._succ, G._pred)
    return buf.getvalue()


def _read(data: bytes) -> nx.MultiDiGraph:
    graph, node, succ, pred = read_mirror_bytes(data)
    H = nx.MultiDiGraph()
    H.graph.update(graph)
    H._node, H._adj, H._succ, H._pred = node, succ, succ, pred
    return H


def _template_graph() -> nx.MultiDiGraph:
    """Edges of one 'metaedge' share an evidence list and equal attributes, as Hetionet's do."""
    G = nx.MultiDiGraph(name="t", documents={"d1": "a title"})
    for n in ["z", "a", "m", "b", 7]:
        G.add_node(n, kind="entity", name=str(n), synonyms=[], xrefs=[f"X:{n}"])
    evidence = [{"source": "Hetionet v1.0", "sentence": "Gene interacts Gene"}]
    qualifiers = {"q": 1}
    template = {"kind": "statement", "type": "INTERACTS_WITH", "evidence": evidence, "qualifiers": qualifiers,
                "confidence": 0.9, "documents": []}
    # Predecessors of "a" arrive in an order that differs from node order (m before z).
    G.add_edge("m", "a", key="INTERACTS_WITH", **template)
    G.add_edge("z", "a", key="INTERACTS_WITH", **template)
    G.add_edge("a", "b", key="INTERACTS_WITH", **template)
    G.add_edge("a", "b", key="BINDS", **{**template, "type": "BINDS"})  # two keys for one pair
    G.add_edge("b", 7, key=0, kind="statement", evidence=[{"doc": "d1", "sentence": "s"}], documents=["d1"],
               tags=("x", "y"))
    G.add_edge("z", "z", key="RESEMBLES", **template)  # a self loop
    return G


def test_round_trip_keeps_every_order_and_value():
    G = _template_graph()
    H = _read(_write(G))
    assert H.graph == G.graph
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    tuples_as_lists = [(u, v, k, {**d, "tags": list(d["tags"])} if "tags" in d else d)
                       for u, v, k, d in G.edges(keys=True, data=True)]
    assert list(H.edges(keys=True, data=True)) == tuples_as_lists
    assert {n: list(p) for n, p in H._pred.items()} == {n: list(p) for n, p in G._pred.items()}
    assert list(H._pred["a"]) == ["m", "z"]
    for u, v in H.edges():
        assert H._succ[u][v] is H._pred[v][u]


def test_equal_edges_become_one_row_and_come_back_as_separate_dicts():
    G = _template_graph()
    data = _write(G)
    import orjson

    doc = orjson.loads(data)
    assert len(doc["rows"]) == 3  # the template, its BINDS variant and the document edge
    H = _read(data)
    ma, za = H.edges["m", "a", "INTERACTS_WITH"], H.edges["z", "a", "INTERACTS_WITH"]
    assert ma == za and ma is not za  # one edge's attributes can change without touching the other
    assert ma["evidence"] is za["evidence"] and ma["qualifiers"] is za["qualifiers"]
    ma["triage"] = "novel"
    assert "triage" not in za


def test_equal_attributes_with_separate_evidence_stay_separate():
    G = nx.MultiDiGraph()
    G.add_nodes_from(["a", "b", "c"])
    G.add_edge("a", "b", key="X", evidence=[{"doc": "1"}])
    G.add_edge("b", "c", key="X", evidence=[{"doc": "1"}])
    H = _read(_write(G))
    assert H.edges["a", "b", "X"]["evidence"] is not H.edges["b", "c", "X"]["evidence"]


def test_values_that_json_cannot_hold_are_refused():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", key="X", when={1, 2})
    with pytest.raises(TypeError, match="cannot be saved as JSON"):
        _write(G)
    G = nx.MultiDiGraph()
    G.add_node(("a", 1))
    with pytest.raises(TypeError, match="is not a string or an integer"):
        _write(G)


def test_an_older_format_asks_for_a_build_in_one_line(tmp_path):
    G = _template_graph()
    save_graph(G, tmp_path)
    path = tmp_path / "graph.json"
    # Version 1 wrote lists of [node, attributes] and [u, v, key, attributes, refs].
    path.write_bytes(b'{"format": "neurograph-mirror", "version": 1, "graph": {}, "nodes": [["a", {}]], '
                     b'"edges": [], "shared": [], "pred_order": {}}')
    with pytest.raises(NoGraphError) as info:
        load_graph(tmp_path)
    message = str(info.value)
    assert "\n" not in message and message.endswith("build again") and "version 1" in message


def test_a_damaged_mirror_is_refused_in_one_line():
    data = _write(_template_graph())
    for broken in (data[: len(data) // 2], data.replace(b'"succ_shape"', b'"succ_shapes"')):
        with pytest.raises(MirrorFormatError, match="the mirror is damaged") as info:
            read_mirror_bytes(broken)
        assert "\n" not in str(info.value)


def test_a_build_over_an_older_mirror_builds_again_instead_of_failing(tmp_path):
    from neurograph.graph import build_info
    from neurograph.mirror_file import is_current

    save_graph(_template_graph(), tmp_path)
    assert is_current(tmp_path / "graph.json") and build_info(tmp_path) is not None
    (tmp_path / "graph.json").write_bytes(b'{"format": "neurograph-mirror", "version": 1, "graph": {}}')
    # No build record means "not built": the pipeline's up-to-date check rebuilds instead of loading it.
    assert not is_current(tmp_path / "graph.json") and build_info(tmp_path) is None


def test_plain_edges_are_written_once_per_distinct_attributes_and_read_back_as_they_were():
    G = nx.MultiDiGraph()
    for d in range(30):
        for e in range(5):
            G.add_edge(f"doc:{d}", f"E:{e}", key="MENTIONS", kind="mentions", type="MENTIONS", count=(d * e) % 7)
    G.add_edge("E:1", "E:2", key="X", kind="mentions", type="MENTIONS", count=3, tags=["a"])  # a list: compared
    import json

    data = _write(G)
    doc = json.loads(data)
    assert len(doc["rows"]) == 7 + 1  # the seven counts, and the edge with a list
    H = _read(data)
    assert list(H.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    assert H["doc:1"]["E:1"]["MENTIONS"] is not H["doc:8"]["E:1"]["MENTIONS"]  # equal, not shared


def test_writing_counts_the_edges_and_statement_edges():
    G = _template_graph()
    G.add_edge("doc:d1", "a", key="MENTIONS", kind="mentions", type="MENTIONS", count=2)
    counts = write_mirror(io.BytesIO(), G.graph, G._node, G._succ, G._pred)
    statements = sum(1 for *_, d in G.edges(keys=True, data=True) if d.get("kind") == "statement")
    assert counts == {"edges": G.number_of_edges(), "statements": statements} and 0 < statements < G.number_of_edges()
