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
    "GradeFilter",
    "check_path_options",
    "path_ends",
    "path_filters",
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
    sequence of entities. ``curated_evidence`` is the best curated record
    (Hetionet's, a curated file's) of a statement that documents state too,
    so both show side by side.
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
    curated_evidence: dict | None = None

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


def _make_hop(G, u: str, v: str, key: str, data: dict, direction: str, titles: dict,
              grade: "GradeFilter | None" = None) -> Hop:
    subject, obj = (u, v) if direction == "forward" else (v, u)
    evidence = (data.get("evidence") or []) if grade is None else grade.records(data)
    curated_records = [ev for ev in evidence if ev.get("source", "extracted") != "extracted"]
    best = best_evidence(evidence, titles)
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
        evidence=best,
        n_evidence=len(evidence),
        documents=list(data.get("documents") or []),
        curated=bool(data.get("curated")),
        triage=data.get("triage"),
        curated_evidence=(best_evidence(curated_records, titles)
                          if curated_records and len(curated_records) < len(evidence)
                          and best.get("source", "extracted") == "extracted" else None),
    )


def clear_caches() -> None:
    """Forget the per-graph name index and folded hops (after editing a graph's edges in place).

    Both notice added or removed nodes and neighbours by themselves; a
    statement's attributes changed in place (its confidence, polarity), or
    a statement added beside another between the same two entities, need
    this call.
    """
    clear_index()
    _hop_caches.clear()


# Folded hops (_Walker.out_hops, in_costs, in_hops) per graph, for searches without filters: hubs of
# Hetionet-sized graphs are read by query after query. A node's entry holds its numbers of successors and
# predecessors, and is read again when they change (an edge added or removed there).
_hop_caches: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()


def _shared_hops(G, variant: tuple) -> tuple[dict, dict]:
    """The per-graph memos ``(out_hops, in_costs and in_hops)`` for searches of this ``variant``."""
    variants = _hop_caches.get(G)
    if variants is None:
        variants = {}
        try:
            _hop_caches[G] = variants
        except TypeError:  # not weakly referenceable: this search only
            pass
    return variants.setdefault(variant, ({}, {}))


# --- the evidence grade (extract.grade): who was studied and how ----------------


@dataclass(frozen=True)
class GradeFilter:
    """Keep statements whose evidence has one of these populations and study types.

    The grade (:mod:`neurograph.extract.grade`) is on document evidence
    only: a record extracted from a document carries its ``population``
    (``human``, ``animal``, ``in vitro``, ``unknown``) and ``study_type``;
    an ungraded document record counts as ``unknown``. Curated knowledge
    (Hetionet, curated files, the lexicon) has no grade and **passes**:
    curators vouched for it, and an answer mixing sources should not lose
    its curated hops to a filter about study designs. ``--source
    documents`` keeps document evidence only.

    A statement passes when some curated record, or some document record
    of an accepted population and study type, supports it; the hop then
    shows the best of those records (:meth:`records`).

    >>> f = GradeFilter.of(["in_vitro"], ["Randomized-Trial"])
    >>> sorted(f.populations), sorted(f.study_types)
    (['in vitro'], ['randomised trial'])
    >>> f.passes({"evidence": [{"source": "extracted", "population": "in vitro", "study_type": "review"}]})
    False
    >>> f.passes({"evidence": [{"source": "Hetionet v1.0"}]})
    True
    """

    populations: frozenset | None = None
    study_types: frozenset | None = None

    @classmethod
    def of(cls, population=None, study_type=None) -> "GradeFilter | None":
        """The filter for these values (None when both are empty); a bad value is a UsageError."""
        populations = _grade_values(population, "population")
        study_types = _grade_values(study_type, "study type")
        if populations is None and study_types is None:
            return None
        return cls(populations, study_types)

    def accepts(self, ev: dict) -> bool:
        """Whether one evidence record passes (curated records always do)."""
        if (ev.get("source") or "extracted") != "extracted":
            return True
        if self.populations is not None and (ev.get("population") or "unknown") not in self.populations:
            return False
        return self.study_types is None or (ev.get("study_type") or "unknown") in self.study_types

    def passes(self, data: dict) -> bool:
        """Whether a statement edge has a record that passes."""
        return any(self.accepts(ev) for ev in data.get("evidence") or ())

    def records(self, data: dict) -> list[dict]:
        """The statement's records that pass."""
        return [ev for ev in data.get("evidence") or () if self.accepts(ev)]

    def flags(self) -> dict:
        """The filter as the command line spells it, for the hints."""
        out = {}
        if self.populations is not None:
            out["population"] = sorted(self.populations)
        if self.study_types is not None:
            out["study_type"] = sorted(self.study_types)
        return out


