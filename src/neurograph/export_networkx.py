"""The GraphML and node-link JSON exports (networkx reads and writes both itself).

``graphml``
    ``neurograph.graphml`` via networkx. GraphML holds only strings, numbers
    and booleans, so list, dict, null and empty-string values are written as
    JSON text; the graph attribute ``neurograph_json_keys`` records which keys
    were encoded so that :func:`read_graphml` decodes them again.
``json``
    ``neurograph.json``: networkx node-link data (``nodes`` keyed by ``key``
    and carrying their ``id`` attribute, ``edges`` with ``source``,
    ``target``, ``key``; graph attributes under ``graph``).

The public entry points are :func:`neurograph.export.export_graph` and
:func:`neurograph.export.import_graph`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from .errors import InputError
from .export_common import in_folder, json_loads, read_text

GRAPHML_FILE = "neurograph.graphml"
JSON_FILE = "neurograph.json"
JSON_NODE_KEY = "key"

# --- graphml --------------------------------------------------------------------

_GRAPHML_META = "neurograph_json_keys"
# Characters XML 1.0 cannot hold, and whitespace a parser may not return as written.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\r]")


def _graphml_plain(value: Any) -> bool:
    """Whether GraphML holds ``value`` as is (an empty string would come back as missing)."""
    if isinstance(value, bool) or isinstance(value, float):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, str):
        return value != "" and not _XML_UNSAFE.search(value)
    return False


def write_graphml(G: nx.MultiDiGraph, folder: Path, schema=None) -> list[str]:
    if _GRAPHML_META in G.graph:
        raise InputError(f"graph attribute {_GRAPHML_META!r} is reserved for the GraphML export")
    domains = {
        "graph": [G.graph],
        "node": [d for _, d in G.nodes(data=True)],
        "edge": [d for _, _, d in G.edges(data=True)],
    }
    # A key is JSON-encoded everywhere in its domain as soon as one value needs it,
    # so that a reader decodes by key without guessing.
    encoded = {dom: sorted({k for d in ds for k, v in d.items() if not _graphml_plain(v)}, key=str)
               for dom, ds in domains.items()}
    H = nx.MultiDiGraph()

    def encode(d: dict, keys: list[str]) -> dict:
        return {k: json.dumps(v, ensure_ascii=False, allow_nan=False) if k in keys else v for k, v in d.items()}

    H.graph.update(encode(G.graph, encoded["graph"]))
    H.graph[_GRAPHML_META] = json.dumps(encoded)
    H.add_nodes_from((n, encode(d, encoded["node"])) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, encode(d, encoded["edge"])) for u, v, k, d in G.edges(keys=True, data=True))
    nx.write_graphml(H, folder / GRAPHML_FILE, encoding="utf-8", prettyprint=True)
    return [GRAPHML_FILE]


def read_graphml(path: Path) -> nx.MultiDiGraph:
    path = in_folder(path, GRAPHML_FILE)
    if not path.is_file():
        raise InputError("file not found", path)
    try:
        H = nx.read_graphml(path, node_type=str, edge_key_type=str, force_multigraph=True)
    except Exception as exc:  # ElementTree.ParseError, NetworkXError
        raise InputError(f"not a GraphML file ({exc})", path) from None
    if not H.is_directed():
        raise InputError("expected a directed graph", path)
    for extra in ("node_default", "edge_default"):
        if H.graph.get(extra) == {}:
            del H.graph[extra]
    encoded = json_loads(H.graph.pop(_GRAPHML_META, "{}"), path, what=f"graph attribute {_GRAPHML_META!r}")

    def decode(d: dict, keys: Iterable[str], where: str) -> dict:
        return {k: json_loads(v, path, what=f"{where} attribute {k!r}") if k in keys and isinstance(v, str) else v
                for k, v in d.items()}

    G = nx.MultiDiGraph()
    G.graph.update(decode(H.graph, encoded.get("graph", []), "graph"))
    G.add_nodes_from((n, decode(d, encoded.get("node", []), f"node {n!r}")) for n, d in H.nodes(data=True))
    G.add_edges_from((u, v, k, decode(d, encoded.get("edge", []), f"edge {u!r}->{v!r}"))
                     for u, v, k, d in H.edges(keys=True, data=True))
    return G


# --- json (node-link) -------------------------------------------------------------


def write_json(G: nx.MultiDiGraph, folder: Path, schema=None) -> list[str]:
    # Nodes are keyed "key" because the mirror's nodes carry an "id" attribute of their own.
    clash = next((n for n, d in G.nodes(data=True) if JSON_NODE_KEY in d), None)
    if clash is not None:
        raise InputError(f"node {clash!r} has an attribute {JSON_NODE_KEY!r}, which node-link JSON uses for the node key")
    clash = next(((u, v) for u, v, d in G.edges(data=True) if {"source", "target", "key"} & set(d)), None)
    if clash is not None:
        raise InputError(f"edge {clash!r} has an attribute named source, target or key, which node-link JSON uses")
    data = nx.node_link_data(G, edges="edges", name=JSON_NODE_KEY)
    try:
        text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InputError(f"the graph holds a value JSON cannot: {exc}") from None
    (folder / JSON_FILE).write_text(text + "\n", encoding="utf-8")
    return [JSON_FILE]


def read_json(path: Path) -> nx.MultiDiGraph:
    path = in_folder(path, JSON_FILE)
    data = json_loads(read_text(path), path, what="the file")
    if not isinstance(data, dict) or "nodes" not in data or "edges" not in data:
        raise InputError("not node-link JSON (expected 'nodes' and 'edges')", path)
    try:
        G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges", name=JSON_NODE_KEY)
    except (KeyError, TypeError, nx.NetworkXError) as exc:
        raise InputError(f"malformed node-link JSON ({exc!r})", path) from None
    return nx.MultiDiGraph(G)
