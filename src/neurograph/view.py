"""Interactive HTML views of the graph, drawn with pyvis and vis-network.

A view is one self-contained HTML file: the whole graph, the neighbourhood
of some entities, or the shortest paths between two entities drawn
highlighted over their neighbourhood. Nodes are coloured by category and
sized by degree; edges are coloured by sign, dashed when hedged and
labelled with their relationship type on hover and selection. Positions are
computed before the page is written (:mod:`neurograph.layout`), so it opens
laid out and still; big views show the labels that fit, most connected
first. Hovering shows a card (an entity's identifiers and synonyms; a
statement's sign, confidence, triage and evidence sentences with their
documents), clicking a statement pins it in the side panel, clicking an
entity adds or removes its undrawn neighbours (carried in the page),
double-clicking focuses on it. The page has a legend with counts that
doubles as category, relationship type and sign filters, document and
confidence filters, a search box, a physics switch and PNG/SVG export.
The data block is built by :mod:`neurograph.view_payload`.

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
import gc
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
from .view_payload import (EDGE_LABELS_UP_TO, HUB_DEGREE, LABEL_THRESHOLD_PX, LEVEL_OF_DETAIL_FROM,  # noqa: F401
                           build_payload)

DEFAULT_MAX_NODES = 2000
"""The most entities a view draws unless told otherwise: a page beyond that is slow and unreadable."""

DEFAULT_PATHS = 3
"""How many shortest paths ``--path`` draws."""

CONTEXT_PER_NODE = 12
"""At most this many undrawn neighbours per entity travel with the page, to add when it is clicked."""

CONTEXT_MOST = 400
"""At most this many undrawn neighbours in all (their statements: four times as many)."""



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
                    directed: bool, population: Iterable[str] | None = None,
                    study_type: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Up to ``k`` shortest paths from the paths module, as ``{"nodes", "edges", "sign"}``.

    ``edges`` are the mirror's ``(subject, object, type)`` keys, whichever way a hop walked them.
    """
    from .paths import k_shortest_paths

    found = k_shortest_paths(G, source, target, k=k, types=sorted(types) if types else None, directed=directed,
                             population=population, study_type=study_type)
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
    population: Iterable[str] | None = None,
    study_type: Iterable[str] | None = None,
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
    population, study_type : with ``path``, keep only paths whose document
        statements have evidence of that grade (as ``neurograph path``; curated
        statements pass).

    Returns
    -------
    A new ``MultiDiGraph``. ``H.graph["view"]`` says what was selected:
    ``mode`` ("graph", "neighbourhood" or "paths"), ``title``, ``focus``
    (ids: the named entities, or every entity on a path), ``anchors`` (the
    named entities, or the two ends of the paths), ``depth``, ``paths`` (dicts of ``nodes``, ``edges`` as
    ``(u, v, key)`` and net ``sign``) and ``path_edges`` (all of them). Each node gets ``degree`` (its statements in the whole
    graph) and ``distance`` (from the nearest focus entity). ``context_nodes``
    (``{id: attributes}``) and ``context_edges`` (``(u, v, key, data)``) hold
    the capped 1-hop context a click on a drawn entity adds (none for the whole graph).

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
    if path is None and (population or study_type):
        raise UsageError("--population and --study-type filter the paths of --path SOURCE TARGET")
    type_set = _check_types(types, schema)
    category_set = _check_categories(categories, schema)

    paths: list[dict[str, Any]] = []
    path_edges: list[tuple[Any, Any, Any]] = []
    focus: list[Any] = []
    if path is not None:
        source, target = (_resolve(G, name) for name in path)
        if source == target:
            raise UsageError(f"--path needs two different entities; both name {G.nodes[source].get('name', source)!r}")
        paths = _shortest_paths(G, source, target, k, type_set, directed, population, study_type)
        if not paths:
            raise NeurographError(
                f"no path between {G.nodes[source].get('name', source)!r} and {G.nodes[target].get('name', target)!r}"
                + (" with --types " + ",".join(sorted(type_set)) if type_set else "")
                + (" with the evidence grade filter" if population or study_type else "")
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

    # The context shrinks as the view grows: together they stay near the cap on what a page draws.
    most = min(CONTEXT_MOST, max(100, ((max_nodes or DEFAULT_MAX_NODES) - len(dist)) // 2))
    context_nodes, context_edges = (({}, []) if mode == "graph" else
                                    _context(G, dist, edges, keep_edge, category_set, most=most))
    H = nx.MultiDiGraph()
    H.graph.update({key: G.graph[key] for key in ("name", "documents", "built_at", "content_hash") if key in G.graph})
    H.graph["view"] = {
        "mode": mode, "title": title, "focus": focus, "anchors": anchors, "depth": depth, "paths": paths,
        "path_edges": path_edges, "types": sorted(type_set) if type_set else [],
        "categories": sorted(category_set) if category_set else [],
        "graph_entities": sum(1 for _ in _iter_entities(G)),
        "context_nodes": context_nodes, "context_edges": context_edges,
    }
    for node, d in dist.items():
        H.add_node(node, **{**G.nodes[node], "degree": _statement_degree(G, node), "distance": d})
    for u, v, k_, d in edges:
        H.add_edge(u, v, key=k_, **d)
    return H


def _context(G: nx.MultiDiGraph, dist: dict[Any, int], drawn: list, keep_edge, categories: set[str] | None,
             per_node: int = CONTEXT_PER_NODE, most: int = CONTEXT_MOST) -> tuple[dict[Any, dict], list]:
    """What a click on a drawn entity adds: its neighbours not drawn and its statements left out, capped.

    Entities of the outer ring come first (the inner ones have every neighbour drawn already), the most
    connected first; each adds at most ``per_node`` neighbours and ``2 * per_node`` statements, and the
    whole context holds at most ``most`` entities and ``4 * most`` statements.
    """
    drawn_keys = {(u, v, k) for u, v, k, _ in drawn}
    nodes: dict[Any, dict] = {}
    edges: list[tuple[Any, Any, Any, dict]] = []
    seen: set[tuple[Any, Any, Any]] = set()
    degree = {n: _statement_degree(G, n) for n in dist}
    for node in sorted(dist, key=lambda n: (-dist[n], -degree[n], str(n))):
        added_nodes = added_edges = 0
        for u, v, k, d in _statement_edges_at(G, node):
            if added_edges >= 2 * per_node or len(edges) >= 4 * most:
                break
            if (u, v, k) in drawn_keys or (u, v, k) in seen or not keep_edge(d):
                continue
            other = v if u == node else u
            if other not in dist and other not in nodes:
                if added_nodes >= per_node or len(nodes) >= most:
                    continue
                if categories is not None and G.nodes[other].get("category") not in categories:
                    continue
                nodes[other] = {**G.nodes[other], "degree": _statement_degree(G, other),
                                "distance": dist[node] + 1}
                added_nodes += 1
            seen.add((u, v, k))
            edges.append((u, v, k, d))
            added_edges += 1
    return nodes, edges


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
    if schema is None:
        from .schema import load_schema

        schema = load_schema()
    title = title or (H.graph.get("view") or {}).get("title") or "graph"
    # The collector's full passes walk every object of the (maybe Hetionet-sized) graph in memory, and
    # building the payload allocates enough to trigger many: seconds of nothing, so it waits until the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        payload = build_payload(H, schema=schema, title=title, version=_version())
    finally:
        if collecting:
            gc.enable()
    vis_js, vis_css = _vis_assets()
    page, app_css, app_js = _app_assets()
    csp = ("default-src 'none'; " f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'")
    return Template(page).substitute(
        csp=html_lib.escape(csp, quote=True), title=html_lib.escape(f"neurograph: {title}"),
        heading=html_lib.escape(title), vis_css=vis_css, app_css=app_css, vis_js=vis_js, app_js=app_js,
        payload=script_json(payload),
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
    population: Iterable[str] | None = None,
    study_type: Iterable[str] | None = None,
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
    _check_out(out)
    H = select_view(G, entities, depth=depth, path=path, k=k, types=types, categories=categories,
                    max_nodes=max_nodes, directed=directed, schema=schema, population=population,
                    study_type=study_type)
    page = render_view(H, schema=schema, title=title)
    _write_atomically(out, page)
    view = H.graph["view"]
    return ViewResult(
        path=out, nodes=H.number_of_nodes(), edges=H.number_of_edges(), mode=view["mode"],
        title=title or view["title"],
        paths=[_path_line(H, p) for p in view["paths"]],
    )


def _check_out(out: Path) -> None:
    """Refuse an output path that is not an HTML file in an existing folder."""
    if out.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"--out {out}: the view is an HTML page; give a file name ending in .html")
    if out.exists() and out.is_dir():
        raise UsageError(f"--out {out}: is a directory")
    if not out.parent.exists():
        raise UsageError(f"--out {out}: folder {out.parent} does not exist")


def _write_atomically(out: Path, page: str) -> None:
    """Write ``page`` to a temporary name beside ``out`` and rename it: a failed run leaves no half-written page."""
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


def _path_line(H: nx.MultiDiGraph, path: dict[str, Any]) -> str:
    """One path as text: ``magnesium -IS_A-> electrolytes -TREATS-> depression (net -)``."""
    nodes = path["nodes"]
    text = str(H.nodes[nodes[0]].get("name") or nodes[0])
    for a, b, (u, _, key) in zip(nodes, nodes[1:], path["edges"]):
        hop = f" -{key}-> " if u == a else f" <-{key}- "
        text += hop + str(H.nodes[b].get("name") or b)
    return f"{text} (net {path.get('sign', '?')})"


# --- the page ------------------------------------------------------------------




