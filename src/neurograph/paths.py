"""How is X connected to Y, with what net effect, and what says so?

Plain functions over the mirror graph (see :mod:`neurograph.graph` for its
layout). They return plain data: :class:`Path` and :class:`Hop` dataclasses
(with ``to_dict()``) and dicts. Only statement edges are walked; document
nodes and ``MENTIONS`` edges are never part of an answer.

Name resolution (:func:`resolve`)
    Names are matched the way a person types them, in this order of
    preference: node id, exact name, exact synonym (both case-insensitive),
    then the same after normalising punctuation and the plural of the last
    word ("SSRIs", "NMDA receptors"), then after dropping words such as
    "ions" or "levels" ("magnesium ions"), then acronyms of multi-word names
    and synonyms ("SSRI" for "selective serotonin reuptake inhibitors"),
    then a name that starts with the typed words ("nmda" for "NMDA
    receptor"). Within one tier the entity with more statements wins, then
    the smaller id, so the answer is deterministic.

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
import re
import weakref
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Iterator

from .errors import UnknownEntityError, UsageError

__all__ = [
    "Hop",
    "Path",
    "resolve",
    "suggest",
    "k_shortest_paths",
    "summarize",
    "neighbors",
    "explain",
    "entity_card",
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
    how many sentences support the statement.
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
    """

    nodes: list[str]
    names: list[str]
    hops: list[Hop]
    cost: float
    net_polarity: int | None
    confidence: float
    hedged: bool

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


# --- name resolution ----------------------------------------------------------

_index_cache: "weakref.WeakKeyDictionary[Any, tuple[int, dict]]" = weakref.WeakKeyDictionary()

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"} | {"\u2019": "'", "\u2018": "'"})
_NON_WORD = re.compile(r"[^\w+]+")
_FILLER = frozenset({"the", "ion", "ions", "level", "levels", "concentration", "concentrations", "serum", "plasma"})

# Preference tiers (lower is better).
T_ID, T_NAME, T_SYNONYM, T_NORM_NAME, T_NORM_SYNONYM, T_FILLER, T_ACRONYM, T_PREFIX = range(8)


