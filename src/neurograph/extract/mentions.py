"""Mentions as the sentence rules see them: meanings, anaphora, locatives and coordinated groups.

- A mention's meaning: the head entity of a state name ("magnesium
  deficiency" is magnesium with a deficiency), generic umbrella words
  ("medications") that are never a statement's end, and places named only
  as locatives ("in the blood"), which are left out.
- Light coreference: "this mineral", "these receptors", "the drug", a
  leading "It" and states named without their substance ("This deficiency").
- Grouping: coordinated mentions ("sodium, potassium and calcium") act
  together; "CLASS such as A, B" keeps the members and records memberships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import _trigger


_COORDINATION = re.compile(
    r"^\)?\s*(?:,|;|and|or|&|/|and/or|as\s+well\s+as|,\s*(?:and|or)|,\s*as\s+well\s+as)?\s*"
    r"(?:(?:the|a|an|some|other|key|certain)\s+)?(?:(?:sense|feelings?|state|lack|loss)\s+of\s+)?$"
    # "fatigue, poor concentration and a higher risk of depression": the risk is the list's next item
    r"|^\s*(?:,|and|or|,\s*(?:and|or))\s+(?:an?\s+)?(?:higher|greater|increased|elevated)\s+(?:risk|rates?)\s+of\s+$"
    # "Supplementation, often combined with vitamin B6, ...": both are the subject
    r"|^\s*,\s*(?:often\s+|usually\s+|sometimes\s+|typically\s+)?(?:combined\s+with|together\s+with|along\s+with)\s+$")
# The same entity named again: "cortisol, the 'stress hormone'", "X (X)".
_NAMED_AGAIN = re.compile(r"^\s*(?:\(|,?\s*(?:often\s+)?(?:referred\s+to\s+as|known\s+as|also\s+called|or|i\.e\.,?)\s*"
                          r"(?:the\s+)?[\"'“‘]?)$")
_CONJUNCTION = re.compile(r"\b(?:and|or|as well as)\b|[&/]")
# "and chia seeds" where only "seeds" is known: one unknown modifier word (no trigger word) may precede.
_COORDINATION_LOOSE = re.compile(r"^\s*(?:,?\s*(?:and|or)|,)\s+(?!(?:which|that|who|whose|it|its|they|their|this|these|the|a|an|"
                                 r"both|but|so|thus|then|also|often|not|as|in|on|at|by|for|with|from|to|of|while|whereas|whilst|although|though|"
                                 r"because|since|when|where|if|unless|until|after|before|yet|however|is|are|was|were)\s)[a-z][a-z-]*\s+$")
_ALIAS = re.compile(r"^\s*,?\s*(?:\(?\s*)?(?:(?:often|also|commonly|sometimes|popularly)\s+)?(?:known\s+as|called|"
                    r"referred\s+to\s+as|nicknamed|dubbed|a\.k\.a\.?|aka)\s*(?:the\s+)?[\"'“‘]?$", re.I)
# The words an _ALIAS match starts with, after white space, a comma and a parenthesis (lower-cased).
_ALIAS_STARTS = ("often", "also", "commonly", "sometimes", "popularly", "known", "called", "referred", "nicknamed",
                 "dubbed", "a.k.a", "aka")
# What _ALIAS skips before its first word, and more (str.isspace's ASCII characters): stripping them is a safe first test.
_ALIAS_LEAD = ",( \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def _may_start_alias(head: str) -> bool:
    """Whether ``head`` (a between-text without its leading white space) may start an :data:`_ALIAS` match: a
    test of its first word, true for any text that is not ASCII (where case folding has surprises).

    >>> _may_start_alias(", often called "), _may_start_alias("(known as "), _may_start_alias("is called ")
    (True, True, False)
    """
    return not head.isascii() or head.lstrip(_ALIAS_LEAD)[:9].lower().startswith(_ALIAS_STARTS)


# Words _ALIAS needs: a cheap first test, made on the lower-cased text (a re.I pattern is several times slower), as
# substring tests (a third of the cost of one search for any of them).
_ALIAS_WORDS = ("known", "call", "refer", "nick", "dub", "aka", "a.k.a")
_PAREN_LIST = re.compile(r"^\s*\(\s*(?:e\.g\.,?|i\.e\.,?|such\s+as|including|like|namely)?\s*$", re.I)
_APPOSITION = re.compile(r"^\s*,\s*(?:a|an)\s+$")
_THE_CLASS = re.compile(r"^\s*,\s*the\s+(?:[\w-]+\s+)?$")
_HYPONYMY = re.compile(r"^\)?[*_]{0,2}\s*(?:(?:levels?|concentrations?|systems?)\s+)?,?\s*"
                       r"(?:such\s+as|like|including|especially|e\.g\.,?|particularly(?:\s+involving)?)\s*:?\s*"
                       r"(?:(?:strains?|species|types?|kinds?)\s+of\s+)?$")  # "probiotics, particularly strains of Lactobacillus"
# A sentence-initial prepositional phrase: "For anxiety, ...", "In depression, ...".
_FRONTED = re.compile(r"(?:^|\n|[.!?:]\s)\s*(?:For|In|Among|Unlike|Beyond|Besides|Like)\s+(?:the\s+)?$")
_COMPARISON = re.compile(r"^\s*,\s*like\s*$")
# A fronted participle phrase: "Combined with an SSRI, St John's wort can cause ...": the partner, not the subject.
_FRONTED_WITH = re.compile(r"(?:^|\n|[.!?:]\s)\s*(?:Combined|Taken|Given|Co-?administered|Used)\s+(?:together\s+)?with\s+"
                           r"(?:an?\s+|the\s+)?$")
_FRONTED_WITH_PHRASE = re.compile(r"\s*(?:Combined|Taken|Given|Co-?administered|Used)\s+(?:together\s+)?with\b[^,;.]{0,80},\s*")
_FRONTED_WITH_WORDS = ("Combined", "Taken", "Given", "Co", "Used")


def _fronted_with(text: str) -> re.Match | None:
    """``_FRONTED_WITH_PHRASE.match(text)``, tried only on a text that starts with one of its verbs (tested for
    every sentence, several times).

    >>> _fronted_with("Combined with an SSRI, X can cause Y.").end(), _fronted_with("X is combined with Y, Z")
    (23, None)
    """
    return _FRONTED_WITH_PHRASE.match(text) if text.lstrip().startswith(_FRONTED_WITH_WORDS) else None


def _subject_mention(sentence, found: list[_Mention]) -> _Mention | None:
    """The mention a sentence is about: its first, or the first after a fronted "Combined with X," phrase.

    >>> from neurograph.documents import Sentence
    >>> s = Sentence(0, 0, 40, "Combined with an SSRI, X can cause Y.")
    >>> _subject_mention(s, [_Mention(17, 21, "ssri", "SSRI"), _Mention(23, 24, "x", "X")]).entity_id
    'x'
    """
    if not found:
        return None
    fronted = _fronted_with(sentence.text)
    if fronted is not None:
        after = [m for m in found if m.start >= sentence.start + fronted.end() - 1]
        return after[0] if after else None
    return found[0]


def _same_kind_pair(previous_ids, entities) -> list[str]:
    """What "both" or a plural "they" refers to: the entities of the previous sentence's first kind, if several.

    "Tryptophan is the precursor of serotonin, and 5-HTP is the intermediate ...": tryptophan and 5-HTP.
    """
    named = [i for i in dict.fromkeys(previous_ids) if i in entities and not _is_class(entities[i], entities)]
    if not named:
        return []
    kind = entities[named[0]].category
    same = [i for i in named if entities[i].category == kind]
    return same if len(same) >= 2 else []

# Definite noun phrases that refer back to a recent entity of a category.
_ANAPHOR_NOUN = re.compile(
    r"\b(mineral|receptor|neurotransmitter|drug|medication|hormone|nutrient|enzyme|condition|disorder|chemical|"
    r"compound|electrolyte|element)s?\b", re.I)
_ANAPHOR_NOUN_WORDS = re.findall(r"[a-z]+", _ANAPHOR_NOUN.pattern.split("(", 1)[1].split(")", 1)[0])


def _anaphor_nouns(lowered: str) -> list[tuple[int, int, str, str]]:
    """(start, end, noun, surface) of every category noun in a lower-cased text, in order.

    What ``_ANAPHOR_NOUN`` finds, by a C substring search per noun instead of
    trying the alternation at every word start (no noun begins another).

    >>> _anaphor_nouns("the minerals; a drug-like mineral2 condition")
    [(4, 12, 'mineral', 'minerals'), (16, 20, 'drug', 'drug'), (35, 44, 'condition', 'condition')]
    """
    size = len(lowered)

    def word_char_at(i: int) -> bool:  # what \w matches
        return 0 <= i < size and (lowered[i].isalnum() or lowered[i] == "_")

    out = []
    for noun in _ANAPHOR_NOUN_WORDS:
        at = lowered.find(noun)
        while at >= 0:
            end = at + len(noun)
            if not word_char_at(at - 1):  # \b before
                stop = end + 1 if end < size and lowered[end] == "s" and not word_char_at(end + 1) else end
                if not word_char_at(stop):  # \b after
                    out.append((at, stop, noun, lowered[at:stop]))
            at = lowered.find(noun, end)
    out.sort()
    return out
# The only characters that re.I matches to an ASCII letter, or whose lower case is longer (U+0130).
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


def _has_case_traps(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`_CASE_TRAPS`: four substring tests in C, a hundred times faster
    than the search on a long text that is not ASCII.

    >>> _has_case_traps("Kelvin \u212a"), _has_case_traps("plain")
    (True, False)
    """
    return not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text)
