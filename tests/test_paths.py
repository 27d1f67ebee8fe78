"""Paths: name resolution, k shortest paths with net signs, filters, the store backend and the CLI."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import networkx as nx
import pytest

from neurograph import answers as A
from neurograph import explain as E
from neurograph import mirror as M
from neurograph import names as N
from neurograph import paths as P
from neurograph import store_paths as SP
from neurograph.errors import UnknownEntityError, UsageError
from neurograph.graph import graph_from_records, save_graph
from neurograph.records import Entity, EntityRef, Evidence, Statement

MG, DA, GLU, NMDA, KET, DEP, FAT = ("CHEBI:18420", "CHEBI:18243", "CHEBI:14321", "FPLX:NMDA_receptor",
                                    "CHEBI:6121", "MONDO:0002050", "HP:0012378")
NASTY = "mag`nesium' OR 1=1 //"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # pytest sets COLUMNS=80 for children
    return subprocess.run([sys.executable, "-m", "neurograph.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def statements_graph(rows, entities=None, docs=None):
    """A graph from (subject, TYPE, object, polarity, confidence[, hedged]) rows over named entities."""
    entities = {e.id: e for e in (entities or [])}
    statements = []
    for row in rows:
        s, p, o, pol, conf = row[:5]
        hedged = row[5] if len(row) > 5 else False
        for node in (s, o):
            entities.setdefault(node, Entity(node, node.split(":")[-1], "Nutrient"))
        ref = lambda n: EntityRef(n, entities[n].name, entities[n].category)  # noqa: E731
        sentence = f"{entities[s].name} {p.lower()} {entities[o].name}."
        statements.append(Statement(ref(s), p, ref(o), pol, hedged=hedged, confidence=conf,
                                    evidence=[Evidence("d1", sentence, 0, len(sentence), hedged=hedged)]))
    return graph_from_records(entities.values(), statements, docs or {"d1": {"title": "Doc 1"}})


# --- name resolution -------------------------------------------------------------------


@pytest.mark.parametrize("typed, expected", [
    ("magnesium", MG), ("Magnesium", MG), ("MAGNESIUM", MG), ("  magnesium ", MG),
    ("Mg", MG), ("mg", MG), ("Mg2+", MG), ("magnesium ions", MG), ("magnesium ion", MG),
    ("nmda", NMDA), ("NMDA receptors", NMDA), ("N-methyl-D-aspartate receptor", NMDA),
    ("n methyl d aspartate receptors", NMDA), ("depressive disorders", DEP), ("Special K", KET),
    ("CHEBI:18243", DA), ("chebi:18243", DA), ("DA", DA),
])
def test_resolve_typed_names(toy_graph, typed, expected):
    assert N.resolve(toy_graph, typed) == expected


def test_resolve_acronyms_and_plural_acronyms():
    G = statements_graph([("CHEBI:50949", "INCREASES", "CHEBI:28790", 1, 0.5)],
                         entities=[Entity("CHEBI:50949", "selective serotonin reuptake inhibitor", "DrugClass"),
                                   Entity("CHEBI:28790", "serotonin", "Neurotransmitter", ("5-HT",))])
    for typed in ("SSRI", "SSRIs", "ssris", "selective serotonin reuptake inhibitors", "Selective Serotonin "
                  "Reuptake Inhibitor"):
        assert N.resolve(G, typed) == "CHEBI:50949", typed
    assert N.resolve(G, "5-ht") == "CHEBI:28790"


def test_resolve_prefers_exact_name_over_synonym_then_degree_then_id():
    G = statements_graph(
        [("X:2", "INCREASES", "X:3", 1, 0.5), ("X:2", "INCREASES", "X:4", 1, 0.5), ("X:5", "INCREASES", "X:3", 1, .5)],
        entities=[Entity("X:1", "DA", "Drug"), Entity("X:2", "dopamine", "Neurotransmitter", ("DA",)),
                  Entity("X:3", "alpha", "Drug", ("shared",)), Entity("X:4", "beta", "Drug", ("shared",)),
                  Entity("X:5", "gamma", "Drug", ("shared",))])
    G.add_node("X:1", kind="entity", name="DA", category="Drug", synonyms=[], xrefs=[])
    assert N.resolve(G, "da") == "X:1"  # exact name beats a synonym, even of a better-connected node
    # Three synonyms tie: the node with more statements wins (X:3 has two), not the first inserted.
    assert N.resolve(G, "shared") == "X:3"
    G.add_edge("X:4", "X:5", key="INCREASES", kind="statement", type="INCREASES", polarity=1, confidence=0.5)
    assert N.resolve(G, "shared") == "X:3"  # now X:3 and X:4 tie on degree: the smaller id


def test_unknown_name_suggests_close_names(toy_graph):
    with pytest.raises(UnknownEntityError) as info:
        N.resolve(toy_graph, "magnesum")
    assert info.value.suggestions[0] == "magnesium"
    assert info.value.exit_code == 2
    with pytest.raises(UnknownEntityError) as info:
        N.resolve(toy_graph, "glutamat")
    assert "glutamate" in info.value.suggestions
    with pytest.raises(UnknownEntityError) as info:
        N.resolve(toy_graph, "zzzzqqq")
    assert info.value.suggestions == []


def test_documents_are_not_entities(toy_graph):
    with pytest.raises(UnknownEntityError):
        N.resolve(toy_graph, "doc:doc_a")
    with pytest.raises(UnknownEntityError):
        N.resolve(toy_graph, "Doc A")  # a document title
    with pytest.raises(UsageError):
        P.k_shortest_paths(toy_graph, "doc:doc_a", DA)


def test_nasty_name_is_just_an_unknown_name(toy_graph):
    with pytest.raises(UnknownEntityError) as info:
        N.resolve(toy_graph, NASTY)
    assert info.value.name == NASTY


def test_index_follows_graph_changes(toy_graph):
    assert N.resolve(toy_graph, "magnesium") == MG
    toy_graph.add_node("CHEBI:29101", kind="entity", name="sodium", category="Mineral", synonyms=["Na+"], xrefs=[])
    assert N.resolve(toy_graph, "Na+") == "CHEBI:29101"


# --- paths on the toy graph ----------------------------------------------------------


def test_magnesium_to_dopamine_toy(toy_graph):
    paths = P.k_shortest_paths(toy_graph, MG, DA)
    assert [(p.nodes, [h.type for h in p.hops], p.sign) for p in paths] == [
        ([MG, DA], ["INCREASES"], "+"),  # 1 hop, cost 1.5
        ([MG, NMDA, DA], ["ANTAGONIST_OF", "REGULATES"], "?"),  # 2 hops: REGULATES is unsigned
    ]
    hop = paths[1].hops[0]
    assert (hop.subject, hop.type, hop.object, hop.direction, hop.polarity, hop.confidence, hop.hedged) == (
        MG, "ANTAGONIST_OF", NMDA, "forward", -1, 0.8, False)
    assert hop.evidence == {"doc": "doc_a", "title": "Doc A", "sentence": "Magnesium blocks the NMDA receptor.",
                            "hedged": False, "source": "extracted"}
    assert paths[0].hedged and paths[0].hops[0].hedged
    assert paths[1].cost == pytest.approx((2 - 0.8) + (2 - 0.6))
    assert paths[1].confidence == pytest.approx(0.8 * 0.6)
    assert P.summarize(paths, "magnesium", "dopamine") == "magnesium → dopamine: 2 paths, 1 positive, 1 unknown"


def test_directed_by_default_undirected_walks_backwards(toy_graph):
    # ketamine -> dopamine: ketamine blocks NMDA, NMDA regulates dopamine (both forward); or ketamine
    # treats depression, which is associated (symmetric, walked backwards) with magnesium, which raises dopamine.
    assert [p.nodes for p in P.k_shortest_paths(toy_graph, KET, DA)] == [[KET, NMDA, DA], [KET, DEP, MG, DA],
                                                                          [KET, DEP, MG, NMDA, DA]]
    # dopamine -> magnesium only exists against the arrows.
    assert P.k_shortest_paths(toy_graph, DA, MG) == []
    back = P.k_shortest_paths(toy_graph, DA, MG, directed=False)
    assert back[0].nodes == [DA, MG]
    assert back[0].hops[0].direction == "backward"
    assert (back[0].hops[0].subject, back[0].hops[0].object) == (MG, DA)  # the statement as stored
    assert back[0].sign == "?"  # what magnesium does to dopamine says nothing of the reverse
    assert all(p.sign == "?" for p in back if any(h.direction == "backward" for h in p.hops))


def test_symmetric_types_walk_both_ways_when_directed(toy_graph):
    # ASSOCIATED_WITH (symmetric) is stored magnesium -> depression; depression -> magnesium uses it.
    paths = P.k_shortest_paths(toy_graph, DEP, MG)
    assert [(p.nodes, p.hops[0].type, p.hops[0].direction) for p in paths] == [
        ([DEP, MG], "ASSOCIATED_WITH", "backward")]
    # HAS_SYMPTOM is not symmetric: fatigue -> depression needs --undirected.
    assert P.k_shortest_paths(toy_graph, FAT, DEP) == []


def test_mentions_and_documents_are_never_walked(toy_graph):
    # glutamate and ketamine share a document (doc_a/doc_b mention several entities), but the only
    # undirected connection must go through statements.
    for p in P.k_shortest_paths(toy_graph, GLU, KET, k=20, directed=False, max_hops=6):
        assert not any(n.startswith("doc:") for n in p.nodes)
        assert all(h.type != "MENTIONS" for h in p.hops)
    # Two entities linked only through a document: no path at all.
    G = statements_graph([("X:a", "INCREASES", "X:b", 1, 0.9), ("X:c", "INCREASES", "X:d", 1, 0.9)])
    assert G.has_edge("doc:d1", "X:a") and G.has_edge("doc:d1", "X:c")
    assert P.k_shortest_paths(G, "X:a", "X:c", directed=False, max_hops=6) == []


def test_parallel_statements_make_one_path_listing_the_others():
    G = statements_graph([("X:a", "INCREASES", "X:b", 1, 0.9), ("X:a", "REGULATES", "X:b", 0, 0.8),
                          ("X:a", "DECREASES", "X:b", -1, 0.3), ("X:b", "INCREASES", "X:c", 1, 0.9)])
    paths = P.k_shortest_paths(G, "X:a", "X:c")
    assert [([h.type for h in p.hops], p.sign) for p in paths] == [(["INCREASES", "INCREASES"], "+")]
    assert [(a["type"], a["sign"]) for a in paths[0].hops[0].alternatives] == [("REGULATES", "?"), ("DECREASES", "-")]
    # a sign filter picks the statement that gives the asked-for net sign
    [negative] = P.k_shortest_paths(G, "X:a", "X:c", sign="-")
    assert [h.type for h in negative.hops] == ["DECREASES", "INCREASES"]


def test_ranking_prefers_fewer_hops_then_confidence_and_ties_are_deterministic():
    rows = [("X:s", "INCREASES", "X:m1", 1, 1.0), ("X:m1", "INCREASES", "X:t", 1, 1.0),
            ("X:s", "INCREASES", "X:m2", 1, 1.0), ("X:m2", "INCREASES", "X:t", 1, 1.0),
            ("X:s", "INCREASES", "X:m0", 1, 1.0), ("X:m0", "INCREASES", "X:t", 1, 1.0),
            ("X:s", "DECREASES", "X:t", -1, 0.1),
            ("X:s", "INCREASES", "X:q", 1, 1.0), ("X:q", "INCREASES", "X:r", 1, 1.0), ("X:r", "INCREASES", "X:t", 1, 1)]
    expected = [["X:s", "X:t"], ["X:s", "X:m0", "X:t"], ["X:s", "X:m1", "X:t"], ["X:s", "X:m2", "X:t"],
                ["X:s", "X:q", "X:r", "X:t"]]
    assert [p.nodes for p in P.k_shortest_paths(statements_graph(rows), "X:s", "X:t")] == expected
    # Insertion order does not matter.
    assert [p.nodes for p in P.k_shortest_paths(statements_graph(rows[::-1]), "X:s", "X:t")] == expected
    # Cut at k inside a tie: the canonical order decides (m0 before m1 before m2).
    assert [p.nodes for p in P.k_shortest_paths(statements_graph(rows[::-1]), "X:s", "X:t", k=2)] == expected[:2]
    # Confidence matters among equal hop counts: a low-confidence 1-hop (cost 1.9) still beats 2 hops (cost 2).
    costs = [p.cost for p in P.k_shortest_paths(statements_graph(rows), "X:s", "X:t")]
    assert costs == sorted(costs) and costs[0] == pytest.approx(1.9)


def test_filters(toy_graph):
    def names(**kw):
        return [p.nodes for p in P.k_shortest_paths(toy_graph, MG, DA, **kw)]

    assert names(avoid=NMDA) == [[MG, DA]]
    assert names(via=NMDA) == [[MG, NMDA, DA]]
    assert names(via=[NMDA], avoid=[GLU]) == [[MG, NMDA, DA]]
    assert names(types=["antagonist_of", "REGULATES"]) == [[MG, NMDA, DA]]
    assert names(types="INCREASES") == [[MG, DA]]
    assert names(min_confidence=0.55) == [[MG, NMDA, DA]]  # the 0.5 INCREASES is dropped
    assert names(min_confidence=0.7) == []  # REGULATES is 0.6
    assert names(exclude_hedged=True) == [[MG, NMDA, DA]]
    assert names(sign="+") == [[MG, DA]]
    assert names(sign="-") == []
    assert names(max_hops=1) == [[MG, DA]]
    assert names(k=1) == [[MG, DA]]
    # magnesium -> fatigue, undirected: through depression (associated) or through NMDA/ketamine.
    undirected = P.k_shortest_paths(toy_graph, MG, FAT, directed=False, via=KET)
    assert undirected[0].nodes == [MG, NMDA, KET, DEP, FAT]
    assert [h.direction for h in undirected[0].hops] == ["forward", "backward", "forward", "forward"]
    with pytest.raises(UsageError, match="unknown relationship type"):
        P.k_shortest_paths(toy_graph, MG, DA, types=["BLOCKS"])
    with pytest.raises(UsageError):
        P.k_shortest_paths(toy_graph, MG, DA, sign="+-")
    with pytest.raises(UsageError):
        P.k_shortest_paths(toy_graph, MG, MG)
    with pytest.raises(UsageError):
        P.k_shortest_paths(toy_graph, MG, DA, avoid=DA)


def _brute_force(G, source, target, k, max_hops, directed, symmetric, sign=None):
    """Every simple path by depth-first search, ranked by the documented rule."""
    found = []

    def hops(u):
        for v, keys in G.succ[u].items():
            for key, d in keys.items():
                if d.get("kind") == "statement":
                    yield v, key, d, "forward"
        for v, keys in G.pred[u].items():
            for key, d in keys.items():
                if d.get("kind") == "statement" and (not directed or key in symmetric):
                    yield v, key, d, "backward"

    def walk(nodes, edges):
        u = nodes[-1]
        if u == target:
            cost = sum(2 - d["confidence"] for _, _, d, _ in edges)
            net = 1
            for _, key, d, direction in edges:
                if net is None or d["polarity"] == 0 or (direction == "backward" and key not in symmetric):
                    net = None
                else:
                    net *= d["polarity"]
            if sign is None or P.SIGN_SYMBOL[net] == sign:
                found.append((round(cost, 9), len(edges), tuple(nodes), tuple(e[1] for e in edges)))
            return
        if len(edges) == max_hops:
            return
        for v, key, d, direction in hops(u):
            if v not in nodes:
                walk(nodes + [v], edges + [(v, key, d, direction)])

    walk([source], [])
    out, shown = [], set()
    for _, _, n, keys in sorted(found):
        if n not in shown:  # one path per sequence of entities: the cheapest
            shown.add(n)
            out.append((list(n), list(keys)))
    return out[:k]


@pytest.mark.parametrize("seed", range(12))
def test_matches_brute_force_on_random_graphs(seed, schema):
    rng = random.Random(seed)
    types = [("INCREASES", 1), ("DECREASES", -1), ("REGULATES", 0), ("ASSOCIATED_WITH", 0), ("INHIBITS", -1)]
    nodes = [f"X:{i}" for i in range(14)]
    rows = []
    for _ in range(40):
        u, v = rng.sample(nodes, 2)
        t, pol = rng.choice(types)
        rows.append((u, t, v, pol, rng.choice([0.3, 0.5, 0.75, 0.9, 1.0])))
    G = statements_graph(rows)
    symmetric = {k for k, r in schema.relationships.items() if r.symmetric}
    for directed in (True, False):
        for sign in (None, "+", "-"):
            for _ in range(4):
                s, t = rng.sample(nodes, 2)
                if s not in G or t not in G:
                    continue
                got = [(p.nodes, [h.type for h in p.hops]) for p in
                       P.k_shortest_paths(G, s, t, k=4, max_hops=3, directed=directed, sign=sign)]
                assert got == _brute_force(G, s, t, 4, 3, directed, symmetric, sign), (s, t, directed, sign)


# --- neighbours, explain, card -----------------------------------------------------------


def test_neighbors(toy_graph):
    first = E.neighbors(toy_graph, NMDA)
    assert [(n["name"], n["distance"]) for n in first] == [
        ("dopamine", 1), ("glutamate", 1), ("ketamine", 1), ("magnesium", 1)]
    assert [s["type"] for s in first[0]["statements"]] == ["REGULATES"]
    two = E.neighbors(toy_graph, NMDA, depth=2)
    assert {n["name"]: n["distance"] for n in two if n["distance"] == 2} == {"depression": 2}
    assert all(not n["id"].startswith("doc:") for n in two)
    only = E.neighbors(toy_graph, NMDA, depth=2, types=["ANTAGONIST_OF"])
    assert [n["name"] for n in only] == ["ketamine", "magnesium"]


def test_explain_both_directions_all_evidence(toy_graph):
    # Add a second sentence and a reverse statement.
    data = toy_graph.edges[MG, NMDA, "ANTAGONIST_OF"]
    data["evidence"].append({"doc": "doc_b", "sentence": "Mg2+ occupies the NMDA channel.", "start": 3, "end": 33,
                             "hedged": False})
    toy_graph.add_edge(NMDA, MG, key="REGULATES", kind="statement", type="REGULATES", polarity=0, confidence=0.4,
                       hedged=False, evidence=[{"doc": "doc_b", "sentence": "NMDA gates magnesium."}])
    out = E.explain(toy_graph, NMDA, MG)
    assert [(s["subject"], s["type"], s["object"], s["sign"]) for s in out] == [
        (MG, "ANTAGONIST_OF", NMDA, "-"), (NMDA, "REGULATES", MG, "?")]
    assert [ev["sentence"] for ev in out[0]["evidence"]] == [
        "Magnesium blocks the NMDA receptor.", "Mg2+ occupies the NMDA channel."]
    assert out[0]["evidence"][1]["title"] == "Doc B"
    assert E.explain(toy_graph, DA, KET) == []


def test_entity_card(toy_graph):
    card = E.entity_card(toy_graph, NMDA)
    assert (card["name"], card["category"]) == ("NMDA receptor", "Receptor")
    assert "N-methyl-D-aspartate receptor" in card["synonyms"]
    assert card["degree"] == {"out": 1, "in": 3, "total": 4}
    assert card["documents"] == ["doc_a", "doc_b"]
    assert [(r["type"], r["confidence"]) for r in card["relationships"]][:2] == [
        ("ANTAGONIST_OF", 0.8), ("ANTAGONIST_OF", 0.8)]


# --- the cold-path mirror view ----------------------------------------------------------------


def test_mirror_view_answers_like_the_networkx_graph(toy_graph, tmp_path):
    from neurograph import graph as graph_module

    assert (M._MIRROR_FILE, M._BUILD_FILE) == (graph_module.MIRROR_FILE, graph_module.BUILD_FILE)
    toy_graph.nodes  # a cached view on the graph must not end up in the file
    save_graph(toy_graph, tmp_path)
    view = M.load_mirror(tmp_path)
    assert isinstance(view, M.MirrorView)
    for s, t in ((MG, DA), (KET, FAT), (DEP, MG)):
        for directed in (True, False):
            a = [p.to_dict() for p in P.k_shortest_paths(view, s, t, directed=directed)]
            b = [p.to_dict() for p in P.k_shortest_paths(toy_graph, s, t, directed=directed)]
            assert a == b
    assert E.entity_card(view, MG) == E.entity_card(toy_graph, MG)
    assert E.neighbors(view, NMDA, 2) == E.neighbors(toy_graph, NMDA, 2)
    assert N.resolve(view, "Mg") == MG


def test_fast_symmetric_types_agree_with_the_schema(schema):
    assert P._symmetric_from_file() == frozenset(k for k, r in schema.relationships.items() if r.symmetric)
    assert "ASSOCIATED_WITH" in P._symmetric_from_file()


def test_a_built_graph_records_its_symmetric_types(toy_graph, schema):
    recorded = P._symmetric_types(graph=toy_graph)
    assert recorded == frozenset(k for k, r in schema.relationships.items() if r.symmetric)
    toy_graph.graph["symmetric_types"] = []  # the graph's own record wins over the schema file
    assert P._symmetric_types(graph=toy_graph) == frozenset()


def test_exact_names_resolve_as_the_index_does(corpus_graph):
    # The cold path skips the index for exactly typed ids, names and synonyms: same winners, or no shortcut.
    G = corpus_graph
    index = N._index(G)
    checked = 0
    for key, hits in index.items():
        if key.startswith("\x00"):
            continue
        best = [h for h in hits if h[0] == hits[0][0]]
        assert N._exact_matches(G, key) == (best if best[0][0] <= N.T_SYNONYM else []), key
        checked += 1
    assert checked > 500
    assert N._exact_matches(G, "magnesium ions") == []  # a normalised form: the index decides
    assert N.resolve(G, "magnesium ions") == N.resolve(G, "Magnesium")


# --- the corpus graph: what the documents say -------------------------------------------------


def corpus_paths(corpus_graph, a, b, **kw):
    G = corpus_graph
    for key in ("via", "avoid"):
        if isinstance(kw.get(key), str):
            kw[key] = N.resolve(G, kw[key])
    return P.k_shortest_paths(G, N.resolve(G, a), N.resolve(G, b), **kw)


def test_corpus_magnesium_blocks_nmda(corpus_graph):
    # "Magnesium functions as a natural blocker of the NMDA receptor's ion channel"
    paths = corpus_paths(corpus_graph, "magnesium", "NMDA receptor")
    best = paths[0]
    assert [(h.type, h.sign) for h in best.hops] == [("ANTAGONIST_OF", "-")]
    assert best.sign == "-"
    assert "NMDA" in best.hops[0].evidence["sentence"]
    assert all(not n.startswith("doc:") for p in paths for n in p.nodes)


def test_corpus_magnesium_to_dopamine(corpus_graph):
    G = corpus_graph
    paths = corpus_paths(G, "Mg", "dopamine")
    assert paths and all(p.nodes[0] == N.resolve(G, "magnesium") for p in paths)
    assert [p.cost for p in paths] == sorted(p.cost for p in paths)
    assert P.summarize(paths, "magnesium", "dopamine").startswith(f"magnesium → dopamine: {len(paths)} paths")
    # Through the NMDA receptor the first hop is the blockade ("a natural blocker of the NMDA receptor").
    via = corpus_paths(G, "magnesium", "dopamine", via="NMDA receptor")
    assert via and all(N.resolve(G, "NMDA receptor") in p.nodes for p in via)
    assert (via[0].hops[0].type, via[0].hops[0].sign) == ("ANTAGONIST_OF", "-")
    # "magnesium deficiency may contribute to decreased dopamine levels": more magnesium, more dopamine.
    positive = corpus_paths(G, "magnesium", "dopamine", sign="+")
    assert positive, "no positive magnesium → dopamine path (the deficiency sentence)"
    assert all(p.sign == "+" for p in positive)


def test_corpus_ketamine_and_depression(corpus_graph):
    G = corpus_graph
    # Ketamine blocks NMDA receptors.
    nmda = corpus_paths(G, "ketamine", "NMDA receptor")
    assert nmda[0].hops[0].type == "ANTAGONIST_OF" and nmda[0].sign == "-"
    paths = corpus_paths(G, "ketamine", "depression", k=10)
    # one direct path; its other statements are its alternatives
    direct = {s for p in paths if p.length == 1 for s in [p.sign] + [a["sign"] for a in p.hops[0].alternatives]}
    # "its ability ... to relieve the symptoms of very severe depression in a matter of minutes"
    assert "-" in direct, "no direct negative ketamine → depression statement (relieves depression)"
    # "with chronic use, it can worsen mental health problems, causing more depression"
    assert "+" in direct, "no direct positive ketamine → depression statement (causing more depression)"


def test_corpus_ssris_and_serotonin(corpus_graph):
    G = corpus_graph
    ssri = N.resolve(G, "SSRIs")
    assert ssri == N.resolve(G, "selective serotonin reuptake inhibitors") == N.resolve(G, "SSRI")
    serotonin = N.resolve(G, "serotonin")
    # Curated: "SSRIs increase the extracellular level of serotonin" (with its citation).
    best = P.k_shortest_paths(G, ssri, serotonin)[0]
    assert (best.length, best.sign) == (1, "+")
    assert best.hops[0].evidence["source"] == "curated" and best.hops[0].evidence["citation"]
    # The documents only say SSRIs "help balance serotonin levels": no signed claim of their own.
    from_documents = [p for p in P.k_shortest_paths(G, ssri, serotonin, k=20, directed=False)
                      if all(h.evidence.get("source") != "curated" for h in p.hops)]
    assert from_documents and all(p.sign == "?" for p in from_documents)


def test_corpus_filters(corpus_graph):
    G = corpus_graph
    mg, da = N.resolve(G, "magnesium"), N.resolve(G, "dopamine")
    nmda = N.resolve(G, "NMDA receptor")

    def without(keep_edge=lambda d: True, drop_node=None):
        """The graph with the edges a filter refuses (and a node) removed."""
        H = G.copy()
        H.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
                             if d.get("kind") == "statement" and not keep_edge(d)])
        if drop_node:
            H.remove_node(drop_node)
        return H

    answered = 0
    for kw, ok, H in [
        ({"min_confidence": 0.6}, lambda p: all(h.confidence >= 0.6 for h in p.hops),
         without(lambda d: d["confidence"] >= 0.6)),
        ({"exclude_hedged": True}, lambda p: not any(h.hedged for h in p.hops), without(lambda d: not d["hedged"])),
        ({"types": ["REGULATES", "ASSOCIATED_WITH"]}, lambda p: {h.type for h in p.hops} <= {"REGULATES",
                                                                                              "ASSOCIATED_WITH"},
         without(lambda d: d["type"] in ("REGULATES", "ASSOCIATED_WITH"))),
        ({"sign": "+"}, lambda p: p.sign == "+", None),
        ({"avoid": nmda}, lambda p: nmda not in p.nodes, without(drop_node=nmda)),
    ]:
        got = P.k_shortest_paths(G, mg, da, k=20, **kw)
        assert all(ok(p) for p in got), kw
        answered += bool(got)
        if H is not None:  # a filter answers as if the statements it refuses were not there
            assert [p.to_dict() for p in got] == [p.to_dict() for p in P.k_shortest_paths(H, mg, da, k=20)], kw
    assert answered >= 4


# --- the store backend ----------------------------------------------------------------------


def test_cypher_builders_take_names_only_as_parameters():
    for builder in (lambda n: SP.cypher_find_entity(n),
                    lambda n: SP.cypher_paths(n, n, via=[n], avoid=[n]),
                    lambda n: SP.cypher_statements([n]),
                    lambda n: SP.cypher_entities([n]),
                    lambda n: SP.cypher_document_titles([n]),
                    lambda n: SP.cypher_touching([n], 2)):
        plain, _ = builder("magnesium")
        nasty, params = builder(NASTY)
        assert plain == nasty  # the query text does not depend on the name
        assert NASTY in json.dumps(params, ensure_ascii=False) or NASTY.lower() in json.dumps(params)
    with pytest.raises(UsageError):
        SP.cypher_paths("a", "b", max_hops="4 OR 1=1")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        SP.cypher_paths("a", "b", types=["TREATS]->() DETACH DELETE n //"])


@pytest.mark.server
def test_store_backend_gives_the_same_paths(corpus_store, corpus_graph):
    G = corpus_graph
    cases = [("magnesium", "dopamine", {}), ("magnesium", "NMDA receptor", {}), ("ketamine", "depression", {}),
             ("magnesium", "dopamine", {"sign": "+"}), ("magnesium", "dopamine", {"via": "NMDA receptor"}),
             ("magnesium", "dopamine", {"exclude_hedged": True, "min_confidence": 0.5}),
             ("SSRIs", "serotonin", {"directed": False}), ("dopamine", "magnesium", {"directed": False, "k": 8}),
             ("magnesium", "dopamine", {"types": ["REGULATES", "ANTAGONIST_OF"], "max_hops": 3})]
    answered = 0
    for a, b, kw in cases:
        kw = dict(kw)
        for key in ("via", "avoid"):
            if key in kw:
                kw[key] = N.resolve(G, kw[key])
        s, t = SP.store_resolve(corpus_store, a), SP.store_resolve(corpus_store, b)
        assert (s, t) == (N.resolve(G, a), N.resolve(G, b))
        mirror = [p.to_dict() for p in P.k_shortest_paths(G, s, t, **kw)]
        store = [p.to_dict() for p in SP.store_paths(corpus_store, s, t, **kw)]
        assert store == mirror, (a, b, kw)
        answered += bool(mirror)
    assert answered >= 6  # most cases have paths: the comparison is not between empty lists


@pytest.mark.server
def test_store_backend_nasty_names(corpus_store):
    before = corpus_store.counts()
    with pytest.raises(UnknownEntityError) as info:
        SP.store_resolve(corpus_store, NASTY)
    assert "magnesium" in info.value.suggestions
    assert SP.store_paths(corpus_store, NASTY, "CHEBI:18243") == []
    assert SP.store_paths(corpus_store, "CHEBI:18420", "x'}) DETACH DELETE n //", via=[NASTY]) == []
    assert corpus_store.counts() == before


@pytest.mark.server
def test_store_backend_neighbors_explain_card(corpus_store, corpus_graph):
    G = corpus_graph
    for name in ("magnesium", "NMDA receptor"):
        x = N.resolve(G, name)
        keys = [r["key"] for r in SP._rows(corpus_store.query(*SP.cypher_touching([x], 2)))]
        H = SP.store_graph(corpus_store, keys, [x])
        assert E.neighbors(H, x, 2) == E.neighbors(G, x, 2)
        card_h, card_g = E.entity_card(H, x), E.entity_card(G, x)
        card_g.pop("documents"), card_h.pop("documents")
        assert card_h == card_g
    mg, nmda = N.resolve(G, "magnesium"), N.resolve(G, "NMDA receptor")
    keys = [r["key"] for r in SP._rows(corpus_store.query(*SP.cypher_touching([mg], 1)))]
    assert E.explain(SP.store_graph(corpus_store, keys, [mg]), mg, nmda) == E.explain(G, mg, nmda)


@pytest.mark.server
def test_find_functions_through_the_store(corpus_store, bolt_server, corpus_graph):
    info = bolt_server.info
    connection = {"uri": info.uri, "user": info.user, "password": info.password, "database": corpus_store.database}
    mirror = A.find_paths("Mg", "dopamine", graph=corpus_graph, via="NMDA")
    store = A.find_paths("Mg", "dopamine", backend="store", connection=connection, via="NMDA")
    assert store.to_dict() | {"backend": "mirror"} == mirror.to_dict()
    card = A.find_entity("ketamine", backend="store", connection=connection)
    assert card == A.find_entity("ketamine", graph=corpus_graph)
    assert (A.find_neighbors("NMDA", 2, backend="store", connection=connection)
            == A.find_neighbors("NMDA", 2, graph=corpus_graph))
    assert (A.find_explanation("magnesium", "NMDA", backend="store", connection=connection)
            == A.find_explanation("magnesium", "NMDA", graph=corpus_graph))


# --- the CLI ------------------------------------------------------------------------------------


@pytest.fixture
def toy_home(toy_graph, tmp_path):
    save_graph(toy_graph, tmp_path)
    return str(tmp_path)


def test_cli_path_table(toy_home):
    out = run_cli("path", "Mg", "dopamine", "--data-dir", toy_home)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[-1] == "magnesium → dopamine: 2 paths, 1 positive, 1 unknown"
    assert "Path 1: magnesium → dopamine" in out.stdout
    assert "ANTAGONIST_OF →" in out.stdout and "“Magnesium blocks the NMDA receptor.” [doc_a]" in out.stdout


def test_cli_path_json_schema(toy_home):
    out = run_cli("path", "magnesium", "fatigue", "--undirected", "--format", "json", "--data-dir", toy_home)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"source", "target", "summary", "backend", "options", "paths", "hints"}
    assert data["source"] == {"query": "magnesium", "id": MG, "name": "magnesium", "category": "Mineral"}
    assert data["options"]["directed"] is False and data["options"]["k"] == 5
    path = data["paths"][0]
    assert set(path) == {"nodes", "names", "length", "cost", "sign", "net_polarity", "confidence", "hedged", "dwpc",
                         "hops"}
    assert path["names"] == ["magnesium", "depression", "fatigue"] and path["sign"] == "?"
    hop = path["hops"][0]
    assert set(hop) == {"subject", "subject_name", "type", "object", "object_name", "direction", "polarity",
                        "confidence", "hedged", "evidence", "n_evidence", "documents", "sign", "curated", "triage",
                        "alternatives", "curated_evidence"}
    assert set(hop["evidence"]) >= {"doc", "title", "sentence", "hedged"}


def test_cli_filters_and_sign(toy_home):
    def nodes(*args):
        out = run_cli("path", "magnesium", "dopamine", "--format", "json", "--data-dir", toy_home, *args)
        assert out.returncode == 0, out.stderr
        return [p["nodes"] for p in json.loads(out.stdout)["paths"]]

    assert nodes("--sign", "+") == [[MG, DA]]
    assert nodes("--via", "nmda") == [[MG, NMDA, DA]]
    assert nodes("--avoid", "NMDA receptors") == [[MG, DA]]
    assert nodes("--types", "antagonist_of,REGULATES") == [[MG, NMDA, DA]]
    assert nodes("--min-confidence", "0.55") == [[MG, NMDA, DA]]
    assert nodes("--exclude-hedged") == [[MG, NMDA, DA]]
    assert nodes("--k", "1") == [[MG, DA]]
    assert nodes("--max-hops", "1") == [[MG, DA]]


def test_cli_unknown_name_exit_2_and_did_you_mean(toy_home):
    out = run_cli("path", "magnesum", "dopamine", "--data-dir", toy_home)
    assert out.returncode == 2
    assert out.stdout == ""
    assert "did you mean: magnesium" in out.stderr
    out = run_cli("path", NASTY, "dopamine", "--data-dir", toy_home)
    assert out.returncode == 2 and "unknown entity" in out.stderr
    out = run_cli("show", "dopamin", "--data-dir", toy_home)
    assert out.returncode == 2 and "did you mean: dopamine" in out.stderr
    out = run_cli("path", "magnesium", "dopamine", "--types", "BLOCKS", "--data-dir", toy_home)
    assert out.returncode == 2 and "unknown relationship type" in out.stderr


def test_cli_no_graph(tmp_path):
    out = run_cli("path", "magnesium", "dopamine", "--data-dir", str(tmp_path))
    assert out.returncode == 1 and "neurograph build" in out.stderr


def test_cli_neighbors_explain_show(toy_home):
    out = run_cli("neighbors", "NMDA", "--depth", "2", "--format", "json", "--data-dir", toy_home)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["entity"]["id"] == NMDA
    assert [n["name"] for n in data["neighbors"]] == ["dopamine", "glutamate", "ketamine", "magnesium", "depression"]
    out = run_cli("explain", "magnesium", "NMDA", "--data-dir", toy_home)
    assert out.returncode == 0, out.stderr
    assert "magnesium ANTAGONIST_OF NMDA receptor" in out.stdout and "Magnesium blocks the NMDA receptor." in out.stdout
    assert out.stdout.strip().endswith("magnesium ↔ NMDA receptor: 1 direct statement")
    out = run_cli("show", "Mg", "--format", "json", "--data-dir", toy_home)
    card = json.loads(out.stdout)
    assert card["id"] == MG and card["degree"]["total"] == 3 and card["query"] == "Mg"
    out = run_cli("show", "ketamine", "--data-dir", toy_home)
    assert "category:   Drug" in out.stdout and "ketamine TREATS depression" in out.stdout


def test_cli_corpus_path(corpus_build):
    out = run_cli("path", "magnesium", "NMDA receptor", "--format", "json", "--data-dir", str(corpus_build.home))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["paths"][0]["hops"][0]["type"] == "ANTAGONIST_OF" and data["paths"][0]["sign"] == "-"
