"""What the export formats share: comparing graphs, and reading an export's files with errors that name them.

Examples
--------
>>> import networkx as nx
>>> A = nx.MultiDiGraph(); A.add_edge("a", "b", key="K", w=1)
'K'
>>> graph_differences(A, nx.MultiDiGraph(A))
[]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import InputError

__all__ = ["same_graph", "graph_differences", "read_text", "in_folder", "json_loads"]


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


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path``; :class:`InputError` naming it when missing or not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None


def in_folder(path: Path, name: str) -> Path:
    """``path/name`` when ``path`` is the export folder, else ``path`` itself (the file)."""
    return path / name if path.is_dir() else path


def json_loads(text: str, path: Path, line: int | None = None, what: str = "value") -> Any:
    """``text`` parsed as JSON; :class:`InputError` naming ``what``, the file and the line when it is not."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} is not valid JSON ({exc.msg})", path, line) from None
