"""Interactive HTML views of the graph, drawn with pyvis and vis-network.

A view is one self-contained HTML file: the whole graph, the neighbourhood
of some entities, or the shortest paths between two entities drawn
highlighted over their neighbourhood. Nodes are coloured by category and
sized by degree; edges are coloured by sign, dashed when hedged and
labelled with their relationship type. Hovering shows a card (an entity's
identifiers and synonyms; a statement's sign, confidence and evidence
sentences with their documents), clicking pins it in the side panel. The
page has a legend with counts that doubles as category, relationship type
and sign filters, a search box and a physics switch.

The page works offline: vis-network (shipped inside the pyvis package) is
inlined, and a Content-Security-Policy forbids every network fetch and every
script but the page's own. Entity names and evidence come from user
documents and are untrusted: the data travels as a JSON block that is never
executed, and the page writes it into the document as text only.

Selection is separate from drawing, so it can be tested without a browser:
:func:`select_view` picks the subgraph, :func:`render_view` turns it into
HTML, :func:`write_view` does both and writes the file.

Examples
--------
>>> from neurograph.graph import graph_from_records
>>> from neurograph.records import Entity, EntityRef, Evidence, Statement
>>> mg = EntityRef("CHEBI:18420", "magnesium", "Mineral")
>>> nmda = EntityRef("FPLX:NMDA_receptor", "NMDA receptor", "Receptor")
>>> da = EntityRef("CHEBI:18243", "dopamine", "Neurotransmitter")
>>> G = graph_from_records([], [
...     Statement(mg, "ANTAGONIST_OF", nmda, -1, confidence=0.8,
...               evidence=[Evidence("d1", "Mg blocks NMDA.", 0, 15)]),
...     Statement(nmda, "REGULATES", da, 0, confidence=0.6,
...               evidence=[Evidence("d1", "NMDA controls dopamine.", 16, 39)])],
...     {"d1": {"title": "Doc one"}})
>>> H = select_view(G, ["magnesium"], depth=1)
>>> sorted(H.nodes), H.number_of_edges()
(['CHEBI:18420', 'FPLX:NMDA_receptor'], 1)
>>> H.graph["view"]["title"]
'neighbourhood of magnesium (depth 1)'
>>> html = render_view(H)
>>> html.startswith("<!DOCTYPE html>"), "<script src" in html, "<link" in html
(True, False, False)
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import math
import os
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any, Iterable, Sequence

import networkx as nx

from .errors import NeurographError, SelectionTooLargeError, UsageError

DEFAULT_MAX_NODES = 2000
"""The most entities a view draws unless told otherwise: a page beyond that is slow and unreadable."""

DEFAULT_PATHS = 3
"""How many shortest paths ``--path`` draws."""

EDGE_LABELS_UP_TO = 300
"""Edge labels start switched on only for views up to this many statements (they clutter bigger ones)."""

_UNKNOWN_COLOR = "#7f7f7f"


# --- selection -----------------------------------------------------------------


def _statement_edges_at(G: nx.MultiDiGraph, node: Any) -> Iterable[tuple[Any, Any, Any, dict]]:
    """Statement edges touching ``node``, both directions (self-loops once)."""
    # The adjacency dicts directly: the edge views cost several times more on Hetionet-sized graphs.
    for v, keys in G._succ[node].items():
        for k, d in keys.items():
            if d.get("kind") == "statement":
                yield node, v, k, d
    for u, keys in G._pred[node].items():
        if u == node:
            continue
        for k, d in keys.items():
            if d.get("kind") == "statement":
                yield u, node, k, d


def _statement_degree(G: nx.MultiDiGraph, node: Any) -> int:
    """How many statements touch ``node``: every edge but the MENTIONS from documents."""
    nodes = G._node  # the plain dict behind G.nodes: the view costs a call per lookup
    out_degree = sum(map(len, G._succ[node].values()))
    in_degree = sum(len(keys) for u, keys in G._pred[node].items() if nodes[u].get("kind") != "document")
    return out_degree + in_degree


def _normalise_names(values: Iterable[str] | None) -> list[str]:
    """Split comma-separated option values and drop blanks; one string is one value."""
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip() for part in str(value).split(",") if part.strip())
    return out


def _check_types(types: Iterable[str] | None, schema) -> set[str] | None:
    """The relationship types to keep, checked against the schema (any case, spaces or dashes for _)."""
    names = _normalise_names(types)
    if not names:
        return None
    known = set(schema.relationships)
    wanted = set()
    for name in names:
        key = name.upper().replace(" ", "_").replace("-", "_")
        if key not in known:
            raise UsageError(f"unknown relationship type {name!r} in --types; known: {', '.join(sorted(known))}")
        wanted.add(key)
    return wanted


def _check_categories(categories: Iterable[str] | None, schema) -> set[str] | None:
    """The entity categories to keep, checked against the schema (any case)."""
    names = _normalise_names(categories)
    if not names:
        return None
    by_lower = {k.lower(): k for k in schema.categories}
    wanted = set()
    for name in names:
        key = by_lower.get(name.lower())
        if key is None:
            raise UsageError(f"unknown category {name!r} in --categories; known: {', '.join(sorted(by_lower.values()))}")
        wanted.add(key)
    return wanted


def _iter_entities(G: nx.MultiDiGraph):
    return ((n, d) for n, d in G.nodes(data=True) if d.get("kind", "entity") == "entity")


def _iter_statements(G: nx.MultiDiGraph):
    return ((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d.get("kind") == "statement")


def _resolve(G: nx.MultiDiGraph, name: str) -> Any:
    """The node an entity name, synonym or id stands for (the paths module's resolver)."""
    from .names import resolve

    if name in G and G.nodes[name].get("kind", "entity") == "entity":
        return name  # an exact id: skip building the name index (seconds on Hetionet)
    return resolve(G, name)


def _shortest_paths(G: nx.MultiDiGraph, source: Any, target: Any, k: int, types: set[str] | None,
                    directed: bool) -> list[dict[str, Any]]:
    """Up to ``k`` shortest paths from the paths module, as ``{"nodes", "edges", "sign"}``.

    ``edges`` are the mirror's ``(subject, object, type)`` keys, whichever way a hop walked them.
    """
    from .paths import k_shortest_paths

    found = k_shortest_paths(G, source, target, k=k, types=sorted(types) if types else None, directed=directed)
    return [{"nodes": list(p.nodes), "edges": [(h.subject, h.object, h.type) for h in p.hops], "sign": p.sign}
            for p in found]


def _walk(G: nx.MultiDiGraph, start: Sequence[Any], depth: int, types: set[str] | None,
          categories: set[str] | None) -> dict[Any, int]:
    """Breadth-first distances from ``start`` over statement edges, either direction."""
    dist = {n: 0 for n in start}
    frontier = list(start)
    for d in range(1, depth + 1):
        nxt = []
        for node in frontier:
            for u, v, _, data in _statement_edges_at(G, node):
                if types is not None and data.get("type") not in types:
                    continue
                other = v if u == node else u
                if other in dist:
                    continue
                if categories is not None and G.nodes[other].get("category") not in categories:
                    continue
                dist[other] = d
                nxt.append(other)
        frontier = nxt
        if not frontier:
            break
    return dist


def select_view(
    G: nx.MultiDiGraph,
    entities: Sequence[str] = (),
    *,
    depth: int = 1,
    path: tuple[str, str] | None = None,
    k: int = DEFAULT_PATHS,
    types: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    directed: bool = True,
    schema=None,
) -> nx.MultiDiGraph:
    """Pick what a view draws: a copy of part of the mirror, entities and statements only.

    Parameters
    ----------
    G : the mirror graph (see :mod:`neurograph.graph`).
    entities : names, synonyms or ids. None and no ``path``: the whole graph.
        Otherwise their neighbourhood: every entity within ``depth`` statements
        of one of them, either direction, and the statements the walk followed
        (links among the outermost ring are left out; they swamp big graphs).
    depth : how far the neighbourhood reaches (0 draws only the entities
        and the statements between them).
    path : ``(source, target)``: the ``k`` shortest paths between them,
        highlighted over the ``depth`` neighbourhood of the entities on them.
    types : relationship types to keep (any case; comma-separated allowed).
    categories : entity categories to keep; the named entities always stay.
    max_nodes : raise rather than select more entities than this (None: no cap).
    directed : with ``path``, walk statements subject to object only (symmetric
        types both ways); False walks them backwards too.

    Returns
    -------
    A new ``MultiDiGraph``. ``H.graph["view"]`` says what was selected:
    ``mode`` ("graph", "neighbourhood" or "paths"), ``title``, ``focus``
    (ids: the named entities, or every entity on a path), ``anchors`` (the
    named entities, or the two ends of the paths), ``depth``, ``paths`` (dicts of ``nodes``, ``edges`` as
    ``(u, v, key)`` and net ``sign``) and ``path_edges`` (all of them). Each node gets ``degree`` (its statements in the whole
    graph) and ``distance`` (from the nearest focus entity).

    Raises
    ------
    UnknownEntityError : a name matches no entity.
    UsageError : a bad combination, an unknown type or category.
    SelectionTooLargeError : more than ``max_nodes`` entities; says how many.
    NeurographError : nothing to draw, or no path between the two entities.

    Examples
    --------
    >>> from neurograph.graph import graph_from_records
    >>> from neurograph.records import EntityRef, Statement
    >>> a, b, c = (EntityRef(f"X:{n}", n, "Nutrient") for n in "abc")
    >>> G = graph_from_records([], [Statement(a, "INCREASES", b, 1), Statement(b, "INCREASES", c, 1)], {})
    >>> sorted(select_view(G).nodes)
    ['X:a', 'X:b', 'X:c']
    >>> select_view(G, ["X:a"], depth=2, max_nodes=2)
    Traceback (most recent call last):
    ...
    neurograph.errors.SelectionTooLargeError: the view would draw 3 entities, more than the cap of 2; narrow it with a smaller --depth, --types or --categories, or raise --max-nodes
    """
    if schema is None:
        from .schema import load_schema

        schema = load_schema()
    entities = [e for e in entities or () if str(e).strip()]
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, not {depth}")
    if k < 1:
        raise UsageError(f"the number of paths must be 1 or more, not {k}")
    if path is not None and entities:
        raise UsageError("give either entities or --path SOURCE TARGET, not both")
    type_set = _check_types(types, schema)
    category_set = _check_categories(categories, schema)

    paths: list[dict[str, Any]] = []
    path_edges: list[tuple[Any, Any, Any]] = []
    focus: list[Any] = []
    if path is not None:
        source, target = (_resolve(G, name) for name in path)
        if source == target:
            raise UsageError(f"--path needs two different entities; both name {G.nodes[source].get('name', source)!r}")
        paths = _shortest_paths(G, source, target, k, type_set, directed)
        if not paths:
            raise NeurographError(
                f"no path between {G.nodes[source].get('name', source)!r} and {G.nodes[target].get('name', target)!r}"
                + (" with --types " + ",".join(sorted(type_set)) if type_set else "")
                + ("; statements were walked subject to object only, try --undirected" if directed else ""))
        anchors = [source, target]
        for p in paths:
            path_edges.extend(e for e in p["edges"] if e not in path_edges)
            focus.extend(n for n in p["nodes"] if n not in focus)
        mode = "paths"
        title = (f"{len(paths)} shortest path{'s' if len(paths) != 1 else ''} from "
                 f"{G.nodes[source].get('name', source)} to {G.nodes[target].get('name', target)}")
    elif entities:
        for name in entities:
            node = _resolve(G, name)
            if node not in focus:
                focus.append(node)
        anchors = list(focus)
        mode = "neighbourhood"
        title = (f"neighbourhood of {', '.join(str(G.nodes[n].get('name', n)) for n in focus)} (depth {depth})")
    else:
        mode = "graph"
        title = "whole graph"
        anchors = []

    if type_set:
        title += f"; types {', '.join(sorted(type_set))}"
    if category_set:
        title += f"; categories {', '.join(sorted(category_set))}"

    def keep_edge(data: dict) -> bool:
        return type_set is None or data.get("type") in type_set

    if mode == "graph":
        dist = {n: 0 for n, d in _iter_entities(G)
                if category_set is None or d.get("category") in category_set}
        if type_set is None and max_nodes is not None and len(dist) > max_nodes:
            raise SelectionTooLargeError(len(dist), max_nodes, "entities to centre on, --types or --categories")
        edges = [(u, v, k_, d) for u, v, k_, d in _iter_statements(G) if keep_edge(d) and u in dist and v in dist]
        if type_set is not None:
            linked = {u for u, *_ in edges} | {v for _, v, *_ in edges}
            dist = {n: 0 for n in dist if n in linked}
    else:
        dist = _walk(G, focus, depth, type_set, category_set)
        edges = []
        on_paths = set(path_edges)
        for u in dist:
            for v, keys in G._succ[u].items():
                if v not in dist:
                    continue
                # Links among the outermost ring are left out, except between focus entities and along paths.
                walked = min(dist[u], dist[v]) < depth or dist[u] == dist[v] == 0
                for k_, d in keys.items():
                    if d.get("kind") == "statement" and keep_edge(d) and (walked or (u, v, k_) in on_paths):
                        edges.append((u, v, k_, d))

    if not dist:
        filters = "".join(f" {flag} {','.join(sorted(chosen))}" for flag, chosen in
                          (("--types", type_set), ("--categories", category_set)) if chosen)
        raise NeurographError(f"nothing to draw: no entity{' matches' + filters if filters else ' in the graph'}")
    if max_nodes is not None and len(dist) > max_nodes:
        hint = "a smaller --depth, --types or --categories" if mode != "graph" else "entities to centre on, --types or --categories"
        raise SelectionTooLargeError(len(dist), max_nodes, hint)

    H = nx.MultiDiGraph()
    H.graph.update({key: G.graph[key] for key in ("name", "documents", "built_at", "content_hash") if key in G.graph})
    H.graph["view"] = {
        "mode": mode, "title": title, "focus": focus, "anchors": anchors, "depth": depth, "paths": paths,
        "path_edges": path_edges, "types": sorted(type_set) if type_set else [],
        "categories": sorted(category_set) if category_set else [],
        "graph_entities": sum(1 for _ in _iter_entities(G)),
    }
    for node, d in dist.items():
        H.add_node(node, **{**G.nodes[node], "degree": _statement_degree(G, node), "distance": d})
    for u, v, k_, d in edges:
        H.add_edge(u, v, key=k_, **d)
    return H


# --- drawing ---------------------------------------------------------------------


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c`` and friends, so neither ``</script>``
    nor ``<!--`` can end or bend the element; non-ASCII (U+2028 and U+2029
    included) is escaped too. The value reads back unchanged with ``JSON.parse``.

    >>> script_json({"name": "</script><!--x\\u2028"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003c!--x\\\\u2028"}'
    >>> json.loads(script_json(["a<b>&c"])) == ["a<b>&c"]
    True
    """
    text = json.dumps(value, ensure_ascii=True, allow_nan=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet that ship inside pyvis, ready to inline."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # The source map would be fetched by developer tools only, but the page promises no fetch at all.
    js = js.replace("//# sourceMappingURL=vis-network.min.js.map", "")
    for text, closing in ((js, "</script"), (css, "</style")):
        if closing in text.lower() or "<!--" in text:
            raise NeurographError(f"the vis-network asset in {lib} cannot be inlined safely ({closing} inside)")
    return js, css


@lru_cache(maxsize=1)
def _app_assets() -> tuple[str, str, str]:
    """The page template, its stylesheet and its script: files of their own in ``neurograph/view_assets``.

    The script writes untrusted names and sentences with ``textContent`` only and hands vis-network DOM
    elements (never strings) as tooltips; it is inlined under its Content-Security-Policy hash.
    """
    from importlib.resources import files

    folder = files("neurograph") / "view_assets"
    page, css, js = ((folder / name).read_text(encoding="utf-8") for name in ("page.html", "app.css", "app.js"))
    for text, closing in ((css, "</style"), (js, "</script")):
        if closing in text.lower() or "<!--" in text:
            raise NeurographError(f"a view asset in {folder} cannot be inlined safely ({closing} inside)")
    return page, css, js


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _short(text: str, limit: int = 36) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _edge_id(u: Any, v: Any, key: Any) -> str:
    """The vis-network id of a statement edge: unique, since the mirror keys parallel edges by type."""
    return f"{u}\u2192{key}\u2192{v}"


def _type_label(key: str) -> str:
    return str(key).lower().replace("_", " ")


def _edge_smoothness(edges: list[tuple[Any, Any, Any, dict]]) -> dict[tuple[Any, Any, Any], Any]:
    """Curves that keep parallel statements between two entities apart; straight lines otherwise."""
    groups: dict[frozenset, list[tuple[Any, Any, Any]]] = defaultdict(list)
    for u, v, k, _ in edges:
        groups[frozenset((str(u), str(v)))].append((u, v, k))
    smooth: dict[tuple[Any, Any, Any], Any] = {}
    for members in groups.values():
        if len(members) == 1:
            smooth[members[0]] = False
            continue
        for i, (u, v, k) in enumerate(members):
            side_a = i % 2 == 0
            canonical = str(u) <= str(v)
            # CW and CCW are relative to the edge's direction, so flip for edges drawn the other way.
            kind = "curvedCW" if side_a == canonical else "curvedCCW"
            smooth[(u, v, k)] = {"enabled": True, "type": kind, "roundness": round(0.18 * (i // 2 + 1), 2)}
    return smooth


def _options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    """vis-network options: a force layout that stabilises off-screen, then freezes."""
    big = n_nodes > 300 or n_edges > 800
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "scaling": {"min": 8, "max": 36, "label": {"enabled": False}},
            "font": {"size": 14, "face": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
                     "color": "#1d1d1f", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "arrowStrikethrough": False,
            "font": {"size": 11, "align": "middle", "color": "#444444", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "selectionWidth": 2,
            "hoverWidth": 0.6,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "navigationButtons": False, "keyboard": False},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "centralGravity": 0.008, "springLength": 110,
                                 "springConstant": 0.06, "damping": 0.5, "avoidOverlap": 0.3},
            "maxVelocity": 60,
            "minVelocity": 1,
            # Fewer iterations for big views: each costs O(n log n), and 300 already untangle 1,300 nodes.
            "stabilization": {"enabled": True, "iterations": 1000 if n_nodes <= 100 else 400 if n_nodes <= 500 else 300,
                              "updateInterval": 20, "fit": True},
        },
    }


def render_view(H: nx.MultiDiGraph, *, schema=None, title: str | None = None) -> str:
    """The HTML page of a selection made by :func:`select_view` (or any graph in the mirror format).

    Parameters
    ----------
    H : the selection; ``H.graph["view"]`` (optional) says what it shows.
    schema : colours of categories and signs; the default schema when None.
    title : the page title; the selection's own title when None.

    Returns
    -------
    A complete, self-contained HTML document (about 500 kB of which is vis-network).
    """
    from pyvis.network import Network

    if schema is None:
        from .schema import load_schema

        schema = load_schema()
    view = dict(H.graph.get("view") or {})
    mode = view.get("mode", "graph")
    title = title or view.get("title") or "graph"
    page_title = f"neurograph: {title}"
    documents = dict(H.graph.get("documents") or {})
    focus = set(view.get("focus") or ())
    path_edges = {tuple(e) for e in view.get("path_edges") or ()}
    path_nodes = {n for p in view.get("paths") or () for n in p["nodes"]}

    nodes = [(n, d) for n, d in H.nodes(data=True) if d.get("kind", "entity") == "entity"]
    node_ids = {n for n, _ in nodes}
    edges = [(u, v, k, d) for u, v, k, d in H.edges(keys=True, data=True)
             if d.get("kind") == "statement" and u in node_ids and v in node_ids]
    drawn_degree: Counter = Counter()
    for u, v, _, _ in edges:
        drawn_degree[u] += 1
        drawn_degree[v] += 1

    def category_of(d: dict) -> str:
        return str(d.get("category") or "unknown")

    def category_color(cat: str) -> str:
        return schema.categories[cat].color if cat in schema.categories else _UNKNOWN_COLOR

    def category_display(cat: str) -> str:
        return schema.categories[cat].display if cat in schema.categories else cat

    def sign_of(d: dict) -> int:
        polarity = d.get("polarity")
        if polarity is None and d.get("type") in schema.relationships:
            polarity = schema.relationships[d["type"]].polarity
        return int(polarity or 0)

    anchors = set(view.get("anchors") or ())

    def size_value(node: Any) -> float:
        # Square root: one hub of a thousand statements should not shrink everything else to a dot.
        return round(1.0 + math.sqrt(drawn_degree[node]), 3)

    biggest = max((size_value(n) for n, _ in nodes), default=1.0)
    net = Network(directed=True, cdn_resources="in_line", heading=title)
    for n, d in sorted(nodes, key=lambda item: str(item[0])):
        cat = category_of(d)
        color = category_color(cat)
        on_path = n in path_nodes
        is_focus = n in focus
        name = str(d.get("name") or n)
        net.add_node(
            str(n), label=_short(name), shape="diamond" if n in anchors else "dot",
            value=biggest if n in anchors else size_value(n),
            color={"background": color, "border": "#1d1d1f" if is_focus else "#ffffff",
                   "highlight": {"background": color, "border": "#000000"},
                   "hover": {"background": color, "border": "#333333"}},
            borderWidth=3 if is_focus else 1.5, borderWidthSelected=4,
            opacity=1 if (mode != "paths" or on_path) else 0.55,
            category=cat, name=name, focus=is_focus, anchor=n in anchors, onPath=on_path,
            card={"id": str(d.get("id") or n), "name": name, "category": cat,
                  "categoryDisplay": category_display(cat), "color": color,
                  "xrefs": [str(x) for x in d.get("xrefs") or ()],
                  "synonyms": [str(s) for s in d.get("synonyms") or ()],
                  "degree": int(d.get("degree", drawn_degree[n])), "drawn": drawn_degree[n],
                  "distance": d.get("distance")},
        )

    smooth = _edge_smoothness(edges)
    for u, v, k, d in edges:
        rel_type = str(d.get("type") or k)
        rel = schema.relationships.get(rel_type)
        sign = sign_of(d)
        sign_info = schema.signs.get(sign, {"name": str(sign), "color": _UNKNOWN_COLOR})
        on_path = (u, v, k) in path_edges
        dimmed = mode == "paths" and not on_path
        confidence = d.get("confidence")
        width = 1.0 + 3.0 * float(confidence) if isinstance(confidence, (int, float)) else 1.5
        evidence = []
        for ev in d.get("evidence") or ():
            doc = ev.get("doc")
            evidence.append({
                "sentence": str(ev.get("sentence") or ""), "doc": str(doc or ""),
                "docTitle": str(documents.get(doc, doc) or ""), "hedged": bool(ev.get("hedged")),
                "modifier": str(ev.get("modifier") or ""), "source": str(ev.get("source") or ""),
                "citation": str(ev.get("citation") or ""),
            })
        net.add_edge(
            str(u), str(v), id=_edge_id(u, v, k),
            label=_type_label(rel_type), typeLabel=_type_label(rel_type),
            arrows="" if (rel is not None and rel.symmetric) else "to",
            color={"color": sign_info["color"], "highlight": sign_info["color"], "hover": sign_info["color"],
                   "opacity": 0.3 if dimmed else 1.0},
            dashes=bool(d.get("hedged")), width=width + (3 if on_path else 0), smooth=smooth[(u, v, k)],
            type=rel_type, sign=sign, onPath=on_path,
            card={"subject": str(H.nodes[u].get("name") or u), "object": str(H.nodes[v].get("name") or v),
                  "type": rel_type, "typeDisplay": rel.display if rel is not None else _type_label(rel_type),
                  "symmetric": bool(rel is not None and rel.symmetric),
                  "predicate": str(d.get("predicate") or ""), "sign": sign, "signName": sign_info["name"],
                  "signColor": sign_info["color"],
                  "confidence": float(confidence) if isinstance(confidence, (int, float)) else None,
                  "hedged": bool(d.get("hedged")), "curated": bool(d.get("curated")),
                  "source": str(d.get("source") or ""), "evidence": evidence},
        )
    net.options = _options(len(net.nodes), len(net.edges))
    vis_nodes, vis_edges, _, _, _, _ = net.get_network_data()

    category_counts = Counter(node["category"] for node in vis_nodes)
    type_counts = Counter(edge["type"] for edge in vis_edges)
    sign_counts = Counter(edge["sign"] for edge in vis_edges)
    categories = [{"key": c, "display": category_display(c), "color": category_color(c), "count": category_counts[c]}
                  for c in [*schema.categories, *sorted(set(category_counts) - set(schema.categories))]
                  if category_counts[c]]
    rel_types = [{"key": t, "display": _type_label(t), "count": type_counts[t],
                  "sign": schema.relationships[t].polarity if t in schema.relationships else 0}
                 for t in sorted(type_counts)]
    signs = [{"sign": s, "name": schema.signs[s]["name"], "color": schema.signs[s]["color"], "count": sign_counts[s]}
             for s in (1, -1, 0) if s in schema.signs]

    paths = []
    for p in view.get("paths") or ():
        steps = [{"type": _type_label(k), "sign": sign_of(H.edges[u, v, k]), "forward": u == a}
                 for (a, _), (u, v, k) in zip(zip(p["nodes"], p["nodes"][1:]), p["edges"])]
        paths.append({"nodes": [str(n) for n in p["nodes"]], "sign": p.get("sign", "?"),
                      "names": [str(H.nodes[n].get("name") or n) for n in p["nodes"]],
                      "steps": steps, "edges": [_edge_id(u, v, k) for u, v, k in p["edges"]]})

    payload = {
        "meta": {
            "title": title, "mode": mode, "depth": view.get("depth"),
            "focus": [str(n) for n in focus], "types": view.get("types") or [],
            "categories": view.get("categories") or [],
            "graphEntities": view.get("graph_entities"), "builtAt": str(H.graph.get("built_at") or ""),
            "documents": len(documents), "edgeLabels": len(vis_edges) <= EDGE_LABELS_UP_TO,
            "generator": f"neurograph {_version()}",
        },
        "categories": categories, "types": rel_types, "signs": signs, "paths": paths,
        "nodes": vis_nodes, "edges": vis_edges, "options": net.options,
    }
    vis_js, vis_css = _vis_assets()
    page, app_css, app_js = _app_assets()
    csp = ("default-src 'none'; " f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'")
    return Template(page).substitute(
        csp=html_lib.escape(csp, quote=True), title=html_lib.escape(page_title), heading=html_lib.escape(title),
        vis_css=vis_css, app_css=app_css, vis_js=vis_js, app_js=app_js, payload=script_json(payload),
    )


def _version() -> str:
    from . import __version__

    return __version__


@dataclass
class ViewResult:
    """What :func:`write_view` wrote."""

    path: Path
    nodes: int
    edges: int
    mode: str
    title: str
    paths: list[str] = field(default_factory=list)
    """The drawn paths as text, cheapest first (``--path`` only)."""

    def summary(self) -> str:
        entities = f"{self.nodes} {'entity' if self.nodes == 1 else 'entities'}"
        statements = f"{self.edges} {'statement' if self.edges == 1 else 'statements'}"
        return f"{self.path}: {self.title}; {entities}, {statements}"


def write_view(
    G: nx.MultiDiGraph,
    out: str | os.PathLike,
    entities: Sequence[str] = (),
    *,
    depth: int = 1,
    path: tuple[str, str] | None = None,
    k: int = DEFAULT_PATHS,
    types: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    directed: bool = True,
    schema=None,
    title: str | None = None,
) -> ViewResult:
    """Select with :func:`select_view`, draw with :func:`render_view` and write the page to ``out``.

    The file is written to a temporary name beside ``out`` and renamed, so a
    failed run leaves no half-written page. Arguments are those of
    :func:`select_view`.

    Examples
    --------
    >>> import tempfile
    >>> from neurograph.graph import graph_from_records
    >>> from neurograph.records import EntityRef, Statement
    >>> a, b = EntityRef("X:a", "a", "Nutrient"), EntityRef("X:b", "b", "Nutrient")
    >>> G = graph_from_records([], [Statement(a, "INCREASES", b, 1)], {})
    >>> result = write_view(G, Path(tempfile.mkdtemp()) / "view.html")
    >>> (result.nodes, result.edges, result.mode, result.path.stat().st_size > 100_000)
    (2, 1, 'graph', True)
    """
    if schema is None:
        from .schema import load_schema

        schema = load_schema()
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"--out {out}: the view is an HTML page; give a file name ending in .html")
    if out.exists() and out.is_dir():
        raise UsageError(f"--out {out}: is a directory")
    if not out.parent.exists():
        raise UsageError(f"--out {out}: folder {out.parent} does not exist")
    H = select_view(G, entities, depth=depth, path=path, k=k, types=types, categories=categories,
                    max_nodes=max_nodes, directed=directed, schema=schema)
    page = render_view(H, schema=schema, title=title)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        # mkstemp makes the file 0600; a page the user asked for gets the mode their umask gives new files
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    view = H.graph["view"]
    return ViewResult(
        path=out, nodes=H.number_of_nodes(), edges=H.number_of_edges(), mode=view["mode"],
        title=title or view["title"],
        paths=[_path_line(H, p) for p in view["paths"]],
    )


def _path_line(H: nx.MultiDiGraph, path: dict[str, Any]) -> str:
    """One path as text: ``magnesium -IS_A-> electrolytes -TREATS-> depression (net -)``."""
    nodes = path["nodes"]
    text = str(H.nodes[nodes[0]].get("name") or nodes[0])
    for a, b, (u, _, key) in zip(nodes, nodes[1:], path["edges"]):
        hop = f" -{key}-> " if u == a else f" <-{key}- "
        text += hop + str(H.nodes[b].get("name") or b)
    return f"{text} (net {path.get('sign', '?')})"


# --- the page ------------------------------------------------------------------




