"""Views without a browser: what is selected, how it is encoded, and that untrusted text stays text."""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import re
import subprocess
import sys

import pytest

from neurograph.errors import NeurographError, SelectionTooLargeError, UnknownEntityError, UsageError
from neurograph.graph import graph_from_records, save_graph
from neurograph.records import Entity, EntityRef, Evidence, Statement
from neurograph.view import DEFAULT_MAX_NODES, render_view, script_json, select_view, write_view

MG, DA, GLU, NMDA, KET, DEP, FAT = ("CHEBI:18420", "CHEBI:18243", "CHEBI:14321", "FPLX:NMDA_receptor",
                                    "CHEBI:6121", "MONDO:0002050", "HP:0012378")

XSS_NAME = "</script><script>alert(1)</script>"
XSS_SYNONYM = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = "Evil <script>alert(1)</script> and <img src=x onerror=alert(1)> raise \u2028 zinc <!-- here."


def payload(html: str) -> dict:
    """The JSON data block of a page, parsed the way the browser's JSON.parse would."""
    match = re.search(r'<script type="application/json" id="neurograph-data">(.*?)</script>', html, re.S)
    assert match, "no data block"
    data = json.loads(match.group(1))
    for edge in data["edges"] + data["context"]["edges"]:  # cards point into the evidence table
        edge["card"]["evidence"] = [data["evidence"][i] for i in edge["card"]["evidence"]]
    return data


def edge_keys(H):
    return {(u, v, k) for u, v, k in H.edges(keys=True)}


def xss_graph(schema):
    """A graph whose names, synonyms, document title and evidence carry HTML and script."""
    evil = Entity("X:evil", XSS_NAME, "Nutrient", (XSS_SYNONYM,), ("<b>xref</b>",))
    zinc = Entity("CHEBI:27363", "zinc", "Mineral")
    ev = Evidence("evil_doc", XSS_SENTENCE, 0, len(XSS_SENTENCE))
    st = Statement(EntityRef(evil.id, evil.name, evil.category), "INCREASES",
                   EntityRef(zinc.id, zinc.name, zinc.category), 1, confidence=0.7, evidence=[ev])
    docs = {"evil_doc": {"title": "<iframe src=javascript:alert(1)>"}}
    return graph_from_records([evil, zinc], [st], docs, schema=schema)


# --- selection ---------------------------------------------------------------------


def test_whole_graph_draws_every_entity_and_statement_but_no_documents(toy_graph, schema):
    H = select_view(toy_graph, schema=schema)
    entities = {n for n, d in toy_graph.nodes(data=True) if d["kind"] == "entity"}
    statements = {(u, v, k) for u, v, k, d in toy_graph.edges(keys=True, data=True) if d["kind"] == "statement"}
    assert set(H.nodes) == entities
    assert edge_keys(H) == statements
    assert H.graph["view"]["mode"] == "graph"
    assert not any(str(n).startswith("doc:") for n in H)


def test_neighbourhood_depth_one_keeps_the_walked_statements_only(toy_graph, schema):
    H = select_view(toy_graph, ["magnesium"], depth=1, schema=schema)
    assert set(H.nodes) == {MG, NMDA, DA, DEP}
    # NMDA REGULATES dopamine links two entities of the outer ring: left out.
    assert edge_keys(H) == {(MG, NMDA, "ANTAGONIST_OF"), (MG, DA, "INCREASES"), (MG, DEP, "ASSOCIATED_WITH")}
    assert H.nodes[MG]["distance"] == 0 and H.nodes[DA]["distance"] == 1
    assert H.nodes[MG]["degree"] == 3


def test_neighbourhood_depth_two_walks_both_directions(toy_graph, schema):
    H = select_view(toy_graph, ["Mg"], depth=2, schema=schema)  # a synonym
    # glutamate and ketamine point INTO the NMDA receptor; fatigue hangs off depression.
    assert set(H.nodes) == {MG, NMDA, DA, DEP, GLU, KET, FAT}
    assert (NMDA, DA, "REGULATES") in edge_keys(H)
    assert len(edge_keys(H)) == 8  # every statement touches an entity within distance 1


