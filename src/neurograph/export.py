"""Export the mirror graph to files other tools read, and import them back.

Formats
-------
One module a format writes and reads it; its docstring gives the layout.

``graphml``, ``json``
    ``neurograph.graphml`` (values GraphML cannot hold as JSON text) and
    ``neurograph.json`` (networkx node-link data): :mod:`neurograph.export_networkx`.
``kgx``
    ``nodes.tsv``, ``edges.tsv`` and ``graph.json`` in the KGX TSV layout
    with Biolink categories and predicates: :mod:`neurograph.export_kgx`.
``neo4j-admin``
    CSV files and the ``import.sh`` command of ``neo4j-admin database import
    full``, with the labels, types and properties ``neurograph load`` writes:
    :mod:`neurograph.export_neo4j_admin`.

:mod:`neurograph.export_common` compares graphs (:func:`same_graph`); this
module chooses the format.

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

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

import networkx as nx

from .errors import InputError, UsageError
from .export_common import graph_differences, same_graph
from .export_kgx import (DOCUMENT_BIOLINK, INFORES, KGX_EDGE_COLUMNS, KGX_EDGE_JSON_COLUMNS, KGX_EDGES, KGX_GRAPH,
                         KGX_LIST_SEP, KGX_NODE_COLUMNS, KGX_NODES, MENTIONS_BIOLINK, read_kgx, write_kgx)
from .export_neo4j_admin import (ADMIN_ARRAY_DELIMITERS, ADMIN_COMMAND, ADMIN_DATABASE, ADMIN_DOCUMENTS,
                                 ADMIN_ENTITIES, ADMIN_MENTIONS, ADMIN_META, ADMIN_STATEMENTS, admin_command,
                                 admin_command_for, read_neo4j_admin, write_neo4j_admin)
from .export_networkx import GRAPHML_FILE, JSON_FILE, JSON_NODE_KEY, read_graphml, read_json, write_graphml, write_json

__all__ = ["FORMATS", "export_graph", "export_build", "import_graph", "same_graph", "graph_differences",
           "admin_command", "admin_command_for", "GRAPHML_FILE", "JSON_FILE", "JSON_NODE_KEY", "KGX_NODES",
           "KGX_EDGES", "KGX_GRAPH", "KGX_NODE_COLUMNS", "KGX_EDGE_COLUMNS", "KGX_EDGE_JSON_COLUMNS", "KGX_LIST_SEP",
           "INFORES", "DOCUMENT_BIOLINK", "MENTIONS_BIOLINK", "ADMIN_ENTITIES", "ADMIN_DOCUMENTS", "ADMIN_STATEMENTS",
           "ADMIN_MENTIONS", "ADMIN_COMMAND", "ADMIN_META", "ADMIN_ARRAY_DELIMITERS", "ADMIN_DATABASE"]

FORMATS = ("graphml", "json", "kgx", "neo4j-admin")
_WRITERS = {"graphml": write_graphml, "json": write_json, "kgx": write_kgx, "neo4j-admin": write_neo4j_admin}
_READERS = {"graphml": read_graphml, "json": read_json, "kgx": read_kgx, "neo4j-admin": read_neo4j_admin}


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


def _check_keys(G: nx.MultiDiGraph) -> None:
    if not isinstance(G, nx.MultiDiGraph):
        raise InputError(f"expected a networkx MultiDiGraph, got {type(G).__name__}")
    for n in G:
        if not isinstance(n, str) or not n:
            raise InputError(f"node id {n!r} is not a non-empty string; exports need string node ids")
    for u, v, k in G.edges(keys=True):
        if not isinstance(k, str) or not k:
            raise InputError(f"edge ({u!r}, {v!r}) has key {k!r}; exports need string edge keys")
