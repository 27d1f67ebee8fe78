"""The triage queries of the Cypher library, on the embedded Bolt server, agree with the mirror's labels."""

from __future__ import annotations

import networkx as nx
import pytest

from neurograph.queries import bind_params, load_query
from neurograph.triage import triage

pytestmark = pytest.mark.server


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(documents={"d1": "Doc one"})
    for node, name, category in (("CHEBI:6121", "ketamine", "Drug"), ("MONDO:0002050", "depression", "Disorder"),
                                 ("CHEBI:18420", "magnesium", "Mineral"), ("CHEBI:18243", "dopamine",
                                                                            "Neurotransmitter")):
        G.add_node(node, kind="entity", id=node, name=name, category=category, synonyms=[], xrefs=[])

    def edge(u, v, rel_type, polarity, *, curated=False, sentence="", confidence=0.5):
        evidence = ([{"doc": "d1", "sentence": sentence, "start": 0, "end": len(sentence), "source": "extracted"}]
                    if sentence else [{"source": "Hetionet v1.0", "sentence": rel_type, "start": 0, "end": 0}])
        G.add_edge(u, v, key=rel_type, kind="statement", type=rel_type, predicate="", qualifiers={},
                   polarity=polarity, confidence=confidence, hedged=False, curated=curated,
                   documents=["d1"] if sentence else [], evidence=evidence)

    edge("CHEBI:6121", "MONDO:0002050", "CAUSES", 1, sentence="Ketamine can cause depression.")
    edge("CHEBI:6121", "MONDO:0002050", "TREATS", -1, curated=True, confidence=0.9)
    edge("CHEBI:18420", "CHEBI:18243", "INCREASES", 1, sentence="Magnesium raises dopamine.")
    return G


def test_contradicted_claims_and_counts_by_label(store, schema):
    G = _graph()
    assert triage(G) == {"contradicted": 1, "novel": 1}
    store.load(G, schema)
    info = load_query("contradicted_claims")
    rows = store.query(info.text, bind_params(info, {})).to_dict("records")
    assert [(r["subject"], r["claim"], r["object"]) for r in rows] == [("ketamine", "CAUSES", "depression")]
    assert list(rows[0]["contradicted_by"]) == ["TREATS (Hetionet v1.0)"]
    assert list(rows[0]["sentences"]) == ["Ketamine can cause depression."]
    assert store.query(info.text, bind_params(info, {"name": "magnesium"})).empty
    info = load_query("claims_by_triage")
    rows = store.query(info.text, bind_params(info, {})).to_dict("records")
    assert [(r["triage"], r["type"], r["claims"]) for r in rows] == [("contradicted", "CAUSES", 1),
                                                                     ("novel", "INCREASES", 1)]