def test_depth_zero_draws_the_named_entities_and_the_statements_between_them(toy_graph, schema):
    H = select_view(toy_graph, ["ketamine", "NMDA receptor"], depth=0, schema=schema)
    assert set(H.nodes) == {KET, NMDA}
    assert edge_keys(H) == {(KET, NMDA, "ANTAGONIST_OF")}
    assert H.graph["view"]["anchors"] == [KET, NMDA]


def test_types_restrict_the_walk(toy_graph, schema):
    H = select_view(toy_graph, ["ketamine"], depth=3, types=["antagonist_of"], schema=schema)
    assert set(H.nodes) == {KET, NMDA, MG}
    assert {k for _, _, k in H.edges(keys=True)} == {"ANTAGONIST_OF"}
    assert "types ANTAGONIST_OF" in H.graph["view"]["title"]


def test_categories_restrict_the_walk_but_keep_named_entities(toy_graph, schema):
    H = select_view(toy_graph, ["ketamine"], depth=3, categories=["Receptor,mineral"], schema=schema)
    assert set(H.nodes) == {KET, NMDA, MG}


def test_whole_graph_with_types_drops_entities_without_those_statements(toy_graph, schema):
    H = select_view(toy_graph, types="TREATS,has symptom", schema=schema)  # one comma-separated string
    assert set(H.nodes) == {KET, DEP, FAT}
    assert {k for _, _, k in H.edges(keys=True)} == {"TREATS", "HAS_SYMPTOM"}


def test_unknown_names_types_and_categories_are_refused(toy_graph, schema):
    with pytest.raises(UnknownEntityError) as info:
        select_view(toy_graph, ["magnesum"], schema=schema)
    assert "magnesium" in info.value.suggestions
    with pytest.raises(UsageError, match="unknown relationship type 'CURES'"):
        select_view(toy_graph, types=["CURES"], schema=schema)
    with pytest.raises(UsageError, match="unknown category 'Vitamin'"):
        select_view(toy_graph, categories=["Vitamin"], schema=schema)
    with pytest.raises(UsageError, match="not both"):
        select_view(toy_graph, ["magnesium"], path=("magnesium", "dopamine"), schema=schema)
    with pytest.raises(UsageError, match="--depth"):
        select_view(toy_graph, ["magnesium"], depth=-1, schema=schema)
    with pytest.raises(NeurographError, match="nothing to draw"):
        select_view(toy_graph, categories=["Food"], schema=schema)


def test_a_selection_over_the_cap_raises_with_the_count_and_the_cap(toy_graph, schema):
    with pytest.raises(SelectionTooLargeError) as info:
        select_view(toy_graph, ["magnesium"], depth=2, max_nodes=5, schema=schema)
    assert (info.value.count, info.value.cap) == (7, 5)
    assert "--depth" in str(info.value) and "--max-nodes" in str(info.value)
    with pytest.raises(SelectionTooLargeError, match="7 entities"):
        select_view(toy_graph, max_nodes=6, schema=schema)
    assert select_view(toy_graph, max_nodes=7, schema=schema).number_of_nodes() == 7
    assert select_view(toy_graph, max_nodes=None, schema=schema).number_of_nodes() == 7


def test_paths_are_selected_with_their_neighbourhood_and_remembered_for_highlighting(toy_graph, schema):
    H = select_view(toy_graph, path=("magnesium", "dopamine"), depth=0, schema=schema)
    view = H.graph["view"]
    assert view["mode"] == "paths" and view["anchors"] == [MG, DA]
    assert [p["nodes"] for p in view["paths"]] == [[MG, DA], [MG, NMDA, DA]]
    assert set(view["path_edges"]) == {(MG, DA, "INCREASES"), (MG, NMDA, "ANTAGONIST_OF"), (NMDA, DA, "REGULATES")}
    assert set(view["path_edges"]) <= edge_keys(H)
    assert set(H.nodes) == {MG, NMDA, DA}
    wider = select_view(toy_graph, path=("magnesium", "dopamine"), depth=1, schema=schema)
    assert {GLU, KET, DEP} <= set(wider.nodes)


