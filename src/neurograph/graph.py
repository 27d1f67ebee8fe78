"""The assembled graph: a networkx ``MultiDiGraph`` mirror, saved in the data directory.

Layout of the mirror (the contract the store, paths, views and exports read):

Entity nodes, keyed by CURIE id
    ``kind="entity"``, ``id``, ``name``, ``category`` (a schema category key,
    which is also its Neo4j label), ``synonyms`` (list), ``xrefs`` (list).
Document nodes, keyed ``"doc:<doc id>"``
    ``kind="document"``, ``id``, ``name`` (the title), ``category="Document"``,
    ``path``, ``sha256``, ``chars``; an article also ``journal``, ``year``,
    ``publication_types`` and ``mesh_headings`` (lists) where its file gave them.
Statement edges ``(subject, object, key=TYPE)``
    ``kind="statement"``, ``type`` (schema relationship key), ``predicate``
    (Biolink), ``qualifiers`` (dict), ``polarity`` (-1, 0, 1), ``confidence``,
    ``hedged`` (every evidence is hedged), ``curated`` (some evidence is
    curated), ``evidence`` (list of dicts: doc, sentence, start, end, hedged,
    negated, modifier, source, citation, subject_text, object_text) and
    ``documents`` (sorted doc ids). Symmetric types are stored once, subject
    to object; path search may walk them both ways.
Mention edges ``("doc:<id>", entity, key="MENTIONS")``
    ``kind="mentions"``, ``type="MENTIONS"``, ``count``.

``G.graph`` holds ``content_hash`` (of documents, schema, lexicon and curated
files), ``schema_version``, ``built_at`` and ``documents`` (doc id -> title).

Examples
--------
>>> from neurograph.records import Entity, EntityRef, Evidence, Statement
>>> mg = Entity("CHEBI:18420", "magnesium", "Mineral", ("Mg",))
>>> nmda = Entity("FPLX:NMDA_receptor", "NMDA receptor", "Receptor")
>>> st = Statement(EntityRef(mg.id, mg.name, mg.category, "Mg"), "ANTAGONIST_OF",
...                EntityRef(nmda.id, nmda.name, nmda.category, "NMDA"), polarity=-1, confidence=0.7,
...                evidence=[Evidence("d1", "Mg blocks NMDA.", 0, 15)])
>>> G = graph_from_records([mg, nmda], [st], {"d1": {"title": "Doc one"}})
>>> sorted(G.nodes)
['CHEBI:18420', 'FPLX:NMDA_receptor', 'doc:d1']
>>> G.edges["CHEBI:18420", "FPLX:NMDA_receptor", "ANTAGONIST_OF"]["polarity"]
-1
>>> [k for _, _, k in G.out_edges("doc:d1", keys=True)]
['MENTIONS', 'MENTIONS']
"""

from __future__ import annotations

import json
import os
import time
import contextlib
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import networkx as nx

from .documents import METADATA_FIELDS
from .errors import NoGraphError
from .records import Entity, Statement

#: The mirror, in the JSON format of :mod:`neurograph.mirror_file` (it was a pickle: code execution).
MIRROR_FILE = "graph.json"
_OLD_MIRROR_FILE = "graph.pickle"  # removed at the next build, never read
BUILD_FILE = "build.json"
STATEMENTS_FILE = "statements.jsonl"
NEGATED_FILE = "negated.jsonl"


def doc_node(doc_id: str) -> str:
    """The node key of a document."""
    return f"doc:{doc_id}"


