"""Modifiers of a statement: hedging, negation, deficiency and excess of the subject, and type adjustments.

- ``_HEDGE`` cues set ``hedged``; ``_NEGATION`` cues between the two
  entities set ``negated``.
- A deficiency of the subject ("low X", "X deficiency", "without enough X")
  flips a signed type to its schema ``opposite``; an excess is recorded.
- The object can set the sign ("contribute to decreased dopamine levels")
  and the object's category can refine the type ("supports recovery from
  depression" is TREATS).

Examples
--------
>>> bool(_HEDGE.search("magnesium may reduce anxiety")), bool(_NEGATION.search("it does not block"))
(True, True)
>>> [bool(_DEFICIENCY_AFTER.match(t)) for t in ("(-/-) mice", " knockout mice", "-deficient", " levels rose")]
[True, True, True, False]
>>> bool(_DEFICIENCY_BEFORE.search("inactivating mutations in the ")), bool(_DEFICIENCY_BEFORE.search("binding of the "))
(True, False)
"""

from __future__ import annotations

import re

from ..documents import Sentence
from .mentions import _Mention


# "mechanisms that are not yet fully understood" doubts the claim; it does not deny it.
# "not (yet) fully understood": a hedge, never a negation. One spelling for both patterns below.
_NOT_YET_KNOWN = (r"not\s+(?:yet\s+)?(?:fully\s+|well\s+|completely\s+|entirely\s+|clearly\s+)?"
                  r"(?:understood|known|clear|established|elucidated)")
_UNKNOWN = re.compile(r"\b" + _NOT_YET_KNOWN + r"\b")


