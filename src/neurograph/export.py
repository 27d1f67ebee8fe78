"""Export the mirror graph to files other tools read, and import them back.

Formats
-------
``graphml``
    ``neurograph.graphml`` via networkx. GraphML holds only strings, numbers
    and booleans, so list, dict, null and empty-string values are written as
    JSON text; the graph attribute ``neurograph_json_keys`` records which keys
    were encoded so that :func:`import_graph` decodes them again.
``json``
    ``neurograph.json``: networkx node-link data (``nodes`` keyed by ``key``
    and carrying their ``id`` attribute, ``edges`` with ``source``,
    ``target``, ``key``; graph attributes under ``graph``).
``kgx``
    ``nodes.tsv`` and ``edges.tsv`` in the KGX TSV layout (Biolink
    ``category``, ``predicate``, qualifiers, ``knowledge_level``,
    ``agent_type``, ``publications``, ``supporting_text``; multi-valued
    cells joined with ``|``) plus ``graph.json`` with the graph attributes.
    ``neurograph_*`` columns carry what KGX has no column for (the schema
    category, the relationship type, the full evidence as JSON) so that
    nothing is lost.
``neo4j-admin``
    CSV files with headers that ``neo4j-admin database import full`` reads
    (``id:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, typed
    columns such as ``synonyms:string[]``) and ``import.sh`` holding the exact
    command. The nodes and relationships carry the same labels, types and
    properties as ``neurograph load`` writes (see :mod:`neurograph.store`).

Every export is written into a temporary folder beside ``out`` and moved into
place only when complete, so a failed export leaves nothing behind. Every
format round-trips: ``import_graph(export_graph(G, d, f)[0].parent, f)`` has
the same nodes, edges, keys and attributes as ``G``.

Examples
--------
>>> import tempfile
>>> from neurograph.graph import graph_from_records
>>> from neurograph.records import Entity, EntityRef, Evidence, Statement
>>> mg = Entity("CHEBI:18420", "magnesium", "Mineral", ("Mg",))
>>> da = Entity("CHEBI:18243", "dopamine", "Neurotransmitter")
>>> st = Statement(EntityRef(mg.id, mg.name, mg.category), "INCREASES", EntityRef(da.id, da.name, da.category),
...                polarity=1, confidence=0.6, evidence=[Evidence("d1", "Mg raises dopamine.", 0, 19)])
>>> G = graph_from_records([mg, da], [st], {"d1": {"title": "Doc one"}})
>>> out = Path(tempfile.mkdtemp()) / "kgx"
>>> [p.name for p in export_graph(G, out, "kgx")]
['edges.tsv', 'graph.json', 'nodes.tsv']
>>> same_graph(import_graph(out, "kgx"), G)
True
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any, Callable, Iterable

import networkx as nx

from .errors import InputError, UsageError

FORMATS = ("graphml", "json", "kgx", "neo4j-admin")

GRAPHML_FILE = "neurograph.graphml"
JSON_FILE = "neurograph.json"
JSON_NODE_KEY = "key"
KGX_NODES = "nodes.tsv"
KGX_EDGES = "edges.tsv"
KGX_GRAPH = "graph.json"
ADMIN_ENTITIES = "entities.csv"
ADMIN_DOCUMENTS = "documents.csv"
ADMIN_STATEMENTS = "statements.csv"
ADMIN_MENTIONS = "mentions.csv"
ADMIN_COMMAND = "import.sh"
ADMIN_META = "import.json"

INFORES = "infores:neurograph"
DOCUMENT_BIOLINK = "biolink:Publication"
MENTIONS_BIOLINK = "biolink:mentions"
_EDGE_NAMESPACE = uuid.UUID("6f1c2a52-8f0e-4d8e-9a55-7d0e6a1b2c3d")


# --- the public API -------------------------------------------------------------


def export_graph(G: nx.MultiDiGraph, out: str | os.PathLike, format: str, *, schema=None) -> list[Path]:
    """Write ``G`` in ``format`` into the folder ``out``; returns the files written, sorted.

    ``out`` is created if missing; files of the same name in it are replaced.
    Raises :class:`~neurograph.errors.UsageError` for an unknown format or an
    ``out`` that is an existing file, :class:`~neurograph.errors.InputError`
    for a graph the format cannot hold (a node id that is not a string).
    """
    if format not in FORMATS:
        raise UsageError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {str(out)!r} is a file; give a folder to write the export into")
    _check_keys(G)
    if schema is None and format in ("kgx", "neo4j-admin"):
        from .schema import load_schema

        schema = load_schema()
    writer: Callable[[nx.MultiDiGraph, Path, Any], list[str]] = _WRITERS[format]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        names = writer(G, tmp, schema)
        if not out.exists():
            os.replace(tmp, out)
        else:
            for name in names:
                os.replace(tmp / name, out / name)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return sorted(out / name for name in names)


def export_build(out: str | os.PathLike, format: str, home: str | os.PathLike | None = None) -> list[Path]:
    """Export the last build of the data directory ``home``; the one library call behind ``neurograph export``.

    Raises :class:`~neurograph.errors.NoGraphError` when nothing was built yet.
    """
    from .config import resolve_home
    from .graph import load_graph

    if format not in FORMATS:
        raise UsageError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {str(out)!r} is a file; give a folder to write the export into")
    return export_graph(load_graph(resolve_home(home)), out, format)


def import_graph(path: str | os.PathLike, format: str) -> nx.MultiDiGraph:
    """Read an export back into a mirror graph.

    ``path`` is the export folder or, for ``graphml`` and ``json``, the file
    itself. Raises :class:`~neurograph.errors.InputError` naming the file for
    a missing or malformed file.
    """
    if format not in FORMATS:
        raise UsageError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", path)
    return _READERS[format](path)


def same_graph(A: nx.MultiDiGraph, B: nx.MultiDiGraph) -> bool:
    """Whether two graphs have the same nodes, edges, keys and attributes (graph attributes included).

    >>> A = nx.MultiDiGraph(); A.add_edge("a", "b", key="K", w=1)
    'K'
    >>> B = A.copy(); same_graph(A, B)
    True
    >>> B.edges["a", "b", "K"]["w"] = 1.0; same_graph(A, B)
    False
    """
    return not graph_differences(A, B, limit=1)


def graph_differences(A: nx.MultiDiGraph, B: nx.MultiDiGraph, limit: int = 10) -> list[str]:
    """Up to ``limit`` human-readable differences between two graphs; values compare with their types."""
    diffs: list[str] = []

    def typed(value: Any) -> Any:
        # 1 == 1.0 == True in Python; a round trip must keep the type too.
        if isinstance(value, dict):
            return ("dict", tuple(sorted((k, typed(v)) for k, v in value.items())))
        if isinstance(value, (list, tuple)):
            return ("list", tuple(typed(v) for v in value))
        return (type(value).__name__, value)

    def compare(where: str, a: dict, b: dict) -> None:
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                diffs.append(f"{where}: attribute {k!r} only in {'first' if k in a else 'second'}")
            elif typed(a[k]) != typed(b[k]):
                diffs.append(f"{where}: {k!r} {a[k]!r} != {b[k]!r}")

    if A.is_directed() != B.is_directed() or A.is_multigraph() != B.is_multigraph():
        diffs.append("graph types differ")
    compare("graph", A.graph, B.graph)
    for n in sorted(set(A) ^ set(B), key=str):
        diffs.append(f"node {n!r} only in {'first' if n in A else 'second'}")
    for n in sorted(set(A) & set(B), key=str):
        compare(f"node {n!r}", A.nodes[n], B.nodes[n])
    ea = {(u, v, k): d for u, v, k, d in A.edges(keys=True, data=True)}
    eb = {(u, v, k): d for u, v, k, d in B.edges(keys=True, data=True)}
    for e in sorted(set(ea) ^ set(eb), key=str):
        diffs.append(f"edge {e!r} only in {'first' if e in ea else 'second'}")
    for e in sorted(set(ea) & set(eb), key=str):
        compare(f"edge {e!r}", ea[e], eb[e])
    return diffs[:limit]


def _check_keys(G: nx.MultiDiGraph) -> None:
    if not isinstance(G, nx.MultiDiGraph):
        raise InputError(f"expected a networkx MultiDiGraph, got {type(G).__name__}")
    for n in G:
        if not isinstance(n, str) or not n:
            raise InputError(f"node id {n!r} is not a non-empty string; exports need string node ids")
    for u, v, k in G.edges(keys=True):
        if not isinstance(k, str) or not k:
            raise InputError(f"edge ({u!r}, {v!r}) has key {k!r}; exports need string edge keys")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None


def _in_folder(path: Path, name: str) -> Path:
    return path / name if path.is_dir() else path


def _json_loads(text: str, path: Path, line: int | None = None, what: str = "value") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} is not valid JSON ({exc.msg})", path, line) from None


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


def _write_graphml(G: nx.MultiDiGraph, folder: Path, schema=None) -> list[str]:
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


def _read_graphml(path: Path) -> nx.MultiDiGraph:
    path = _in_folder(path, GRAPHML_FILE)
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
    encoded = _json_loads(H.graph.pop(_GRAPHML_META, "{}"), path, what=f"graph attribute {_GRAPHML_META!r}")

    def decode(d: dict, keys: Iterable[str], where: str) -> dict:
        return {k: _json_loads(v, path, what=f"{where} attribute {k!r}") if k in keys and isinstance(v, str) else v
                for k, v in d.items()}

    G = nx.MultiDiGraph()
    G.graph.update(decode(H.graph, encoded.get("graph", []), "graph"))
    G.add_nodes_from((n, decode(d, encoded.get("node", []), f"node {n!r}")) for n, d in H.nodes(data=True))
    G.add_edges_from((u, v, k, decode(d, encoded.get("edge", []), f"edge {u!r}->{v!r}"))
                     for u, v, k, d in H.edges(keys=True, data=True))
    return G


# --- json (node-link) -------------------------------------------------------------


def _write_json(G: nx.MultiDiGraph, folder: Path, schema=None) -> list[str]:
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


def _read_json(path: Path) -> nx.MultiDiGraph:
    path = _in_folder(path, JSON_FILE)
    data = _json_loads(_read_text(path), path, what="the file")
    if not isinstance(data, dict) or "nodes" not in data or "edges" not in data:
        raise InputError("not node-link JSON (expected 'nodes' and 'edges')", path)
    try:
        G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges", name=JSON_NODE_KEY)
    except (KeyError, TypeError, nx.NetworkXError) as exc:
        raise InputError(f"malformed node-link JSON ({exc!r})", path) from None
    return nx.MultiDiGraph(G)


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


def _write_kgx(G: nx.MultiDiGraph, folder: Path, schema) -> list[str]:
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
    text = _read_text(path)
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
    extra = _json_loads(text, path, line, "column 'neurograph_extra'")
    if not isinstance(extra, dict):
        raise InputError("column 'neurograph_extra' must hold a JSON object", path, line)
    for attr in extra.pop(_ABSENT, []):
        attrs.pop(attr, None)
    attrs.update(extra)
    return attrs


def _read_kgx(path: Path) -> nx.MultiDiGraph:
    if not path.is_dir():
        raise InputError("expected the KGX export folder (nodes.tsv, edges.tsv, graph.json)", path)
    meta_path = path / KGX_GRAPH
    meta = _json_loads(_read_text(meta_path), meta_path, what="the file") if meta_path.exists() else {}
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
                attrs[attr] = _json_loads(row[column], edges_path, line, f"column {column!r}")
        attrs = _apply_extra(attrs, row.get("neurograph_extra", ""), edges_path, line)
        G.add_edge(row["subject"], row["object"], key=row["neurograph_key"], **attrs)
    return G


# --- neo4j-admin --------------------------------------------------------------------

# Candidates for the array delimiter (also the label delimiter); the first that no
# array element or label contains is used, and named in the import command.
ADMIN_ARRAY_DELIMITERS = ("|", "¦", "\u241e", "\u2063")
ADMIN_DATABASE = "neo4j"


def _admin_node(node: str, attrs: dict, schema, G: nx.MultiDiGraph | None = None) -> tuple[tuple[str, ...], dict]:
    """Labels and properties of a node exactly as :meth:`GraphStore.load` writes them.

    With ``G``, also ``ng_out``: the store's digest of the node's outgoing
    relationships, so that a load after an admin import finds nothing to do.
    """
    from .store import node_record, out_digest

    record = node_record(node, attrs, schema)
    if record is None:
        raise InputError(f"node {node!r} has no kind/category; not a neurograph graph")
    labels, props = record
    if G is not None:
        props["ng_out"] = out_digest(G, node, schema)
    return labels, props


def _admin_relationship(u: str, v: str, key: str, attrs: dict, schema) -> tuple[str, dict]:
    """Type and properties of a relationship exactly as :meth:`GraphStore.load` writes them."""
    from .store import relationship_record

    rel_type, props = relationship_record(u, v, key, attrs, schema)
    return rel_type, dict(props)


def _node_from_props(labels: list[str], props: dict, schema) -> dict:
    """The mirror attributes a stored node stands for (the inverse of :func:`_admin_node`)."""
    rest = {k: v for k, v in props.items() if not k.startswith("ng_")}
    if schema.DOCUMENT_LABEL in labels:
        rest.pop("doc", None)
        return {"kind": "document", **rest, "category": "Document"}
    category = rest.pop("category", None) or next((l for l in labels if l != schema.ENTITY_LABEL), None)
    return {"kind": "entity", **rest, "category": category, "synonyms": rest.get("synonyms", []),
            "xrefs": rest.get("xrefs", [])}


def _edge_from_props(rel_type: str, props: dict, schema) -> dict:
    """The mirror attributes a stored relationship stands for (the inverse of :func:`_admin_relationship`)."""
    from .store import EVIDENCE_FIELDS

    rest = {k: v for k, v in props.items() if not k.startswith("ng_")}
    if rel_type == schema.MENTIONS:
        return {"kind": "mentions", "type": rel_type, **rest}
    count = int(rest.pop("evidence_count", 0) or 0)
    lists = {name: rest.pop(f"evidence_{name}", None) for name in EVIDENCE_FIELDS}
    evidence = []
    for i in range(count):
        def at(name, default):
            values = lists.get(name)
            return values[i] if isinstance(values, list) and i < len(values) else default

        ev = {"doc": at("doc", ""), "sentence": at("sentence", ""), "start": at("start", 0), "end": at("end", 0),
              "hedged": at("hedged", False), "negated": False}
        if at("modifier", ""):
            ev["modifier"] = at("modifier", "")
        ev["source"] = at("source", "") or "extracted"
        if at("citation", ""):
            ev["citation"] = at("citation", "")
        ev["subject_text"] = at("subject_text", "")
        ev["object_text"] = at("object_text", "")
        for name in ("population", "study_type"):  # the evidence grade, where there is one
            if at(name, ""):
                ev[name] = at(name, "")
        evidence.append(ev)
    qualifiers = {k: rest.pop(k) for k in list(rest) if k.endswith("_qualifier")}
    return {"kind": "statement", "type": rel_type, **rest, "qualifiers": qualifiers, "evidence": evidence,
            "documents": rest.get("documents", [])}


def _admin_type(values: list[Any]) -> str:
    """The neo4j-admin header type of a column holding ``values`` (None: absent)."""
    present = [v for v in values if v is not None]

    def scalar(vs: list[Any]) -> str:
        if all(isinstance(v, bool) for v in vs):
            return "boolean"
        if all(isinstance(v, int) and not isinstance(v, bool) for v in vs):
            return "long"
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vs):
            return "double"
        return "string"

    if present and all(isinstance(v, list) for v in present):
        items = [x for v in present for x in v]
        return (scalar(items) if items else "string") + "[]"
    if any(isinstance(v, list) for v in present):
        return "string"
    return scalar(present) if present else "string"


def _admin_cell(value: Any, type_: str, delimiter: str) -> str:
    if value is None:
        return ""
    if type_.endswith("[]"):
        items = value if isinstance(value, list) else [value]
        return delimiter.join(_admin_cell(x, type_[:-2], delimiter) for x in items)
    if type_ == "boolean":
        return "true" if value else "false"
    if type_ == "double":
        return repr(float(value))
    if type_ == "long":
        return str(int(value))
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _admin_parse(text: str, type_: str, delimiter: str) -> Any:
    if type_.endswith("[]"):
        return [_admin_parse(x, type_[:-2], delimiter) for x in text.split(delimiter)]
    if type_ == "boolean":
        return text.strip().lower() == "true"
    if type_ in ("long", "int", "short", "byte"):
        return int(text)
    if type_ in ("double", "float"):
        return float(text)
    return text


def _admin_table(fixed: list[str], rows: list[tuple[list[str], dict]], delimiter: str) -> tuple[list[str], list[list[str]]]:
    """Header and cells of one CSV file: the fixed columns, then one typed column per property."""
    keys: list[str] = []
    for _, props in rows:
        keys.extend(k for k in props if k not in keys)
    id_column = "id:ID" in fixed
    if id_column:
        keys = [k for k in keys if k != "id"]
    types = {k: _admin_type([props.get(k) for _, props in rows]) for k in keys}
    header = fixed + [k if types[k] == "string" else f"{k}:{types[k]}" for k in keys]
    cells = [head + [_admin_cell(props.get(k), types[k], delimiter) for k in keys] for head, props in rows]
    return header, cells


def _pick_delimiter(values: Iterable[str]) -> str:
    values = list(values)
    for candidate in ADMIN_ARRAY_DELIMITERS:
        if not any(candidate in v for v in values):
            return candidate
    raise InputError("every candidate array delimiter occurs in some array value; cannot write neo4j-admin CSV")


def admin_command(folder: str | os.PathLike, delimiter: str, database: str = ADMIN_DATABASE) -> str:
    """The ``neo4j-admin database import full`` command that loads an export folder.

    ``folder`` may be a shell variable (``"$HERE"``), which is then left to
    the shell to expand.

    >>> print(admin_command("/data/export", "|"))  # doctest: +NORMALIZE_WHITESPACE
    neo4j-admin database import full neo4j --overwrite-destination=true --id-type=string
        --array-delimiter=U+007C --multiline-fields=true --nodes=/data/export/entities.csv
        --nodes=/data/export/documents.csv --relationships=/data/export/statements.csv
        --relationships=/data/export/mentions.csv
    """
    folder = str(folder)

    def where(name: str) -> str:
        if folder.startswith("$"):
            return f'"{folder}/{name}"'
        return shlex.quote(str(Path(folder) / name))

    parts = ["neo4j-admin", "database", "import", "full", shlex.quote(database), "--overwrite-destination=true",
             "--id-type=string", f"--array-delimiter=U+{ord(delimiter):04X}", "--multiline-fields=true",
             f"--nodes={where(ADMIN_ENTITIES)}", f"--nodes={where(ADMIN_DOCUMENTS)}",
             f"--relationships={where(ADMIN_STATEMENTS)}", f"--relationships={where(ADMIN_MENTIONS)}"]
    return " ".join(parts)


def admin_command_for(folder: str | os.PathLike, database: str = ADMIN_DATABASE) -> str:
    """The import command for a neo4j-admin export folder, with its absolute path and array delimiter."""
    folder = Path(folder)
    meta_path = folder / ADMIN_META
    meta = _json_loads(_read_text(meta_path), meta_path, what="the file")
    return admin_command(folder.resolve(), meta.get("array_delimiter", ";"), database)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, doublequote=True, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _write_neo4j_admin(G: nx.MultiDiGraph, folder: Path, schema) -> list[str]:
    entities: list[tuple[tuple[str, ...], dict]] = []
    documents: list[tuple[tuple[str, ...], dict]] = []
    for n, d in sorted(G.nodes(data=True)):
        labels, props = _admin_node(n, d, schema, G)
        (documents if labels == (schema.DOCUMENT_LABEL,) else entities).append((labels, props))
    statements: list[tuple[str, str, str, dict]] = []
    mentions: list[tuple[str, str, str, dict]] = []
    seen: set[str] = set()
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        rel_type, props = _admin_relationship(u, v, k, d, schema)
        if props["ng_key"] in seen:
            raise InputError(f"two edges {u!r} -> {v!r} of type {rel_type}: the store holds one per type and pair")
        seen.add(props["ng_key"])
        (mentions if rel_type == schema.MENTIONS else statements).append((u, v, rel_type, props))

    strings = [label for labels, _ in entities + documents for label in labels]
    for _, props in entities + documents:
        strings += [x for v in props.values() if isinstance(v, list) for x in v if isinstance(x, str)]
    for *_, props in statements + mentions:
        strings += [x for v in props.values() if isinstance(v, list) for x in v if isinstance(x, str)]
    delimiter = _pick_delimiter(strings)

    def node_table(rows):
        return _admin_table(["id:ID", ":LABEL"], [([p["id"], delimiter.join(labels)], p) for labels, p in rows], delimiter)

    def rel_table(rows):
        return _admin_table([":START_ID", ":END_ID", ":TYPE"], [([u, v, t], p) for u, v, t, p in rows], delimiter)

    for name, (header, cells) in ((ADMIN_ENTITIES, node_table(entities)), (ADMIN_DOCUMENTS, node_table(documents)),
                                  (ADMIN_STATEMENTS, rel_table(statements)), (ADMIN_MENTIONS, rel_table(mentions))):
        _write_csv(folder / name, header, cells)
    # Read the files back: whatever the store's properties cannot say exactly (an
    # empty string, a key that is not the type, an attribute the inverse does not
    # know) is kept verbatim in import.json, so that import_graph returns G itself.
    residue: dict[str, Any] = {"nodes": {}, "edges": {}}
    back = _admin_graph(folder, delimiter, residue, schema)
    for n, d in G.nodes(data=True):
        if n not in back or graph_differences(_graph_of({n: back.nodes[n]}), _graph_of({n: d}), limit=1):
            residue["nodes"][n] = d
    for u, v, k, d in G.edges(keys=True, data=True):
        rel_type = schema.rel_type(d.get("type") or k)
        held = back.get_edge_data(u, v, rel_type)
        if k != rel_type or held is None or graph_differences(_graph_of({}, [(u, v, k, held)]),
                                                              _graph_of({}, [(u, v, k, d)]), limit=1):
            residue["edges"][f"{u}|{rel_type}|{v}"] = {"key": k, "attrs": d}
    meta = {"format": "neo4j-admin", "array_delimiter": delimiter, "graph": G.graph, "residue": residue,
            "counts": {"nodes": len(entities) + len(documents), "relationships": len(statements) + len(mentions)}}
    (folder / ADMIN_META).write_text(json.dumps(meta, ensure_ascii=False, indent=1, allow_nan=False) + "\n",
                                     encoding="utf-8")
    script = (
        "#!/bin/sh\n"
        "# Load this export into a stopped Neo4j 5 server's database \"neo4j\" (it is replaced).\n"
        "# Run from anywhere; the paths point at this folder. Afterwards start Neo4j and run\n"
        "# `neurograph load --uri bolt://...` once to add the uniqueness constraints on id.\n"
        "set -e\n"
        'HERE="$(cd "$(dirname "$0")" && pwd)"\n'
        + admin_command("$HERE", delimiter) + "\n"
    )
    (folder / ADMIN_COMMAND).write_text(script, encoding="utf-8")
    os.chmod(folder / ADMIN_COMMAND, 0o755)
    return [ADMIN_DOCUMENTS, ADMIN_ENTITIES, ADMIN_META, ADMIN_COMMAND, ADMIN_MENTIONS, ADMIN_STATEMENTS]


def _graph_of(nodes: dict, edges: Iterable[tuple] = ()) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_nodes_from(nodes.items())
    G.add_edges_from(edges)
    return G


_ADMIN_HEADER = re.compile(r"^(?P<name>[^:]*)(?::(?P<type>[A-Za-z_]+(?:\[\])?)(?:\((?P<group>[^)]*)\))?)?$")


def _read_admin_csv(path: Path, delimiter: str) -> list[tuple[int, dict, dict]]:
    """Rows of one neo4j-admin CSV: (line, special fields, properties)."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), doublequote=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty file, expected a header line", path, 1) from None
    columns = []
    for cell in header:
        m = _ADMIN_HEADER.match(cell)
        if m is None:
            raise InputError(f"bad header column {cell!r}", path, 1)
        columns.append((m.group("name"), (m.group("type") or "string")))
    out = []
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not row:
            continue
        if len(row) != len(columns):
            raise InputError(f"{len(row)} cells, the header has {len(columns)}", path, start)
        special: dict[str, str] = {}
        props: dict[str, Any] = {}
        for (name, type_), text_value in zip(columns, row):
            if type_ in ("ID", "START_ID", "END_ID", "TYPE", "LABEL"):
                special[type_] = text_value
                if type_ == "ID" and name:
                    props[name] = text_value
            elif text_value != "":
                try:
                    props[name] = _admin_parse(text_value, type_, delimiter)
                except ValueError as exc:
                    raise InputError(f"column {name!r}: {exc}", path, start) from None
        out.append((start, special, props))
    return out