def _singular(word: str) -> str:
    """The singular of an English (or acronym) plural, for the last word of a name."""
    if len(word) <= 3 or word.endswith(("ss", "us", "sis", "+")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    text = text.translate(_DASHES).casefold().replace("'s ", " ")
    return [w for w in _NON_WORD.split(text.replace("-", " ")) if w]


def _normal(text: str) -> str:
    """Casefolded words, punctuation dropped, last word singular.

    >>> _normal("NMDA  Receptors"), _normal("SSRIs"), _normal("N-methyl-D-aspartate")
    ('nmda receptor', 'ssri', 'n methyl d aspartate')
    """
    words = _words(text)
    if words:
        words[-1] = _singular(words[-1])
    return " ".join(words)


def _acronym(words: list[str]) -> str | None:
    if len(words) < 2:
        return None
    return "".join(w[0] for w in words if w[0].isalnum())


def _index(G) -> dict[str, list[tuple[int, str]]]:
    """Lookup key -> [(tier, node id)], built once per graph (and rebuilt if nodes changed)."""
    cached = _index_cache.get(G)
    if cached is not None and cached[0] == G.number_of_nodes():
        return cached[1]
    index: dict[str, dict[str, int]] = {}

    def add(key: str, node: str, tier: int) -> None:
        if not key:
            return
        slot = index.setdefault(key, {})
        if tier < slot.get(node, 99):
            slot[node] = tier

    for node, data in G.nodes(data=True):
        if data.get("kind", "entity") != "entity":
            continue
        add(str(node).casefold(), node, T_ID)
        names = [(data.get("name") or str(node), T_NAME)]
        names += [(s, T_SYNONYM) for s in data.get("synonyms") or () if s]
        for text, tier in names:
            add(text.strip().casefold(), node, tier)
            words = _words(text)
            if not words:
                continue
            words[-1] = _singular(words[-1])
            norm = " ".join(words)
            add(norm, node, tier + 2)  # T_NORM_NAME / T_NORM_SYNONYM
            core = [w for w in words if w not in _FILLER]
            if core and core != words:
                add(" ".join(core), node, T_FILLER)
            acro = _acronym(words)
            if acro and len(acro) >= 2:
                add(acro, node, T_ACRONYM)
            for i in range(1, len(words)):
                add("\x00" + " ".join(words[:i]), node, T_PREFIX)
    ranked = {k: sorted(((t, n) for n, t in v.items())) for k, v in index.items()}
    _index_cache[G] = (G.number_of_nodes(), ranked)
    return ranked


def _statement_degree(G, node: str) -> int:
    return sum(len(keys) for v, keys in G._succ[node].items()) + sum(
        len(keys) for u, keys in G._pred[node].items() if not str(u).startswith("doc:")
    )


def resolve(G, name: str) -> str:
    """The id of the entity a typed name means.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The mirror graph.
    name : str
        A node id, name, synonym or abbreviation, in any case, singular or
        plural ("Mg", "nmda", "SSRIs", "magnesium ions").

    Returns
    -------
    str
        The node id. When several entities match equally well the one with
        more statements wins, then the smaller id.

    Raises
    ------
    UnknownEntityError
        No entity matches; ``suggestions`` holds close names.

    Examples
    --------
    >>> G = example_graph()
    >>> resolve(G, "MAGNESIUM"), resolve(G, "DA"), resolve(G, "nmda")
    ('CHEBI:18420', 'CHEBI:18243', 'FPLX:NMDA_receptor')
    >>> resolve(G, "magnesum")
    Traceback (most recent call last):
    ...
    neurograph.errors.UnknownEntityError: unknown entity 'magnesum'; did you mean: magnesium?
    """
    if not isinstance(name, str) or not name.strip():
        raise UnknownEntityError(str(name), [])
    raw = name.strip()
    # An id, name or synonym typed exactly needs no index (building it is a tenth of a cold `neurograph path`).
    candidates = _exact_matches(G, raw.casefold())
    if candidates:
        return _most_connected(G, candidates)
    index = _index(G)
    words = _words(raw)
    norm = _normal(raw)
    core = " ".join(w for w in norm.split() if w not in _FILLER)
    candidates: list[tuple[int, str]] = []
    for key in (raw.casefold(), norm, core, "\x00" + norm, "\x00" + core):
        hits = index.get(key)
        if hits:
            best = hits[0][0]
            candidates = [h for h in hits if h[0] == best]
            break
    if not candidates and len(words) >= 3:
        # A long name typed out when the graph only knows its acronym ("selective serotonin
        # reuptake inhibitors" for a node named "SSRI"). Three words or more: "Doc A" is not "DA".
        acro = _acronym([*words[:-1], _singular(words[-1])])
        if acro:
            candidates = [h for h in index.get(acro, []) if h[0] <= T_NORM_SYNONYM]
    if not candidates:
        raise UnknownEntityError(name, suggest(G, name))
    return _most_connected(G, candidates)


def _exact_matches(G, key: str) -> list[tuple[int, str]]:
    """The best-tier ``(tier, node)`` entries of ``_index(G)[key]`` when one is an id, name or synonym.

    Those tiers beat every normalised form, so the winners are the index's,
    found in one pass over the nodes without building it. Empty otherwise.
    """
    found: dict[str, int] = {}
    for node, data in G.nodes(data=True):
        if data.get("kind", "entity") != "entity":
            continue
        if str(node).casefold() == key:
            found[node] = T_ID
        elif (data.get("name") or str(node)).strip().casefold() == key:
            found[node] = T_NAME
        elif any(s and s.strip().casefold() == key for s in data.get("synonyms") or ()):
            found[node] = T_SYNONYM
    if not found:
        return []
    best = min(found.values())
    return sorted((tier, node) for node, tier in found.items() if tier == best)


def _most_connected(G, candidates: list[tuple[int, str]]) -> str:
    """Of equally good matches, the entity with more statements, then the smaller id."""
    if len(candidates) == 1:
        return candidates[0][1]
    return min(candidates, key=lambda tn: (-_statement_degree(G, tn[1]), tn[1]))[1]


def suggest(G, name: str, n: int = 5) -> list[str]:
    """Entity names close to a name that resolved to nothing (did you mean ...).

    >>> suggest(example_graph(), "dopamin")
    ['dopamine']
    """
    import difflib

    norm = _normal(name)
    if not norm:
        return []
    index = _index(G)
    keys = [k for k in index if not k.startswith("\x00")]
    close = difflib.get_close_matches(norm, keys, n=n * 3, cutoff=0.6)
    close += sorted((k for k in keys if len(norm) >= 3 and norm in k), key=len)[: n * 2]
    out: list[str] = []
    for key in close:
        for _, node in index[key]:
            label = G.nodes[node].get("name") or node
            if label not in out:
                out.append(label)
    return out[:n]


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
    _index_cache.clear()
    _max_confidence_cache.clear()


class _Walker:
    """The hops a path may take from a node, after the filters (no documents, no MENTIONS)."""

    def __init__(self, G, *, directed, types, min_confidence, exclude_hedged, avoid, signed_only, schema=None):
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

    def _ok(self, data: dict) -> bool:
        if data.get("kind") != "statement":
            return False
        if self.types is not None and data.get("type") not in self.types:
            return False
        if self.min_confidence and float(data.get("confidence") or 0.0) < self.min_confidence:
            return False
        if self.exclude_hedged and data.get("hedged"):
            return False
        return True

    def min_hop_cost(self) -> float:
        """The cheapest hop this walk can take (2 - the highest confidence allowed), at least 1."""
        return 2.0 - _max_confidence(self.G)

    def edge_hops(self, v: str, keydict: dict, direction: str) -> list[tuple[str, str, dict, str, float, int | None]]:
        """The allowed hops to ``v`` among the parallel edges ``keydict``, walked in ``direction``.

        ``(v, key, data, direction, cost, polarity-for-the-net-sign)``; the
        filters are inlined: this is the inner loop of the search.
        """
        if v in self.avoid:
            return []
        types, min_conf, no_hedged = self.types, self.min_confidence, self.exclude_hedged
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
            pol = (data.get("polarity") or 0) if symmetric else None
            if self.signed_only and not pol:
                continue
            out.append((v, key, data, direction, 2.0 - (1.0 if c > 1.0 else c if c > 0.0 else 0.0), pol))
        return out

    def hops(self, u: str) -> list[tuple[str, str, dict, str, float, int | None]]:
        """Every allowed hop from ``u`` (see :meth:`edge_hops`)."""
        out = []
        for v, keydict in self.succ[u].items():
            out += self.edge_hops(v, keydict, "forward")
        for v, keydict in self.pred[u].items():
            out += self.edge_hops(v, keydict, "backward")
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
    walker = _Walker(G, directed=directed, types=_check_types(types, schema), min_confidence=min_confidence,
                     exclude_hedged=exclude_hedged, avoid=avoid_nodes, signed_only=sign is not None, schema=schema)

    if max_ties is None:
        max_ties = 10**9 if len(G._node) < 10_000 else 200
    found = _search(walker, source, target, k, max_hops, via_nodes, sign, max_ties)
    titles = G.graph.get("documents") or {}
    return [_to_path(G, nodes, edges, titles) for nodes, edges in found]


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

    Once ``k`` goals are found, paths tying with the k-th cost are still
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
                    out += edge_hops(v, keydict, "forward")
                keydict = pred_u.get(v)
                if keydict:
                    out += edge_hops(v, keydict, "backward")
            return out
        get = target_dist.get
        for v, keydict in succ_u.items():
            if get(v, far) <= hops_left:
                out += edge_hops(v, keydict, "forward")
        for v, keydict in pred_u.items():
            if get(v, far) <= hops_left:
                out += edge_hops(v, keydict, "backward")
        return out

    want = None if sign is None else (1 if sign == "+" else -1)
    start_via = frozenset({source} & via_nodes)
    h0 = h_hops(source, start_via)
    if h0 > max_hops:
        return []
    # Heap entries: (bound, -hops, nodes, keys, cost so far, edges, net polarity, via seen)
    heap = [(round(h0 * unit, 9), 0, (source,), (), 0.0, (), 1, start_via)]
    goals: list[tuple[float, tuple, tuple, tuple]] = []
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
                if len(goals) == k:
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
    return [(nodes, edges) for _, _, nodes, edges in goals[:k]]


def _to_path(G, nodes, edges, titles) -> Path:
    hops = [_make_hop(G, u, v, key, data, direction, titles) for u, key, v, direction, data in edges]
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
    )


