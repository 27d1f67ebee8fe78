"""graph_from_records: entities given as a mapping or an iterable, and the mention edges' counts and order."""

from __future__ import annotations

import io

from neurograph.graph import graph_from_records
from neurograph.mirror_file import write_mirror
from neurograph.records import Entity, EntityRef, Evidence, Statement

MG = Entity("CHEBI:18420", "magnesium", "Mineral")
NMDA = Entity("FPLX:NMDA_receptor", "NMDA receptor", "Receptor")
DA = Entity("CHEBI:18243", "dopamine", "Neurotransmitter")
ZN = Entity("CHEBI:27363", "zinc", "Mineral")


def mirror_bytes(G) -> bytes:
    buf = io.BytesIO()
    write_mirror(buf, G.graph, G._node, G._succ, G._pred)
    return buf.getvalue()


def records():
    mg, nmda = EntityRef(MG.id, MG.name, MG.category, "Mg"), EntityRef(NMDA.id, NMDA.name, NMDA.category, "NMDA")
    st = Statement(mg, "ANTAGONIST_OF", nmda, -1, confidence=0.75,
                   evidence=[Evidence("d2", "Mg blocks NMDA.", 0, 15), Evidence("d2", "Mg blocks NMDA again.", 20, 41),
                             Evidence("d1", "Mg blocks NMDA.", 0, 15)])
    documents = {
        "d2": {"id": "d2", "title": "Two", "mentions": {MG.id: 1, DA.id: 3, "UNKNOWN:1": 5}},
        "d1": {"id": "d1", "title": "One", "mentions": {ZN.id: 2, MG.id: 4}},
        "d3": {"id": "d3", "title": "Three"},
    }
    return [st], documents


def test_entities_as_a_mapping_build_the_same_graph_as_an_iterable():
    statements, documents = records()
    entities = [MG, NMDA, DA, ZN]
    by_id = {e.id: e for e in entities}
    assert mirror_bytes(graph_from_records(by_id, statements, documents)) == \
        mirror_bytes(graph_from_records(entities, statements, documents))


def test_mentions_take_the_higher_count_in_document_then_entity_order():
    statements, documents = records()
    G = graph_from_records({e.id: e for e in (MG, NMDA, DA, ZN)}, statements, documents)
    mentions = [(u, v, d["count"]) for u, v, k, d in G.edges(keys=True, data=True) if k == "MENTIONS"]
    # In node order, each document's by entity id. d2: two sentences of evidence beat its own count of 1 for
    # magnesium; d1: its own count of 4 beats one sentence; an unknown entity is no node.
    assert mentions == [("doc:d2", DA.id, 3), ("doc:d2", MG.id, 2), ("doc:d2", NMDA.id, 2),
                        ("doc:d1", MG.id, 4), ("doc:d1", ZN.id, 2), ("doc:d1", NMDA.id, 1)]
    assert "UNKNOWN:1" not in G
    assert list(G.nodes) == ["doc:d2", "doc:d1", "doc:d3", MG.id, NMDA.id, ZN.id, DA.id]
    assert list(G.predecessors(MG.id)) == ["doc:d1", "doc:d2"]
