"""Assembly: merging statements and scoring their confidence; curated and lexicon statements.

Identical statements, the same (subject, type, object) and the same
negation, merge across sentences and documents; their evidence lists merge
with them (the same sentence is kept once).

Confidence
----------
Each piece of evidence ``e`` carries a weight::

    w(e) = source weight x (0.6 if e is hedged else 1.0)

with source weights extracted 0.5, curated 0.9 and lexicon 0.95 (class
membership stated by the lexicon). A statement's confidence is the chance
that at least one piece of evidence is right, treating them as independent::

    confidence = 1 - prod(1 - w(e))

So one plain extracted sentence gives 0.5, two give 0.75, three 0.875; one
hedged sentence gives 0.3; a curated statement 0.9. A statement is
``hedged`` when all its evidence is hedged.

Examples
--------
>>> from neurograph.records import EntityRef, Evidence, Statement
>>> a, b = EntityRef("A:1", "a", "Drug"), EntityRef("B:1", "b", "Disorder")
>>> s1 = Statement(a, "TREATS", b, -1, evidence=[Evidence("d1", "a treats b", 0, 10)])
>>> s2 = Statement(a, "TREATS", b, -1, hedged=True, evidence=[Evidence("d2", "a may treat b", 0, 13, hedged=True)])
>>> [merged] = assemble([s1, s2])
>>> len(merged.evidence), merged.hedged, round(merged.confidence, 2)
(2, False, 0.65)
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Iterable

from .errors import SchemaError
from .records import EntityRef, Evidence, Statement

SOURCE_WEIGHTS = {"extracted": 0.5, "curated": 0.9, "lexicon": 0.95}
HEDGE_FACTOR = 0.6


def evidence_weight(ev: Evidence) -> float:
    return SOURCE_WEIGHTS.get(ev.source, 0.5) * (HEDGE_FACTOR if ev.hedged else 1.0)


def confidence(evidence: Iterable[Evidence]) -> float:
    """``1 - prod(1 - w(e))`` over the evidence (see the module docstring)."""
    miss = 1.0
    for ev in evidence:
        miss *= 1.0 - evidence_weight(ev)
    return round(1.0 - miss, 4)


def assemble(statements: Iterable[Statement]) -> list[Statement]:
    """Merge identical statements and score them; order is first appearance."""
    # key -> (merged statement, evidence already kept): kept incrementally, so merging stays linear
    merged: dict[tuple, tuple[Statement, set]] = {}
    for st in statements:
        key = (st.subject.id, st.predicate, st.object.id, st.negated)
        entry = merged.get(key)
        if entry is None:
            entry = merged[key] = (Statement(st.subject, st.predicate, st.object, st.polarity, st.negated, st.hedged,
                                             0.0, []), set())
        kept, seen = entry[0].evidence, entry[1]
        for ev in st.evidence:
            where = (ev.doc, ev.start, ev.end, ev.source)
            if where not in seen:
                seen.add(where)
                kept.append(ev)
    out = [st for st, _ in merged.values()]
    for st in out:
        st.hedged = all(ev.hedged for ev in st.evidence)
        st.confidence = confidence(st.evidence)
    return out


def lexicon_statements(lexicon, schema) -> list[Statement]:
    """``IS_A`` statements for the class memberships the lexicon records (its ``parents`` column).

    Memberships only: a statement about a class ("plant-based foods are rich in magnesium") is never
    copied onto the lexicon's members of the class. Queries that offer that inference ask for it
    (``inferred=true`` in ``cypher/food_sources.cypher`` and ``drug_interactions.cypher``) and mark it.
    """
    out = []
    polarity = schema.relationships["IS_A"].polarity
    # dict.values, not the lexicon's own: a cached lexicon keeps its vocabulary entities packed until looked
    # up (300,000 of them, a second to unpack), and a packed entity never has parents (lexicon._state_to_json).
    # The order is the same: the unpacked entities come first, in their order.
    entities = lexicon.entities
    for e in dict.values(entities) if isinstance(entities, dict) else entities.values():
        for parent_id in e.parents:
            parent = lexicon.entities[parent_id]
            sentence = f"{e.name} is a member of the class {parent.name} (lexicon)."
            ev = Evidence(doc="lexicon", sentence=sentence, start=0, end=len(sentence), source="lexicon",
                          subject_text=e.name, object_text=parent.name)
            out.append(Statement(EntityRef(e.id, e.name, e.category, e.name), "IS_A",
                                 EntityRef(parent.id, parent.name, parent.category, parent.name),
                                 polarity, evidence=[ev]))
    return out


CURATED_COLUMNS = ["subject", "predicate", "object", "citation", "quote", "hedged"]


def curated_files(folder: str | os.PathLike) -> list[Path]:
    folder = Path(folder)
    return sorted(folder.glob("*.tsv")) if folder.is_dir() else []


_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0", "")


def load_curated(path: str | os.PathLike, lexicon, schema, seen: dict | None = None) -> list[Statement]:
    """Statements a curator added by hand, validated exactly like extracted ones.

    A TSV file with the header ``subject predicate object citation quote hedged``
    (``hedged`` optional: true/false). Names resolve through the lexicon;
    the citation (a PMID, DOI or URL) is required. Any error names the file
    and line: an unknown entity or type, categories the type does not allow,
    a missing citation, a ``hedged`` that is not true or false.

    A row repeated (the same statement, citation, quote and hedging) counts
    once: later copies are skipped. Pass one ``seen`` dict to every call of a
    build so that a copy in a second file is skipped too.
    """
    seen = {} if seen is None else seen
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaError(f"not UTF-8 text ({exc.reason})", path) from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        return []
    header_line, header = lines[0]
    columns = [c.strip() for c in header.split("\t")]
    missing = [c for c in CURATED_COLUMNS[:4] if c not in columns]
    if missing:
        raise SchemaError(f"missing column(s) {', '.join(missing)} in the header", path, header_line)
    out = []
    for n, line in lines[1:]:
        cells = next(csv.reader([line], delimiter="\t"))
        if len(cells) > len(columns):
            raise SchemaError(f"{len(cells)} columns, the header has {len(columns)}", path, n)
        row = dict(zip(columns, [c.strip() for c in cells] + [""] * (len(columns) - len(cells))))
        subject = _resolve(lexicon, row["subject"], path, n)
        obj = _resolve(lexicon, row["object"], path, n)
        predicate = row["predicate"].upper()
        rel = schema.relationships.get(predicate)
        if rel is None:
            raise SchemaError(f"unknown relationship type {row['predicate']!r}", path, n)
        if not rel.allows(subject.category, obj.category):
            raise SchemaError(f"{predicate} does not allow {subject.category} -> {obj.category} "
                              f"({subject.name} -> {obj.name})", path, n)
        if not row["citation"]:
            raise SchemaError("a curated statement needs a citation", path, n)
        hedged_text = row.get("hedged", "").lower()
        if hedged_text not in _TRUE + _FALSE:
            raise SchemaError(f"hedged must be true or false, not {row['hedged']!r}", path, n)
        hedged = hedged_text in _TRUE
        quote = row.get("quote") or f"{subject.name} {rel.display} {obj.name}"
        key = (subject.id, predicate, obj.id, row["citation"], " ".join(quote.split()), hedged)
        if key in seen:
            continue  # a copy of an earlier row: the same evidence must not count twice
        seen[key] = (str(path), n)
        ev = Evidence(doc=f"curated:{path.name}:{n}", sentence=quote, start=0, end=len(quote), hedged=hedged, source="curated",
                      citation=row["citation"], subject_text=row["subject"], object_text=row["object"])
        out.append(Statement(EntityRef(subject.id, subject.name, subject.category, row["subject"]), predicate,
                             EntityRef(obj.id, obj.name, obj.category, row["object"]), rel.polarity,
                             hedged=hedged, evidence=[ev]))
    return out


def _resolve(lexicon, name: str, path: Path, line: int):
    found = lexicon.resolve(name) if name else []
    if not found:
        hint = lexicon.suggest(name) if name else []
        extra = f"; did you mean {', '.join(hint)}?" if hint else ""
        raise SchemaError(f"unknown entity {name!r}{extra}", path, line)
    return found[0]