def rank_paths(paths: Iterable[Path], k: int) -> list[Path]:
    """Sort candidate paths the way :func:`k_shortest_paths` does and keep ``k``.

    Used by the store backend, which fetches every candidate and ranks here.
    """
    def key(p: Path):
        return (round(p.cost, 9), len(p.hops), tuple(p.nodes), tuple(h.type for h in p.hops))

    return sorted(paths, key=key)[:k]


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


# --- neighbours, explanations, entity cards ------------------------------------


def _statement_hops(G, x: str, types=None) -> Iterator[tuple[str, Hop]]:
    """Every statement touching ``x``: ``(other node, hop walked from x)``."""
    titles = G.graph.get("documents") or {}
    for v, keydict in G._succ[x].items():
        for key, data in keydict.items():
            if data.get("kind") == "statement" and (types is None or data.get("type") in types):
                yield v, _make_hop(G, x, v, key, data, "forward", titles)
    for u, keydict in G._pred[x].items():
        for key, data in keydict.items():
            if data.get("kind") == "statement" and (types is None or data.get("type") in types):
                yield u, _make_hop(G, x, u, key, data, "backward", titles)


def neighbors(G, x: str, depth: int = 1, types: Iterable[str] | None = None, schema=None) -> list[dict]:
    """Entities within ``depth`` statements of ``x``, in either direction.

    Returns one dict per neighbour, nearest first, then by name:
    ``{"id", "name", "category", "distance", "parent", "statements"}`` where
    ``statements`` are the hops (as dicts) linking it to ``parent``, the
    entity one step closer to ``x``.

    >>> G = example_graph()
    >>> [(n["name"], n["distance"], [s["type"] for s in n["statements"]]) for n in neighbors(G, "CHEBI:18420")]
    [('dopamine', 1, ['INCREASES']), ('NMDA receptor', 1, ['ANTAGONIST_OF'])]
    >>> [n["name"] for n in neighbors(G, "CHEBI:18420", depth=2, types=["ANTAGONIST_OF", "ACTIVATES"])]
    ['NMDA receptor', 'glutamate']
    """
    if depth < 1:
        raise UsageError(f"depth must be at least 1, not {depth}")
    _check_entity(G, x, "entity")
    wanted = _check_types(types, schema)
    seen = {x}
    out: list[dict] = []
    frontier = [x]
    for distance in range(1, depth + 1):
        found: dict[str, dict] = {}
        for parent in frontier:
            for other, hop in _statement_hops(G, parent, wanted):
                if other in seen and other not in found:
                    continue
                entry = found.setdefault(other, {"id": other, "name": G.nodes[other].get("name", other),
                                                 "category": G.nodes[other].get("category"),
                                                 "distance": distance, "parent": parent, "statements": []})
                if entry["parent"] == parent:
                    entry["statements"].append(hop.to_dict())
        level = sorted(found.values(), key=lambda e: (e["name"].casefold(), e["id"]))
        for entry in level:
            entry["statements"].sort(key=lambda s: (-s["confidence"], s["type"]))
        out.extend(level)
        seen.update(found)
        frontier = [e["id"] for e in level]
    return out