def test_no_path_is_an_error_that_suggests_undirected(toy_graph, schema):
    with pytest.raises(NeurographError, match="no path between 'fatigue' and 'magnesium'.*--undirected"):
        select_view(toy_graph, path=("fatigue", "magnesium"), schema=schema)
    H = select_view(toy_graph, path=("fatigue", "magnesium"), directed=False, depth=0, schema=schema)
    assert H.graph["view"]["paths"][0]["nodes"] == [FAT, DEP, MG]


# --- encoding --------------------------------------------------------------------


def test_nodes_are_coloured_by_category_and_edges_by_sign(toy_graph, schema):
    data = payload(render_view(select_view(toy_graph, schema=schema), schema=schema))
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {(e["from"], e["type"], e["to"]): e for e in data["edges"]}
    assert nodes[MG]["color"]["background"] == schema.categories["Mineral"].color
    assert nodes[NMDA]["color"]["background"] == schema.categories["Receptor"].color
    assert edges[(MG, "ANTAGONIST_OF", NMDA)]["color"]["color"] == schema.signs[-1]["color"]
    assert edges[(GLU, "ACTIVATES", NMDA)]["color"]["color"] == schema.signs[1]["color"]
    assert edges[(NMDA, "REGULATES", DA)]["color"]["color"] == schema.signs[0]["color"]
    # hedged statements are dashed; labels name the type; symmetric types have no arrow
    assert edges[(MG, "INCREASES", DA)]["dashes"] is True
    assert edges[(MG, "ANTAGONIST_OF", NMDA)]["dashes"] is False
    assert edges[(MG, "ANTAGONIST_OF", NMDA)]["typeLabel"] == "antagonist of"
    assert edges[(MG, "ASSOCIATED_WITH", DEP)]["arrows"] == ""
    assert edges[(MG, "ANTAGONIST_OF", NMDA)]["arrows"] == "to"
    # size grows with degree: NMDA has 4 statements, fatigue 1
    assert nodes[NMDA]["value"] > nodes[FAT]["value"]
    assert len(data["nodes"]) == 7 and len(data["edges"]) == 8


def test_cards_carry_identifiers_synonyms_and_evidence_with_document_names(toy_graph, schema):
    data = payload(render_view(select_view(toy_graph, schema=schema), schema=schema))
    mg = next(n for n in data["nodes"] if n["id"] == MG)
    assert mg["card"]["synonyms"] == ["Mg", "Mg2+", "magnesium ions"]
    assert mg["category"] == "Mineral" and {c["key"]: c["display"] for c in data["categories"]}["Mineral"] == \
        "mineral / electrolyte"
    edge = next(e for e in data["edges"] if e["type"] == "TREATS")
    card = edge["card"]
    assert (card["subject"], card["object"], edge["sign"], edge["confidence"]) == ("ketamine", "depression", -1, 0.7)
    assert card["evidence"] == [{"sentence": "Ketamine relieves depression.", "doc": "doc_b", "docTitle": "Doc B",
                                 "pmid": "", "hedged": False, "modifier": "", "source": "extracted", "citation": "",
                                 "population": "", "studyType": ""}]
    assert card["triage"] == "" and card["triageBasis"] == []
    statements_per_doc = {doc: sum(1 for *_, d in toy_graph.edges(data=True) if d.get("kind") == "statement"
                                   and any(ev["doc"] == doc for ev in d.get("evidence") or ())) for doc in ("doc_a", "doc_b")}
    assert {d["id"]: d["count"] for d in data["documents"]} == statements_per_doc


