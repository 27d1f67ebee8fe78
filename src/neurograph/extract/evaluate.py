"""Scoring extraction against an annotated corpus (PubTator): mentions and abstract-level relation pairs.

The protocol (``neurograph evaluate``):

* Each document is ``title + " " + abstract``; offsets are in that frame.
* **Mentions**, per kind (chemical, gene, disease: the schema groups
  ``chemical``, ``molecular`` and ``condition``; corpus types are mapped in
  ``data/schema.yaml`` under ``corpus_types``): a predicted mention is right
  when it overlaps a gold mention of the same kind; a gold mention is found
  when a predicted mention of its kind overlaps it.
* **Relations**: within a document a gold relation is an unordered pair of
  gold entities (concept ids). A statement's end maps to a gold entity when
  its mention span overlaps one of that entity's mention spans, or its text
  equals one of the entity's mention strings (case and white space folded);
  failing both, when the name of the entity it was grounded to equals one
  (a pronoun, "It", that extraction resolved). A gold pair is found when
  some non-negated statement maps onto it; class membership (``IS_A``) is
  not a relation and is left out.
  Precision counts only statements whose two ends both map (the others are
  counted as ``unmapped``).
* **Sign**: ``Positive_Correlation`` is +1, ``Negative_Correlation`` -1;
  among found gold pairs of these types, the share whose statements' sign
  (the most frequent non-zero polarity) agrees.
* **BC5CDR CID**: the candidates are chemical-to-disease statements whose
  polarity is not negative.

Examples
--------
>>> gold = GoldEntity("D1", "chemical", ((0, 8),), frozenset({"naloxone"}))
>>> map_end(0, 8, "Naloxone", {"D1": gold}), map_end(-1, -1, " NALOXONE ", {"D1": gold}), map_end(9, 12, "it", {"D1": gold})
(frozenset({'D1'}), frozenset({'D1'}), frozenset())
>>> Counts(3, 1, 2).f1
0.6667
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .pubtator import PubTatorDocument, read_pubtator

#: The kinds scored, and the schema group each stands for.
KINDS: dict[str, str] = {"chemical": "chemical", "gene": "molecular", "disease": "condition"}
#: Gold relation types that carry a sign.
SIGNED_TYPES: dict[str, int] = {"Positive_Correlation": 1, "Negative_Correlation": -1}
CID = "CID"


def fold(text: str) -> str:
    """Case and white space folded, for comparing mention strings.

    >>> fold("  Nitric   Oxide ")
    'nitric oxide'
    """
    return " ".join(text.casefold().split())


@dataclass
class Counts:
    """True positives, false positives, false negatives; precision, recall and F1 rounded to 4 places."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return round(self.tp / (self.tp + self.fp), 4) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return round(self.tp / (self.tp + self.fn), 4) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.tp / (self.tp + self.fp or 1), self.tp / (self.tp + self.fn or 1)
        return round(2 * p * r / (p + r), 4) if p + r else 0.0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class GoldEntity:
    """One concept of a gold document: its kind (or None), mention spans and folded mention strings."""

    id: str
    kind: str | None
    spans: tuple[tuple[int, int], ...]
    texts: frozenset[str]


@dataclass(frozen=True)
class Prediction:
    """A predicted relation as scored: the spans and texts of its two ends, its polarity.

    A span of (-1, -1) means the end has no mention in the text; its text is then all that can map it.
    """

    subject: tuple[int, int, str]
    object: tuple[int, int, str]
    polarity: int
    subject_name: str = ""  # the grounded entity's name: mapped by when span and text are not
    object_name: str = ""


