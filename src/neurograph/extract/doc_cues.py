"""Document-level features of a pair: how it stands among the other pairs of its abstract.

An abstract about a drug's adverse effect names the drug beside many
diseases: the one it induced, the disease it was given for, symptoms, other
patients' diseases. Which of them the abstract is *about* shows in how the
pair stands against the entities' other partners, which no feature of one
pair's sentences sees:

- ``<kinds>|corank_a=1`` (``2``, ``3+``, ``none``): among the entities of
  ``b``'s kind that share a sentence with ``a``, the rank of ``b`` by the
  number of sentences it shares with ``a`` (ties share a rank); ``corank_b``
  the same from ``b``'s side;
- ``<kinds>|cuerank_a=1`` (``2+``): the same rank, counting only the shared
  sentences that hold a cause word ("induced", "caused", "developed",
  "toxicity", "after"...); for a chemical and a disease, ``cuerank_a=none``
  when none of their shared sentences holds one;
- ``<kinds>|induces_other_a``: ``a`` is named as what induced another entity
  of ``b``'s kind ("a-induced Y", "Y induced by a"), but never ``b``.
- ``<kinds>|general_b`` (``specific_b``): ``b`` is a disease whose name is
  inside another disease's name of the abstract ("renal failure" in "acute
  renal failure"), or holds one;
- ``<kinds>|broader_b``: ``b`` is a disease with a narrower disease in the
  abstract, by the ontology's hierarchy ("stroke" beside "hemorrhagic
  stroke", "liver disease" beside "hepatitis": :mod:`neurograph.hierarchy`);
  ``broader_paired_b`` when that narrower disease shares a sentence with
  ``a``; ``narrower_b`` when ``b`` has a broader disease in the abstract;
- ``<kinds>|background_b``: ``b`` is a disease the patients had
  ("patients with Y", "a history of Y", "Y patients");
- ``<kinds>|title_cause``: the title holds a cause word or an "-induced"
  suffix (the abstract is about what something brought about).

Called from :func:`neurograph.extract.features.pair_features`; the
per-document part is computed once and kept on the document's
:class:`~neurograph.extract.features.DocumentContext`.

Examples
--------
>>> from neurograph.extract.candidates import EntityMention, candidates
>>> from neurograph.extract.features import DocumentContext
>>> text = "Cocaine-induced seizures. Cocaine caused seizures and fever. Fever was seen with cocaine."
>>> ms = [EntityMention("C", "Drug", 0, 7, 0, "Cocaine"), EntityMention("S", "Disorder", 16, 24, 0, "seizures"),
...       EntityMention("C", "Drug", 26, 33, 1, "Cocaine"), EntityMention("S", "Disorder", 41, 49, 1, "seizures"),
...       EntityMention("F", "Disorder", 54, 59, 1, "fever"), EntityMention("F", "Disorder", 61, 66, 2, "Fever"),
...       EntityMention("C", "Drug", 81, 88, 2, "cocaine")]
>>> context = DocumentContext(text, [(0, 25), (26, 60), (61, 89)], ms)
>>> by_pair = {}
>>> for c in candidates(ms, frozenset({"chemical|disease"})):
...     feats = set()
...     doc_cue_features(feats, c, context)
...     by_pair[c.b] = sorted(feats)
>>> by_pair["S"]
['chemical|disease|corank_a=1', 'chemical|disease|corank_b=1', 'chemical|disease|cuerank_a=1']
>>> by_pair["F"]
['chemical|disease|corank_a=1', 'chemical|disease|corank_b=1', 'chemical|disease|cuerank_a=2+', 'chemical|disease|induces_other_a']
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import permutations

# Trigger stems (extract/features.py) of a sentence that says what a chemical brought about.
_CAUSE_STEMS = frozenset({"induc", "caus", "provok", "elicit", "develop", "onset", "toxic", "adverse", "result",
                          "after", "following", "during", "overdose", "intoxicat", "exposure", "expos",
                          "hepatotox", "nephrotox", "cardiotox", "neurotox", "ototox", "complicat", "side"})
_CAUSE_SUFFIXES = frozenset({"induced", "associated", "related", "exposed"})
# A disease the patients had before anything was given: "patients with Y", "a history of Y", "Y patients".
_BACKGROUND_BEFORE = re.compile(
    r"(?:\b(?:patients?|children|adults|women|men|subjects|individuals|volunteers|cases|people|those)\s+"
    r"(?:\w+\s+)?(?:with|having|suffering\s+from)|\bhistory\s+of|\bdiagnosed\s+(?:with|as)|\bunderlying)\s+"
    r"(?:(?:an?|the|known|chronic|severe|mild|acute|stable|advanced)\s+)*$")
_BACKGROUND_AFTER = re.compile(r"^\s*(?:patients|subjects|children|cases)\b")
_BACKGROUND_WORDS = ("with", "having", "suffering", "history", "diagnosed", "underlying")  # one in every match
_BACKGROUND_AFTER_WORDS = ("patients", "subjects", "children", "cases")
_MAX_NESTED = 100  # disease entities of a document compared for nested names (a long paper has more)
_KEY = "doc_cues"  # its slot in DocumentContext.cues_of


@dataclass
class _Tables:
    """What one document says of its entities, read once for all its candidates."""

    shared: Counter  # (x, y) -> the sentences naming both
    counts: dict[tuple[str, str], list[int]]  # (x, kind) -> the shared counts of x's partners of that kind
    kind: dict[str, str]  # entity -> its kind
    general: set[str]  # diseases whose name is inside another disease's name
    specific: set[str]  # diseases whose name holds another's
    narrower_of: dict[str, list[str]]  # disease -> the narrower diseases of the document (by the hierarchy)
    has_broader: set[str]  # diseases with a broader disease in the document
    title_cue: bool  # the title holds a cause word
    entities_in: dict[int, dict[str, None]]  # sentence -> its entities, in order (where it names two or more)
    plain: bool  # no character of the text is read by a case-blind pattern as an ASCII letter (_CASE_TWINS)
    # Read when a candidate first asks (_caused, _background): most are decided before.
    caused: dict[str, tuple[Counter, dict[str, list[int]]]] | None = None  # x -> ({y: shared sentences holding a
    #                                                  cause word}, {kind: those counts of x's partners of that kind})
    background: dict[str, bool] | None = None  # disease -> whether the patients had it
    whole: bool = False  # caused holds every entity of the document (the others have none)
    filled: set[str] | None = None  # in a long document, the entities whose partners shared and counts hold
    whole_background: bool = False  # the same for background
    own: dict = field(default_factory=dict)  # (entity, side, kinds) -> what the entity alone gives (_own_ranks)
    own_causes: dict = field(default_factory=dict)  # (entity, side, kinds, partner's kind) -> (cause_features)


def _document(context) -> _Tables:
    """The document's :class:`_Tables`, made on the first call for its context."""
    cached = context.cues_of.get(_KEY)
    if cached is not None:
        return cached
    from .features import _CASE_TWINS  # (here: features imports this module)

    # (the ranks below count how many partners have more: the order of the counts is no matter)
    shared: Counter[tuple[str, str]] = Counter()
    kind = {m.id: m.kind for m in context.mentions}
    by_sentence, _ = context.by_sentence(context.mentions)
    lower = context.lower
    plain = not any(c in lower for c in _CASE_TWINS)  # (then a word the patterns need is in the lower-cased text)
    entities_in: dict[int, dict[str, None]] = {}
    long = context.longer_than_abstract  # (then each entity's partners are counted when a candidate first asks: _fill)
    for si, ms in by_sentence.items():
        here = dict.fromkeys(m.id for m in ms)  # the sentence's entities, in order
        if len(here) < 2:
            continue
        entities_in[si] = here
        if not long:
            shared.update(permutations(here, 2))  # every ordered pair of two entities (counted in C)
    # Per entity and kind of partner, the partners' counts, for the ranks.
    counts: dict[tuple[str, str], list[int]] = {}
    for (x, y), n in shared.items():
        counts.setdefault((x, kind[y]), []).append(n)
    # Disease names inside other disease names: "renal failure" in "acute renal failure" (an abstract's
    # annotators relate the most specific one they name).
    names: dict[str, set[str]] = {}
    for m in context.mentions:
        if m.kind == "disease":
            names.setdefault(m.id, set()).add(" " + " ".join(m.text.lower().split()) + " ")
    general, specific = set(), set()
    if len(names) <= _MAX_NESTED:
        general, specific = _nested(names)
    narrower_of, has_broader = _by_hierarchy(names)
    title_cue = False
    if context.title_end:
        title_cue = any(_cause_sentence(context, si, [m for m in by_sentence.get(si, ()) if m.start < context.title_end],
                                        plain)
                        for si, (start, _) in enumerate(context.sentences) if start < context.title_end)
    cached = context.cues_of[_KEY] = _Tables(shared, counts, kind, general, specific, narrower_of,
                                             has_broader, title_cue, entities_in, plain, filled=set() if long else None)
    return cached


