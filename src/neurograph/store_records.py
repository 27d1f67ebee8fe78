"""What a mirror graph becomes in the store: node and relationship records, their digests, and load batches.

Pure functions with no driver and no server (:mod:`neurograph.store` does the
talking): a node's labels and properties (:func:`node_record`), a statement's
relationship type and properties with its evidence as parallel lists
(:func:`relationship_record`), the digests a load compares (``ng_hash``,
``ng_out``: :func:`out_digest`), and the batching of rows into transactions
of bounded size. :mod:`neurograph.export` writes the same records as CSV.

Examples
--------
>>> _quote("ANTAGONIST_OF"), _quote("odd`name")
('`ANTAGONIST_OF`', '`odd``name`')
>>> [len(b) for b in _batches(range(5), 2)]
[2, 2, 1]
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Iterable, Iterator

OWNER = "neurograph"
#: Bolt caps a message at 16 MiB on ArcadeDB; keep each batch's parameters well under it.
MAX_BATCH_BYTES = 6 * 1024 * 1024
EVIDENCE_FIELDS = ("doc", "sentence", "start", "end", "hedged", "modifier", "source", "citation",
                   "subject_text", "object_text", "population", "study_type")
_EVIDENCE_DEFAULTS = {"start": 0, "end": 0, "hedged": False}
# Written only when some evidence of the statement has a value, so that statements without a grade
# keep the digest they had before grades existed (a new digest would rewrite every relationship).
_EVIDENCE_OPTIONAL = frozenset(("population", "study_type"))


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((str(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    return value


def _digest(*parts: Any) -> str:
    """A short digest of property values (dict order does not matter).

    >>> _digest(("Entity",), {"id": "x", "n": [1, 2]}) == _digest(("Entity",), {"n": [1, 2], "id": "x"})
    True
    """
    return hashlib.blake2b(repr(_canonical(parts)).encode(), digest_size=10).hexdigest()


def _flat_digest(rel_type: str, props: dict, extra: str) -> str:
    """:func:`_digest` for a flat property dict (values are scalars or lists of scalars), faster."""
    return hashlib.blake2b(repr((rel_type, sorted(props.items()), extra)).encode(), digest_size=10).hexdigest()


def _fold(acc: int, ng_key: str, ng_hash: str) -> int:
    """Add one relationship to a node's order-independent digest of its outgoing relationships."""
    h = hashlib.blake2b(f"{ng_key}\0{ng_hash}".encode(), digest_size=8).digest()
    return (acc + int.from_bytes(h, "big")) % (1 << 64)


def _out_digest(count: int, acc: int) -> str:
    return f"{count}:{acc:016x}"


_SCALARS = frozenset((str, bool, int, float))
_CACHED_ROWS = 20_000  # the most translated attribute rows an _EdgeRows keeps
_KEY_MARK = "\0neurograph-key\0"  # stands for a relationship's ng_key in a cached digest text


_PLAIN_LIST_KINDS = (frozenset((str,)), frozenset((bool,)), frozenset((int, float)))


def _value(value: Any) -> Any:
    """A mirror attribute as a Neo4j property value (None: leave it out)."""
    if type(value) in _SCALARS or value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
        kinds = set(map(type, items))
        if kinds <= _PLAIN_LIST_KINDS[0] or kinds <= _PLAIN_LIST_KINDS[1] or kinds <= _PLAIN_LIST_KINDS[2]:
            return items  # the common case (synonyms, cross-references), without a test per item
        items = [v for v in items if v is not None]
        if all(isinstance(v, str) for v in items) or all(isinstance(v, bool) for v in items):
            return items
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
            return items
        return [v if isinstance(v, str) else json.dumps(v, sort_keys=True, default=str) for v in items]
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


_NODE_SKIP = frozenset(("kind",))
_DOCUMENT_SKIP = frozenset(("kind", "category"))
_STATEMENT_SKIP = frozenset(("kind", "evidence", "qualifiers", "type"))
_MENTION_SKIP = frozenset(("kind", "type"))
_QUALIFIER_KEY = re.compile(r"^[A-Za-z_]\w*$")


def _props(attrs: dict, skip: frozenset = _NODE_SKIP) -> dict:
    out = {}
    for key, value in attrs.items():
        if key in skip or key.startswith("ng_"):
            continue
        if type(value) not in _SCALARS:
            value = _value(value)
            if value is None:
                continue
        out[key] = value
    return out


