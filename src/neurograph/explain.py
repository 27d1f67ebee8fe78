"""What the graph says around one entity or between two: neighbours, explanations, entity cards.

Plain functions over the mirror graph, returning dicts (see
:mod:`neurograph.paths` for hops and their evidence).
"""

from __future__ import annotations

from typing import Iterable, Iterator

from .errors import UsageError
from .paths import SIGN_SYMBOL, GradeFilter, Hop, _check_entity, _check_types, _make_hop, example_graph  # noqa: F401

__all__ = ["neighbors", "explain", "entity_card"]

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
                  "object_text", "method", "probability", "features")
_OPTIONAL_EVIDENCE = ("modifier", "citation", "method", "probability", "features")  # dropped when empty


def _evidence_record(ev: dict, titles: dict) -> dict:
    """One evidence sentence with its document title; empty optional fields dropped.

    (``negated`` is left out: negated statements never enter the graph.)
    """
    out = {"doc": ev.get("doc"), "title": titles.get(ev.get("doc"), ev.get("doc"))}
    for key in _EVIDENCE_KEYS[1:]:
        value = ev.get(key)
        if key in _OPTIONAL_EVIDENCE and (not value or value == "rule"):  # rules are the default: say only "model"
            continue
        out[key] = bool(value) if key == "hedged" else value
    return out


def explain(G, x: str, y: str, *, population=None, study_type=None) -> list[dict]:
    """Every direct statement between ``x`` and ``y``, both directions, with ALL its evidence.

    With ``population`` or ``study_type`` (the evidence grade, see
    :class:`neurograph.paths.GradeFilter`), only the evidence of that grade
    and curated evidence is listed, and statements left without any are
    dropped.

    Each dict holds subject, object (ids and names), type, predicate,
    qualifiers, polarity, sign, confidence, hedged, curated, ``triage`` (how a
    document claim compares with curated knowledge, see
    :mod:`neurograph.triage`) and ``triage_basis``, documents and
    ``evidence`` (every sentence, with the document title). Most confident
    first.

    >>> G = example_graph()
    >>> [(s["type"], s["sign"], len(s["evidence"])) for s in explain(G, "CHEBI:18243", "CHEBI:18420")]
    [('INCREASES', '+', 1)]
    """
    _check_entity(G, x, "entity")
    _check_entity(G, y, "entity")
    grade = GradeFilter.of(population, study_type)
    titles = G.graph.get("documents") or {}
    out = []
    for u, v in ((x, y), (y, x)):
        for key, data in (G._succ[u].get(v) or {}).items():
            if data.get("kind") != "statement":
                continue
            evidence = (data.get("evidence") or []) if grade is None else grade.records(data)
            if grade is not None and not evidence:
                continue
            pol = int(data.get("polarity") or 0)
            out.append({
                "subject": u, "subject_name": G.nodes[u].get("name", u),
                "type": data.get("type", key),
                "object": v, "object_name": G.nodes[v].get("name", v),
                "predicate": data.get("predicate", ""), "qualifiers": dict(data.get("qualifiers") or {}),
                "polarity": pol, "sign": SIGN_SYMBOL[pol], "confidence": float(data.get("confidence") or 0.0),
                "hedged": bool(data.get("hedged")), "curated": bool(data.get("curated")),
                "triage": data.get("triage"), "triage_basis": list(data.get("triage_basis") or []),
                "documents": list(data.get("documents") or []),
                "evidence": [_evidence_record(ev, titles) for ev in evidence],
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