def _fill(tables: _Tables, context, x: str) -> None:
    """In a long document, count the partners of ``x`` into ``shared`` and ``counts``, from the sentences naming it
    (an abstract's tables hold every entity's from the start)."""
    if tables.filled is None or x in tables.filled:
        return
    tables.filled.add(x)
    partners: Counter[str] = Counter()
    for si in context.sentences_of(x):
        here = tables.entities_in.get(si)
        if here is not None:
            partners.update(y for y in here if y != x)
    for y, n in partners.items():
        tables.shared[(x, y)] = n
        tables.counts.setdefault((x, tables.kind[y]), []).append(n)


def _caused(tables: _Tables, context, x: str) -> tuple[Counter, dict[str, list[int]]]:
    """For entity ``x``, per partner the sentences naming both that hold a cause word, and per kind of partner those
    counts. Read when a candidate first asks (the sentences' cause words are most of the cost, and most candidates
    are decided before they ask): in a long document from the sentences naming ``x``, else for the whole document
    at once (an abstract's pairs read every sentence many times over)."""
    by_sentence, _ = context.by_sentence(context.mentions)
    if tables.caused is None:
        tables.caused = {}
        if not context.longer_than_abstract:
            caused: Counter[tuple[str, str]] = Counter()
            for si, here in tables.entities_in.items():
                if _cause_sentence(context, si, by_sentence[si], tables.plain):
                    caused.update(permutations(here, 2))  # every ordered pair of two entities (counted in C)
            for (a, b), n in caused.items():
                entry = tables.caused.get(a)
                if entry is None:
                    entry = tables.caused[a] = (Counter(), {})
                entry[0][b] = n
                entry[1].setdefault(tables.kind[b], []).append(n)
            tables.whole = True
    found = tables.caused.get(x)
    if found is None:
        if tables.whole:
            return _NONE_CAUSED
        cues = context.cache(_CUE_KEY)  # sentence -> whether it holds a cause word
        counts: Counter[str] = Counter()
        for si in context.sentences_of(x):
            here = tables.entities_in.get(si)
            if here is None:
                continue  # (no other entity there)
            cue = cues.get(si)
            if cue is None:
                cue = cues[si] = _cause_sentence(context, si, by_sentence[si], tables.plain)
            if cue:
                counts.update(y for y in here if y != x)
        by_kind: dict[str, list[int]] = {}
        for y, n in counts.items():
            by_kind.setdefault(tables.kind[y], []).append(n)
        found = tables.caused[x] = (counts, by_kind)
    return found


