"""Hops and paths as plain data (:class:`Hop`, :class:`Path`), what a hop costs and which evidence it shows,
and the per-graph memos the path searches share."""

from __future__ import annotations

import weakref
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from .errors import UsageError
from .names import clear_index

if TYPE_CHECKING:
    from .path_filters import GradeFilter


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
