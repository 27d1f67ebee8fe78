"""The Hetionet importer: mapping, bad lines, and the real subset."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from neurograph.errors import InputError
from neurograph.hetionet import CONFIDENCE, load_hetionet
from neurograph.names import resolve
from neurograph.paths import k_shortest_paths

# The shared datasets: ../shared beside the checkout.
HETIONET = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "hetionet"
NODES = HETIONET / "hetionet-v1.0-nodes.tsv"
EDGES = HETIONET / "hetionet-v1.0-edges-subset16.sif.gz"

SMALL_NODES = """id\tname\tkind
Compound::DB01221\tKetamine\tCompound
Compound::DB00176\tFluvoxamine\tCompound
Disease::DOID:1470\tmajor depressive disorder\tDisease
Disease::DOID:14330\tParkinson's disease\tDisease
Gene::1813\tDRD2\tGene
Gene::2902\tGRIN1\tGene
Gene::6532\tSLC6A4\tGene
Anatomy::UBERON:0000955\tbrain\tAnatomy
Symptom::D000006\tAbdomen, Acute\tSymptom
Side Effect::C0000729\tAbdominal cramps\tSide Effect
Pharmacologic Class::N0000175739\tSerotonin Uptake Inhibitors\tPharmacologic Class
Biological Process::GO:0007268\tchemical synaptic transmission\tBiological Process
Cellular Component::GO:0045202\tsynapse\tCellular Component
Molecular Function::GO:0004972\tNMDA glutamate receptor activity\tMolecular Function
Pathway::PC7_5403\tSerotonin pathway\tPathway
"""

SMALL_EDGES = [
    ("Compound::DB01221", "CbG", "Gene::2902"),
    ("Compound::DB01221", "CtD", "Disease::DOID:1470"),
    ("Compound::DB00176", "CpD", "Disease::DOID:1470"),
    ("Compound::DB00176", "CdG", "Gene::6532"),
    ("Compound::DB00176", "CuG", "Gene::1813"),
    ("Anatomy::UBERON:0000955", "AdG", "Gene::1813"),
    ("Anatomy::UBERON:0000955", "AuG", "Gene::2902"),
    ("Anatomy::UBERON:0000955", "AeG", "Gene::2902"),
    ("Disease::DOID:1470", "DaG", "Gene::6532"),
    ("Disease::DOID:1470", "DuG", "Gene::2902"),
    ("Disease::DOID:1470", "DdG", "Gene::1813"),
    ("Disease::DOID:1470", "DlA", "Anatomy::UBERON:0000955"),
    ("Disease::DOID:1470", "DrD", "Disease::DOID:14330"),
    ("Disease::DOID:14330", "DrD", "Disease::DOID:1470"),  # the reverse of a symmetric edge: stored once
    ("Compound::DB01221", "CrC", "Compound::DB00176"),
    ("Gene::1813", "GiG", "Gene::2902"),
    ("Gene::1813", "GcG", "Gene::6532"),
    ("Gene::2902", "Gr>G", "Gene::1813"),
    ("Gene::2902", "Gr>G", "Gene::1813"),  # a repeated line: stored once
    ("Pharmacologic Class::N0000175739", "PCiC", "Compound::DB00176"),
    ("Compound::DB00176", "CcSE", "Side Effect::C0000729"),
    ("Disease::DOID:1470", "DpS", "Symptom::D000006"),
    ("Gene::2902", "GpBP", "Biological Process::GO:0007268"),
    ("Gene::2902", "GpCC", "Cellular Component::GO:0045202"),
    ("Gene::2902", "GpMF", "Molecular Function::GO:0004972"),
    ("Gene::6532", "GpPW", "Pathway::PC7_5403"),
]


def write_small(tmp_path: Path, edges=SMALL_EDGES, nodes=SMALL_NODES, gz=True) -> tuple[Path, Path]:
    nodes_path = tmp_path / "nodes.tsv"
    nodes_path.write_text(nodes, encoding="utf-8")
    text = "source\tmetaedge\ttarget\n" + "".join(f"{s}\t{m}\t{t}\n" for s, m, t in edges)
    edges_path = tmp_path / ("edges.sif.gz" if gz else "edges.sif")
    if gz:
        with gzip.open(edges_path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        edges_path.write_text(text, encoding="utf-8")
    return nodes_path, edges_path


def test_categories_ids_and_xrefs(tmp_path):
    G = load_hetionet(*write_small(tmp_path))
    expected = {
        "Compound::DB01221": ("Drug", ["DRUGBANK:DB01221"]),
        "Disease::DOID:1470": ("Disorder", ["DOID:1470"]),
        "Gene::1813": ("Gene", ["NCBIGene:1813"]),
        "Anatomy::UBERON:0000955": ("Anatomy", ["UBERON:0000955"]),
        "Symptom::D000006": ("Symptom", ["MESH:D000006"]),
        "Side Effect::C0000729": ("Symptom", ["UMLS:C0000729"]),
        "Pharmacologic Class::N0000175739": ("DrugClass", ["NDFRT:N0000175739"]),
        "Biological Process::GO:0007268": ("Process", ["GO:0007268"]),
        "Cellular Component::GO:0045202": ("CellularComponent", ["GO:0045202"]),
        "Molecular Function::GO:0004972": ("MolecularFunction", ["GO:0004972"]),
        "Pathway::PC7_5403": ("Pathway", []),
    }
    for node, (category, xrefs) in expected.items():
        data = G.nodes[node]
        assert (data["kind"], data["id"], data["category"], data["xrefs"]) == ("entity", node, category, xrefs)
    # Names are written the lexicon's way, whatever the source's capitalisation (issue 15).
    names = {node: G.nodes[node]["name"] for node in ("Compound::DB01221", "Symptom::D000006",
                                                        "Pharmacologic Class::N0000175739",
                                                        "Disease::DOID:14330", "Gene::1813")}
    assert names == {"Compound::DB01221": "ketamine", "Symptom::D000006": "abdomen, acute",
                     "Pharmacologic Class::N0000175739": "serotonin uptake inhibitors",
                     "Disease::DOID:14330": "Parkinson's disease", "Gene::1813": "DRD2"}
    assert G.number_of_nodes() == 15


def test_metaedges_map_to_schema_types_with_schema_polarity(tmp_path, schema):
    G = load_hetionet(*write_small(tmp_path))
    expected = {
        ("Compound::DB01221", "Gene::2902"): "BINDS",
        ("Compound::DB01221", "Disease::DOID:1470"): "TREATS",
        ("Compound::DB00176", "Disease::DOID:1470"): "PALLIATES",
        ("Compound::DB00176", "Gene::6532"): "DECREASES",
        ("Compound::DB00176", "Gene::1813"): "INCREASES",
        ("Disease::DOID:1470", "Gene::6532"): "ASSOCIATED_WITH",
        ("Disease::DOID:1470", "Gene::2902"): "INCREASES",
        ("Disease::DOID:1470", "Gene::1813"): "DECREASES",
        ("Disease::DOID:1470", "Anatomy::UBERON:0000955"): "LOCALIZES_TO",
        ("Disease::DOID:1470", "Disease::DOID:14330"): "RESEMBLES",
        ("Compound::DB01221", "Compound::DB00176"): "RESEMBLES",
        ("Gene::1813", "Gene::2902"): "INTERACTS_WITH",
        ("Gene::1813", "Gene::6532"): "COVARIES_WITH",
        ("Gene::2902", "Gene::1813"): "REGULATES",
        ("Compound::DB00176", "Pharmacologic Class::N0000175739"): "IS_A",  # PCiC reversed
        ("Compound::DB00176", "Side Effect::C0000729"): "CAUSES",
        ("Disease::DOID:1470", "Symptom::D000006"): "HAS_SYMPTOM",
        ("Gene::2902", "Biological Process::GO:0007268"): "PARTICIPATES_IN",
        ("Gene::6532", "Pathway::PC7_5403"): "PARTICIPATES_IN",
    }
    for (u, v), rel_type in expected.items():
        assert list(G[u][v]) == [rel_type], (u, v)
        data = G.edges[u, v, rel_type]
        assert data["kind"] == "statement" and data["type"] == rel_type
        assert data["polarity"] == schema.relationships[rel_type].polarity
        assert data["predicate"] == schema.relationships[rel_type].biolink
        assert data["confidence"] == CONFIDENCE
        assert data["evidence"][0]["source"] == "Hetionet v1.0"
    # Anatomy down- and up-regulation are two typed edges to two genes.
    assert list(G["Anatomy::UBERON:0000955"]["Gene::1813"]) == ["DECREASES"]
    assert list(G["Anatomy::UBERON:0000955"]["Gene::2902"]) == ["INCREASES"]  # AeG skipped
    assert not G.has_edge("Disease::DOID:14330", "Disease::DOID:1470")
    info = G.graph["hetionet"]
    assert info["skipped"] == {"AeG": 1}
    assert info["duplicates"] == 2
    assert G.number_of_edges() == len(SMALL_EDGES) - 3
    # Each relationship type is allowed between the mapped categories by the schema.
    for u, v, key in G.edges(keys=True):
        rel = schema.relationships[key]
        assert rel.allows(G.nodes[u]["category"], G.nodes[v]["category"]), (u, key, v)


def test_plain_text_sif_and_path_search(tmp_path):
    G = load_hetionet(*write_small(tmp_path, gz=False))
    ketamine, depression = resolve(G, "ketamine"), resolve(G, "Major Depressive Disorder")
    paths = k_shortest_paths(G, ketamine, depression, k=3)
    assert paths[0].names == ["ketamine", "major depressive disorder"]
    assert paths[0].sign == "-"  # treats
    # Ketamine resembles fluvoxamine (symmetric, unsigned), which palliates depression.
    assert ["ketamine", "fluvoxamine", "major depressive disorder"] in [p.names for p in paths]


@pytest.mark.parametrize(
    "line, message",
    [
        ("Compound::DB01221\tCtD", "expected 3 tab-separated fields, got 2"),
        ("Compound::DB01221\tXxY\tDisease::DOID:1470", "unknown metaedge 'XxY'"),
        ("Compound::DB99999\tCtD\tDisease::DOID:1470", "source node 'Compound::DB99999' is not in nodes.tsv"),
        ("Compound::DB01221\tCtD\tDisease::DOID:0", "target node 'Disease::DOID:0' is not in nodes.tsv"),
    ],
)
def test_bad_edge_line_names_file_and_line(tmp_path, line, message):
    nodes, edges = write_small(tmp_path, edges=SMALL_EDGES[:3])
    text = gzip.open(edges, "rt").read() + line + "\n"
    with gzip.open(edges, "wt") as fh:
        fh.write(text)
    with pytest.raises(InputError) as info:
        load_hetionet(nodes, edges)
    assert info.value.path == str(edges)
    assert info.value.line == 5  # header + 3 edges + the bad one
    assert str(info.value) == f"{edges}:5: {message}"


def test_bad_node_lines(tmp_path):
    nodes, edges = write_small(tmp_path, nodes=SMALL_NODES + "Gene::1\tX\tProtein\n")
    with pytest.raises(InputError, match=r"nodes.tsv:17: unknown node kind 'Protein'"):
        load_hetionet(nodes, edges)
    nodes, edges = write_small(tmp_path, nodes=SMALL_NODES + "Gene::1813\tDRD2\tGene\n")
    with pytest.raises(InputError, match=r"nodes.tsv:17: node 'Gene::1813' listed twice"):
        load_hetionet(nodes, edges)
    nodes, edges = write_small(tmp_path, nodes="identifier\tname\tkind\n")
    with pytest.raises(InputError, match=r"nodes.tsv:1: expected header"):
        load_hetionet(nodes, edges)
    with pytest.raises(InputError, match=r"missing.tsv: file not found"):
        load_hetionet(tmp_path / "missing.tsv", edges)


def _layout(G):
    """Everything of a mirror graph that path search, the merge and the saved file see, orders included."""
    return (G.graph, list(G._node.items()),
            [(u, [(v, list(keydict.items())) for v, keydict in nbrs.items()]) for u, nbrs in G._succ.items()],
            [(v, list(preds)) for v, preds in G._pred.items()],
            all(G._pred[v][u] is keydict for u, nbrs in G._succ.items() for v, keydict in nbrs.items()))


# Two metaedges between one pair (a key dict of two edges), and predecessors in another order than the nodes'.
CACHE_EDGES = [("Gene::6532", "GiG", "Gene::1813"), *SMALL_EDGES, ("Compound::DB01221", "CuG", "Gene::2902")]


def test_cache_gives_the_parsed_graph_and_follows_the_files(tmp_path, monkeypatch):
    import neurograph.hetionet as hetionet

    nodes, edges = write_small(tmp_path, edges=CACHE_EDGES)
    cache = tmp_path / "cache"
    parsed = load_hetionet(nodes, edges)
    assert list(parsed["Compound::DB01221"]["Gene::2902"]) == ["BINDS", "INCREASES"]
    assert list(parsed._pred["Gene::1813"])[0] == "Gene::6532"  # not in node order
    assert _layout(load_hetionet(nodes, edges, cache=cache)) == _layout(parsed)  # parses, then writes the cache
    [cached] = cache.glob("hetionet-*.json")
    assert oct(cached.stat().st_mode & 0o777) == "0o600"
    doc = json.loads(cached.read_text())
    assert doc["provenance"]["edges_sha256"] == hashlib.sha256(edges.read_bytes()).hexdigest()
    assert doc["provenance"]["nodes_sha256"] == hashlib.sha256(nodes.read_bytes()).hexdigest()

    def no_parsing(*args):
        raise AssertionError("parsed the files although the cache holds them")

    with monkeypatch.context() as m:
        m.setattr(hetionet, "_parse", no_parsing)
        warm = load_hetionet(nodes, edges, cache=cache)
    assert _layout(warm) == _layout(parsed)
    # Edges share their metaedge's evidence list, as parsed; each has its own attribute dict.
    ab = warm.edges["Compound::DB01221", "Gene::2902", "BINDS"]
    ac = warm.edges["Compound::DB01221", "Gene::2902", "INCREASES"]
    cd = warm.edges["Compound::DB00176", "Gene::1813", "INCREASES"]
    assert ac["evidence"] is cd["evidence"] and ac is not cd and ab["evidence"] is not ac["evidence"]

    # Another edges file is another cache entry (the old one goes), with that file's graph.
    nodes, edges = write_small(tmp_path, edges=CACHE_EDGES[:-1])
    changed = load_hetionet(nodes, edges, cache=cache)
    assert list(changed["Compound::DB01221"]["Gene::2902"]) == ["BINDS"]
    [again] = cache.glob("hetionet-*.json")
    assert again != cached
    assert _layout(load_hetionet(nodes, edges, cache=cache)) == _layout(load_hetionet(nodes, edges))


def test_damaged_or_unsafe_cache_is_not_used(tmp_path):
    nodes, edges = write_small(tmp_path, edges=CACHE_EDGES)
    cache = tmp_path / "cache"
    parsed = _layout(load_hetionet(nodes, edges))
    load_hetionet(nodes, edges, cache=cache)
    [cached] = cache.glob("hetionet-*.json")
    cached.write_bytes(cached.read_bytes()[:-100])  # cut short
    assert _layout(load_hetionet(nodes, edges, cache=cache)) == parsed  # parsed again, and written again
    assert json.loads(cached.read_bytes())["format"] == "neurograph-hetionet-cache"
    doc = json.loads(cached.read_bytes())
    doc["ids"][0], doc["ids"][1] = doc["ids"][1], doc["ids"][0]  # planted by another user: never read
    cached.write_text(json.dumps(doc))
    cached.chmod(0o666)
    assert _layout(load_hetionet(nodes, edges, cache=cache)) == parsed


@pytest.mark.skipif(not EDGES.is_file(), reason="the Hetionet subset is not on this machine")
def test_real_subset_counts():
    G = load_hetionet(NODES, EDGES)
    assert G.number_of_nodes() == 47031
    assert G.number_of_edges() == 765796
    info = G.graph["hetionet"]
    assert info["edges"]["Gr>G"] == 265672 and info["edges"]["CtD"] == 755
    assert info["duplicates"] == 0 and info["skipped"] == {}
    # Every edge is a statement of a schema type, every node an entity.
    assert all(d["kind"] == "entity" for _, d in G.nodes(data=True))
    ketamine = resolve(G, "ketamine")
    assert ketamine == "Compound::DB01221"
    assert G.nodes[ketamine]["category"] == "Drug"
