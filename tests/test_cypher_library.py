"""Every library query (cypher/*.cypher) runs on the embedded Bolt server and agrees with the mirror.

Each query is run on two graphs loaded into the server: a hand-made graph that
holds every shape the library asks about (drug classes, food groups, forms,
contradictions, deficiency sentences, hedges), and the real corpus graph. The
rows are compared with answers computed independently from the networkx mirror,
and for the corpus also with what the documents say.
"""

from __future__ import annotations

import re
from collections import Counter, deque

import networkx as nx
import pytest

from fixtures_graph import TOY_ENTITIES, toy_statements
from neurograph.graph import graph_from_records
from neurograph.queries import QueryInfo, bind_params, list_queries, load_query, parse_params, return_columns
from neurograph.records import Entity, EntityRef, Evidence, Statement

pytestmark = pytest.mark.server

QUERIES = {q.name: q for q in list_queries()}

EXTRA_ENTITIES = [
    Entity("CHEBI:9123", "sertraline", "Drug", ("Zoloft",)),
    Entity("CHEBI:50949", "SSRIs", "DrugClass", ("selective serotonin reuptake inhibitors", "SSRI")),
    Entity("CHEBI:35469", "antidepressants", "DrugClass", ("antidepressant",)),
    Entity("CHEBI:28790", "serotonin", "Neurotransmitter", ("5-HT",)),
    Entity("CHEBI:6504", "lithium", "Drug", ("lithium carbonate",)),
    Entity("CHEBI:5855", "ibuprofen", "Drug", ()),
    Entity("CHEBI:35475", "NSAIDs", "DrugClass", ("non-steroidal anti-inflammatory drugs",)),
    Entity("FOODON:03301716", "spinach", "Food", ()),
    Entity("FOODON:leafy", "leafy greens", "Food", ("leafy green vegetables",)),
    Entity("FOODON:03315615", "almonds", "Food", ()),
    Entity("CHEBI:mg_gly", "magnesium glycinate", "Nutrient", ()),
    Entity("MONDO:0005618", "anxiety", "Disorder", ("anxiety disorder",)),
    Entity("HP:0100785", "insomnia", "Symptom", ("sleeplessness",)),
]
ALL_ENTITIES = TOY_ENTITIES + EXTRA_ENTITIES


def _ref(entity_id: str) -> EntityRef:
    e = next(e for e in ALL_ENTITIES if e.id == entity_id)
    return EntityRef(e.id, e.name, e.category, e.name)


def _st(s, p, o, pol, conf, sentence, doc="doc_c", hedged=False, modifier=None, more=()):
    evidence = [Evidence(doc, sentence, 0, len(sentence), hedged=hedged, modifier=modifier)]
    evidence += [Evidence(d, t, 10, 10 + len(t), hedged=hedged) for d, t in more]
    return Statement(_ref(s), p, _ref(o), pol, hedged=hedged, confidence=conf, evidence=evidence)