_ANAPHOR_DETERMINER = re.compile(r"\b(?:this|these|that|those|the\s+same|such|the)\s+$", re.I)
_DEFINITE_ONLY = {"receptor", "mineral", "drug", "neurotransmitter", "hormone", "nutrient"}  # "the receptor"
_ANAPHOR_CATEGORIES = {
    "mineral": {"Mineral"}, "electrolyte": {"Mineral"}, "receptor": {"Receptor"},
    "neurotransmitter": {"Neurotransmitter"}, "drug": {"Drug", "DrugClass"}, "medication": {"Drug", "DrugClass"},
    "hormone": {"Hormone"}, "nutrient": {"Nutrient", "Mineral"}, "enzyme": {"Enzyme"},
    "condition": {"Disorder", "Symptom"}, "disorder": {"Disorder"},
    "chemical": {"Mineral", "Drug", "Nutrient", "Neurotransmitter", "Hormone"},
    "compound": {"Mineral", "Drug", "Nutrient"}, "element": {"Mineral"},
}
_PLACE_CATEGORIES = frozenset({"Anatomy", "CellularComponent"})
# "in the blood", "across cell membranes", "within the brain": a place named as a locative.
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|within|across|throughout|inside|into|through|enters?|entering|reach(?:es|ing)?)\s+(?:the\s+|a\s+|our\s+|their\s+|its\s+)?"
                              r"(?:[\w-]+\s+)?$")