def graph_from_records(
    entities: Iterable[Entity] | Mapping[str, Entity],
    statements: Iterable[Statement],
    documents: dict[str, dict[str, Any]],
    schema=None,
    include_unlinked: bool = False,
) -> nx.MultiDiGraph:
    """Assemble entities, statements and documents into the mirror graph.

    Negated statements are skipped: they are reported, never graphed. Only
    entities that take part in a statement or are mentioned by a document
    become nodes, unless ``include_unlinked``. ``entities`` may be a mapping
    by id (a lexicon's ``entities``): only those that become nodes are looked up.
    """
    if not isinstance(entities, Mapping):
        entities = {e.id: e for e in entities}
    G = nx.MultiDiGraph(name="neurograph", documents={d: m.get("title", d) for d, m in documents.items()})
    if schema is not None:
        G.graph["schema_version"] = schema.version
        # Path search walks these both ways; kept here so a cold `neurograph path` does not parse the schema.
        G.graph["symmetric_types"] = sorted(k for k, r in schema.relationships.items() if r.symmetric)

    def add_entity(entity_id: str, fallback=None) -> None:
        if entity_id in G:
            return
        e = entities.get(entity_id)
        if e is None and fallback is not None:
            e = Entity(fallback.id, fallback.name, fallback.category)
        G.add_node(entity_id, kind="entity", id=e.id, name=e.name, category=e.category,
                   synonyms=list(e.synonyms), xrefs=list(e.xrefs))

    for doc_id, meta in documents.items():
        G.add_node(doc_node(doc_id), kind="document", id=doc_node(doc_id), name=meta.get("title", doc_id),
                   category="Document", path=meta.get("path", ""), sha256=meta.get("sha256", ""),
                   chars=meta.get("chars", 0),
                   **{k: meta[k] for k in METADATA_FIELDS if meta.get(k)})  # journal, year, MeSH... of an article

    # Mentions per document and entity: the statements' evidence counted, or the document's own count if higher.
    mentions: dict[str, dict[str, int]] = {}
    for st in statements:
        if st.negated:
            continue
        add_entity(st.subject.id, st.subject)
        add_entity(st.object.id, st.object)
        rel = schema.relationships[st.predicate] if schema is not None else None
        evidence = [ev.to_record() for ev in st.evidence]
        G.add_edge(
            st.subject.id, st.object.id, key=st.predicate,
            kind="statement", type=st.predicate,
            predicate=rel.biolink if rel else "", qualifiers=dict(rel.qualifiers) if rel else {},
            polarity=st.polarity, confidence=float(st.confidence), hedged=bool(st.hedged),
            curated=any(ev.source == "curated" for ev in st.evidence),
            evidence=evidence,
            documents=sorted({ev.doc for ev in st.evidence if ev.source == "extracted"}),
        )
        for ev in st.evidence:
            if ev.source == "extracted" and ev.doc in documents:
                counts = mentions.setdefault(ev.doc, {})
                counts[st.subject.id] = counts.get(st.subject.id, 0) + 1
                counts[st.object.id] = counts.get(st.object.id, 0) + 1

    # The documents' own counts, by the id their record gives (normally its key), in document order.
    own_counts: dict[str, list[dict[str, int]]] = {}
    for extra in documents.values():
        own = extra.get("mentions")
        if own:
            own_counts.setdefault(extra["id"], []).append(own)
    known: dict[str, bool] = {}  # entity id -> in entities: asked once per entity, not once per mention

    def is_known(entity_id: str) -> bool:
        found = known.get(entity_id)
        if found is None:
            found = known[entity_id] = entity_id in entities
        return found

    # A hundred thousand mention edges, in (document, entity) order, put into networkx's adjacency dicts as
    # add_edge would, in a tenth of its time (no other edge joins a document to an entity). Each document's
    # counts are merged as its edges are made, so that all of them are never held twice.
    node, succ, pred = G._node, G._succ, G._pred
    for doc_id in sorted(mentions.keys() | own_counts.keys()):
        counts = mentions.pop(doc_id, None)
        for own in own_counts.get(doc_id, ()):
            if counts is None:
                counts = {entity_id: count for entity_id, count in own.items() if is_known(entity_id)}
                continue
            for entity_id, count in own.items():
                if is_known(entity_id):
                    old = counts.get(entity_id)
                    if old is None or count > old:
                        counts[entity_id] = count
        source = doc_node(doc_id)
        linked = source in node  # False: a document record whose id is not its key
        source_succ = succ[source] if linked else None
        for entity_id in sorted(counts):
            if entity_id not in node:
                add_entity(entity_id)
            if not linked:
                G.add_edge(source, entity_id, key="MENTIONS", kind="mentions", type="MENTIONS", count=counts[entity_id])
                continue
            keydict = source_succ.get(entity_id)
            if keydict is None:
                keydict = source_succ[entity_id] = pred[entity_id][source] = {}
            keydict["MENTIONS"] = {"kind": "mentions", "type": "MENTIONS", "count": counts[entity_id]}

    if include_unlinked:
        for entity_id in entities:
            add_entity(entity_id)
    return G