_EVIDENCE_KEYS = ("doc", "sentence", "start", "end", "hedged", "modifier", "source", "citation", "subject_text",
                  "object_text")


def _evidence_record(ev: dict, titles: dict) -> dict:
    """One evidence sentence with its document title; empty optional fields dropped.

    (``negated`` is left out: negated statements never enter the graph.)
    """
    out = {"doc": ev.get("doc"), "title": titles.get(ev.get("doc"), ev.get("doc"))}
    for key in _EVIDENCE_KEYS[1:]:
        value = ev.get(key)
        if key in ("modifier", "citation") and not value:
            continue
        out[key] = bool(value) if key == "hedged" else value
    return out


def explain(G, x: str, y: str) -> list[dict]:
    """Every direct statement between ``x`` and ``y``, both directions, with ALL its evidence.

    Each dict holds subject, object (ids and names), type, predicate,
    qualifiers, polarity, sign, confidence, hedged, curated, documents and
    ``evidence`` (every sentence, with the document title). Most confident
    first.

    >>> G = example_graph()
    >>> [(s["type"], s["sign"], len(s["evidence"])) for s in explain(G, "CHEBI:18243", "CHEBI:18420")]
    [('INCREASES', '+', 1)]
    """
    _check_entity(G, x, "entity")
    _check_entity(G, y, "entity")
    titles = G.graph.get("documents") or {}
    out = []
    for u, v in ((x, y), (y, x)):
        for key, data in (G._succ[u].get(v) or {}).items():
            if data.get("kind") != "statement":
                continue
            pol = int(data.get("polarity") or 0)
            out.append({
                "subject": u, "subject_name": G.nodes[u].get("name", u),
                "type": data.get("type", key),
                "object": v, "object_name": G.nodes[v].get("name", v),
                "predicate": data.get("predicate", ""), "qualifiers": dict(data.get("qualifiers") or {}),
                "polarity": pol, "sign": SIGN_SYMBOL[pol], "confidence": float(data.get("confidence") or 0.0),
                "hedged": bool(data.get("hedged")), "curated": bool(data.get("curated")),
                "documents": list(data.get("documents") or []),
                "evidence": [_evidence_record(ev, titles) for ev in data.get("evidence") or []],
            })
        if x == y:
            break
    out.sort(key=lambda s: (-s["confidence"], s["subject"] != x, s["type"]))
    return out


def entity_card(G, x: str, top: int = 10) -> dict:
    """What the graph knows about one entity.

    ``{"id", "name", "category", "synonyms", "xrefs", "degree": {"out", "in",
    "total"}, "documents", "relationships"}``; ``relationships`` are the
    ``top`` strongest statements (most confident, then most evidence), as
    hop dicts seen from ``x``; ``documents`` are the documents mentioning it.

    >>> card = entity_card(example_graph(), "CHEBI:18420")
    >>> card["name"], card["degree"], [r["type"] for r in card["relationships"]]
    ('magnesium', {'out': 2, 'in': 0, 'total': 2}, ['ANTAGONIST_OF', 'INCREASES'])
    """
    _check_entity(G, x, "entity")
    data = G.nodes[x]
    hops = [hop for _, hop in _statement_hops(G, x)]
    out_deg = sum(1 for h in hops if h.direction == "forward")
    docs = sorted(u[4:] for u in G._pred[x] if G.nodes[u].get("kind") == "document")
    hops.sort(key=lambda h: (-h.confidence, -h.n_evidence, h.type, h.object if h.direction == "forward" else h.subject))
    return {
        "id": x,
        "name": data.get("name", x),
        "category": data.get("category"),
        "synonyms": list(data.get("synonyms") or []),
        "xrefs": list(data.get("xrefs") or []),
        "degree": {"out": out_deg, "in": len(hops) - out_deg, "total": len(hops)},
        "documents": docs,
        "relationships": [h.to_dict() for h in hops[:top]],
    }


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