# ... unless a verb says something happens to or in the place: "found in the brain", "damage in neurons".
_ABOUT_PLACE = re.compile(r"\b(?:found|present|expressed|located|localized|localised|stored|accumulat\w*|concentrated|"
                          r"damage|injury|atrophy|changes?|loss|death|degeneration|growth|formation|roles?|part|"
                          r"involved|participat\w*|essential|crucial|vital|important|key|central|necessary|critical|"
                          r"implicated|interest|effects?|activity|function)\s+(?:\w+\s+)?"
                          r"(?:in|within|across|throughout|inside|into|through)\s+\S*\s*\S*\s*$")


# "brain function", "brain health": an umbrella for everything the place does (gold: skipped);
# "the blood levels of many drugs": where a level is measured, the level being the drugs'.
_VAGUE_AFTER = re.compile(r"\s+(?:function|functions|functioning|health|activity|chemistry|"
                          r"(?:levels?|concentrations?)\s+of)\b", re.I)


def _is_locative(text: str, start: int, end: int) -> bool:
    """Whether a place mention only says where ("in the blood") or whose ("the brain's circuits")."""
    if text.startswith(("'s", "\u2019s"), end) or _VAGUE_AFTER.match(text, end):
        return True
    before = text[max(0, start - 40):start].lower()
    return bool(_LOCATIVE_BEFORE.search(before)) and not _ABOUT_PLACE.search(before)
_PRONOUN_SUBJECT = re.compile(r"^\s*(?:It|They)\b")
# "Both are sold as supplements for ...": the two entities of one kind the previous sentence named.
_BOTH_SUBJECT = re.compile(r"^\s*Both\s+(?=(?:are|were|have|can|may|might|could|will|would|also|act|raise|increase)\b)")
# "Taken together with an SSRI, they may ...": the pronoun after a fronted phrase is the subject.
_FRONTED_PRONOUN = re.compile(r"(it|they)\b")
# A pronoun opening a clause inside a sentence: ", and, with chronic use, it can", "; they may".
_CLAUSE_PRONOUN = re.compile(
    r"(?:,|;|:|\band\b|\bbut\b|\bwhen\b|\bif\b|\bbecause\b|\bonce\b)[\s,]+(?:[a-z-]+[\s,]+){0,4}?\b(?:(it)\s+"
    r"(?:can|may|might|could|will|would|also|then|often|[a-z]+s)|(they)\s+(?!of\b|by\b|that\b)[a-z]+)\b(?!\s+(?:of|by|that)\b)")
# A possessive before an action named as a noun, with its agent after "by": "leading to their over-activation by
# glutamate". The possessor is what the action is done to: the sentence's subject again.
_POSSESSIVE_ACTION = re.compile(r"\b(its|their)\s+(?:[\w-]+\s+)?[\w-]*(?:ation|ition|ade|sion)\s+by\b")
# How far into a sentence its first mention may start and still be the subject ("For instance, X ...").
_SUBJECT_REACH = 30


