"""The relation model's decision thresholds, chosen on Train as extraction will meet it: through the dictionary.

The model learns from a corpus's gold mentions, but extraction pairs the
dictionary's own mentions: some gold entities are missed, some are split or
merged, and candidates between entities the corpus never annotated appear.
A cut that is best for gold mentions is not best for these. So, after
training, every training document is extracted again with the dictionary and
the rules, its model statements scored by the model of the folds that did not
hold the document (out of fold), and each kind of pair gets the cut that gives
the best relation-pair F1 over the training corpora under the protocol of
``neurograph evaluate`` (:mod:`neurograph.extract.evaluate`): a statement
counts when both its ends map onto gold entities, a gold pair is found when a
statement maps onto it, and a corpus that annotates chemical-induced disease
alone (BC5CDR) counts only chemical-to-disease statements that are not negative.

Examples
--------
>>> items = [DocumentPairs({frozenset("AB"), frozenset("AC")}, set(),
...                        [(0.9, "x", frozenset({frozenset("AB")})), (0.4, "x", frozenset({frozenset("AD")})),
...                         (0.3, "x", frozenset({frozenset("AC")}))])]
>>> best_cuts(items, ["x"], 0.5)
({'x': 0.3}, 0.5, 0.8)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class DocumentPairs:
    """One training document as the protocol sees it: gold pairs, the pairs the rules found (always predicted),
    and the model's statements as ``(probability, kinds, gold pairs it maps onto)``."""

    gold: set[frozenset]
    ruled: set[frozenset]
    scored: list[tuple[float, str, frozenset]] = field(default_factory=list)


def pair_f1(docs: list[DocumentPairs], cuts: dict[str, float], default: float) -> tuple[float, int, int, int]:
    """Pair F1 (and TP, FP, FN) of all documents when each kind of pair is cut at ``cuts`` (else ``default``)."""
    tp = fp = fn = 0
    for d in docs:
        predicted = set(d.ruled)
        for p, kinds, pairs in d.scored:
            if p >= cuts.get(kinds, default):
                predicted |= pairs
        tp += len(predicted & d.gold)
        fp += len(predicted - d.gold)
        fn += len(d.gold - predicted)
    return (2 * tp / (2 * tp + fp + fn) if tp else 0.0), tp, fp, fn


def _sweep(docs: list[DocumentPairs], chosen, cuts: dict[str, float], default: float, current: float) -> float:
    """The cut for the statements ``chosen(kinds)`` selects that maximises pair F1, the other cuts held."""
    # What is predicted whatever the cut: the rules, and the statements of other kinds above their cuts.
    counts: dict[tuple[int, frozenset], int] = {}
    tp = fp = fn = 0
    moving: list[tuple[float, int, frozenset]] = []
    for i, d in enumerate(docs):
        fixed = set(d.ruled)
        for p, kinds, pairs in d.scored:
            if chosen(kinds):
                moving.extend((p, i, pair) for pair in pairs)
            elif p >= cuts.get(kinds, default):
                fixed |= pairs
        for pair in fixed:
            counts[(i, pair)] = 1
        tp += len(fixed & d.gold)
        fp += len(fixed - d.gold)
        fn += len(d.gold - fixed)
    if not moving:
        return current
    moving.sort(key=lambda x: -x[0])
    options = [(2 * tp / (2 * tp + fp + fn) if tp else 0.0, 1.0)]  # (F1, cut): none of them taken, ...
    k = 0
    while k < len(moving):
        p = moving[k][0]
        while k < len(moving) and moving[k][0] == p:  # every statement at this probability comes in together
            _, i, pair = moving[k]
            k += 1
            if (i, pair) in counts:
                continue
            counts[(i, pair)] = 1
            if pair in docs[i].gold:
                tp, fn = tp + 1, fn - 1
            else:
                fp += 1
        options.append((2 * tp / (2 * tp + fp + fn) if tp else 0.0, p))
    smoothed = _smoothed(options)
    best_f1 = max(smoothed)
    # Of the cuts as good as the best, the nearest the current one: where the model's statements change
    # nothing (the rules found those pairs already), its cut stays where it was.
    best_cut = min((abs(cut - current), cut) for f1, (_, cut) in zip(smoothed, options) if f1 >= best_f1 - 1e-12)[1]
    return math.floor(best_cut * 1e4) / 1e4  # rounded down: the last statement taken stays in


#: Half the width of the window of cuts whose F1 is averaged (:func:`_smoothed`).
SMOOTHING = 0.025


def _smoothed(options: list[tuple[float, float]], half_width: float = SMOOTHING) -> list[float]:
    """Each option's F1 averaged over the options whose cut lies within ``half_width`` of its own.

    Near its best, the F1 of a sweep is flat and jagged: the exact best is where a few statements happened
    to fall, and a little more training data moves it far (a chemical-disease cut went from 0.28 to 0.34
    between two near-identical feature sets). The middle of the best stretch is steadier.
    ``options`` are ``(F1, cut)`` with cuts in descending order (the first, 1.0, takes nothing).

    >>> [round(x, 3) for x in _smoothed([(0.0, 1.0), (0.5, 0.6), (0.9, 0.59), (0.5, 0.58), (0.6, 0.3)], 0.02)]
    [0.0, 0.633, 0.633, 0.633, 0.6]
    """
    cuts = [cut for _, cut in options]
    prefix = [0.0]
    for f1, _ in options:
        prefix.append(prefix[-1] + f1)
    out = []
    lo = hi = 0  # the window [lo, hi) of options whose cut is within half_width (cuts descend)
    for cut in cuts:
        while cuts[lo] > cut + half_width:
            lo += 1
        while hi < len(cuts) and cuts[hi] >= cut - half_width:
            hi += 1
        out.append((prefix[hi] - prefix[lo]) / (hi - lo))
    return out