@dataclass
class Report:
    """What :func:`evaluate` measures."""

    documents: int = 0
    mentions: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    pairs: Counts = field(default_factory=Counts)
    unmapped: int = 0
    signed_found: int = 0
    sign_agrees: int = 0
    relation_types: tuple[str, ...] = ()
    method: str = "extraction"
    by_type: dict[str, list[int]] = field(default_factory=dict)  # gold relation type -> [found, gold]
    recognised: list[int] = field(default_factory=lambda: [0, 0])  # [found, gold] among pairs whose ends were found

    @property
    def sign_agreement(self) -> float:
        return round(self.sign_agrees / self.signed_found, 4) if self.signed_found else 0.0

    def to_dict(self) -> dict:
        return {"method": self.method, "documents": self.documents, "relation_types": list(self.relation_types),
                "mentions": {k: c.to_dict() for k, c in self.mentions.items()},
                "pairs": {**self.pairs.to_dict(), "unmapped": self.unmapped},
                "sign": {"found_signed_pairs": self.signed_found, "agree": self.sign_agrees,
                         "agreement": self.sign_agreement},
                "recall_by_type": {t: {"found": f, "gold": g, "recall": round(f / g, 4) if g else 0.0}
                                   for t, (f, g) in sorted(self.by_type.items())},
                "recognised_pairs": {"found": self.recognised[0], "gold": self.recognised[1],
                                     "recall": round(self.recognised[0] / self.recognised[1], 4)
                                     if self.recognised[1] else 0.0}}


# --- gold -------------------------------------------------------------------------


def gold_kind(corpus_type: str, schema) -> str | None:
    """The kind (chemical, gene, disease) a corpus entity type is scored as, by the schema's mapping.

    >>> from neurograph.schema import load_schema
    >>> s = load_schema()
    >>> gold_kind("ChemicalEntity", s), gold_kind("GeneOrGeneProduct", s), gold_kind("Disease", s), gold_kind("CellLine", s)
    ('chemical', 'gene', 'disease', None)
    """
    group = schema.corpus_type(corpus_type).group
    return next((kind for kind, g in KINDS.items() if g == group), None)


def category_kind(category: str, schema) -> str | None:
    """The kind a predicted entity of a schema category is scored as.

    >>> from neurograph.schema import load_schema
    >>> category_kind("Mineral", load_schema()), category_kind("Receptor", load_schema()), category_kind("Food", load_schema())
    ('chemical', 'gene', None)
    """
    group = schema.group_of(category, KINDS.values())
    return next((kind for kind, g in KINDS.items() if g == group), None)


def gold_entities(doc: PubTatorDocument, schema) -> dict[str, GoldEntity]:
    """The concepts of a gold document by id; a composite mention belongs to each of its ids."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    texts: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str | None] = {}
    for m in doc.mentions:
        for concept in m.ids:
            spans[concept].append((m.start, m.end))
            texts[concept].add(fold(m.text))
            kinds.setdefault(concept, gold_kind(m.type, schema))
    return {c: GoldEntity(c, kinds[c], tuple(spans[c]), frozenset(texts[c])) for c in spans}


def gold_pairs(doc: PubTatorDocument, types: Iterable[str] | None = None) -> dict[frozenset, str]:
    """The gold relations of a document as unordered pairs of concept ids -> relation type (the first given).

    >>> from neurograph.extract.pubtator import PubTatorRelation
    >>> d = PubTatorDocument("1", "t", "", relations=[PubTatorRelation("CID", "D2", "D1"), PubTatorRelation("CID", "D1", "D2")])
    >>> [(sorted(pair), type_) for pair, type_ in gold_pairs(d).items()]
    [(['D1', 'D2'], 'CID')]
    """
    wanted = set(types) if types is not None else None
    out: dict[frozenset, str] = {}
    for r in doc.relations:
        if r.id1 != r.id2 and (wanted is None or r.type in wanted):
            out.setdefault(frozenset((r.id1, r.id2)), r.type)
    return out


# --- mapping and scoring ----------------------------------------------------------


def map_end(start: int, end: int, text: str, entities: dict[str, GoldEntity]) -> frozenset[str]:
    """The gold entities a statement's end maps to: by overlapping span, else by equal folded text."""
    if start < end:
        hit = frozenset(e.id for e in entities.values() if any(s < end and start < t for s, t in e.spans))
        if hit:
            return hit
    folded = fold(text)
    if not folded:
        return frozenset()
    return frozenset(e.id for e in entities.values() if folded in e.texts)