@dataclass(slots=True)
class _Mention:
    start: int  # document offsets
    end: int
    entity_id: str
    text: str
    anaphoric: bool = False
    state: str | None = None  # "deficiency", "excess", "imbalance", "supplementation" from a compound name
    generic: bool = False  # an umbrella word ("neurotransmitters", "medications"): never a statement's end
    pronoun: bool = False  # "it", "they": opens a clause, never part of a list


# Umbrella phrases that name a whole field rather than an entity a statement can be about.
_UMBRELLA = re.compile(
    r"(?:(?:mental|psychiatric|mental\s+health|psychological)\s+(?:disorders?|conditions?|problems?|illness(?:es)?|issues?)"
    r"|medications?|medicines?|drugs?|pharmacological\s+(?:treatments?|interventions?|agents?|therap(?:y|ies))"
    r"|chemicals?|substances?|compounds?|(?:dietary\s+)?supplements?)", re.I)
# Caches that belong to one lexicon. Each holds its lexicon (or entity table) itself, so a new lexicon
# can never meet a stale cache that happens to share a freed object's id; the last lexicon's cache is replaced.
_PER_LEXICON: dict[str, tuple[object, dict]] = {}


def _lexicon_cache(name: str, owner) -> dict:
    held = _PER_LEXICON.get(name)
    if held is None or held[0] is not owner:
        held = _PER_LEXICON[name] = (owner, {})
    return held[1]


def _is_generic(entity, text: str, entities) -> bool:
    """Whether a mention names a category as a whole: "minerals", "hormones", "mental health conditions".

    An entity whose name is its own schema category ("mineral" is a Mineral,
    "neurotransmitter" a Neurotransmitter) is the category itself; an umbrella
    phrase names a field. Statements about them say nothing about any entity.
    """
    cache = _lexicon_cache("generic", entities)
    key = (entity.id, text)
    if key not in cache:
        name = entity.name.lower()
        singular = name[:-1] if name.endswith("s") else name
        cache[key] = (bool(_UMBRELLA.fullmatch(text.strip())) or singular == entity.category.lower()
                      or bool(_UMBRELLA.fullmatch(name)))
    return cache[key]


# "magnesium deficiency", "low magnesium", "potassium excess" as written: the deficiency model
# (a sign flip onto the substance) applies even where the lexicon names the state as a disorder.
_STATE_TEXT = re.compile(r"^(?:(?P<low>low|lower|insufficient|inadequate|deficient)\s+(?P<a>.+)|(?P<b>.+?)\s+"
                         r"(?P<state>deficiency|deficiencies|deficit|depletion|insufficiency|excess|overload))$")


def _head(lexicon, entity_id: str, text: str = "") -> tuple[str, str] | None:
    cache = _lexicon_cache("heads", lexicon)
    key = entity_id + "\0" + text.lower()
    if key not in cache:
        head = lexicon.head(entity_id) if hasattr(lexicon, "head") else None
        if head is None and text:
            written = _STATE_TEXT.match(" ".join(text.lower().split()))
            if written is not None:
                state = "deficiency" if written.group("low") or written.group("state") not in ("excess", "overload") \
                    else "excess"
                for e in lexicon.resolve(written.group("a") or written.group("b")):
                    if e.id != entity_id and e.category in _SUBSTANCE_CATEGORIES:
                        head = (e.id, state)
                        break
        cache[key] = head if head is not None and head[0] in lexicon.entities else None
    return cache[key]


class _Group:
    """Coordinated mentions that act together ("sodium, potassium and calcium")."""

    __slots__ = ("members", "start", "end", "isa", "hyponym_of", "comparison", "fronted", "apposed")

    def __init__(self, members: list[_Mention], start: int, end: int):  # plain class: built for every mention
        self.members = members
        self.start = start
        self.end = end
        self.isa: list[tuple[_Mention, _Mention]] = []  # (member, class): "CLASS such as member"
        self.hyponym_of: list[_Mention] = []  # the classes a "such as" list is expanding
        self.comparison = False
        self.fronted = False  # "For anxiety, ...": a sentence-initial phrase, never the subject
        self.apposed = False  # "omega-3 fatty acids, EPA and DHA": the class names its members, who act


