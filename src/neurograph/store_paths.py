"""The store backend: the same path, neighbour and explain questions answered through Cypher.

The builders (``cypher_*``) are pure: they return ``(cypher, parameters)``
and never put a user value into the query text. Relationship types come from
the schema whitelist (``Schema.rel_type``); the hop limit is a validated int.
Candidate paths come back from the store and are ranked by the same Python
code as the mirror's (:func:`neurograph.paths.rank_paths`), so both backends
give the same answer.
"""

from __future__ import annotations

import re
from typing import Iterable

from .errors import UsageError
from .names import resolve
from .paths import (Path, _Walker, _check_types, _schema, _symmetric_types, _to_path, check_path_options,
                    path_ends, path_filters, rank_paths)


# The most candidate paths one query may return: bounds the server's work (hubs of Hetionet-sized graphs have
# millions of 3-hop paths); the mirror backend has no such limit.
CANDIDATE_LIMIT = 20_000

_ENTITY_RETURN = "n.id AS id, n.name AS name, n.category AS category, n.synonyms AS synonyms, n.xrefs AS xrefs"


def cypher_find_entity(name: str) -> tuple[str, dict]:
    """Entities whose id, name or a synonym equals ``name`` (case-insensitive).

    >>> q, p = cypher_find_entity("mag`nesium' OR 1=1 //")
    >>> "nesium" in q, p
    (False, {'name': "mag`nesium' OR 1=1 //", 'lower': "mag`nesium' or 1=1 //"})
    """
    query = ("MATCH (n:Entity) WHERE n.id = $name OR toLower(n.name) = $lower "
             "OR any(s IN coalesce(n.synonyms, []) WHERE toLower(s) = $lower) "
             f"RETURN {_ENTITY_RETURN}")
    return query, {"name": name, "lower": name.strip().lower()}


def cypher_all_entities() -> tuple[str, dict]:
    """Every entity's id, name, category, synonyms and xrefs (for fuzzy name resolution)."""
    return f"MATCH (n:Entity) RETURN {_ENTITY_RETURN}", {}


def _statement_types(schema, types: frozenset[str] | None) -> list[str]:
    names = sorted(types) if types is not None else sorted(schema.relationships)
    return [schema.rel_type(t) for t in names]


def cypher_paths(
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    directed: bool = True,
    via: Iterable[str] = (),
    avoid: Iterable[str] = (),
    types: Iterable[str] | None = None,
    min_confidence: float = 0.0,
    exclude_hedged: bool = False,
    schema=None,
    source_kind: str = "both",
    limit: int = CANDIDATE_LIMIT,
) -> tuple[str, dict]:
    """Cypher for the candidate paths of up to ``max_hops`` statements (at most ``limit`` rows).

    ``source_kind`` keeps statements with document evidence
    (``"documents"``), curated ones (``"curated"``) or both. The row limit
    bounds the server's work on graphs with hubs (a caller seeing ``limit``
    rows knows the answer may be incomplete).

    The pattern is undirected whenever some hop may be walked backwards
    (symmetric types, or ``directed=False``); hop directions, simplicity and
    the net sign are then checked in Python (:func:`store_paths`). Each row
    holds the path's node ids and, per hop, the stored ``ng_key``
    (``subject|TYPE|object``).

    >>> q, p = cypher_paths("CHEBI:18420", "CHEBI:18243", max_hops=3, types=["treats"])
    >>> print(q)  # doctest: +NORMALIZE_WHITESPACE
    MATCH p = (s:Entity {id: $source})-[rels:TREATS*1..3]->(t:Entity {id: $target})
    WHERE all(r IN rels WHERE r.confidence >= $min_confidence AND ($include_hedged OR NOT r.hedged))
      AND none(n IN nodes(p) WHERE n.id IN $avoid)
      AND all(x IN $via WHERE any(n IN nodes(p) WHERE n.id = x))
    RETURN [n IN nodes(p) | n.id] AS ids, [r IN rels | r.ng_key] AS keys
    LIMIT $limit
    >>> sorted(p)
    ['avoid', 'include_hedged', 'limit', 'min_confidence', 'source', 'target', 'via']
    >>> print(cypher_paths("a", "b", source_kind="curated")[0].splitlines()[1])
    WHERE all(r IN rels WHERE r.confidence >= $min_confidence AND ($include_hedged OR NOT r.hedged) AND r.curated)
    """
    check_path_options(1, max_hops=max_hops, source_kind=source_kind)
    schema = _schema(schema)
    wanted = _check_types(types, schema)
    rel_types = _statement_types(schema, wanted)
    symmetric = {k for k, r in schema.relationships.items() if r.symmetric}
    both_ways = not directed or bool(symmetric & set(rel_types))
    arrow = "-" if both_ways else "->"
    kept = {"both": "", "documents": " AND size(coalesce(r.documents, [])) > 0", "curated": " AND r.curated"}[source_kind]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise UsageError(f"limit must be a positive integer, not {limit!r}")
    query = (
        f"MATCH p = (s:Entity {{id: $source}})-[rels:{'|'.join(rel_types)}*1..{int(max_hops)}]{arrow}"
        "(t:Entity {id: $target})\n"
        f"WHERE all(r IN rels WHERE r.confidence >= $min_confidence AND ($include_hedged OR NOT r.hedged){kept})\n"
        "  AND none(n IN nodes(p) WHERE n.id IN $avoid)\n"
        "  AND all(x IN $via WHERE any(n IN nodes(p) WHERE n.id = x))\n"
        "RETURN [n IN nodes(p) | n.id] AS ids, [r IN rels | r.ng_key] AS keys\n"
        "LIMIT $limit"
    )
    params = {"source": source, "target": target, "min_confidence": float(min_confidence or 0.0),
              "include_hedged": not exclude_hedged, "avoid": sorted(set(avoid)), "via": sorted(set(via)),
              "limit": int(limit)}
    return query, params