def score_mentions(predicted: Iterable[tuple[int, int, str]], gold: Iterable[tuple[int, int, str]]) -> dict[str, Counts]:
    """Per kind: predicted (start, end, kind) mentions against gold ones, by overlap within the kind.

    >>> c = score_mentions([(0, 5, "chemical"), (10, 12, "chemical")], [(2, 6, "chemical"), (20, 25, "gene")])
    >>> c["chemical"], c["gene"]
    (Counts(tp=1, fp=1, fn=0), Counts(tp=0, fp=0, fn=1))
    """
    predicted, gold = list(predicted), list(gold)
    out = {k: Counts() for k in KINDS}
    for s, e, kind in predicted:
        if kind not in out:
            continue
        if any(k == kind and gs < e and s < ge for gs, ge, k in gold):
            out[kind].tp += 1
        else:
            out[kind].fp += 1
    for gs, ge, kind in gold:
        if kind in out and not any(k == kind and gs < e and s < ge for s, e, k in predicted):
            out[kind].fn += 1
    return out


def _sign(polarities: list[int]) -> int:
    """The most frequent non-zero polarity (the first seen on a tie), else 0."""
    signed = [p for p in polarities if p]
    if not signed:
        return 0
    counts = Counter(signed)
    return max(signed, key=lambda p: (counts[p], -signed.index(p)))


@dataclass
class RelationScore:
    """One document's relation pairs: counts, statements unmapped, found signed gold pairs and how many agree,
    and the gold pairs found."""

    counts: Counts
    unmapped: int
    signed: int
    agree: int
    found: set

    def __iter__(self):  # (counts, unmapped, signed, agree), as a tuple unpacks
        return iter((self.counts, self.unmapped, self.signed, self.agree))


def mapped_pairs(p: Prediction, entities: dict[str, GoldEntity], cid: bool = False) -> set[frozenset] | None:
    """The gold pairs a prediction maps onto (empty: unmapped), or None when it is no candidate at all: for
    CID, a negative statement, or one that maps onto entities that are not a chemical and a disease."""
    ends_a = map_end(*p.subject, entities) or map_end(-1, -1, p.subject_name, entities)
    ends_b = map_end(*p.object, entities) or map_end(-1, -1, p.object_name, entities)
    pairs = {frozenset((a, b)) for a in ends_a for b in ends_b if a != b}
    if cid:
        if p.polarity < 0:
            return None
        pairs = {pair for pair in pairs if sorted(entities[i].kind or "" for i in pair) == ["chemical", "disease"]}
        if not pairs and ends_a and ends_b:
            return None  # maps, but not onto a chemical and a disease: not a CID candidate
    return pairs


def score_relations(predictions: Iterable[Prediction], entities: dict[str, GoldEntity], gold: dict[frozenset, str],
                    cid: bool = False) -> RelationScore:
    """One document's relation pairs: (counts, unmapped statements, found signed gold pairs, sign agreements).

    >>> ents = {"A": GoldEntity("A", "chemical", ((0, 1),), frozenset({"a"})),
    ...         "B": GoldEntity("B", "disease", ((4, 5),), frozenset({"b"})),
    ...         "C": GoldEntity("C", "gene", ((8, 9),), frozenset({"c"}))}
    >>> preds = [Prediction((0, 1, "a"), (4, 5, "b"), 1), Prediction((0, 1, "a"), (8, 9, "c"), 0),
    ...          Prediction((0, 1, "a"), (-1, -1, "zz"), 1)]
    >>> tuple(score_relations(preds, ents, {frozenset("AB"): "Positive_Correlation", frozenset("BC"): "Association"}))
    (Counts(tp=1, fp=1, fn=1), 1, 1, 1)
    """
    predicted: dict[frozenset, list[int]] = defaultdict(list)
    unmapped = 0
    for p in predictions:
        pairs = mapped_pairs(p, entities, cid)
        if pairs is None:
            continue
        if not pairs:
            unmapped += 1
            continue
        for pair in pairs:
            predicted[pair].append(p.polarity)
    counts = Counts()
    signed = agree = 0
    for pair, polarities in predicted.items():
        if pair in gold:
            counts.tp += 1
            sign = SIGNED_TYPES.get(gold[pair])
            if sign is not None:
                signed += 1
                agree += _sign(polarities) == sign
        else:
            counts.fp += 1
    counts.fn = sum(1 for pair in gold if pair not in predicted)
    return RelationScore(counts, unmapped, signed, agree, {pair for pair in predicted if pair in gold})


