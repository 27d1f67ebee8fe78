"""The store's state under concurrency and out-of-band changes (issue 17: duplicates, --verify, counts, locks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import warnings

import pytest

from neurograph.graph import save_graph
from neurograph.locks import LockBusyError, busy_message, lock

pytestmark = pytest.mark.server


def _keys(store) -> list[str]:
    return store.query("MATCH ()-[r]->() WHERE r.ng_owner = 'neurograph' RETURN r.ng_key AS k")["k"].tolist()


def test_verify_restores_relationships_deleted_behind_neurographs_back(store, toy_graph, schema):
    store.load(toy_graph, schema)
    before = sorted(_keys(store))
    store.query("MATCH ()-[r:ANTAGONIST_OF]->() DELETE r", write=True)
    store.query("MATCH ()-[r:MENTIONS]->() WITH r LIMIT 1 SET r.count = 99", write=True)
    plain = store.load(toy_graph, schema)
    assert plain.written == 0  # the digests cannot see it ...
    assert "load --verify" in plain.warning  # ... but the counts can
    report = store.load(toy_graph, schema, verify=True)
    assert report.relationships_created == 2 and report.relationships_updated == 1
    assert sorted(r for r in report.repairs if "ANTAGONIST_OF" in r) == sorted(
        f"wrote missing relationship {k}" for k in before if "|ANTAGONIST_OF|" in k)
    assert any(r.startswith("restored the properties of relationship doc:") for r in report.repairs)
    assert sorted(_keys(store)) == before and report.warning is None
    assert store.query("MATCH ()-[r:MENTIONS]->() WHERE r.count = 99 RETURN r").empty
    again = store.load(toy_graph, schema, verify=True)  # what a load writes reads back equal
    assert again.repairs == [] and again.written == 0


def test_the_store_refuses_a_second_copy_of_a_statement(store, toy_graph, schema):
    from neurograph.errors import StoreError

    store.load(toy_graph, schema)
    with pytest.raises(StoreError, match="ConstraintValidationFailed"):
        store.query("MATCH (a:Entity {id: 'CHEBI:18420'})-[r:ANTAGONIST_OF]->(b) "
                    "CREATE (a)-[r2:ANTAGONIST_OF]->(b) SET r2 = properties(r)", write=True)
    # Relationships without ng_key (someone else's) are not constrained.
    store.query("MATCH (a:Entity {id: 'CHEBI:18420'}), (b:Entity {id: 'CHEBI:18243'}) "
                "CREATE (a)-[:BINDS {note: 1}]->(b), (a)-[:BINDS {note: 2}]->(b)", write=True)
    assert store.ensure_key_constraints(schema) == []


def test_verify_removes_extra_owned_relationships_and_restores_nodes(store, toy_graph, schema):
    store.load(toy_graph, schema)
    # As in a store an older version left: no key constraint, so duplicates could be written.
    store.query("DROP CONSTRAINT ng_ANTAGONIST_OF_key", write=True)
    store.query("MATCH (a:Entity {id: 'CHEBI:18420'}), (b:Entity {id: 'CHEBI:18243'}) "
                "CREATE (a)-[:BINDS {ng_owner: 'neurograph', ng_key: 'fake', ng_hash: 'x'}]->(b)", write=True)
    store.query("MATCH (a:Entity {id: 'CHEBI:18420'})-[r:ANTAGONIST_OF]->(b) "
                "CREATE (a)-[r2:ANTAGONIST_OF]->(b) SET r2 = properties(r)", write=True)
    store.query("MATCH (n:Entity {id: 'CHEBI:18420'}) SET n.name = 'tampered'", write=True)
    report = store.load(toy_graph, schema, verify=True)
    assert "removed relationship fake (not in the mirror)" in report.repairs
    assert any(r.startswith("removed 1 duplicate(s) of relationship CHEBI:18420|ANTAGONIST_OF") for r in report.repairs)
    assert "restored the properties or labels of node CHEBI:18420" in report.repairs
    counts = store.counts()
    assert (counts["nodes"], counts["relationships"]) == (toy_graph.number_of_nodes(), toy_graph.number_of_edges())
    assert len(_keys(store)) == len(set(_keys(store)))
    assert store.query("MATCH (n:Entity {id: 'CHEBI:18420'}) RETURN n.name AS n")["n"].tolist() == ["magnesium"]
    assert "ANTAGONIST_OF" in {c["label"] for c in store.constraints() if c["properties"] == ["ng_key"]}


def test_deleted_counts_what_was_deleted(store, toy_graph, schema):
    store.load(toy_graph, schema)
    toy_graph.nodes["CHEBI:6121"]["category"] = "DrugClass"  # relabelled: deleted and created again inside
    relabel = store.load(toy_graph, schema)
    assert (relabel.nodes_deleted, relabel.nodes_created, relabel.nodes_updated) == (0, 0, 1)
    toy_graph.remove_node("doc:doc_b")
    report = store.load(toy_graph, schema)
    assert report.nodes_deleted == 1 and report.nodes_disowned == 0


def test_a_second_load_waits_or_names_the_running_one(tmp_path):
    with lock(tmp_path, "load"):
        with pytest.raises(LockBusyError, match=rf"another load is running \(pid {os.getpid()}, since "):
            with lock(tmp_path, "load", timeout=0):
                pass
        assert busy_message(tmp_path).startswith(f"another load is running (pid {os.getpid()}")
    assert busy_message(tmp_path) is None
    # A waiting locker gets the lock once the holder lets go.
    waited: list = []
    held = lock(tmp_path, "load")
    held.__enter__()
    threading.Timer(0.5, held.__exit__, (None, None, None)).start()
    with lock(tmp_path, "load", timeout=10, on_wait=waited.append):
        assert busy_message(tmp_path) is not None
    assert len(waited) == 1 and "waiting up to 10 s" in waited[0]


_LOAD = r"""
import json, sys
from neurograph.store import load_graph_into_store
report = load_graph_into_store(sys.argv[1], uri=sys.argv[2], user=sys.argv[3], password=sys.argv[4],
                               database=sys.argv[5], on_wait=lambda m: print("waited:", m, file=sys.stderr))
