"""The mirror's file format: compact, columnar JSON that cannot execute code, read without networkx.

The mirror used to be a pickle. Unpickling runs whatever the file says, so a
planted or tampered ``graph.pickle`` was code execution. The mirror is one
JSON document, ``graph.json`` (version 2)::

    {"format": "neurograph-mirror", "version": 2,
     "graph": {...G.graph...},
     "nodes": [node, ...],                 # in G's node order
     "node_data": [{attributes}, ...],     # one per node
     "rows": [{attributes}, ...],          # distinct edge attribute dicts
     "shapes": [[key, row, key, row...]],  # distinct key dicts: keys with their row
     "succ": [[target, ...], ...],         # per node, its successors (node indices), in G's order
     "succ_shape": [[shape, ...], ...],    # per node, the shape of each successor's key dict
     "shared": [value, ...], "row_refs": [[row, {name: shared index}], ...],
     "pred_order": [[node, [predecessor, ...]], ...]}   # only where reading would differ

Why columnar: Hetionet's 765,796 edges fall into a few dozen distinct
attribute dicts (one per metaedge), so an edge is two small integers in the
file, not a dict. Writing walks the adjacency once with a few dict look-ups
per edge, and ``orjson`` parses integer lists far faster than a million
objects (``benchmarks/mirror_load.py`` prints the figures).

``rows``: edges whose attribute dicts are equal and share one ``evidence``
list (Hetionet's edges of one metaedge) are written as one row; each is
read back as its own shallow copy of it, so its containers (evidence,
qualifiers) are shared as they were: treat them as read-only, as the
curated graph's docstring says. ``shared``: a list or dict that several
distinct rows hold by identity is written once and shared again on reading.

Why JSON (and not a pickle behind an HMAC signature): nothing in it can run,
so no key has to be kept and checked, and a user can read it with any tool.
Read back, the node, successor and predecessor orders are G's, so path
search breaks ties the same way. A file of another version (the list-based
version 1, or a renamed ``graph.pickle``) is refused with a one-line
"build again" message and never parsed further.

Values must be JSON's: strings, numbers, booleans, None, lists and dicts
with string keys (tuples come back as lists). :func:`write_mirror` refuses
anything else rather than write something it cannot read back.

Examples
--------
>>> import io
>>> node = {"a": {"name": "A"}, "b": {"name": "B"}}
>>> ev = [{"doc": "d1"}]
>>> ab, ba = {"BINDS": {"evidence": ev}}, {"BINDS": {"evidence": ev}}
>>> succ = {"a": {"b": ab}, "b": {"a": ba}}
>>> pred = {"a": {"b": ba}, "b": {"a": ab}}
>>> buf = io.BytesIO()
>>> write_mirror(buf, {"name": "g"}, node, succ, pred)
{'edges': 2, 'statements': 0}
>>> graph, node, succ, pred = read_mirror_bytes(buf.getvalue())
>>> succ["a"]["b"]["BINDS"]["evidence"] is succ["b"]["a"]["BINDS"]["evidence"]
True
>>> succ["a"]["b"]["BINDS"] is succ["b"]["a"]["BINDS"]
False
>>> pred["b"]["a"] is succ["a"]["b"]
True
"""

from __future__ import annotations

import json
import os
from collections import Counter
from itertools import chain
from typing import IO, Any

try:  # a dependency; the standard library reads the same files, several times slower
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None

FORMAT = "neurograph-mirror"
VERSION = 2
_PREFIX = b'{"format": "neurograph-mirror", "version": '
_COMPACT_PREFIX = b'{"format":"neurograph-mirror","version":'
# Edges whose attributes share one evidence list are compared with at most this many distinct rows already
# holding it: enough for Hetionet's templates, and no quadratic walk when one list is shared by many unequal dicts.
_ROW_CANDIDATES = 4
# Items of a long list encoded at a time when writing (see _write_document): few enough that a chunk of
# statement rows, each with all its evidence, stays small.
_CHUNK = 256


class MirrorFormatError(ValueError):
    """The file is not a mirror this version can read."""


def _check_value(value: Any) -> None:
    raise TypeError(f"a mirror attribute of type {type(value).__name__} cannot be saved as JSON: {value!r:.80}")


def _encode(doc: dict) -> bytes:
    if _orjson is not None:
        try:
            return _orjson.dumps(doc, default=_check_value)
        except _orjson.JSONEncodeError as exc:  # say which value, as _check_value does
            raise TypeError(str(exc.__cause__ or exc)) from None
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=_check_value).encode("utf-8")


def write_mirror(fh: IO[bytes], graph: dict, node: dict, succ: dict, pred: dict) -> dict[str, int]:
    """Write a graph given as the dicts of a networkx ``MultiDiGraph``: ``G.graph``, ``G._node``, ``G._succ``, ``G._pred``.

    These are exactly what :func:`read_mirror_bytes` gives back. The
    adjacency is walked once; an edge costs a few dict look-ups. Returns
    the number of ``edges`` and of ``statements`` (edges of kind
    "statement"), counted on the way.
    """
    from .records import collector_paused

    # Nothing here forms a cycle; the cyclic collector would only re-scan the graph again and again.
    with collector_paused():
        return _write(fh, graph, node, succ, pred)