# --- the store backend: the same questions through Cypher ----------------------
#
# The builders below are pure: they return ``(cypher, parameters)`` and never
# put a user value into the query text. Relationship types come from the
# schema whitelist (Schema.rel_type); the hop limit is a validated int.
# Candidate paths come back from the store and are ranked by the same Python
# code as the mirror's (rank_paths), so both backends give the same answer.

_ENTITY_RETURN = "n.id AS id, n.name AS name, n.category AS category, n.synonyms AS synonyms, n.xrefs AS xrefs"


def cypher_find_entity(name: str) -> tuple[str, dict]:
    """Entities whose id, name or a synonym equals ``name`` (case-insensitive).

    >>> q, p = cypher_find_entity("mag`nesium' OR 1=1 //")
    >>> "nesium" in q, p
    (False, {'name': "mag`nesium' OR 1=1 //", 'lower': "mag`nesium' or 1=1 //"})
    """
    query = ("MATCH (n:Entity) WHERE n.id = $name OR toLower(n.name) = $lower "
             "OR any(s IN coalesce(n.synonyms, []) WHERE toLower(s) = $lower) "
             f"RETURN {_ENTITY_RETURN}")
    return query, {"name": name, "lower": name.strip().lower()}


def cypher_all_entities() -> tuple[str, dict]:
    """Every entity's id, name, category, synonyms and xrefs (for fuzzy name resolution)."""
    return f"MATCH (n:Entity) RETURN {_ENTITY_RETURN}", {}


def _statement_types(schema, types: frozenset[str] | None) -> list[str]:
    names = sorted(types) if types is not None else sorted(schema.relationships)
    return [schema.rel_type(t) for t in names]


def cypher_paths(
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    directed: bool = True,
    via: Iterable[str] = (),
    avoid: Iterable[str] = (),
    types: Iterable[str] | None = None,
    min_confidence: float = 0.0,
    exclude_hedged: bool = False,
    schema=None,
) -> tuple[str, dict]:
    """Cypher for every candidate path of up to ``max_hops`` statements.

    The pattern is undirected whenever some hop may be walked backwards
    (symmetric types, or ``directed=False``); hop directions, simplicity and
    the net sign are then checked in Python (:func:`store_paths`). Each row
    holds the path's node ids and, per hop, the stored ``ng_key``
    (``subject|TYPE|object``).

    >>> q, p = cypher_paths("CHEBI:18420", "CHEBI:18243", max_hops=3, types=["treats"])
    >>> print(q)  # doctest: +NORMALIZE_WHITESPACE
    MATCH p = (s:Entity {id: $source})-[rels:TREATS*1..3]->(t:Entity {id: $target})
    WHERE all(r IN rels WHERE r.confidence >= $min_confidence AND ($include_hedged OR NOT r.hedged))
      AND none(n IN nodes(p) WHERE n.id IN $avoid)
      AND all(x IN $via WHERE any(n IN nodes(p) WHERE n.id = x))
    RETURN [n IN nodes(p) | n.id] AS ids, [r IN rels | r.ng_key] AS keys
    >>> sorted(p)
    ['avoid', 'include_hedged', 'min_confidence', 'source', 'target', 'via']
    """
    if not isinstance(max_hops, int) or isinstance(max_hops, bool) or max_hops < 1:
        raise UsageError(f"max hops must be a positive integer, not {max_hops!r}")
    schema = _schema(schema)
    wanted = _check_types(types, schema)
    rel_types = _statement_types(schema, wanted)
    symmetric = {k for k, r in schema.relationships.items() if r.symmetric}
    both_ways = not directed or bool(symmetric & set(rel_types))
    arrow = "-" if both_ways else "->"
    query = (
        f"MATCH p = (s:Entity {{id: $source}})-[rels:{'|'.join(rel_types)}*1..{int(max_hops)}]{arrow}"
        "(t:Entity {id: $target})\n"
        "WHERE all(r IN rels WHERE r.confidence >= $min_confidence AND ($include_hedged OR NOT r.hedged))\n"
        "  AND none(n IN nodes(p) WHERE n.id IN $avoid)\n"
        "  AND all(x IN $via WHERE any(n IN nodes(p) WHERE n.id = x))\n"
        "RETURN [n IN nodes(p) | n.id] AS ids, [r IN rels | r.ng_key] AS keys"
    )
    params = {"source": source, "target": target, "min_confidence": float(min_confidence or 0.0),
              "include_hedged": not exclude_hedged, "avoid": sorted(set(avoid)), "via": sorted(set(via))}
    return query, params


def cypher_statements(keys: Iterable[str]) -> tuple[str, dict]:
    """The statements (with their end nodes) whose ``ng_key`` is one of ``keys``.

    >>> cypher_statements(["a|TREATS|b"])[1]
    {'keys': ['a|TREATS|b']}
    """
    query = ("MATCH (a:Entity)-[r]->(b:Entity) WHERE r.ng_key IN $keys "
             "RETURN a.id AS subject, type(r) AS type, b.id AS object, r AS rel")
    return query, {"keys": sorted(set(keys))}