def test_evidence_grade_triage_and_pubmed_ids_reach_the_card(toy_graph, schema):
    H = select_view(toy_graph, schema=schema)
    u, v, k = next((u, v, k) for u, v, k, d in H.edges(keys=True, data=True) if d.get("type") == "TREATS")
    d = H.edges[u, v, k]
    d["evidence"] = [{**d["evidence"][0], "doc": "31234567", "population": "human", "study_type": "RCT"}]
    d["triage"], d["triage_basis"] = "contradicted", ["Hetionet v1.0: CtD"]
    H.graph["documents"] = {**H.graph.get("documents", {}), "31234567": {"title": "A trial"}}
    data = payload(render_view(H, schema=schema))
    card = next(e for e in data["edges"] if e["type"] == "TREATS")["card"]
    assert card["evidence"][0]["pmid"] == "31234567" and card["evidence"][0]["docTitle"] == "A trial"
    assert (card["evidence"][0]["population"], card["evidence"][0]["studyType"]) == ("human", "RCT")
    assert (card["triage"], card["triageBasis"]) == ("contradicted", ["Hetionet v1.0: CtD"])
    assert {"id": "31234567", "title": "A trial", "count": 1, "pmid": "31234567"} in data["documents"]


def test_legend_counts_per_category_type_and_sign(toy_graph, schema):
    data = payload(render_view(select_view(toy_graph, schema=schema), schema=schema))
    assert {c["key"]: c["count"] for c in data["categories"]} == {
        "Mineral": 1, "Neurotransmitter": 2, "Receptor": 1, "Drug": 1, "Disorder": 1, "Symptom": 1}
    assert {s["name"]: s["count"] for s in data["signs"]} == {"increase": 3, "decrease": 3, "unsigned": 2}
    assert {t["key"]: t["count"] for t in data["types"]}["ANTAGONIST_OF"] == 2


def test_path_edges_are_highlighted_and_the_rest_dimmed(toy_graph, schema):
    H = select_view(toy_graph, path=("magnesium", "dopamine"), k=1, depth=1, schema=schema)
    data = payload(render_view(H, schema=schema))
    on_path = [e for e in data["edges"] if e["onPath"]]
    assert [(e["from"], e["to"]) for e in on_path] == [(MG, DA)]
    off_path = [e for e in data["edges"] if not e["onPath"]]
    assert off_path and all(e["color"]["color"].startswith("rgba(") for e in off_path)  # see-through
    assert all(e["color"]["color"].startswith("#") for e in on_path)
    assert on_path[0]["width"] > max(e["width"] for e in off_path)
    assert data["paths"][0]["names"] == ["magnesium", "dopamine"]
    assert {n["id"] for n in data["nodes"] if n["anchor"]} == {MG, DA}


# --- safety ---------------------------------------------------------------------


def test_script_json_cannot_close_the_script_element():
    text = script_json({"a": "</script><!-- \u2028\u2029 & <b>"})
    for bad in ("</", "<!--", "<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028\u2029 & <b>"}


def test_untrusted_text_never_reaches_the_page_as_markup(schema):
    html = render_view(select_view(xss_graph(schema), schema=schema), schema=schema)
    for needle in ("<script>alert", "<img src=x", "onerror=alert(1)>", "<iframe", "<b>xref", "\u2028"):
        assert needle not in html
    data = payload(html)
    evil = next(n for n in data["nodes"] if n["id"] == "X:evil")
    assert evil["name"] == XSS_NAME and evil["card"]["synonyms"] == [XSS_SYNONYM]
    assert data["edges"][0]["card"]["evidence"][0]["sentence"] == XSS_SENTENCE
    assert data["edges"][0]["card"]["evidence"][0]["docTitle"] == "<iframe src=javascript:alert(1)>"
    # The page's own script writes text only.
    assert "innerHTML" not in html.split("</style>")[-1].split('<script type="application/json"')[0]
    app_js = html.rsplit("<script>", 1)[1]
    assert "innerHTML" not in app_js and "insertAdjacentHTML" not in app_js and "document.write" not in app_js


def test_title_from_the_user_is_escaped(toy_graph, schema):
    html = render_view(select_view(toy_graph, schema=schema), schema=schema, title="<b>mine</b>")
    assert "<b>mine</b>" not in html and "&lt;b&gt;mine&lt;/b&gt;" in html


