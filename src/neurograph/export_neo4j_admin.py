"""The neo4j-admin export: CSV files ``neo4j-admin database import full`` reads, and ``import.sh``.

CSV files with headers that ``neo4j-admin database import full`` reads
(``id:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, typed columns
such as ``synonyms:string[]``) and ``import.sh`` holding the exact command.
The nodes and relationships carry the same labels, types and properties as
``neurograph load`` writes (see :mod:`neurograph.store`); ``import.json``
keeps what the store's properties cannot say exactly, so the export
round-trips.

The public entry points are :func:`neurograph.export.export_graph`,
:func:`neurograph.export.import_graph` and :func:`admin_command_for`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from .errors import InputError
from .export_common import graph_differences, json_loads, read_text

ADMIN_ENTITIES = "entities.csv"
ADMIN_DOCUMENTS = "documents.csv"
ADMIN_STATEMENTS = "statements.csv"
ADMIN_MENTIONS = "mentions.csv"
ADMIN_COMMAND = "import.sh"
ADMIN_META = "import.json"

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
    meta = json_loads(read_text(meta_path), meta_path, what="the file")
    return admin_command(folder.resolve(), meta.get("array_delimiter", ";"), database)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, doublequote=True, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_neo4j_admin(G: nx.MultiDiGraph, folder: Path, schema) -> list[str]:
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
    text = read_text(path)
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


def read_neo4j_admin(path: Path) -> nx.MultiDiGraph:
    from .schema import load_schema

    if not path.is_dir():
        raise InputError("expected the neo4j-admin export folder", path)
    meta_path = path / ADMIN_META
    meta = json_loads(read_text(meta_path), meta_path, what="the file")
    if not isinstance(meta, dict):
        raise InputError("expected a JSON object", meta_path)
    residue = meta.get("residue") or {}
    residue = {"nodes": residue.get("nodes") or {}, "edges": residue.get("edges") or {}}
    G = _admin_graph(path, meta.get("array_delimiter", ";"), residue, load_schema())
    G.graph.update(meta.get("graph", {}))
    return G
