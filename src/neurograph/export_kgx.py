"""The KGX TSV export: ``nodes.tsv``, ``edges.tsv`` and ``graph.json``.

The KGX TSV layout (Biolink ``category``, ``predicate``, qualifiers,
``knowledge_level``, ``agent_type``, ``publications``, ``supporting_text``;
multi-valued cells joined with ``|``) plus ``graph.json`` with the graph
attributes. ``neurograph_*`` columns carry what KGX has no column for (the
schema category, the relationship type, the full evidence as JSON) so that
nothing is lost.

The public entry points are :func:`neurograph.export.export_graph` and
:func:`neurograph.export.import_graph`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from .errors import InputError
from .export_common import json_loads, read_text

KGX_NODES = "nodes.tsv"
KGX_EDGES = "edges.tsv"
KGX_GRAPH = "graph.json"
INFORES = "infores:neurograph"
DOCUMENT_BIOLINK = "biolink:Publication"
MENTIONS_BIOLINK = "biolink:mentions"
_EDGE_NAMESPACE = uuid.UUID("6f1c2a52-8f0e-4d8e-9a55-7d0e6a1b2c3d")

# --- shared cell encoding for the tabular formats -------------------------------
#
# A cell holds its attribute in a plain text form, or is empty. An empty cell
# means "absent" unless the row's JSON column holds the exact value: that is
# where empty strings, empty lists and values a plain cell cannot hold go.

_ABSENT = "__absent__"


def _plain_text(value: Any, kind: str, list_sep: str) -> str | None:
    """The cell text for ``value`` of column kind ``kind``, or None if the cell cannot hold it exactly."""
    if kind == "str":
        if isinstance(value, str) and value and not re.search(r"[\t\n\r]", value) and value == value.strip():
            return value
        return None
    if kind == "int":
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else None
    if kind == "float":
        return repr(value) if isinstance(value, float) and value == value and abs(value) != float("inf") else None
    if kind == "bool":
        return ("true" if value else "false") if isinstance(value, bool) else None
    if kind == "list":
        if not isinstance(value, list) or not value:
            return None
        parts = [_plain_text(v, "str", list_sep) for v in value]
        if any(p is None or list_sep in p for p in parts):
            return None
        return list_sep.join(parts)  # type: ignore[arg-type]
    raise ValueError(kind)


def _parse_plain(text: str, kind: str, list_sep: str) -> Any:
    if kind == "str":
        return text
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "bool":
        if text not in ("true", "false"):
            raise ValueError(f"expected true or false, not {text!r}")
        return text == "true"
    if kind == "list":
        return text.split(list_sep)
    raise ValueError(kind)


def _one_line(text: str) -> str:
    """Collapse whitespace so that a display cell stays on one TSV line."""
    return " ".join(str(text).split())


# --- kgx --------------------------------------------------------------------------

# (column, attribute, kind). Every other attribute travels in neurograph_extra.
KGX_NODE_COLUMNS = [
    ("name", "name", "str"),
    ("synonym", "synonyms", "list"),
    ("xref", "xrefs", "list"),
    ("neurograph_category", "category", "str"),
    ("neurograph_kind", "kind", "str"),
    ("path", "path", "str"),
    ("sha256", "sha256", "str"),
    ("chars", "chars", "int"),
]
KGX_EDGE_COLUMNS = [
    ("neurograph_type", "type", "str"),
    ("neurograph_kind", "kind", "str"),
    ("polarity", "polarity", "int"),
    ("confidence", "confidence", "float"),
    ("hedged", "hedged", "bool"),
    ("curated", "curated", "bool"),
    ("documents", "documents", "list"),
    ("count", "count", "int"),
]
# Attributes held as JSON in their own column (empty cell = absent).
KGX_EDGE_JSON_COLUMNS = [("neurograph_evidence", "evidence"), ("neurograph_qualifiers", "qualifiers")]
KGX_LIST_SEP = "|"


def _biolink_category(d: dict, schema) -> str:
    if d.get("kind") == "document" or d.get("category") == "Document":
        return DOCUMENT_BIOLINK
    category = schema.categories.get(d.get("category")) if schema is not None else None
    return category.biolink if category is not None else "biolink:NamedThing"


def _provenance(d: dict) -> tuple[str, str]:
    """Biolink knowledge_level and agent_type of an edge."""
    if d.get("kind") == "mentions":
        return "not_provided", "text_mining_agent"
    evidence = d.get("evidence") or []
    sources = {ev.get("source", "extracted") for ev in evidence if isinstance(ev, dict)}
    if d.get("curated") and sources == {"curated"}:
        return "knowledge_assertion", "manual_agent"
    if d.get("curated"):
        # Curated and text-mined support together: a person checked what a machine found.
        return "knowledge_assertion", "manual_validation_of_automated_agent"
    return "not_provided", "text_mining_agent"


def _edge_id(u: str, v: str, k: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_EDGE_NAMESPACE, json.dumps([u, k, v]))}"


def _write_rows(path: Path, header: list[str], rows: Iterable[list[str]], delimiter: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, quoting=csv.QUOTE_NONE, quotechar=None,
                            lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)


def _cells(d: dict, columns: list[tuple[str, str, str]], extra: dict, list_sep: str) -> list[str]:
    cells = []
    for _, attr, kind in columns:
        if attr not in d:
            cells.append("")
            continue
        text = _plain_text(d[attr], kind, list_sep)
        if text is None:
            extra[attr] = d[attr]
            text = ""
        cells.append(text)
    return cells


def write_kgx(G: nx.MultiDiGraph, folder: Path, schema) -> list[str]:
    node_known = {attr for _, attr, _ in KGX_NODE_COLUMNS} | {"id"}
    node_header = ["id", "category", "provided_by"] + [c for c, _, _ in KGX_NODE_COLUMNS] + ["neurograph_extra"]
    node_rows = []
    for n, d in sorted(G.nodes(data=True)):
        extra = {k: v for k, v in d.items() if k not in node_known}
        if "id" not in d:
            extra[_ABSENT] = ["id"]
        elif d["id"] != n:
            extra["id"] = d["id"]
        cells = _cells(d, KGX_NODE_COLUMNS, extra, KGX_LIST_SEP)
        node_rows.append([n, _biolink_category(d, schema), INFORES] + cells
                         + [json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else ""])

    qualifier_keys = sorted({q for _, _, d in G.edges(data=True) for q in (d.get("qualifiers") or {})
                             if isinstance(d.get("qualifiers"), dict)})
    edge_known = {attr for _, attr, _ in KGX_EDGE_COLUMNS} | {attr for _, attr in KGX_EDGE_JSON_COLUMNS} | {"predicate"}
    edge_header = (["id", "subject", "predicate", "object"] + qualifier_keys
                   + ["negated", "knowledge_level", "agent_type", "primary_knowledge_source", "publications",
                      "supporting_text", "neurograph_key"]
                   + [c for c, _, _ in KGX_EDGE_COLUMNS] + [c for c, _ in KGX_EDGE_JSON_COLUMNS] + ["neurograph_extra"])
    edge_rows = []
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        extra = {a: val for a, val in d.items() if a not in edge_known}
        predicate = d.get("predicate")
        if not (isinstance(predicate, str) and _plain_text(predicate, "str", KGX_LIST_SEP)):
            # KGX needs a predicate: derive one, and keep the true attribute (or its absence).
            if "predicate" in d:
                extra["predicate"] = predicate
            else:
                extra.setdefault(_ABSENT, []).append("predicate")
            predicate = MENTIONS_BIOLINK if d.get("kind") == "mentions" or k == "MENTIONS" else "biolink:related_to"
        qualifiers = d.get("qualifiers") if isinstance(d.get("qualifiers"), dict) else {}
        qualifier_cells = [_one_line(qualifiers.get(q, "")) for q in qualifier_keys]
        level, agent = _provenance(d)
        evidence = [ev for ev in (d.get("evidence") or []) if isinstance(ev, dict)]
        publications = [f"doc:{doc}" for doc in d.get("documents") or [] if isinstance(doc, str)]
        publications += [ev["citation"] for ev in evidence if ev.get("citation")]
        publications = list(dict.fromkeys(_one_line(p).replace(KGX_LIST_SEP, "/") for p in publications))
        supporting = [_one_line(ev.get("sentence", "")).replace(KGX_LIST_SEP, "/") for ev in evidence]
        cells = _cells(d, KGX_EDGE_COLUMNS, extra, KGX_LIST_SEP)
        json_cells = [json.dumps(d[attr], ensure_ascii=False) if attr in d else "" for _, attr in KGX_EDGE_JSON_COLUMNS]
        edge_rows.append(
            [_edge_id(u, v, k), u, predicate, v] + qualifier_cells
            + ["false", level, agent, INFORES, KGX_LIST_SEP.join(publications),
               KGX_LIST_SEP.join(s for s in supporting if s), k]
            + cells + json_cells + [json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else ""])

    for n, *_ in node_rows:
        if _plain_text(n, "str", KGX_LIST_SEP) is None:
            raise InputError(f"node id {n!r} holds a tab, newline or surrounding space; KGX TSV cannot hold it")
    for row in edge_rows:
        if _plain_text(row[edge_header.index("neurograph_key")], "str", KGX_LIST_SEP) is None:
            raise InputError(f"edge key {row[edge_header.index('neurograph_key')]!r} cannot be held in a TSV cell")
    _write_rows(folder / KGX_NODES, node_header, node_rows, "\t")
    _write_rows(folder / KGX_EDGES, edge_header, edge_rows, "\t")
    meta = {"format": "kgx", "graph": G.graph, "node_count": G.number_of_nodes(), "edge_count": G.number_of_edges()}
    (folder / KGX_GRAPH).write_text(json.dumps(meta, ensure_ascii=False, indent=1, allow_nan=False) + "\n",
                                    encoding="utf-8")
    return [KGX_EDGES, KGX_GRAPH, KGX_NODES]


def _read_table(path: Path, delimiter: str, required: list[str]) -> tuple[list[str], list[tuple[int, dict]]]:
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=csv.QUOTE_NONE, quotechar=None)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty file, expected a header line", path, 1) from None
    for column in required:
        if column not in header:
            raise InputError(f"missing column {column!r}", path, 1)
    rows = []
    for row in reader:
        if not row:
            continue
        if len(row) != len(header):
            raise InputError(f"{len(row)} cells, the header has {len(header)}", path, reader.line_num)
        rows.append((reader.line_num, dict(zip(header, row))))
    return header, rows


def _row_attrs(row: dict, columns, path: Path, line: int, list_sep: str) -> dict:
    attrs: dict[str, Any] = {}
    for column, attr, kind in columns:
        text = row.get(column, "")
        if text == "":
            continue
        try:
            attrs[attr] = _parse_plain(text, kind, list_sep)
        except ValueError as exc:
            raise InputError(f"column {column!r}: {exc}", path, line) from None
    return attrs


def _apply_extra(attrs: dict, text: str, path: Path, line: int) -> dict:
    if not text:
        return attrs
    extra = json_loads(text, path, line, "column 'neurograph_extra'")
    if not isinstance(extra, dict):
        raise InputError("column 'neurograph_extra' must hold a JSON object", path, line)
    for attr in extra.pop(_ABSENT, []):
        attrs.pop(attr, None)
    attrs.update(extra)
    return attrs


def read_kgx(path: Path) -> nx.MultiDiGraph:
    if not path.is_dir():
        raise InputError("expected the KGX export folder (nodes.tsv, edges.tsv, graph.json)", path)
    meta_path = path / KGX_GRAPH
    meta = json_loads(read_text(meta_path), meta_path, what="the file") if meta_path.exists() else {}
    G = nx.MultiDiGraph()
    G.graph.update(meta.get("graph", {}))
    nodes_path = path / KGX_NODES
    _, rows = _read_table(nodes_path, "\t", ["id", "category"])
    for line, row in rows:
        attrs = {"id": row["id"], **_row_attrs(row, KGX_NODE_COLUMNS, nodes_path, line, KGX_LIST_SEP)}
        # The KGX id is the node key; the attribute order follows the mirror (id first).
        G.add_node(row["id"], **_apply_extra(attrs, row.get("neurograph_extra", ""), nodes_path, line))
    edges_path = path / KGX_EDGES
    _, rows = _read_table(edges_path, "\t", ["subject", "predicate", "object", "neurograph_key"])
    for line, row in rows:
        for end in ("subject", "object"):
            if row[end] not in G:
                raise InputError(f"{end} {row[end]!r} is not in {KGX_NODES}", edges_path, line)
        attrs = {"predicate": row["predicate"], **_row_attrs(row, KGX_EDGE_COLUMNS, edges_path, line, KGX_LIST_SEP)}
        for column, attr in KGX_EDGE_JSON_COLUMNS:
            if row.get(column):
                attrs[attr] = json_loads(row[column], edges_path, line, f"column {column!r}")
        attrs = _apply_extra(attrs, row.get("neurograph_extra", ""), edges_path, line)
        G.add_edge(row["subject"], row["object"], key=row["neurograph_key"], **attrs)
    return G