_NONE_CAUSED: tuple[Counter, dict[str, list[int]]] = (Counter(), {})
_CUE_KEY = "doc_cues.cause"  # (DocumentContext.cues_of) sentence -> whether it holds a cause word


def _background(tables: _Tables, context, x: str) -> bool:
    """Whether ``x`` is a disease the patients had ("patients with Y", "a history of Y", "Y patients"); read when
    a candidate first asks, from the mentions of ``x`` in a long document, else for the whole document at once."""
    if tables.background is None:
        tables.background = {}
        if not context.longer_than_abstract:
            for m in context.mentions:
                if m.kind == "disease" and not tables.background.get(m.id) and _background_mention(context, m):
                    tables.background[m.id] = True
            tables.whole_background = True
    found = tables.background.get(x)
    if found is None:
        found = False if tables.whole_background else any(
            _background_mention(context, m) for m in context.mentions_of(x) if m.kind == "disease")
        tables.background[x] = found
    return found


def _background_mention(context, m) -> bool:
    """Whether the words around a disease's mention say the patients had it."""
    lower = context.lower
    start, end = context.sentences[m.sentence]
    before, after = lower[max(start, m.start - 50):m.start], lower[m.end:min(end, m.end + 12)]
    # (each pattern needs one of its words: most windows hold none)
    return bool((any(map(before.__contains__, _BACKGROUND_WORDS)) and _BACKGROUND_BEFORE.search(before))
                or (any(map(after.__contains__, _BACKGROUND_AFTER_WORDS)) and _BACKGROUND_AFTER.match(after)))