def _evidence_columns(evidence: Iterable[dict]) -> dict:
    """Evidence records as parallel lists, one per field (``""``/0/False where a record has nothing)."""
    evidence = list(evidence or [])
    columns: dict[str, Any] = {"evidence_count": len(evidence)}
    for name in EVIDENCE_FIELDS:
        default = _EVIDENCE_DEFAULTS.get(name, "")
        values = []
        for ev in evidence:
            v = ev.get(name)
            if v is None:
                v = default
            elif isinstance(default, bool):
                v = bool(v)
            elif isinstance(default, int):
                v = int(v)
            elif not isinstance(v, str):
                v = str(v)
            values.append(v)
        if name in _EVIDENCE_OPTIONAL and not any(values):
            continue
        columns[f"evidence_{name}"] = values
    return columns


def _statement_scalars(attrs: dict) -> dict:
    props = _props(attrs, _STATEMENT_SKIP)
    qualifiers = attrs.get("qualifiers")
    if qualifiers:
        for key, value in qualifiers.items():
            if key not in props and value is not None and _QUALIFIER_KEY.match(str(key)):
                props[key] = _value(value)
    return props


def _size(value: Any) -> int:
    """Roughly how many bytes ``value`` takes as a Bolt parameter (to keep batches under the cap)."""
    kind = type(value)
    if kind is str:
        return len(value) + 8
    if kind is list or kind is tuple:
        return 8 + sum(len(v) + 8 if type(v) is str else _size(v) for v in value)
    if kind is dict:
        return sum(len(k) + 8 + _size(v) for k, v in value.items())
    return 9


def node_record(node_id: str, attrs: dict, schema) -> tuple[tuple[str, ...], dict] | None:
    """Labels and properties a mirror node is written with (the first label is the one matched on).

    Documents are ``:Document``; entities ``:Entity:<Category>``. Every node carries its ``id``, the
    owner mark and ``ng_hash``, the digest a later load compares. None for a node that is neither.
    The one translation used by :meth:`GraphStore.load` and the neo4j-admin export.

    >>> from neurograph.schema import load_schema
    >>> labels, props = node_record("CHEBI:1", {"kind": "entity", "name": "x", "category": "Mineral"}, load_schema())
    >>> labels, props["id"], props["ng_owner"]
    (('Entity', 'Mineral'), 'CHEBI:1', 'neurograph')
    """
    if attrs.get("kind") == "document":
        labels: tuple[str, ...] = (schema.DOCUMENT_LABEL,)
        props = _props(attrs, _DOCUMENT_SKIP)
        props.setdefault("doc", node_id[4:] if node_id.startswith("doc:") else node_id)
    elif attrs.get("kind") == "entity" or "category" in attrs:
        labels = (schema.ENTITY_LABEL, schema.label(attrs.get("category")))
        props = _props(attrs)
    else:
        return None
    props["id"] = node_id
    props["ng_owner"] = OWNER
    # _digest(labels, props), spelled out for flat properties (scalars and lists of scalars): the same text.
    text = repr((labels, tuple(sorted((k, tuple(v) if type(v) is list else v) for k, v in props.items()))))
    props["ng_hash"] = hashlib.blake2b(text.encode(), digest_size=10).hexdigest()
    return labels, props


def statement_properties(attrs: dict) -> dict:
    """The properties of a statement relationship (evidence as parallel lists).

    >>> p = statement_properties({"kind": "statement", "type": "INCREASES", "polarity": 1,
    ...     "qualifiers": {"object_direction_qualifier": "increased"},
    ...     "evidence": [{"doc": "d", "sentence": "Mg raises DA.", "start": 0, "end": 13, "hedged": False}]})
    >>> p["evidence_sentence"], p["evidence_modifier"], p["object_direction_qualifier"]
    (['Mg raises DA.'], [''], 'increased')
    """
    return {**_statement_scalars(attrs), **_evidence_columns(attrs.get("evidence"))}