def cypher_entities(ids: Iterable[str]) -> tuple[str, dict]:
    """Entities by id."""
    return f"MATCH (n:Entity) WHERE n.id IN $ids RETURN {_ENTITY_RETURN}", {"ids": sorted(set(ids))}


def cypher_document_titles(doc_ids: Iterable[str]) -> tuple[str, dict]:
    """Document titles by document id (the file stem)."""
    return ("MATCH (d:Document) WHERE d.doc IN $docs RETURN d.doc AS doc, d.name AS title",
            {"docs": sorted(set(doc_ids))})


def cypher_touching(ids: Iterable[str], depth: int = 1) -> tuple[str, dict]:
    """The statements within ``depth`` hops of some entity in ``ids`` (either direction)."""
    if not isinstance(depth, int) or isinstance(depth, bool) or depth < 1:
        raise UsageError(f"depth must be a positive integer, not {depth!r}")
    schema = _schema()
    rel_types = "|".join(_statement_types(schema, None))
    query = (f"MATCH (x:Entity)-[:{rel_types}*0..{int(depth) - 1}]-(a:Entity)-[r:{rel_types}]-(b:Entity) "
             "WHERE x.id IN $ids RETURN DISTINCT r.ng_key AS key")
    return query, {"ids": sorted(set(ids))}


def _rows(frame) -> list[dict]:
    """The rows of a GraphStore.query result (a pandas DataFrame) as dicts."""
    return frame.to_dict("records")


def _evidence_from_props(props: dict) -> list[dict]:
    sentences = props.get("evidence_sentence") or []
    out = []
    for i in range(len(sentences)):
        ev = {}
        for name in ("doc", "sentence", "start", "end", "hedged", "modifier", "source", "citation",
                     "subject_text", "object_text"):
            values = props.get(f"evidence_{name}") or []
            value = values[i] if i < len(values) else None
            if name in ("modifier", "citation") and value in ("", None):
                continue
            ev[name] = value
        out.append(ev)
    return out


def store_graph(store, keys: Iterable[str], extra_nodes: Iterable[str] = (), schema=None):
    """A small mirror-format graph holding the store's statements ``keys`` and their entities.

    Lets the store backend reuse the mirror's hop, path and card builders.
    """
    import networkx as nx

    schema = _schema(schema)
    statements = _rows(store.query(*cypher_statements(keys))) if keys else []
    node_ids = set(extra_nodes) | {r["subject"] for r in statements} | {r["object"] for r in statements}
    G = nx.MultiDiGraph()
    for row in _rows(store.query(*cypher_entities(node_ids))) if node_ids else []:
        G.add_node(row["id"], kind="entity", id=row["id"], name=row["name"] or row["id"], category=row["category"],
                   synonyms=list(row["synonyms"] or []), xrefs=list(row["xrefs"] or []))
    docs: set[str] = set()
    for row in statements:
        props = dict(row["rel"])
        rel_type = row["type"]
        rel = schema.relationships.get(rel_type)
        qualifiers = {k: props[k] for k in (rel.qualifiers if rel else {}) if k in props}
        evidence = _evidence_from_props(props)
        docs.update(ev.get("doc") for ev in evidence if ev.get("doc"))
        G.add_edge(row["subject"], row["object"], key=rel_type, kind="statement", type=rel_type,
                   predicate=props.get("predicate", ""), qualifiers=qualifiers,
                   polarity=int(props.get("polarity") or 0), confidence=float(props.get("confidence") or 0.0),
                   hedged=bool(props.get("hedged")), curated=bool(props.get("curated")), evidence=evidence,
                   documents=list(props.get("documents") or []))
    titles = {r["doc"]: r["title"] for r in _rows(store.query(*cypher_document_titles(docs)))} if docs else {}
    G.graph["documents"] = titles
    return G


def store_resolve(store, name: str) -> str:
    """:func:`resolve` against the entities of a store (exact match first, then the full index)."""
    import networkx as nx

    hits = _rows(store.query(*cypher_find_entity(name)))
    if len(hits) == 1:
        return hits[0]["id"]
    G = nx.MultiDiGraph()
    rows = hits if hits else _rows(store.query(*cypher_all_entities()))
    for row in rows:
        G.add_node(row["id"], kind="entity", name=row["name"] or row["id"], synonyms=list(row["synonyms"] or []))
    return resolve(G, name)