def _anaphora(text, sentence, found, recent, entities, previous_subject, nouns, previous_ids=()) -> list[_Mention]:
    """Mentions for "this mineral", "these receptors", "the drug" and a leading "It".

    ``nouns`` are the category nouns inside the sentence: (start, end, noun, matched text);
    ``previous_ids`` the entities the previous sentence named, which a plural
    ("these elements") refers back to when it named several of the category.
    """
    out: list[_Mention] = []
    taken = [(m.start, m.end) for m in found if not m.generic]
    starts: dict | None = None  # mention start -> mention, built the first time a determiner is found
    if recent:
        out.extend(_state_anaphora(text, sentence, taken, recent, entities, previous_subject, previous_ids))
    for noun_start, noun_end, noun, surface in nouns if recent else ():
        det = _ANAPHOR_DETERMINER.search(text, max(sentence.start, noun_start - 12), noun_start)
        if det is None:
            continue
        words = det.group(0).lower().split()
        if words == ["the"] and (noun not in _DEFINITE_ONLY or surface.endswith("s")):
            continue
        start, end = det.start(), noun_end
        if any(s < end and start < e for s, e in taken):
            continue
        categories = _ANAPHOR_CATEGORIES.get(noun, set())
        if starts is None:
            starts = {m.start: m for m in found if not m.generic}
        named = starts.get(noun_end + 1) or starts.get(noun_end + 2)  # the next word, after one or two spaces
        if named is not None and text[noun_end:named.start].isspace() and entities[named.entity_id].category in categories:
            continue  # "the neurotransmitter glutamate": the noun introduces the name that follows, it points nowhere
        if surface.endswith("s") and words[0] in ("these", "those", "such"):
            several = [i for i in dict.fromkeys(previous_ids) if entities[i].category in categories
                       and not _is_class(entities[i], entities)]
            if len(several) >= 2:
                out.extend(_Mention(start, end, i, text[start:end], anaphoric=True) for i in several)
                continue
        for entity_id in reversed(recent):
            e = entities.get(entity_id)
            if e is not None and e.category in categories and (not _is_class(e, entities) or e.category == "DrugClass"):
                out.append(_Mention(start, end, entity_id, text[start:end], anaphoric=True))
                break
    lead = _PRONOUN_SUBJECT.match(sentence.text) if sentence.text.lstrip().startswith(("It", "They")) else None
    subject = None
    both = _BOTH_SUBJECT.match(sentence.text) if sentence.text.lstrip().startswith("Both") else None
    fronted = _fronted_with(sentence.text) if not lead and not both else None
    pronoun = _FRONTED_PRONOUN.match(sentence.text, fronted.end()) if fronted is not None else None
    if both is not None or pronoun is not None:
        start, end = (sentence.start + sentence.text.index("Both"), sentence.start + both.end() - 1) if both is not None \
            else (sentence.start + pronoun.start(), sentence.start + pronoun.end())
        pair = _same_kind_pair(previous_ids, entities) if both is not None or pronoun.group(1) == "they" else []
        if not pair and pronoun is not None and previous_subject:
            pair = [previous_subject]
        # (only the first is a pronoun, which starts a group: the others join it)
        out.extend(_Mention(start, end, i, text[start:end].strip(), anaphoric=True, pronoun=k == 0) for k, i in enumerate(pair))
        if pair:
            subject = pair[0]
            taken.append((start, end))
    elif lead and previous_subject and not any(m.start < sentence.start + lead.end() for m in found):
        start = sentence.start + lead.start() + (len(lead.group(0)) - len(lead.group(0).lstrip()))
        out.append(_Mention(start, sentence.start + lead.end(), previous_subject, text[start:sentence.start + lead.end()],
                            anaphoric=True, pronoun=True))
        subject = previous_subject
    elif (first := _subject_mention(sentence, found)) is not None and first.start - sentence.start <= _SUBJECT_REACH \
            and not first.generic:
        subject = first.entity_id
    if subject is not None and (" it " in sentence.text or " they " in sentence.text):
        # "X can cause A, and, with chronic use, it can worsen B": the pronoun is X again.
        for hit in _CLAUSE_PRONOUN.finditer(sentence.text):
            which = 1 if hit.group(1) else 2  # "it ..." or "they ..."
            start, end = sentence.start + hit.start(which), sentence.start + hit.end(which)
            if not any(m.start < end and start < m.end for m in found) and not any(s < end and start < e for s, e in taken):
                out.append(_Mention(start, end, subject, text[start:end], anaphoric=True, pronoun=True))
    if subject is not None and (" its " in sentence.text or " their " in sentence.text):
        for hit in _POSSESSIVE_ACTION.finditer(sentence.text):
            start, end = sentence.start + hit.start(1), sentence.start + hit.end(1)
            if not any(m.start < end and start < m.end for m in found):
                out.append(_Mention(start, end, subject, text[start:end], anaphoric=True, pronoun=True))
    return out


