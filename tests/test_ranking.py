"""Path ranking and curated knowledge: one path per entity sequence, DWPC, hub caps, sources,
signed regulators, claim triage and the merge of a curated graph by identifier."""

from __future__ import annotations

import networkx as nx
import pytest

from neurograph.answers import find_paths, find_regulators
from neurograph.errors import UsageError
from neurograph.merge import equivalents_from, merge_curated
from neurograph.paths import example_graph, k_shortest_paths
from neurograph.regulators import regulators
from neurograph.store_paths import store_paths
from neurograph.triage import triage

MG, DA, NMDA, GLU = "CHEBI:18420", "CHEBI:18243", "FPLX:NMDA_receptor", "CHEBI:14321"


def entity(G, node, name, category="Drug", xrefs=()):
    G.add_node(node, kind="entity", id=node, name=name, category=category, synonyms=[], xrefs=list(xrefs))


def statement(G, u, v, rel_type, polarity, confidence=0.5, *, documents=("d1",), curated=False, source="extracted"):
    evidence = [{"doc": d, "sentence": f"{u} {rel_type} {v}.", "source": source} for d in documents] or [
        {"source": source, "sentence": rel_type}]
    G.add_edge(u, v, key=rel_type, kind="statement", type=rel_type, polarity=polarity, confidence=confidence,
               hedged=False, curated=curated, documents=list(documents), evidence=evidence)


def hub_graph():
    """a -> hub -> z and a -> quiet -> z, same confidence; the hub has 30 other neighbours."""
    G = nx.MultiDiGraph(documents={"d1": "Doc"})
    for node in ("a", "hub", "quiet", "z"):
        entity(G, node, node)
    statement(G, "a", "hub", "INCREASES", 1)
    statement(G, "hub", "z", "INCREASES", 1)
    statement(G, "a", "quiet", "INCREASES", 1)
    statement(G, "quiet", "z", "INCREASES", 1)
    for i in range(30):
        entity(G, f"x{i}", f"x{i}")
        statement(G, "hub", f"x{i}", "INCREASES", 1)
        statement(G, f"x{i}", "hub", "INCREASES", 1)
    return G


def test_parallel_statements_make_one_path_with_alternatives():
    G = example_graph()
    statement(G, MG, DA, "REGULATES", 0, 0.9)
    paths = k_shortest_paths(G, MG, DA, k=5)
    assert [p.names for p in paths] == [["magnesium", "dopamine"], ["magnesium", "NMDA receptor", "dopamine"]]
    first = paths[0].hops[0]
    assert first.type == "REGULATES"  # the most confident of the parallel statements is walked
    assert [(a["type"], a["sign"]) for a in first.alternatives] == [("INCREASES", "+")]
    # k counts entity sequences: the second path is not crowded out by the parallel statement
    assert len(k_shortest_paths(G, MG, DA, k=2)) == 2


def test_alternatives_follow_the_filters():
    G = example_graph()
    statement(G, MG, DA, "REGULATES", 0, 0.9)
    [path] = k_shortest_paths(G, MG, DA, k=1, types=["REGULATES"])
    assert path.hops[0].alternatives == []


def test_dwpc_ranks_paths_through_hubs_last():
    G = hub_graph()
    by_cost = k_shortest_paths(G, "a", "z", k=2)
    assert {tuple(p.nodes) for p in by_cost} == {("a", "hub", "z"), ("a", "quiet", "z")}
    by_dwpc = k_shortest_paths(G, "a", "z", k=2, rank="dwpc")
    assert [p.nodes for p in by_dwpc] == [["a", "quiet", "z"], ["a", "hub", "z"]]
    quiet, hub = by_dwpc
    # a has two INCREASES out, z two in; the hub 31 in and 31 out (z and its 30 other neighbours)
    assert quiet.dwpc == pytest.approx((2 * 1) ** -0.4 * (1 * 2) ** -0.4)
    assert hub.dwpc == pytest.approx((2 * 31) ** -0.4 * (31 * 2) ** -0.4)
    assert by_cost[0].dwpc is None


def test_max_degree_keeps_hubs_out_of_the_middle_but_not_the_ends():
    G = hub_graph()
    assert [p.nodes for p in k_shortest_paths(G, "a", "z", k=5, max_degree=5)] == [["a", "quiet", "z"]]
    assert k_shortest_paths(G, "hub", "z", k=5, max_degree=5)[0].nodes == ["hub", "z"]
    with pytest.raises(UsageError):
        k_shortest_paths(G, "a", "z", max_degree=0)