# --- predictions ------------------------------------------------------------------


#: Statement types that are not relations between two entities (class membership).
NOT_RELATIONS = frozenset({"IS_A"})


def statement_predictions(statements) -> list[Prediction]:
    """The non-negated statements of one document as predictions (spans from their first evidence)."""
    out = []
    for st in statements:
        if st.negated or not st.evidence or st.predicate in NOT_RELATIONS:
            continue
        ev = st.evidence[0]
        if ev.negated:
            continue
        out.append(Prediction((ev.subject_start, ev.subject_end, ev.subject_text or st.subject.text),
                              (ev.object_start, ev.object_end, ev.object_text or st.object.text), st.polarity,
                              st.subject.name, st.object.name))
    return out


def cooccurrence_predictions(doc: PubTatorDocument, allowed: set[frozenset[str]]) -> list[Prediction]:
    """The baseline: every two gold mentions of different concepts that share a sentence, when their
    corpus types can hold a relation (``allowed``: unordered type pairs)."""
    from ..documents import split_sentences

    text = doc.text
    out = []
    for sentence in split_sentences(text):
        inside = [m for m in doc.mentions if sentence.start <= m.start < sentence.end and m.ids]
        for i, a in enumerate(inside):
            for b in inside[i + 1:]:
                if set(a.ids) & set(b.ids) or frozenset((a.type, b.type)) not in allowed:
                    continue
                out.append(Prediction((a.start, a.end, a.text), (b.start, b.end, b.text), 0))
    return out


def relation_type_pairs(documents: Iterable[PubTatorDocument], types: Iterable[str] | None = None) -> set[frozenset[str]]:
    """The unordered pairs of corpus entity types that some gold relation links (the types a relation can hold)."""
    wanted = set(types) if types is not None else None
    out: set[frozenset[str]] = set()
    for doc in documents:
        type_of: dict[str, str] = {}
        for m in doc.mentions:
            for concept in m.ids:
                type_of.setdefault(concept, m.type)
        for r in doc.relations:
            if (wanted is None or r.type in wanted) and r.id1 in type_of and r.id2 in type_of:
                out.add(frozenset((type_of[r.id1], type_of[r.id2])))
    return out


# --- the whole corpus -------------------------------------------------------------


def _as_document(doc: PubTatorDocument, path: Path):
    from ..documents import Document

    return Document(id=doc.pmid, path=path, title=doc.title, text=doc.text, sha256="")


def evaluate(gold_path: str | os.PathLike, *, schema=None, lexicon=None, baseline: str | None = None,
             use_annotations: bool = False) -> Report:
    """Score extraction (or a baseline) on a PubTator-annotated corpus (see the module docstring).

    ``baseline="cooccurrence"`` scores the co-occurrence baseline instead of
    extraction. ``use_annotations`` extracts with the gold mentions in place
    of the dictionary (so relation scores are free of recognition errors).
    Raises :class:`~neurograph.errors.InputError` for a malformed file.
    """
    from ..schema import load_schema

    if baseline not in (None, "cooccurrence"):
        from ..errors import UsageError

        raise UsageError(f"unknown baseline {baseline!r} (known: cooccurrence)")
    schema = schema or load_schema()
    path = Path(gold_path)
    documents = list(read_pubtator(path))  # all read (and validated) before any is scored
    relation_types = sorted({r.type for d in documents for r in d.relations})
    cid = relation_types == [CID]
    method = baseline or ("extraction with the gold mentions" if use_annotations else "extraction")
    report = Report(relation_types=tuple(relation_types), method=method)
    allowed = relation_type_pairs(documents) if baseline else set()
    matcher = None
    if baseline is None and not use_annotations:
        if lexicon is None:
            from ..lexicon import load_lexicon

            lexicon = load_lexicon(schema=schema)
        matcher = lexicon.matcher()
    from .model import load_model

    model = None if baseline else load_model()  # the relation model beside the rules, when trained
    for doc in documents:
        report.documents += 1
        entities = gold_entities(doc, schema)
        gold_mentions = [(m.start, m.end, gold_kind(m.type, schema)) for m in doc.mentions]
        if baseline:
            predictions = cooccurrence_predictions(doc, allowed)
            predicted_mentions = gold_mentions
        else:
            predictions, predicted_mentions = _extract(doc, path, schema, lexicon, matcher, use_annotations,
                                                       model)
        for kind, counts in score_mentions(predicted_mentions, gold_mentions).items():
            report.mentions[kind].add(counts)
        gold = gold_pairs(doc)
        score = score_relations(predictions, entities, gold, cid=cid)
        report.pairs.add(score.counts)
        report.unmapped += score.unmapped
        report.signed_found += score.signed
        report.sign_agrees += score.agree
        seen = recognised_entities(predicted_mentions, entities)
        for pair, type_ in gold.items():
            tally = report.by_type.setdefault(type_, [0, 0])
            tally[0] += pair in score.found
            tally[1] += 1
            if pair <= seen:
                report.recognised[0] += pair in score.found
                report.recognised[1] += 1
    return report


