"""Exports: every format round-trips, files are what other tools read, and a failed export leaves nothing."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from neurograph.errors import InputError, UsageError
from neurograph.export import (ADMIN_ARRAY_DELIMITERS, FORMATS, export_build, export_graph, graph_differences,
                               import_graph, same_graph)
from neurograph.graph import save_graph

BIOLINK_LEVELS = {"knowledge_assertion", "logical_entailment", "prediction", "statistical_association", "observation",
                  "not_provided"}
BIOLINK_AGENTS = {"manual_agent", "automated_agent", "data_analysis_pipeline", "computational_model",
                  "text_mining_agent", "image_processing_agent", "manual_validation_of_automated_agent", "not_provided"}


def tricky_graph(toy_graph) -> nx.MultiDiGraph:
    """The toy graph plus values each format finds hard to hold."""
    G = toy_graph
    G.nodes["CHEBI:18420"]["synonyms"] = ["Mg", "Mg|2+", "magnésium ¦ ion", "tab\there", ""]
    G.nodes["CHEBI:18420"]["xrefs"] = ["MESH:D008274"]
    G.nodes["CHEBI:18420"]["note"] = {"nested": [1, 2.5, None, True], "empty": ""}
    G.nodes["CHEBI:18243"]["name"] = "dopamine "  # trailing space
    G.nodes["doc:doc_a"]["path"] = ""
    G.nodes["doc:doc_a"]["chars"] = 2**40
    edge = G.edges["CHEBI:18420", "FPLX:NMDA_receptor", "ANTAGONIST_OF"]
    edge["evidence"][0]["sentence"] = 'Magnesium,\n"blocks"\tthe NMDA receptor; \x0c really | truly.'
    edge["evidence"][0]["modifier"] = "deficiency"
    edge["evidence"].append({"doc": "doc_b", "sentence": "Curated.", "start": 1, "end": 9, "hedged": True,
                             "negated": False, "source": "curated", "citation": "PMID:123", "subject_text": "Mg",
                             "object_text": "NMDA"})
    edge["curated"] = True
    edge["weight"] = 3  # an int where others are absent
    G.edges["CHEBI:14321", "FPLX:NMDA_receptor", "ACTIVATES"]["confidence"] = 1.0
    G.edges["CHEBI:14321", "FPLX:NMDA_receptor", "ACTIVATES"]["extra_none"] = None
    G.graph["content_hash"] = None
    G.graph["built_at"] = "2024-01-01T00:00:00Z"
    return G


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_toy(toy_graph, fmt, tmp_path):
    files = export_graph(toy_graph, tmp_path / fmt, fmt)
    assert files and all(p.is_file() and p.stat().st_size > 0 for p in files)
    back = import_graph(tmp_path / fmt, fmt)
    assert graph_differences(back, toy_graph) == []
    assert sorted(back.edges(keys=True)) == sorted(toy_graph.edges(keys=True))


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_tricky_values(toy_graph, fmt, tmp_path):
    G = tricky_graph(toy_graph)
    export_graph(G, tmp_path / "out", fmt)
    back = import_graph(tmp_path / "out", fmt)
    assert graph_differences(back, G) == []
    # Types survive: 1.0 stays a float, 2**40 an int, True a bool.
    assert type(back.edges["CHEBI:14321", "FPLX:NMDA_receptor", "ACTIVATES"]["confidence"]) is float
    assert back.nodes["doc:doc_a"]["chars"] == 2**40


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_corpus(corpus_graph, fmt, tmp_path):
    export_graph(corpus_graph, tmp_path / fmt, fmt)
    back = import_graph(tmp_path / fmt, fmt)
    assert same_graph(back, corpus_graph), graph_differences(back, corpus_graph)


def test_same_graph_notices_differences(toy_graph):
    other = toy_graph.copy()
    assert same_graph(other, toy_graph)
    other.edges["CHEBI:18420", "FPLX:NMDA_receptor", "ANTAGONIST_OF"]["polarity"] = -1.0
    assert not same_graph(other, toy_graph)
    other = toy_graph.copy()
    other.add_edge("CHEBI:18420", "FPLX:NMDA_receptor", key="BINDS")
    assert any("only in first" in d for d in graph_differences(other, toy_graph))


def test_graphml_is_plain_graphml(toy_graph, tmp_path):
    (path,) = export_graph(toy_graph, tmp_path, "graphml")
    root = ET.parse(path).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = root.find("g:graph", ns)
    assert graph.get("edgedefault") == "directed"
    assert len(graph.findall("g:node", ns)) == toy_graph.number_of_nodes()
    assert len(graph.findall("g:edge", ns)) == toy_graph.number_of_edges()
    # Lists are JSON text that any GraphML reader can at least show.
    keys = {k.get("attr.name"): k.get("id") for k in root.findall("g:key", ns) if k.get("for") == "node"}
    mg = next(n for n in graph.findall("g:node", ns) if n.get("id") == "CHEBI:18420")
    synonyms = next(d.text for d in mg.findall("g:data", ns) if d.get("key") == keys["synonyms"])
    assert json.loads(synonyms) == ["Mg", "Mg2+", "magnesium ions"]
    # Plain networkx reads it too.
    assert nx.read_graphml(path).number_of_nodes() == toy_graph.number_of_nodes()


def test_json_is_node_link(toy_graph, tmp_path):
    (path,) = export_graph(toy_graph, tmp_path, "json")
    data = json.loads(path.read_text())
    assert data["directed"] and data["multigraph"]
    assert {n["key"] for n in data["nodes"]} == set(toy_graph.nodes)
    assert all(n["id"] == n["key"] for n in data["nodes"])
    edge = next(e for e in data["edges"] if e["key"] == "TREATS")
    assert (edge["source"], edge["target"], edge["polarity"]) == ("CHEBI:6121", "MONDO:0002050", -1)


def read_tsv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_kgx_columns_and_biolink_values(toy_graph, schema, tmp_path):
    export_graph(toy_graph, tmp_path, "kgx")
    nodes = {r["id"]: r for r in read_tsv(tmp_path / "nodes.tsv")}
    edges = read_tsv(tmp_path / "edges.tsv")
    assert nodes["CHEBI:18420"]["category"] == "biolink:ChemicalEntity"
    assert nodes["MONDO:0002050"]["category"] == "biolink:Disease"
    assert nodes["doc:doc_a"]["category"] == "biolink:Publication"
    assert nodes["CHEBI:18420"]["synonym"] == "Mg|Mg2+|magnesium ions"
    assert nodes["CHEBI:18420"]["name"] == "magnesium"
    for column in ("id", "subject", "predicate", "object", "knowledge_level", "agent_type", "publications",
                   "primary_knowledge_source", "object_direction_qualifier"):
        assert column in edges[0], column
    antagonist = next(e for e in edges if e["neurograph_type"] == "ANTAGONIST_OF" and e["subject"] == "CHEBI:18420")
    assert antagonist["predicate"] == schema.relationships["ANTAGONIST_OF"].biolink
    assert antagonist["object_direction_qualifier"] == "decreased"
    assert antagonist["causal_mechanism_qualifier"] == "antagonism"
    assert antagonist["publications"] == "doc:doc_a"
    assert antagonist["supporting_text"] == "Magnesium blocks the NMDA receptor."
    mention = next(e for e in edges if e["neurograph_type"] == "MENTIONS")
    assert mention["predicate"] == "biolink:mentions"
    assert {e["knowledge_level"] for e in edges} <= BIOLINK_LEVELS
    assert {e["agent_type"] for e in edges} <= BIOLINK_AGENTS
    assert len({e["id"] for e in edges}) == len(edges)
    assert all(e["predicate"].startswith("biolink:") for e in edges)


def test_kgx_curated_evidence_is_a_manual_assertion(toy_graph, tmp_path):
    edge = toy_graph.edges["CHEBI:6121", "MONDO:0002050", "TREATS"]
    edge["curated"] = True
    edge["evidence"] = [{"doc": "curated", "sentence": "Ketamine treats depression.", "start": 0, "end": 0,
                         "hedged": False, "negated": False, "source": "curated", "citation": "PMID:29945463",
                         "subject_text": "", "object_text": ""}]
    export_graph(toy_graph, tmp_path, "kgx")
    row = next(e for e in read_tsv(tmp_path / "edges.tsv") if e["neurograph_type"] == "TREATS")
    assert (row["knowledge_level"], row["agent_type"]) == ("knowledge_assertion", "manual_agent")
    assert "PMID:29945463" in row["publications"].split("|")


def read_admin(path: Path, delimiter: str) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, [dict(zip(header, row)) for row in reader]


def test_neo4j_admin_headers_and_command(toy_graph, tmp_path):
    out = tmp_path / "admin"
    files = export_graph(toy_graph, out, "neo4j-admin")
    assert {p.name for p in files} == {"entities.csv", "documents.csv", "statements.csv", "mentions.csv",
                                       "import.sh", "import.json"}
    delimiter = json.loads((out / "import.json").read_text())["array_delimiter"]
    header, rows = read_admin(out / "entities.csv", delimiter)
    assert header[:2] == ["id:ID", ":LABEL"]
    assert "synonyms:string[]" in header and "xrefs:string[]" in header
    mg = next(r for r in rows if r["id:ID"] == "CHEBI:18420")
    assert mg[":LABEL"].split(delimiter) == ["Entity", "Mineral"]
    assert mg["synonyms:string[]"].split(delimiter) == ["Mg", "Mg2+", "magnesium ions"]
    header, rows = read_admin(out / "statements.csv", delimiter)
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    for typed in ("polarity:long", "confidence:double", "hedged:boolean", "evidence_sentence:string[]",
                  "evidence_start:long[]", "documents:string[]"):
        assert typed in header, typed
    header, rows = read_admin(out / "mentions.csv", delimiter)
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"] and "count:long" in header
    assert {r[":TYPE"] for r in rows} == {"MENTIONS"}
    script = (out / "import.sh").read_text()
    command = next(line for line in script.splitlines() if line.startswith("neo4j-admin"))
    assert command.startswith("neo4j-admin database import full neo4j ")
    for flag in ("--nodes=\"$HERE/entities.csv\"", "--nodes=\"$HERE/documents.csv\"",
                 "--relationships=\"$HERE/statements.csv\"", "--relationships=\"$HERE/mentions.csv\"",
                 f"--array-delimiter=U+{ord(delimiter):04X}", "--multiline-fields=true", "--id-type=string"):
        assert flag in command, flag
    assert os.access(out / "import.sh", os.X_OK)
    # The script is valid sh.
    subprocess.run(["sh", "-n", str(out / "import.sh")], check=True)


def test_neo4j_admin_picks_a_delimiter_no_value_holds(toy_graph, tmp_path):
    toy_graph.nodes["CHEBI:18420"]["synonyms"] = ["a|b", "c¦d"]
    export_graph(toy_graph, tmp_path, "neo4j-admin")
    delimiter = json.loads((tmp_path / "import.json").read_text())["array_delimiter"]
    assert delimiter == ADMIN_ARRAY_DELIMITERS[2]
    assert f"U+{ord(delimiter):04X}" in (tmp_path / "import.sh").read_text()


@pytest.mark.server
def test_neo4j_admin_rows_are_what_load_writes(toy_graph, schema, store, tmp_path):
    """The CSVs hold the labels, types and properties `neurograph load` writes (what neo4j-admin would import)."""
    export_graph(toy_graph, tmp_path, "neo4j-admin")
    delimiter = json.loads((tmp_path / "import.json").read_text())["array_delimiter"]
    store.load(toy_graph, schema)

    def parse(header, row):
        props = {}
        for column in header:
            name, _, type_ = column.partition(":")
            text = row[column]
            if not name or text == "":
                continue
            if type_ == "ID":
                props[name] = text
                continue
            items = text.split(delimiter) if type_.endswith("[]") else [text]
            base = type_.rstrip("[]") or "string"
            conv = {"long": int, "double": float, "boolean": lambda t: t == "true"}.get(base, str)
            values = [conv(x) for x in items]
            props[name] = values if type_.endswith("[]") else values[0]
        return props

    def same(csv_props, stored):
        # neo4j-admin leaves a property out for an empty cell: "", [] and [""] all look empty in CSV.
        for key in set(csv_props) | set(stored):
            if key in csv_props and key in stored:
                assert csv_props[key] == stored[key], key
            else:
                assert stored.get(key) in ("", [], [""]), key

    stored_nodes = {r["id"]: r for r in store.query(
        "MATCH (n) WHERE NOT n:NeurographBuild RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
    ).to_dict("records")}  # the load's build record (docs/store.md) is no node of the graph
    n_rows = 0
    for name in ("entities.csv", "documents.csv"):
        header, rows = read_admin(tmp_path / name, delimiter)
        for row in rows:
            stored = stored_nodes[row["id:ID"]]
            assert sorted(row[":LABEL"].split(delimiter)) == sorted(stored["labels"])
            same(parse(header, row), stored["props"])
            n_rows += 1
    assert n_rows == len(stored_nodes)
    stored_rels = {r["key"]: r for r in store.query(
        "MATCH (a)-[r]->(b) RETURN r.ng_key AS key, type(r) AS type, a.id AS s, b.id AS o, properties(r) AS props"
    ).to_dict("records")}
    n_rows = 0
    for name in ("statements.csv", "mentions.csv"):
        header, rows = read_admin(tmp_path / name, delimiter)
        for row in rows:
            props = parse(header, row)
            stored = stored_rels[props["ng_key"]]
            assert (row[":START_ID"], row[":END_ID"], row[":TYPE"]) == (stored["s"], stored["o"], stored["type"])
            same(props, stored["props"])
            n_rows += 1
    assert n_rows == len(stored_rels)
    # A load after an admin import would find every hash equal: nothing to write.
    again = store.load(toy_graph, schema)
    assert again.written == 0


def test_refuses_an_out_that_is_a_file(toy_graph, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    with pytest.raises(UsageError, match="is a file"):
        export_graph(toy_graph, target, "json")
    assert target.read_text() == "keep me"


def test_unknown_format(toy_graph, tmp_path):
    with pytest.raises(UsageError, match="unknown export format"):
        export_graph(toy_graph, tmp_path, "xlsx")


@pytest.mark.parametrize("fmt", FORMATS)
def test_failed_export_leaves_nothing(toy_graph, fmt, tmp_path):
    toy_graph.add_edge("CHEBI:18420", "CHEBI:18243", key=7)  # not a string key: every format refuses
    out = tmp_path / "out"
    with pytest.raises(InputError, match="string edge keys"):
        export_graph(toy_graph, out, fmt)
    assert list(tmp_path.iterdir()) == []


def test_failure_midway_leaves_no_partial_files(toy_graph, tmp_path):
    # NaN cannot be written as JSON; the writer fails after it started.
    toy_graph.graph["bad"] = float("nan")
    out = tmp_path / "out"
    with pytest.raises(InputError):
        export_graph(toy_graph, out, "json")
    assert list(tmp_path.iterdir()) == []
    # An existing folder keeps its old files when a new export fails.
    out.mkdir()
    (out / "neurograph.json").write_text("old")
    with pytest.raises(InputError):
        export_graph(toy_graph, out, "json")
    assert (out / "neurograph.json").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_export_into_existing_folder_replaces_only_its_files(toy_graph, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "nodes.tsv").write_text("stale")
    export_graph(toy_graph, tmp_path, "kgx")
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "nodes.tsv").read_text().startswith("id\tcategory")


def test_import_errors_name_the_file_and_line(toy_graph, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        import_graph(tmp_path / "missing", "kgx")
    export_graph(toy_graph, tmp_path, "kgx")
    lines = (tmp_path / "edges.tsv").read_text().splitlines()
    lines[2] = lines[2] + "\textra"
    (tmp_path / "edges.tsv").write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"edges.tsv:3: .*cells"):
        import_graph(tmp_path, "kgx")
    (tmp_path / "j").mkdir()
    (tmp_path / "j" / "neurograph.json").write_text("{not json")
    with pytest.raises(InputError, match="neurograph.json: .*not valid JSON"):
        import_graph(tmp_path / "j", "json")


def test_export_build_reads_the_data_directory(toy_graph, tmp_path):
    save_graph(toy_graph, tmp_path / "home")
    files = export_build(tmp_path / "out", "json", home=tmp_path / "home")
    assert same_graph(import_graph(files[0], "json"), toy_graph)


def neurograph(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "neurograph.cli", *args], capture_output=True, text=True, **kwargs)


def test_cli_export(toy_graph, tmp_path):
    save_graph(toy_graph, tmp_path / "home")
    result = neurograph("export", "--format", "kgx", "--out", str(tmp_path / "kgx"), "--data-dir", str(tmp_path / "home"))
    assert result.returncode == 0, result.stderr
    assert [Path(line.split("\t")[0]).name for line in result.stdout.splitlines()] == [
        "edges.tsv", "graph.json", "nodes.tsv"]
    result = neurograph("export", "-f", "neo4j-admin", "-o", str(tmp_path / "adm"), "--data-dir", str(tmp_path / "home"))
    assert result.returncode == 0, result.stderr
    assert "neo4j-admin database import full neo4j" in result.stderr
    assert str((tmp_path / "adm" / "entities.csv").resolve()) in result.stderr


def test_cli_export_refuses_a_file_and_a_missing_build(toy_graph, tmp_path):
    save_graph(toy_graph, tmp_path / "home")
    (tmp_path / "f").write_text("x")
    result = neurograph("export", "--format", "json", "--out", str(tmp_path / "f"), "--data-dir", str(tmp_path / "home"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: --out {str(tmp_path / 'f')!r} is a file; "
                                                  "give a folder to write the export into"]
    result = neurograph("export", "--format", "json", "--out", str(tmp_path / "o"), "--data-dir", str(tmp_path / "empty"))
    assert result.returncode == 1 and "neurograph build" in result.stderr
    assert not (tmp_path / "o").exists()