def test_source_kind_walks_documents_or_curated_statements():
    G = hub_graph()
    statement(G, "a", "z", "TREATS", -1, 0.9, documents=(), curated=True, source="Hetionet v1.0")
    assert [p.nodes for p in k_shortest_paths(G, "a", "z", k=1, source_kind="curated")] == [["a", "z"]]
    assert all(len(p.nodes) == 3 for p in k_shortest_paths(G, "a", "z", k=5, source_kind="documents"))
    assert k_shortest_paths(G, "a", "z", k=1)[0].nodes == ["a", "z"]
    with pytest.raises(UsageError):
        k_shortest_paths(G, "a", "z", source_kind="papers")


def test_regulators_walk_signed_nodes():
    G = example_graph()
    up = regulators(G, DA, "+")
    assert [(r.id, r.hops) for r in up] == [(NMDA, 1), (MG, 1), (GLU, 2)]
    assert up[2].path.names == ["glutamate", "NMDA receptor", "dopamine"]
    down = regulators(G, DA, "-")
    assert [(r.name, r.path.names) for r in down] == [("magnesium", ["magnesium", "NMDA receptor", "dopamine"])]
    # unsigned statements carry no sign: nothing regulates glutamate through the REGULATES edge added here
    statement(G, MG, GLU, "REGULATES", 0, 0.9)
    assert regulators(G, GLU, "+") == [] and regulators(G, GLU, "-") == []
    assert [r.name for r in regulators(G, DA, "+", categories=["Neurotransmitter"])] == ["glutamate"]
    assert [r.name for r in regulators(G, DA, "+", max_hops=1)] == ["NMDA receptor", "magnesium"]


def test_find_regulators_resolves_names_and_reports_options():
    report = find_regulators("dopamine", "+", graph=example_graph(), k=1)
    assert report.target["id"] == DA and [r.name for r in report.regulators] == ["NMDA receptor"]
    assert report.to_dict()["regulators"][0]["path"]["names"] == ["NMDA receptor", "dopamine"]
    with pytest.raises(UsageError):
        find_regulators("dopamine", "?", graph=example_graph())


def test_triage_labels_document_claims_against_curated_statements():
    G = nx.MultiDiGraph()
    for node in "abcdef":
        entity(G, node, node)
    statement(G, "a", "b", "INCREASES", 1)                     # agrees with a curated INCREASES
    statement(G, "a", "b", "ACTIVATES", 1, curated=True, documents=(), source="Hetionet v1.0")
    statement(G, "c", "d", "CAUSES", 1)                        # a curated TREATS says the opposite
    statement(G, "c", "d", "TREATS", -1, curated=True, documents=(), source="Hetionet v1.0")
    statement(G, "e", "f", "INCREASES", 1)                     # nothing curated
    statement(G, "b", "a", "DECREASES", -1)                    # the reverse direction of a->b: not comparable
    statement(G, "d", "c", "ASSOCIATED_WITH", 0)               # symmetric: compares with c->d TREATS
    counts = triage(G, symmetric=frozenset({"ASSOCIATED_WITH"}))
    label = {(u, v, k): d.get("triage") for u, v, k, d in G.edges(keys=True, data=True)}
    assert label[("a", "b", "INCREASES")] == "corroborated"
    assert label[("c", "d", "CAUSES")] == "contradicted"
    assert label[("e", "f", "INCREASES")] == "novel"
    assert label[("b", "a", "DECREASES")] == "novel"
    assert label[("d", "c", "ASSOCIATED_WITH")] == "corroborated"
    assert label[("a", "b", "ACTIVATES")] is None  # curated only: no label
    assert counts == {"corroborated": 2, "contradicted": 1, "novel": 2}
    assert G.edges["c", "d", "CAUSES"]["triage_basis"] == ["TREATS (Hetionet v1.0)"]
    # recomputed, not accumulated: a second run gives the same labels
    assert triage(G, symmetric=frozenset({"ASSOCIATED_WITH"})) == counts


