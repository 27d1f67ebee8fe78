"""Relation candidates: pairs of entities that one document names, within a sentence or across its sentences.

The relation model reads plain mention records, whatever found them: gold
annotations of a PubTator file (training, ``--use-annotations``) or
neurograph's own mentions (plain documents). A record is an entity id, a
schema category, a coarse *kind* (chemical, gene, variant, disease, other),
character offsets, the sentence index and the text.

A candidate is an unordered pair of entity ids, put in a fixed order (chemical
before gene before variant before disease, then by first mention) so that the
model's features and the statement it makes have a direction.

Examples
--------
>>> ms = [EntityMention("D1", "Drug", 0, 7, 0, "cocaine"),
...       EntityMention("D2", "Disorder", 16, 24, 0, "seizures"),
...       EntityMention("G1", "Gene", 40, 44, 1, "BDNF")]
>>> [(c.a, c.b, c.sentence_gap) for c in candidates(ms)]
[('D1', 'G1', 1), ('D1', 'D2', 0), ('G1', 'D2', 1)]
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from operator import attrgetter
from typing import Iterable, Mapping

# Coarse kinds: what the model learns about, so that BioRED's entity types and
# neurograph's categories meet on common ground.
KIND_OF_CATEGORY = {
    "Mineral": "chemical", "Neurotransmitter": "chemical", "Drug": "chemical", "DrugClass": "chemical",
    "Hormone": "chemical", "Nutrient": "chemical", "Food": "chemical",
    "Receptor": "gene", "Enzyme": "gene", "Gene": "gene",
    "Disorder": "disease", "Symptom": "disease",
}
KIND_ORDER = {"chemical": 0, "gene": 1, "variant": 2, "disease": 3, "other": 4}

# PubTator entity types (BioRED, BC5CDR, PubTator3) -> (schema category, kind).
PUBTATOR_TYPES = {
    "chemical": ("Drug", "chemical"), "chemicalentity": ("Drug", "chemical"),
    "gene": ("Gene", "gene"), "geneorgeneproduct": ("Gene", "gene"),
    "disease": ("Disorder", "disease"), "diseaseorphenotypicfeature": ("Disorder", "disease"),
    "sequencevariant": ("Gene", "variant"), "variant": ("Gene", "variant"), "mutation": ("Gene", "variant"),
    "dnamutation": ("Gene", "variant"), "proteinmutation": ("Gene", "variant"), "snp": ("Gene", "variant"),
}

# Documents longer than an abstract pair entities only this many sentences apart.
MAX_SENTENCE_GAP = 6
ABSTRACT_SENTENCES = 25


@dataclass(frozen=True)
class EntityMention:
    """One mention of an entity, as the relation model sees it (offsets are document offsets)."""

    id: str
    category: str
    start: int
    end: int
    sentence: int
    text: str
    kind: str = ""

    def __init__(self, id: str, category: str, start: int, end: int, sentence: int, text: str, kind: str = ""):
        # (written out: the generated one of a frozen dataclass sets each field through object.__setattr__,
        # three times slower, and a document has hundreds of mentions)
        d = self.__dict__
        d["id"] = id
        d["category"] = category
        d["start"] = start
        d["end"] = end
        d["sentence"] = sentence
        d["text"] = text
        d["kind"] = kind or KIND_OF_CATEGORY.get(category, "other")


@dataclass
class Candidate:
    """An ordered pair of entity ids and their mentions in one document."""

    a: str
    b: str
    kind_a: str
    kind_b: str
    mentions_a: list[EntityMention] = field(default_factory=list)
    mentions_b: list[EntityMention] = field(default_factory=list)
    sentence_gap: int = 0  # the fewest sentences between a mention of a and one of b
    # The sentences naming both, with the closest two mentions in each (features.shared_sentences: read by several
    # feature groups, made once).
    shared: list[tuple[int, EntityMention, EntityMention]] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def kinds(self) -> str:
        """``"chemical|disease"``: read for every feature, so made once per candidate."""
        return f"{self.kind_a}|{self.kind_b}"


def sentence_index(starts: list[int], offset: int) -> int:
    """The index of the sentence (given by sorted start offsets) holding ``offset``.

    >>> sentence_index([0, 10, 25], 12), sentence_index([0, 10, 25], 3)
    (1, 0)
    """
    return max(bisect_right(starts, offset) - 1, 0)


def closest_mentions(xs, ys):
    """The pair of mentions, one from each list, nearest each other in the text.

    >>> a, b, c = (EntityMention("A", "Drug", 0, 5, 0, "a"), EntityMention("B", "Gene", 40, 45, 0, "b"),
    ...            EntityMention("A", "Drug", 50, 55, 0, "a"))
    >>> [m.start for m in closest_mentions([a, c], [b])]
    [50, 40]
    """
    best, pair = None, None
    for x in xs:
        for y in ys:
            d = y.start - x.end if x.start <= y.start else x.start - y.end
            if best is None or d < best:
                best, pair = d, (x, y)
    return pair


def mentions_from_pubtator(doc, sentences) -> list[EntityMention]:
    """The gold mentions of a :class:`~neurograph.extract.pubtator.PubTatorDocument`, one record per concept id.

    Mentions of types the model does not relate (organisms, cell lines) are
    kept as kind ``other``; mentions without an id are dropped.
    """
    starts = [s.start for s in sentences]
    out = []
    for m in doc.mentions:
        category, kind = PUBTATOR_TYPES.get(m.type.lower(), ("", "other"))
        si = sentence_index(starts, m.start)
        for concept in m.ids:
            out.append(EntityMention(concept, category, m.start, m.end, si, m.text, kind))
    out.sort(key=_span)
    return out


def mentions_from_records(mentions: Iterable, category_of: Mapping[str, str]) -> list[EntityMention]:
    """Records for neurograph's own mentions (:class:`~neurograph.records.Mention`); ``category_of`` maps ids to categories."""
    get = category_of.get
    out = [EntityMention(m.entity_id, get(m.entity_id, ""), m.start, m.end, m.sentence, m.text) for m in mentions]
    out.sort(key=_span)
    return out


