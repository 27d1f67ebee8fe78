"""Pair features that need two facts at once, which the linear relation model cannot combine by itself.

Two kinds of cue, both read from the text around each entity's own mentions:

- **Absence.** "PAR1-deficient mice", "Ctr9 knockdown", "loss of PTEN",
  "anti-Dll4 treatment": what the sentence says happens is the effect of the
  entity's *absence*, so the relation's sign is the opposite of the words'
  direction ("inflammation was attenuated by PAR1 deficiency": PAR1 raises
  inflammation). Features: ``<kinds>|absent_a`` (``_b``) when an entity is
  named that way in a sentence naming both, and the same combined with the
  sentence's direction words (``<kinds>|absent|direction=up``), so that the
  sign stage can learn that absence reverses them.
- **Induced by another.** "Amelioration of bendrofluazide-induced hypokalemia
  by timolol": a disease that some *other* chemical induced is, for the entity
  paired with it, more often treated than caused. Features
  ``<kinds>|inducer_b=self`` (the pair's other end is what induced it) and
  ``<kinds>|inducer_b=other``.

Called from :func:`neurograph.extract.features.pair_features`. The per-document
part is computed once per document and kept on its
:class:`~neurograph.extract.features.DocumentContext` (``cues_of``).

Examples
--------
>>> from neurograph.extract.candidates import EntityMention, candidates
>>> from neurograph.extract.features import DocumentContext
>>> text = "Amelioration of bendrofluazide-induced hypokalemia by timolol."
>>> ms = [EntityMention("C1", "Drug", 16, 30, 0, "bendrofluazide"), EntityMention("D1", "Disorder", 39, 50, 0, "hypokalemia"),
...       EntityMention("C2", "Drug", 54, 61, 0, "timolol")]
>>> context = DocumentContext(text, [(0, len(text))], ms)
>>> feats = set()
>>> pair_cue_features(feats, next(c for c in candidates(ms) if {c.a, c.b} == {"C2", "D1"}), context)
>>> sorted(feats)
['chemical|disease|inducer_b=other']
>>> text = "Inflammation was attenuated in PAR1-deficient mice."
>>> ms = [EntityMention("D1", "Disorder", 0, 12, 0, "Inflammation"), EntityMention("G1", "Gene", 31, 35, 0, "PAR1")]
>>> feats = set()
>>> pair_cue_features(feats, candidates(ms)[0], DocumentContext(text, [(0, len(text))], ms))
>>> sorted(feats)
['gene|disease|absent', 'gene|disease|absent_a', 'gene|disease|absent|direction=down']
"""

from __future__ import annotations

import re

# Words before an entity that say it is absent or disabled ("loss of X", "X-null", "anti-X antibody").
_ABSENT_BEFORE = re.compile(
    r"(?:\b(?:loss|lack|absence|deletion|depletion|knockdown|knock-down|knockout|knock-out|silencing|ablation|"
    r"elimination|inactivation|deficiency|disruption)\s+of\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?"
    r"|\b(?:inactivating|loss-of-function|dominant-negative|null|deficient)\s+(?:[\w-]+\s+){0,2}?(?:in\s+|of\s+)?(?:the\s+)?"
    r"|\banti-\s*)$")
# ... and after it ("X-deficient", "X knockdown", "X(-/-)", "X antagonist").
_ABSENT_AFTER = re.compile(
    r"^\s*(?:-\s*|\(\s*)?(?:-/-|\+/-|deficien\w*|knock-?(?:out|down)\w*|null\b|silenc\w*|deleted|deletion|depleted|"
    r"depletion|ablat\w*|inactivat\w*|loss|lacking|elimination|antagonists?\b|inhibitors?\b|blockers?\b|"
    r"blockade|mutant\s+mice)")
_ABSENT_WORDS = ("loss", "lack", "absen", "delet", "deplet", "knock", "silenc", "ablat", "elimin", "inactiv",
                 "defici", "disrupt", "null", "negative", "anti", "-/-", "+/-", "antagon", "inhibitor", "blocker",
                 "blockade", "mutant")
# "X-induced Y", and "Y induced by X".
_INDUCED_AFTER = re.compile(r"\s*-?\s*(?:induced|evoked|provoked|elicited|triggered)\b", re.I)
_INDUCED_BY = re.compile(r"\s*(?:\(\w+\)\s*)?(?:induced|caused|evoked|provoked|elicited|triggered)\s+by\s+(?:the\s+|a\s+)?$",
                         re.I)