def test_merge_aligns_by_cross_reference_and_keeps_every_source():
    G = nx.MultiDiGraph(documents={"d1": "Doc"})
    entity(G, "CHEBI:6121", "ketamine", xrefs=["DRUGBANK:DB01221"])
    entity(G, "DOID:1596", "depression", category="Disorder")
    entity(G, "HGNC:3023", "DRD2", category="Receptor")
    entity(G, "CHEBI:18420", "magnesium", category="Mineral")
    statement(G, "CHEBI:6121", "DOID:1596", "TREATS", -1, 0.5)
    H = nx.MultiDiGraph(documents={})
    entity(H, "Compound::DB01221", "Ketamine", xrefs=["DRUGBANK:DB01221"])
    entity(H, "Disease::DOID:1596", "depressive disorder", category="Disorder", xrefs=["DOID:1596"])
    entity(H, "Gene::1813", "DRD2", category="Gene", xrefs=["NCBIGene:1813"])
    entity(H, "Compound::DB00321", "Amitriptyline", xrefs=["DRUGBANK:DB00321"])
    for u, v, t, pol in (("Compound::DB01221", "Disease::DOID:1596", "TREATS", -1),
                         ("Compound::DB01221", "Gene::1813", "BINDS", 0),
                         ("Compound::DB00321", "Disease::DOID:1596", "TREATS", -1)):
        statement(H, u, v, t, pol, 0.9, documents=(), curated=True, source="Hetionet v1.0")
    report = merge_curated(G, H, "Hetionet v1.0", equivalents=equivalents_from([("HGNC:3023", "NCBIGene:1813")]))
    assert report.aligned == 3 and report.added_nodes == 1
    assert report.joined_edges == 1 and report.added_edges == 2
    joined = G.edges["CHEBI:6121", "DOID:1596", "TREATS"]
    assert [ev["source"] for ev in joined["evidence"]] == ["extracted", "Hetionet v1.0"]
    assert joined["curated"] and joined["confidence"] == pytest.approx(1 - 0.5 * 0.1)
    assert G.has_edge("CHEBI:6121", "HGNC:3023", "BINDS")
    assert "NCBIGene:1813" in G.nodes["HGNC:3023"]["xrefs"]
    assert report.by_category["Drug"] == (1, 1) and report.by_category["Receptor"] == (1, 1)
    assert triage(G, symmetric=frozenset())["corroborated"] == 1


@pytest.mark.server
def test_store_backend_filters_by_source_and_lists_alternatives(store, schema):
    G = example_graph()
    statement(G, MG, DA, "REGULATES", 0, 0.9)
    store.load(G, schema)
    [mirror] = k_shortest_paths(G, MG, DA, k=1)
    [stored] = store_paths(store, MG, DA, k=1)
    assert stored.nodes == mirror.nodes and stored.hops[0].type == "REGULATES"
    assert [a["type"] for a in stored.hops[0].alternatives] == [a["type"] for a in mirror.hops[0].alternatives]
    assert store_paths(store, MG, DA, k=5, source_kind="curated") == []
    with pytest.raises(UsageError):
        find_paths("magnesium", "dopamine", graph=G, backend="store", rank="dwpc",
                   connection={"uri": "bolt://127.0.0.1:1"})


def test_equivalences_from_the_vocabulary_resources(tmp_path):
    import gzip
    import json

    from neurograph.merge import hgnc_equivalents, mapping_equivalents, ontology_equivalents

    hgnc = tmp_path / "hgnc.tsv.gz"
    with gzip.open(hgnc, "wt") as fh:
        fh.write("HGNC ID\tApproved symbol\tNCBI Gene ID(supplied by NCBI)\nHGNC:3023\tDRD2\t1813\nHGNC:1\tX\t\n")
    assert hgnc_equivalents(hgnc) == {"hgnc:3023": {"ncbigene:1813"}, "ncbigene:1813": {"hgnc:3023"}}
    mondo = tmp_path / "mondo.json"
    mondo.write_text(json.dumps([{"id": "0002050", "name": "depressive disorder",
                                  "xrefs": [{"namespace": "DOID", "id": "1596"}, {"namespace": "OMIM", "id": "1"}]}]))
    assert ontology_equivalents(mondo, "MONDO") == {"mondo:0002050": {"doid:1596"}, "doid:1596": {"mondo:0002050"}}
    mapping = tmp_path / "mesh.tsv"
    mapping.write_text("MESH\tD006987\thypesthesia\tHP\tHP:0033748\thypoesthesia\n")
    assert mapping_equivalents(mapping)["hp:0033748"] == {"mesh:D006987"}
    # a Hetionet symptom named by MeSH aligns with the lexicon's HP phenotype
    G = nx.MultiDiGraph(documents={})
    entity(G, "HP:0033748", "hypoesthesia", category="Symptom")
    H = nx.MultiDiGraph(documents={})
    entity(H, "Symptom::D006987", "Hypesthesia", category="Symptom", xrefs=["MESH:D006987"])
    assert merge_curated(G, H, "Hetionet v1.0", equivalents=mapping_equivalents(mapping)).aligned == 1