# A state with no entity named: "This imbalance can ...", "Supplementation has shown ...",
# "Chronic deficiency and ...", "High or fluctuating levels can cause ...".
_STATE_NOUN = re.compile(r"\b(?:[Tt]his|[Tt]hese|[Ss]uch\s+an?|[Tt]he)\s+(deficiency|deficiencies|imbalance|imbalances|depletion)\b"
                         r"|^(?:(?:Chronic|Severe|Mild|Long-term|Prolonged|Regular|Daily)\s+(deficiency|supplementation|depletion)|"
                         r"(Deficiency|Supplementation|Depletion))\b")
_STATE_NOUN_OPENERS = ("Chronic", "Severe", "Mild", "Long-term", "Prolonged", "Regular", "Daily", "Deficiency",
                       "Supplementation", "Depletion")
_STATE_LEVELS = re.compile(r"^((?:Low|Lower|Reduced|Decreased|Insufficient|Inadequate|Deficient)|"
                           r"(?:High|Higher|Elevated|Excessive|Excess|Increased)|"
                           r"(?:Irregular|Fluctuating|Abnormal|Altered|Imbalanced))(?:\s+(?:or|and)\s+[a-z]+)?\s+levels\b")
_STATE_OF = {"deficiency": "deficiency", "deficiencies": "deficiency", "depletion": "deficiency",
             "imbalance": "imbalance", "imbalances": "imbalance", "supplementation": "supplementation"}
_NUTRIENT_CATEGORIES = ("Mineral", "Nutrient")
_SUBSTANCE_CATEGORIES = ("Mineral", "Nutrient", "Neurotransmitter", "Hormone")


def _state_anaphora(text, sentence, taken, recent, entities, previous_subject, previous_ids) -> list[_Mention]:
    """Mentions for a state named without its substance: the nutrient (or transmitter) under discussion."""
    out: list[_Mention] = []
    stext = sentence.text
    if not ("levels" in stext or "efici" in stext or "mbalance" in stext or "upplementation" in stext
            or "epletion" in stext):
        return out  # none of the state words: nothing to find
    levels = _STATE_LEVELS.match(stext)
    if levels is not None and previous_subject is not None and not any(s < sentence.start + levels.end() for s, _ in taken):
        e = entities.get(previous_subject)
        if e is not None and e.category in _SUBSTANCE_CATEGORIES and not _is_class(e, entities):
            word = levels.group(1).lower()
            state = ("deficiency" if word in ("low", "lower", "reduced", "decreased", "insufficient", "inadequate",
                                             "deficient") else
                     "excess" if word in ("high", "higher", "elevated", "excessive", "excess", "increased") else "imbalance")
            start, end = sentence.start, sentence.start + levels.end()
            out.append(_Mention(start, end, e.id, text[start:end], anaphoric=True, state=state))
    if not ("deficien" in stext or "imbalance" in stext or "depletion" in stext or stext.startswith(_STATE_NOUN_OPENERS)):
        return out  # what _STATE_NOUN needs: a lower-case state word, or one of its sentence openers
    for hit in _STATE_NOUN.finditer(stext):
        start, end = sentence.start + hit.start(), sentence.start + hit.end()
        word = next(g for g in hit.groups() if g)
        if any(s < end and start < e and text[s:e].lower() != word.lower() for s, e in taken):
            continue  # "this magnesium deficiency" names its substance
        state = _STATE_OF[word.lower()]
        # The substance the previous sentence named, else the last nutrient the text discussed.
        candidates = [i for i in previous_ids if entities[i].category in _NUTRIENT_CATEGORIES] + \
                     [i for i in previous_ids if entities[i].category in _SUBSTANCE_CATEGORIES] + \
                     [i for i in reversed(recent) if entities[i].category in _NUTRIENT_CATEGORIES]
        candidates = [i for i in candidates if not _is_class(entities[i], entities)]
        if candidates:
            out.append(_Mention(start, end, candidates[0], text[start:end], anaphoric=True, state=state))
    return out


def _is_class(entity, entities) -> bool:
    """Class-like entities (drug classes, any lexicon parent) that "such as" lists expand."""
    cache = _lexicon_cache("classes", entities)
    parents = cache.get("parents")
    if parents is None:
        # dict.values: a cached lexicon's vocabulary entities stay packed (no parents) until looked up, and
        # unpacking all 300,000 of them took seconds when one new document was extracted.
        parents = cache["parents"] = frozenset(p for e in (dict.values(entities) if isinstance(entities, dict) else entities.values())
                                                    for p in e.parents)
    return entity.category == "DrugClass" or entity.id in parents


# Categories whose members may belong to each other's classes ("dopamine is a hormone", "magnesium is a nutrient").
_KINDRED = ({"Drug", "DrugClass"}, {"Neurotransmitter", "Hormone"}, {"Mineral", "Nutrient"})