# A chemical named as the treatment of a disease: "carbamazepine for epilepsy", "patients with bipolar disorder
# receiving lithium". BC5CDR annotates only what a chemical induces, and such a pair is rarely that.
_INDICATION_AFTER_CHEMICAL = re.compile(
    r"^\s*(?:\([^()]{0,20}\)\s*)?(?:[\w-]+\s+){0,3}?(?:for|against|in\s+the\s+(?:treatment|management|therapy|prevention|"
    r"control)\s+of|to\s+(?:treat|prevent|control|manage|relieve))\s+(?:the\s+|their\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}?$")
_INDICATION_AFTER_DISEASE = re.compile(
    r"^\s*(?:\([^()]{0,20}\)\s*)?(?:[\w-]+\s+){0,3}?(?:(?:who\s+(?:were|was|are|is)\s+|being\s+)?(?:treated|managed)\s+with|"
    r"receiving|taking|on|given)\s+(?:[\w-]+\s+){0,2}?$")
_INDUCED_WORDS = ("induced", "evoked", "provoked", "elicited", "triggered", "caused")
_REACH = 40  # characters around a mention read for its cues
_DIRECTION_WORDS = 5  # words either side of the pair read for the direction

_KEY = "pair_cues"  # its slot in DocumentContext.cues_of
_SENTENCE_KEY = "pair_cues.sentences"  # ... and those of its per-sentence and per-entity parts
_INDUCED_KEY = "pair_cues.induced"
_RELATED_KEY = "pair_cues.related"


def _absent(lower: str, m, start: int, end: int) -> bool:
    """Whether the text around mention ``m`` (inside ``start``-``end``) says its entity is absent or disabled."""
    before = lower[max(start, m.start - _REACH):m.start]
    after = lower[m.end:min(end, m.end + _REACH)]
    if not (any(map(before.__contains__, _ABSENT_WORDS)) or any(map(after.__contains__, _ABSENT_WORDS))):
        return False
    return bool(_ABSENT_BEFORE.search(before) or _ABSENT_AFTER.match(after))


def _sentence_cues(context, si: int) -> tuple[dict, list[tuple[str, str]]]:
    """For sentence ``si`` of a document: whether each of its mentions (by start, end and entity) names its entity
    as absent (none when the sentence holds no absence word), and the pairs (induced, inducer) it names
    ("X-induced Y", "Y induced by X"). Made on the first call for the sentence: a candidate reads only the sentences
    naming its two entities."""
    cache = context.cache(_SENTENCE_KEY)
    found = cache.get(si)
    if found is not None:
        return found
    lower, text = context.lower, context.text
    absent: dict[tuple, bool] = {}
    pairs: list[tuple[str, str]] = []
    found = cache[si] = (absent, pairs)
    by_sentence, _ = context.by_sentence(context.mentions)
    ms = by_sentence.get(si)
    if not ms:
        return found
    start, end = context.sentences[si]
    # A mention's cue words lie inside its sentence: most sentences hold none, so none of their mentions is absent.
    sentence = lower[start:end]
    cued = any(map(sentence.__contains__, _ABSENT_WORDS))
    # (both induced patterns need one of these words inside the sentence: exact for an ASCII sentence)
    induced = not sentence.isascii() or any(map(sentence.__contains__, _INDUCED_WORDS))
    if not (cued or induced):
        return found  # (a mention missing from ``absent`` is not absent)
    ms = sorted(ms, key=lambda m: m.start)
    for k, m in enumerate(ms):
        if cued:
            absent[(m.start, m.end, m.id)] = _absent(lower, m, start, end)
        if not induced:
            continue
        match = _INDUCED_AFTER.match(text, m.end, min(end, m.end + 20))
        if match:  # "X-induced Y": the next mention of another entity close after
            for n in ms[k + 1:]:
                if n.start - match.end() > _REACH:
                    break
                if n.id != m.id and n.start >= match.end():
                    pairs.append((n.id, m.id))
                    break
        if k and ms[k - 1].id != m.id and m.start - ms[k - 1].end <= _REACH:
            # "Y induced by X": X is the mention just after the phrase.
            if _INDUCED_BY.search(text[ms[k - 1].end:m.start]):
                pairs.append((ms[k - 1].id, m.id))
    return found


def _document_cues(context) -> tuple[dict, dict]:
    """For one document: whether each mention (by start, end and entity) names its entity as absent, and per entity the
    entities that induced it ("X-induced Y", "Y induced by X")."""
    cached = context.cues_of.get(_KEY)
    if cached is not None:
        return cached
    absent: dict[tuple, bool] = {}
    inducers: dict[str, set[str]] = {}
    by_sentence, _ = context.by_sentence(context.mentions)
    for si in by_sentence:
        found, pairs = _sentence_cues(context, si)
        absent.update(found)
        for induced, inducer in pairs:
            inducers.setdefault(induced, set()).add(inducer)
    cues = context.cues_of[_KEY] = (absent, inducers)
    return cues


