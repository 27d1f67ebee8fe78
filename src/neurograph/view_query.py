"""Query results as pictures: the nodes, relationships and paths a Cypher query returns, drawn as a view.

``neurograph cypher QUERY --view out.html`` runs the query read-only on the
graph store (:meth:`neurograph.store.GraphStore.query_graph` collects every
node, relationship and path among the returned values), turns them into a
graph of the mirror's format (:func:`graph_from_elements`) and writes the page
with :func:`neurograph.view.render_view`. Returned paths are highlighted and
listed like those of ``neurograph view --path``.

Examples
--------
>>> elements = {"nodes": {"n1": {"labels": ["Entity", "Mineral"], "properties": {"id": "CHEBI:18420",
...                                "name": "magnesium", "category": "Mineral"}},
...                       "n2": {"labels": ["Entity"], "properties": {"id": "CHEBI:18243", "name": "dopamine",
...                                "category": "Neurotransmitter"}}},
...             "relationships": [{"id": "r1", "type": "INCREASES", "start": "n1", "end": "n2",
...                                "properties": {"polarity": 1, "confidence": 0.7, "evidence_doc": ["123"],
...                                               "evidence_sentence": ["Mg raises DA."]}}],
...             "paths": [["r1"]]}
>>> H = graph_from_elements(elements, "MATCH p = ... RETURN p")
>>> sorted(H.nodes), list(H.edges(keys=True))
(['CHEBI:18243', 'CHEBI:18420'], [('CHEBI:18420', 'CHEBI:18243', 'INCREASES')])
>>> H.edges["CHEBI:18420", "CHEBI:18243", "INCREASES"]["evidence"]
[{'doc': '123', 'sentence': 'Mg raises DA.'}]
>>> H.graph["view"]["paths"][0]["nodes"], H.graph["view"]["mode"]
(['CHEBI:18420', 'CHEBI:18243'], 'query')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import NeurographError

_EVIDENCE_PREFIX = "evidence_"
_SKIP = frozenset(("evidence_count",))


def _node_key(element_id: str, entry: dict) -> str:
    props = entry.get("properties") or {}
    return str(props.get("id") or props.get("doc") or element_id)


def _category(entry: dict) -> str:
    props = entry.get("properties") or {}
    if props.get("category"):
        return str(props["category"])
    labels = [label for label in entry.get("labels") or () if label != "Entity"]
    return labels[0] if labels else "unknown"


def _evidence(props: dict) -> list[dict[str, Any]]:
    """The store's parallel evidence lists (``evidence_doc``, ``evidence_sentence``...) back as one dict each."""
    columns = {k[len(_EVIDENCE_PREFIX):]: v for k, v in props.items()
               if k.startswith(_EVIDENCE_PREFIX) and k not in _SKIP and isinstance(v, list)}
    count = max((len(v) for v in columns.values()), default=0)
    return [{name: values[i] for name, values in columns.items() if i < len(values) and values[i] != ""}
            for i in range(count)]


def graph_from_elements(elements: dict, cypher: str = "", title: str | None = None) -> nx.MultiDiGraph:
    """A mirror-format graph of query results (see :meth:`GraphStore.query_graph`), ready for ``render_view``.

    Nodes are keyed by their ``id`` property (entities), ``doc`` (documents) or
    element id; relationships by their type, with their properties and evidence.

    Raises
    ------
    NeurographError : the query returned no node, relationship or path.
    """
    nodes = elements.get("nodes") or {}
    if not nodes:
        raise NeurographError("nothing to draw: the query returned no node, relationship or path "
                              "(return nodes, relationships or paths, e.g. RETURN p, not p.name)")
    H = nx.MultiDiGraph()
    key_of = {element_id: _node_key(element_id, entry) for element_id, entry in nodes.items()}
    for element_id, entry in nodes.items():
        props = dict(entry.get("properties") or {})
        H.add_node(key_of[element_id], **{**props, "kind": "entity", "category": _category(entry),
                                          "name": str(props.get("name") or props.get("title") or key_of[element_id])})
    edge_of: dict[str, tuple[str, str, str]] = {}
    documents: dict[str, str] = {}
    for rel in elements.get("relationships") or ():
        props = dict(rel.get("properties") or {})
        u, v, key = key_of[rel["start"]], key_of[rel["end"]], str(rel["type"])
        evidence = _evidence(props)
        scalars = {k: val for k, val in props.items() if not k.startswith(_EVIDENCE_PREFIX)}
        H.add_edge(u, v, key=key, **{**scalars, "kind": "statement", "type": key, "evidence": evidence})
        edge_of[rel["id"]] = (u, v, key)
        for ev in evidence:
            if ev.get("doc"):
                documents.setdefault(str(ev["doc"]), str(ev["doc"]))
    for element_id, entry in nodes.items():
        props = entry.get("properties") or {}
        if props.get("doc") and props.get("name"):
            documents[str(props["doc"])] = str(props["name"])
    paths = []
    for rel_ids in elements.get("paths") or ():
        hops = [edge_of[r] for r in rel_ids if r in edge_of]
        if not hops:
            continue
        order = [hops[0][0], hops[0][1]] if len(hops) == 1 else (
            [hops[0][1], hops[0][0]] if hops[0][0] in hops[1][:2] else [hops[0][0], hops[0][1]])
        for u, v, _ in hops[1:]:
            order.append(v if u == order[-1] else u)
        paths.append({"nodes": order, "edges": hops, "sign": "?"})
    path_edges = [e for p in paths for e in p["edges"]]
    H.graph["documents"] = documents
    H.graph["view"] = {
        "mode": "query", "title": title or f"query: {' '.join(cypher.split())[:80]}",
        "focus": [], "anchors": [], "depth": None, "paths": paths, "path_edges": path_edges,
        "types": [], "categories": [],
    }
    return H


def write_query_view(cypher: str | None, params: dict | None, out: str | os.PathLike, *,
                     file: str | os.PathLike | None = None, home: str | os.PathLike | None = None,
                     uri: str | None = None, user: str | None = None, password: str | None = None,
                     database: str | None = None, title: str | None = None, schema=None):
    """Run a read-only query on the store and write what it returns as a view page (``neurograph cypher --view``).

    Returns a :class:`neurograph.view.ViewResult`. The page is written
    beside ``out`` under a temporary name and renamed, as ``write_view`` does.
    """
    from .queries import prepare
    from .store import open_store
    from .view import ViewResult, _check_out, _path_line, _write_atomically, render_view

    out = Path(out)
    _check_out(out)
    text, params = prepare(cypher, params, file)
    with open_store(home=home, uri=uri, user=user, password=password, database=database) as store:
        elements = store.query_graph(text, params)
    H = graph_from_elements(elements, text, title)
    _write_atomically(out, render_view(H, schema=schema, title=title))
    view = H.graph["view"]
    return ViewResult(path=out, nodes=H.number_of_nodes(), edges=H.number_of_edges(), mode="query",
                      title=view["title"], paths=[_path_line(H, p) for p in view["paths"]])
