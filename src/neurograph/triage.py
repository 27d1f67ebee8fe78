"""Claim triage: does a document's statement agree with curated knowledge?

Every statement with document evidence gets a label, written to the edge's
``triage`` property (and so to the store, where Cypher can query it):

``corroborated``
    A curated statement joins the same two entities with a compatible type
    and sign: the same type, the same non-zero sign, or one of the two
    unsigned (an association is consistent with any effect). A statement
    that has curated evidence itself (a curated file, the lexicon, a merged
    Hetionet edge) is corroborated.
``contradicted``
    A curated statement joins them with the opposite non-zero sign, and none
    with the same sign ("X increases Y" in a document, "X decreases Y"
    curated).
``novel``
    No curated statement joins them.

Curated statements count in the document statement's direction, or either
way when one of the two types is symmetric. Statements with no document
evidence (curated only) get no label. ``triage_basis`` lists the curated
statements a label rests on (``TYPE (source)``), for ``explain``.

Popular articles overstate; the label lets a reader see at a glance which
claims curated databases back, and :file:`cypher/contradicted_claims.cypher`
lists the ones they contradict.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> ev = [{"doc": "d1", "sentence": "Ketamine worsens depression.", "source": "extracted"}]
>>> cur = [{"source": "Hetionet v1.0", "sentence": "Compound treats Disease"}]
>>> G.add_edge("ket", "dep", key="CAUSES", kind="statement", type="CAUSES", polarity=1, documents=["d1"],
...            curated=False, evidence=ev)
'CAUSES'
>>> G.add_edge("ket", "dep", key="TREATS", kind="statement", type="TREATS", polarity=-1, documents=[],
...            curated=True, evidence=cur)
'TREATS'
>>> triage(G)
Counter({'contradicted': 1})
>>> G.edges["ket", "dep", "CAUSES"]["triage"], G.edges["ket", "dep", "CAUSES"]["triage_basis"]
('contradicted', ['TREATS (Hetionet v1.0)'])
"""

from __future__ import annotations

from collections import Counter

LABELS = ("corroborated", "contradicted", "novel")


def _source(data: dict) -> str:
    for ev in data.get("evidence") or ():
        source = ev.get("source")
        if source and source != "extracted":
            return str(source)
    return "curated"


def triage(G, symmetric: frozenset[str] | None = None) -> Counter:
    """Label every document statement of the mirror ``G`` in place; returns the counts per label.

    ``symmetric`` are the relationship types that hold both ways (default:
    the installed schema's).
    """
    if symmetric is None:
        from .paths import _symmetric_types

        symmetric = _symmetric_types()
    counts: Counter = Counter()
    succ = G._succ
    for u, nbrs in succ.items():
        for v, keydict in nbrs.items():
            for key, data in keydict.items():
                # Documents first: most statements of a merged graph are curated only (Hetionet's 766k), and
                # they have no label to drop unless an earlier triage gave them one.
                if not data.get("documents"):
                    if "triage" in data or "triage_basis" in data:
                        data.pop("triage", None)
                        data.pop("triage_basis", None)
                    continue
                if data.get("kind") != "statement":
                    continue
                label, basis = _label(succ, u, v, key, data, symmetric)
                data["triage"] = label
                data["triage_basis"] = basis
                counts[label] += 1
    return counts


def _label(succ, u: str, v: str, key: str, data: dict, symmetric: frozenset[str]) -> tuple[str, list[str]]:
    rel_type = data.get("type", key)
    polarity = int(data.get("polarity") or 0)
    if data.get("curated"):
        return "corroborated", [f"{rel_type} ({_source(data)})"]
    agree, disagree = [], []
    for a, b in ((u, v), (v, u)):
        for other_key, other in (succ.get(a, {}).get(b) or {}).items():
            if (a, b, other_key) == (u, v, key) or other.get("kind") != "statement" or not other.get("curated"):
                continue
            other_type = other.get("type", other_key)
            if (a, b) != (u, v) and rel_type not in symmetric and other_type not in symmetric:
                continue  # what Y does to X says nothing about what X does to Y
            other_polarity = int(other.get("polarity") or 0)
            label = f"{other_type} ({_source(other)})"
            if other_type == rel_type or not polarity or not other_polarity or other_polarity == polarity:
                agree.append(label)
            else:
                disagree.append(label)
    if agree:
        return "corroborated", sorted(set(agree))
    if disagree:
        return "contradicted", sorted(set(disagree))
    return "novel", []