def inducers_of(context) -> dict[str, set[str]]:
    """Per entity of a document, the entities named as what induced it ("X-induced Y", "Y induced by X")."""
    return _document_cues(context)[1]


def _related(context, entity: str, side: int) -> set[str]:
    """The entities named as what induced ``entity`` (``side`` 0), or as induced by it (``side`` 1), read from the
    sentences naming it (both mentions of such a pair are in one sentence)."""
    cache = context.cache(_RELATED_KEY)
    key = (entity, side)
    found = cache.get(key)
    if found is None:
        found = cache[key] = {pair[1 - side] for si in context.sentences_of(entity)
                              for pair in _sentence_cues(context, si)[1] if pair[side] == entity}
    return found


def induced_by(context, entity: str) -> set[str]:
    """The entities a document names as induced by ``entity`` ("entity-induced Y", "Y induced by entity")."""
    if context.longer_than_abstract:
        return _related(context, entity, 1)
    induced = context.cues_of.get(_INDUCED_KEY)
    if induced is None:  # (the inducers table turned round, once per document)
        induced = context.cues_of[_INDUCED_KEY] = {}
        for y, inducers in inducers_of(context).items():
            for x in inducers:
                induced.setdefault(x, set()).add(y)
    return induced.get(entity, set())


def _direction(lower: str, tokens, left, right) -> str:
    """up, down, updown or none: the direction words between two mentions and a few words either side."""
    from .features import _DOWN, _UP, _trigger  # here: features imports this module

    ups = downs = 0
    words = [w for s, e, w in tokens if left.start - 60 <= s and e <= right.end + 60]
    for w in words:
        stem = _trigger(w)
        if stem in _UP:
            ups += 1
        elif stem in _DOWN:
            downs += 1
    return f"{'up' if ups else ''}{'down' if downs else ''}" or "none"


def _indication(lower: str, chemicals, diseases_by_sentence) -> bool:
    """Whether a sentence names the chemical as a treatment of the disease (:data:`_INDICATION_AFTER_CHEMICAL`)."""
    for c in chemicals:
        for d in diseases_by_sentence.get(c.sentence, ()):
            if c.end <= d.start and d.start - c.end <= 80:
                if _INDICATION_AFTER_CHEMICAL.match(lower[c.end:d.start]):
                    return True
            elif d.end <= c.start and c.start - d.end <= 80 and _INDICATION_AFTER_DISEASE.match(lower[d.end:c.start]):
                return True
    return False


_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def pair_cue_features(feats: set[str], candidate, context) -> None:
    """Add the absence and induced-by-another features of one candidate to ``feats`` (see the module docstring):
    its :func:`inducer_features` and :func:`absence_features`."""
    inducer_features(feats, candidate, context)
    absence_features(feats, candidate, context)


def inducer_features(feats: set[str], candidate, context) -> None:
    """Add ``<kinds>|inducer_a=self`` (``other``, and ``_b``): what induced each entity, wherever it is named."""
    kinds = candidate.kinds
    inducers = None if context.longer_than_abstract else inducers_of(context)
    for side, entity, other in (("a", candidate.a, candidate.b), ("b", candidate.b, candidate.a)):
        found = _related(context, entity, 0) if inducers is None else inducers.get(entity)
        if found:
            feats.add(f"{kinds}|inducer_{side}={'self' if other in found else 'other'}")


def absence_features(feats: set[str], candidate, context) -> None:
    """Add the absence features (and ``indication``) of the sentences that name both entities."""
    kinds = candidate.kinds
    # Absence in a sentence that names both: the nearest such pair of mentions.
    sentences_b, _ = context.by_sentence(candidate.mentions_b)
    best = None
    for x in candidate.mentions_a:
        for y in sentences_b.get(x.sentence, ()):
            d = abs(x.start - y.start)
            if best is None or d < best[0]:
                best = (d, x, y)
    if best is None:
        return
    if kinds == "chemical|disease" and _indication(context.lower, candidate.mentions_a, sentences_b):
        feats.add("chemical|disease|indication")
    _, x, y = best
    absent, _ = _sentence_cues(context, x.sentence)
    sides = [side for side, m in (("a", x), ("b", y)) if absent.get((m.start, m.end, m.id))]
    if not sides:
        return
    left, right = (x, y) if x.start <= y.start else (y, x)
    start, end = context.sentences[x.sentence]
    lower = context.lower
    tokens = [(t.start(), t.end(), t.group()) for t in _WORD.finditer(lower, max(start, left.start - 60),
                                                                          min(end, right.end + 60))
              if not (x.start <= t.start() < x.end or y.start <= t.start() < y.end)]
    direction = _direction(lower, tokens, left, right)
    for side in sides:
        feats.add(f"{kinds}|absent_{side}")
    feats.add(f"{kinds}|absent")
    feats.add(f"{kinds}|absent|direction={direction}")