def cypher_statements(keys: Iterable[str]) -> tuple[str, dict]:
    """The statements (with their end nodes) whose ``ng_key`` is one of ``keys``.

    >>> cypher_statements(["a|TREATS|b"])[1]
    {'keys': ['a|TREATS|b']}
    """
    query = ("MATCH (a:Entity)-[r]->(b:Entity) WHERE r.ng_key IN $keys "
             "RETURN a.id AS subject, type(r) AS type, b.id AS object, r AS rel")
    return query, {"keys": sorted(set(keys))}


def cypher_entities(ids: Iterable[str]) -> tuple[str, dict]:
    """Entities by id."""
    return f"MATCH (n:Entity) WHERE n.id IN $ids RETURN {_ENTITY_RETURN}", {"ids": sorted(set(ids))}


def cypher_document_titles(doc_ids: Iterable[str]) -> tuple[str, dict]:
    """Document titles by document id (the file stem)."""
    return ("MATCH (d:Document) WHERE d.doc IN $docs RETURN d.doc AS doc, d.name AS title",
            {"docs": sorted(set(doc_ids))})


def cypher_touching(ids: Iterable[str], depth: int = 1) -> tuple[str, dict]:
    """The statements within ``depth`` hops of some entity in ``ids`` (either direction)."""
    if not isinstance(depth, int) or isinstance(depth, bool) or depth < 1:
        raise UsageError(f"depth must be a positive integer, not {depth!r}")
    schema = _schema()
    rel_types = "|".join(_statement_types(schema, None))
    query = (f"MATCH (x:Entity)-[:{rel_types}*0..{int(depth) - 1}]-(a:Entity)-[r:{rel_types}]-(b:Entity) "
             "WHERE x.id IN $ids RETURN DISTINCT r.ng_key AS key")
    return query, {"ids": sorted(set(ids))}


def _rows(frame) -> list[dict]:
    """The rows of a GraphStore.query result (a pandas DataFrame) as dicts."""
    return frame.to_dict("records")


def _evidence_from_props(props: dict) -> list[dict]:
    sentences = props.get("evidence_sentence") or []
    out = []
    for i in range(len(sentences)):
        ev = {}
        for name in ("doc", "sentence", "start", "end", "hedged", "modifier", "source", "citation",
                     "subject_text", "object_text"):
            values = props.get(f"evidence_{name}") or []
            value = values[i] if i < len(values) else None
            if name in ("modifier", "citation") and value in ("", None):
                continue
            ev[name] = value
        out.append(ev)
    return out


def store_graph(store, keys: Iterable[str], extra_nodes: Iterable[str] = (), schema=None):
    """A small mirror-format graph holding the store's statements ``keys`` and their entities.

    Lets the store backend reuse the mirror's hop, path and card builders.
    """
    import networkx as nx

    schema = _schema(schema)
    statements = _rows(store.query(*cypher_statements(keys))) if keys else []
    node_ids = set(extra_nodes) | {r["subject"] for r in statements} | {r["object"] for r in statements}
    G = nx.MultiDiGraph()
    for row in _rows(store.query(*cypher_entities(node_ids))) if node_ids else []:
        G.add_node(row["id"], kind="entity", id=row["id"], name=row["name"] or row["id"], category=row["category"],
                   synonyms=list(row["synonyms"] or []), xrefs=list(row["xrefs"] or []))
    docs: set[str] = set()
    for row in statements:
        props = dict(row["rel"])
        rel_type = row["type"]
        rel = schema.relationships.get(rel_type)
        qualifiers = {k: props[k] for k in (rel.qualifiers if rel else {}) if k in props}
        evidence = _evidence_from_props(props)
        docs.update(ev.get("doc") for ev in evidence if ev.get("doc"))
        G.add_edge(row["subject"], row["object"], key=rel_type, kind="statement", type=rel_type,
                   predicate=props.get("predicate", ""), qualifiers=qualifiers,
                   polarity=int(props.get("polarity") or 0), confidence=float(props.get("confidence") or 0.0),
                   hedged=bool(props.get("hedged")), curated=bool(props.get("curated")), evidence=evidence,
                   documents=list(props.get("documents") or []), triage=props.get("triage"))
    titles = {r["doc"]: r["title"] for r in _rows(store.query(*cypher_document_titles(docs)))} if docs else {}
    G.graph["documents"] = titles
    return G