def entity_nodes(G: nx.MultiDiGraph) -> Iterator[tuple[str, dict]]:
    """``(id, attributes)`` of every entity node."""
    return ((n, d) for n, d in G.nodes(data=True) if d.get("kind") == "entity")


def statement_edges(G: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict]]:
    """``(subject, object, type, attributes)`` of every statement edge (not MENTIONS)."""
    return ((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d.get("kind") == "statement")


# --- persistence -------------------------------------------------------------


def save_graph(G: nx.MultiDiGraph, home: str | os.PathLike, statements: Iterable[Statement] = (),
               negated: Iterable[Statement] = (), info: dict | None = None) -> Path:
    """Write the mirror, its statements and a build record into the data directory.

    Files are written to unique temporary names, made mode 0600 and renamed
    (:func:`neurograph.private_files.atomic_writer`), so a reader never sees
    half a build and two builds at once never trip over each other's files.
    """
    from .mirror_file import write_mirror
    from .private_files import atomic_write, atomic_writer, private_dir

    home = private_dir(home)
    G.graph.setdefault("built_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))

    try:  # a dependency: a tenth of the time of json.dumps for these records
        from orjson import dumps as record_line
    except ImportError:  # pragma: no cover
        def record_line(record: dict) -> bytes:
            return json.dumps(record, ensure_ascii=False).encode()

    def write_lines(name: str, items: Iterable[Statement]) -> None:
        with atomic_writer(home / name) as fh:
            for s in items:  # a line at a time: the file can be larger than the graph's share of memory
                fh.write(record_line(s.to_record()))
                fh.write(b"\n")

    write_lines(STATEMENTS_FILE, statements)
    write_lines(NEGATED_FILE, negated)
    with atomic_writer(home / MIRROR_FILE) as fh:
        counts = write_mirror(fh, G.graph, G._node, G._succ, G._pred)  # edges and statement edges
    with contextlib.suppress(FileNotFoundError):
        (home / _OLD_MIRROR_FILE).unlink()
    record = {
        "content_hash": G.graph.get("content_hash"),
        "built_at": G.graph["built_at"],
        "nodes": len(G._node),
        "edges": counts["edges"],
        "statements": counts["statements"],
        **(info or {}),
    }
    # The build record goes last: its presence marks a complete build.
    atomic_write(home / BUILD_FILE, json.dumps(record, indent=2))
    return home / MIRROR_FILE


def graph_from_mirror_parts(graph: dict, node: dict, succ: dict, pred: dict) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` around the dicts :func:`neurograph.mirror_file.read_mirror` returns (no copying)."""
    G = nx.MultiDiGraph()
    G.graph.update(graph)
    G._node, G._adj, G._succ, G._pred = node, succ, succ, pred
    return G


def load_graph(home: str | os.PathLike) -> nx.MultiDiGraph:
    """Load the mirror saved by the last build in this data directory.

    Raises :class:`~neurograph.errors.NoGraphError` when there is none, or
    only the pickle of an older version (it is never unpickled: build again),
    and :class:`~neurograph.private_files.UnsafePathError` when the file or
    the data directory could have been written by another user.
    """
    from .mirror_file import MirrorFormatError, read_mirror

    path = Path(home) / MIRROR_FILE
    if not path.is_file() or not (Path(home) / BUILD_FILE).is_file():
        if (Path(home) / _OLD_MIRROR_FILE).is_file():
            raise NoGraphError(f"the graph in {home} was saved by an older version (graph.pickle, never read "
                               "again: unpickling can run code); run `neurograph build` again")
        raise NoGraphError(f"no graph built in {home}; run `neurograph build` first")
    try:
        return graph_from_mirror_parts(*read_mirror(path))
    except MirrorFormatError as exc:
        raise NoGraphError(f"{path}: {exc}") from None


def build_info(home: str | os.PathLike) -> dict | None:
    """The build record of the last build, or None."""
    from .private_files import read_private_text

    path = Path(home) / BUILD_FILE
    if not path.is_file():
        return None
    if not (Path(home) / MIRROR_FILE).is_file():
        return None  # a build of an older version (graph.pickle): not reused
    from .mirror_file import is_current

    if not is_current(Path(home) / MIRROR_FILE):
        return None  # a mirror of another format version: `build` writes it again instead of failing to read it
    return json.loads(read_private_text(path))
