"""The embedded server's lifecycle, kill -9 recovery and the `load`/`server` commands (real processes)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest

from neurograph.embedded import EmbeddedServer, _alive, ensure_server
from neurograph.errors import StoreError
from neurograph.graph import save_graph
from neurograph.store import GraphStore, open_store
from neurograph.synthetic import synthetic_graph

pytestmark = pytest.mark.server


def test_start_status_stop_lifecycle(tmp_path):
    server = EmbeddedServer(tmp_path)
    assert server.status()["running"] is False
    info = server.start(heap="512m")
    try:
        mode = stat.S_IMODE(os.stat(server.password_file).st_mode)
        assert mode == 0o600
        assert "password" not in repr(info) or "***" in repr(info)
        assert info.password not in repr(info)
        status = server.status()
        assert status["running"] and status["pid"] == info.pid and status["bolt_port"] == info.bolt_port
        assert status["uptime"] >= 0 and status["database_size"] > 0
        state = json.loads(server.state_file.read_text())
        assert state["pid"] == info.pid and "password" not in state
        # A second start finds the running server instead of starting another.
        assert server.start().pid == info.pid
        assert server.list_databases() == ["neurograph"]
        mcp = json.loads((server.root / "config" / "mcp-config.json").read_text())
        assert mcp["enabled"] is False
        with GraphStore(info.uri, info.user, info.password, info.database) as store:
            assert store.query("RETURN 1 AS one")["one"][0] == 1
    finally:
        assert server.stop() is True
    assert not server.state_file.exists()
    assert server.status()["running"] is False
    assert server.stop() is False
    with pytest.raises(OSError):
        os.kill(info.pid, 0)


def test_stale_state_is_cleaned_and_ensure_server_stops_what_it_started(tmp_path):
    server = EmbeddedServer(tmp_path)
    server.root.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    server.state_file.write_text(json.dumps({"pid": dead.pid, "bolt_port": 1, "http_port": 2, "https_port": 3,
                                             "started_at": 0}))
    assert server.status()["running"] is False
    assert not server.state_file.exists()
    with ensure_server(tmp_path, heap="512m") as info:
        assert server.status()["running"]
        # A nested ensure_server reuses the running one and leaves it running.
        with ensure_server(tmp_path) as again:
            assert again.pid == info.pid
        assert server.status()["running"]
    assert server.status()["running"] is False


def test_password_never_leaks_into_errors(tmp_path):
    server = EmbeddedServer(tmp_path)
    password = server.password()
    with pytest.raises(StoreError) as info:
        server.create_database("x")  # not running
    assert password not in str(info.value)
    with pytest.raises(StoreError, match="invalid database name"):
        server._admin  # noqa: B018 - attribute exists
        server.drop_database("x; drop database neurograph")


def test_kill_9_mid_load_then_rerun_gives_exactly_the_graph(tmp_path, schema):
    G = synthetic_graph(schema, n_entities=600, n_statements=3000, n_documents=6, seed=11)
    server = EmbeddedServer(tmp_path)
    info = server.start(heap="512m")
    killed = threading.Event()

    def kill_midway(step, done, total):
        if step == "relationships" and done > total // 2 and not killed.is_set():
            killed.set()
            os.kill(info.pid, signal.SIGKILL)

    try:
        with pytest.raises(StoreError):
            with GraphStore(info.uri, info.user, info.password, info.database) as store:
                store.driver.close()
                import neo4j

                store.driver = neo4j.GraphDatabase.driver(info.uri, auth=(info.user, info.password),
                                                          max_transaction_retry_time=2)
                store.load(G, schema, batch_size=200, progress=kill_midway)
        assert killed.is_set()
        assert server.status()["running"] is False  # the dead pid's state is cleaned up
        info = server.start(heap="512m")
        with GraphStore(info.uri, info.user, info.password, info.database) as store:
            partial = store.counts()
            assert 0 < partial["relationships"] < G.number_of_edges()
            report = store.load(G, schema, batch_size=200)
            assert report.relationships_created == G.number_of_edges() - partial["relationships"]
            counts = store.counts()
            assert counts["nodes"] == counts["owned_nodes"] == G.number_of_nodes()
            assert counts["relationships"] == counts["owned_relationships"] == G.number_of_edges()
            keys = store.query("MATCH ()-[r]->() RETURN r.ng_key AS k")["k"]
            assert keys.is_unique
            # Every property matches the mirror: a further load finds nothing to write.
            assert store.load(G, schema).written == 0
    finally:
        server.stop()


def run_cli(*args, env=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "neurograph.cli", *args], capture_output=True, text=True,
                          env=full_env, timeout=300)


def test_cli_load_into_a_server_given_by_environment(tmp_path, bolt_server, toy_graph, schema):
    save_graph(toy_graph, tmp_path)
    database = bolt_server.fresh_database("cli")
    env = {"NEO4J_URI": bolt_server.info.uri, "NEO4J_USERNAME": "root",
           "NEO4J_PASSWORD": bolt_server.info.password, "NEO4J_DATABASE": database}
    try:
        result = run_cli("load", "--data-dir", str(tmp_path), "--batch-size", "3", env=env)
        assert result.returncode == 0, result.stderr
        assert "created: 9 nodes, 19 relationships" in result.stdout
        assert "7 entities, 2 documents, 8 statements, 11 mentions" in result.stdout
        assert bolt_server.info.password not in result.stdout + result.stderr
        again = run_cli("load", "--data-dir", str(tmp_path), env=env)
        assert "unchanged: 28" in again.stdout and "created: 0 nodes, 0 relationships" in again.stdout
        bad = run_cli("load", "--data-dir", str(tmp_path), env={**env, "NEO4J_PASSWORD": "Wrong-pass-99"})
        assert bad.returncode == 1
        assert bad.stderr.strip().splitlines() == [
            f"error: authentication failed for user 'root' at {bolt_server.info.uri}"]
        assert "Wrong-pass-99" not in bad.stdout + bad.stderr
    finally:
        bolt_server.server.drop_database(database)


def test_cli_load_and_server_commands_on_the_embedded_default(tmp_path, toy_graph):
    save_graph(toy_graph, tmp_path)
    home = ["--data-dir", str(tmp_path)]
    # No server running: load starts one for the load and stops it afterwards.
    result = run_cli("load", *home)
    assert result.returncode == 0, result.stderr
    assert "7 entities, 2 documents, 8 statements, 11 mentions" in result.stdout
    assert json.loads(run_cli("server", "status", "--json", *home).stdout)["running"] is False
    started = run_cli("server", "start", "--heap", "512m", *home)
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("running: bolt://127.0.0.1:")
    try:
        status = json.loads(run_cli("server", "status", "--json", *home).stdout)
        assert status["running"] is True and status["pid"] > 0
        # The running server is reused (and left running); the data persisted across restarts.
        again = run_cli("load", *home)
        assert "unchanged: 28" in again.stdout
        assert json.loads(run_cli("server", "status", "--json", *home).stdout)["pid"] == status["pid"]
        with open_store(home=tmp_path) as store:
            assert store.counts()["statements"] == 8
    finally:
        stopped = run_cli("server", "stop", *home)
    assert stopped.stdout.strip() == "stopped"
    assert run_cli("server", "stop", *home).stdout.strip() == "not running"


def test_overlapping_users_in_two_processes_do_not_stop_the_server_under_each_other(tmp_path):
    code = ("import sys; from neurograph.embedded import ensure_server\n"
            f"with ensure_server({str(tmp_path)!r}, heap='512m') as info:\n"
            "    print(info.pid, flush=True); sys.stdin.readline()\n")
    other = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        pid = int(other.stdout.readline())
        server = EmbeddedServer(tmp_path)
        with ensure_server(tmp_path) as info:
            assert info.pid == pid
            other.stdin.write("\n")
            other.stdin.flush()
            other.wait(timeout=60)
            # The process that started it has finished; this block still uses it.
            assert server.status()["running"]
            with GraphStore(info.uri, info.user, info.password, info.database) as store:
                assert store.query("RETURN 1 AS one")["one"][0] == 1
        assert server.status()["running"] is False  # the last user out stopped it
    finally:
        if other.poll() is None:
            other.kill()
        EmbeddedServer(tmp_path).stop()


def test_java_start_failure_names_the_log(tmp_path):
    server = EmbeddedServer(tmp_path)
    with pytest.raises(StoreError) as info:
        server.start(heap="lots", timeout=60)
    message = str(info.value)
    assert "embedded server exited during start-up" in message
    assert str(server.console_log) in message and "\n" not in message
    assert server.status()["running"] is False and not server.state_file.exists()


def test_a_dead_server_is_reported_as_dead_not_unreachable(tmp_path):
    server = EmbeddedServer(tmp_path)
    info = server.start(heap="512m")
    try:
        with GraphStore(info.uri, info.user, info.password, info.database, embedded=server) as store:
            store.driver.close()
            import neo4j

            store.driver = neo4j.GraphDatabase.driver(info.uri, auth=(info.user, info.password),
                                                      max_transaction_retry_time=1)
            assert store.query("RETURN 1 AS x")["x"][0] == 1
            os.kill(info.pid, signal.SIGKILL)
            for _ in range(50):  # until the kernel has ended it
                if server.death_notice() is not None:
                    break
                time.sleep(0.1)
            with pytest.raises(StoreError, match=rf"embedded server \(pid {info.pid}\) died while the command ran"):
                store.query("RETURN 1 AS x")
    finally:
        server.stop()


def test_a_killed_load_does_not_leave_its_temporary_server_running(tmp_path):
    code = ("import sys; from neurograph.embedded import ensure_server\n"
            f"with ensure_server({str(tmp_path)!r}, heap='512m') as info:\n"
            "    print(info.pid, flush=True); sys.stdin.readline()\n")
    other = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    server = EmbeddedServer(tmp_path)
    try:
        pid = int(other.stdout.readline())
        os.kill(other.pid, signal.SIGKILL)  # as kill -9 of `neurograph load`: no finally block runs
        other.wait(timeout=30)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.5)
        assert not _alive(pid), "the temporary server outlived the process that started it"
        assert "stopping: a temporary server that no process uses any more" in server.console_log.read_text()
        assert server.status()["running"] is False and not server.state_file.exists()
    finally:
        if other.poll() is None:
            other.kill()
        server.stop()


# --- a server started on demand outlives the command (NEUROGRAPH_SERVER_IDLE) ------------------------------


def test_a_server_started_on_demand_serves_the_next_command_and_server_stop_still_stops_it(tmp_path, toy_graph):
    save_graph(toy_graph, tmp_path)
    home = ["--data-dir", str(tmp_path)]
    env = {"NEUROGRAPH_SERVER_IDLE": "600"}
    try:
        first = run_cli("cypher", "MATCH (n:Entity) RETURN count(n) AS n", "-f", "json", *home, env=env)
        assert first.returncode == 0, first.stderr
        status = json.loads(run_cli("server", "status", "--json", *home).stdout)
        assert status["running"] is True and status["started"] == "on demand"
        assert status["idle_timeout"] == 600 and 0 < status["stops_in"] <= 600
        second = run_cli("cypher", "RETURN 1 AS one", "-f", "json", *home, env=env)
        assert json.loads(second.stdout) == [{"one": 1}]
        # The same server answered: it was not started again.
        assert json.loads(run_cli("server", "status", "--json", *home).stdout)["pid"] == status["pid"]
        assert EmbeddedServer(tmp_path).console_log.read_text().count("ready: pid") == 1
    finally:
        stopped = run_cli("server", "stop", *home)
    assert stopped.stdout.strip() == "stopped"
    assert not _alive(status["pid"])


def test_an_idle_server_stops_itself_and_two_commands_at_once_start_one_server(tmp_path):
    code = ("import sys; from neurograph.embedded import ensure_server\n"
            f"with ensure_server({str(tmp_path)!r}, heap='512m', idle=4) as info:\n"
            "    print(info.pid, flush=True)\n")
    server = EmbeddedServer(tmp_path)
    try:
        both = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(2)]
        pids = {int(p.communicate(timeout=240)[0]) for p in both}
        assert len(pids) == 1, "two commands at once started two servers"
        pid = pids.pop()
        assert _alive(pid) and server.running() is not None  # it outlived both commands
        deadline = time.monotonic() + 60
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _alive(pid), "an idle server did not stop itself"
        assert "stopping: unused for" in server.console_log.read_text()
        assert server.status()["running"] is False
    finally:
        server.stop()


def test_idle_timeout_comes_from_the_environment_and_is_checked(monkeypatch):
    from neurograph.embedded import DEFAULT_IDLE, idle_timeout
    from neurograph.errors import UsageError

    monkeypatch.delenv("NEUROGRAPH_SERVER_IDLE", raising=False)
    assert idle_timeout() == DEFAULT_IDLE
    monkeypatch.setenv("NEUROGRAPH_SERVER_IDLE", "45")
    assert idle_timeout() == 45 and idle_timeout(3) == 3
    monkeypatch.setenv("NEUROGRAPH_SERVER_IDLE", "soon")
    with pytest.raises(UsageError, match="NEUROGRAPH_SERVER_IDLE='soon' is not a number"):
        idle_timeout()