def _same_kind(member, cls) -> bool:
    """Whether ``member`` can be an instance of ``cls``: one category (a drug of a drug class too)."""
    kinds = {member.category, cls.category}
    return len(kinds) == 1 or kinds in _KINDRED


def _has_ancestor(entity, ancestor_id: str, entities) -> bool:
    """Whether the lexicon puts ``entity`` under ``ancestor_id``, through any chain of parents."""
    seen, todo = set(), list(entity.parents)
    while todo:
        parent = todo.pop()
        if parent == ancestor_id:
            return True
        if parent not in seen and parent in entities:
            seen.add(parent)
            todo.extend(entities[parent].parents)
    return False


def _class_of(member: _Mention, classes: list[_Mention], entities) -> _Mention:
    """The class a "such as" example belongs to: its lexicon parent among ``classes``, else the nearest."""
    parents = entities[member.entity_id].parents
    for cls in classes:
        if cls.entity_id in parents:
            return cls
    return classes[-1]


def _drop_class_heads(text: str, mentions: list[_Mention], entities, heads: dict) -> list[_Mention]:
    """"the neurotransmitter glutamate", "the mineral magnesium": the class word only introduces the member.

    ``heads`` receives member start -> class mention, for the membership the phrase states.
    """
    out: list[_Mention] = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (nxt is not None and text[m.end:nxt.start].isspace() and not m.anaphoric
                and _is_class(entities[m.entity_id], entities)
                and not _is_class(entities[nxt.entity_id], entities)):
            if _same_kind(entities[nxt.entity_id], entities[m.entity_id]):
                heads[nxt.start] = m
            continue
        out.append(m)
    return out


# What a _HYPONYMY match starts with, white space aside (unless it starts with ")").
_HYPONYMY_STARTS = ("*", "_", "level", "concentration", "system", ",", "such", "like", "including", "especially", "e.g",
                    "particularly")
# Every pattern that joins two mentions into one group is shorter than this ("often referred to as the '").
_GROUP_GAP = 60


# Every pattern below that can join a mention to the group before it (but the slow _ALIAS, which has a cheap
# pre-test), as one alternation: one C call turns away the many mentions that start a group of their own.
_JOINER = re.compile("|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" for p in (
    _COORDINATION, _NAMED_AGAIN, _PAREN_LIST, _HYPONYMY, _COMPARISON, _APPOSITION, _THE_CLASS, _COORDINATION_LOOSE)))


# What a text that _JOINER matches starts with, white space aside (unless it is all white space): the first token of
# one of its patterns, or a prefix of it. A between starting otherwise ("is", "in", "increases", "can") never joins,
# and this one C call turns it away for a tenth of the alternation's cost.
_JOINER_STARTS = (")", ",", ";", "&", "/", "(", "*", "_", "and", "or", "as", "the", "a", "some", "other", "key",
                  "certain", "sense", "feeling", "state", "lack", "loss", "often", "referred", "known", "also", "i.e",
                  "level", "concentration", "system", "such", "like", "including", "especially", "e.g", "particularly")