def _admin_graph(path: Path, delimiter: str, residue: dict, schema) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for name in (ADMIN_ENTITIES, ADMIN_DOCUMENTS):
        for line, special, props in _read_admin_csv(path / name, delimiter):
            node = special.get("ID")
            if not node:
                raise InputError("row without an id", path / name, line)
            labels = [label for label in special.get("LABEL", "").split(delimiter) if label]
            attrs = residue["nodes"].get(node) or _node_from_props(labels, props, schema)
            G.add_node(node, **attrs)
    for name in (ADMIN_STATEMENTS, ADMIN_MENTIONS):
        for line, special, props in _read_admin_csv(path / name, delimiter):
            u, v, rel_type = special.get("START_ID"), special.get("END_ID"), special.get("TYPE")
            if not (u and v and rel_type):
                raise InputError("row without :START_ID, :END_ID or :TYPE", path / name, line)
            for end in (u, v):
                if end not in G:
                    raise InputError(f"node {end!r} is in no node file", path / name, line)
            held = residue["edges"].get(props.get("ng_key", f"{u}|{rel_type}|{v}"))
            if held is not None:
                G.add_edge(u, v, key=held["key"], **held["attrs"])
            else:
                G.add_edge(u, v, key=rel_type, **_edge_from_props(rel_type, props, schema))
    return G


def _read_neo4j_admin(path: Path) -> nx.MultiDiGraph:
    from .schema import load_schema

    if not path.is_dir():
        raise InputError("expected the neo4j-admin export folder", path)
    meta_path = path / ADMIN_META
    meta = _json_loads(_read_text(meta_path), meta_path, what="the file")
    if not isinstance(meta, dict):
        raise InputError("expected a JSON object", meta_path)
    residue = meta.get("residue") or {}
    residue = {"nodes": residue.get("nodes") or {}, "edges": residue.get("edges") or {}}
    G = _admin_graph(path, meta.get("array_delimiter", ";"), residue, load_schema())
    G.graph.update(meta.get("graph", {}))
    return G


_WRITERS = {"graphml": _write_graphml, "json": _write_json, "kgx": _write_kgx, "neo4j-admin": _write_neo4j_admin}
_READERS = {"graphml": _read_graphml, "json": _read_json, "kgx": _read_kgx, "neo4j-admin": _read_neo4j_admin}