def _words_pattern(alternatives: tuple[str, ...]) -> re.Pattern:
    """``\\b(?:a|b|...)\\b``, its alternatives grouped under their first letter (in their order): the same
    matches, but at each word the regex engine tests one letter per group instead of every alternative
    (these patterns run on every sentence). Every alternative starts with a plain letter.

    >>> _words_pattern(("may", "might", r"seems?\\s+to", "seem")).pattern
    '\\\\b(?:m(?:ay|ight)|s(?:eems?\\\\s+to|eem))\\\\b'
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        if not alternative[0].isalpha() or alternative[1:2] in ("?", "*", "+", "{"):
            raise ValueError(f"an alternative starts with a pattern, not a letter: {alternative!r}")
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return re.compile(r"\b(?:" + "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()) + r")\b")


_HEDGE = _words_pattern((
    _NOT_YET_KNOWN, "may", "might", "could", "possibly", "possible", "potentially", "potential", "perhaps", "suggests?",
    "suggesting", "suggested", r"appears?\s+to", r"seems?\s+to", "seem", r"thought\s+to", "believed", "likely",
    "putative", r"hypothes\w+", "proposed", "promising", "indicat(?:es|ing|ed)", r"some\s+evidence", "preliminary",
    "emerging", r"being\s+explored", r"further\s+exploration"))
_NEGATION = _words_pattern((
    "not", "no", "never", "neither", "nor", "cannot", "can't", "can’t", "doesn't", "doesn’t", "don't", "don’t",
    "didn't", "didn’t", "isn't", "aren't", "wasn't", "hasn't", "haven't", r"fails?\s+to", r"failed\s+to",
    r"without\s+\w+ing"))
# A substring of every _HEDGE match: a sentence with none of them (most sentences) is searched no further.
_HEDGE_PARTS = ("not", "may", "might", "could", "possib", "potential", "perhaps", "suggest", "appear", "seem", "thought",
                "believed", "likely", "putative", "hypothes", "proposed", "promising", "indicat", "some", "prelim",
                "emerging", "explor")


def _hedge_cue(lowered: str) -> re.Match | None:
    """``_HEDGE.search(lowered)`` on a lower-cased text, after substring tests that turn away most sentences.

    >>> _hedge_cue("magnesium may reduce anxiety").group(0), _hedge_cue("magnesium reduces anxiety")
    ('may', None)
    """
    for part in _HEDGE_PARTS:
        if part in lowered:
            return _HEDGE.search(lowered)
    return None


# A substring of every _NEGATION match: a sentence with none of them is searched no further.
_NEGATION_PARTS = ("no", "n't", "n’t", "never", "neither", "fail", "without")


def _may_negate(lowered: str) -> bool:
    """Whether a lower-cased text holds a :data:`_NEGATION` cue: substring tests first, the search only after one.

    >>> _may_negate("it does not block"), _may_negate("it can’t"), _may_negate("it blocks"), _may_negate("a nod")
    (True, True, False, False)
    """
    for part in _NEGATION_PARTS:
        if part in lowered:
            return _NEGATION.search(lowered) is not None
    return False


_NO_EVIDENCE = re.compile(r"\b(?:(?:no|little|scant|insufficient)\s+(?:clear\s+|good\s+|convincing\s+)?evidence\s+(?:that|for)|not\s+(?:been\s+)?shown|has\s+not\s+shown|"
                          r"did\s+not\s+find|failed\s+to\s+show|there\s+is\s+no)\b[^.;]*$")

_DEFICIENCY_BEFORE = re.compile(
    r"(?:\b(?:low|lower|reduced|decreased|insufficient|inadequate|poor|deficient|diminished|depleted)\s+"
    r"(?:(?!by\b)\w+\s+){0,2}?(?:(?:intake|levels?|amounts?|concentrations?|status)\s+)?(?:of\s+)?(?:the\s+)?"
    r"|\b(?:deficiency|deficiencies|lack|shortage|depletion|loss|absence|deficit)\s+(?:of|in)\s+(?:the\s+)?"
    # a gene switched off: "knockdown of X", "inactivating mutations in X" (what follows is the effect of its absence)
    r"|\b(?:knock-?down|knock-?out|deletion|ablation|silencing|inactivation|elimination|inhibition|blockade|removal|"
    r"omission|(?:inactivating|loss-of-function)\s+mutations?)\s+(?:of|in)\s+(?:the\s+)?"
    r"(?:[\w/-]+,\s+){0,4}(?:[\w/-]+,?\s+(?:and|or)\s+)?"  # each member of a list: "inhibition of A, B, or C"
    # "silencing X", "knocking down X", "omitting X", "siRNA against X"
    r"|\b(?:silencing|knocking\s+(?:down|out)|omitting|(?:si|sh)-?rnas?\s+(?:against|targeting))\s+(?:the\s+)?"
    r"|\b(?:without|not)\s+(?:enough|sufficient|adequate)\s+)$")
_DEFICIENCY_AFTER = re.compile(
    r"^\s*(?:\(?-/-\)?(?!\w)|(?:-?\s*)?(?:deficiency|deficiencies|deficient|depletion|insufficiency|deficit|"
    r"knock-?outs?|knock-?downs?|null|deleted|deletion|ablation|silencing|silenced|elimination|(?:si|sh)-?rnas?|"
    r"levels?\s+(?:is|are|were|was)\s+(?:low|insufficient|inadequate))\b"
    # "X- and Y-deficient mice": the hyphen hangs, the state word comes after the second name
    r"|-\s+(?:and|or)\s+(?:[\w()-]+\s+){0,6}?[\w()]+-\s*(?:deficien\w*|knock-?outs?|null)\b)")
# "calcium imbalances": a state without a direction, like the lexicon's "electrolyte imbalance"
_IMBALANCE_AFTER = re.compile(r"^\s*(?:imbalances?|dysregulation)\b")
_DEFICIENCY_LATER = re.compile(r"\b(?:its|their)\s+(?:deficiency|depletion|lack|absence)\b")
_EXCESS_BEFORE = re.compile(r"\b(?:high|higher|elevated|excess(?:ive)?|too\s+much)\s+(?:(?:levels?|intake)\s+)?(?:of\s+)?$")
_EXCESS_AFTER = re.compile(r"^\s*(?:excess|overload|toxicity)\b")
_OBJECT_DECREASE = re.compile(r"\b(?:decreased|lower|low|reduced|diminished|depleted|less|impaired|absent)\s+(?:\w+\s+)?$"
                              r"|\b(?:loss|depletion|lack|absence|deficiency|deficit|impairment)\s+of\s+(?:the\s+)?$")
_OBJECT_INCREASE = re.compile(r"\b(?:increased|higher|heightened|elevated|excessive|more)\s+(?:\w+\s+)?$")


_WITHOUT_IT = re.compile(r"\s*,?\s*(?:but\s+|and\s+)?without\s+(\w+ing)\s+(?:it|them)\b", re.I)


_CONDITIONS = frozenset({"Disorder", "Symptom"})


def _object_type(type_: str, obj, mention: _Mention) -> str:
    """The type a trigger gives for this object: "supports mood" INCREASES, "supports recovery from
    depression" TREATS; "reduces anxiety symptoms" relieves symptoms (PALLIATES)."""
    if obj is None:
        return "INCREASES" if type_ == "SUPPORTS" else type_
    condition = obj.category in _CONDITIONS
    if type_ == "SUPPORTS":
        return "TREATS" if condition else "INCREASES"
    if condition and type_ in ("TREATS", "DECREASES") and "symptom" in mention.text.lower():
        return "PALLIATES"
    return type_