def recognised_entities(mentions: Iterable[tuple[int, int, str | None]], entities: dict[str, GoldEntity]) -> set[str]:
    """The gold concepts some predicted mention (of any kind) overlaps.

    >>> recognised_entities([(0, 4, "chemical")], {"A": GoldEntity("A", "chemical", ((2, 6),), frozenset()),
    ...                                             "B": GoldEntity("B", "gene", ((9, 12),), frozenset())})
    {'A'}
    """
    spans = [(s, e) for s, e, _ in mentions]
    return {c for c, ent in entities.items() if any(s < ge and gs < e for gs, ge in ent.spans for s, e in spans)}


def _extract(doc: PubTatorDocument, path: Path, schema, lexicon, matcher, use_annotations: bool, model=None):
    from . import extract_document

    document = _as_document(doc, path)
    if use_annotations:
        from .readers import annotation_lexicon

        lexicon, matcher = annotation_lexicon([_annotated(doc)], schema)
    out = extract_document(document, lexicon, schema, matcher, model=model)
    entities = lexicon.entities
    mentions = [(m.start, m.end, category_kind(entities[m.entity_id].category, schema))
                for m in out.mentions if m.entity_id in entities]
    if model is not None:  # the variants the model pairs count as recognised (they have no mention kind scored)
        from ..documents import split_sentences
        from .variants import KIND, variant_mentions

        taken = [(s, e) for s, e, _ in mentions]
        mentions += [(v.start, v.end, KIND) for v in variant_mentions(document.text, split_sentences(document.text), taken)]
    return statement_predictions(out.statements), mentions


def _annotated(doc: PubTatorDocument):
    from .readers import from_pubtator

    return from_pubtator(doc, "")


def iter_report_rows(report: Report) -> Iterator[tuple[str, str, str, str, str, str]]:
    """Rows of the table ``neurograph evaluate`` prints: (what, P, R, F1, TP/FP/FN, note)."""
    for kind, c in report.mentions.items():
        if c.tp + c.fn == 0:  # the corpus does not annotate this kind (BC5CDR has no genes): nothing to score
            yield (f"mentions: {kind}", "", "", "", f"{c.tp}/{c.fp}/{c.fn}", "not annotated in this corpus")
            continue
        yield (f"mentions: {kind}", f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}",
               f"{c.tp}/{c.fp}/{c.fn}", "")
    c = report.pairs
    label = "relation pairs (CID)" if report.relation_types == (CID,) else "relation pairs"
    yield (label, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", f"{c.tp}/{c.fp}/{c.fn}",
           f"{report.unmapped} statements unmapped")
    if report.signed_found:
        yield ("sign agreement", "", "", f"{report.sign_agreement:.3f}",
               f"{report.sign_agrees}/{report.signed_found}", "found signed pairs whose sign agrees")
    else:
        yield ("sign agreement", "", "", "", "0/0", "no found pair has a signed gold relation")
    found, gold = report.recognised
    yield ("recall, recognised pairs", "", f"{found / gold if gold else 0:.3f}", "", f"{found}/{gold}",
           "gold pairs whose two entities were both recognised")
    for type_, (found, gold) in sorted(report.by_type.items()):
        yield (f"recall: {type_}", "", f"{found / gold if gold else 0:.3f}", "", f"{found}/{gold}", "")
