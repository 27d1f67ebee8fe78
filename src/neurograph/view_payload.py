"""The data a view page carries: vis-network nodes and edges with their cards, legends, paths and options.

Kept apart from :mod:`neurograph.view` (selection, the page and its file) so that each stays one job.
Positions come from :mod:`neurograph.layout`; the page's script (``view_assets/app.js``) reads this data.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from .layout import layout_positions

EDGE_LABELS_UP_TO = 150
"""Edge labels start switched on only for views up to this many statements; bigger views show them on hover
and selection (they overlap near hubs)."""

LABEL_THRESHOLD_PX = 9
"""Node labels smaller than about this on screen are not drawn (vis-network's ``drawThreshold``)."""

LEVEL_OF_DETAIL_FROM = 120
"""Views of more entities than this open with only the labels that fit (the most connected first)."""

HUB_DEGREE = 12
"""Edges at an entity with at least this many drawn statements are faded, unless selected or on a path."""

_UNKNOWN_COLOR = "#7f7f7f"


def _short(text: str, limit: int = 36) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _edge_id(u: Any, v: Any, key: Any) -> str:
    """The vis-network id of a statement edge: unique, since the mirror keys parallel edges by type."""
    return f"{u}\u2192{key}\u2192{v}"


def _pmid(doc: Any) -> str:
    """The PubMed id a document id stands for ("" when it is not one): all digits, or ``PMID:`` and digits.

    >>> _pmid("31234567"), _pmid("PMID:31234567"), _pmid("doc_a")
    ('31234567', '31234567', '')
    """
    text = str(doc or "").strip()
    if text.lower().startswith("pmid:") or text.lower().startswith("pmid_"):
        text = text[5:].strip()
    return text if text.isdigit() and len(text) <= 9 else ""


def _doc_title(documents: dict, doc: Any) -> str:
    """A document's title from the graph's ``documents`` (a title, or a dict with one); its id otherwise."""
    title = documents.get(doc, doc)
    if isinstance(title, dict):
        title = title.get("title") or doc
    return str(title or doc or "")


def _evidence_item(ev: dict, documents: dict) -> dict[str, Any]:
    """One evidence sentence for the page, with its document's title, PubMed id and evidence grade."""
    doc = ev.get("doc")
    title = _doc_title(documents, doc)
    return {
        "sentence": str(ev.get("sentence") or ""), "doc": str(doc or ""), "docTitle": str(title or ""),
        "pmid": _pmid(doc), "hedged": bool(ev.get("hedged")),
        "modifier": str(ev.get("modifier") or ""), "source": str(ev.get("source") or ""),
        "citation": str(ev.get("citation") or ""), "population": str(ev.get("population") or ""),
        "studyType": str(ev.get("study_type") or ""),
    }


def _rgba(color: str, alpha: float) -> str:
    """``#rrggbb`` with an alpha: vis-network draws an ``rgba()`` colour as given (hover and highlight stay solid).

    >>> _rgba("#2ca02c", 0.3), _rgba("#2ca02c", 1.0)
    ('rgba(44,160,44,0.3)', '#2ca02c')
    """
    if alpha >= 1.0 or not (color.startswith("#") and len(color) == 7):
        return color
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"


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
    """vis-network options: positions come laid out from Python, so physics starts off and nothing stabilises.

    The *physics* switch turns the force layout on from the current positions (no stabilisation run).
    """
    big = n_nodes > 300 or n_edges > 800
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            # Labels drawn under LABEL_THRESHOLD_PX on screen are skipped: the page's level of detail
            # gives the labels that fit a readable size and the rest a size that shows only on zoom.
            "scaling": {"min": 8, "max": 36, "label": {"enabled": False, "drawThreshold": LABEL_THRESHOLD_PX,
                                                        "maxVisible": 40}},
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
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "centralGravity": 0.008, "springLength": 110,
                                 "springConstant": 0.06, "damping": 0.5, "avoidOverlap": 0.3},
            "maxVelocity": 60,
            "minVelocity": 1,
            "stabilization": {"enabled": False},
        },
    }


