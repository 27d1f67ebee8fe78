"""Merging a curated graph by identifier: the equivalence sources, ambiguity, the cache, evidence side by side."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx

from neurograph.graph import save_graph
from neurograph.merge import (Equivalents, _read_equivalents_cache, _write_equivalents_cache, ambiguous_keys,
                              equivalents_from, merge_curated, merge_source, obo_equivalents)
from neurograph.triage import triage


def entity(G, node, name, category="Drug", xrefs=()):
    G.add_node(node, kind="entity", id=node, name=name, category=category, synonyms=[], xrefs=list(xrefs))


def statement(G, u, v, rel_type, polarity, *, documents=("d1",), source="extracted"):
    evidence = [{"doc": d, "sentence": f"Ketamine relieves {v} within hours.", "source": source, "start": 0,
                 "end": 10, "hedged": False, "negated": False} for d in documents] or [
        {"doc": "hetionet", "source": source, "sentence": f"Compound treats Disease ({source} metaedge CtD)"}]
    G.add_edge(u, v, key=rel_type, kind="statement", type=rel_type, polarity=polarity, confidence=0.6 if documents
               else 0.9, hedged=False, curated=not documents, documents=list(documents), evidence=evidence)


HPO = """format-version: 1.2

[Term]
id: HP:0002902
name: Hyponatremia
alt_id: HP:0001111
xref: SNOMEDCT_US:89627008
xref: UMLS:C0020625

