"""How is X connected to Y, with what net effect, and what says so?

Plain functions over the mirror graph (see :mod:`neurograph.graph` for its
layout). They return plain data: :class:`Path` and :class:`Hop` dataclasses
(with ``to_dict()``) and dicts. Only statement edges are walked; document
nodes and ``MENTIONS`` edges are never part of an answer.

Names are resolved by :mod:`neurograph.names` (:func:`resolve`).

Ranking (:func:`k_shortest_paths`)
    A path costs the sum over its hops of ``2 - confidence``: every hop
    costs between 1 and 2, so fewer hops win first and, among paths of the
    same length, the more confident ones. Paths come cheapest first; equal
    costs are ordered by fewer hops, then by the node ids along the path,
    then by the relationship types. Parallel statements between the same
    two entities (``magnesium INCREASES dopamine`` and ``magnesium
    REGULATES dopamine``) are distinct hop choices, so two paths may share
    their nodes and differ in a hop's type (and sign).

Net sign
    The product of the hop polarities: ``"+"`` or ``"-"``, and ``"?"``
    (unknown) when a hop is unsigned (polarity 0) or, with ``directed=False``,
    when a hop is walked against the direction of a non-symmetric
    relationship (what Y does to X says nothing about what X does to Y).

Examples
--------
>>> G = example_graph()
>>> resolve(G, "Mg"), resolve(G, "NMDA receptors"), resolve(G, "magnesium ions")
('CHEBI:18420', 'FPLX:NMDA_receptor', 'CHEBI:18420')
>>> paths = k_shortest_paths(G, "CHEBI:18420", "CHEBI:18243")
>>> [(p.names, p.sign) for p in paths]
[(['magnesium', 'dopamine'], '+'), (['magnesium', 'NMDA receptor', 'dopamine'], '-')]
>>> summarize(paths, "magnesium", "dopamine")
'magnesium → dopamine: 2 paths, 1 positive, 1 negative'
>>> [p.names for p in k_shortest_paths(G, "CHEBI:18420", "CHEBI:18243", sign="-")]
[['magnesium', 'NMDA receptor', 'dopamine']]
"""

from __future__ import annotations

import heapq
import weakref
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Iterator

from .errors import UsageError
from .names import clear_index, resolve, suggest  # noqa: F401  (re-exported: paths.resolve)

__all__ = [
    "Hop",
    "Path",
    "k_shortest_paths",
    "summarize",
    "rank_paths",
    "hop_cost",
    "best_evidence",
    "example_graph",
    "clear_caches",
]

SIGN_SYMBOL = {1: "+", -1: "-", 0: "?", None: "?"}
SIGN_WORD = {"+": "positive", "-": "negative", "?": "unknown"}


# --- plain data ---------------------------------------------------------------


@dataclass
class Hop:
    """One statement walked by a path.

    ``subject``/``type``/``object`` are the statement as stored; ``direction``
    is ``"forward"`` when the path walks it subject to object and
    ``"backward"`` otherwise (symmetric types, or ``directed=False``).
    ``evidence`` is the best quote (see :func:`best_evidence`), ``n_evidence``
    how many sentences support the statement. ``curated`` says some evidence
    is curated (a curated file, the lexicon, Hetionet); ``triage`` is how a
    document claim compares with curated knowledge (``corroborated``,
    ``contradicted``, ``novel``; None for curated-only statements, see
    :mod:`neurograph.triage`). ``alternatives`` lists the other statements
    joining the same two entities that the path could have walked instead
    (type, sign, confidence, evidence count): a path is shown once per
    sequence of entities.
    """

    subject: str
    subject_name: str
    type: str
    object: str
    object_name: str
    direction: str
    polarity: int
    confidence: float
    hedged: bool
    evidence: dict | None = None
    n_evidence: int = 0
    documents: list[str] = field(default_factory=list)
    curated: bool = False
    triage: str | None = None
    alternatives: list[dict] = field(default_factory=list)

    @property
    def sign(self) -> str:
        return SIGN_SYMBOL.get(self.polarity, "?")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["sign"] = self.sign
        return d