class _EdgeRows:
    """Relationship records and hashes from mirror edges.

    Edges that share one evidence list object (Hetionet's do, per metaedge)
    share its columns, digest and size, computed once.
    """

    def __init__(self, schema, cache_rows: bool = False):
        self.schema = schema
        #: shape of an edge's attributes -> its translation (see :meth:`record`); None: no cache
        self.cache_rows: dict | None = {} if cache_rows else None
        self._evidence: dict[int, tuple] = {}
        self._types: dict[str, str] = {}
        self._groups: dict[str, tuple[str, str, str]] = {}
        columns = _evidence_columns(())
        self._no_evidence = (columns, "", sum(len(k) + 8 + _size(v) for k, v in columns.items()))

    def _columns(self, evidence) -> tuple[dict, str, int]:
        """(columns, digest, size in bytes) of an evidence list."""
        if not evidence:
            return self._no_evidence
        cached = self._evidence.get(id(evidence))
        if cached is not None and cached[0] is evidence:
            return cached[1]
        columns = _evidence_columns(evidence)
        # _digest(columns), spelled out for flat columns (the same text, without the recursion);
        # the text's length is near the size of the columns as parameters.
        text = repr((tuple(sorted((k, tuple(v) if type(v) is list else v) for k, v in columns.items())),))
        entry = (columns, hashlib.blake2b(text.encode(), digest_size=10).hexdigest(), len(text) + 8 * len(columns))
        if len(self._evidence) > 512:
            self._evidence.clear()
        self._evidence[id(evidence)] = (evidence, entry)
        return entry

    def rel_type(self, key: str, attrs: dict) -> str:
        name = attrs.get("type") or key
        rel_type = self._types.get(name)
        if rel_type is None:
            rel_type = self._types[name] = self.schema.rel_type(name)
        return rel_type

    def group(self, rel_type: str) -> tuple[str, str, str]:
        """(start label, type, end label) of a relationship type."""
        group = self._groups.get(rel_type)
        if group is None:
            start = self.schema.DOCUMENT_LABEL if rel_type == self.schema.MENTIONS else self.schema.ENTITY_LABEL
            group = self._groups[rel_type] = (start, rel_type, self.schema.ENTITY_LABEL)
        return group

    def record(self, u, v, key, attrs) -> tuple[tuple, str, dict, str, int]:
        """``(group, ng_key, properties, ng_hash, size)`` of one mirror edge, as the store writes it.

        With ``cache_rows``, edges whose attributes hold the same values (the
        same list and dict objects: a mirror read from its file shares them
        per attribute row) are translated once (:meth:`template`); only
        their key and digest are made per edge.
        """
        if self.cache_rows is None:
            return self._assemble(u, v, *self._template(key, attrs))
        template = self.template(key, attrs)
        ng_key, ng_hash = self.key_hash(template, u, v)
        return template[0], ng_key, template_properties(template, ng_key, ng_hash), ng_hash, \
            template[5] + len(ng_key) + 2  # as _assemble: the text's length + 40

    def template(self, key, attrs) -> tuple:
        """The translation an edge shares with every edge whose attributes are the same objects (``cache_rows``).

        ``(group, properties before ng_key, evidence columns, digest text before and after the key, size,
        attrs)``; :meth:`key_hash` makes an edge's key and digest from it.
        """
        # The same objects: the shape holds the attribute names and the ids of their values (attrs is kept
        # in the entry, so that those ids stay the ones of live objects).
        shape = (key, *attrs, *map(id, attrs.values()))
        cached = self.cache_rows.get(shape)
        if cached is None:
            rel_type, base, columns, ev_digest, size = self._template(key, attrs)
            text = repr((rel_type, sorted({**base, "ng_key": _KEY_MARK}.items()), ev_digest))
            prefix, _, suffix = text.partition(repr(_KEY_MARK))
            if len(self.cache_rows) >= _CACHED_ROWS:
                self.cache_rows.clear()  # edges that share nothing (a graph built in this process) fill it
            cached = self.cache_rows[shape] = (self.group(rel_type), base, columns or {}, prefix, suffix,
                                               size + 40 + len(prefix) + len(suffix), attrs)
        return cached

    @staticmethod
    def key_hash(template: tuple, u, v) -> tuple[str, str]:
        """``(ng_key, ng_hash)`` of the edge ``u -> v`` of a :meth:`template` (the digest: the text around the key)."""
        ng_key = relationship_key(u, template[0][1], v)
        return ng_key, hashlib.blake2b(f"{template[3]}{ng_key!r}{template[4]}".encode(), digest_size=10).hexdigest()

    def _template(self, key, attrs) -> tuple[str, dict, dict | None, str, int]:
        """``(type, properties without the key, evidence columns, their digest, their size)`` of an edge."""
        rel_type = self.rel_type(key, attrs)
        if rel_type == self.schema.MENTIONS or attrs.get("kind") == "mentions":
            props, columns, ev_digest, size = _props(attrs, _MENTION_SKIP), None, "", 0
        else:
            # _statement_scalars, inlined: this runs once per relationship of every load.
            props = {}
            for name, value in attrs.items():
                if name in _STATEMENT_SKIP or name.startswith("ng_"):
                    continue
                if type(value) not in _SCALARS:
                    value = value[:] if type(value) is list and not value else _value(value)
                    if value is None:
                        continue
                props[name] = value
            qualifiers = attrs.get("qualifiers")
            if qualifiers:
                for name, value in qualifiers.items():
                    if name not in props and value is not None and _QUALIFIER_KEY.match(str(name)):
                        props[name] = _value(value)
            columns, ev_digest, size = self._columns(attrs.get("evidence"))
        props["ng_owner"] = OWNER
        return rel_type, props, columns, ev_digest, size

    def _assemble(self, u, v, rel_type, props, columns, ev_digest, size) -> tuple[tuple, str, dict, str, int]:
        ng_key = relationship_key(u, rel_type, v)
        props["ng_key"] = ng_key
        # _flat_digest, inlined; the length of its text is near the size of the properties as parameters.
        text = repr((rel_type, sorted(props.items()), ev_digest))
        ng_hash = hashlib.blake2b(text.encode(), digest_size=10).hexdigest()
        if columns:
            props.update(columns)
        props["ng_hash"] = ng_hash
        return self.group(rel_type), ng_key, props, ng_hash, size + len(text) + 40

    def row(self, u, v, key, attrs) -> tuple[tuple, dict, str]:
        """``(group, row, ng_hash)`` of one mirror edge; ``row`` is ``{"s", "o", "k", "p"}``."""
        group, ng_key, props, ng_hash, _ = self.record(u, v, key, attrs)
        return group, {"s": str(u), "o": str(v), "k": ng_key, "p": props}, ng_hash