# Every word the deficiency, excess and imbalance patterns need; a sentence without any has no modifier.
_STATE_WORDS = ("low", "lack", "short", "deplet", "loss", "absen", "without", "not", "insuffic", "inadequ", "poor",
                "reduc", "decreas", "diminish", "defici", "deficit", "imbalanc", "dysregul", "high", "elevat", "excess",
                "overload", "toxic", "knock", "delet", "ablat", "silenc", "elimin", "inactiv", "null", "-/-", "inhibition",
                "blockade", "removal", "omitt", "omission", "sirna", "shrna", "si-rna", "sh-rna")
_TOO_MUCH = re.compile(r"too\s+much")


def _has_state_cue(lowered: str) -> bool:
    """Whether a lower-cased text has a word of :data:`_STATE_WORDS` (or "too much") in it.

    Substring tests in C, stopping at the first found: several times faster than one regex of the alternatives.

    >>> _has_state_cue("low magnesium"), _has_state_cue("too  much zinc"), _has_state_cue("zinc helps")
    (True, True, False)
    """
    for word in _STATE_WORDS:
        if word in lowered:
            return True
    return "too" in lowered and _TOO_MUCH.search(lowered) is not None


def _modifier(text: str, sentence: Sentence, subject: _Mention, between: str, cues: bool = True) -> str | None:
    if subject.state in ("deficiency", "excess", "imbalance"):
        return subject.state
    if not cues:
        return None
    before = text[max(sentence.start, subject.start - 60):subject.start].lower()
    # What follows the subject itself ("calcium imbalances, often ..."), which may be carried past other mentions.
    after = text[subject.end:min(sentence.end, subject.end + 60)].lower() if subject.end > subject.start else ""
    if _IMBALANCE_AFTER.match(after):
        return "imbalance"
    if _DEFICIENCY_BEFORE.search(before) or _DEFICIENCY_AFTER.match(after) or _DEFICIENCY_LATER.search(between.lower()):
        return "deficiency"
    if _EXCESS_BEFORE.search(before) or _EXCESS_AFTER.match(after):
        return "excess"
    return None


# "promoting recovery from anxiety": the object is named by its end; more recovery is less of it.
_RECOVERY_FROM = re.compile(r"\b(?:recover(?:y|ing|s)?|remission|relief|freedom|escape)\s+(?:from|of)\s+"
                            r"(?:the\s+|their\s+|its\s+)?(?:[\w-]+\s+)?$")
_MAY_RECOVER = re.compile(r"recover|remission|relief|freedom|escape", re.I)  # a cheap first test
# ("resulted in recovery from Y": a cause of recovery treats Y)
_RECOVERY_TYPES = {"INCREASES": ("TREATS", "DECREASES"), "DECREASES": ("CONTRIBUTES_TO", "INCREASES"),
                   "CAUSES": ("TREATS", "DECREASES"), "CONTRIBUTES_TO": ("TREATS", "DECREASES")}


def _object_adjusted(type_: str, between: str, obj, passive: bool, subj=None) -> str:
    """"contribute to decreased dopamine levels": a change named on the object sets the sign.

    A condition "where low X levels are observed" only goes with the level: no effect, no sign.
    "Promoting recovery from anxiety" lessens anxiety: an increase of recovery from a condition treats it.

    >>> _object_adjusted("INCREASES", " promoting recovery from ", type("E", (), {"category": "Disorder"}), False)
    'TREATS'
    """
    if not passive and obj is not None and type_ in _RECOVERY_TYPES and _MAY_RECOVER.search(between):
        if _RECOVERY_FROM.search(between.lower()[-60:]):
            return _RECOVERY_TYPES[type_][0 if obj.category in _CONDITIONS else 1]
    if passive or obj is None or obj.category in _CONDITIONS:
        return type_
    if type_ == "ASSOCIATED_WITH" and subj is not None and subj.category in _CONDITIONS:
        return type_
    if type_ in ("CAUSES", "CONTRIBUTES_TO", "ASSOCIATED_WITH", "REGULATES"):
        tail = between.lower()[-40:]
        if _OBJECT_DECREASE.search(tail):
            return "DECREASES"
        if _OBJECT_INCREASE.search(tail):
            return "INCREASES"
        if type_ in ("CAUSES", "CONTRIBUTES_TO"):
            return "INCREASES"
    return type_