def test_no_path_says_which_filter_removed_how_many():
    G = example_graph()
    report = find_paths("magnesium", "dopamine", graph=G, sign="-", min_confidence=0.8)
    assert report.paths == [] and report.hints == ["--min-confidence 0.8 removed 1 path"]
    report = find_paths("dopamine", "magnesium", graph=G)
    assert report.hints == ["no directed path; --undirected finds some (walking statements against their direction)"]
    assert find_paths("magnesium", "dopamine", graph=G).hints == []


def test_a_known_name_no_document_mentions_is_not_unknown():
    from neurograph.errors import UnknownEntityError, UnmentionedEntityError
    from neurograph.names import known_entity

    G = example_graph()
    known = known_entity("serotonin transporter")
    assert known is not None and known[0] not in G
    with pytest.raises(UnmentionedEntityError) as caught:
        find_paths("5-HTT", "dopamine", graph=G)
    assert "no document mentions it" in str(caught.value) and caught.value.exit_code == 2
    with pytest.raises(UnknownEntityError) as caught:
        find_paths("magnesum", "dopamine", graph=G)
    assert not isinstance(caught.value, UnmentionedEntityError) and "did you mean: magnesium" in str(caught.value)


def test_a_rejected_statement_never_reenters_on_rebuild(tmp_path):
    from neurograph.curation import list_rejections, reject, undo
    from neurograph.graph import build_info
    from neurograph.pipeline import build

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Magnesium blocks the NMDA receptor. Magnesium raises dopamine levels.\n")
    home = tmp_path / "home"
    G = build([docs], home=home).graph
    assert G.has_edge("CHEBI:18420", "CHEBI:18243", "INCREASES")
    reject(G, "Mg", "INCREASES", "dopamine", "  not what  the study found ", home=home)
    result = build([docs], home=home)
    assert result.rebuilt and not result.graph.has_edge("CHEBI:18420", "CHEBI:18243", "INCREASES")
    assert result.graph.has_edge("CHEBI:18420", "FPLX:NMDA_receptor", "ANTAGONIST_OF")
    assert build_info(home)["rejected"] == 1
    assert [r.reason for r in list_rejections(home)] == ["not what the study found"]
    with pytest.raises(UsageError):  # no longer in the graph: nothing to reject
        reject(result.graph, "Mg", "INCREASES", "dopamine", "again", home=home)
    undo(home)
    assert build([docs], home=home).graph.has_edge("CHEBI:18420", "CHEBI:18243", "INCREASES")


def test_views_are_written_with_the_users_umask(tmp_path, schema):
    import os

    from neurograph.view import write_view

    old = os.umask(0o022)
    try:
        write_view(example_graph(), out=tmp_path / "a.html", schema=schema)
        os.umask(0o077)
        write_view(example_graph(), out=tmp_path / "b.html", schema=schema)
    finally:
        os.umask(old)
    assert (tmp_path / "a.html").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "b.html").stat().st_mode & 0o777 == 0o600


def test_extract_table_redirected_to_a_file_stays_readable(tmp_path):
    import subprocess
    import sys

    doc = tmp_path / "a.txt"
    doc.write_text("Magnesium blocks the NMDA receptor [1]. Magnesium does not raise cortisol.\n")
    out = subprocess.run([sys.executable, "-m", "neurograph.cli", "extract", str(doc), "--format", "table"],
                         capture_output=True, text=True, env={**__import__("os").environ, "COLUMNS": ""})
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].strip() == "1 statements (1 negated) from 1 documents"
    header = next(line for line in lines if "relationship" in line)
    assert "relationship" in header and "evidence" in header  # not folded into "relationsh/ip"
    assert "[a] Magnesium blocks the NMDA receptor [1]." in out.stdout  # brackets are text, not markup
    assert "1 statements (1 negated)" in out.stderr