def store_resolve(store, name: str) -> str:
    """:func:`resolve` against the entities of a store (exact match first, then the full index)."""
    import networkx as nx

    hits = _rows(store.query(*cypher_find_entity(name)))
    if len(hits) == 1:
        return hits[0]["id"]
    G = nx.MultiDiGraph()
    rows = hits if hits else _rows(store.query(*cypher_all_entities()))
    for row in rows:
        G.add_node(row["id"], kind="entity", name=row["name"] or row["id"], synonyms=list(row["synonyms"] or []))
    return resolve(G, name)


def store_paths(store, source: str, target: str, k: int = 5, *, schema=None, **filters) -> list[Path]:
    """:func:`k_shortest_paths` answered by the graph store (a :class:`~neurograph.store.GraphStore`).

    Same keyword arguments (``filters``, see :func:`neurograph.paths.path_filters`)
    and result, but ``rank="dwpc"``, ``max_degree`` and the grade filter,
    which need the whole graph's degrees or evidence: use the mirror.
    ``source``, ``target``, ``via`` and ``avoid`` are entity ids.
    """
    f = path_filters(k, **filters)
    if f["rank"] != "cost" or f["max_degree"] is not None or f["population"] or f["study_type"]:
        raise UsageError("the store backend ranks by cost, without --max-degree or a grade filter: use the mirror")
    max_hops, directed, types, sign = f["max_hops"], f["directed"], f["types"], f["sign"]
    min_confidence, exclude_hedged, source_kind = f["min_confidence"], f["exclude_hedged"], f["source_kind"]
    schema = _schema(schema)
    via_ids, avoid_ids = path_ends(source, target, f["via"], f["avoid"])
    query, params = cypher_paths(source, target, max_hops=max_hops, directed=directed, via=via_ids, avoid=avoid_ids,
                                 types=types, min_confidence=min_confidence, exclude_hedged=exclude_hedged,
                                 schema=schema, source_kind=source_kind)
    rows = _rows(store.query(query, params))
    symmetric = _symmetric_types(schema)
    candidates = []
    for row in rows:
        ids, keys = list(row["ids"]), list(row["keys"])
        if len(set(ids)) != len(ids):
            continue  # not a simple path
        hops = []
        for i, key in enumerate(keys):
            subject, rel_type, obj = key.split("|", 2) if key.count("|") == 2 else _split_key(key)
            direction = "forward" if (subject, obj) == (ids[i], ids[i + 1]) else "backward"
            if direction == "backward" and directed and rel_type not in symmetric:
                break
            hops.append((ids[i], rel_type, ids[i + 1], direction, key))
        else:
            candidates.append((ids, hops))
    G = store_graph(store, {h[4] for _, hops in candidates for h in hops}, {source, target}, schema)
    titles = G.graph.get("documents") or {}
    walker = _Walker(G, directed=directed, types=_check_types(types, schema), min_confidence=min_confidence,
                     exclude_hedged=exclude_hedged, avoid=frozenset(avoid_ids), signed_only=False, schema=schema,
                     source=source_kind)
    paths = []
    for ids, hops in candidates:
        edges = []
        for u, rel_type, v, direction, _ in hops:
            s, o = (u, v) if direction == "forward" else (v, u)
            edges.append((u, rel_type, v, direction, G.edges[s, o, rel_type]))
        path = _to_path(G, tuple(ids), tuple(edges), titles, walker)
        if sign is not None and path.sign != sign:
            continue
        paths.append(path)
    return rank_paths(paths, k)


def _split_key(key: str) -> tuple[str, str, str]:
    """Split ``subject|TYPE|object`` when an id itself holds ``|``: the type is the UPPER_SNAKE part."""
    m = re.match(r"^(.*)\|([A-Z][A-Z0-9_]*)\|(.*)$", key)
    if not m:
        raise ValueError(f"not a statement key: {key!r}")
    return m.group(1), m.group(2), m.group(3)