def _write(fh: IO[bytes], graph: dict, node: dict, succ: dict, pred: dict) -> dict[str, int]:
    ids = list(node)
    if not all(type(n) is str for n in ids):
        for n in ids:
            if not isinstance(n, (str, int)) or isinstance(n, bool):
                raise TypeError(f"mirror node {n!r} is not a string or an integer")
    index = {n: i for i, n in enumerate(ids)}
    rows: list[dict] = []
    by_evidence: dict[int, list[int]] = {}  # id(evidence list) -> rows holding it

    def row_of(attrs: dict) -> int:
        evidence = id(attrs.get("evidence"))
        candidates = by_evidence.get(evidence)
        if candidates is None:
            by_evidence[evidence] = [len(rows)]
        else:
            for r in candidates:
                if rows[r] == attrs:
                    return r
            if len(candidates) < _ROW_CANDIDATES:
                candidates.append(len(rows))
        rows.append(attrs)
        return len(rows) - 1

    shapes: list[list] = []
    shape_index: dict[tuple, int] = {}
    single_shapes: dict = {}  # key -> {row: shape} for key dicts of one edge, the usual case
    # (key, *attribute items) -> shape, for one-edge key dicts of plain values (a document's MENTIONS edges, a
    # hundred thousand of them for 10,000 documents): one hash instead of comparing with earlier rows.
    plain_shapes: dict[tuple, int] = {}
    out_targets: list[list[int]] = []
    out_shapes: list[list[int]] = []
    for u in ids:
        nbrs = succ[u]
        out_targets.append([index[v] for v in nbrs])
        row_shapes = []
        for keydict in nbrs.values():
            if len(keydict) == 1:
                for key, attrs in keydict.items():
                    plain = None
                    if "evidence" not in attrs:
                        plain = (key, *attrs.items())
                        try:
                            shape = plain_shapes.get(plain)
                        except TypeError:  # a list or dict among the values
                            plain = shape = None
                        if shape is not None:
                            break
                    row = row_of(attrs)
                    by_row = single_shapes.get(key)
                    if by_row is None:
                        by_row = single_shapes[key] = {}
                    shape = by_row.get(row)
                    if shape is None:
                        shape = by_row[row] = len(shapes)
                        shapes.append([key, row])
                    if plain is not None:
                        plain_shapes[plain] = shape
            else:
                signature = []
                for key, attrs in keydict.items():
                    signature.append(key)
                    signature.append(row_of(attrs))
                signature = tuple(signature)
                shape = shape_index.get(signature)
                if shape is None:
                    shape = shape_index[signature] = len(shapes)
                    shapes.append(list(signature))
            row_shapes.append(shape)
        out_shapes.append(row_shapes)
    # Edges and statement edges, counted per shape (in C) rather than per edge.
    edges = statements = 0
    for shape, uses in Counter(chain.from_iterable(out_shapes)).items():
        pairs = shapes[shape]
        edges += uses * (len(pairs) // 2)
        statements += uses * sum(1 for r in pairs[1::2] if rows[r].get("kind") == "statement")
    # Containers that several distinct rows hold by identity are written once.
    seen: dict[int, int] = {}
    for attrs in rows:
        for value in attrs.values():
            if isinstance(value, (list, dict)):
                seen[id(value)] = seen.get(id(value), 0) + 1
    shared: list = []
    shared_index: dict[int, int] = {}
    row_refs = []
    if any(count > 1 for count in seen.values()):
        for r, attrs in enumerate(rows):
            refs = {}
            for name, value in attrs.items():
                if isinstance(value, (list, dict)) and seen[id(value)] > 1:
                    at = shared_index.get(id(value))
                    if at is None:
                        at = shared_index[id(value)] = len(shared)
                        shared.append(value)
                    refs[name] = at
            if refs:
                row_refs.append([r, refs])
                rows[r] = {k: v for k, v in attrs.items() if k not in refs}
    # Reading fills each node's predecessors in node order; record the order only where G's differs.
    position = index.__getitem__
    pred_order = []
    for n in ids:
        order = list(map(position, pred[n]))
        if order != sorted(order):
            pred_order.append([index[n], order])
    doc = {"format": FORMAT, "version": VERSION, "graph": graph, "nodes": ids, "node_data": list(node.values()),
           "rows": rows, "shapes": shapes, "succ": out_targets, "succ_shape": out_shapes, "shared": shared,
           "row_refs": row_refs, "pred_order": pred_order}
    _write_document(fh, doc)
    return {"edges": edges, "statements": statements}


def _write_document(fh: IO[bytes], doc: dict, chunk: int = _CHUNK) -> None:
    """Write ``doc`` as ``_encode(doc)`` would, the header with a space, its long lists ``chunk`` items at a time.

    The same bytes as encoding it whole, without holding the whole file (hundreds of MB for 100,000
    documents) in memory, let alone twice.

    >>> import io
    >>> doc = {"format": FORMAT, "version": VERSION, "graph": {"a": 1}, "rows": [{"x": i} for i in range(5)],
    ...        "none": []}
    >>> buf = io.BytesIO()
    >>> _write_document(buf, doc, chunk=2)
    >>> buf.getvalue() == _PREFIX + _encode(doc)[len(_COMPACT_PREFIX):]
    True
    """
    items = iter(doc.items())
    for name, expected in (("format", FORMAT), ("version", VERSION)):
        key, value = next(items)
        assert key == name and value == expected
    # The header comes first (dict order) with a space, as every version wrote it: readers check it first.
    fh.write(_PREFIX + _encode(VERSION))
    for key, value in items:
        fh.write(b"," + _encode(key) + b":")
        if type(value) is not list or len(value) <= chunk:
            fh.write(_encode(value))
            continue
        fh.write(b"[")
        for start in range(0, len(value), chunk):
            if start:
                fh.write(b",")
            fh.write(_encode(value[start:start + chunk])[1:-1])
        fh.write(b"]")
    fh.write(b"}")


def read_mirror_bytes(data: bytes) -> tuple[dict, dict, dict, dict]:
    """Parse a mirror file's bytes into ``(graph, node, succ, pred)``: the dicts of a networkx ``MultiDiGraph``.

    >>> read_mirror_bytes(b"\\x80\\x04pickle")
    Traceback (most recent call last):
    ...
    neurograph.mirror_file.MirrorFormatError: not a neurograph mirror (a graph.pickle of an older version? build again)
    >>> read_mirror_bytes(b'{"format": "neurograph-mirror", "version": 1, "graph": {}}')
    Traceback (most recent call last):
    ...
    neurograph.mirror_file.MirrorFormatError: mirror format version 1; this neurograph reads version 2: build again
    """
    if not data.startswith(_PREFIX):
        raise MirrorFormatError("not a neurograph mirror (a graph.pickle of an older version? build again)")
    version = data[len(_PREFIX):len(_PREFIX) + 8].split(b",", 1)[0].strip()
    if version != str(VERSION).encode():
        shown = version.decode("ascii", "replace")[:8]
        raise MirrorFormatError(f"mirror format version {shown}; this neurograph reads version {VERSION}: build again")
    try:
        doc = _orjson.loads(data) if _orjson is not None else json.loads(data)
        ids = doc["nodes"]
        rows = doc["rows"]
        shared = doc["shared"]
        for r, refs in doc["row_refs"]:
            row = rows[r]
            for name, at in refs.items():
                row[name] = shared[at]
        node = dict(zip(ids, doc["node_data"], strict=True))
        # One function per distinct key dict: it makes a fresh copy of it (a comprehension calling these is
        # twice as fast as a loop that looks each shape up).
        makers = []
        for shape in doc["shapes"]:
            pairs = [(shape[i], rows[shape[i + 1]]) for i in range(0, len(shape), 2)]
            if len(pairs) == 1:
                makers.append(lambda key=pairs[0][0], row=pairs[0][1]: {key: row.copy()})
            else:
                makers.append(lambda pairs=pairs: {key: row.copy() for key, row in pairs})
        succ = {u: {ids[v]: makers[s]() for v, s in zip(targets, kinds)}
                for u, targets, kinds in zip(ids, doc["succ"], doc["succ_shape"], strict=True)}
        pred: dict = {n: {} for n in ids}
        for u, nbrs in succ.items():
            for v, keydict in nbrs.items():
                pred[v][u] = keydict  # as in networkx, _succ[u][v] and _pred[v][u] are one dict
        for n, order in doc["pred_order"]:
            preds = pred[ids[n]]
            pred[ids[n]] = {ids[u]: preds[ids[u]] for u in order}
        return doc["graph"], node, succ, pred
    except ValueError as exc:  # orjson.JSONDecodeError is a ValueError too
        raise MirrorFormatError(f"the mirror is damaged: {exc}") from None
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise MirrorFormatError(f"the mirror is damaged ({type(exc).__name__}: {exc}); build again") from None


def is_current(path: str | os.PathLike) -> bool:
    """Whether the file starts like a mirror of this version (its first bytes only; no other check).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "graph.json"
    >>> _ = p.write_bytes(b'{"format": "neurograph-mirror", "version": 1, "graph": {}}')
    >>> is_current(p)
    False
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_PREFIX) + 8)
    except OSError:
        return False
    return head.startswith(_PREFIX) and head[len(_PREFIX):].split(b",", 1)[0].strip() == str(VERSION).encode()


def read_mirror(path: str | os.PathLike) -> tuple[dict, dict, dict, dict]:
    """Read a mirror file (checked with :func:`neurograph.private_files.open_private`); see :func:`read_mirror_bytes`."""
    from .private_files import read_private_bytes
    from .records import collector_paused

    data = read_private_bytes(path)
    # Parsing creates millions of containers; the cyclic collector would re-scan them again and again.
    with collector_paused():
        return read_mirror_bytes(data)
