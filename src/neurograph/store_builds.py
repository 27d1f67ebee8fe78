"""Which build the store holds: the record a load writes, and the warning when it is not the last build.

Every load writes one ``(:NeurographBuild {id: "neurograph:build"})`` node
(:meth:`neurograph.store.GraphStore.build_record`); the readers of the store
compare it with the data directory's ``build.json`` and warn
(:class:`StaleStoreWarning`) when they differ. No driver here: the store
object is passed in.

Examples
--------
>>> build_id({"content_hash": "ab12", "built_at": "2026-01-01T00:00:00Z"}), build_id({"built_at": "t"})
('ab12', 't')
"""

from __future__ import annotations

import json
import os
from pathlib import Path

#: The label of the one node that says which build the store holds (:meth:`GraphStore.build_record`).
#: It is no entity or document: :meth:`GraphStore.counts` leaves it out, and loads never treat it as data.
BUILD_LABEL = "NeurographBuild"
BUILD_NODE_ID = "neurograph:build"


def build_id(attrs: dict | None) -> str:
    """Which build a mirror is: its content hash (a digest of every input of the build), else its build time.

    ``attrs`` is a mirror's ``G.graph`` or the data directory's build record
    (:func:`neurograph.graph.build_info`); both carry the same two keys.

    >>> build_id({"content_hash": "ab12", "built_at": "2026-01-01T00:00:00Z"}), build_id(None)
    ('ab12', '')
    """
    if not attrs:
        return ""
    return str(attrs.get("content_hash") or attrs.get("built_at") or "")


#: How a load writes the mirror (records, digests). A store loaded in another format is compared in full.
RECORD_FORMAT = 2


def build_properties(G, complete: bool) -> dict:
    """The properties of the build record a load of ``G`` writes (``complete``: its last write is done)."""
    import time

    return {"build": build_id(G.graph), "built_at": str(G.graph.get("built_at") or ""), "complete": complete,
            "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "format": RECORD_FORMAT,
            "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}


def holds_build(record: dict | None, G) -> bool:
    """Whether the store's build ``record`` says it completely holds the mirror ``G``: one comparison.

    Only a built mirror qualifies: it carries the content hash of every input
    of its build (documents, vocabularies, curated files, merged sources) and
    its build time, which a new build (``--force`` too) changes. A graph made
    or edited in Python without a content hash is always compared in full.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(content_hash="ab12", built_at="2026-01-01T00:00:00Z")
    >>> holds_build(build_properties(G, complete=True), G), holds_build(build_properties(G, complete=False), G)
    (True, False)
    >>> del G.graph["content_hash"]
    >>> holds_build(build_properties(G, complete=True), G)
    False
    """
    if not record or not G.graph.get("content_hash"):
        return False
    wanted = build_properties(G, complete=True)
    return all(record.get(k) == v for k, v in wanted.items() if k != "loaded_at")


class StaleStoreWarning(UserWarning):
    """The store does not hold the data directory's last build (see :func:`stale_store_message`)."""


def stale_store_message(store, home: str | os.PathLike) -> str | None:
    """Why ``store`` does not answer for the last build of ``home`` (one line, with the command to run), or None.

    Compares the store's build record (:meth:`GraphStore.build_record`)
    with the data directory's build record. ``store`` is a
    :class:`~neurograph.store.GraphStore`. Nothing to say when ``home``
    has no build. neurograph warns rather than loading by itself: a load
    can take minutes, writes into a store others may use, and a user may
    keep a store at an older build on purpose.
    """
    info = _last_build(home)
    if not info:
        return None
    record = store.build_record()
    load = "run `neurograph load` to load it"
    if record is None:
        if not store.holds_entities():
            return f"the store is empty, but {home} has a build: {load}"
        return ("the store does not record which build it holds (loaded by an older neurograph, or bulk-imported "
                "from `export --format neo4j-admin`): run `neurograph load` to bring it up to date")
    if not record.get("complete"):
        return "the last load into the store did not finish: run `neurograph load` to complete it"
    if record.get("build") != build_id(info):
        return (f"the store holds another build (built {record.get('built_at') or '?'}, loaded "
                f"{record.get('loaded_at') or '?'}) than the last build of {home} (built {info.get('built_at')}): "
                f"its answers may differ from `neurograph path`'s; {load}")
    return None


def _last_build(home: str | os.PathLike) -> dict | None:
    """The data directory's build record (as :func:`neurograph.graph.build_info` reads it), or None.

    Read here rather than through :mod:`neurograph.graph`, which imports
    networkx: half a second a ``cypher`` command does not otherwise need.
    """
    from .private_files import read_private_text

    home = Path(home)
    if not (home / "build.json").is_file() or not (home / "graph.json").is_file():
        return None
    try:
        return json.loads(read_private_text(home / "build.json"))
    except ValueError:
        return None


def warn_if_stale(store, home: str | os.PathLike) -> None:
    import warnings

    from .private_files import UnsafePathError

    try:
        message = stale_store_message(store, home)
    except UnsafePathError:
        return  # a data directory that is not the user's own says nothing about this store
    if message:
        warnings.warn(message, StaleStoreWarning, stacklevel=4)