@dataclass
class Path:
    """A path from source to target: its entities, hops, cost and net sign.

    ``net_polarity`` is 1, -1 or None (unknown); ``sign`` is ``"+"``, ``"-"``
    or ``"?"``. ``confidence`` is the product of the hop confidences.
    ``dwpc`` is the path's degree product (its contribution to the
    degree-weighted path count) when paths were ranked with ``rank="dwpc"``.
    """

    nodes: list[str]
    names: list[str]
    hops: list[Hop]
    cost: float
    net_polarity: int | None
    confidence: float
    hedged: bool
    dwpc: float | None = None

    @property
    def sign(self) -> str:
        return SIGN_SYMBOL[self.net_polarity]

    @property
    def length(self) -> int:
        return len(self.hops)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": list(self.nodes),
            "names": list(self.names),
            "length": self.length,
            "cost": round(self.cost, 6),
            "sign": self.sign,
            "net_polarity": self.net_polarity,
            "confidence": round(self.confidence, 6),
            "hedged": self.hedged,
            "dwpc": None if self.dwpc is None else round(self.dwpc, 9),
            "hops": [h.to_dict() for h in self.hops],
        }


# --- schema facts (lazy: keep the cold path cheap) ---------------------------

_schema_cache: dict[str, Any] = {}


def _schema(schema=None):
    if schema is not None:
        return schema
    if "schema" not in _schema_cache:
        from .schema import load_schema

        _schema_cache["schema"] = load_schema()
    return _schema_cache["schema"]


def _symmetric_types(schema=None, graph=None) -> frozenset[str]:
    """The relationship types path search may walk both ways.

    Without a schema object, the types a built graph recorded
    (``G.graph["symmetric_types"]``); else this reads only the ``symmetric`` flags of the
    installed schema file with libyaml's C loader (a few ms, against ~80 ms
    for the validating loader): it is on the cold path of every ``neurograph
    path``, and the build that made the graph has validated the file already.
    """
    if schema is not None:
        return frozenset(k for k, r in schema.relationships.items() if r.symmetric)
    recorded = getattr(graph, "graph", {}).get("symmetric_types")
    if recorded is not None:
        return frozenset(recorded)
    if "symmetric" not in _schema_cache:
        _schema_cache["symmetric"] = _symmetric_from_file()
    return _schema_cache["symmetric"]


