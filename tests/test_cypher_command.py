"""`neurograph cypher`: formats, --param typing, --file, --list, read-only by default, --write, clear errors.

The command runs as a real subprocess against the session's embedded server
(through --uri/--user/--password/--database), on a fresh database holding the
toy graph.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from neurograph.errors import QueryRefusedError, UsageError
from neurograph.queries import format_result, parse_params, prepare, run_cypher

pytestmark = pytest.mark.server


@pytest.fixture
def toy_store(store, toy_graph, schema):
    store.load(toy_graph, schema)
    return store


@pytest.fixture
def cli(toy_store, bolt_server, tmp_path):
    """Run `neurograph ...` connected to the toy database; returns the CompletedProcess."""
    info = bolt_server.info

    def run(*args: str, env_password: bool = True, program: tuple = ("-m", "neurograph.cli")) -> subprocess.CompletedProcess:
        connection = ["--uri", info.uri, "--user", info.user, "--database", toy_store.database,
                      "--data-dir", str(tmp_path / "home")]
        env = {"PATH": "/usr/bin:/bin", "NEO4J_PASSWORD": info.password, "HOME": str(tmp_path), "COLUMNS": "200",
               "PYTHONPATH": os.pathsep.join(sys.path)}  # this checkout's neurograph, not an installed one
        return subprocess.run([sys.executable, *program, *args, *connection],
                              capture_output=True, text=True, env=env, timeout=120)

    return run


def test_table_output(cli):
    result = cli("cypher", "MATCH (e:Entity) WHERE e.name = $name RETURN e.name AS name, e.synonyms AS synonyms",
                 "--param", "name=magnesium")
    assert result.returncode == 0, result.stderr
    assert "name" in result.stdout and "synonyms" in result.stdout
    assert "magnesium" in result.stdout and "Mg; Mg2+; magnesium ions" in result.stdout
    assert result.stderr.strip() == "1 row"


def test_json_output_keeps_types(cli):
    result = cli("cypher", "MATCH (s:Entity)-[r:ANTAGONIST_OF]->(o:Entity {name: $o}) "
                 "RETURN s.name AS subject, r.polarity AS polarity, r.confidence AS confidence, r.hedged AS hedged, "
                 "r.evidence_sentence AS evidence ORDER BY subject", "--param", "o=NMDA receptor", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows == [
        {"subject": "ketamine", "polarity": -1, "confidence": 0.8, "hedged": False,
         "evidence": ["Ketamine blocks NMDA receptors."]},
        {"subject": "magnesium", "polarity": -1, "confidence": 0.8, "hedged": False,
         "evidence": ["Magnesium blocks the NMDA receptor."]},
    ]


def test_csv_output(cli):
    result = cli("cypher", "MATCH (e:Entity) RETURN e.id AS id, e.synonyms AS synonyms ORDER BY id", "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7
    mg = next(r for r in rows if r["id"] == "CHEBI:18420")
    assert json.loads(mg["synonyms"]) == ["Mg", "Mg2+", "magnesium ions"]


def test_empty_result_still_names_its_columns(cli):
    result = cli("cypher", "MATCH (e:Entity) WHERE e.name = 'nothing' RETURN e.name AS name, e.id AS id", "-f", "csv")
    assert result.returncode == 0
    assert result.stdout == "name,id\n"
    assert json.loads(cli("cypher", "MATCH (e:Entity) WHERE e.name = 'x' RETURN e.name AS name",
                          "-f", "json").stdout) == []


def test_param_typing_reaches_the_server(cli):
    result = cli("cypher", "RETURN $i AS i, $f AS f, $b AS b, $n AS n, $l AS l, $s AS s, $q AS q", "-f", "json",
                 "-p", "i=3", "-p", "f=0.25", "-p", "b=true", "-p", "n=null", "-p", 'l=["a", 2]', "-p", "s=Mg2+",
                 "-p", 'q="42"')
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"i": 3, "f": 0.25, "b": True, "n": None, "l": ["a", 2], "s": "Mg2+",
                                          "q": "42"}]


def test_library_file_by_path_and_by_name(cli):
    by_path = cli("cypher", "--file", "cypher/neighbours.cypher", "--param", "name=mg", "-f", "json")
    by_name = cli("cypher", "--file", "neighbours", "--param", "name=MAGNESIUM", "-f", "json")
    assert by_path.returncode == 0, by_path.stderr
    rows = json.loads(by_path.stdout)
    assert rows == json.loads(by_name.stdout)
    assert {(r["relationship"], r["neighbour"]) for r in rows} == {
        ("ANTAGONIST_OF", "NMDA receptor"), ("INCREASES", "dopamine"), ("ASSOCIATED_WITH", "depression")}


def test_library_defaults_apply(cli):
    rows = json.loads(cli("cypher", "--file", "treatments", "-f", "json").stdout)
    assert [r["treatment"] for r in rows] == ["ketamine"]


def test_writing_query_refused_without_write(cli, toy_store):
    result = cli("cypher", "MATCH (e:Entity {name: 'fatigue'}) SET e.flag = true RETURN e.name AS name")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: the query writes (SET at line 1, column 36); read-only unless --write"]
    assert result.stdout == ""
    assert toy_store.query("MATCH (e:Entity {name: 'fatigue'}) RETURN e.flag AS flag")["flag"].isna().all()


def test_write_works(cli, toy_store):
    result = cli("cypher", "CREATE (n:Scratch {name: $name}) RETURN n.name AS name", "--write", "-p", "name=tmp",
                 "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"name": "tmp"}]
    assert toy_store.query("MATCH (n:Scratch) RETURN n.name AS name")["name"].tolist() == ["tmp"]


def test_list(cli):
    result = cli("cypher", "--list", "-f", "json")
    assert result.returncode == 0, result.stderr
    listed = {q["name"]: q for q in json.loads(result.stdout)}
    assert len(listed) >= 12 and "neighbours" in listed
    assert {p["name"] for p in listed["mechanism_paths"]["params"]} >= {"source", "target", "max_hops"}
    table = cli("cypher", "--list")
    assert table.returncode == 0 and "food_sources" in table.stdout and "name: string" in table.stdout


@pytest.mark.parametrize("args, message", [
    (["RETURN 1 AS x", "--param", "oops"], "error: --param 'oops': expected KEY=VALUE, e.g. --param name=magnesium"),
    (["RETURN $x AS x", "--param", "x=[1,"], "error: --param 'x=[1,': value is not valid JSON"),
    (["RETURN $x AS x"], "error: the query uses $x but no value was given: add --param x=VALUE"),
    (["--file", "neighbours"], "error: query 'neighbours': parameter 'name' is required"),
    (["--file", "neighbours", "-p", "name=mg", "-p", "limit=lots"],
     "error: query 'neighbours': parameter 'limit' must be int, not 'lots'"),
    (["--file", "neighbours", "-p", "name=mg", "-p", "colour=red"], "error: query 'neighbours': unknown parameter"),
    (["--file", "no_such_query"], "error: unknown query 'no_such_query'"),
    ([], "error: give a Cypher query, or --file NAME"),
    (["RETURN 1 AS x", "--file", "hubs"], "error: give a Cypher query or --file, not both"),
    (["RETURN 1 AS x", "--param", "a=1", "--param", "a=2"], "error: --param 'a=2': parameter 'a' given twice"),
])
def test_bad_input_is_one_clear_line(cli, args, message):
    result = cli("cypher", *args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), lines
    assert result.stdout == ""


def test_missing_query_file_names_the_file(cli):
    result = cli("cypher", "--file", "missing/file.cypher")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["error: missing/file.cypher: no such query file"]


def test_server_rejection_is_one_line(cli):
    result = cli("cypher", "MATCH (n) RETURN n +")  # the read-only check passes it; the server's parser does not
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the graph server rejected the query")


# --- the library functions behind the command ------------------------------------------


def test_run_cypher_library_api(toy_store, bolt_server):
    info = bolt_server.info
    df = run_cypher(file="neighbours", params={"name": "ketamine"}, uri=info.uri, user=info.user,
                    password=info.password, database=toy_store.database)
    assert set(df["neighbour"]) == {"NMDA receptor", "depression"}
    with pytest.raises(QueryRefusedError):
        run_cypher("MATCH (n) DETACH DELETE n", uri=info.uri, user=info.user, password=info.password,
                   database=toy_store.database)
    assert toy_store.counts()["nodes"] == 9


def test_prepare_and_format_without_a_server():
    cypher, params = prepare(file="hubs", params={"limit": 3})
    assert params == {"category": None, "limit": 3} and "MATCH" in cypher
    with pytest.raises(UsageError):
        prepare("RETURN $a", parse_params(["b=1"]))
    import pandas as pd

    df = pd.DataFrame([[None, 1.5, True]], columns=["a", "b", "c"])
    assert format_result(df, "json") == '[\n  {\n    "a": null,\n    "b": 1.5,\n    "c": true\n  }\n]'
    assert format_result(df, "csv") == "a,b,c\n,1.5,true\n"


def test_a_query_imports_neither_pandas_numpy_networkx_nor_rich_for_json(cli):
    # Each costs more CPU than the query on a running server (issue 15: a second command within 1 s).
    report = ("import atexit, sys\n"
              "atexit.register(lambda: sys.stderr.write('imported: ' + ' '.join(sorted(m for m in "
              "('pandas', 'numpy', 'networkx', 'rich', 'neo4j') if sys.modules.get(m) is not None)) + '\\n'))\n"
              "from neurograph.cli import main\nmain()\n")
    result = cli("cypher", "MATCH (n:Entity) RETURN count(n) AS n", "-f", "json", program=("-c", report))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": 7}]
    assert result.stderr.strip() == "imported: neo4j"