print(json.dumps({"created": report.relationships_created, "unchanged": report.unchanged}))
"""


def test_two_loads_at_once_leave_one_copy_of_everything(bolt_server, corpus_graph, tmp_path):
    home = tmp_path / "home"
    save_graph(corpus_graph, home)
    database = bolt_server.fresh_database("race")
    info = bolt_server.info
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    args = [sys.executable, "-c", _LOAD, str(home), info.uri, info.user, info.password, database]
    try:
        # The test holds the load lock while both start, so they meet at it however fast the machine is
        # (on a quiet one, a first load could otherwise end before the second one asks).
        held = lock(home, "load")
        held.__enter__()
        try:
            procs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for _ in range(2)]
            time.sleep(5)
        finally:
            held.__exit__(None, None, None)
        outs = [p.communicate(timeout=600) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], [o[1][-500:] for o in outs]
        created = sorted(json.loads(o[0])["created"] for o in outs)
        assert created == [0, corpus_graph.number_of_edges()]
        assert sum("waited: another load is running (pid" in o[1] for o in outs) >= 1
        with bolt_server.open(database) as store:
            counts = store.counts()
            assert (counts["nodes"], counts["relationships"]) == (corpus_graph.number_of_nodes(),
                                                                  corpus_graph.number_of_edges())
            keys = _keys(store)
            assert len(keys) == len(set(keys)) == corpus_graph.number_of_edges()
    finally:
        bolt_server.server.drop_database(database)


_HOLD = r"""
import sys, time
from neurograph.locks import lock
with lock(sys.argv[1], sys.argv[2]):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_readers_are_told_that_a_load_is_running(bolt_server, tmp_path, monkeypatch):
    from neurograph.config import default_home
    from neurograph.locks import store_lock_name
    from neurograph.store import open_store

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    info = bolt_server.info
    name = store_lock_name(info.uri, info.database)
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(default_home()), name], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env={**os.environ,
                                                                      "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockBusyError, match=rf"a load into this store is running \(pid {holder.pid}, since"):
            with open_store(uri=info.uri, user=info.user, password=info.password, database=info.database):
                pass
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    with open_store(uri=info.uri, user=info.user, password=info.password, database=info.database) as store:
        assert store.query("RETURN 1 AS one")["one"][0] == 1


def test_cli_load_verify_repairs_what_cypher_write_deleted(bolt_server, toy_graph, tmp_path):
    save_graph(toy_graph, tmp_path / "home")
    database = bolt_server.fresh_database("verify")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update({"NEO4J_URI": bolt_server.info.uri, "NEO4J_USERNAME": "root", "PYTHONPATH": os.pathsep.join(sys.path),
                "NEO4J_PASSWORD": bolt_server.info.password, "NEO4J_DATABASE": database,
                "NEUROGRAPH_HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "xdg")})

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "neurograph.cli", *args], capture_output=True, text=True,
                              env=env, timeout=300)

    try:
        assert cli("load").returncode == 0
        deleted = cli("cypher", "--write", "MATCH ()-[r:MENTIONS]->() DELETE r")
        assert deleted.returncode == 0, deleted.stderr
        plain = cli("load")
        assert "unchanged: 28" in plain.stdout
        assert "run `neurograph load --verify` to repair" in plain.stderr
        verified = cli("load", "--verify")
        assert verified.returncode == 0, verified.stderr
        repaired = [line for line in verified.stdout.splitlines() if line.startswith("repaired: ")]
        assert len(repaired) == 11 and all("|MENTIONS|" in line for line in repaired)
        assert "verified: 11 repair(s)" in verified.stdout and "created: 0 nodes, 11 relationships" in verified.stdout
        assert "warning" not in verified.stderr
        assert "verified: 0 repair(s)" in cli("load", "--verify").stdout
    finally:
        bolt_server.server.drop_database(database)


# --- the store records the build it holds (issue 15: stale store) ------------------------------------------


def test_a_store_behind_the_last_build_warns_with_the_command_and_is_quiet_after_load(bolt_server, toy_graph,
                                                                                       tmp_path):
    home = tmp_path / "home"
    toy_graph.graph.update(content_hash="first", built_at="2026-01-01T00:00:00Z")
    save_graph(toy_graph, home)
    database = bolt_server.fresh_database("stale")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update({"NEO4J_URI": bolt_server.info.uri, "NEO4J_USERNAME": "root", "PYTHONPATH": os.pathsep.join(sys.path),
                "NEO4J_PASSWORD": bolt_server.info.password, "NEO4J_DATABASE": database,
                "NEUROGRAPH_HOME": str(home), "XDG_DATA_HOME": str(tmp_path / "xdg")})

    def cypher():
        done = subprocess.run([sys.executable, "-m", "neurograph.cli", "cypher", "MATCH (n:Entity) RETURN count(n) AS n",
                               "-f", "json"], capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)[0]["n"], done.stderr

    def load():
        done = subprocess.run([sys.executable, "-m", "neurograph.cli", "load"], capture_output=True, text=True,
                              env=env, timeout=300)
        assert done.returncode == 0 and "warning" not in done.stderr, done.stderr
        return done.stdout

    try:
        n, stderr = cypher()
        assert n == 0 and stderr.startswith("warning: the store is empty") and "run `neurograph load`" in stderr
        load()
        n, stderr = cypher()
        assert (n, stderr) == (7, "")
        # A new build: the store still answers for the old one, and says so.
        toy_graph.graph.update(content_hash="second", built_at="2026-01-02T00:00:00Z")
        save_graph(toy_graph, home)
        n, stderr = cypher()
        assert n == 7 and stderr.count("\n") == 1 and stderr.startswith("warning: the store holds another build "
                                                                        "(built 2026-01-01T00:00:00Z")
        assert "(built 2026-01-02T00:00:00Z)" in stderr and stderr.rstrip().endswith("run `neurograph load` to load it")
        path = subprocess.run([sys.executable, "-m", "neurograph.cli", "path", "magnesium", "dopamine", "--backend",
                               "store"], capture_output=True, text=True, env=env, timeout=300)
        assert path.returncode == 0 and "magnesium" in path.stdout, path.stderr
        assert "warning: the store holds another build" in path.stderr
        assert "unchanged: 28" in load()  # the same graph: only the build record changes
        assert cypher() == (7, "")
    finally:
        bolt_server.server.drop_database(database)


def test_the_build_record_marks_a_load_that_did_not_finish_and_is_not_counted(store, toy_graph, schema, tmp_path):
    from neurograph.store import BUILD_LABEL, stale_store_message

    toy_graph.graph.update(content_hash="abc", built_at="2026-01-01T00:00:00Z")
    save_graph(toy_graph, tmp_path)
    report = store.load(toy_graph, schema)
    record = store.build_record()
    assert record["build"] == "abc" and record["complete"] is True and record["nodes"] == 9
    # The record is no part of the graph: counts and a reload leave it out.
    assert report.counts["nodes"] == 9 and BUILD_LABEL not in report.counts["labels"]
    assert store.load(toy_graph, schema).unchanged == 28
    assert stale_store_message(store, tmp_path) is None
    from neurograph.graph import BUILD_FILE, MIRROR_FILE

    assert (BUILD_FILE, MIRROR_FILE) == ("build.json", "graph.json")  # what store._last_build reads
    store._record_build(toy_graph, complete=False)  # what a load killed half-way leaves
    assert stale_store_message(store, tmp_path) == ("the last load into the store did not finish: "
                                                    "run `neurograph load` to complete it")
    # The first query of a store opened for a data directory says so, once; a load first says nothing.
    store.check_build_of = tmp_path
    with pytest.warns(UserWarning, match="did not finish"):
        store.query("RETURN 1 AS one")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        store.query("RETURN 1 AS one")
        store.check_build_of = tmp_path
        store.load(toy_graph, schema)
        assert store.query("RETURN 1 AS one")["one"][0] == 1


def test_a_same_build_reload_is_one_comparison_and_another_format_is_compared_in_full(store, toy_graph, schema):
    from neurograph.store_builds import RECORD_FORMAT

    toy_graph.graph.update(content_hash="same", built_at="2026-01-01T00:00:00Z")
    store.load(toy_graph, schema)
    # Changed in Python behind the build's back: a same-build reload trusts the content hash and looks no further.
    edge = toy_graph.edges["CHEBI:18420", "FPLX:NMDA_receptor", "ANTAGONIST_OF"]
    edge["confidence"] = 0.5
    same = store.load(toy_graph, schema)
    assert same.written == 0 and same.batches == 0
    assert same.unchanged == toy_graph.number_of_nodes() + toy_graph.number_of_edges()
    assert same.counts == {**store.counts(owned=False)}  # the mirror's counts are the store's
    # A store written in another record format (an older neurograph) is compared in full, then recorded anew.
    store.query("MATCH (b:NeurographBuild) SET b.format = $f", {"f": RECORD_FORMAT - 1}, write=True)
    full = store.load(toy_graph, schema)
    assert full.relationships_updated == 1 and store.build_record()["format"] == RECORD_FORMAT
    # A new build (another build time) is compared in full too.
    edge["confidence"] = 0.6
    toy_graph.graph["built_at"] = "2026-01-02T00:00:00Z"
    assert store.load(toy_graph, schema).relationships_updated == 1
    conf = store.query("MATCH (:Entity {id: 'CHEBI:18420'})-[r:ANTAGONIST_OF]->() RETURN r.confidence AS c")
    assert conf["c"].tolist() == [0.6]


def test_a_load_stopped_after_its_nodes_is_completed_by_the_next(store, toy_graph, schema):
    # New nodes are created with the digest of their relationships; a load that stops before writing them
    # leaves the build record incomplete, so the next load compares every node's relationships.
    class Stop(Exception):
        pass

    def stop(step, done, total):
        if step == "relationships":
            raise Stop

    with pytest.raises(Stop):
        store.load(toy_graph, schema, batch_size=2, progress=stop)
    assert store.counts()["relationships"] < toy_graph.number_of_edges()
    store.load(toy_graph, schema)
    counts = store.counts()
    assert (counts["nodes"], counts["relationships"]) == (toy_graph.number_of_nodes(), toy_graph.number_of_edges())
    assert len(_keys(store)) == len(set(_keys(store))) and store.load(toy_graph, schema).written == 0