def _symmetric_from_file() -> frozenset[str]:
    import yaml

    from .schema import data_dir

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:  # no libyaml: the full loader
        return _symmetric_types(_schema())
    try:
        raw = yaml.load((data_dir() / "schema.yaml").read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
        rels = raw["relationships"]
        return frozenset(k for k, spec in rels.items() if isinstance(spec, dict) and spec.get("symmetric") is True)
    except Exception:
        return _symmetric_types(_schema())  # let the validating loader report what is wrong


def _check_types(types: Iterable[str] | None, schema=None) -> frozenset[str] | None:
    """Upper-case and validate relationship type names against the schema."""
    if types is None:
        return None
    if isinstance(types, str):
        types = [types]
    wanted = {t.strip().upper().replace("-", "_").replace(" ", "_") for t in types if t and t.strip()}
    if not wanted:
        return None
    known = _schema(schema).relationships
    unknown = sorted(wanted - set(known))
    if unknown:
        raise UsageError(f"unknown relationship type(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return frozenset(wanted)



# --- hops ---------------------------------------------------------------------


def hop_cost(confidence: float) -> float:
    """What one hop costs: ``2 - confidence`` (between 1 and 2).

    >>> hop_cost(1.0), hop_cost(0.25)
    (1.0, 1.75)
    """
    c = min(max(float(confidence or 0.0), 0.0), 1.0)
    return 2.0 - c


def best_evidence(evidence: list[dict] | None, titles: dict | None = None) -> dict | None:
    """The one quote to show for a statement.

    Preference: not hedged, no deficiency/excess modifier, a full sentence
    (ending in . ! ? or ;) before a heading, text from a document before
    curated citations, then the shorter sentence, then document and
    position. Returns ``{"doc", "title", "sentence", ...}``.

    >>> best_evidence([{"doc": "a", "sentence": "X may raise Y.", "hedged": True},
    ...                {"doc": "b", "sentence": "X raises Y.", "start": 5}])["doc"]
    'b'
    """
    if not evidence:
        return None

    def key(ev: dict):
        sentence = (ev.get("sentence") or "").rstrip()
        return (bool(ev.get("hedged")), bool(ev.get("modifier")), not sentence.endswith((".", "!", "?", ";")),
                ev.get("source") == "curated", len(sentence), str(ev.get("doc", "")), ev.get("start") or 0)

    ev = min(evidence, key=key)
    out = {"doc": ev.get("doc"), "title": (titles or {}).get(ev.get("doc"), ev.get("doc")),
           "sentence": ev.get("sentence", ""), "hedged": bool(ev.get("hedged"))}
    for extra in ("modifier", "source", "citation"):
        if ev.get(extra):
            out[extra] = ev[extra]
    return out


def _make_hop(G, u: str, v: str, key: str, data: dict, direction: str, titles: dict) -> Hop:
    subject, obj = (u, v) if direction == "forward" else (v, u)
    evidence = data.get("evidence") or []
    return Hop(
        subject=subject,
        subject_name=G.nodes[subject].get("name", subject),
        type=data.get("type", key),
        object=obj,
        object_name=G.nodes[obj].get("name", obj),
        direction=direction,
        polarity=int(data.get("polarity") or 0),
        confidence=float(data.get("confidence") or 0.0),
        hedged=bool(data.get("hedged")),
        evidence=best_evidence(evidence, titles),
        n_evidence=len(evidence),
        documents=list(data.get("documents") or []),
        curated=bool(data.get("curated")),
        triage=data.get("triage"),
    )


_max_confidence_cache: "weakref.WeakKeyDictionary[Any, tuple[int, float]]" = weakref.WeakKeyDictionary()


def _max_confidence(G) -> float:
    """The highest statement confidence in ``G`` (1.0 when unknown).

    Cached per graph until its number of nodes changes; after adding edges
    or editing confidences in place, call :func:`clear_caches`.
    """
    cached = _max_confidence_cache.get(G)
    size = len(G._node)
    if cached is not None and cached[0] == size:
        return cached[1]
    best = 0.0
    for nbrs in G._succ.values():
        for keydict in nbrs.values():
            for data in keydict.values():
                c = data.get("confidence")
                if c is not None and c > best and data.get("kind") == "statement":
                    best = c
                    if best >= 1.0:
                        break
            if best >= 1.0:
                break
        if best >= 1.0:
            break
    best = min(max(float(best), 0.0), 1.0) if best else 1.0
    try:
        _max_confidence_cache[G] = (size, best)
    except TypeError:
        pass
    return best


def clear_caches() -> None:
    """Forget the per-graph name index and confidence bound (after editing a graph in place)."""
    clear_index()
    _max_confidence_cache.clear()


SOURCES = ("documents", "curated", "both")


def statement_sources(data: dict) -> tuple[bool, bool]:
    """``(from documents, curated)`` for a statement edge's data.

    >>> statement_sources({"documents": ["d1"], "curated": False})
    (True, False)
    >>> statement_sources({"documents": [], "curated": True})
    (False, True)
    """
    return bool(data.get("documents")), bool(data.get("curated"))


class _Walker:
    """The hops a path may take from a node, after the filters (no documents, no MENTIONS).

    ``source`` keeps statements with document evidence (``"documents"``),
    curated ones (``"curated"``) or both (default). ``max_degree`` keeps hubs
    out of the middle of paths: a node with more statement neighbours is
    never walked through (``exempt`` nodes, the ends, always may be).
    ``damping`` switches hop costs to the degree-weighted path count's
    (see :func:`dwpc_hop_cost`).
    """

    def __init__(self, G, *, directed, types, min_confidence, exclude_hedged, avoid, signed_only, schema=None,
                 source: str = "both", max_degree: int | None = None, exempt=(), damping: float | None = None):
        self.G = G
        self.succ = G._succ  # networkx internals: plain dicts, much faster than the views
        self.pred = G._pred
        self.node = G._node
        self.directed = directed
        self.types = types
        self.min_confidence = float(min_confidence or 0.0)
        self.exclude_hedged = exclude_hedged
        self.avoid = avoid or frozenset()
        self.signed_only = signed_only
        self.symmetric = _symmetric_types(schema, G)
        if source not in SOURCES:
            raise UsageError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
        self.source = source
        self.max_degree = max_degree
        self.exempt = frozenset(exempt)
        self.damping = damping
        self._degree: dict[str, int] = {}
        self._type_degree: dict[tuple[str, str, bool], int] = {}

    def _ok(self, data: dict) -> bool:
        if data.get("kind") != "statement":
            return False
        if self.types is not None and data.get("type") not in self.types:
            return False
        if self.min_confidence and float(data.get("confidence") or 0.0) < self.min_confidence:
            return False
        if self.exclude_hedged and data.get("hedged"):
            return False
        if self.source != "both" and not statement_sources(data)[self.source == "curated"]:
            return False
        return True

    def degree(self, v: str) -> int:
        """How many entities share a statement with ``v`` (documents not counted)."""
        d = self._degree.get(v)
        if d is None:
            node = self.node
            d = len(self.succ[v]) + sum(1 for u in self.pred[v] if node[u].get("kind") != "document")
            self._degree[v] = d
        return d

    def type_degree(self, v: str, rel_type: str, outgoing: bool) -> int:
        """Statements of ``rel_type`` leaving (or entering) ``v``; both ways for symmetric types."""
        key = (v, rel_type, outgoing)
        d = self._type_degree.get(key)
        if d is None:
            if rel_type in self.symmetric:
                d = sum(1 for kd in self.succ[v].values() if rel_type in kd) + sum(
                    1 for kd in self.pred[v].values() if rel_type in kd)
            else:
                adj = self.succ[v] if outgoing else self.pred[v]
                d = sum(1 for kd in adj.values() if rel_type in kd)
            self._type_degree[key] = d = max(d, 1)
        return d

    def min_hop_cost(self) -> float:
        """The cheapest hop this walk can take (2 - the highest confidence allowed), at least 1."""
        if self.damping is not None:
            return 0.0  # a hop between two nodes of degree one costs nothing
        return 2.0 - _max_confidence(self.G)

    def edge_hops(self, v: str, keydict: dict, direction: str, u: str | None = None
                  ) -> list[tuple[str, str, dict, str, float, int | None]]:
        """The allowed hops from ``u`` to ``v`` among the parallel edges ``keydict``, walked in ``direction``.

        ``(v, key, data, direction, cost, polarity-for-the-net-sign)``; the
        filters are inlined: this is the inner loop of the search.
        """
        if v in self.avoid:
            return []
        if self.max_degree is not None and v not in self.exempt and self.degree(v) > self.max_degree:
            return []
        types, min_conf, no_hedged = self.types, self.min_confidence, self.exclude_hedged
        source = self.source
        out = []
        for key, data in keydict.items():
            rel_type = data.get("type", key)
            if direction == "forward":
                symmetric = True  # forward hops always keep their sign
            else:
                symmetric = rel_type in self.symmetric
                if self.directed and not symmetric:
                    continue
            if data.get("kind") != "statement":
                continue
            if types is not None and rel_type not in types:
                continue
            c = data.get("confidence") or 0.0
            if c < min_conf or (no_hedged and data.get("hedged")):
                continue
            if source != "both" and not (data.get("curated") if source == "curated" else data.get("documents")):
                continue
            pol = (data.get("polarity") or 0) if symmetric else None
            if self.signed_only and not pol:
                continue
            if self.damping is None:
                cost = 2.0 - (1.0 if c > 1.0 else c if c > 0.0 else 0.0)
            else:
                subject, obj = (u, v) if direction == "forward" else (v, u)
                cost = dwpc_hop_cost(self.type_degree(subject, rel_type, True),
                                     self.type_degree(obj, rel_type, False), self.damping)
            out.append((v, key, data, direction, cost, pol))
        return out

    def hops(self, u: str) -> list[tuple[str, str, dict, str, float, int | None]]:
        """Every allowed hop from ``u`` (see :meth:`edge_hops`)."""
        out = []
        for v, keydict in self.succ[u].items():
            out += self.edge_hops(v, keydict, "forward", u)
        for v, keydict in self.pred[u].items():
            out += self.edge_hops(v, keydict, "backward", u)
        return out

    def back_neighbors(self, v: str) -> Iterator[str]:
        """Nodes with some statement hop into ``v`` (for the lower-bound search; filters ignored)."""
        avoid, node = self.avoid, self.node
        for u in self.pred[v]:
            if u not in avoid and node[u].get("kind") != "document":
                yield u
        if self.directed:
            sym = self.symmetric
            for u, keydict in self.succ[v].items():
                # Statement keys are their types (graph.py contract).
                if u not in avoid and not sym.isdisjoint(keydict):
                    yield u
        else:
            for u in self.succ[v]:
                if u not in avoid:
                    yield u

    def alternatives(self, subject: str, obj: str, chosen: str) -> list[dict]:
        """The other allowed statements joining ``subject`` and ``obj`` (either way), besides ``chosen``."""
        out = []
        for a, b in ((subject, obj), (obj, subject)):
            for key, data in (self.succ[a].get(b) or {}).items():
                if (a, b, key) == (subject, obj, chosen) or not self._ok(data):
                    continue
                if (a, b) != (subject, obj) and self.directed and data.get("type", key) not in self.symmetric:
                    continue
                pol = int(data.get("polarity") or 0)
                out.append({"subject": a, "type": data.get("type", key), "object": b,
                            "sign": SIGN_SYMBOL.get(pol, "?"), "confidence": float(data.get("confidence") or 0.0),
                            "n_evidence": len(data.get("evidence") or []), "triage": data.get("triage")})
        out.sort(key=lambda x: (-x["confidence"], x["type"]))
        return out


DAMPING = 0.4


def dwpc_hop_cost(out_degree: int, in_degree: int, damping: float = DAMPING) -> float:
    """A hop's cost when ranking by degree-weighted path count: ``-log`` of its degree product.

    Hetionet's DWPC (Himmelstein & Baranzini, PLoS Comput Biol 2015,
    doi:10.1371/journal.pcbi.1004259; Himmelstein et al., eLife 2017) weights
    each path by the product over its hops of ``(D_out(u) * D_in(v)) ** -w``,
    the degrees counted within the hop's relationship type, so paths through
    hubs weigh little. Summing ``w * (log D_out + log D_in)`` over the hops
    is minus the log of that product: the cheapest path is the one with the
    largest degree product.

    >>> dwpc_hop_cost(1, 1), round(dwpc_hop_cost(100, 4), 4)
    (0.0, 2.3966)
    """
    import math

    return damping * (math.log(out_degree) + math.log(in_degree))


def _hops_to(walker: _Walker, target: str, radius: int, budget: int = 60_000) -> tuple[dict[str, int], int]:
    """Fewest hops from each nearby node to ``target`` (a backward BFS).

    Returns ``(distances, complete_radius)``: every node not in ``distances``
    is more than ``complete_radius`` hops away. The BFS stops early when a
    level would scan more than ``budget`` adjacency entries, which keeps big
    graphs (Hetionet hubs) fast at the price of a looser bound.
    """
    dist = {target: 0}
    frontier = [target]
    done = 0
    pred = walker.pred
    scanned = 0
    for level in range(1, radius + 1):
        estimate = sum(len(pred[n]) for n in frontier)
        if walker.directed is False or walker.symmetric:
            estimate += sum(len(walker.succ[n]) for n in frontier)
        if scanned + estimate > budget and level > 1:
            break
        nxt = []
        for n in frontier:
            for u in walker.back_neighbors(n):
                if u not in dist:
                    dist[u] = level
                    nxt.append(u)
        scanned += estimate
        done = level
        frontier = nxt
        if not frontier:
            done = radius
            break
    return dist, done


# --- k shortest paths ---------------------------------------------------------

_EPS = 1e-9


def _canonical(path_nodes: tuple, path_keys: tuple) -> tuple:
    return (len(path_keys), path_nodes, path_keys)


def k_shortest_paths(
    G,
    source: str,
    target: str,
    k: int = 5,
    *,
    max_hops: int = 4,
    directed: bool = True,
    via: str | Iterable[str] | None = None,
    avoid: str | Iterable[str] | None = None,
    types: str | Iterable[str] | None = None,
    min_confidence: float = 0.0,
    exclude_hedged: bool = False,
    sign: str | None = None,
    schema=None,
    max_ties: int | None = None,
    source_kind: str = "both",
    max_degree: int | None = None,
    rank: str = "cost",
    damping: float = DAMPING,
) -> list[Path]:
    """The ``k`` cheapest simple paths from ``source`` to ``target``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The mirror graph.
    source, target : str
        Node ids (use :func:`resolve` for typed names).
    k : int
        How many paths.
    max_hops : int
        Longest path, in hops.
    directed : bool
        Walk statements subject to object only (symmetric types such as
        ``ASSOCIATED_WITH`` both ways). ``False`` walks any statement
        backwards too; such hops have ``direction="backward"``.
    via : node id or list of node ids, optional
        Every path passes through all of them.
    avoid : node id or list of node ids, optional
        No path touches them.
    types : relationship type or list of them, optional
        Walk only these types (case-insensitive, checked against the schema).
    min_confidence : float
        Walk only statements at least this confident.
    exclude_hedged : bool
        Skip statements whose every evidence is hedged ("may", "suggests").
    sign : {"+", "-"}, optional
        Keep only paths with this net effect.
    schema : Schema, optional
        Defaults to the installed schema (for symmetric types).
    max_ties : int, optional
        After the k-th path is found, how many more search steps may look
        for paths tying with it (they are then ranked canonically). Default:
        no limit on graphs under 10,000 nodes (so ties are always resolved
        canonically there), 200 above (Hetionet's uniform costs make ties
        by the thousand).
    source_kind : {"both", "documents", "curated"}
        Walk statements with document evidence, curated ones, or both.
    max_degree : int, optional
        Never walk through an entity with more statement neighbours than
        this (the source and target are exempt): keeps hubs such as
        "depression" or "brain" out of the middle of answers.
    rank : {"cost", "dwpc"}
        ``"cost"``: fewest hops, then confidence (the module docstring).
        ``"dwpc"``: largest degree product first, the per-path term of
        Hetionet's degree-weighted path count with exponent ``damping``
        (see :func:`dwpc_hop_cost`); each path's product is in ``Path.dwpc``.
    damping : float
        The DWPC damping exponent ``w`` (0.4, Hetionet's choice).

    Returns
    -------
    list of Path
        Cheapest first (see the module docstring for costs and ties).

    Raises
    ------
    UsageError
        Bad ``k``, ``max_hops``, ``sign`` or relationship type, or an id that
        is not an entity of ``G``.

    Examples
    --------
    >>> G = example_graph()
    >>> [p.names for p in k_shortest_paths(G, "CHEBI:18420", "CHEBI:18243", avoid="FPLX:NMDA_receptor")]
    [['magnesium', 'dopamine']]
    >>> [h.type for h in k_shortest_paths(G, "CHEBI:18420", "CHEBI:18243", via="FPLX:NMDA_receptor")[0].hops]
    ['ANTAGONIST_OF', 'INCREASES']
    >>> k_shortest_paths(G, "CHEBI:18243", "CHEBI:18420")
    []
    >>> [h.direction for h in k_shortest_paths(G, "CHEBI:18243", "CHEBI:18420", directed=False)[0].hops]
    ['backward']
    >>> [round(p.dwpc, 3) for p in k_shortest_paths(G, "CHEBI:18420", "CHEBI:18243", rank="dwpc")]
    [0.758, 0.758]
    """
    if k < 1:
        raise UsageError(f"k must be at least 1, not {k}")
    if max_hops < 1:
        raise UsageError(f"max hops must be at least 1, not {max_hops}")
    if sign not in (None, "+", "-"):
        raise UsageError(f"sign must be '+' or '-', not {sign!r}")
    via_nodes = _node_set(G, via, "via")
    avoid_nodes = _node_set(G, avoid, "avoid")
    for node, what in ((source, "source"), (target, "target")):
        _check_entity(G, node, what)
    if source == target:
        raise UsageError("source and target are the same entity")
    if source in avoid_nodes or target in avoid_nodes:
        raise UsageError("cannot avoid the source or the target")
    via_nodes -= {source, target}
    if rank not in ("cost", "dwpc"):
        raise UsageError(f"rank must be 'cost' or 'dwpc', not {rank!r}")
    if max_degree is not None and max_degree < 1:
        raise UsageError(f"max degree must be at least 1, not {max_degree}")
    walker = _Walker(G, directed=directed, types=_check_types(types, schema), min_confidence=min_confidence,
                     exclude_hedged=exclude_hedged, avoid=avoid_nodes, signed_only=sign is not None, schema=schema,
                     source=source_kind, max_degree=max_degree, exempt=(source, target),
                     damping=damping if rank == "dwpc" else None)

    if max_ties is None:
        max_ties = 10**9 if len(G._node) < 10_000 else 200
    found = _search(walker, source, target, k, max_hops, via_nodes, sign, max_ties)
    titles = G.graph.get("documents") or {}
    return [_to_path(G, nodes, edges, titles, walker) for nodes, edges in found]


def _node_set(G, nodes, what: str) -> set[str]:
    if nodes is None:
        return set()
    if isinstance(nodes, str):
        nodes = [nodes]
    out = set()
    for n in nodes:
        _check_entity(G, n, what)
        out.add(n)
    return out


def _check_entity(G, node: str, what: str) -> None:
    if node not in G or G.nodes[node].get("kind", "entity") != "entity":
        raise UsageError(f"{what} {node!r} is not an entity of the graph (use resolve() for names)")


def _search(walker: _Walker, source, target, k, max_hops, via_nodes, sign, max_ties):
    """Best-first (A*) enumeration of simple paths, cheapest first.

    The heuristic is a lower bound on the remaining cost: the fewest hops
    still needed (to the target, or to an unvisited ``via`` node and on to
    the target, from backward BFS balls) times the cheapest hop of the graph.
    Partial paths that cannot reach the target within ``max_hops`` are cut.
    Among partial paths of equal bound the deeper one goes first, so goals
    are reached without sweeping whole tied frontiers (Hetionet's edges all
    cost the same).

    Paths through the same sequence of entities count once (the cheapest
    of them is kept). Once ``k`` goals are found, paths tying with the k-th cost are still
    collected (at most ``max_ties`` more pops), then all are sorted by the
    canonical order (cost, hops, node ids, types) and cut at ``k``. On
    small graphs this examines every tie, so the answer equals the store
    backend's; on huge uniform graphs the ties kept are those met first.
    """
    balls = {}
    for node in (target, *sorted(via_nodes)):
        balls[node] = _hops_to(walker, node, max_hops - 1 if node == target else max_hops)
    unit = walker.min_hop_cost()
    target_dist, target_radius = balls[target]
    far = target_radius + 1
    vias = tuple(sorted(via_nodes))

    def h_hops(node: str, seen_via: frozenset) -> int:
        best = target_dist.get(node, far)
        for x in vias:
            if x not in seen_via:
                dist, radius = balls[x]
                best = max(best, dist.get(node, radius + 1) + target_dist.get(x, far))
        return best

    succ, pred, edge_hops = walker.succ, walker.pred, walker.edge_hops
    near = [target] + [n for n, d in target_dist.items() if d == 1]  # candidates when one hop is left

    def expand(u: str, hops_left: int) -> list:
        """The hops from ``u`` to nodes that can still reach the target in ``hops_left`` more hops."""
        out = []
        succ_u, pred_u = succ[u], pred[u]
        if hops_left == 0:
            candidates = (target,)
        elif hops_left == 1 and len(succ_u) + len(pred_u) > len(near):
            candidates = near
        else:
            candidates = None
        if candidates is not None:
            for v in candidates:
                keydict = succ_u.get(v)
                if keydict:
                    out += edge_hops(v, keydict, "forward", u)
                keydict = pred_u.get(v)
                if keydict:
                    out += edge_hops(v, keydict, "backward", u)
            return out
        get = target_dist.get
        for v, keydict in succ_u.items():
            if get(v, far) <= hops_left:
                out += edge_hops(v, keydict, "forward", u)
        for v, keydict in pred_u.items():
            if get(v, far) <= hops_left:
                out += edge_hops(v, keydict, "backward", u)
        return out

    want = None if sign is None else (1 if sign == "+" else -1)
    start_via = frozenset({source} & via_nodes)
    h0 = h_hops(source, start_via)
    if h0 > max_hops:
        return []
    # Heap entries: (bound, -hops, nodes, keys, cost so far, edges, net polarity, via seen)
    heap = [(round(h0 * unit, 9), 0, (source,), (), 0.0, (), 1, start_via)]
    goals: list[tuple[float, tuple, tuple, tuple]] = []
    distinct: set[tuple] = set()  # node sequences found: parallel statements make one path, not several
    kth_cost = None
    tie_pops = 0
    while heap:
        f, neg_depth, nodes, keys, g, edges, pol, seen_via = heapq.heappop(heap)
        if kth_cost is not None:
            if f > kth_cost:
                break
            tie_pops += 1
            if tie_pops > max_ties:
                break
        u = nodes[-1]
        if u == target:
            if len(seen_via) == len(via_nodes) and (want is None or pol == want):
                goals.append((round(g, 9), (len(edges), nodes, keys), nodes, edges))
                distinct.add(nodes)
                if len(distinct) == k and kth_cost is None:
                    kth_cost = round(g, 9)
            continue
        hops_left = max_hops + neg_depth - 1  # hops still allowed after this one
        if hops_left < 0:
            continue
        depth = 1 - neg_depth
        for v, key, data, direction, cost, hop_pol in expand(u, hops_left):
            if v in nodes:
                continue
            new_seen = seen_via | {v} if v in via_nodes else seen_via
            rest = h_hops(v, new_seen) if vias else target_dist.get(v, far)
            if rest > hops_left:
                continue
            if hop_pol is None or hop_pol == 0 or pol is None:
                if want is not None:
                    continue
                new_pol = None
            else:
                new_pol = pol * hop_pol
            g2 = g + cost
            f2 = round(g2 + rest * unit, 9)
            if kth_cost is not None and f2 > kth_cost:
                continue
            heapq.heappush(heap, (f2, -depth, nodes + (v,), keys + (key,), g2,
                                  edges + ((u, key, v, direction, data),), new_pol, new_seen))
    goals.sort(key=lambda x: (x[0], x[1]))
    out, shown = [], set()
    for _, _, nodes, edges in goals:
        if nodes not in shown:
            shown.add(nodes)
            out.append((nodes, edges))
    return out[:k]


def _to_path(G, nodes, edges, titles, walker: _Walker | None = None) -> Path:
    """A :class:`Path` from the search's edges; with ``walker``, each hop's alternatives and the DWPC term."""
    hops = [_make_hop(G, u, v, key, data, direction, titles) for u, key, v, direction, data in edges]
    if walker is not None:
        for hop in hops:
            hop.alternatives = walker.alternatives(hop.subject, hop.object, hop.type)
    net: int | None = 1
    symmetric = None
    for hop, (_, _, _, direction, data) in zip(hops, edges):
        if direction == "backward":
            if symmetric is None:
                symmetric = _symmetric_types(graph=G)
            if hop.type not in symmetric:
                net = None
        if net is not None:
            net = net * hop.polarity if hop.polarity else None
    confidence = 1.0
    for hop in hops:
        confidence *= hop.confidence
    return Path(
        nodes=list(nodes),
        names=[G.nodes[n].get("name", n) for n in nodes],
        hops=hops,
        cost=sum(hop_cost(hop.confidence) for hop in hops),
        net_polarity=net,
        confidence=confidence,
        hedged=any(hop.hedged for hop in hops),
        dwpc=_degree_product(walker, hops) if walker is not None and walker.damping is not None else None,
    )


def _degree_product(walker: _Walker, hops: list[Hop]) -> float:
    """The path's degree product, ``prod (D_out * D_in) ** -w`` over its hops."""
    import math

    cost = sum(dwpc_hop_cost(walker.type_degree(h.subject, h.type, True), walker.type_degree(h.object, h.type, False),
                             walker.damping) for h in hops)
    return math.exp(-cost)


def rank_paths(paths: Iterable[Path], k: int) -> list[Path]:
    """Sort candidate paths the way :func:`k_shortest_paths` does and keep ``k``.

    Used by the store backend, which fetches every candidate and ranks here.
    """
    def key(p: Path):
        return (round(p.cost, 9), len(p.hops), tuple(p.nodes), tuple(h.type for h in p.hops))

    out, shown = [], set()
    for p in sorted(paths, key=key):
        if tuple(p.nodes) not in shown:  # parallel statements make one path (see _search)
            shown.add(tuple(p.nodes))
            out.append(p)
    return out[:k]


def summarize(paths: list[Path], source: str, target: str) -> str:
    """A one-line summary: how many paths, and their net signs.

    >>> summarize([], "magnesium", "dopamine")
    'magnesium → dopamine: no paths'
    """
    if not paths:
        return f"{source} → {target}: no paths"
    counts = {"+": 0, "-": 0, "?": 0}
    for p in paths:
        counts[p.sign] += 1
    parts = [f"{counts[s]} {SIGN_WORD[s]}" for s in ("+", "-", "?") if counts[s]]
    noun = "path" if len(paths) == 1 else "paths"
    return f"{source} → {target}: {len(paths)} {noun}, " + ", ".join(parts)



# --- a small graph for the examples ---------------------------------------------


def example_graph():
    """A five-entity graph used by the examples above.

    magnesium blocks the NMDA receptor, whose activity drives dopamine release;
    magnesium (hedged) raises dopamine; glutamate activates the receptor.
    """
    from .graph import graph_from_records
    from .records import Entity, EntityRef, Evidence, Statement

    ents = {
        "mg": Entity("CHEBI:18420", "magnesium", "Mineral", ("Mg", "Mg2+")),
        "da": Entity("CHEBI:18243", "dopamine", "Neurotransmitter", ("DA",)),
        "glu": Entity("CHEBI:14321", "glutamate", "Neurotransmitter"),
        "nmda": Entity("FPLX:NMDA_receptor", "NMDA receptor", "Receptor", ("N-methyl-D-aspartate receptor",)),
    }

    def st(s, p, o, pol, conf, sentence, hedged=False):
        ref = lambda e: EntityRef(e.id, e.name, e.category)  # noqa: E731
        ev = Evidence("doc1", sentence, 0, len(sentence), hedged=hedged)
        return Statement(ref(ents[s]), p, ref(ents[o]), pol, hedged=hedged, confidence=conf, evidence=[ev])

    statements = [
        st("mg", "ANTAGONIST_OF", "nmda", -1, 0.9, "Magnesium blocks the NMDA receptor."),
        st("glu", "ACTIVATES", "nmda", 1, 0.8, "Glutamate activates NMDA receptors."),
        st("nmda", "INCREASES", "da", 1, 0.7, "NMDA receptor activity drives dopamine release."),
        st("mg", "INCREASES", "da", 1, 0.5, "Magnesium may raise dopamine.", hedged=True),
    ]
    return graph_from_records(ents.values(), statements, {"doc1": {"title": "Example"}})