def _nested(names: dict[str, set[str]]) -> tuple[set[str], set[str]]:
    """The entities whose name is inside another entity's name (general), and those others (specific).

    A name is its words between single spaces, with a space at each end, so one name is inside another exactly
    when its words are a run of the other's words: each name's runs are looked up among the names, instead of
    testing every two names of every two entities.

    >>> general, specific = _nested({"a": {" renal failure "}, "b": {" acute renal failure "}, "c": {" renal "}})
    >>> sorted(general), sorted(specific)
    (['a', 'c'], ['a', 'b'])
    """
    owners: dict[str, list[str]] = {}
    for x, xs in names.items():
        for t in xs:
            owners.setdefault(t, []).append(x)
    general, specific = set(), set()
    for y, ys in names.items():
        for u in ys:
            words = u.split(" ")[1:-1]
            n = len(words)
            for i in range(n):
                for j in range(i + 1, n + 1):
                    if j - i == n:
                        continue  # the whole name: not inside itself
                    for x in owners.get(" " + " ".join(words[i:j]) + " ", ()):
                        if x != y:
                            general.add(x)
                            specific.add(y)
    return general, specific


def _by_hierarchy(diseases) -> tuple[dict[str, list[str]], set[str]]:
    """Each disease's narrower diseases among ``diseases`` (by :func:`neurograph.hierarchy.current_hierarchy`),
    and the diseases that have a broader one.

    >>> from neurograph.hierarchy import Hierarchy, use_hierarchy
    >>> with use_hierarchy(Hierarchy({"S": ["C10.228"], "H": ["C10.228.1"], "F": ["C23.888"]})):
    ...     _by_hierarchy(["S", "H", "F", "X"])
    ({'S': ['H']}, {'H'})
    """
    from ..hierarchy import current_hierarchy

    hierarchy = current_hierarchy()
    placed = [d for d in diseases if hierarchy.places(d)]
    narrower_of: dict[str, list[str]] = {}
    has_broader: set[str] = set()
    if len(placed) < 2 or len(placed) > _MAX_NESTED:
        return narrower_of, has_broader
    # (each disease is filed under every tree number above it; a disease's narrower ones are those filed under
    # one of its own places: no test of every two diseases)
    under: dict[str, list[str]] = {}
    for y in placed:
        for node in hierarchy.above(y):
            under.setdefault(node, []).append(y)
    for x in placed:
        found = [y for place in hierarchy.places(x) for y in under.get(place, ()) if y != x]
        if found:
            narrower_of[x] = list(dict.fromkeys(found))
            has_broader.update(found)
    return narrower_of, has_broader


def _cause_sentence(context, si: int, ms, plain: bool) -> bool:
    """Whether sentence ``si`` (its mentions ``ms``) holds a cause word, or a mention with a cause suffix
    ("Cocaine-induced" is one word, read as the mention: its suffix is the cue)."""
    start, end = context.sentences[si]
    sentence = context.lower[start:end]
    # (a word's stem is part of the sentence: one without any stem has no cause word, and needs no words read)
    if (not plain or any(map(sentence.__contains__, _CAUSE_STEMS))) and not _CAUSE_STEMS.isdisjoint(
            context.sentence_triggers(si)):
        return True
    if plain and not any(map(sentence.__contains__, _CAUSE_SUFFIXES)):
        return False
    return any(context.suffix(m.end) in _CAUSE_SUFFIXES for m in ms)


