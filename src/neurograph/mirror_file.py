"""The mirror's file format: JSON that cannot execute code, read without networkx.

The mirror used to be a pickle. Unpickling runs whatever the file says, so a
planted or tampered ``graph.pickle`` was code execution. The mirror is now
one JSON document, ``graph.json``::

    {"format": "neurograph-mirror", "version": 1,
     "graph": {...G.graph...},
     "nodes": [[node, {attributes}], ...],              # in G's node order
     "edges": [[u, v, key, {attributes}, {name: i}], ...], # in G's edge order
     "shared": [value, ...],                            # see below
     "pred_order": {node: [predecessor, ...]}}          # only where needed

Why JSON (and not a pickle behind an HMAC signature): nothing in it can run,
so no key has to be kept and checked, a user can read it with any tool, and
with ``orjson`` it loads in the same order of time as unpickling did (a
little slower at Hetionet's scale; ``benchmarks/mirror_load.py`` prints the
figures).
Keyed by insertion order, it gives back the same node, successor and
predecessor order, so path search breaks ties the same way.

``shared``: attribute values (lists, dicts) that several edges share by
identity (Hetionet's edges of one metaedge share one evidence list) are
written once and shared again on reading, so the graph keeps its memory
footprint. The fifth item of an edge maps attribute names to indices into
``shared``.

Values must be JSON's: strings, numbers, booleans, None, lists and dicts
with string keys (tuples come back as lists). :func:`write_mirror` refuses
anything else rather than write something it cannot read back.

Examples
--------
>>> import io
>>> nodes = {"a": {"name": "A"}, "b": {"name": "B"}}
>>> ev = [{"doc": "d1"}]
>>> edges = [("a", "b", "BINDS", {"evidence": ev}), ("b", "a", "BINDS", {"evidence": ev})]
>>> buf = io.BytesIO()
>>> write_mirror(buf, {"name": "g"}, nodes.items(), edges, {"a": {"b": None}, "b": {"a": None}})
>>> graph, node, succ, pred = read_mirror_bytes(buf.getvalue())
>>> succ["a"]["b"]["BINDS"]["evidence"] is succ["b"]["a"]["BINDS"]["evidence"]
True
>>> pred["b"]["a"] is succ["a"]["b"]
True
"""

from __future__ import annotations

import json
import os
from typing import IO, Any, Iterable

try:  # a dependency; the standard library reads the same files, three times slower
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None

FORMAT = "neurograph-mirror"
VERSION = 1
_PREFIX = b'{"format": "neurograph-mirror", "version": '


class MirrorFormatError(ValueError):
    """The file is not a mirror this version can read."""


def _check_value(value: Any) -> None:
    raise TypeError(f"a mirror attribute of type {type(value).__name__} cannot be saved as JSON: {value!r:.80}")


def write_mirror(fh: IO[bytes], graph: dict, nodes: Iterable[tuple[Any, dict]],
                 edges: Iterable[tuple[Any, Any, Any, dict]], pred: dict) -> None:
    """Write a graph given as its parts (``G.graph``, ``G.nodes(data=True)``, edges with keys and data, ``G._pred``)."""
    nodes = list(nodes)
    edges = list(edges)
    # Containers that several edges share by identity are written once.
    seen: dict[int, int] = {}
    for _, _, _, attrs in edges:
        for value in attrs.values():
            if isinstance(value, (list, dict)):
                seen[id(value)] = seen.get(id(value), 0) + 1
    shared_index: dict[int, int] = {}
    shared: list = []
    rows = []
    for u, v, key, attrs in edges:
        refs = {}
        plain = attrs
        for name, value in attrs.items():
            if isinstance(value, (list, dict)) and seen.get(id(value), 0) > 1:
                index = shared_index.get(id(value))
                if index is None:
                    index = shared_index[id(value)] = len(shared)
                    shared.append(value)
                refs[name] = index
        if refs:
            plain = {k: v for k, v in attrs.items() if k not in refs}
        rows.append([u, v, key, plain, refs])
    # Predecessor order as it will be rebuilt from the edges; record it only where it differs.
    rebuilt: dict = {}
    for u, v, _, _ in edges:
        order = rebuilt.setdefault(v, {})
        order[u] = None
    pred_order = {}
    for n, preds in pred.items():
        if list(preds) != list(rebuilt.get(n, ())):
            pred_order[n] = list(preds)
    doc = {"format": FORMAT, "version": VERSION, "graph": graph, "nodes": [[n, a] for n, a in nodes],
           "edges": rows, "shared": shared, "pred_order": pred_order}
    for n, _ in nodes:
        if not isinstance(n, (str, int)) or isinstance(n, bool):
            raise TypeError(f"mirror node {n!r} is not a string or an integer")
    # The header comes first (dict order): readers check it without parsing everything.
    if _orjson is not None:
        data = _orjson.dumps(doc, default=_check_value)
    else:
        data = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=_check_value).encode("utf-8")
    fh.write(_PREFIX + data[len(b'{"format":"neurograph-mirror","version":'):])


def read_mirror_bytes(data: bytes) -> tuple[dict, dict, dict, dict]:
    """Parse a mirror file's bytes into ``(graph, node, succ, pred)``: the dicts of a networkx ``MultiDiGraph``.

    >>> read_mirror_bytes(b"\\x80\\x04pickle")
    Traceback (most recent call last):
    ...
    neurograph.mirror_file.MirrorFormatError: not a neurograph mirror (a graph.pickle of an older version? build again)
    """
    if not data.startswith(_PREFIX):
        raise MirrorFormatError("not a neurograph mirror (a graph.pickle of an older version? build again)")
    try:
        doc = _orjson.loads(data) if _orjson is not None else json.loads(data)
    except ValueError as exc:  # orjson.JSONDecodeError is a ValueError too
        raise MirrorFormatError(f"the mirror is damaged: {exc}") from None
    if doc.get("version") != VERSION:
        raise MirrorFormatError(f"mirror format version {doc.get('version')!r}; this neurograph reads "
                                f"version {VERSION}: build again")
    shared = doc["shared"]
    node: dict = {}
    succ: dict = {}
    pred: dict = {}
    for n, attrs in doc["nodes"]:
        node[n] = attrs
        succ[n] = {}
        pred[n] = {}
    for u, v, key, attrs, refs in doc["edges"]:
        if refs:
            for name, index in refs.items():
                attrs[name] = shared[index]
        keydict = succ[u].get(v)
        if keydict is None:
            # As in networkx, _succ[u][v] and _pred[v][u] are one dict.
            keydict = succ[u][v] = pred[v][u] = {}
        keydict[key] = attrs
    for n, order in doc["pred_order"].items():
        preds = pred[n]
        pred[n] = {u: preds[u] for u in order}
    return doc["graph"], node, succ, pred


def read_mirror(path: str | os.PathLike) -> tuple[dict, dict, dict, dict]:
    """Read a mirror file (checked with :func:`neurograph.private_files.open_private`); see :func:`read_mirror_bytes`."""
    from .private_files import read_private_bytes
    from .records import collector_paused

    data = read_private_bytes(path)
    # Parsing creates millions of containers; the cyclic collector would re-scan them again and again.
    with collector_paused():
        return read_mirror_bytes(data)