def relationship_key(subject, rel_type: str, obj) -> str:
    """A relationship's ``ng_key``: one per subject, type and object in the store (see docs/store.md).

    >>> relationship_key("CHEBI:6636", "INCREASES", "CHEBI:18243")
    'CHEBI:6636|INCREASES|CHEBI:18243'
    """
    return f"{subject}|{rel_type}|{obj}"


def template_properties(template: tuple, ng_key: str, ng_hash: str) -> dict:
    """The properties of an edge of an :meth:`_EdgeRows.template`, with its key and digest."""
    props = template[1].copy()
    props["ng_key"] = ng_key
    props.update(template[2])
    props["ng_hash"] = ng_hash
    return props


_EDGE_ROWS: list = []  # [(schema, _EdgeRows)] of the last schema used by the public functions below


def _edge_rows(schema) -> _EdgeRows:
    if not _EDGE_ROWS or _EDGE_ROWS[0][0] is not schema:
        _EDGE_ROWS[:] = [(schema, _EdgeRows(schema))]
    return _EDGE_ROWS[0][1]


def relationship_record(u: str, v: str, key: str, attrs: dict, schema) -> tuple[str, dict]:
    """Type and properties a mirror edge ``u -> v`` is written with.

    Statements get their scalar properties, qualifiers and evidence columns
    (:func:`statement_properties`); every relationship carries the owner mark,
    ``ng_key`` (``"<u>|<TYPE>|<v>"``) and ``ng_hash``, the digest a later load
    compares. The one translation used by :meth:`GraphStore.load` and the
    exports.

    >>> from neurograph.schema import load_schema
    >>> rel_type, props = relationship_record("CHEBI:1", "HGNC:2", "INCREASES",
    ...     {"kind": "statement", "type": "INCREASES", "polarity": 1, "evidence": []}, load_schema())
    >>> rel_type, props["ng_key"], props["evidence_count"], props["evidence_doc"]
    ('INCREASES', 'CHEBI:1|INCREASES|HGNC:2', 0, [])
    """
    (_, rel_type, _), _, props, _, _ = _edge_rows(schema).record(u, v, key, attrs)
    return rel_type, props


def _fold_edges(edges: _EdgeRows, G, node) -> str:
    acc = count = 0
    for u, v, key, attrs in G.out_edges(node, keys=True, data=True):
        _, ng_key, _, ng_hash, _ = edges.record(u, v, key, attrs)
        acc, count = _fold(acc, ng_key, ng_hash), count + 1
    return _out_digest(count, acc)


def out_digest(G, node, schema) -> str:
    """``ng_out`` of a mirror node: the digest of its outgoing relationships a load compares.

    ``"<count>:<digest>"``; the order of the relationships does not matter.

    >>> import networkx as nx
    >>> from neurograph.schema import load_schema
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="INCREASES", kind="statement", type="INCREASES", polarity=1)
    'INCREASES'
    >>> out_digest(G, "a", load_schema()).split(":")[0], out_digest(G, "b", load_schema())
    ('1', '0:0000000000000000')
    """
    return _fold_edges(_edge_rows(schema), G, node)