def _rank(n: int, others: list[int]) -> int:
    """1 + how many of ``others`` are greater than ``n``."""
    return 1 + sum(1 for o in others if o > n)


def doc_cue_features(feats: set[str], candidate, context) -> None:
    """Add the document-level features of one candidate to ``feats`` (see the module docstring): its
    :func:`rank_features` and :func:`cause_features`."""
    rank_features(feats, candidate, context)
    cause_features(feats, candidate, context)


def rank_features(feats: set[str], candidate, context) -> None:
    """Add the features of a candidate that the document's tables give at once: ``corank``, ``general``,
    ``specific``, ``narrower``, ``broader``, ``broader_paired`` and ``title_cause``."""
    tables = _document(context)
    shared, counts = tables.shared, tables.counts
    kinds = candidate.kinds
    for side, x, y, kind_y in (("a", candidate.a, candidate.b, candidate.kind_b),
                               ("b", candidate.b, candidate.a, candidate.kind_a)):
        _fill(tables, context, x)
        n = shared.get((x, y), 0)
        if n:
            rank = _rank(n, counts[(x, kind_y)])
            feats.add(f"{kinds}|corank_{side}={rank if rank < 3 else '3+'}")
        else:
            feats.add(f"{kinds}|corank_{side}=none")
        own, narrower = _own_ranks(tables, x, side, kinds)
        feats.update(own)
        if narrower:
            _fill(tables, context, y)
            if any(shared.get((y, z)) for z in narrower):
                feats.add(f"{kinds}|broader_paired_{side}")
    if tables.title_cue:
        feats.add(f"{kinds}|title_cause")


def _own_ranks(tables: _Tables, x: str, side: str, kinds: str) -> tuple[tuple[str, ...], list[str] | None]:
    """The features of :func:`rank_features` that entity ``x`` gives alone on ``side`` (``general``,
    ``specific``, ``narrower``, ``broader``), and its narrower diseases: kept per entity, side and kinds, for
    all the pairs it is in."""
    own = tables.own
    key = (x, side, kinds)
    found = own.get(key)
    if found is None:
        names = [f"{kinds}|{name}_{side}" for name, members in (
            ("general", tables.general), ("specific", tables.specific), ("narrower", tables.has_broader))
            if x in members]
        narrower = tables.narrower_of.get(x)
        if narrower:
            names.append(f"{kinds}|broader_{side}")
        found = own[key] = (tuple(names), narrower)
    return found


def cause_features(feats: set[str], candidate, context) -> None:
    """Add the features of a candidate that read the sentences naming its entities: ``cuerank_a``,
    ``background`` and ``induces_other``."""
    from .pair_cues import induced_by  # (here: pair_cues imports features, which imports this module)

    tables = _document(context)
    kinds = candidate.kinds
    for side, x, y, kind_y in (("a", candidate.a, candidate.b, candidate.kind_b),
                               ("b", candidate.b, candidate.a, candidate.kind_a)):
        _fill(tables, context, x)
        if side == "a" and tables.shared.get((x, y), 0):
            caused, cue_counts = _caused(tables, context, x)
            c = caused.get(y, 0)
            if c:
                feats.add(f"{kinds}|cuerank_a={1 if _rank(c, cue_counts[kind_y]) == 1 else '2+'}")
            elif kinds == "chemical|disease":  # (they share sentences, none with a cause word)
                feats.add(f"{kinds}|cuerank_a=none")
        key = (x, side, kinds, kind_y)
        own = tables.own_causes.get(key)
        if own is None:  # (what x alone gives: kept for all the pairs it is in)
            made = induced_by(context, x)
            own = tables.own_causes[key] = (
                f"{kinds}|background_{side}" if _background(tables, context, x) else None,
                made if made and any(tables.kind.get(e) == kind_y for e in made) else None)
        if own[0] is not None:
            feats.add(own[0])
        if own[1] is not None and y not in own[1]:
            feats.add(f"{kinds}|induces_other_{side}")