def _grade_key(value: str) -> str:
    return " ".join(str(value).strip().lower().replace("_", " ").replace("-", " ").replace("randomized", "randomised")
                    .split())


def _grade_values(values, what: str) -> frozenset | None:
    """Normalise grade values (``in_vitro``, ``In vitro``, ``randomized-trial``) to extract.grade's names."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    values = [v for v in values if v and str(v).strip()]
    if not values:
        return None
    from .extract.grade import POPULATIONS, STUDY_TYPES

    known = POPULATIONS if what == "population" else STUDY_TYPES
    by_key = {_grade_key(name): name for name in known}
    out = set()
    for value in values:
        name = by_key.get(_grade_key(value))
        if name is None:
            raise UsageError(f"unknown {what} {value!r}; known: {', '.join(known)}")
        out.add(name)
    return frozenset(out)


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
                 source: str = "both", max_degree: int | None = None, exempt=(), damping: float | None = None,
                 grade: GradeFilter | None = None):
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
        check_path_options(1, source_kind=source)
        self.source = source
        self.max_degree = max_degree
        self.exempt = frozenset(exempt)
        self.damping = damping
        self.grade = grade
        # No filter but the statement kind (and the sign): out_hops and in_costs take their inlined fast paths.
        self.plain = (types is None and not self.min_confidence and not exclude_hedged and source == "both"
                      and not self.avoid and max_degree is None and damping is None and grade is None)
        self._out: dict[str, list]
        self._in: dict[str, dict]
        self._out, self._in = _shared_hops(G, (directed, signed_only, self.symmetric)) if self.plain else ({}, {})
        self._degree: dict[str, int] = {}
        self.scanned = 0  # adjacency entries read by out_hops (the forward side's work)
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
        return self.grade is None or self.grade.passes(data)

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

    def out_hops(self, u: str) -> list[tuple[str, str, dict, str, float, int | None]]:
        """The hops from ``u`` a path can use, parallel statements folded (memoised: per graph without filters).

        Of the allowed hops from ``u`` to one neighbour only the cheapest
        (then the smallest key, then forward) can be part of an answer,
        since paths through the same entities count once; when a sign is
        asked for, the cheapest of each polarity.
        """
        sizes = (len(self.succ[u]), len(self.pred[u]))
        entry = self._out.get(u)
        if entry is not None and entry[0] == sizes:
            return entry[1]
        best: dict = {}
        signed = self.signed_only
        for hop in (self._plain_hops(u) if self.plain else self.hops(u)):
            slot = (hop[0], hop[5]) if signed else hop[0]
            kept = best.get(slot)
            if kept is None or (hop[4], hop[1], hop[3] != "forward") < (kept[4], kept[1], kept[3] != "forward"):
                best[slot] = hop
        hops = list(best.values())
        self._out[u] = (sizes, hops)
        self.scanned += sizes[0] + sizes[1]
        return hops

    def _plain_hops(self, u: str) -> list[tuple[str, str, dict, str, float, int | None]]:
        """:meth:`hops` when no filter is set (the common case, inlined: the search's inner loop)."""
        out = []
        signed, directed, symmetric = self.signed_only, self.directed, self.symmetric
        for v, keydict in self.succ[u].items():
            for key, data in keydict.items():
                if data.get("kind") != "statement":
                    continue
                pol = data.get("polarity") or 0
                if signed and not pol:
                    continue
                c = data.get("confidence") or 0.0
                out.append((v, key, data, "forward", 2.0 - (1.0 if c > 1.0 else c if c > 0.0 else 0.0), pol))
        for v, keydict in self.pred[u].items():
            if directed and symmetric.isdisjoint(keydict):  # statement keys are their types (graph.py)
                continue
            for key, data in keydict.items():
                if data.get("kind") != "statement":
                    continue
                sym = data.get("type", key) in symmetric
                if directed and not sym:
                    continue
                pol = (data.get("polarity") or 0) if sym else None
                if signed and not pol:
                    continue
                c = data.get("confidence") or 0.0
                out.append((v, key, data, "backward", 2.0 - (1.0 if c > 1.0 else c if c > 0.0 else 0.0), pol))
        return out

    def in_costs(self, x: str) -> dict[str, float]:
        """``{u: cost}``: the cheapest allowed hop from each ``u`` into ``x`` (0 when ranking by DWPC; memoised).

        Used for the search's lower bound; the DWPC's degree-dependent costs
        are not computed here (a hop may cost nothing there).
        """
        sizes = (len(self.succ[x]), len(self.pred[x]))
        cached = self._in.get(x)
        if cached is not None and cached[0] == sizes:
            return cached[1]
        out: dict[str, float] = {}
        self._in[x] = (sizes, out)
        get = out.get
        if not self.plain:
            for u, keydict in self.pred[x].items():
                for hop in self.edge_hops(x, keydict, "forward", u, with_cost=False):
                    if hop[4] < get(u, 3.0):
                        out[u] = hop[4]
            for u, keydict in self.succ[x].items():
                for hop in self.edge_hops(x, keydict, "backward", u, with_cost=False):
                    if hop[4] < get(u, 3.0):
                        out[u] = hop[4]
            return out
        signed, directed, symmetric = self.signed_only, self.directed, self.symmetric
        for u, keydict in self.pred[x].items():  # statements u -> x, walked forward
            for data in keydict.values():
                if data.get("kind") != "statement" or (signed and not data.get("polarity")):
                    continue
                c = data.get("confidence") or 0.0
                cost = 2.0 - (1.0 if c > 1.0 else c if c > 0.0 else 0.0)
                if cost < get(u, 3.0):
                    out[u] = cost
        for u, keydict in self.succ[x].items():  # statements x -> u, walked backward from u
            if directed and symmetric.isdisjoint(keydict):
                continue
            for key, data in keydict.items():
                if data.get("kind") != "statement":
                    continue
                sym = data.get("type", key) in symmetric
                if (directed or signed) and not sym:
                    continue
                if signed and not data.get("polarity"):
                    continue
                c = data.get("confidence") or 0.0
                cost = 2.0 - (1.0 if c > 1.0 else c if c > 0.0 else 0.0)
                if cost < get(u, 3.0):
                    out[u] = cost
        return out

    def in_hops(self, x: str) -> list[tuple[str, str, dict, str, float, int | None]]:
        """Every allowed hop into ``x``: ``(u, key, data, direction, cost, polarity)`` for a hop from ``u``.

        The backward search of :mod:`neurograph.regulators`; memoised per
        graph without filters, like :meth:`out_hops`.
        """
        key = ("into", x)
        sizes = (len(self.succ[x]), len(self.pred[x]))
        cached = self._in.get(key)
        if cached is not None and cached[0] == sizes:
            return cached[1]
        hops = []
        for u, keydict in self.pred[x].items():  # statements u -> x, walked forward
            for _, k, data, direction, cost, pol in self.edge_hops(x, keydict, "forward", u):
                hops.append((u, k, data, direction, cost, pol))
        directed, symmetric = self.directed, self.symmetric
        for u, keydict in self.succ[x].items():  # statements x -> u, walked backward from u
            if directed and symmetric.isdisjoint(keydict):  # statement keys are their types (graph.py)
                continue
            for _, k, data, direction, cost, pol in self.edge_hops(x, keydict, "backward", u):
                hops.append((u, k, data, direction, cost, pol))
        self._in[key] = (sizes, hops)
        return hops

    def edge_hops(self, v: str, keydict: dict, direction: str, u: str | None = None, with_cost: bool = True
                  ) -> list[tuple[str, str, dict, str, float, int | None]]:
        """The allowed hops from ``u`` to ``v`` among the parallel edges ``keydict``, walked in ``direction``.

        ``(v, key, data, direction, cost, polarity-for-the-net-sign)``; the
        filters are inlined: this is the inner loop of the search. Without
        ``with_cost``, DWPC hops cost 0 (their degrees are not looked up).
        """
        if v in self.avoid:
            return []
        if self.max_degree is not None and v not in self.exempt and self.degree(v) > self.max_degree:
            return []
        types, min_conf, no_hedged = self.types, self.min_confidence, self.exclude_hedged
        source, grade = self.source, self.grade
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
            if grade is not None and not grade.passes(data):
                continue
            pol = (data.get("polarity") or 0) if symmetric else None
            if self.signed_only and not pol:
                continue
            if self.damping is None:
                cost = 2.0 - (1.0 if c > 1.0 else c if c > 0.0 else 0.0)
            elif not with_cost:
                cost = 0.0
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



class _CostsTo:
    """A lower bound on what reaching ``target`` still costs, from a backward search grown on demand.

    ``levels[i][v]`` is the cheapest walk from ``v`` to the target of at
    most ``i`` hops (repeated nodes allowed, so never more than a simple
    path costs), for ``i`` up to ``radius``; nodes missing from
    ``levels[i]`` cannot reach the target within ``i`` hops. Beyond
    ``radius`` hops the bound is the cheaper of the ``radius``-hop cost and
    ``radius + 1`` cheapest possible hops (:meth:`lower`), which the search
    tightens either by one step of forward look-ahead (:meth:`refine`) or by
    one more backward level (:meth:`extend`) while that costs no more than
    the forward side has scanned: on Hetionet-sized graphs a level through hubs scans hundreds of
    thousands of statements, while most answers need one or two.
    """

    cheap = 2_000  # a backward level scanning no more statements than this is always worth it

    def __init__(self, walker: _Walker, target: str, max_radius: int, budget: int = 150_000):
        self.walker = walker
        # The cheapest hop there is: 1 with costs 2 - confidence, 0 for the DWPC (see edge_hops).
        self.unit = 1.0 if walker.damping is None else 0.0
        self.best = {target: 0.0}
        self.first = {target: 0}
        self.levels = [dict(self.best)]
        self.frontier = dict(self.best)
        self._next_cost = None
        self.complete = False
        self.max_radius = max_radius
        self.budget = budget
        self.radius = 0
        if max_radius >= 1:
            self.extend()
        while self.worth_extending():
            self.extend()

    def next_cost(self) -> int:
        """About how many adjacency entries the next backward level scans (counted once per level)."""
        if self._next_cost is None:
            pred, succ = self.walker.pred, self.walker.succ
            self._next_cost = sum(len(pred[x]) + len(succ[x]) for x in self.frontier)
        return self._next_cost

    def worth_extending(self) -> bool:
        if self.complete or self.radius >= self.max_radius:
            return False
        cost = self.next_cost()
        # Grow the backward side while it costs no more than the forward side has (bidirectional balance).
        return cost <= self.budget and cost <= max(self.cheap, self.walker.scanned)

    def extend(self) -> None:
        """Add the next backward level."""
        cost = self.next_cost()
        self.budget -= cost
        best, get_best = self.best, self.best.get
        new: dict[str, float] = {}
        get_new = new.get
        in_costs = self.walker.in_costs
        for x, cost_x in self.frontier.items():
            for u, cost in in_costs(x).items():
                value = cost + cost_x
                if value < get_best(u, _INF) and value < get_new(u, _INF):
                    new[u] = value
        best.update(new)
        level = len(self.levels)
        for u in new:
            self.first.setdefault(u, level)
        self.levels.append(dict(best) if new else self.levels[-1])
        self.frontier = new
        self._next_cost = None
        self.radius = level
        if not new:
            self.complete = True  # nothing further reaches the target: every level is exact

    def is_exact(self, hops: int) -> bool:
        return self.complete or hops <= self.radius

    def hops(self, v: str) -> int:
        """A lower bound on the hops from ``v`` to the target."""
        return self.first.get(v, self.radius + 1)

    def lower(self, v: str, hops: int) -> float | None:
        """A lower bound on the cost from ``v`` to the target within ``hops`` hops; None: unreachable."""
        if hops <= self.radius or self.complete:
            return self.levels[min(hops, self.radius)].get(v)
        beyond = (self.radius + 1) * self.unit
        known = self.levels[self.radius].get(v)
        return beyond if known is None or known > beyond else known

    def tighten(self, v: str, hops: int) -> float | None:
        """The best bound for ``v`` with ``hops`` hops left: a level's exact value, or a look-ahead."""
        while not self.is_exact(hops) and self.worth_extending():
            self.extend()
        if self.is_exact(hops):
            return self.levels[min(hops, self.radius)].get(v)
        known = self.levels[self.radius].get(v)
        if known is not None and known <= (self.radius + 1) * self.unit:
            return known
        return self.refine(v, hops)

    def refine(self, v: str, hops: int) -> float | None:
        """A tighter :meth:`lower` for ``hops`` beyond the radius: the best first hop plus the bound after it."""
        best = None
        lower = self.lower
        for w, _, _, _, cost, _ in self.walker.out_hops(v):
            rest = lower(w, hops - 1)
            if rest is not None and (best is None or cost + rest < best):
                best = cost + rest
        return best


_INF = float("inf")


# --- k shortest paths ---------------------------------------------------------

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
    source_kind: str = "both",
    max_degree: int | None = None,
    rank: str = "cost",
    damping: float = DAMPING,
    population: str | Iterable[str] | None = None,
    study_type: str | Iterable[str] | None = None,
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
    population, study_type : str or list of str, optional
        Walk only statements with document evidence of this evidence grade
        (:mod:`neurograph.extract.grade`), for example ``"human"`` or
        ``["randomised trial", "meta-analysis"]``; curated statements pass
        (see :class:`GradeFilter`). Each hop then quotes a record that passes.

    Returns
    -------
    list of Path
        Cheapest first (see the module docstring for costs and ties).

    Raises
    ------
    UsageError
        Bad ``k``, ``max_hops``, ``sign``, relationship type or grade, or an
        id that is not an entity of ``G`` (see :func:`check_path_options`).

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
    check_path_options(k, max_hops=max_hops, sign=sign, source_kind=source_kind, rank=rank, max_degree=max_degree)
    for node, what in ((source, "source"), (target, "target")):
        _check_entity(G, node, what)
    via_nodes, avoid_nodes = path_ends(source, target, _node_set(G, via, "via"), _node_set(G, avoid, "avoid"))
    walker = _Walker(G, directed=directed, types=_check_types(types, schema), min_confidence=min_confidence,
                     exclude_hedged=exclude_hedged, avoid=avoid_nodes, signed_only=sign is not None, schema=schema,
                     source=source_kind, max_degree=max_degree, exempt=(source, target),
                     damping=damping if rank == "dwpc" else None, grade=GradeFilter.of(population, study_type))

    found = _search(walker, source, target, k, max_hops, via_nodes, sign)
    titles = G.graph.get("documents") or {}
    return [_to_path(G, nodes, edges, titles, walker) for nodes, edges in found]


def path_filters(k: int, **filters) -> dict[str, Any]:
    """:func:`k_shortest_paths`'s keyword arguments (all but ``schema``) with their defaults, checked once.

    The one place the options of a path search are named and checked: the
    mirror (:func:`k_shortest_paths`), the store (:func:`neurograph.store_paths.store_paths`)
    and :func:`neurograph.answers.find_paths` take them as ``**filters``.
    A name :func:`k_shortest_paths` does not take is a ``TypeError``; a bad
    value a :class:`~neurograph.errors.UsageError` (see :func:`check_path_options`).

    >>> f = path_filters(5, sign="+")
    >>> f["sign"], f["max_hops"], f["source_kind"]
    ('+', 4, 'both')
    >>> path_filters(5, hops=3)
    Traceback (most recent call last):
    ...
    TypeError: unexpected path filter(s): hops
    """
    defaults = _filter_defaults()
    unknown = sorted(set(filters) - set(defaults))
    if unknown:
        raise TypeError(f"unexpected path filter(s): {', '.join(unknown)}")
    out = {**defaults, **filters}
    check_path_options(k, max_hops=out["max_hops"], sign=out["sign"], source_kind=out["source_kind"],
                       rank=out["rank"], max_degree=out["max_degree"])
    return out


def _filter_defaults() -> dict[str, Any]:
    if "filters" not in _schema_cache:
        import inspect

        _schema_cache["filters"] = {name: p.default for name, p in inspect.signature(k_shortest_paths).parameters.items()
                                    if p.kind is p.KEYWORD_ONLY and name != "schema"}
    return _schema_cache["filters"]


def check_path_options(k: int, *, max_hops: int = 4, sign: str | None = None, source_kind: str = "both",
                       rank: str = "cost", max_degree: int | None = None) -> None:
    """Check the options every path search takes: the mirror's, the store's and ``find_paths``.

    >>> check_path_options(5, sign="+")
    >>> check_path_options(0)
    Traceback (most recent call last):
    ...
    neurograph.errors.UsageError: k must be at least 1, not 0
    """
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise UsageError(f"k must be at least 1, not {k}")
    if not isinstance(max_hops, int) or isinstance(max_hops, bool) or max_hops < 1:
        raise UsageError(f"max hops must be at least 1, not {max_hops}")
    if sign not in (None, "+", "-"):
        raise UsageError(f"sign must be '+' or '-', not {sign!r}")
    if source_kind not in SOURCES:
        raise UsageError(f"source must be one of {', '.join(SOURCES)}, not {source_kind!r}")
    if rank not in ("cost", "dwpc"):
        raise UsageError(f"rank must be 'cost' or 'dwpc', not {rank!r}")
    if max_degree is not None and max_degree < 1:
        raise UsageError(f"max degree must be at least 1, not {max_degree}")


def path_ends(source: str, target: str, via=None, avoid=None) -> tuple[set[str], set[str]]:
    """``(via, avoid)`` as sets of ids, ``via`` without the ends; the ends may not be the same or avoided.

    >>> path_ends("a", "b", via=["a", "c"], avoid="d")
    ({'c'}, {'d'})
    """
    via_ids = {via} if isinstance(via, str) else set(via or ())
    avoid_ids = {avoid} if isinstance(avoid, str) else set(avoid or ())
    if source == target:
        raise UsageError("source and target are the same entity")
    if source in avoid_ids or target in avoid_ids:
        raise UsageError("cannot avoid the source or the target")
    return via_ids - {source, target}, avoid_ids


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


def _search(walker: _Walker, source, target, k, max_hops, via_nodes, sign):
    """Best-first (A*) enumeration of simple paths in canonical order.

    Every partial path is ranked by ``(cost so far + lower bound on the rest,
    its node ids, its keys)``. The lower bound (:class:`_CostsTo`) is the
    cheapest walk to the target within the hops still allowed, exact near
    the target and at least one hop's cost per missing hop beyond, so goals
    come out cheapest first and, among equal costs, by node ids: ordering
    partial paths by their node ids is a depth-first walk in the same order
    as the goals it leads to. Partial paths that cannot reach the target
    within ``max_hops`` (or through the unvisited ``via`` nodes) are cut.

    Parallel statements are folded before the search: of the hops from one
    entity to the next, only the cheapest (then the smallest key) can be
    part of an answer, since paths through the same entities count once
    (with ``sign``, the cheapest of each polarity). Once ``k`` distinct goals
    are found, only partial paths that could still beat the k-th in the
    canonical order ``(cost, hops, node ids, keys)`` are expanded, so the
    answer is canonical on any graph and equals the store backend's.
    """
    bound = _CostsTo(walker, target, max_hops - 1)
    vias = tuple(sorted(via_nodes))
    balls = {x: _hops_to(walker, x, max_hops) for x in vias}
    unit = bound.unit

    def via_hops(node: str, seen_via: frozenset) -> int:
        """Fewest hops from ``node`` through the unvisited via nodes to the target (0 without via nodes)."""
        best = 0
        for x in vias:
            if x not in seen_via:
                dist, radius = balls[x]
                best = max(best, dist.get(node, radius + 1) + bound.hops(x))
        return best

    want = None if sign is None else (1 if sign == "+" else -1)
    start_via = frozenset({source} & via_nodes)
    rest = bound.lower(source, max_hops)
    if rest is None or (vias and via_hops(source, start_via) > max_hops):
        return []
    heap = [(round(rest, 9), (source,), (), 0, 0.0, (), 1, start_via, False)]
    counter = 1
    goals: list[tuple] = []  # (cost, hops, nodes, keys, edges)
    kth = None  # canonical key (cost, hops, nodes) of the k-th distinct goal, once there are k
    out_hops = walker.out_hops
    while heap:
        entry = heapq.heappop(heap)
        f, nodes, keys, _, g, edges, pol, seen_via, exact = entry
        depth = len(keys)
        u = nodes[-1]
        if kth is not None:
            if f > kth[0]:
                break
            if (f, depth + bound.hops(u), nodes) > kth:
                continue  # cannot beat the k-th answer
        if u == target:
            if len(seen_via) == len(via_nodes) and (want is None or pol == want):
                goals.append((round(g, 9), depth, nodes, keys, edges))
                kth = _kth_key(goals, k)
            continue
        hops_left = max_hops - depth - 1  # hops still allowed after the next one
        if hops_left < 0:
            continue
        if not exact:  # refine the rough bound this entry was pushed with, once it reaches the top
            refined = bound.tighten(u, hops_left + 1)
            if refined is None:
                continue
            f2 = round(g + max(refined, via_hops(u, seen_via) * unit if vias else 0.0), 9)
            if f2 > f:
                heapq.heappush(heap, (f2, nodes, keys, counter, g, edges, pol, seen_via, True))
                counter += 1
                continue
        # The bound after the next hop: exact from a level of the backward search, else rough (see _CostsTo).
        level = bound.levels[min(hops_left, bound.radius)] if bound.is_exact(hops_left) else None
        beyond = (bound.radius + 1) * unit
        for v, key, data, direction, cost, hop_pol in out_hops(u):
            if v in nodes:
                continue
            if level is not None:
                rest = level.get(v)
                if rest is None:
                    continue
                exact = True
            else:
                rest = bound.levels[bound.radius].get(v)
                # Within the radius and no dearer than one more hop each: the cost beyond cannot be lower.
                exact = rest is not None and rest <= beyond
                if not exact:
                    rest = beyond
            if vias:
                new_seen = seen_via | {v} if v in via_nodes else seen_via
                rest_via = via_hops(v, new_seen)
                if rest_via > hops_left:
                    continue
                rest = max(rest, rest_via * unit)
            else:
                new_seen = seen_via
            if hop_pol is None or hop_pol == 0 or pol is None:
                if want is not None:
                    continue
                new_pol = None
            else:
                new_pol = pol * hop_pol
            g2 = g + cost
            f2 = round(g2 + rest, 9)
            if kth is not None and f2 > kth[0]:
                continue
            heapq.heappush(heap, (f2, nodes + (v,), keys + (key,), counter, g2,
                                  edges + ((u, key, v, direction, data),), new_pol, new_seen, exact))
            counter += 1
    goals.sort(key=lambda x: (x[0], x[1], x[2], x[3]))
    out, shown = [], set()
    for _, _, nodes, _, edges in goals:
        if nodes not in shown:
            shown.add(nodes)
            out.append((nodes, edges))
    return out[:k]


def _kth_key(goals: list, k: int):
    """The canonical key ``(cost, hops, nodes)`` of the k-th distinct goal, or None with fewer."""
    seen = set()
    for cost, hops, nodes, keys, _ in sorted(goals, key=lambda x: (x[0], x[1], x[2], x[3])):
        if nodes not in seen:
            seen.add(nodes)
            if len(seen) == k:
                return (cost, hops, nodes)
    return None


def _to_path(G, nodes, edges, titles, walker: _Walker | None = None) -> Path:
    """A :class:`Path` from the search's edges; with ``walker``, each hop's alternatives and the DWPC term."""
    grade = walker.grade if walker is not None else None
    hops = [_make_hop(G, u, v, key, data, direction, titles, grade) for u, key, v, direction, data in edges]
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