def _batches(rows: Iterable, batch_size: int) -> Iterator[list]:
    """Slices of at most ``batch_size`` rows and roughly MAX_BATCH_BYTES of parameters."""
    batch: list = []
    nbytes = 0
    for row in rows:
        row_bytes = _size(row)
        if batch and (len(batch) >= batch_size or nbytes + row_bytes > MAX_BATCH_BYTES):
            yield batch
            batch, nbytes = [], 0
        batch.append(row)
        nbytes += row_bytes
    if batch:
        yield batch


def _quote(name: str) -> str:
    """A label, type or property key as a Cypher name (backquoted)."""
    return "`" + name.replace("`", "``") + "`"


def _batches_by_keys(records: Iterable[tuple[tuple, list, int]], batch_size: int) -> Iterator[tuple[tuple, list]]:
    """``(keys, rows)`` batches of ``(keys, row, size)`` records; the rows of a batch share their keys.

    Like :func:`_batches`: at most ``batch_size`` rows and roughly MAX_BATCH_BYTES each.

    >>> list(_batches_by_keys([(("a",), [1], 9), (("b",), [2], 9), (("a",), [3], 9)], 2))
    [(('a',), [[1], [3]]), (('b',), [[2]])]
    """
    pending: dict[tuple, list] = {}
    for keys, row, size in records:
        full = _add_by_keys(pending, keys, row, size, batch_size)
        if full is not None:
            yield keys, full
    for keys, (rows, _) in pending.items():
        if rows:
            yield keys, rows


def _add_by_keys(pending: dict, keys: tuple, row: list, size: int, batch_size: int) -> list | None:
    """Add ``row`` to its keys' batch in ``pending``; returns that batch's rows when they were full before it."""
    entry = pending.get(keys)
    full = None
    if entry is None:
        entry = pending[keys] = [[], 0]
    elif len(entry[0]) >= batch_size or entry[1] + size > MAX_BATCH_BYTES:
        full, entry[0], entry[1] = entry[0], [], 0
    entry[0].append(row)
    entry[1] += size
    return full