def _groups(text: str, mentions: list[_Mention], entities) -> list[_Group]:
    groups: list[_Group] = []
    heads: dict = {}
    for m in _drop_class_heads(text, mentions, entities, heads):
        if groups and not m.pronoun and m.start - groups[-1].end <= _GROUP_GAP:
            g = groups[-1]
            between = text[g.end:m.start]
            head = between.lstrip()
            if not (m.anaphoric or ((not head or head.startswith(_JOINER_STARTS)) and _JOINER.match(between))
                    or _may_start_alias(head)):
                groups.append(_Group([m], m.start, m.end))  # most mentions: nothing below can join them
                continue
            # (each pattern below is tried only where the between-text starts as its matches do)
            comma = head.startswith(",")
            entity_id = m.entity_id
            if len(between) < 40 and entity_id in [x.entity_id for x in g.members] and (
                    _COORDINATION.match(between) or _NAMED_AGAIN.match(between)):
                g.end = m.end  # the same entity named twice: "cortisol, the 'stress hormone'"
                continue
            if _may_start_alias(head) and any(map(between.lower().__contains__, _ALIAS_WORDS)) and _ALIAS.match(between) \
                    and (m.generic or any(m.entity_id == x.entity_id for h in groups for x in h.members)):
                # "X, an anesthetic known as 'K'": the alias names X again; "cortisol, often referred to
                # as the 'stress hormone'": a nickname made of a class word describes X, it is no member.
                g.end = m.end
                continue
            if head.startswith("(") and _PAREN_LIST.match(between) and all(x.generic or _is_class(entities[x.entity_id], entities) for x in g.members):
                classes = [x for x in g.members if _is_class(entities[x.entity_id], entities)]
                # "certain medicines (digoxin, nitrofurantoin, ...)": the parenthesis names the members.
                g.hyponym_of = classes
                if classes and _same_kind(entities[m.entity_id], entities[classes[-1].entity_id]):
                    g.isa.append((m, _class_of(m, classes, entities)))
                g.members.append(m)
                g.end = m.end
                continue
            if (between.startswith(")") or head.startswith(_HYPONYMY_STARTS)) and _HYPONYMY.match(between) \
                    and (classes := [x for x in g.members if _is_class(entities[x.entity_id], entities)]):
                # "Nuts and seeds, such as almonds": the class stays a member (it is named too) and
                # the example is a member of the class the lexicon puts it in, else of the nearest one.
                g.hyponym_of = classes
                cls = _class_of(m, classes, entities)
                if _same_kind(entities[m.entity_id], entities[cls.entity_id]):
                    g.isa.append((m, cls))
                g.members.append(m)
                g.end = m.end
                continue
            if (len(g.members) == 1 and between.strip() == "," and not g.members[0].generic
                    and _has_ancestor(entities[m.entity_id], g.members[0].entity_id, entities)):
                # "The two long-chain omega-3 fatty acids, EPA and DHA, are found ...": the apposition names the
                # class's members, which the sentence is about.
                g.isa.append((m, g.members[0]))
                g.hyponym_of = [g.members[0]]
                g.apposed = True
                g.members.append(m)
                g.end = m.end
                continue
            if comma and _THE_CLASS.match(between) and (m.generic or _is_class(entities[m.entity_id], entities)) \
                    and _same_kind(entities[g.members[-1].entity_id], entities[m.entity_id]) and not g.members[-1].generic \
                    and m.generic:
                # "monoamine oxidase, the enzyme that ...", "A and B, the rate-limiting enzymes": what they are.
                for x in (g.members if m.text.endswith("s") else g.members[-1:]):
                    if _same_kind(entities[x.entity_id], entities[m.entity_id]):
                        g.isa.append((x, m))
                g.end = m.end
                continue
            if comma and _COMPARISON.match(between):
                g.members.append(m)
                g.comparison = True
                g.end = m.end
                continue
            if comma and _APPOSITION.match(between):
                pass  # "imipramine, an antidepressant,": an apposition, not a list
            elif between.strip() == "," and (len(g.members) == 1 and _FRONTED.search(text, max(0, g.start - 16), g.start)
                                             or _FRONTED_WITH.search(text, max(0, g.start - 30), g.start)):
                g.fronted = True  # "For anxiety, magnesium's ability ...": a fronted phrase, then the subject
            elif (m.anaphoric and g.members[-1].anaphoric and g.members[-1].start == m.start) or (
                    _COORDINATION.match(between) and ("," in between or _CONJUNCTION.search(between))) or (
                    head.startswith((",", "and", "or")) and _COORDINATION_LOOSE.match(between) and _trigger(between.lower(), "") is None
                    and entities[m.entity_id].category == entities[g.members[-1].entity_id].category):
                # (the loose form only joins like with like: "cheese, cured meats" yes, "cytokines and divert tryptophan" no)
                if g.hyponym_of and "," in between and _CONJUNCTION.search(between) \
                        and sum(c in g.hyponym_of for _, c in g.isa) == 1 \
                        and g.members[-1].entity_id not in {c.entity_id for c in g.hyponym_of}:
                    # "sunlight, fatty fish such as salmon, and fortified milk": a comma after a single
                    # example closes the examples; milk is the next item of the outer list.
                    g.hyponym_of = []
                if g.hyponym_of and not _COORDINATION.match(between) and entities[m.entity_id].parents \
                        and not _has_ancestor(entities[m.entity_id], _class_of(m, g.hyponym_of, entities).entity_id, entities):
                    # "fatty fish like salmon and fortified milk": a word of its own before the item, and the
                    # lexicon files it elsewhere: the next item of the outer list, no example.
                    g.hyponym_of = []
                if g.hyponym_of and all(m.entity_id != c.entity_id for c in g.hyponym_of):
                    cls = _class_of(m, g.hyponym_of, entities)
                    if _same_kind(entities[m.entity_id], entities[cls.entity_id]):
                        g.isa.append((m, cls))
                g.members.append(m)
                g.end = m.end
                continue
        groups.append(_Group([m], m.start, m.end))
    for g in groups:
        if g.apposed:
            del g.members[0]  # the class: its members say what it does
        # "magnesium, like ketamine," ends with a comma that belongs to the comparison.
        if g.comparison and text[g.end:g.end + 1] == ",":
            g.end += 1
        if heads:
            g.isa.extend((m, heads[m.start]) for m in g.members if m.start in heads)
    return groups