def store_paths(
    store,
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
) -> list[Path]:
    """:func:`k_shortest_paths` answered by the graph store (a :class:`~neurograph.store.GraphStore`).

    Same parameters and result; ``source``, ``target``, ``via`` and
    ``avoid`` are entity ids.
    """
    if k < 1:
        raise UsageError(f"k must be at least 1, not {k}")
    if sign not in (None, "+", "-"):
        raise UsageError(f"sign must be '+' or '-', not {sign!r}")
    if source == target:
        raise UsageError("source and target are the same entity")
    schema = _schema(schema)
    via_ids = {via} if isinstance(via, str) else set(via or ())
    avoid_ids = {avoid} if isinstance(avoid, str) else set(avoid or ())
    if source in avoid_ids or target in avoid_ids:
        raise UsageError("cannot avoid the source or the target")
    via_ids -= {source, target}
    query, params = cypher_paths(source, target, max_hops=max_hops, directed=directed, via=via_ids, avoid=avoid_ids,
                                 types=types, min_confidence=min_confidence, exclude_hedged=exclude_hedged,
                                 schema=schema)
    rows = _rows(store.query(query, params))
    symmetric = _symmetric_types(schema)
    candidates = []
    for row in rows:
        ids, keys = list(row["ids"]), list(row["keys"])
        if len(set(ids)) != len(ids):
            continue  # not a simple path
        hops = []
        for i, key in enumerate(keys):
            subject, rel_type, obj = key.split("|", 2) if key.count("|") == 2 else _split_key(key)
            direction = "forward" if (subject, obj) == (ids[i], ids[i + 1]) else "backward"
            if direction == "backward" and directed and rel_type not in symmetric:
                break
            hops.append((ids[i], rel_type, ids[i + 1], direction, key))
        else:
            candidates.append((ids, hops))
    G = store_graph(store, {h[4] for _, hops in candidates for h in hops}, {source, target}, schema)
    titles = G.graph.get("documents") or {}
    paths = []
    for ids, hops in candidates:
        edges = []
        for u, rel_type, v, direction, _ in hops:
            s, o = (u, v) if direction == "forward" else (v, u)
            edges.append((u, rel_type, v, direction, G.edges[s, o, rel_type]))
        path = _to_path(G, tuple(ids), tuple(edges), titles)
        if sign is not None and path.sign != sign:
            continue
        paths.append(path)
    return rank_paths(paths, k)


def _split_key(key: str) -> tuple[str, str, str]:
    """Split ``subject|TYPE|object`` when an id itself holds ``|``: the type is the UPPER_SNAKE part."""
    m = re.match(r"^(.*)\|([A-Z][A-Z0-9_]*)\|(.*)$", key)
    if not m:
        raise ValueError(f"not a statement key: {key!r}")
    return m.group(1), m.group(2), m.group(3)


# --- one call per command: names in, answers out --------------------------------


@dataclass
class PathReport:
    """What ``neurograph path`` prints: the resolved ends, the paths and the summary line."""

    source: dict
    target: dict
    paths: list[Path]
    summary: str
    options: dict
    backend: str = "mirror"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "summary": self.summary, "backend": self.backend,
                "options": self.options, "paths": [p.to_dict() for p in self.paths]}


def _entity_ref(G, query: str, node: str) -> dict:
    data = G.nodes[node] if node in G else {}
    return {"query": query, "id": node, "name": data.get("name", node), "category": data.get("category")}


def _names(names) -> list[str]:
    if names is None:
        return []
    return [names] if isinstance(names, str) else [n for n in names if n]


# graph.MIRROR_FILE and graph.BUILD_FILE, repeated so that this module need not
# import graph.py (and networkx) on the cold path; a test checks they agree.
_MIRROR_FILE = "graph.pickle"
_BUILD_FILE = "build.json"


class MirrorView:
    """The saved mirror, read without importing networkx (the CLI's cold path).

    Importing networkx costs more than answering a path query on the corpus
    graph, so ``neurograph path`` unpickles the mirror into this read-only
    stand-in. It has the adjacency dicts of a ``MultiDiGraph`` (``_node``,
    ``_succ``, ``_pred``, ``graph``) and the little API the functions of this
    module use (``G.nodes[n]``, ``G.nodes(data=True)``, ``n in G``,
    ``number_of_nodes()``).
    """

    _KEEP = ("graph", "_node", "_adj", "_succ", "_pred")

    def __init__(self, *args, **kwargs):
        self.graph, self._node, self._succ, self._pred = {}, {}, {}, {}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update({k: v for k, v in state.items() if k in self._KEEP})

    def __contains__(self, node) -> bool:
        try:
            return node in self._node
        except TypeError:
            return False

    def __len__(self) -> int:
        return len(self._node)

    def __iter__(self):
        return iter(self._node)

    def number_of_nodes(self) -> int:
        return len(self._node)

    @property
    def nodes(self) -> "_NodeView":
        return _NodeView(self._node)


class _NodeView:
    def __init__(self, nodes: dict):
        self._nodes = nodes

    def __getitem__(self, node) -> dict:
        return self._nodes[node]

    def __contains__(self, node) -> bool:
        return node in self._nodes

    def __iter__(self):
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __call__(self, data: bool = False):
        return iter(self._nodes.items()) if data else iter(self._nodes)