def _prefetched(items: Iterable, depth: int = 2) -> Iterator:
    """``items``, produced by a background thread up to ``depth`` ahead.

    Building the next batch's rows (Python) overlaps with the server writing
    the current one.
    """
    import queue
    import threading

    buffer: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        buffer.put((item, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            buffer.put((done, None))
        except BaseException as exc:  # handed to the consumer
            buffer.put((done, exc))

    thread = threading.Thread(target=produce, name="neurograph-load-rows", daemon=True)
    thread.start()
    try:
        while True:
            item, error = buffer.get()
            if item is done:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


# --- the Cypher a load runs -----------------------------------------------------------
#
# Pure builders: every value goes in as a parameter ($rows, $ids, $o); only labels, types and property
# keys (backquoted by _quote) are part of the text. New nodes and relationships are written with their
# properties in the CREATE pattern, from rows that are lists (one statement per set of keys): on
# ArcadeDB that is several times cheaper than CREATE then SET from maps, which writes every record twice.


def cypher_stored_nodes(label: str, properties: bool = False) -> str:
    """The owned-or-not nodes of ``label`` with what a load compares (``properties``: all of them too).

    >>> cypher_stored_nodes("Entity")
    'MATCH (n:`Entity`) RETURN n.id AS id, n.ng_owner AS owner, n.ng_hash AS hash, n.ng_out AS out, labels(n) AS labels, elementId(n) AS eid'
    """
    extra = ", properties(n) AS props" if properties else ""
    return (f"MATCH (n:{_quote(label)}) RETURN n.id AS id, n.ng_owner AS owner, n.ng_hash AS hash, "
            f"n.ng_out AS out, labels(n) AS labels, elementId(n) AS eid{extra}")


def cypher_stored_relationships(label: str, properties: bool = False) -> str:
    """The owned relationships out of the nodes of ``label`` whose ids are ``$ids`` (owner ``$o``)."""
    extra = ", properties(r) AS props" if properties else ""
    return (f"UNWIND $ids AS id MATCH (a:{_quote(label)} {{id: id}})-[r]->(b) WHERE r.ng_owner = $o "
            f"RETURN r.ng_key AS key, r.ng_hash AS hash, type(r) AS type, a.id AS s, b.id AS o{extra}")


def cypher_sources_into() -> str:
    """The nodes with an owned relationship (owner ``$o``) into one of the entities ``$ids``."""
    return ("UNWIND $ids AS id MATCH (x)-[r]->(n:Entity {id: id}) WHERE r.ng_owner = $o "
            "RETURN DISTINCT x.id AS id, labels(x) AS labels")


def cypher_delete_relationships(start: str, rel_type: str) -> str:
    """Delete the owned relationships ``$rows`` (``{s: subject id, k: ng_key}``) of one type.

    >>> print(cypher_delete_relationships("Entity", "TREATS"))
    UNWIND $rows AS r MATCH (a:`Entity` {id: r.s})-[e:`TREATS`]->() WHERE e.ng_key = r.k AND e.ng_owner = $o DELETE e
    """
    return (f"UNWIND $rows AS r MATCH (a:{_quote(start)} {{id: r.s}})-[e:{_quote(rel_type)}]->() "
            "WHERE e.ng_key = r.k AND e.ng_owner = $o DELETE e")


def cypher_delete_nodes(label: str) -> str:
    """Delete the owned nodes ``$rows`` (ids) nothing else uses; disown those someone's relationships still use."""
    return (f"UNWIND $rows AS id MATCH (n:{_quote(label)} {{id: id}}) WHERE n.ng_owner = $o "
            "OPTIONAL MATCH (n)-[x]-() WITH n, count(x) AS degree "
            "FOREACH (_ IN CASE WHEN degree = 0 THEN [1] ELSE [] END | DELETE n) "
            "FOREACH (_ IN CASE WHEN degree > 0 THEN [1] ELSE [] END | REMOVE n.ng_owner, n.ng_hash, n.ng_out) "
            "RETURN sum(CASE WHEN degree = 0 THEN 1 ELSE 0 END) AS deleted, "
            "sum(CASE WHEN degree > 0 THEN 1 ELSE 0 END) AS disowned")


def cypher_create_nodes(labels: tuple[str, ...], keys: tuple[str, ...]) -> str:
    """Create nodes from list rows ``$rows`` whose entries are the values of ``keys``; returns id, element id.

    >>> print(cypher_create_nodes(("Entity", "Mineral"), ("id", "name")))
    UNWIND $rows AS r CREATE (n:`Entity`:`Mineral` {`id`: r[0], `name`: r[1]}) RETURN r[0] AS id, elementId(n) AS eid
    """
    props = ", ".join(f"{_quote(k)}: r[{i}]" for i, k in enumerate(keys))
    return (f"UNWIND $rows AS r CREATE (n:{':'.join(_quote(label) for label in labels)} {{{props}}}) "
            f"RETURN r[{keys.index('id')}] AS id, elementId(n) AS eid")


def cypher_set_nodes(label: str, replace: bool = True) -> str:
    """Set the properties of nodes from map rows ``$rows`` (``replace``: all of them; else only those given)."""
    return f"UNWIND $rows AS r MATCH (n:{_quote(label)} {{id: r.id}}) SET n {'=' if replace else '+='} r"


def cypher_create_relationships(rel_type: str, keys: tuple[str, ...]) -> str:
    """Create relationships from list rows ``[subject eid, object eid, subject id, object id, *values of keys]``.

    The end nodes are found by element id (on ArcadeDB a direct record fetch, three times faster than the
    id index); the id test guards against an element id reused for another node since it was read.

    >>> print(cypher_create_relationships("TREATS", ("ng_key",)))  # doctest: +NORMALIZE_WHITESPACE
    UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r[0] AND a.id = r[2]
    MATCH (b) WHERE elementId(b) = r[1] AND b.id = r[3]
    CREATE (a)-[e:`TREATS` {`ng_key`: r[4]}]->(b) RETURN count(e) AS created
    """
    props = ", ".join(f"{_quote(k)}: r[{i + 4}]" for i, k in enumerate(keys))
    return ("UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r[0] AND a.id = r[2] "
            "MATCH (b) WHERE elementId(b) = r[1] AND b.id = r[3] "
            f"CREATE (a)-[e:{_quote(rel_type)} {{{props}}}]->(b) RETURN count(e) AS created")


def cypher_create_shared_relationships(rel_type: str, keys: tuple[str, ...]) -> str:
    """Create relationships that share the values of ``keys`` (``$c``, once per batch) from list rows
    ``[subject eid, object eid, subject id, object id, ng_key, ng_hash]``.

    Hetionet's edges of one metaedge differ only in their ends, key and digest: sent once, their shared
    values cost Python neither building nor encoding per row.

    >>> print(cypher_create_shared_relationships("TREATS", ("curated",)))  # doctest: +NORMALIZE_WHITESPACE
    UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r[0] AND a.id = r[2]
    MATCH (b) WHERE elementId(b) = r[1] AND b.id = r[3]
    CREATE (a)-[e:`TREATS` {`curated`: $c[0], `ng_key`: r[4], `ng_hash`: r[5]}]->(b) RETURN count(e) AS created
    """
    props = ", ".join([f"{_quote(k)}: $c[{i}]" for i, k in enumerate(keys)] + ["`ng_key`: r[4]", "`ng_hash`: r[5]"])
    return ("UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r[0] AND a.id = r[2] "
            "MATCH (b) WHERE elementId(b) = r[1] AND b.id = r[3] "
            f"CREATE (a)-[e:{_quote(rel_type)} {{{props}}}]->(b) RETURN count(e) AS created")


def cypher_update_relationships(start: str, rel_type: str) -> str:
    """Replace the properties of relationships from map rows ``$rows`` (``{s, k, p}``: subject, ng_key, props)."""
    return (f"UNWIND $rows AS r MATCH (a:{_quote(start)} {{id: r.s}})-[e:{_quote(rel_type)}]->(b) "
            "WHERE e.ng_key = r.k SET e = r.p")


def cypher_mark_out(label: str | None = None) -> str:
    """Write ``ng_out`` from rows ``[element id, id, digest]``: by element id, or (``label``) by id.

    >>> print(cypher_mark_out("Entity"))
    UNWIND $rows AS r MATCH (n:`Entity` {id: r[1]}) SET n.ng_out = r[2]
    """
    if label is not None:
        return f"UNWIND $rows AS r MATCH (n:{_quote(label)} {{id: r[1]}}) SET n.ng_out = r[2]"
    return ("UNWIND $rows AS r MATCH (n) WHERE elementId(n) = r[0] AND n.id = r[1] "
            "SET n.ng_out = r[2] RETURN count(n) AS marked")


def node_create_jobs(create_nodes: dict, batch_size: int) -> Iterator[tuple[str, list]]:
    """``(cypher, rows)`` batches creating the nodes of ``create_nodes`` (labels -> property dicts)."""
    for labels, rows in create_nodes.items():
        records = ((tuple(props), list(props.values()), _size(props)) for props in rows)
        for keys, batch in _batches_by_keys(records, batch_size):
            yield cypher_create_nodes(labels, keys), batch


def relationship_create_jobs(groups: Iterable, element_ids: dict, batch_size: int) -> Iterator[tuple[str, list]]:
    """``(cypher, rows)`` batches creating relationships; ``groups`` yields (group, records of (s, o, props, size))."""
    for (_start, rel_type, _end), records in groups:
        rows = ((tuple(props), [element_ids.get(s), element_ids.get(o), s, o, *props.values()],
                 size + len(s) + len(o) + 32) for s, o, props, size in records)
        for keys, batch in _batches_by_keys(rows, batch_size):
            yield cypher_create_relationships(rel_type, keys), batch


#: Rows of one template worth a batch of their own (fewer go with the others, all their values per row).
_MIN_SHARED = 64


def fresh_relationship_jobs(groups: Iterable, element_ids: dict, batch_size: int) -> Iterator[tuple]:
    """``(cypher, rows[, params])`` batches creating new relationships from their templates.

    ``groups`` yields ``(group, records)``, records ``(subject, object, template, ng_key, ng_hash)``
    (:meth:`_EdgeRows.template`). The edges of a template shared by many (Hetionet's metaedges) are
    written with its values sent once per batch (:func:`cypher_create_shared_relationships`); the others
    (a corpus's statements, each with its own evidence) with all their values per row, as
    :func:`relationship_create_jobs` does. At most about four batches of rows wait at any time.

    >>> from neurograph.schema import load_schema
    >>> edges = _EdgeRows(load_schema(), cache_rows=True)
    >>> def records(attrs, n):
    ...     template = edges.template("TREATS", attrs)
    ...     return [(f"d{i}", "x", template, *edges.key_hash(template, f"d{i}", "x")) for i in range(n)]
    >>> shared = {"kind": "statement", "type": "TREATS", "polarity": 1}
    >>> edge_list = records(shared, 120) + records({**shared, "polarity": -1}, 1)
    >>> jobs = list(fresh_relationship_jobs([(("Entity", "TREATS", "Entity"), edge_list)], {}, 50))
    >>> [(len(job[1]), "shared" if len(job) == 3 else "values per row") for job in jobs]
    [(50, 'shared'), (50, 'shared'), (21, 'values per row')]
    """
    for (_start, rel_type, _end), records in groups:
        shared: dict[int, list] = {}  # id(template) -> [template, rows, bytes]
        by_keys: dict[tuple, list] = {}
        waiting = 0

        def as_shared(entry) -> tuple:
            template = entry[0]
            values = [*template[1].values(), *template[2].values()]
            return (cypher_create_shared_relationships(rel_type, (*template[1], *template[2])), entry[1],
                    {"c": values})

        def one_by_one(entry) -> Iterator[tuple]:
            template = entry[0]
            for row in entry[1]:
                props = template_properties(template, row[4], row[5])
                keys = tuple(props)
                full = _add_by_keys(by_keys, keys, [*row[:4], *props.values()], template[5] + len(row[4]) + 40,
                                    batch_size)
                if full is not None:
                    yield cypher_create_relationships(rel_type, keys), full

        for s, o, template, ng_key, ng_hash in records:
            entry = shared.get(id(template))
            if entry is None:
                entry = shared[id(template)] = [template, [], template[5]]
            entry[1].append([element_ids.get(s), element_ids.get(o), s, o, ng_key, ng_hash])
            entry[2] += len(s) + len(o) + len(ng_key) + 60
            waiting += 1
            if len(entry[1]) >= batch_size or entry[2] >= MAX_BATCH_BYTES:
                del shared[id(template)]
                waiting -= len(entry[1])
                yield as_shared(entry)
            elif waiting > 4 * batch_size:
                # Many templates with few edges each (a corpus's statements): they go one by one; then,
                # if too many still wait, the largest template's.
                for key, few in list(shared.items()):
                    if len(few[1]) < _MIN_SHARED:
                        del shared[key]
                        waiting -= len(few[1])
                        yield from one_by_one(few)
                if waiting > 2 * batch_size:
                    key, largest = max(shared.items(), key=lambda item: len(item[1][1]))
                    del shared[key]
                    waiting -= len(largest[1])
                    yield as_shared(largest)
        for entry in shared.values():
            if len(entry[1]) >= _MIN_SHARED:
                yield as_shared(entry)
            else:
                yield from one_by_one(entry)
        for keys, (rows, _) in by_keys.items():
            if rows:
                yield cypher_create_relationships(rel_type, keys), rows


def mirror_counts(G, schema) -> dict:
    """What the store holds of ``G`` once loaded, counted from the mirror (no query).

    The ``counts`` of a load's report: nodes, relationships, entities,
    documents, mentions, statements, and per label and per type.

    >>> import networkx as nx
    >>> from neurograph.schema import load_schema
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc:d", kind="document"); G.add_node("a", kind="entity", category="Mineral")
    >>> _ = G.add_edge("doc:d", "a", key="MENTIONS", kind="mentions", count=1)
    >>> c = mirror_counts(G, load_schema())
    >>> c["nodes"], c["documents"], c["mentions"], c["statements"], c["labels"]
    (2, 1, 1, 0, {'Document': 1, 'Entity': 1, 'Mineral': 1})
    """
    edges = _edge_rows(schema)
    by_label: dict[str, int] = {}
    for _, attrs in G.nodes(data=True):
        if attrs.get("kind") == "document":
            labels: tuple = (schema.DOCUMENT_LABEL,)
        else:
            labels = (schema.ENTITY_LABEL, schema.label(attrs.get("category")))
        for label in labels:
            by_label[label] = by_label.get(label, 0) + 1
    by_type: dict[str, int] = {}
    for _, _, key, attrs in G.edges(keys=True, data=True):
        rel_type = edges.rel_type(key, attrs)  # what the load writes
        by_type[rel_type] = by_type.get(rel_type, 0) + 1
    return {"nodes": G.number_of_nodes(), "relationships": G.number_of_edges(),
            "entities": by_label.get(schema.ENTITY_LABEL, 0), "documents": by_label.get(schema.DOCUMENT_LABEL, 0),
            "mentions": by_type.get(schema.MENTIONS, 0),
            "statements": sum(c for t, c in by_type.items() if t != schema.MENTIONS),
            "labels": dict(sorted(by_label.items())), "types": dict(sorted(by_type.items()))}