def library_statements() -> list[Statement]:
    return toy_statements() + [
        _st("CHEBI:9123", "IS_A", "CHEBI:50949", 1, 0.9, "Sertraline is an SSRI."),
        _st("CHEBI:50949", "IS_A", "CHEBI:35469", 1, 0.9, "SSRIs are antidepressants."),
        _st("CHEBI:50949", "INCREASES", "CHEBI:28790", 1, 0.8, "SSRIs raise synaptic serotonin."),
        _st("CHEBI:9123", "BINDS", "FPLX:NMDA_receptor", 0, 0.4, "Sertraline binds NMDA receptors weakly.", hedged=True),
        _st("CHEBI:35469", "TREATS", "MONDO:0002050", -1, 0.8, "Antidepressants treat depression.", "doc_d"),
        _st("CHEBI:6504", "INTERACTS_WITH", "CHEBI:35475", 0, 0.7, "Lithium interacts with NSAIDs."),
        _st("CHEBI:5855", "IS_A", "CHEBI:35475", 1, 0.9, "Ibuprofen is an NSAID."),
        _st("FOODON:03301716", "IS_A", "FOODON:leafy", 1, 0.9, "Spinach is a leafy green."),
        _st("FOODON:leafy", "SOURCE_OF", "CHEBI:18420", 1, 0.8, "Leafy greens are rich in magnesium.", "doc_d"),
        _st("FOODON:03315615", "SOURCE_OF", "CHEBI:mg_gly", 1, 0.5, "Almonds provide magnesium glycinate."),
        _st("CHEBI:mg_gly", "FORM_OF", "CHEBI:18420", 1, 0.9, "Magnesium glycinate is a form of magnesium."),
        # Opposite signs on one pair: a contradiction.
        _st("CHEBI:18420", "DECREASES", "CHEBI:18243", -1, 0.6, "Magnesium lowers dopamine release.", "doc_d"),
        # A deficiency sentence, sign-flipped onto magnesium.
        _st("CHEBI:18420", "PROTECTS_AGAINST", "MONDO:0005618", -1, 0.7,
            "Low magnesium contributes to anxiety.", modifier="deficiency",
            more=[("doc_d", "Magnesium protects against anxiety.")]),
        _st("MONDO:0002050", "HAS_SYMPTOM", "HP:0100785", 1, 0.7, "Depression often brings insomnia."),
        _st("CHEBI:18420", "TREATS", "HP:0100785", -1, 0.5, "Magnesium might ease insomnia.", hedged=True),
        _st("CHEBI:28790", "PRECURSOR_OF", "CHEBI:18243", 1, 0.3, "Serotonin may feed dopamine.", hedged=True),
    ]


def library_graph(schema) -> nx.MultiDiGraph:
    docs = {d: {"title": f"Doc {d[-1].upper()}"} for d in ("doc_a", "doc_b", "doc_c", "doc_d")}
    return graph_from_records(ALL_ENTITIES, library_statements(), docs, schema=schema)


@pytest.fixture(scope="module")
def library_store(bolt_server, schema):
    G = library_graph(schema)
    name = bolt_server.fresh_database("library")
    store = bolt_server.open(name)
    try:
        store.load(G, schema)
        yield store, G
    finally:
        store.close()
        bolt_server.server.drop_database(name)


@pytest.fixture(scope="module", params=["library", "corpus"])
def loaded(request):
    """(store, mirror) for the hand-made library graph and for the corpus graph."""
    if request.param == "library":
        return request.getfixturevalue("library_store")
    return request.getfixturevalue("corpus_store"), request.getfixturevalue("corpus_graph")


def run(store, query: str, **params):
    info = QUERIES[query]
    df = store.query(info.text, bind_params(info, params))
    rows = df.to_dict("records")
    return [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in rows]


# --- the mirror side: plain networkx answers -------------------------------------------


def resolve(G, name: str) -> set[str]:
    low = name.lower()
    return {n for n, d in G.nodes(data=True) if d.get("kind") == "entity"
            and (n == name or d["name"].lower() == low or any(s.lower() == low for s in d.get("synonyms", [])))}


