"""One call per command: typed names in, answers out, on the mirror or the store.

The library calls behind ``neurograph path``, ``neighbors``, ``explain``
and ``show``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from .errors import UnknownEntityError, UnmentionedEntityError, UsageError
from .explain import entity_card, explain, neighbors
from .mirror import _mirror, load_mirror  # noqa: F401
from .names import known_entity
from .names import resolve as _resolve_name
from .paths import (DAMPING, GradeFilter, Path, _check_types, example_graph, k_shortest_paths,  # noqa: F401
                    path_filters, summarize)
from .regulators import Regulator, regulators
from .store_paths import _rows, cypher_touching, store_graph, store_paths, store_resolve

@dataclass
class PathReport:
    """What ``neurograph path`` prints: the resolved ends, the paths and the summary line.

    ``hints``, when no path passed the filters, say which filter removed how
    many paths (see :func:`filter_hints`).
    """

    source: dict
    target: dict
    paths: list[Path]
    summary: str
    options: dict
    backend: str = "mirror"
    hints: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "summary": self.summary, "backend": self.backend,
                "options": self.options, "paths": [p.to_dict() for p in self.paths], "hints": list(self.hints)}


def resolve(G, name: str) -> str:
    """:func:`neurograph.names.resolve`, saying so when the lexicon knows a name that no document mentions.

    >>> resolve(example_graph(), "Mg")
    'CHEBI:18420'
    """
    try:
        return _resolve_name(G, name)
    except UnknownEntityError:
        known = known_entity(name)
        if known is not None and known[0] not in G:
            raise UnmentionedEntityError(name, *known) from None
        raise


def _entity_ref(G, query: str, node: str) -> dict:
    data = G.nodes[node] if node in G else {}
    return {"query": query, "id": node, "name": data.get("name", node), "category": data.get("category")}


def _names(names) -> list[str]:
    if names is None:
        return []
    return [names] if isinstance(names, str) else [n for n in names if n]


# graph.MIRROR_FILE and graph.BUILD_FILE, repeated so that this module need not
# import graph.py (and networkx) on the cold path; a test checks they agree.

def find_paths(source: str, target: str, k: int = 5, *, home=None, graph=None, backend: str = "mirror",
               connection: dict | None = None, **filters) -> PathReport:
    """Resolve typed names and find the ``k`` best paths, on the mirror or the store.

    The library call behind ``neurograph path``. ``graph`` (a mirror) wins
    over ``home`` (the data directory whose last build is loaded).
    ``backend="store"`` asks the graph store instead (``connection`` holds
    :func:`neurograph.store.open_store` keyword arguments). ``filters`` are
    :func:`neurograph.paths.k_shortest_paths`'s keyword arguments
    (``max_hops``, ``via``, ``avoid``, ``types``, ``sign``, ``population``...),
    with ``via`` and ``avoid`` typed names. With a grade filter
    (``population``, ``study_type``), ``hints`` say how many of the best
    paths without it the filter removed.

    >>> r = find_paths("Mg", "dopamine", graph=example_graph())
    >>> r.summary, r.source["id"]
    ('magnesium → dopamine: 2 paths, 1 positive, 1 negative', 'CHEBI:18420')
    """
    f = path_filters(k, **filters)
    grade = GradeFilter.of(f["population"], f["study_type"])
    f["population"], f["study_type"] = (grade.flags().get("population"), grade.flags().get("study_type")) if grade \
        else (None, None)
    options = {"k": k, "max_hops": f["max_hops"], "directed": f["directed"], "via": _names(f["via"]),
               "avoid": _names(f["avoid"]), "types": sorted(_check_types(f["types"]) or []),
               "min_confidence": f["min_confidence"], "exclude_hedged": f["exclude_hedged"], "sign": f["sign"],
               "source": f["source_kind"], "max_degree": f["max_degree"], "rank": f["rank"],
               "population": f["population"], "study_type": f["study_type"]}
    if backend == "mirror":
        G = graph if graph is not None else _mirror(home)
        s, t = resolve(G, source), resolve(G, target)
        via_ids = [resolve(G, n) for n in _names(f["via"])]
        avoid_ids = [resolve(G, n) for n in _names(f["avoid"])]
        f.update(via=via_ids, avoid=avoid_ids)
        paths = k_shortest_paths(G, s, t, k, **f)
        src, dst = _entity_ref(G, source, s), _entity_ref(G, target, t)
        hints = filter_hints(G, s, t, k, **f) if not paths else grade_hints(G, s, t, k, paths, **f)
    elif backend == "store":
        from .store import open_store

        if f["rank"] != "cost" or f["max_degree"] is not None:
            raise UsageError("--rank dwpc and --max-degree need the whole graph's degrees: use --backend mirror")
        if grade is not None:
            raise UsageError("--population and --study-type filter the mirror's evidence: use --backend mirror "
                             "(or cypher/evidence_by_grade.cypher on the store)")

        with open_store(home=home, **(connection or {})) as store:
            s, t = store_resolve(store, source), store_resolve(store, target)
            via_ids = [store_resolve(store, n) for n in _names(f["via"])]
            avoid_ids = [store_resolve(store, n) for n in _names(f["avoid"])]
            store_filters = {name: f[name] for name in ("max_hops", "directed", "types", "min_confidence",
                                                        "exclude_hedged", "sign", "source_kind")}
            paths = store_paths(store, s, t, k, via=via_ids, avoid=avoid_ids, **store_filters)
            ends = store_graph(store, (), {s, t})
        src, dst = _entity_ref(ends, source, s), _entity_ref(ends, target, t)
        hints = []
    else:
        raise UsageError(f"backend must be 'mirror' or 'store', not {backend!r}")
    options["via"], options["avoid"] = via_ids, avoid_ids
    return PathReport(src, dst, paths, summarize(paths, src["name"], dst["name"]), options, backend, hints)


# What each path filter is called on the command line, and its "off" value.
_FILTER_FLAGS = {"sign": ("--sign", None), "min_confidence": ("--min-confidence", 0.0),
                 "exclude_hedged": ("--exclude-hedged", False), "types": ("--types", None),
                 "source_kind": ("--source", "both"), "max_degree": ("--max-degree", None), "via": ("--via", []),
                 "avoid": ("--avoid", []), "population": ("--population", None), "study_type": ("--study-type", None)}


def _shown(flag: str, value) -> str:
    """A filter as typed on the command line."""
    if isinstance(value, bool):
        return flag
    if isinstance(value, (list, tuple, set, frozenset)):
        return " ".join(f"{flag} {v}" if " " not in str(v) else f'{flag} "{v}"' for v in sorted(map(str, value))) \
            if flag in ("--population", "--study-type") else f"{flag} {','.join(sorted(map(str, value)))}"
    return f"{flag} {value}"


def grade_hints(G, source: str, target: str, k: int, paths: list[Path], **filters) -> list[str]:
    """How many of the ``k`` best paths without the grade filter it removed (none without one).

    >>> G = example_graph()
    >>> grade_hints(G, "CHEBI:18420", "CHEBI:18243", 5, [], population=["animal"])
    ['--population animal removed 2 of the 2 best paths without it']
    """
    grade = {name: filters.get(name) for name in ("population", "study_type") if filters.get(name)}
    if not grade:
        return []
    ungraded = k_shortest_paths(G, source, target, k, **{**filters, "population": None, "study_type": None})
    kept = {tuple(p.nodes) for p in paths}
    removed = sum(1 for p in ungraded if tuple(p.nodes) not in kept)
    flags = " ".join(_shown(_FILTER_FLAGS[name][0], value) for name, value in grade.items())
    noun = "path" if len(ungraded) == 1 else "paths"
    return [f"{flags} removed {removed} of the {len(ungraded)} best {noun} without it"]


def filter_hints(G, source: str, target: str, k: int, **filters) -> list[str]:
    """Why no path was found: which filter removed how many paths, and what else to try.

    Each active filter is dropped in turn (the others kept) and the paths
    counted (up to ``k``); then the hop limit and the direction.

    >>> G = example_graph()
    >>> filter_hints(G, "CHEBI:18420", "CHEBI:18243", 5, sign="-", min_confidence=0.8, max_hops=4, directed=True)
    ['--min-confidence 0.8 removed 1 path']
    >>> filter_hints(G, "CHEBI:18420", "CHEBI:18243", 5, sign="-", types=["INCREASES"], max_hops=4, directed=True)
    ['--sign - removed 1 path', '--types INCREASES removed 1 path']
    >>> filter_hints(G, "CHEBI:18243", "CHEBI:18420", 5, max_hops=4, directed=True)
    ['no directed path; --undirected finds some (walking statements against their direction)']
    """
    def count(**changed) -> int:
        return len(k_shortest_paths(G, source, target, k, **{**filters, **changed}))

    def shown(name: str, flag: str, value) -> str:
        return _shown(flag, value)

    active = {name: filters[name] for name, (_, off) in _FILTER_FLAGS.items()
              if filters.get(name, off) not in (off, None, [], ())}
    hints = []
    for name, value in active.items():
        n = count(**{name: _FILTER_FLAGS[name][1]})
        if n:
            hints.append(f"{shown(name, _FILTER_FLAGS[name][0], value)} removed {n} path{'s' if n != 1 else ''}")
    if not hints and len(active) > 1:
        n = count(**{name: _FILTER_FLAGS[name][1] for name in active})
        if n:
            together = " and ".join(shown(name, _FILTER_FLAGS[name][0], value) for name, value in active.items())
            hints.append(f"{together} together removed {n} path{'s' if n != 1 else ''}")
    max_hops = filters.get("max_hops", 4)
    if not hints:
        if max_hops < 8 and count(max_hops=min(8, max_hops + 2)):
            hints.append(f"no path within {max_hops} hops; --max-hops {min(8, max_hops + 2)} finds some")
        elif filters.get("directed", True) and count(directed=False):
            hints.append("no directed path; --undirected finds some (walking statements against their direction)")
        else:
            hints.append(f"no path within {max_hops} hops" + (", even without the filters" if active else "")
                         + ": the two are not connected in this graph")
    return hints


def _answer_graph(home, graph, backend, connection, names: list[str], depth: int):
    """The graph to answer neighbours/explain/show from, and the resolved ids of ``names``.

    For the store backend: the statements within ``depth`` of the entities,
    fetched into a small mirror-format graph.
    """
    if backend == "mirror":
        G = graph if graph is not None else _mirror(home)
        return G, [resolve(G, n) for n in names]
    if backend != "store":
        raise UsageError(f"backend must be 'mirror' or 'store', not {backend!r}")
    from .store import open_store

    with open_store(home=home, **(connection or {})) as store:
        ids = [store_resolve(store, n) for n in names]
        keys = [r["key"] for r in _rows(store.query(*cypher_touching(ids, depth)))]
        G = store_graph(store, keys, ids)
        for node in ids:  # documents mentioning the entities, for the entity card
            rows = _rows(store.query("MATCH (d:Document)-[:MENTIONS]->(n:Entity {id: $id}) RETURN d.doc AS doc",
                                     {"id": node}))
            for row in rows:
                G.add_node(f"doc:{row['doc']}", kind="document", name=row["doc"])
                G.add_edge(f"doc:{row['doc']}", node, key="MENTIONS", kind="mentions", type="MENTIONS")
    return G, ids


def find_neighbors(name: str, depth: int = 1, types=None, *, home=None, graph=None, backend: str = "mirror",
                   connection: dict | None = None) -> dict:
    """``{"entity": ref, "depth", "neighbors": [...]}`` for ``neurograph neighbors`` (see :func:`neighbors`).

    >>> r = find_neighbors("nmda", graph=example_graph())
    >>> [n["name"] for n in r["neighbors"]]
    ['dopamine', 'glutamate', 'magnesium']
    """
    G, (x,) = _answer_graph(home, graph, backend, connection, [name], depth)
    return {"entity": _entity_ref(G, name, x), "depth": depth, "neighbors": neighbors(G, x, depth, types)}


def find_explanation(x_name: str, y_name: str, *, home=None, graph=None, backend: str = "mirror",
                     connection: dict | None = None, population=None, study_type=None) -> dict:
    """``{"x": ref, "y": ref, "statements": [...]}`` for ``neurograph explain`` (see :func:`explain`).

    >>> r = find_explanation("magnesium", "NMDA", graph=example_graph())
    >>> [(s["subject_name"], s["type"], s["object_name"]) for s in r["statements"]]
    [('magnesium', 'ANTAGONIST_OF', 'NMDA receptor')]
    """
    if backend == "store" and GradeFilter.of(population, study_type) is not None:
        raise UsageError("--population and --study-type filter the mirror's evidence: use --backend mirror")
    G, (x, y) = _answer_graph(home, graph, backend, connection, [x_name, y_name], 1)
    return {"x": _entity_ref(G, x_name, x), "y": _entity_ref(G, y_name, y),
            "statements": explain(G, x, y, population=population, study_type=study_type)}


def find_entity(name: str, *, home=None, graph=None, backend: str = "mirror", connection: dict | None = None,
                top: int = 10) -> dict:
    """The entity card of a typed name, for ``neurograph show`` (see :func:`entity_card`).

    >>> find_entity("glutamic acid", graph=example_graph())["name"]
    Traceback (most recent call last):
    ...
    neurograph.errors.UnknownEntityError: unknown entity 'glutamic acid'; did you mean: glutamate?
    """
    G, (x,) = _answer_graph(home, graph, backend, connection, [name], 1)
    card = entity_card(G, x, top=top)
    card["query"] = name
    return card


@dataclass
class RegulatorReport:
    """What ``neurograph regulators`` prints: the resolved target and its regulators with their paths."""

    target: dict
    sign: str
    regulators: list[Regulator]
    options: dict

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "sign": self.sign, "options": self.options,
                "regulators": [r.to_dict() for r in self.regulators]}


def find_regulators(target: str, sign: str = "+", *, home=None, graph=None, max_hops: int = 2, k: int = 20,
                    types=None, min_confidence: float = 0.0, exclude_hedged: bool = False,
                    source_kind: str = "both", max_degree: int | None = None,
                    categories: Iterable[str] | None = None, population: str | Iterable[str] | None = None,
                    study_type: str | Iterable[str] | None = None) -> RegulatorReport:
    """What raises (``sign="+"``) or lowers (``"-"``) a typed name, on the mirror (see :func:`regulators`).

    >>> r = find_regulators("dopamine", "-", graph=example_graph())
    >>> [(x.name, x.path.names) for x in r.regulators]
    [('magnesium', ['magnesium', 'NMDA receptor', 'dopamine'])]
    """
    G = graph if graph is not None else _mirror(home)
    x = resolve(G, target)
    found = regulators(G, x, sign, max_hops=max_hops, k=k, types=types, min_confidence=min_confidence,
                       exclude_hedged=exclude_hedged, source_kind=source_kind, max_degree=max_degree,
                       categories=categories, population=population, study_type=study_type)
    grade = GradeFilter.of(population, study_type)
    options = {"max_hops": max_hops, "k": k, "types": sorted(_check_types(types) or []),
               "min_confidence": min_confidence, "exclude_hedged": exclude_hedged, "source": source_kind,
               "max_degree": max_degree, "categories": sorted(categories or []),
               **{"population": None, "study_type": None, **(grade.flags() if grade else {})}}
    return RegulatorReport(_entity_ref(G, target, x), sign, found, options)
