"""The walker of the path searches: which statements a search may take from a node, at what cost (fewest
hops and confidence, or DWPC's degree-weighted cost), and the A* bounds toward the target."""

from __future__ import annotations

from typing import Iterator

from .path_hops import SIGN_SYMBOL, _shared_hops, _symmetric_types
from .path_filters import GradeFilter, check_path_options, statement_sources


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