class _Placeholder:
    """Stands in for a pickled networkx view object (views are recomputed, never needed here)."""

    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state) -> None:
        pass


class _NotPlain(Exception):
    pass


def load_mirror(home=None):
    """The last build's mirror as a :class:`MirrorView` (no networkx import).

    Falls back to :func:`neurograph.graph.load_graph` (a real networkx graph)
    when the pickle holds anything but a plain ``MultiDiGraph``.
    """
    import pickle
    from pathlib import Path as _FsPath

    from .config import resolve_home

    def load_graph(home):
        from .graph import load_graph

        return load_graph(home)

    home = resolve_home(home)
    path = _FsPath(home) / _MIRROR_FILE
    if not path.is_file() or not (_FsPath(home) / _BUILD_FILE).is_file():
        return load_graph(home)  # raises NoGraphError with the usual message

    class Unpickler(pickle.Unpickler):
        def find_class(self, module, name):
            if module == "networkx.classes.multidigraph" and name == "MultiDiGraph":
                return MirrorView
            if module in ("networkx.classes.reportviews", "networkx.classes.coreviews"):
                return _Placeholder
            if module.split(".")[0] == "networkx":
                raise _NotPlain(f"{module}.{name}")
            return super().find_class(module, name)

    try:
        with path.open("rb") as fh:
            G = Unpickler(fh).load()
    except _NotPlain:
        return load_graph(home)
    if not isinstance(G, MirrorView):
        return load_graph(home)
    return G


def _mirror(home):
    return load_mirror(home)


def find_paths(
    source: str,
    target: str,
    k: int = 5,
    *,
    home=None,
    graph=None,
    backend: str = "mirror",
    connection: dict | None = None,
    max_hops: int = 4,
    directed: bool = True,
    via: str | Iterable[str] | None = None,
    avoid: str | Iterable[str] | None = None,
    types: str | Iterable[str] | None = None,
    min_confidence: float = 0.0,
    exclude_hedged: bool = False,
    sign: str | None = None,
) -> PathReport:
    """Resolve typed names and find the ``k`` best paths, on the mirror or the store.

    The library call behind ``neurograph path``. ``graph`` (a mirror) wins
    over ``home`` (the data directory whose last build is loaded).
    ``backend="store"`` asks the graph store instead (``connection`` holds
    :func:`neurograph.store.open_store` keyword arguments).

    >>> r = find_paths("Mg", "dopamine", graph=example_graph())
    >>> r.summary, r.source["id"]
    ('magnesium → dopamine: 2 paths, 1 positive, 1 negative', 'CHEBI:18420')
    """
    options = {"k": k, "max_hops": max_hops, "directed": directed, "via": _names(via), "avoid": _names(avoid),
               "types": sorted(_check_types(types) or []), "min_confidence": min_confidence,
               "exclude_hedged": exclude_hedged, "sign": sign}
    filters = {"max_hops": max_hops, "directed": directed, "types": types, "min_confidence": min_confidence,
               "exclude_hedged": exclude_hedged, "sign": sign}
    if backend == "mirror":
        G = graph if graph is not None else _mirror(home)
        s, t = resolve(G, source), resolve(G, target)
        via_ids = [resolve(G, n) for n in _names(via)]
        avoid_ids = [resolve(G, n) for n in _names(avoid)]
        paths = k_shortest_paths(G, s, t, k, via=via_ids, avoid=avoid_ids, **filters)
        src, dst = _entity_ref(G, source, s), _entity_ref(G, target, t)
    elif backend == "store":
        from .store import open_store

        with open_store(home=home, **(connection or {})) as store:
            s, t = store_resolve(store, source), store_resolve(store, target)
            via_ids = [store_resolve(store, n) for n in _names(via)]
            avoid_ids = [store_resolve(store, n) for n in _names(avoid)]
            paths = store_paths(store, s, t, k, via=via_ids, avoid=avoid_ids, **filters)
            ends = store_graph(store, (), {s, t})
        src, dst = _entity_ref(ends, source, s), _entity_ref(ends, target, t)
    else:
        raise UsageError(f"backend must be 'mirror' or 'store', not {backend!r}")
    options["via"], options["avoid"] = via_ids, avoid_ids
    return PathReport(src, dst, paths, summarize(paths, src["name"], dst["name"]), options, backend)


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
                     connection: dict | None = None) -> dict:
    """``{"x": ref, "y": ref, "statements": [...]}`` for ``neurograph explain`` (see :func:`explain`).

    >>> r = find_explanation("magnesium", "NMDA", graph=example_graph())
    >>> [(s["subject_name"], s["type"], s["object_name"]) for s in r["statements"]]
    [('magnesium', 'ANTAGONIST_OF', 'NMDA receptor')]
    """
    G, (x, y) = _answer_graph(home, graph, backend, connection, [x_name, y_name], 1)
    return {"x": _entity_ref(G, x_name, x), "y": _entity_ref(G, y_name, y), "statements": explain(G, x, y)}


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