def build_payload(H: nx.MultiDiGraph, *, schema, title: str, version: str = "") -> dict[str, Any]:
    """The data block of the page of ``H``: vis-network nodes and edges with their cards, legends, paths, options.

    Parameters
    ----------
    H : the selection; ``H.graph["view"]`` (optional) says what it shows.
    schema : colours of categories and signs; the default schema when None.
    title : the page title; the selection's own title when None.

    Returns
    -------
    A JSON-ready dict (the page's ``neurograph-data`` block).
    """
    view = dict(H.graph.get("view") or {})
    mode = view.get("mode", "graph")
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

    # Sizes grow with the square root of the statements drawn: one hub of a thousand should not shrink the rest.
    biggest = max((round(1.0 + math.sqrt(drawn_degree[n]), 3) for n, _ in nodes), default=1.0)
    positions = layout_positions(H, [n for n, _ in nodes], seed=7)

    # Evidence sentences travel once each, in a table the edges' cards point into: Hetionet's edges of one
    # metaedge share one evidence object, and the corpus repeats sentences that state two relationships.
    evidence_table: list[dict[str, Any]] = []
    by_object: dict[int, int] = {}
    by_value: dict[tuple, int] = {}

    def evidence_index(ev: dict) -> int:
        index = by_object.get(id(ev))
        if index is None:
            item = _evidence_item(ev, documents)
            index = by_value.setdefault(tuple(item.values()), len(evidence_table))
            if index == len(evidence_table):
                evidence_table.append(item)
            by_object[id(ev)] = index
        return index

    def node_item(n: Any, d: dict, drawn: int) -> dict[str, Any]:
        cat = category_of(d)
        color = category_color(cat)
        on_path = n in path_nodes
        is_focus = n in focus
        name = str(d.get("name") or n)
        item = {
            "id": str(n), "label": _short(name), "shape": "diamond" if n in anchors else "dot",
            "value": biggest if n in anchors else round(1.0 + math.sqrt(drawn), 3),
            "color": {"background": color, "border": "#1d1d1f" if is_focus else "#ffffff",
                      "highlight": {"background": color, "border": "#000000"},
                      "hover": {"background": color, "border": "#333333"}},
            "borderWidth": 3 if is_focus else 1.5, "borderWidthSelected": 4,
            "opacity": 1 if (mode != "paths" or on_path) else 0.55,
            "category": cat, "name": name, "focus": is_focus, "anchor": n in anchors, "onPath": on_path,
            # name, category display and colour are filled in by the page from the node and the legend
            "card": {"id": str(d.get("id") or n),
                     "xrefs": [str(x) for x in d.get("xrefs") or ()],
                     "synonyms": [str(s) for s in d.get("synonyms") or ()],
                     "degree": int(d.get("degree", drawn)), "drawn": drawn,
                     "distance": d.get("distance")},
        }
        if n in positions:
            item["x"], item["y"] = positions[n]
        return item

    many = len(nodes) > LEVEL_OF_DETAIL_FROM

    def hub(node: Any) -> bool:
        # Faded only in big views: in a small one every edge is worth reading.
        return many and drawn_degree[node] >= HUB_DEGREE

    def name_of(n: Any) -> str:
        d = H.nodes[n] if n in H else context_nodes.get(n, {})
        return str(d.get("name") or n)

    def edge_item(u: Any, v: Any, k: Any, d: dict, smooth: Any) -> dict[str, Any]:
        rel_type = str(d.get("type") or k)
        rel = schema.relationships.get(rel_type)
        sign = sign_of(d)
        sign_info = schema.signs.get(sign, {"name": str(sign), "color": _UNKNOWN_COLOR})
        on_path = (u, v, k) in path_edges
        dimmed = mode == "paths" and not on_path
        confidence = d.get("confidence")
        width = 1.0 + 3.0 * float(confidence) if isinstance(confidence, (int, float)) else 1.5
        evidence = [evidence_index(ev) for ev in d.get("evidence") or ()]
        alpha = 0.3 if dimmed else 0.28 if (hub(u) or hub(v)) and not on_path else 1.0
        return {
            "from": str(u), "to": str(v), "id": _edge_id(u, v, k),
            "typeLabel": _type_label(rel_type),
            "arrows": "" if (rel is not None and rel.symmetric) else "to",
            "color": {"color": _rgba(sign_info["color"], alpha), "highlight": sign_info["color"],
                      "hover": sign_info["color"]},
            "dashes": bool(d.get("hedged")), "width": width + (3 if on_path else 0), "smooth": smooth,
            "type": rel_type, "sign": sign, "onPath": on_path,
            "confidence": float(confidence) if isinstance(confidence, (int, float)) else None,
            "docs": sorted({evidence_table[i]["doc"] for i in evidence if evidence_table[i]["doc"]}),
            # type, sign and confidence are the edge's own; sign names and colours come from the legend
            "card": {"subject": name_of(u), "object": name_of(v),
                     "typeDisplay": rel.display if rel is not None else _type_label(rel_type),
                     "symmetric": bool(rel is not None and rel.symmetric),
                     "predicate": str(d.get("predicate") or ""),
                     "hedged": bool(d.get("hedged")), "curated": bool(d.get("curated")),
                     "source": str(d.get("source") or ""), "evidence": evidence,
                     "triage": str(d.get("triage") or ""),
                     "triageBasis": [str(b) for b in d.get("triage_basis") or ()]},
        }

    vis_nodes = [node_item(n, d, drawn_degree[n]) for n, d in sorted(nodes, key=lambda item: str(item[0]))]
    smooth = _edge_smoothness(edges)
    vis_edges = [edge_item(u, v, k, d, smooth[(u, v, k)]) for u, v, k, d in edges]
    options = _options(len(vis_nodes), len(vis_edges))

    # Context: 1-hop neighbours not drawn, and the links left out, for the page to add when a node is expanded.
    context_nodes = dict(view.get("context_nodes") or {})
    context_edges = [(u, v, k, d) for u, v, k, d in view.get("context_edges") or ()
                     if (u in node_ids or u in context_nodes) and (v in node_ids or v in context_nodes)]
    context_degree: Counter = Counter()
    for u, v, _, _ in context_edges:
        context_degree[u] += 1
        context_degree[v] += 1
    context = {"nodes": [node_item(n, d, context_degree[n]) for n, d in sorted(context_nodes.items(), key=lambda i: str(i[0]))],
               "edges": [edge_item(u, v, k, d, False) for u, v, k, d in context_edges]}

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

    doc_counts: Counter = Counter(doc for e in vis_edges for doc in e["docs"])
    doc_list = [{"id": doc, "title": _doc_title(documents, doc), "count": count,
                 "pmid": _pmid(doc)} for doc, count in sorted(doc_counts.items(), key=lambda i: (-i[1], i[0]))]

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
            "levelOfDetail": len(vis_nodes) > LEVEL_OF_DETAIL_FROM, "labelThreshold": LABEL_THRESHOLD_PX,
            "generator": f"neurograph {version}".strip(),
        },
        "categories": categories, "types": rel_types, "signs": signs, "paths": paths,
        "nodes": vis_nodes, "edges": vis_edges, "options": options, "context": context,
        "documents": doc_list, "evidence": evidence_table,
        "categoryNames": {n["category"]: category_display(n["category"]) for n in vis_nodes + context["nodes"]},
    }
    return payload