def best_cuts(docs: list[DocumentPairs], kinds: list[str], default: float, rounds: int = 3
              ) -> tuple[dict[str, float], float, float]:
    """Per-kind cuts (for ``kinds``) and a shared cut for every other kind, chosen in turn (coordinate ascent
    from ``default``) for the best pair F1; returns ``(cuts, shared cut, F1)``."""
    cuts = {k: default for k in kinds}
    wanted = set(kinds)
    for _ in range(rounds):
        before = (dict(cuts), default)
        for k in kinds:
            cuts[k] = _sweep(docs, lambda x, k=k: x == k, cuts, default, cuts[k])
        default = _sweep(docs, lambda x: x not in wanted, cuts, default, default)
        if (cuts, default) == before:
            break
    return cuts, default, round(pair_f1(docs, cuts, default)[0], 3)


@dataclass
class Extracted:
    """A training document as the dictionary and the rules read it (computed once, used twice)."""

    doc: object  # the Document
    sentences: list
    mentions: list  # neurograph's Mention records
    rule_statements: list
    entities: dict  # gold entities by id (evaluate.GoldEntity)
    gold: dict  # gold pairs -> relation type
    cid: bool  # from a corpus that annotates chemical-induced disease alone


def extract_corpora(corpora, lexicon, schema, progress=None) -> list[Extracted]:
    """Every document of the PubTator ``corpora`` extracted with the dictionary and the rules (no model)."""
    from pathlib import Path

    from ..documents import split_sentences
    from . import extract_document
    from .evaluate import _as_document, gold_entities, gold_pairs
    from .pubtator import read_pubtator

    matcher = lexicon.matcher()
    out: list[Extracted] = []
    for path in corpora:
        documents = list(read_pubtator(path))
        cid = {r.type for d in documents for r in d.relations} == {"CID"}
        for doc in documents:
            document = _as_document(doc, Path(path))
            result = extract_document(document, lexicon, schema, matcher)
            out.append(Extracted(document, split_sentences(document.text), result.mentions, result.statements,
                                 gold_entities(doc, schema), gold_pairs(doc), cid))
        if progress:
            progress(f"extracted {path} with the dictionary: {len(out)} documents so far")
    return out


def dictionary_examples(extracted: list[Extracted], lexicon, labels: dict[str, str]):
    """Training examples from the dictionary's own chemical-disease candidates in the documents of corpora that
    annotate chemical-induced disease alone (BC5CDR): a candidate is labelled with the gold relation between
    the gold entities its two entities' mentions overlap (``labels`` maps corpus classes to the model's);
    candidates an end of which overlaps no gold entity are left out (the protocol does not count them).

    Such a corpus states every chemical-induced disease of its abstracts, so a pair it leaves unrelated is a
    sure negative. (Taking BioRED's candidates as well lowered BioRED's Dev pair F1; BC5CDR's alone raised
    both corpora's.)"""
    from .candidates import candidates, mentions_from_records
    from .features import DocumentContext, pair_features
    from .model import rule_pairs, title_end
    from .training import Example

    entities = lexicon.entities
    out = []
    for x in extracted:
        records = mentions_from_records(x.mentions, {m.entity_id: entities[m.entity_id].category
                                                     for m in x.mentions if m.entity_id in entities})
        if not x.cid or not records:
            continue
        gold_of: dict[str, set[str]] = {}
        for m in records:
            hit = {e.id for e in x.entities.values() if any(s < m.end and m.start < t for s, t in e.spans)}
            gold_of.setdefault(m.id, set()).update(hit)
        doc = x.doc
        context = DocumentContext(doc.text, x.sentences, records, title_end(doc), rule_pairs(x.rule_statements, records))
        for cand in candidates(records):
            if cand.kinds != "chemical|disease":
                continue
            ga, gb = gold_of.get(cand.a, ()), gold_of.get(cand.b, ())
            if not ga or not gb:
                continue
            found = sorted(labels.get(x.gold.get(frozenset((i, j)), ""), "") for i in ga for j in gb if i != j)
            label = found[-1] if found else ""
            out.append(Example(doc.id, cand.a, cand.b, cand.kinds, pair_features(cand, context), label, True))
    return out


def dictionary_documents(extracted: list[Extracted], model_of, lexicon, schema) -> list[DocumentPairs]:
    """The documents as the protocol pairs them, with the statements of the model ``model_of(pmid)`` (a model
    that keeps every candidate: its cuts at 0)."""
    from .candidates import KIND_OF_CATEGORY
    from .evaluate import mapped_pairs, statement_predictions
    from .model import NEGATIVE, document_statements

    out: list[DocumentPairs] = []
    for x in extracted:
        item = DocumentPairs(set(x.gold), set())
        modelled = document_statements(x.doc, x.sentences, x.mentions, x.rule_statements, lexicon, schema,
                                       model_of(x.doc.id))
        for st in list(x.rule_statements) + modelled:
            predicted = statement_predictions([st])
            if not predicted:
                continue
            pairs = mapped_pairs(predicted[0], x.entities, x.cid)
            if not pairs:
                continue  # unmapped statements, and CID non-candidates, are not counted by the protocol
            if st.evidence[0].method == "model":
                kinds = "|".join(KIND_OF_CATEGORY.get(ref.category, "other") for ref in (st.subject, st.object))
                kinds += NEGATIVE if st.polarity < 0 else ""
                item.scored.append((float(st.confidence), kinds, frozenset(pairs)))
            else:
                item.ruled |= pairs
        out.append(item)
    return out