_span = attrgetter("start", "end")


def candidates(mentions: list[EntityMention], kind_pairs: frozenset[str] | None = None,
               max_gap: int | None = None) -> list[Candidate]:
    """Every pair of distinct entities whose kinds can hold a relation.

    ``kind_pairs`` (``"chemical|disease"``...) limits the pairs to those the
    model saw relations between; by default any two kinds but ``other``.
    ``max_gap`` limits how many sentences apart the closest mentions may be:
    by default none for an abstract-sized document, :data:`MAX_SENTENCE_GAP`
    for a longer one.
    """
    by_id: dict[str, list[EntityMention]] = {}
    for m in mentions:
        if m.kind != "other":
            by_id.setdefault(m.id, []).append(m)
    if max_gap is None:
        last = max((m.sentence for m in mentions), default=0)
        max_gap = last + 1 if last < ABSTRACT_SENTENCES else MAX_SENTENCE_GAP
    order = sorted(by_id, key=lambda i: (KIND_ORDER[by_id[i][0].kind], by_id[i][0].start))
    sentences_of = {i: sorted({m.sentence for m in by_id[i]}) for i in order}
    rank = {entity: x for x, entity in enumerate(order)}
    near_only = max_gap <= 2
    if near_only:
        # A long document: only entities within a few sentences of each other, found sentence by sentence.
        in_sentence: dict[int, set[str]] = {}
        for entity, sis in sentences_of.items():
            for si in sis:
                in_sentence.setdefault(si, set()).add(entity)
        near: set[tuple[str, str]] = set()
        by_rank = rank.__getitem__
        for si, here in in_sentence.items():
            if max_gap == 0:  # the entities of each sentence, two by two in rank order
                near.update(combinations(sorted(here, key=by_rank), 2))
                continue
            around = set().union(*(in_sentence.get(sj, ()) for sj in range(si, si + max_gap + 1)))
            for x in here:
                for y in around:
                    if x != y:
                        near.add((x, y) if rank[x] < rank[y] else (y, x))
        pairs = sorted(near, key=lambda xy: (rank[xy[0]], rank[xy[1]]))
    else:
        pairs = [(a, b) for x, a in enumerate(order) for b in order[x + 1:]]
    out = []
    kind_of = {entity: ms[0].kind for entity, ms in by_id.items()}
    for a, b in pairs:
        kind_a, kind_b = kind_of[a], kind_of[b]
        if kind_pairs is not None and f"{kind_a}|{kind_b}" not in kind_pairs:
            continue
        # (pairs found sentence by sentence with no gap allowed share one: no need to measure)
        gap = _gap(sentences_of[a], sentences_of[b]) if max_gap or not near_only else 0
        if gap > max_gap:
            continue
        out.append(Candidate(a, b, kind_a, kind_b, by_id[a], by_id[b], gap))
    return out


def _gap(xs: list[int], ys: list[int]) -> int:
    """The smallest difference between two sorted lists of sentence indexes."""
    i = j = 0
    best = 1 << 30
    while i < len(xs) and j < len(ys):
        d = xs[i] - ys[j]
        if d == 0:
            return 0
        if d < 0:
            best = min(best, -d)
            i += 1
        else:
            best = min(best, d)
            j += 1
    return best