def statements(G):
    return [(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d.get("kind") == "statement"]


def nm(G, n) -> str:
    return G.nodes[n]["name"]


def degree(G, n) -> int:
    return sum(1 for u, v, k, d in statements(G) if n in (u, v))


def simple_paths(G, a, b, max_hops, directed=True, symmetric=(), types=None):
    """(node list, type list) of simple paths a -> b through statement edges."""
    steps: dict[str, list] = {}
    for u, v, k, d in statements(G):
        if types is not None and k not in types:
            continue
        steps.setdefault(u, []).append((v, k, d))
        if not directed or k in symmetric:
            steps.setdefault(v, []).append((u, k, d))
    out = []

    def walk(path, rels):
        if len(rels) >= max_hops:
            return
        for nxt, k, d in steps.get(path[-1], []):
            if nxt in path:
                continue
            if nxt == b:
                out.append((path + [nxt], rels + [(k, d)]))
            else:
                walk(path + [nxt], rels + [(k, d)])

    walk([a], [])
    return out


def symmetric_types(schema):
    return sorted(k for k, r in schema.relationships.items() if r.symmetric)


# --- the library itself --------------------------------------------------------------


def test_library_has_the_queries_users_need():
    wanted = {"neighbours", "mechanism_paths", "drug_class_targets", "evidence_for_pair", "entities_by_category",
              "contradictions", "hubs", "documents_mentioning", "food_sources", "drug_interactions", "treatments",
              "hedged_only", "shortest_paths", "downstream_effects", "deficiency_statements"}
    assert wanted <= set(QUERIES)
    assert len(QUERIES) >= 12


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_is_complete_and_examples_parse(name):
    info = QUERIES[name]
    assert info.path.stem == name and info.description and info.examples
    used = set(re.findall(r"\$([A-Za-z_]\w*)", re.sub(r"(?m)^\s*//.*$", "", info.text)))
    assert used == {p.name for p in info.params}, "declared parameters must be exactly those the query uses"
    for example in info.examples:
        assert example.startswith(f"neurograph cypher --file cypher/{name}.cypher")
        import shlex

        args = shlex.split(example)
        params = parse_params([args[i + 1] for i, a in enumerate(args) if a == "--param"])
        bind_params(info, params)
    assert return_columns(info.text), "every column is named"


def test_type_lists_follow_the_schema(schema):
    every = set(schema.relationships)
    signed = {k for k, r in schema.relationships.items() if r.polarity != 0}
    for name, expected in (("mechanism_paths", every), ("shortest_paths", every), ("downstream_effects", signed)):
        text = QUERIES[name].text
        pattern = re.search(r"\[:([A-Z_|]+)\*", text).group(1)
        assert set(pattern.split("|")) == expected, name
    assert sorted(QUERIES["mechanism_paths"].param("symmetric").default) == symmetric_types(schema)


def test_load_query_by_name_and_path():
    by_name = load_query("neighbours")
    by_path = load_query(str(by_name.path))
    assert by_name.text == by_path.text and isinstance(by_name, QueryInfo)


# --- each query against the mirror ---------------------------------------------------


def pick(G, candidates):
    """The first name of ``candidates`` that resolves in G."""
    for c in candidates:
        if resolve(G, c):
            return c
    pytest.fail(f"none of {candidates} in the graph")


def test_neighbours(loaded):
    store, G = loaded
    for name in ("magnesium", "Mg2+", "NMDA receptor", pick(G, ["ketamine"])):
        rows = run(store, "neighbours", name=name, limit=1000)
        got = Counter((r["direction"], r["relationship"], r["neighbour"]) for r in rows)
        want = Counter()
        for n in resolve(G, name):
            for u, v, k, d in statements(G):
                if u == n:
                    want[("out", k, nm(G, v))] += 1
                if v == n and u != n:
                    want[("in", k, nm(G, u))] += 1
        assert got == want and got, name
        assert all(r["evidence"] for r in rows)
    rows = run(store, "neighbours", name="magnesium", min_confidence=0.6, limit=1000)
    assert rows and all(r["confidence"] >= 0.6 for r in rows)


def test_name_matching_is_case_insensitive_and_takes_synonyms_and_ids(loaded):
    store, G = loaded
    mg = next(iter(resolve(G, "magnesium")))
    answers = [sorted((str(r["relationship"]), str(r["neighbour"])) for r in run(store, "neighbours", name=n, limit=1000))
               for n in ("magnesium", "MAGNESIUM", mg, "mg")]
    assert answers[0] and all(a == answers[0] for a in answers)


def test_mechanism_paths(loaded, schema):
    store, G = loaded
    pairs = [("magnesium", "depression"), ("magnesium", "dopamine"), (pick(G, ["ketamine"]), "dopamine"),
             ("glutamate", "depression")]
    for a, b in pairs:
        for directed in (True, False):
            for hops in (1, 2, 3):
                rows = run(store, "mechanism_paths", source=a, target=b, max_hops=hops, directed=directed, limit=10000)
                got = Counter((tuple(r["path"]), tuple(r["relationships"])) for r in rows)
                want = Counter()
                for s in resolve(G, a):
                    for t in resolve(G, b):
                        for nodes, rels in simple_paths(G, s, t, hops, directed, symmetric_types(schema)):
                            want[(tuple(nm(G, n) for n in nodes), tuple(k for k, _ in rels))] += 1
                assert got == want, (a, b, directed, hops)
                for r in rows:
                    assert r["hops"] == len(r["relationships"]) <= hops
    # The net sign is the product of the polarities along the path.
    by_name = {d["name"]: n for n, d in G.nodes(data=True) if d.get("kind") == "entity"}
    rows = run(store, "mechanism_paths", source="magnesium", target="dopamine", max_hops=3, directed=False,
               limit=10000)
    assert rows
    for r in rows:
        sign = 1
        for (x, y), k in zip(zip(r["path"], r["path"][1:]), r["relationships"]):
            x, y = by_name[x], by_name[y]
            edge = G.get_edge_data(x, y, k) or G.get_edge_data(y, x, k)
            sign *= edge["polarity"]
        assert r["net_sign"] == sign, r


def test_mechanism_paths_library(library_store):
    store, _ = library_store
    rows = run(store, "mechanism_paths", source="magnesium", target="dopamine", max_hops=2)
    signs = {tuple(r["relationships"]): r["net_sign"] for r in rows}
    assert signs == {("INCREASES",): 1, ("DECREASES",): -1, ("ANTAGONIST_OF", "REGULATES"): 0}
    rows = run(store, "mechanism_paths", source="magnesium", target="depression", max_hops=3)
    assert {tuple(r["path"]) for r in rows} == {("magnesium", "depression")}
    rows = run(store, "mechanism_paths", source="magnesium", target="depression", max_hops=3, directed=False)
    assert ("magnesium", "NMDA receptor", "ketamine", "depression") in {tuple(r["path"]) for r in rows}


def test_shortest_paths(loaded):
    store, G = loaded
    U = nx.Graph()
    U.add_nodes_from(n for n, d in G.nodes(data=True) if d.get("kind") == "entity")
    U.add_edges_from((u, v) for u, v, k, d in statements(G))
    names = [n for n, d in G.nodes(data=True) if d.get("kind") == "entity"]
    pairs = [("magnesium", "dopamine"), ("magnesium", "depression"), ("glutamate", "fatigue")]
    for a, b in pairs:
        s, t = next(iter(resolve(G, a))), next(iter(resolve(G, b)))
        rows = run(store, "shortest_paths", source=s, target=t, limit=10000)
        want = Counter()
        for path in nx.all_shortest_paths(U, s, t):
            # One Cypher path per choice of relationship on each step.
            options = [[k for x, y, k, d in statements(G) if {x, y} == {p, q}] for p, q in zip(path, path[1:])]
            for combo in _product(options):
                want[(tuple(path), tuple(combo))] += 1
        got = Counter((tuple(r["ids"]), tuple(r["relationships"])) for r in rows)
        assert got == want and got, (a, b)
        assert {r["hops"] for r in rows} == {nx.shortest_path_length(U, s, t)}
    assert names


def _product(options):
    if not options:
        yield ()
        return
    for first in options[0]:
        for rest in _product(options[1:]):
            yield (first,) + rest


def test_drug_class_targets(library_store):
    store, G = library_store
    rows = run(store, "drug_class_targets", name="antidepressants", depth=2)
    got = {(r["acting"], r["levels"], r["relationship"], r["target"]) for r in rows}
    assert got == {
        ("antidepressants", 0, "TREATS", "depression"),
        ("SSRIs", 1, "INCREASES", "serotonin"),
        ("sertraline", 2, "BINDS", "NMDA receptor"),
    }
    shallow = {(r["acting"], r["levels"]) for r in run(store, "drug_class_targets", name="antidepressant", depth=1)}
    assert shallow == {("antidepressants", 0), ("SSRIs", 1)}


def test_drug_class_targets_against_mirror(loaded):
    store, G = loaded
    classes = [n for n, d in G.nodes(data=True) if d.get("category") == "DrugClass"]
    assert classes
    for c in classes:
        members = {(c, 0)}
        frontier = [(c, 0)]
        while frontier:
            node, level = frontier.pop()
            for u, v, k, d in statements(G):
                if k == "IS_A" and v == node and level + 1 <= 2:
                    members.add((u, level + 1))
                    frontier.append((u, level + 1))
        want = {(nm(G, m), lvl, k, nm(G, v)) for m, lvl in members for u, v, k, d in statements(G)
                if u == m and k != "IS_A"}
        rows = run(store, "drug_class_targets", name=c, depth=2, limit=100000)
        assert {(r["acting"], r["levels"], r["relationship"], r["target"]) for r in rows} == want, c


def test_evidence_for_pair(loaded):
    store, G = loaded
    for a, b in (("magnesium", "NMDA receptor"), ("magnesium", "dopamine")):
        rows = run(store, "evidence_for_pair", a=a, b=b)
        want = Counter()
        for s in resolve(G, a):
            for t in resolve(G, b):
                for u, v, k, d in statements(G):
                    if {u, v} == {s, t}:
                        for ev in d["evidence"]:
                            want[(nm(G, u), k, nm(G, v), ev["doc"], ev["sentence"])] += 1
        got = Counter((r["subject"], r["relationship"], r["object"], r["document"], r["sentence"]) for r in rows)
        assert got == want and got


def test_entities_by_category(loaded):
    store, G = loaded
    for category in ("Mineral", "neurotransmitter", "DISORDER"):
        rows = run(store, "entities_by_category", category=category, limit=100000)
        want = {(n, degree(G, n)) for n, d in G.nodes(data=True)
                if d.get("kind") == "entity" and d["category"].lower() == category.lower()}
        assert {(r["id"], r["statements"]) for r in rows} == want and want
        assert [r["statements"] for r in rows] == sorted((r["statements"] for r in rows), reverse=True)


def test_contradictions(loaded):
    store, G = loaded
    want = set()
    for u, v, k, d in statements(G):
        for k2, d2 in G[u][v].items():
            if d.get("polarity") == 1 and d2.get("kind") == "statement" and d2.get("polarity") == -1:
                want.add((nm(G, u), nm(G, v), k, k2))
    rows = run(store, "contradictions", limit=100000)
    assert {(r["subject"], r["object"], r["positive"], r["negative"]) for r in rows} == want


def test_contradictions_library(library_store):
    store, _ = library_store
    rows = run(store, "contradictions", name="dopamine")
    assert [(r["subject"], r["positive"], r["negative"], r["object"]) for r in rows] == [
        ("magnesium", "INCREASES", "DECREASES", "dopamine")]
    assert rows[0]["positive_evidence"] == ["Magnesium may raise dopamine."]
    assert run(store, "contradictions", name="ketamine") == []


def test_hubs(loaded):
    store, G = loaded
    entities = [n for n, d in G.nodes(data=True) if d.get("kind") == "entity"]
    mentions = Counter(v for u, v, k in G.edges(keys=True) if k == "MENTIONS")
    ranked = sorted(entities, key=lambda n: (-degree(G, n), -mentions[n], nm(G, n)))
    rows = run(store, "hubs", limit=10)
    assert [(r["name"], r["degree"], r["documents"]) for r in rows] == [
        (nm(G, n), degree(G, n), mentions[n]) for n in ranked[:10]]
    rows = run(store, "hubs", category="Neurotransmitter", limit=100)
    assert {r["category"] for r in rows} == {"Neurotransmitter"}


def test_documents_mentioning(loaded):
    store, G = loaded
    for name in ("magnesium", "dopamine"):
        (n,) = resolve(G, name)
        want = set()
        for u, v, k, d in G.in_edges(n, keys=True, data=True):
            if k == "MENTIONS":
                doc = u[4:]
                supported = sum(1 for a, b, kk, dd in statements(G) if n in (a, b) and doc in dd["documents"])
                want.add((doc, d["count"], supported))
        rows = run(store, "documents_mentioning", name=name)
        assert {(r["document"], r["mentions"], r["statements"]) for r in rows} == want and want


def test_food_sources_library(library_store):
    store, _ = library_store
    rows = run(store, "food_sources", name="magnesium", inferred=True)
    assert {(r["food"], r["food_group"], r["form"], r["inferred"]) for r in rows} == {
        ("leafy greens", None, None, False), ("spinach", "leafy greens", None, True),
        ("almonds", None, "magnesium glycinate", False)}
    # A claim about a food group reaches its members only when asked for (issue 15).
    rows = run(store, "food_sources", name="magnesium")
    assert {(r["food"], r["food_group"], r["form"], r["inferred"]) for r in rows} == {
        ("leafy greens", None, None, False), ("almonds", None, "magnesium glycinate", False)}


def test_drug_interactions_library(library_store):
    store, _ = library_store
    rows = run(store, "drug_interactions", name="ibuprofen", inferred=True)
    assert {(r["via_class"], r["interacts_with"], r["inferred"]) for r in rows} == {("NSAIDs", "lithium", True)}
    assert run(store, "drug_interactions", name="ibuprofen") == []  # the class's claim is not the member's
    rows = run(store, "drug_interactions", name="lithium carbonate")
    assert {(r["via_class"], r["interacts_with"]) for r in rows} == {(None, "NSAIDs")}


def test_drug_interactions_against_mirror(loaded):
    store, G = loaded
    drugs = [n for n, d in G.nodes(data=True) if d.get("category") in ("Drug", "DrugClass", "Nutrient", "Mineral")]
    for n in drugs:
        ups = {n}
        frontier = [(n, 0)]
        while frontier:
            node, level = frontier.pop()
            for u, v, k, d in statements(G):
                if k == "IS_A" and u == node and level < 2:
                    ups.add(v)
                    frontier.append((v, level + 1))
        want = set()
        for via in ups:
            for u, v, k, d in statements(G):
                if k == "INTERACTS_WITH" and via in (u, v):
                    other = v if u == via else u
                    if other != n:
                        want.add((None if via == n else nm(G, via), nm(G, other)))
        rows = run(store, "drug_interactions", name=n, inferred=True)
        assert {(r["via_class"], r["interacts_with"]) for r in rows} == want, n
        rows = run(store, "drug_interactions", name=n)
        assert {(r["via_class"], r["interacts_with"]) for r in rows} == {w for w in want if w[0] is None}, n


def test_treatments(loaded):
    store, G = loaded
    for name in ("depression", "anxiety"):
        if not resolve(G, name):
            continue
        for include_symptoms in (True, False):
            want = set()
            for d in resolve(G, name):
                targets = {d: "disorder"}
                if include_symptoms:
                    targets.update({v: "symptom" for u, v, k, _ in statements(G) if u == d and k == "HAS_SYMPTOM"})
                for u, v, k, _ in statements(G):
                    if v in targets and k in ("TREATS", "PALLIATES", "PROTECTS_AGAINST"):
                        want.add((nm(G, u), k, nm(G, v), targets[v]))
            rows = run(store, "treatments", name=name, include_symptoms=include_symptoms)
            assert {(r["treatment"], r["relationship"], r["target"], r["via"]) for r in rows} == want, name
    rows = run(store, "treatments", name="depression", include_preventive=False)
    assert "PROTECTS_AGAINST" not in {r["relationship"] for r in rows}


def test_treatments_library(library_store):
    store, _ = library_store
    rows = run(store, "treatments", name="depressive disorder")
    assert {(r["treatment"], r["via"]) for r in rows} == {
        ("ketamine", "disorder"), ("antidepressants", "disorder"), ("magnesium", "symptom")}


def test_hedged_only(loaded):
    store, G = loaded
    rows = run(store, "hedged_only", limit=100000)
    want = {(nm(G, u), k, nm(G, v)) for u, v, k, d in statements(G) if d["hedged"]}
    assert {(r["subject"], r["relationship"], r["object"]) for r in rows} == want
    rows = run(store, "hedged_only", name="magnesium", limit=100000)
    assert rows and all("magnesium" in (r["subject"], r["object"]) for r in rows)


def test_downstream_effects(loaded):
    store, G = loaded
    signed = {k for k, d in ((k, d) for _, _, k, d in statements(G)) if d["polarity"] != 0}
    for name in ("magnesium", pick(G, ["ketamine"])):
        (a,) = resolve(G, name)
        for hops in (1, 2):
            found: dict = {}
            for t in G.nodes:
                if t == a or G.nodes[t].get("kind") != "entity":
                    continue
                for nodes, rels in simple_paths(G, a, t, hops, True, (), signed):
                    if rels[-1][0] in ("IS_A", "FORM_OF"):
                        continue
                    sign = 1
                    for _, d in rels:
                        sign *= d["polarity"]
                    if sign == 0:
                        continue
                    key = (nm(G, t), sign)
                    best, count = found.get(key, (99, 0))
                    found[key] = (min(best, len(rels)), count + 1)
            rows = run(store, "downstream_effects", name=name, max_hops=hops, limit=100000)
            got = {(r["affected"], r["net_sign"]): (r["hops"], r["paths"]) for r in rows}
            assert got == found, (name, hops)
            assert all(len(r["example"]) == r["hops"] + 1 for r in rows)


def test_downstream_effects_library(library_store):
    store, _ = library_store
    rows = run(store, "downstream_effects", name="ketamine", sign=-1)
    assert {(r["affected"], r["hops"]) for r in rows} >= {("depression", 1), ("NMDA receptor", 1), ("fatigue", 2)}
    assert all(r["net_sign"] == -1 for r in rows)


def test_deficiency_statements(loaded):
    store, G = loaded
    want = {(nm(G, u), k, nm(G, v), ev["doc"], ev["sentence"]) for u, v, k, d in statements(G)
            for ev in d["evidence"] if ev.get("modifier") == "deficiency"}
    rows = run(store, "deficiency_statements")
    assert {(r["subject"], r["relationship"], r["object"], r["document"], r["sentence"]) for r in rows} == want


def test_deficiency_statements_library(library_store):
    store, _ = library_store
    rows = run(store, "deficiency_statements", name="anxiety")
    assert [(r["subject"], r["relationship"], r["object"], r["sentence"]) for r in rows] == [
        ("magnesium", "PROTECTS_AGAINST", "anxiety", "Low magnesium contributes to anxiety.")]


# --- what the documents say (corpus) ---------------------------------------------------


def test_corpus_food_sources_of_magnesium_include_spinach(corpus_store):
    foods = {r["food"].lower() for r in run(corpus_store, "food_sources", name="magnesium")}
    assert "spinach" in foods, foods


def test_corpus_what_treats_depression_includes_ketamine(corpus_store):
    treatments = {r["treatment"].lower() for r in run(corpus_store, "treatments", name="depression")}
    assert "ketamine" in treatments, treatments


def test_corpus_magnesium_antagonises_the_nmda_receptor(corpus_store):
    rows = run(corpus_store, "evidence_for_pair", a="magnesium", b="NMDA receptor")
    assert any(r["relationship"] == "ANTAGONIST_OF" and r["subject"] == "magnesium" for r in rows)
    assert any("antagonist" in r["sentence"].lower() for r in rows)


def test_corpus_ketamine_documents(corpus_store):
    docs = {r["document"] for r in run(corpus_store, "documents_mentioning", name="ketamine")}
    assert "magnesium_ketamine" in docs
