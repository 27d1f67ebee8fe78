"""Caches that cannot execute code, in a private data directory (issue 17: code execution, permissions)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

from neurograph.config import resolve_home
from neurograph.errors import NoGraphError
from neurograph.graph import load_graph, save_graph
from neurograph.mirror import load_mirror
from neurograph.private_files import UnsafePathError, atomic_write, private_dir, read_private_bytes

OTHER_UID = 65534  # nobody


class _Planted:
    """Unpickling this runs code: it creates the file named in ``marker``."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_planted_pickle_is_never_unpickled(tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    marker = tmp_path / "pwned"
    (home / "graph.pickle").write_bytes(pickle.dumps(_Planted(marker)))
    (home / "build.json").write_text('{"content_hash": "x"}')
    with pytest.raises(NoGraphError, match="older version"):
        load_graph(home)
    with pytest.raises(NoGraphError):
        load_mirror(home)
    assert not marker.exists()


def test_a_pickle_renamed_to_the_mirror_is_refused_unread(tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    marker = tmp_path / "pwned"
    (home / "graph.json").write_bytes(pickle.dumps(_Planted(marker)))
    (home / "build.json").write_text("{}")
    for load in (load_graph, load_mirror):
        with pytest.raises(NoGraphError, match="not a neurograph mirror"):
            load(home)
    assert not marker.exists()


def test_the_mirror_round_trips_exactly(corpus_graph, tmp_path):
    save_graph(corpus_graph, tmp_path / "home")
    G = load_graph(tmp_path / "home")
    assert G.graph == corpus_graph.graph
    assert list(G.nodes(data=True)) == list(corpus_graph.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(corpus_graph.edges(keys=True, data=True))
    # Predecessor order too: undirected path search breaks ties by it.
    assert {n: list(p) for n, p in G._pred.items()} == {n: list(p) for n, p in corpus_graph._pred.items()}
    view = load_mirror(tmp_path / "home")
    assert view._succ == G._succ and view._node == G._node


def test_shared_edge_values_stay_shared(schema, tmp_path):
    import networkx as nx

    G = nx.MultiDiGraph()
    evidence = [{"doc": "x", "sentence": "s"}]
    for i in range(3):
        G.add_node(f"n{i}", kind="entity", name=f"n{i}", category="Gene")
    G.add_edge("n0", "n1", key="BINDS", evidence=evidence)
    G.add_edge("n1", "n2", key="BINDS", evidence=evidence)
    save_graph(G, tmp_path)
    H = load_graph(tmp_path)
    assert H.edges["n0", "n1", "BINDS"]["evidence"] is H.edges["n1", "n2", "BINDS"]["evidence"]
    assert H.edges["n0", "n1", "BINDS"]["evidence"] == evidence


def test_a_mirror_of_another_user_is_refused(toy_graph, tmp_path):
    home = tmp_path / "home"
    save_graph(toy_graph, home)
    os.chown(home / "graph.json", OTHER_UID, -1)
    for load in (load_graph, load_mirror):
        with pytest.raises(UnsafePathError, match=r"graph\.json: refusing to read a file owned by uid 65534"):
            load(home)


def test_a_group_writable_mirror_is_refused(toy_graph, tmp_path):
    home = tmp_path / "home"
    save_graph(toy_graph, home)
    os.chmod(home / "graph.json", 0o664)
    with pytest.raises(UnsafePathError, match="writable by group or others"):
        load_graph(home)


def test_a_symlinked_cache_is_refused(tmp_path):
    home = private_dir(tmp_path / "home")
    atomic_write(tmp_path / "elsewhere.json", "{}")
    (home / "cache.json").symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(UnsafePathError, match="symbolic link"):
        read_private_bytes(home / "cache.json")


def test_a_data_directory_of_another_user_is_refused(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    os.chown(other, OTHER_UID, -1)
    with pytest.raises(UnsafePathError, match="owned by uid 65534"):
        resolve_home(other)


def test_atomic_writes_never_share_a_temporary_name(tmp_path):
    # Two writers of one file each get their own temporary file; the last rename wins whole.
    from neurograph.private_files import atomic_writer

    with atomic_writer(tmp_path / "f") as a, atomic_writer(tmp_path / "f") as b:
        a.write(b"first")
        b.write(b"second")
    assert (tmp_path / "f").read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]


_UMASK_000_BUILD = r"""
import os, sys
os.umask(0)
from neurograph.config import resolve_home
from neurograph.graph import save_graph
from neurograph.embedded import EmbeddedServer
import networkx as nx
home = resolve_home(sys.argv[1])
G = nx.MultiDiGraph()
G.add_node("a", kind="entity", name="a", category="Gene")
save_graph(G, home)
server = EmbeddedServer(home)
server.password()
server._write_state({"pid": 0})
"""


def test_files_are_private_under_umask_000(tmp_path):
    home = tmp_path / "home"
    subprocess.run([sys.executable, "-c", _UMASK_000_BUILD, str(home)], check=True,
                   env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert home.stat().st_mode & 0o777 == 0o700
    for path in [home / "graph.json", home / "build.json", home / "statements.jsonl", home / "server" / "password",
                 home / "server" / "state.json"]:
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert (home / "server").stat().st_mode & 0o777 == 0o700


def test_an_existing_open_data_directory_is_tightened(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)
    resolve_home(home)
    assert home.stat().st_mode & 0o777 == 0o700


_BUILD = r"""
import sys
from neurograph.pipeline import build
result = build([sys.argv[1]], home=sys.argv[2])
print(result.rebuilt)
"""


def test_concurrent_builds_take_turns(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Magnesium blocks the NMDA receptor. Ketamine relieves depression.")
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [subprocess.Popen([sys.executable, "-c", _BUILD, str(docs), str(home)], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1][-300:] for o in outs]
    # One built; the others waited for it and reused its result.
    assert sorted(o[0].strip() for o in outs) == ["False", "False", "True"]
    names = {p.name for p in home.iterdir()}
    assert {"build.json", "extractions.sqlite", "graph.json", "locks", "negated.jsonl", "statements.jsonl"} <= names
    assert not [n for n in names if n.startswith(".") or n.endswith(".tmp")]  # no temporary file left behind
    assert load_graph(home).number_of_edges() > 0