[Term]
id: HP:0000001
name: obsolete thing
is_obsolete: true
xref: UMLS:C0000001
"""


def test_a_side_effect_aligns_with_a_phenotype_through_hpo(tmp_path):
    path = tmp_path / "hp.obo"
    path.write_text(HPO)
    equivalents = obo_equivalents(path)
    assert equivalents["umls:C0020625"] == {"hp:0002902"}
    assert equivalents["hp:0001111"] == {"hp:0002902"}  # an alt_id names the same term
    assert "umls:C0000001" not in equivalents and "snomedct_us:89627008" not in equivalents
    G = nx.MultiDiGraph(documents={})
    entity(G, "HP:0002902", "hyponatremia", category="Disorder")
    H = nx.MultiDiGraph(documents={})
    entity(H, "Side Effect::C0020625", "Hyponatraemia", category="Symptom", xrefs=["UMLS:C0020625"])
    report = merge_curated(G, H, "Hetionet v1.0", equivalents=equivalents)
    assert report.aligned == 1 and sorted(G.nodes) == ["HP:0002902"]
    assert G.nodes["HP:0002902"]["sources"] == ["Hetionet v1.0"]


def test_a_heading_over_two_diseases_does_not_merge_them():
    # One vocabulary files two diseases under one MeSH heading: neither is the other.
    pairs = [("MONDO:0007079", "MESH:D010610"), ("DOID:0060119", "MESH:D010610"), ("DOID:0050741", "MESH:D010610")]
    equivalents = equivalents_from(pairs)
    assert ambiguous_keys(equivalents) == {"mesh:D010610"}
    G = nx.MultiDiGraph(documents={})
    entity(G, "DOID:1574", "alcohol use disorder", category="Disorder", xrefs=["MONDO:0007079"])
    H = nx.MultiDiGraph(documents={})
    entity(H, "Disease::DOID:0060119", "pharynx cancer", category="Disorder", xrefs=["DOID:0060119"])
    assert merge_curated(G, H, "Hetionet v1.0", equivalents=equivalents).aligned == 0
    # The same heading tied to a single disease aligns.
    G = nx.MultiDiGraph(documents={})
    entity(G, "DOID:1574", "alcohol use disorder", category="Disorder", xrefs=["MONDO:0007079"])
    H = nx.MultiDiGraph(documents={})
    entity(H, "Disease::DOID:0060119", "pharynx cancer", category="Disorder", xrefs=["DOID:0060119"])
    assert merge_curated(G, H, "Hetionet v1.0", equivalents=equivalents_from(pairs[:2])).aligned == 1


def test_equivalents_are_cached_privately_and_rebuilt_when_a_vocabulary_changes(tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    vocab = tmp_path / "hp.obo"
    vocab.write_text(HPO)
    equivalents = Equivalents(obo_equivalents(vocab), ambiguous={"mesh:D1"})
    _write_equivalents_cache(home, [vocab], equivalents)
    [cache] = (home / "cache").glob("equivalents-*.json")
    assert cache.stat().st_mode & 0o077 == 0
    again = _read_equivalents_cache(home, [vocab])
    assert again == equivalents and again.ambiguous == {"mesh:D1"}
    vocab.write_text(HPO.replace("C0020625", "C0020626"))
    assert _read_equivalents_cache(home, [vocab]) is None  # another digest
    os.chmod(cache, 0o664)
    vocab.write_text(HPO)
    assert _read_equivalents_cache(home, [vocab]) is None  # writable by others: never read


def test_path_with_source_both_shows_document_and_hetionet_evidence_side_by_side(tmp_path):
    G = nx.MultiDiGraph(documents={"d1": "Ketamine in depression"})
    entity(G, "DRUGBANK:DB01221", "ketamine", xrefs=["CHEBI:6121"])
    entity(G, "DOID:1596", "depression", category="Disorder", xrefs=["MESH:D003863"])
    entity(G, "HGNC:4584", "GRIN2B", category="Gene")
    statement(G, "DRUGBANK:DB01221", "DOID:1596", "TREATS", -1)
    H = nx.MultiDiGraph(documents={})
    entity(H, "Compound::DB01221", "Ketamine", xrefs=["DRUGBANK:DB01221"])
    entity(H, "Side Effect::C0011570", "Depression", category="Symptom", xrefs=["UMLS:C0011570"])
    entity(H, "Gene::2904", "GRIN2B", category="Gene", xrefs=["NCBIGene:2904"])
    statement(H, "Compound::DB01221", "Side Effect::C0011570", "TREATS", -1, documents=(), source="Hetionet v1.0")
    statement(H, "Compound::DB01221", "Gene::2904", "BINDS", 0, documents=(), source="Hetionet v1.0")
    equivalents = equivalents_from([("DOID:1596", "UMLS:C0011570"), ("HGNC:4584", "NCBIGene:2904")])
    report = merge_curated(G, H, "Hetionet v1.0", equivalents=equivalents)
    assert report.aligned == 3 and report.joined_edges == 1
    assert triage(G, frozenset()) == {"corroborated": 1}
    home = tmp_path / "home"
    save_graph(G, home)
    env = {**os.environ, "NEUROGRAPH_HOME": str(home), "COLUMNS": "200"}
    out = subprocess.run([sys.executable, "-m", "neurograph.cli", "path", "ketamine", "depression",
                          "--source", "both"], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    # The path's hop: the document's quote, the Hetionet statement counted with it and the triage badge.
    assert "ketamine" in text and "depression" in text
    assert "Ketamine relieves DOID:1596 within hours." in text and "(+1 more)" in text
    assert "✓ corroborated" in text
    assert "Compound treats Disease (Hetionet v1.0 metaedge CtD)" in text  # Hetionet's line beside the quote
    as_json = subprocess.run([sys.executable, "-m", "neurograph.cli", "path", "ketamine", "depression", "--source",
                              "both", "--format", "json"], capture_output=True, text=True, timeout=120, env=env)
    [hop] = json.loads(as_json.stdout)["paths"][0]["hops"]
    assert hop["documents"] == ["d1"] and hop["curated"] and hop["n_evidence"] == 2
    assert hop["evidence"]["doc"] == "d1" and hop["curated_evidence"]["source"] == "Hetionet v1.0"
    # explain puts the two side by side: the document sentence and Hetionet's metaedge.
    explained = subprocess.run([sys.executable, "-m", "neurograph.cli", "explain", "ketamine", "depression"],
                               capture_output=True, text=True, timeout=120, env=env).stdout
    assert "Ketamine relieves DOID:1596 within hours." in explained
    assert "Compound treats Disease (Hetionet v1.0 metaedge CtD)" in explained
    assert "corroborated by TREATS (Hetionet v1.0)" in explained


def _document_graph():
    """Ketamine, and one entity that two Hetionet genes align to (so their statements meet or vanish)."""
    G = nx.MultiDiGraph(documents={"d1": "Ketamine"})
    entity(G, "CHEBI:6121", "ketamine", xrefs=["DRUGBANK:DB01221"])
    entity(G, "HGNC:9999", "a receptor", category="Gene", xrefs=["NCBIGene:1813", "NCBIGene:2902"])
    entity(G, "DOID:1596", "depression", category="Disorder")
    statement(G, "CHEBI:6121", "HGNC:9999", "BINDS", 0)
    statement(G, "CHEBI:6121", "DOID:1596", "TREATS", -1)
    return G


def test_merging_from_the_hetionet_cache_gives_the_graph_merging_the_parsed_graph_gives(tmp_path):
    from test_hetionet import CACHE_EDGES, _layout, write_small

    from neurograph.hetionet import hetionet_columns, load_hetionet

    nodes, edges = write_small(tmp_path, edges=CACHE_EDGES)
    expected = _document_graph()
    report = merge_curated(expected, load_hetionet(nodes, edges), "Hetionet v1.0")
    # Joined: ketamine binds the receptor (documents and Hetionet); dropped: the two genes' two statements
    # between each other (one entity now); the brain's statements to both genes met in one key dict.
    assert report.aligned == 3 and report.joined_edges == 1
    assert report.curated_edges == 25 and report.added_edges == 25 - 2 - 1
    assert list(expected["Anatomy::UBERON:0000955"]["HGNC:9999"]) == ["DECREASES", "INCREASES"]
    assert not expected.has_edge("HGNC:9999", "HGNC:9999")
    assert expected.edges["CHEBI:6121", "HGNC:9999", "BINDS"]["curated"] is True
    for cache_state in ("cold", "warm"):  # parsed then cached, then read from the cache
        G = _document_graph()
        columns = hetionet_columns(nodes, edges, cache=tmp_path / "cache")
        assert merge_curated(G, columns, "Hetionet v1.0") == report, cache_state
        assert _layout(G) == _layout(expected), cache_state


def test_a_merged_build_parses_hetionet_beside_extraction_into_the_caches_the_merge_reads(tmp_path, monkeypatch):
    from neurograph import hetionet
    from neurograph.pipeline import _prepare_sources_beside, _wait_for
    from neurograph.resources import install

    home = tmp_path / "home"
    install(["hetionet"], source=Path(__file__).resolve().parents[2] / "shared" / "datasets", home=home)
    preparing = _prepare_sources_beside(["hetionet"], home)
    assert preparing is not None  # the test machine has two cores
    _wait_for(preparing)
    [cache] = (home / "cache").glob("hetionet-*.json")
    assert list((home / "cache").glob("equivalents-*.json"))  # filled by the other process
    assert cache.stat().st_mode & 0o077 == 0
    written = cache.stat().st_mtime_ns
    _wait_for(_prepare_sources_beside(["hetionet"], home))
    assert cache.stat().st_mtime_ns == written  # a cache already there is left as it is

    def no_parsing(*args):
        raise AssertionError("parsed again")

    monkeypatch.setattr(hetionet, "_parse", no_parsing)
    G = nx.MultiDiGraph(documents={})
    entity(G, "DRUGBANK:DB01221", "ketamine")
    report = merge_source(G, "hetionet", home)
    assert report.aligned == 1 and report.curated_edges > 700_000
