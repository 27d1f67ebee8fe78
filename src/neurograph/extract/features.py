"""Features of a relation candidate, named so that a reader can see why the model decided as it did.

Every feature is a binary indicator with a readable name (counts and
distances are put into buckets), for example:

- ``kinds=chemical|disease``: the two entities' kinds;
- ``gap=0``: the closest mentions share a sentence (``gap=1``: neighbouring sentences...);
- ``trig_btw=induc``: a trigger word between the two mentions (``trig_pre``,
  ``trig_post``: within five words before or after them);
- ``btw=of``: a word between them (lower-cased; other entities read as ``<gene>``...);
- ``tokens=4-7``: words between them;
- ``suffix_a=induced``: "X-induced", "X-associated", "X-mediated" right after the first entity;
- ``pat=treated_with``, ``pat=after_administration``;
- ``neg_btw``, ``neg_sent``, ``hedge_sent``: the extraction's negation and hedge cues;
- ``count_a=3-4``, ``top_a`` (the most mentioned entity of its kind), ``title_a``, ``title_both``;
- ``rule=CAUSES``: what the rules said about the pair, if anything;
- ``name_a=cocaine``, ``head_b=toxicity``: the entity's name in the document, and its last word;
- every feature again prefixed by the two kinds (``chemical|disease:btw=of``).

``a`` is the candidate's first entity (see :mod:`neurograph.extract.candidates`).

Examples
--------
>>> from neurograph.extract.candidates import EntityMention, candidates
>>> text = "Cocaine-induced seizures in rats."
>>> ms = [EntityMention("D1", "Drug", 0, 7, 0, "Cocaine"), EntityMention("D2", "Disorder", 16, 24, 0, "seizures")]
>>> context = DocumentContext(text, [(0, len(text))], ms)
>>> feats = pair_features(candidates(ms)[0], context)
>>> "suffix_a=induced" in feats, "gap=0" in feats, "kinds=chemical|disease" in feats
(True, True, True)
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import accumulate, groupby, repeat
from operator import attrgetter, le
from typing import Mapping

from .candidates import ABSTRACT_SENTENCES, closest_mentions

_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[(),;:]")
# The same words, matched without keeping backtracking points (an atomic group, possessive repeats): nothing
# follows a word in the pattern, so no match can differ, and the split is twice as fast.
_TOKEN_SPLIT = re.compile(r"((?>[a-z0-9]++(?:['-][a-z0-9]++)*+)|[(),;:])")
# Stems of words that state a relation; the stem names the feature.
TRIGGER_STEMS = (
    "induc", "caus", "provok", "elicit", "toxic", "risk", "develop", "onset", "result",
    "treat", "therap", "prevent", "protect", "attenuat", "ameliorat", "alleviat", "improv", "revers", "rescu",
    "reduc", "decreas", "lower", "inhibit", "suppress", "block", "antagon", "abolish", "diminish",
    "increas", "enhanc", "elevat", "stimulat", "activat", "potentiat", "upregulat", "up-regulat",
    "downregulat", "down-regulat", "express", "level",
    "associat", "correlat", "link", "relat", "contribut", "involv", "mediat", "depend", "role",
    "bind", "bound", "interact", "complex", "combin", "plus", "co-administ", "coadminist", "together",
    "compar", "versus", "vs", "than", "metaboli", "convert", "conversion",
    "mutat", "variant", "polymorph", "allele", "carrier", "deficien", "loss", "patient", "case",
    "effect", "response", "receiv", "administ", "exposure", "expos", "dose", "overdose", "intoxicat",
    "withdraw", "adverse", "side", "following", "after", "during",
    # treating and curing ("corrected the hypothyroidism"), killing tumour cells, resistance to a drug
    "correct", "normaliz", "normalis", "restor", "cure", "curat", "relie", "benefi", "effica", "remission",
    "antitumo", "anticancer", "antiprolif", "apoptos", "kill", "cytotox", "chemotherap", "resist", "sensitiz",
    # worsening, and organ toxicity named in one word ("hepatotoxicity")
    "exacerbat", "aggravat", "worsen", "precipitat", "hepatotox", "nephrotox", "cardiotox", "neurotox", "ototox",
    "complicat", "discontinu",
)
# Which way a trigger pushes: what a reader would call "more" or "less" (treating and protecting lessen a disease).
_UP = frozenset({"induc", "caus", "provok", "elicit", "toxic", "increas", "enhanc", "elevat", "stimulat", "activat",
                 "potentiat", "upregulat", "up-regulat", "develop", "onset", "risk", "overdose", "intoxicat", "adverse",
                 "exacerbat", "aggravat", "worsen", "precipitat", "hepatotox", "nephrotox", "cardiotox", "neurotox",
                 "ototox"})
_DOWN = frozenset({"treat", "therap", "prevent", "protect", "attenuat", "ameliorat", "alleviat", "improv", "revers",
                   "rescu", "reduc", "decreas", "lower", "inhibit", "suppress", "block", "antagon", "abolish",
                   "diminish", "downregulat", "down-regulat", "deficien", "loss",
                   "correct", "normaliz", "normalis", "restor", "cure", "curat", "relie", "benefi", "effica", "remission",
                   "antitumo", "anticancer", "antiprolif"})
# The stems that push one way: a sentence without any at the start of a word gives no entity a role.
_ROLE_STEMS = tuple(sorted(_UP | _DOWN))
_PUSH = {stem: stem for stem in _ROLE_STEMS}


def _stems_at_word_start(stems, longest: bool = False) -> re.Pattern:
    """A pattern finding any of ``stems`` where a word can start (after no letter or digit), alternatives grouped
    under their first letter (at each word the engine tests one letter per group); with ``longest``, the longest
    stem there (the alternatives of a letter longest first), as the match's group 1.

    >>> _stems_at_word_start(["induc", "in", "treat"], longest=True).findall("an inducer treated in")
    ['induc', 'treat', 'in']
    """
    groups: dict[str, list[str]] = {}
    for stem in sorted(stems, key=len, reverse=True) if longest else stems:
        groups.setdefault(stem[0], []).append(re.escape(stem[1:]))
    body = "|".join(f"{re.escape(k)}(?:{'|'.join(v)})" for k, v in groups.items())
    return re.compile(f"(?<![a-z0-9])({body})" if longest else f"(?<![a-z0-9])(?:{body})")


# A word's stem starts the word, and a word starts after no letter or digit: a sentence (searched as a string of
# its own) without a match has no word with a role stem. Three times faster than substring tests of every stem.
_ROLE_START = _stems_at_word_start(_ROLE_STEMS)
# The longest role stem at each word start (a word's trigger stem is the longest of TRIGGER_STEMS it starts with: when
# that is a role stem, it is the longest role stem there too).
_ROLE_WORD = _stems_at_word_start(_ROLE_STEMS, longest=True)
_TRIGGER = re.compile(r"^(" + "|".join(sorted((re.escape(s) for s in TRIGGER_STEMS), key=len, reverse=True)) + ")")
_SUFFIX = re.compile(r"\s*-?\s*(induced|associated|mediated|related|dependent|treated|exposed|resistant|"
                     r"sensitive|responsive|deficient|positive|negative|null|knockout|free)\b", re.I)
# The ASCII characters a _SUFFIX match can start with: white space (as ``\s`` reads it), a hyphen, and the suffix
# words' first letters in either case.
_SUFFIX_STARTS = frozenset({chr(c) for c in range(128) if chr(c).isspace()} | set("-iamrdtespnkfIAMRDTESPNKF"))
_TREATED_WITH = re.compile(r"\b(?:treated|treatment|therapy|managed|given|received|receiving)\s+(?:\w+\s+){0,2}?with\b", re.I)
_AFTER_ADMIN = re.compile(r"\b(?:after|following|during|upon)\b[^.;]{0,80}?\b(?:administration|injection|treatment|"
                          r"exposure|infusion|ingestion|intake|use|therapy|overdose|dosing|withdrawal)\b", re.I)
# Words one of which each pattern needs (for a cheap test before the search).
_TREATED_WITH_WORDS = ("treat", "therapy", "managed", "given", "receiv")
_AFTER_ADMIN_WORDS = ("after", "following", "during", "upon")
_BETWEEN_CAP = 6
_ROLE_REACH = 3  # words either side of a mention that say what the entity does
_ROLE_CHARS = 40  # ... looked for this many characters away
_ROLE_MENTIONS = 12  # mentions of one entity read for its role (a long document names some entities often)  # words kept from each end of a long between-text
# The lookahead holds the alternatives' first letters: most positions are turned down at once.
_CONCLUSION = re.compile(r"\b(?=[ctiws])(?:conclusions?|in\s+summary|taken\s+together|these\s+(?:results|findings|data)|"
                         r"we\s+conclude|suggest)", re.I)
_CONCLUSION_WORDS = ("conclu", "summary", "together", "these", "suggest")  # one of them is in every match
# The characters a case-blind pattern matches to an ASCII letter besides its two cases (ı, İ for i; ſ for s;
# the Kelvin sign for k): where a text holds none, a pattern's words must be in it as written, lower-cased.
_CASE_TWINS = ("\u0130", "\u0131", "\u017f", "\u212a")
_ID = attrgetter("id")
_SENTENCE = attrgetter("sentence")


def _cues():
    # The extraction's own negation and hedge patterns, so that both read a sentence the same way.
    from .modifiers import _HEDGE, _NEGATION

    return _NEGATION, _HEDGE


def bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 4, 8, 16)) -> str:
    """A readable bucket name for a count: ``0``, ``1``, ``2-3``, ..., ``16+``.

    >>> [bucket(n) for n in (0, 1, 3, 5, 30)]
    ['0', '1', '2-3', '4-7', '16+']
    """
    key = (n, edges)
    name = _BUCKETS.get(key)
    if name is None:
        name = f"{edges[-1]}+"
        for lo, hi in zip(edges, edges[1:]):
            if lo <= n < hi:
                name = str(lo) if hi == lo + 1 else f"{lo}-{hi - 1}"
                break
        if len(_BUCKETS) < 10_000:
            _BUCKETS[key] = name
    return name


_BUCKETS: dict[tuple[int, tuple[int, ...]], str] = {}


class DocumentContext:
    """What the features of every candidate of one document share: text, sentences, mentions, counts.

    ``sentences`` are ``(start, end)`` offsets; ``title_end`` is where the
    title ends (0 when the document has none); ``rule_types`` maps a frozenset
    of two entity ids to the relationship types the rules found for them.
    """

    def __init__(self, text: str, sentences, mentions, title_end: int = 0,
                 rule_types: Mapping[frozenset, set[str]] | None = None):
        self.text = text
        self.lower = text.lower()
        self.sentences = [(s[0], s[1]) if isinstance(s, tuple) else (s.start, s.end) for s in sentences]
        # A document longer than an abstract: its pairs read the sentences naming their entities, not every
        # sentence (pair_cues, doc_cues; in an abstract, its pairs read them all many times over).
        self.longer_than_abstract = len(self.sentences) > ABSTRACT_SENTENCES
        self.mentions = mentions
        self.title_end = title_end
        self.rule_types = rule_types or {}
        self.counts = Counter(map(_ID, mentions))
        kind_of = {m.id: m.kind for m in mentions}
        top: dict[str, tuple[int, str]] = {}
        for entity, n in self.counts.items():
            kind = kind_of[entity]
            if kind not in top or n > top[kind][0]:
                top[kind] = (n, entity)
        self.top = {entity for _, entity in top.values()}
        self.kind_counts = Counter(kind_of.values())
        names: dict[str, dict[str, int]] = {}
        folded: dict[str, str] = {}
        for m in mentions:
            text = folded.get(m.text)
            if text is None:
                text = folded[m.text] = " ".join(m.text.lower().split())
            c = names.get(m.id)
            if c is None:
                names[m.id] = {text: 1}
            else:
                c[text] = c.get(text, 0) + 1
        # The name an entity goes by in this document, and its last word ("toxicity", "receptor").
        self.name = {e: max(c, key=lambda t: (c[t], t)) if len(c) > 1 else next(iter(c)) for e, c in names.items()}
        self.in_title = {m.id for m in mentions if m.start < title_end}
        last = len(self.sentences) - 1
        self._conclusion_words: list[tuple[int, int]] | bool | None = False  # (not read yet)
        concluding = {si for si in {m.sentence for m in mentions}
                      if si >= last - 1 or self._concludes(si)} if last >= 3 else set()
        self.in_conclusion = {m.id for m in mentions if m.sentence in concluding}
        self._by_sentence: dict[int, list] = {}
        for si, group in groupby(mentions, key=_SENTENCE):  # (runs of one sentence: mentions come in order)
            self._by_sentence.setdefault(si, []).extend(group)
        self._tokens: dict[int, list[tuple[int, int, str]]] = {}
        self._sentence_cues: dict[int, tuple[bool, bool]] = {}
        self._triggers: dict[int, set[str]] = {}
        self._patterns: dict[int, tuple[str, ...]] = {}
        self._roles: dict[str, frozenset[str]] = {}
        self._prefixed_triggers: dict[tuple[int, str], list[str]] = {}
        self._suffixes: dict[int, str | None] = {}
        self._entity_features: dict[tuple, tuple] = {}
        self._role_features: dict[tuple, tuple] = {}
        self._grouped: dict[int, tuple] = {}  # id of a mention list -> (the list, by sentence, sentence indexes)
        self._role_stems: dict[int, bool] = {}
        self._sentence_role_stems: dict[int, frozenset[str]] = {}
        self._pushes: dict[int, list[str | None]] = {}
        self._arrays: dict[int, tuple[list[int], list[str], list[str | None]]] = {}
        self._lists: dict[int, tuple[list[int], list[int], list[str]]] = {}
        self._mentions_of: dict[str, list] | None = None  # entity -> its mentions (see mentions_of)
        self._sentences_of: dict[str, list[int]] = {}
        self.cues_of: dict[str, object] = {}  # per-document parts of pair_cues and doc_cues, by module

    def cache(self, key: str) -> dict:
        """The dict kept in :attr:`cues_of` under ``key`` (a module's name for its per-document memo), made empty
        on first use."""
        found = self.cues_of.get(key)
        if found is None:
            found = self.cues_of[key] = {}
        return found

    def mentions_of(self, entity: str) -> list:
        """The mentions of ``entity``, in order (grouped once for all the document's entities)."""
        grouped = self._mentions_of
        if grouped is None:
            grouped = self._mentions_of = {}
            for m in self.mentions:
                grouped.setdefault(m.id, []).append(m)
        return grouped.get(entity, [])

    def sentences_of(self, entity: str) -> list[int]:
        """The indexes of the sentences naming ``entity``, in order."""
        found = self._sentences_of.get(entity)
        if found is None:
            found = self._sentences_of[entity] = sorted({m.sentence for m in self.mentions_of(entity)})
        return found

    def _concludes(self, si: int) -> bool:
        """Whether sentence ``si`` holds a :data:`_CONCLUSION` cue."""
        start, end = self.sentences[si]
        # Each alternative holds one of these words, so a sentence without any cannot match, unless a letter
        # is written as a character the case-blind pattern takes for it (_CASE_TWINS). Substring searches of
        # the whole text, once, are far cheaper than the pattern's search of each sentence.
        words = self._conclusion_words
        if words is False:
            lower = self.lower
            words = self._conclusion_words = None if any(c in lower for c in _CASE_TWINS) else sorted(
                (i, i + len(w)) for w in _CONCLUSION_WORDS for i in _find_all(lower, w))
        if words is not None:
            k = bisect_left(words, (start,))
            while k < len(words) and words[k][0] < end:
                if words[k][1] <= end:
                    break  # a word inside the sentence: search it
                k += 1
            else:
                return False
        return _CONCLUSION.search(self.lower, start, end) is not None

    def has_role_stem(self, si: int) -> bool:
        """Whether sentence ``si`` holds a stem of :data:`_UP` or :data:`_DOWN` where a word can start (after no
        letter or digit): a sentence without one has no word that pushes either way."""
        found = self._role_stems.get(si)
        if found is None:
            start, end = self.sentences[si]
            found = self._role_stems[si] = _ROLE_START.search(self.lower[start:end]) is not None
        return found

    def role_stems(self, si: int) -> frozenset[str]:
        """The stems of :data:`_UP` and :data:`_DOWN` that start a word of sentence ``si`` (the longest at each
        word start): every role :meth:`roles` finds in the sentence is one of them."""
        found = self._sentence_role_stems.get(si)
        if found is None:
            if self._role_stems.get(si) is False:
                found = frozenset()
            else:
                start, end = self.sentences[si]
                found = frozenset(_ROLE_WORD.findall(self.lower[start:end]))
                self._role_stems[si] = bool(found)  # (what has_role_stem says: one of the stems starts a word)
            self._sentence_role_stems[si] = found
        return found

    def roles(self, entity: str, mentions) -> frozenset[str]:
        """What the document says an entity does, wherever it is named: the trigger stems and
        "-induced"-style suffixes right beside its mentions (``induc``, ``treat``, ``sfx=induced``).

        A chemical called "X-induced" or "treated with X" anywhere in an abstract is a cause or a
        treatment in its other sentences too; this is what gives pairs across sentences a direction.
        """
        cached = self._roles.get(entity)
        if cached is not None:
            return cached
        found: set[str] = set()
        for m in mentions:
            si = m.sentence
            # (most sentences have no role stem: no need to read their words, unless they were read already)
            if si in self._arrays or self.has_role_stem(si):
                pushes = self.pushes(si)
                i = bisect_left(self._arrays[si][0], m.start)
                found.update(pushes[max(0, i - _ROLE_REACH):i])
                found.update(pushes[i + 1:i + 1 + _ROLE_REACH])
            suffix = self.suffix(m.end)
            if suffix:
                found.add("sfx=" + suffix)
        found.discard(None)
        cached = self._roles[entity] = frozenset(found)
        return cached

    def entity_features(self, entity: str, name: str, kind: str) -> tuple[str, ...]:
        """``name_a=``, ``head_a=``, ``<kind>_entities=`` and ``count_a=`` of an entity on side ``name``, and
        ``top_a`` and ``title_a`` when it is the most mentioned of its kind and named in the title."""
        key = (entity, name, kind)
        cached = self._entity_features.get(key)
        if cached is None:
            text = self.name[entity]
            cached = (f"name_{name}={text}", f"head_{name}={text.rsplit(' ', 1)[-1]}",
                      f"{kind}_entities={bucket(self.kind_counts[kind], (1, 2, 3, 5))}",
                      f"count_{name}={bucket(self.counts[entity])}")
            if entity in self.top:
                cached += (f"top_{name}",)
            if entity in self.in_title:
                cached += (f"title_{name}",)
            self._entity_features[key] = cached
        return cached

    def role_features(self, entity: str, mentions, name: str, kinds: str) -> tuple[tuple[str, ...], int, int]:
        """``<kinds>|role_a=<role>`` for the :meth:`roles` of an entity on side ``name``, and how many
        of its roles push up and down."""
        key = (entity, name, kinds)
        cached = self._role_features.get(key)
        if cached is None:
            roles = self.roles(entity, mentions)
            cached = self._role_features[key] = (tuple(f"{kinds}|role_{name}={role}" for role in roles),
                                                 sum(role in _UP for role in roles),
                                                 sum(role in _DOWN for role in roles))
        return cached

    def by_sentence(self, mentions) -> tuple[dict[int, list], list[int]]:
        """An entity's mentions by sentence index (in their order), and the sorted sentence indexes."""
        cached = self._grouped.get(id(mentions))
        if cached is None or cached[0] is not mentions:
            if mentions is self.mentions:  # (the document's own: grouped already)
                grouped = self._by_sentence
            else:
                grouped = {}
                for m in mentions:
                    grouped.setdefault(m.sentence, []).append(m)
            cached = self._grouped[id(mentions)] = (mentions, grouped, sorted(grouped))
        return cached[1], cached[2]

    def tokens(self, si: int) -> list[tuple[int, int, str]]:
        """(start, end, word) of sentence ``si``; words inside a mention read as its kind (``<gene>``)."""
        cached = self._tokens.get(si)
        if cached is None:
            cached = self._tokens[si] = list(zip(*self._token_lists(si)))
        return cached

    def _token_lists(self, si: int) -> tuple[list[int], list[int], list[str]]:
        """:meth:`tokens` as three lists (starts, ends, words), built once."""
        cached = self._lists.get(si)
        if cached is not None:
            return cached
        start, end = self.sentences[si]
        # [gap, word, gap, word, ..., gap]: the words and, from the lengths, their offsets, without a match
        # object per word (the same words as _TOKEN.finditer: the pattern looks at nothing outside a word)
        parts = _TOKEN_SPLIT.split(self.lower[start:end])
        offsets = list(accumulate(map(len, parts), initial=start))
        starts, ends, words = offsets[1::2], offsets[2::2], parts[1::2]
        ms = self._by_sentence.get(si)
        if not ms:
            cached = self._lists[si] = (starts, ends, words)
            return cached
        spans = sorted([(m.start, m.end, m.kind) for m in ms])
        if len(spans) == 1 or all(map(le, [span[1] for span in spans[:-1]], [span[0] for span in spans[1:]])):
            cached = self._lists[si] = _placeholders(starts, ends, words, spans)  # (mentions apart, the usual case)
            return cached
        found = list(zip(starts, ends, words))
        out = []
        k, n = 0, len(spans)
        span_start, span_end, span_kind = spans[0]
        last_word, last_end = None, -1
        for index, (t_start, t_end, group) in enumerate(found):
            while span_end <= t_start:
                k += 1
                if k == n:
                    break
                span_start, span_end, span_kind = spans[k]
            if k == n:  # past the last mention: the rest as found
                out.extend(found[index:])
                break
            if span_start < t_end:
                word = _PLACEHOLDER.get(span_kind) or f"<{span_kind}>"
                if last_word == word and last_end >= span_start:
                    continue  # one placeholder per mention
                out.append((span_start, span_end, word))
                last_word, last_end = word, span_end
            else:
                out.append((t_start, t_end, group))
                last_word, last_end = group, t_end
        cached = self._lists[si] = ([t[0] for t in out], [t[1] for t in out], [t[2] for t in out])
        return cached

    def token_arrays(self, si: int) -> tuple[list[int], list[str], list[str | None]]:
        """The :meth:`tokens` of sentence ``si`` as three lists: start offsets, words and trigger stems (or None)."""
        cached = self._arrays.get(si)
        if cached is None:
            starts, _, words = self._token_lists(si)
            stems = list(map(_TRIGGER_OF.get, words, repeat(_MISSING, len(words))))  # (remembered words, in C)
            if _MISSING in stems:
                stems = list(map(_trigger, words))
            cached = self._arrays[si] = (starts, words, stems)
        return cached

    def pushes(self, si: int) -> list[str | None]:
        """For each of the :meth:`tokens` of sentence ``si``, its stem when :data:`_UP` or :data:`_DOWN` has it."""
        cached = self._pushes.get(si)
        if cached is None:
            cached = self._pushes[si] = list(map(_PUSH.get, self.token_arrays(si)[2]))  # (None for the others)
        return cached

    def sentence_triggers(self, si: int) -> set[str]:
        """The trigger stems of sentence ``si``."""
        cached = self._triggers.get(si)
        if cached is None:
            cached = set(self.token_arrays(si)[2])
            cached.discard(None)
            self._triggers[si] = cached
        return cached

    def prefixed_triggers(self, si: int, prefix: str) -> list[str]:
        """``<prefix><stem>`` for the trigger stems of sentence ``si`` (``<kinds>|trig_sent=`` for a sentence naming
        both of a pair, ``trig_sent_a=`` for the nearest one across sentences); kept: an abstract's pairs read the
        same few sentences again and again."""
        key = (si, prefix)
        cached = self._prefixed_triggers.get(key)
        if cached is None:
            cached = self._prefixed_triggers[key] = [prefix + stem for stem in self.sentence_triggers(si)]
        return cached

    def suffix(self, end: int) -> str | None:
        """The "-induced"-style suffix right after offset ``end`` (lower-cased), if any."""
        word = self._suffixes.get(end, _MISSING)  # (most ends are met once: no KeyError raised for each)
        if word is _MISSING:
            text = self.text
            # A match starts with white space, a hyphen or a suffix word's first letter: most ends are followed by
            # something else (a comma, a full stop...). Any other character beyond ASCII is left to the pattern.
            first = text[end:end + 1]
            if first in _SUFFIX_STARTS or not first.isascii():
                found = _SUFFIX.match(text, end, min(end + 20, len(text)))
                word = found.group(1).lower() if found else None
            else:
                word = None
            self._suffixes[end] = word
        return word

    def patterns(self, si: int) -> tuple[str, ...]:
        """The sentence patterns of sentence ``si`` ("treated with", "after ... administration")."""
        cached = self._patterns.get(si)
        if cached is None:
            start, end = self.sentences[si]
            lower = self.lower[start:end]
            # The patterns' leading words must be there (a plain substring test of an ASCII sentence is exact,
            # and far cheaper than the case-insensitive search at every position).
            cached = self._patterns[si] = tuple(
                name for name, rx, words in (("pat=treated_with", _TREATED_WITH, _TREATED_WITH_WORDS),
                                             ("pat=after_administration", _AFTER_ADMIN, _AFTER_ADMIN_WORDS))
                if (not lower.isascii() or any(map(lower.__contains__, words))) and rx.search(self.text, start, end))
        return cached

    def cues(self, si: int) -> tuple[bool, bool]:
        """Whether sentence ``si`` holds a negation cue and a hedge cue."""
        cached = self._sentence_cues.get(si)
        if cached is None:
            negation, hedge = _cues()
            start, end = self.sentences[si]
            cached = (negation.search(self.lower, start, end) is not None, hedge.search(self.lower, start, end) is not None)
            self._sentence_cues[si] = cached
        return cached


def _placeholders(starts: list[int], ends: list[int], words: list[str],
                  spans: list[tuple[int, int, str]]) -> tuple[list[int], list[int], list[str]]:
    """:meth:`DocumentContext.tokens` (as three lists) for mentions that do not overlap: the words before,
    between and after them as found, and for the words of each mention one placeholder, found by bisection."""
    out_starts: list[int] = []
    out_ends: list[int] = []
    out_words: list[str] = []
    pos = 0
    last_word, last_end = None, -1
    for span_start, span_end, span_kind in spans:
        first = max(bisect_right(ends, span_start), pos)  # the words the mention overlaps
        stop = bisect_left(starts, span_end)
        if stop <= first:
            continue
        if first > pos:
            out_starts += starts[pos:first]
            out_ends += ends[pos:first]
            out_words += words[pos:first]
            last_end, last_word = ends[first - 1], words[first - 1]
        word = _PLACEHOLDER.get(span_kind) or f"<{span_kind}>"
        if not (last_word == word and last_end >= span_start):  # one placeholder per mention
            out_starts.append(span_start)
            out_ends.append(span_end)
            out_words.append(word)
            last_word, last_end = word, span_end
        pos = stop
    out_starts += starts[pos:]
    out_ends += ends[pos:]
    out_words += words[pos:]
    return out_starts, out_ends, out_words


def _find_all(text: str, word: str):
    """Where ``word`` occurs in ``text`` (overlapping occurrences too).

    >>> list(_find_all("aaa", "aa"))
    [0, 1]
    """
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


_TRIGGER_OF: dict[str, str | None] = {}
_MISSING = object()
_NEAREST_SENTENCE = {"a": "trig_sent_a=", "b": "trig_sent_b="}  # feature prefixes of each end's sentence, across sentences
_PLACEHOLDER = {kind: f"<{kind}>" for kind in ("chemical", "gene", "disease", "variant", "species", "cell")}


def _trigger(word: str) -> str | None:
    """The trigger stem a word starts with, if any (remembered: the same words come again and again)."""
    try:
        return _TRIGGER_OF[word]
    except KeyError:
        m = _TRIGGER.match(word)
        stem = _TRIGGER_OF[word] = m.group(1) if m else None
        if len(_TRIGGER_OF) > 200_000:
            _TRIGGER_OF.clear()
        return stem


def _sentence_features(feats: set[str], context: DocumentContext, ma, mb, kinds: str, cues: bool = True) -> None:
    """Features of one sentence that names both entities (``ma``, ``mb`` their nearest mentions); without
    ``cues``, not those of :func:`_sentence_cue_features`.

    The words before, between and after the two are stretches of the sentence's token lists
    (:meth:`DocumentContext.token_arrays`), which all pairs of the sentence share;
    ``tests/test_relation_features.py`` compares them with the word-by-word reading.
    """
    a_first = ma.start <= mb.start
    left, right = (ma, mb) if a_first else (mb, ma)
    order = "a_first" if a_first else "b_first"
    feats.add(f"order={order}")
    si = ma.sentence
    starts, words, stems = context.token_arrays(si)
    n = len(starts)
    i = bisect_left(starts, left.start)  # the first token at or after the first mention
    j = bisect_left(starts, right.start)
    first = bisect_left(starts, left.end, i, j)  # between: from the first token after the first mention
    pre = max(0, i - 5)  # five tokens before
    post = bisect_left(starts, right.end, j, min(j + 7, n))  # up to five after, among the seven from the second
    between = words[first:j]
    count = len(between)
    feats.add(f"tokens={bucket(count)}")
    # (other entities: the placeholders, the only words holding a "<")
    feats.add(f"entities_btw={bucket(''.join(between).count('<'), (0, 1, 2, 4))}")
    feats.update(map("btw=".__add__, between if count <= 2 * _BETWEEN_CAP else
                     between[:_BETWEEN_CAP] + between[-_BETWEEN_CAP:]))
    if 0 < count <= 4:
        feats.add("phrase=" + " ".join(between))
    # Sign cues over the whole stretch from five words before the pair to five after: the directions found, and
    # whether "less" words come an odd number of times ("inhibiting X lowered Y" is positive).
    ups = downs = 0
    for where, found in (("btw", stems[first:j]), ("pre", stems[pre:i]), ("post", stems[post:min(j + 7, post + 5)])):
        for stem in found:
            if stem:
                feats.add(f"trig_{where}={stem}")
                if where == "btw":
                    feats.add(f"trig_btw={stem}|{order}")
                    feats.add(f"{kinds}|trig_btw={stem}")
                if stem in _UP:
                    ups += 1
                elif stem in _DOWN:
                    downs += 1
    feats.add(f"{kinds}|direction={'up' if ups else ''}{'down' if downs else ''}{'' if ups or downs else 'none'}")
    feats.add(f"{kinds}|down_parity={downs % 2}")
    feats.update(context.prefixed_triggers(si, f"{kinds}|trig_sent="))
    for name, m in (("a", ma), ("b", mb)):
        word = context.suffix(m.end)
        if word:
            feats.add(f"suffix_{name}={word}")
            feats.add(f"suffix_{name}={word}|{order}")
    if cues:
        _sentence_cue_features(feats, context, ma, mb)


def _sentence_cue_features(feats: set[str], context: DocumentContext, ma, mb) -> None:
    """The patterns (``pat=treated_with``), negation and hedge cues of the sentence naming ``ma`` and ``mb``, and
    whether it is the title."""
    left, right = (ma, mb) if ma.start <= mb.start else (mb, ma)
    si = ma.sentence
    feats.update(context.patterns(si))
    negated, hedged = context.cues(si)
    if negated:
        feats.add("neg_sent")
        negation, _ = _cues()
        if negation.search(context.lower, left.end, right.start):
            feats.add("neg_btw")
    if hedged:
        feats.add("hedge_sent")
    if context.sentences[si][0] < context.title_end:
        feats.add("sentence_is_title")


from .pair_cues import absence_features, inducer_features  # noqa: E402  (pair_cues imports this module's triggers)
from .sign_cues import sign_cue_features  # noqa: E402
from .doc_cues import cause_features, rank_features  # noqa: E402
from .place_cues import place_cue_features  # noqa: E402


def with_kinds(feats: set[str], kinds: str) -> set[str]:
    """The features again, each also prefixed by the pair's kinds (``chemical|disease:btw=of``), as trained."""
    return feats | {f"{kinds}:{f}" for f in feats if not f.startswith(kinds)}


def pair_features(candidate, context: DocumentContext, max_sentences: int = 4, prefixed: bool = True) -> set[str]:
    """The named features of one candidate (see the module docstring).

    With ``prefixed=False``, without the copies prefixed by the pair's kinds (:func:`with_kinds` adds them):
    :meth:`~neurograph.extract.model.RelationModel.pair_probability` scores a candidate without them.
    The features are :func:`base_features` and then each of :data:`FEATURE_GROUPS` in turn (the relation model
    may stop after any of them: :mod:`neurograph.extract.pruning`).
    """
    feats = base_features(candidate, context, max_sentences)
    for _, add in FEATURE_GROUPS:
        add(feats, candidate, context, max_sentences)
    # Each feature again, for this pair of kinds: "of" between a chemical and a disease is not "of" between two genes.
    if prefixed:
        kinds = candidate.kinds
        feats.update([f"{kinds}:{f}" for f in feats if not f.startswith(kinds)])
    return feats


def base_features(candidate, context: DocumentContext, max_sentences: int = 4) -> set[str]:
    """The features of a candidate that its entities' own records give (kinds, gap, names, counts, title,
    the rules' types) and how many sentences the two share: the cheap part of :func:`pair_features`, which reads
    no word of the text."""
    a, b, kinds = candidate.a, candidate.b, candidate.kinds
    key = (kinds, candidate.sentence_gap)
    head = _HEADS.get(key)
    if head is None:  # (a few pairs of kinds and gaps: the names made once)
        gap = bucket(candidate.sentence_gap, (0, 1, 2, 3, 5))
        head = (f"kinds={kinds}", f"gap={gap}", f"{kinds}|gap={gap}")
        if len(_HEADS) < 10_000:
            _HEADS[key] = head
    feats = set(head)
    # (each entity's own: name_a, head_a, <kind>_entities, count_a, top_a, title_a)
    feats.update(context.entity_features(a, "a", candidate.kind_a))
    feats.update(context.entity_features(b, "b", candidate.kind_b))
    if a in context.top and b in context.top:
        feats.add(f"{kinds}|top_both")
    if a in context.in_title and b in context.in_title:
        feats.add(f"{kinds}|title_both")
    if a in context.in_conclusion and b in context.in_conclusion:
        feats.add("conclusion_both")
    for t in sorted(context.rule_types.get(frozenset((a, b)), ())):
        feats.add(f"rule={t}")
        feats.add("rule_any")
    feats.add(f"shared_sentences={bucket(len(shared_sentences(candidate, context)))}")
    return feats


_HEADS: dict[tuple[str, int], tuple[str, ...]] = {}  # (kinds, sentence gap) -> base_features' first three


def role_group(feats: set[str], candidate, context: DocumentContext, max_sentences: int = 4) -> None:
    """Add what each entity does anywhere in the document (:meth:`DocumentContext.role_features`), and the
    direction the two roles add up to."""
    kinds = candidate.kinds
    feats_a, ups_a, downs_a = context.role_features(candidate.a, candidate.mentions_a, "a", kinds)
    feats_b, ups_b, downs_b = context.role_features(candidate.b, candidate.mentions_b, "b", kinds)
    feats.update(feats_a)
    feats.update(feats_b)
    key = (kinds, bool(ups_a or ups_b), bool(downs_a or downs_b))
    name = _ROLES.get(key)
    if name is None:
        ups, downs = key[1], key[2]
        direction = f"{'up' if ups else ''}{'down' if downs else ''}" or "none"
        name = _ROLES[key] = f"{kinds}|roles={direction}"
    feats.add(name)


_ROLES: dict[tuple[str, bool, bool], str] = {}  # (kinds, any role up, any down) -> the roles= feature


def shared_sentences(candidate, context: DocumentContext) -> list[tuple[int, object, object]]:
    """The sentences that name both entities of a candidate, in order, each with the closest two mentions in it
    (of ``a``, of ``b``); kept on the candidate."""
    shared = candidate.shared
    if shared is None:
        by_sentence_a, _ = context.by_sentence(candidate.mentions_a)
        by_sentence_b, sentences_b = context.by_sentence(candidate.mentions_b)
        shared = candidate.shared = [(si, *closest_mentions(by_sentence_a[si], by_sentence_b[si]))
                                     for si in sentences_b if si in by_sentence_a]
    return shared


def sentence_group(feats: set[str], candidate, context: DocumentContext, max_sentences: int = 4) -> None:
    """Add the features of the first ``max_sentences`` sentences naming both entities (:func:`_sentence_features`)
    or, when they share none, the trigger words of the two nearest sentences."""
    shared = shared_sentences(candidate, context)
    if shared:
        for _, ma, mb in shared[:max_sentences]:
            _sentence_features(feats, context, ma, mb, candidate.kinds, cues=False)
    else:
        # Across sentences: what the two nearest sentences say, word by word.
        ma, mb = closest_mentions(candidate.mentions_a, candidate.mentions_b)
        for name, m in (("a", ma), ("b", mb)):
            feats.update(context.prefixed_triggers(m.sentence, _NEAREST_SENTENCE[name]))


def sentence_cue_group(feats: set[str], candidate, context: DocumentContext, max_sentences: int = 4) -> None:
    """Add the :func:`_sentence_cue_features` of the first ``max_sentences`` sentences naming both entities."""
    for _, ma, mb in shared_sentences(candidate, context)[:max_sentences]:
        _sentence_cue_features(feats, context, ma, mb)


# The features of a candidate beyond base_features, by group, in the order pair_features adds them; each adds to
# a set of features (candidate, context, max_sentences). A name says which group a feature came from.
FEATURE_GROUPS = (
    ("sentences", sentence_group),
    ("places", lambda feats, candidate, context, _: place_cue_features(feats, candidate, context)),
    ("sign_cues", lambda feats, candidate, context, _: sign_cue_features(feats, candidate, context)),
    ("sentence_cues", sentence_cue_group),
    ("absence", lambda feats, candidate, context, _: absence_features(feats, candidate, context)),
    ("doc_ranks", lambda feats, candidate, context, _: rank_features(feats, candidate, context)),
    ("roles", role_group),
    ("inducers", lambda feats, candidate, context, _: inducer_features(feats, candidate, context)),
    ("doc_causes", lambda feats, candidate, context, _: cause_features(feats, candidate, context)),
)
