"""`neurograph cypher QUERY --view`: what a query returns, drawn, on the real embedded server."""

from __future__ import annotations

import subprocess
import sys

import pytest

from neurograph.errors import NeurographError, QueryRefusedError
from neurograph.view_query import write_query_view

from test_view import payload

pytestmark = pytest.mark.server

PATHS = ("MATCH p = (a:Entity {name: $name})-[r]->(b:Entity)-[s]->(c:Entity) "
         "RETURN p ORDER BY b.name, c.name LIMIT 4")


@pytest.fixture
def toy_store(store, toy_graph, schema):
    store.load(toy_graph, schema)
    return store


def connection(bolt_server, store) -> dict:
    info = bolt_server.info
    return {"uri": info.uri, "user": info.user, "password": info.password, "database": store.database}


def test_query_graph_returns_nodes_relationships_and_paths(toy_store):
    elements = toy_store.query_graph(PATHS, {"name": "magnesium"})
    names = {e["properties"]["name"] for e in elements["nodes"].values()}
    assert "magnesium" in names and len(elements["paths"]) >= 1
    assert all(len(p) == 2 for p in elements["paths"])
    rels = {r["id"]: r for r in elements["relationships"]}
    assert all(r in rels for p in elements["paths"] for r in p)
    with pytest.raises(QueryRefusedError):
        toy_store.query_graph("MATCH (n) DETACH DELETE n")


def test_a_query_view_draws_its_paths_with_their_evidence(toy_store, bolt_server, schema, tmp_path, toy_graph):
    result = write_query_view(PATHS, {"name": "magnesium"}, tmp_path / "q.html", schema=schema,
                              **connection(bolt_server, toy_store))
    data = payload((tmp_path / "q.html").read_text())
    assert (len(data["nodes"]), len(data["edges"])) == (result.nodes, result.edges)
    assert result.paths and result.paths[0].startswith("magnesium -")
    assert data["meta"]["mode"] == "query" and data["paths"][0]["names"][0] == "magnesium"
    assert all(e["onPath"] for e in data["edges"])
    # Evidence comes back from the store's parallel lists, as the mirror has it.
    edge = next(e for e in data["edges"] if e["card"]["evidence"])
    u, v, k = edge["from"], edge["to"], edge["type"]
    assert [ev["sentence"] for ev in edge["card"]["evidence"]] == [
        ev["sentence"] for ev in toy_graph.edges[u, v, k]["evidence"]]
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_a_query_returning_no_graph_elements_is_refused(toy_store, bolt_server, schema, tmp_path):
    with pytest.raises(NeurographError, match="nothing to draw"):
        write_query_view("MATCH (e:Entity) RETURN e.name AS name", None, tmp_path / "q.html", schema=schema,
                         **connection(bolt_server, toy_store))
    assert not (tmp_path / "q.html").exists()


def test_cypher_view_command(toy_store, bolt_server, tmp_path):
    info = bolt_server.info
    env = {"PATH": "/usr/bin:/bin", "NEO4J_PASSWORD": info.password, "HOME": str(tmp_path),
           "PYTHONPATH": ":".join(p for p in sys.path if p.endswith("/src"))}
    args = ["--uri", info.uri, "--user", info.user, "--database", toy_store.database,
            "--data-dir", str(tmp_path / "home")]
    done = subprocess.run([sys.executable, "-m", "neurograph.cli", "cypher", PATHS, "--param", "name=magnesium",
                           "--view", "q.html", *args], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("q.html: query: MATCH p") and "path 1: magnesium" in done.stderr
    assert payload((tmp_path / "q.html").read_text())["paths"]
    refused = subprocess.run([sys.executable, "-m", "neurograph.cli", "cypher", "MATCH (n) RETURN n", "--write",
                              "--view", "q2.html", *args], capture_output=True, text=True, env=env, cwd=tmp_path,
                             timeout=120)
    assert refused.returncode == 2 and "read-only" in refused.stderr and not (tmp_path / "q2.html").exists()