def test_the_page_is_self_contained_and_its_policy_allows_only_its_own_scripts(toy_graph, schema):
    html = render_view(select_view(toy_graph, schema=schema), schema=schema)
    assert not re.search(r"<(script|img|iframe)[^>]*\bsrc=", html, re.I)
    assert not re.search(r"<link\b", html, re.I)
    assert "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    csp = html_lib.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1))
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2  # vis-network, then the page's own
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "sourceMappingURL" not in html


# --- writing and the command line ------------------------------------------------------


def test_write_view_writes_the_page_and_reports_counts(toy_graph, schema, tmp_path):
    result = write_view(toy_graph, tmp_path / "v.html", ["magnesium"], schema=schema)
    assert (result.nodes, result.edges, result.mode) == (4, 3, "neighbourhood")
    assert result.summary().endswith("neighbourhood of magnesium (depth 1); 4 entities, 3 statements")
    assert len(payload(result.path.read_text())["nodes"]) == 4
    assert [p.name for p in tmp_path.iterdir()] == ["v.html"]  # no temporary file left behind


def test_a_refused_view_leaves_an_existing_page_alone(toy_graph, schema, tmp_path):
    out = tmp_path / "v.html"
    out.write_text("old page")
    with pytest.raises(SelectionTooLargeError):
        write_view(toy_graph, out, max_nodes=2, schema=schema)
    assert out.read_text() == "old page"
    with pytest.raises(UsageError, match="ending in .html"):
        write_view(toy_graph, tmp_path / "v.png", schema=schema)
    with pytest.raises(UsageError, match="does not exist"):
        write_view(toy_graph, tmp_path / "missing" / "v.html", schema=schema)
    assert [p.name for p in tmp_path.iterdir()] == ["v.html"]


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "neurograph.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_view_command(toy_graph, tmp_path):
    home = tmp_path / "home"
    save_graph(toy_graph, home)
    ok = run_cli("view", "magnesium", "--depth", "2", "--out", "mg.html", "--data-dir", str(home), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "mg.html: neighbourhood of magnesium (depth 2); 7 entities, 8 statements"
    assert len(payload((tmp_path / "mg.html").read_text())["edges"]) == 8

    paths = run_cli("view", "--path", "magnesium", "dopamine", "-k", "1", "--depth", "0", "-o", "p.html",
                    "--data-dir", str(home), cwd=tmp_path)
    assert paths.returncode == 0, paths.stderr
    assert "path 1: magnesium -INCREASES-> dopamine (net +)" in paths.stderr

    capped = run_cli("view", "--max-nodes", "3", "--data-dir", str(home), cwd=tmp_path)
    assert capped.returncode == 1
    assert capped.stderr.strip() == ("error: the view would draw 7 entities, more than the cap of 3; narrow it with "
                                     "entities to centre on, --types or --categories, or raise --max-nodes")
    assert not (tmp_path / "neurograph-view.html").exists()

    unknown = run_cli("view", "magnesum", "--data-dir", str(home), cwd=tmp_path)
    assert unknown.returncode == 2 and "did you mean: magnesium" in unknown.stderr


def test_view_help_states_the_library_default_cap(tmp_path):
    shown = run_cli("view", "--help", cwd=tmp_path)
    assert shown.returncode == 0
    assert f"[default: {DEFAULT_MAX_NODES}" in shown.stdout


def test_the_page_script_passes_a_javascript_syntax_check(tmp_path):
    import shutil
    from importlib.resources import files

    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is needed for this check (scripts/test.sh installs Debian's nodejs)"
    script = files("neurograph") / "view_assets" / "app.js"
    checked = subprocess.run([node, "--check", str(script)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
    broken = tmp_path / "broken.js"
    broken.write_text(script.read_text(encoding="utf-8").replace("function (", "function ((", 1))
    assert subprocess.run([node, "--check", str(broken)], capture_output=True, timeout=60).returncode != 0


def test_the_page_stylesheet_has_balanced_blocks_and_comments():
    from importlib.resources import files

    css = (files("neurograph") / "view_assets" / "app.css").read_text(encoding="utf-8")
    assert css.count("/*") == css.count("*/")
    depth = 0
    for char in re.sub(r"/\*.*?\*/", "", css, flags=re.S):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert 0 <= depth <= 1
    assert depth == 0
