"""Statements of one sentence: pairs of consecutive groups, the trigger between them, and whose subject it is.

Between consecutive groups, a trigger phrase decides the relationship type
and direction (active "X blocks Y", passive "Y is activated by X", nominal
"X, a precursor to Y"). Apposition ("Lithium, a treatment for mood
disorders, enriches ...") and copular relative clauses carry the real
subject forward; means, participle and second-verb clauses keep the
sentence's subject. Statements whose categories the schema does not allow
are dropped (:func:`_statement`).
"""

from __future__ import annotations

import re
from dataclasses import fields

from ..documents import Sentence
from ..records import EntityRef, Evidence, Statement
from .mentions import (
    _Group, _Mention, _NUTRIENT_CATEGORIES, _SUBSTANCE_CATEGORIES, _fronted_with, _groups, _is_class, _lexicon_cache, _same_kind,
)
from .modifiers import (
    _NEGATION, _NO_EVIDENCE, _UNKNOWN, _WITHOUT_IT, _has_state_cue, _hedge_cue, _may_negate, _modifier, _object_adjusted,
    _object_type,
)
from .rules import _trigger


# The main clause's subject right after a fronted clause's comma. Otherwise ("When magnesium levels are low, the
# regulation of dopamine suffers"; "..., it can lead to X") the fronted entity is what the main clause is about.
_MAIN_SUBJECT_NEXT = re.compile(r",\s*(?:the\s+|a\s+|an\s+)?$")
_SUBORDINATE_OPENER = re.compile(r"\s*(?:When|Whenever|If|Once|After|Before|Because|Although|Though|While|Unless|Since)\b")
_APPOSITION_OPEN = re.compile(r"^\s*,\s*(?:a|an|the)\b[^,;]*$")
# "X, often exacerbated by Y, leads to Z": a passive aside about X; Z is X's again.
_PASSIVE_ASIDE = re.compile(r"^\s*(?:imbalances?|deficienc(?:y|ies)|levels?)?\s*,\s*(?:\w+ly\s+|often\s+|sometimes\s+)?(?:exacerbated|worsened|caused|triggered|driven|"
                            r"induced|aggravated|made\s+worse)\s+by\s+[^,;]*$", re.I)
_COMMA_BEFORE_SEMICOLON = re.compile(r"^[^,;]*,")
_RELATIVE = re.compile(r"^\s*,?\s*(?:that|which|who)\b")
# "X is a", "X: A" (a definition line), before the class a relative or reduced clause continues.
_COPULA_CLASS = re.compile(r"^\s*(?:(?:is|are|:)\s*(?:a|an|the)|,\s*(?:a|an|the))\s+$"
                           r"|^\s*(?:is|are)\s+(?:a|an|one)\s+(?:group|family|class|type|kind)\s+of\s+(?:[\w-]+\s+)?$", re.I)
# "The B vitamins are a group of water-soluble vitamins, including thiamine, ...": the examples are B vitamins.
_GROUP_OF = re.compile(r"\s*(?:is|are)\s+(?:a|an|one)\s+(?:group|family|class|type|kind)\s+of\s+(?:[\w-]+\s+)?$")
# "the gut microbiota of depressed patients induces ...": the disorder only says whose microbiota.
_OF_POPULATION = re.compile(r"^\s+of\s+(?:the\s+)?$")
_POPULATION_NEXT = re.compile(r"^\s*(?:patients|people|individuals|subjects|donors|mice|rats|animals)\b")
# "X is activated by Y and plays a part in Z": the second predicate is X's again.
_COORDINATED_PREDICATE = re.compile(r"^\s*,?\s*(?:and|but)\s+(?:also\s+|then\s+)?(?:play|plays|is|are|has|have|can|may|might|"
                                    r"could|will|helps?|acts?|works?|leads?|seems?|appears?)\b")

# A pronoun opening a new clause between two mentions: ", and it can", "; they may".
_NEW_CLAUSE_SUBJECT = re.compile(
    r"(?:,|;|\band|\bwhen|\bif|\bbecause|\bonce)[\s,]+(?:[a-z-]+[\s,]+){0,4}?(?:it\s+"
    r"(?:can|may|might|could|will|would|is|are|was|were|has|have|does|do|also|then|[a-z]+s)|they\s+[a-z]+)\b")
# What every _NEW_CLAUSE_SUBJECT match holds: the pronoun after a space or comma and before a space. A cheap test (the
# engine skips to the spaces and commas) that turns away most texts with "it" inside a word ("with", "activity").
_PRONOUN_WORD = re.compile(r"[\s,](?:it|they)\s")
_OPENERS_AFTER_COMMA = ("while", "whereas", "although", "though", "but")
_OPENERS = ("when", "whenever", "if", "unless", "because", "once")
_CLAUSE_OPENS = re.compile(rf"(?:,\s*(?:{'|'.join(_OPENERS_AFTER_COMMA)})|;|\b(?:{'|'.join(_OPENERS)}))\s+"
                           r"(?:the\s+|a\s+|an\s+)?$")
# What a text that _CLAUSE_OPENS matches ends with, spaces aside: a cheap test before the slow search.
_CLAUSE_OPEN_ENDS = (";", *_OPENERS_AFTER_COMMA, *_OPENERS, "the", "a", "an")
# A second verb phrase of the same subject: "and reduces", ", thereby impacting", "and to help lower".
_SECOND_PREDICATE = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:[\w-]+)?\s*(?:,\s*and|,\s*or|,|and|or)\s+(?:also\s+|thereby\s+|thus\s+|then\s+)?(?:to\s+)?(?:help(?:s|ing)?\s+(?:to\s+)?)?"
    r"(?:[a-z]+(?:s|es|ing)|contribute|lead|cause|reduce|increase|decrease|improve|support|affect|disrupt|impair|"
    r"enhance|promote|lower|raise|regulate|modulate|protect|prevent|trigger|worsen|influence|alter|inhibit|block)\b"
    r"(?!\s+(?:of|by)\b)")
# "a role in the regulation of A and the modulation of B": B is the same subject's.
_AND_NOMINAL = re.compile(r"^\s*,?\s*(?:and|or)\s+(?:the\s+|its\s+|their\s+)?(?:regulation|modulation|control|maintenance|"
                          r"production|release|synthesis|activation|inhibition|balance)\s+of\s+(?:the\s+)?$")
_BETWEEN_LIMIT = 160


# A participle of the right entity coordinated with the left one: "an exaggerated stress response and reduced BDNF".
_STATE_COORDINATION = re.compile(r"^\s*,?\s*(?:and|or)\s+(?:reduced|increased|elevated|decreased|diminished|heightened|"
                                 r"impaired|enhanced)\s*$")
# A noun of a new clause just before an adjective trigger: ", and diets rich in" (not "X, which is rich in").
_NOUN_BEFORE = re.compile(r"(?:,|;|\b(?:and|but|while|whereas)\b)\s+(?:[\w-]+\s+){0,2}?(?!(?:is|are|was|were|be|been|"
                          r"being|also|very|particularly|especially|often|naturally|generally|both|so|too|not|which|that)\b)"
                          r"[a-z][\w-]*\s+$")
_LINK_BETWEEN = re.compile(r"\b(?:link|relationship|connection|association|interplay|interaction)s?\s+between\s+(?:the\s+)?$")


def _sentence_statements(text, sentence: Sentence, mentions, entities, schema, doc_id) -> list[Statement]:
    if not mentions:
        return []
    groups = _groups(text, mentions, entities)
    out: list[Statement] = []

    refs: dict[tuple[str, str], EntityRef] = {}

    def emit(subject_m, type_, object_m, modifier=None, hedged=False, negated=False, membership=False):
        made = _statement(subject_m, type_, object_m, entities, schema, sentence, doc_id, refs,
                          modifier, hedged, negated, membership)
        if made is not None:
            out.append(made)

    sentence_lower = sentence.text.lower()
    # (what _WITHOUT_IT needs, unless case folding has surprises: most sentences have no "without")
    may_deny = "without" in sentence_lower or not sentence.text.isascii()
    cue_cache: list = []

    def cues() -> tuple[int | None, bool, bool]:
        """(end of the first hedge cue, may it negate, any state word): found once per sentence, and only for a
        sentence that states something (many pairs have no trigger at all)."""
        if not cue_cache:
            hedge = _hedge_cue(sentence_lower)
            hedge_end = sentence.start + hedge.end() if hedge else None
            if sentence_lower.rstrip().endswith("?"):
                hedge_end = sentence.start  # a question asserts nothing: all it says is hedged
            cue_cache.append((hedge_end,
                              _may_negate(sentence_lower) or "evidence" in sentence_lower,
                              _has_state_cue(sentence_lower)))
        return cue_cache[0]
    for k, g in enumerate(groups):
        outer = groups[k - 1].members[-1] if k and g.isa and _GROUP_OF.match(text, groups[k - 1].end, g.start) else None
        for member, cls in g.isa:
            if outer is not None and cls is g.members[0] and _same_kind(entities[member.entity_id], entities[outer.entity_id]):
                cls = outer  # "B vitamins are a group of vitamins, including folate": folate is a B vitamin
            emit(member, "IS_A", cls, hedged=False, membership=True)
    # Pairs "link between A and B": a group of two after "between".
    for g in groups:
        if "between" not in sentence_lower or len(g.members) != 2:
            continue
        before = text[max(sentence.start, g.start - 60):g.start].lower()
        if _LINK_BETWEEN.search(before):
            kind = "INTERACTS_WITH" if "interaction" in before else "ASSOCIATED_WITH"
            emit(g.members[0], kind, g.members[1], hedged=cues()[0] is not None)

    for g in groups if "form" in sentence_lower else ():
        # "Magnesium citrate is a popular form", "Another form, magnesium L-threonate, ...": the
        # compound's name says what it is a form of.
        if _FORM_AFTER.match(text, g.end, sentence.end) or _FORM_BEFORE.search(text, max(sentence.start, g.start - 40), g.start):
            for m in g.members:
                base = _base_of(entities[m.entity_id], entities)
                if base is not None:
                    emit(m, "FORM_OF", _Mention(m.start, m.start, base, m.text.split()[0]), hedged=cues()[0] is not None)

    fronted_with = _fronted_with(sentence.text) if "with" in sentence_lower[:30] else None
    if fronted_with is not None:
        # "Combined with an SSRI, St John's wort can cause ...": the two are taken together.
        comma = sentence.start + fronted_with.end()
        partners = [m for g in groups if g.end < comma for m in g.members]
        main = next((g for g in groups if g.start >= comma - 1), None)
        for g in groups:
            if g.end < comma:
                g.fronted = True
        for s in main.members if main is not None and len(main.members) < 4 else ():
            for o in partners:
                emit(s, "INTERACTS_WITH", o, hedged=cues()[0] is not None and cues()[0] <= comma)
    opener = _SUBORDINATE_OPENER.match(sentence.text)
    if opener is not None:
        # "When MAO-A is inhibited, tyramine releases ...": the fronted clause's entities are not the main subject.
        comma = sentence.text.find(",", opener.end())
        for g in groups:
            if comma >= 0 and g.end <= sentence.start + comma:
                g.fronted = True
    previous_subject_group = None
    previous_type = None
    conversion_chained = False  # the previous pair was "converts A into B"
    for i in range(1, len(groups)):
        left, right = groups[i - 1], groups[i]
        between = text[left.end:right.start]
        if len(between) > _BETWEEN_LIMIT or "\n\n" in between:
            continue
        if left.fronted and not right.fronted and _MAIN_SUBJECT_NEXT.search(between):
            continue  # "When MAO-A is inhibited, tyramine releases ...": the comma closes the clause, tyramine is the subject
        between_lower = between.lower()
        # (the pronoun test first: the clause pattern is slow to search, and needs "it" or "they")
        if (("it" in between_lower or "they" in between_lower) and _PRONOUN_WORD.search(between_lower)
                and _NEW_CLAUSE_SUBJECT.search(between_lower)) \
                or (between_lower.rstrip().endswith(_CLAUSE_OPEN_ENDS) and _CLAUSE_OPENS.search(between_lower)):
            # "X causes A, and it can worsen B": B belongs to the pronoun's clause, not to A;
            # "A reduces iron absorption, while vitamin C enhances it": vitamin C opens a clause of its own.
            continue
        found = _verb_before_left(text, sentence, left, between_lower, conversion_chained) \
            if len(between_lower) < 16 else None
        if found is None:
            found = _trigger(between_lower, text[right.end:right.end + 40].lower())
        if found is None:
            if between.strip() == ":":
                found = _colon_rule(left, right, entities)
            if found is None:
                continue
        type_, passive, trigger_start, trigger_end = found
        # Whose the trigger is: decided only for a pair that has one (most have none).
        subject_group = left
        if i >= 2:
            before_left = text[groups[i - 2].end:left.start]
            if (_PASSIVE_ASIDE.match(before_left) and _COMMA_BEFORE_SEMICOLON.match(between)) or (
                    _APPOSITION_OPEN.match(before_left) and (between.lstrip().startswith(",") or (
                    not _RELATIVE.match(between) and all(_is_class(entities[x.entity_id], entities) for x in left.members)))) or (
                    _COPULA_CLASS.match(before_left)  # (the cheap anchored test first: most pairs stop here)
                    and (_RELATIVE.match(between) or all(x.generic or _is_class(entities[x.entity_id], entities)
                                                         for x in left.members))):
                # "Lithium, a treatment for X, enriches Y"; "K, an anesthetic known as 'Z', relieves Y";
                # "X is a mineral involved in Y"; "Serotonin: A neurotransmitter that helps regulate Y":
                # the apposition or class describes the subject, which carries on past it.
                subject_group = groups[i - 2]
            elif _OF_POPULATION.match(before_left) and _POPULATION_NEXT.match(between):
                subject_group = groups[i - 2]  # "the gut microbiota of depressed patients induces anhedonia"
            elif _COORDINATED_PREDICATE.match(between):
                main = next((g for g in groups if not g.fronted), left)  # "In bipolar disorder, X may A but has B"
                if main is not left:
                    subject_group = main
        if previous_subject_group is not None and previous_subject_group is not left and (
                _SECOND_PREDICATE.match(between) or _AND_NOMINAL.match(between)):
            # "X restores A and reduces B", "X affects A, thereby impacting B": B is X's again.
            subject_group = previous_subject_group
        if subject_group is left and _STATE_COORDINATION.match(between_lower):
            continue  # "show an exaggerated stress response and reduced BDNF": two objects of one verb
        if type_ == "SOURCE_OF" and between_lower.startswith(("rich", "high"), trigger_start) \
                and _NOUN_BEFORE.search(between_lower, 0, trigger_start):
            continue  # "yogurt delivers live bacteria, and diets rich in fiber ...": the diets are rich in it
        if i >= 2 and not passive and _effect_of_before(text, max(sentence.start, left.start - 40), left.start):
            # "Zinc may enhance the effectiveness of SSRIs in treating depression": the claim is zinc's,
            # about the drug's effect; that the drug treats depression is taken for granted, not stated.
            continue
        if _RELATIVE_BEFORE_OBJECT.search(between_lower, trigger_end) or (
                not passive and _relative_of_other_noun(between_lower[:trigger_start])):
            # "support for conditions where dopamine pathways are implicated": the right entity is in a clause
            # about another noun; "a predisposition that affects serotonin": the trigger is that noun's.
            continue
        if type_ == "TREATS" and previous_subject_group is not None and previous_subject_group is not left \
                and _FOR_THOSE.match(between_lower, trigger_start):
            subject_group = previous_subject_group  # "X is given to raise Y in the brain for those with Z"
        elif type_ == "TREATS" and _FOR_THOSE.match(between_lower, trigger_start):
            continue  # "Y was low for people with Z": no treatment without a main predicate
        elif not passive and type_ != "IS_A" and subject_group is left:
            carried = _carried_subject(between_lower[:trigger_start], previous_subject_group, groups, left, sentence)
            if carried is not None:
                subject_group = carried
            elif (previous_type in _EVENT_TYPES and previous_subject_group is not None
                  and previous_subject_group is not left and _EVENT_RELATIVE.match(between_lower)):
                # "SSRIs block the transporter (SERT), which raises serotonin": "which" is the blocking, SSRIs' doing
                subject_group = previous_subject_group
        if not passive and type_ != "IS_A":
            previous_subject_group = subject_group
            previous_type = type_
        subjects, objects = subject_group.members, right.members
        if type_ == "PRECURSOR_OF" and trigger_end == 0:  # a conversion frame: "converts A into B and C into D"
            if conversion_chained:
                subjects = subjects[-1:]  # C, the second conversion's own
            if len(objects) > 1 and _INTO_NEXT.match(text, right.end, sentence.end):
                objects = objects[:-1]  # C starts the next conversion
        conversion_chained = type_ == "PRECURSOR_OF" and trigger_end == 0
        if passive:
            subjects, objects = objects, subjects
        if type_ == "HAS_SYMPTOM" and _LIST_OF_SYMPTOMS.match(between_lower):
            continue  # "A, B, and physical symptoms like headaches": one more list item, not a predicate
        if type_ == "HAS_SYMPTOM":
            # "fatigue, appetite changes and physical symptoms like headaches": a symptom has no symptoms.
            disorders = [x for x in subjects if entities[x.entity_id].category == "Disorder"]
            if not disorders and subjects and (subjects[0].state or _modifier(text, sentence, subjects[0], between)):
                # "Electrolyte imbalances, particularly involving sodium, can manifest as weakness":
                # a state of a substance shows as the symptom; that is an association, not a phenotype.
                type_ = "ASSOCIATED_WITH"
            else:
                subjects = disorders
        if type_ == "IS_A" and not passive and len(left.members) > 1 and between.lstrip().startswith(",") \
                and not _is_class(entities[left.members[-1].entity_id], entities):
            # "tramadol, dextromethorphan, a cough suppressant, and linezolid, an antibiotic": an apposition
            # describes the item just before it, not the whole list.
            subjects = left.members[-1:]
        if type_ == "IS_A":
            # "Ketamine, an anesthetic": membership needs a class; "fatigue, a sense of apathy" is no IS_A.
            objects = [o for o in objects if _is_class(entities[o.entity_id], entities)
                       and _same_kind(entities[subjects[0].entity_id], entities[o.entity_id])]
        hedge_end, may_negate, state_cues = cues()
        negated = False
        if may_negate:
            prefix = text[sentence.start:subject_group.start].lower() if not passive else text[sentence.start:left.start].lower()
            cue_text = between_lower[:trigger_start + 1] if trigger_start >= 0 else between_lower
            negated = bool(_NEGATION.search(_UNKNOWN.sub(" ", cue_text)) or _NO_EVIDENCE.search(prefix))
        hedged = hedge_end is not None and hedge_end <= right.end
        definition = _APPOSITION_OPEN.match(between) is not None and not passive
        for s in subjects:
            # "low intake of tryptophan, a precursor to serotonin": the apposition defines tryptophan itself
            modifier = None if definition and not s.state else _modifier(text, sentence, s, between if not passive else "",
                                                                         state_cues)
            for o in objects:
                obj = entities.get(o.entity_id)
                t = _object_type(type_, obj, o)
                if t == "SOURCE_OF" and passive and entities[s.entity_id].category in _SOURCE_OF_OTHER:
                    t = "INCREASES"
                if modifier == "deficiency" and schema.deficiency_flip:
                    t = schema.flip(t)
                elif modifier == "imbalance" and schema.relationships[t].polarity != 0:
                    t = "REGULATES"  # an imbalance says the entity matters, not in which direction
                t_obj = _object_adjusted(t, between, obj, passive, entities.get(s.entity_id))
                if t_obj in _CHANGES and obj is not None and obj.category in _DRUGS \
                        and _effect_of_before(between_lower, max(0, len(between_lower) - 40), len(between_lower)):
                    t_obj = "INTERACTS_WITH"  # "increases the sedative effects of antidepressants"
                product = _product_of(obj, entities) if t_obj == "PRECURSOR_OF" else None
                if product is not None:
                    # "a precursor to serotonin synthesis": a precursor of serotonin, taking part in its synthesis
                    emit(s, "PRECURSOR_OF", _Mention(o.start, o.end, product, o.text), modifier=modifier,
                         hedged=hedged, negated=negated)
                    t_obj = "PARTICIPATES_IN"
                emit(s, t_obj, o, modifier=modifier, hedged=hedged, negated=negated)
        without = _WITHOUT_IT.match(text, right.end, sentence.end) if may_deny else None
        if without is not None and not passive:
            # "X activates Y, but without desensitizing it": X is said NOT to desensitize Y.
            denied = _trigger(without.group(1).lower() + " ", "")
            if denied is not None and not denied[1]:
                for s in subjects:
                    for o in objects:
                        emit(s, _object_type(denied[0], entities.get(o.entity_id), o), o, hedged=hedged, negated=True)
    return out


# How much a type says about a pair: an association least, regulation (an effect without a direction) more,
# any other type most. Memberships are another kind of claim and are kept whatever else is said.
_SPECIFICITY = {"ASSOCIATED_WITH": 0, "REGULATES": 1}
_NOT_RANKED = frozenset({"IS_A", "FORM_OF"})


def _most_specific(statements: list[Statement]) -> list[Statement]:
    """One sentence's statements, less the ones another statement of the same pair says more specifically.

    "The relationship between X and Y rests on X's regulation of Y" gives X REGULATES Y, not also X
    ASSOCIATED_WITH Y. Pairs are taken in either direction; negated and asserted statements apart.
    """
    if not any(st.predicate in _SPECIFICITY for st in statements):
        return statements  # nothing less specific to drop
    best: dict[tuple, int] = {}
    for st in statements:
        if st.predicate not in _NOT_RANKED:
            key = (frozenset((st.subject.id, st.object.id)), st.negated)
            best[key] = max(best.get(key, 0), _SPECIFICITY.get(st.predicate, 2))
    if not best or max(best.values()) == 0:
        return statements
    return [st for st in statements if st.predicate in _NOT_RANKED
            or _SPECIFICITY.get(st.predicate, 2) >= best[(frozenset((st.subject.id, st.object.id)), st.negated)]]


def _one_line(text: str) -> str:
    """Evidence text with its white space normalised: a hard line break or a run of spaces becomes one space.

    The evidence keeps the document offsets of the sentence as written.

    >>> _one_line("Magnesium blocks the\\n  NMDA receptor.")
    'Magnesium blocks the NMDA receptor.'
    """
    if "\n" not in text and "  " not in text and "\t" not in text and "\r" not in text:
        return text  # the usual case, decided by substring tests in C
    return " ".join(text.split())


# A drug named by its effect: "the effectiveness of SSRIs", "the response to SSRIs", "the sedative effects of".
_EFFECT_OF = re.compile(r"\b(?:effects?|effectiveness|efficacy|responses?|actions?|benefits?|potency)\s+(?:of|to)\s+"
                        r"(?:the\s+|an?\s+)?$", re.I)
# The words an _EFFECT_OF match ends with, white space aside.
_EFFECT_OF_ENDS = ("of", "to", "the", "a", "an")


def _effect_of_before(text: str, start: int, end: int) -> bool:
    """``_EFFECT_OF.search(text, start, end)``, after a test of the word the window ends with.

    >>> _effect_of_before("the effects of ", 0, 15), _effect_of_before("the effects of zinc", 0, 19)
    (True, False)
    """
    if not text[start:end].rstrip()[-3:].lower().endswith(_EFFECT_OF_ENDS):
        return False
    return _EFFECT_OF.search(text, start, end) is not None


_DRUGS = frozenset({"Drug", "DrugClass"})
# Changing a drug's effect is an interaction between the two, not a change in the drug's amount.
_CHANGES = frozenset({"INCREASES", "DECREASES", "ACTIVATES", "INHIBITS"})
# Sources that are no food: "vitamin D comes from sunlight": exposure raises it.
_SOURCE_OF_OTHER = frozenset({"Intervention"})


# The leading fields of the records :func:`_statement` builds, in the order it passes them.
_EVIDENCE_FIELDS = ("doc", "sentence", "start", "end", "hedged", "negated", "modifier", "source", "citation",
                    "subject_text", "object_text", "subject_start", "subject_end", "object_start", "object_end")
_STATEMENT_FIELDS = ("subject", "predicate", "object", "polarity", "negated", "hedged", "confidence", "evidence")
if tuple(f.name for f in fields(Evidence))[:len(_EVIDENCE_FIELDS)] != _EVIDENCE_FIELDS \
        or tuple(f.name for f in fields(Statement)) != _STATEMENT_FIELDS:  # pragma: no cover
    raise ImportError("records.Evidence or records.Statement changed its fields: update sentences._statement")


def _statement(subject_m, type_, object_m, entities, schema, sentence, doc_id, refs, modifier=None, hedged=False,
               negated=False, membership=False) -> Statement | None:
    """The statement two mentions make with a type, if the schema allows it (symmetric types may turn round).

    ``refs`` shares one (immutable) EntityRef per entity and mention text within a sentence.
    """
    subj = entities.get(subject_m.entity_id)
    obj = entities.get(object_m.entity_id)
    if subj is None or obj is None or subj.id == obj.id or subject_m.generic:
        return None
    if object_m.generic and not (membership or type_ == "IS_A"):  # "hormones such as leptin" is the one use of a class word
        return None
    rel = schema.relationships.get(type_)
    if rel is None:
        return None
    if not rel.allows(subj.category, obj.category):
        if rel.symmetric and rel.allows(obj.category, subj.category):
            subj, obj, subject_m, object_m = obj, subj, object_m, subject_m
        else:
            return None
    # Positional arguments (in _EVIDENCE_FIELDS order): a call with fifteen keywords costs half as much again.
    ev = Evidence(doc_id, _one_line(sentence.text), sentence.start, sentence.end, hedged, negated, modifier, "extracted",
                  None, _one_line(subject_m.text), _one_line(object_m.text), subject_m.start, subject_m.end,
                  object_m.start, object_m.end)
    return Statement(_ref(refs, subj, subject_m.text), type_, _ref(refs, obj, object_m.text), rel.polarity, negated,
                     hedged, 0.0, [ev])


def _ref(refs: dict, entity, mention_text: str) -> EntityRef:
    key = (entity.id, mention_text)
    r = refs.get(key)
    if r is None:
        r = refs[key] = EntityRef(entity.id, entity.name, entity.category, mention_text)
    return r
_FORM_AFTER = re.compile(r"\s*(?:is|are)\s+(?:a|an|another|one)\s+(?:[\w-]+,?\s+){0,4}?forms?\b(?!\s+of\b)", re.I)
_FORM_BEFORE = re.compile(r"\b(?:another|one|a|this|the\s+\w+)\s+(?:[\w-]+\s+)?forms?\s*,\s*$", re.I)


def _base_of(entity, entities) -> str | None:
    """The mineral or nutrient a compound's name starts with: "magnesium citrate" -> magnesium."""
    if entity.category not in ("Mineral", "Nutrient", "Drug"):
        return None
    words = entity.name.lower().split()
    if len(words) < 2:
        return None
    base = _substance_names(entities).get(words[0])
    return base if base is not None and base != entity.id and entities[base].category in _NUTRIENT_CATEGORIES else None


def _substance_names(entities) -> dict[str, str]:
    """One-word names of minerals, nutrients, transmitters and hormones -> entity id."""
    cache = _lexicon_cache("substance names", entities)
    names = cache.get("names")
    if names is None:
        names = cache["names"] = {name.lower(): entity_id for entity_id, name, category in _entity_rows(entities)
                                  if category in _SUBSTANCE_CATEGORIES and " " not in name}
    return names


def _entity_rows(entities):
    """(id, name, category) of every entity, in the order of ``entities.values()``.

    The lexicon's vocabulary entities stay packed text until looked up (``lexicon_cache._LazyEntities``), which
    lists them as rows; unpacking all 300,000 into records to read two fields cost about 2 s and their memory,
    once per process.
    """
    rows = getattr(entities, "rows", None)
    if rows is not None:
        return rows()
    return ((e.id, e.name, e.category) for e in entities.values())


_MADE = re.compile(r"^(\S+)\s+(?:synthesis|biosynthesis|production)$")


def _product_of(obj, entities) -> str | None:
    """The substance a process makes: "serotonin synthesis" -> serotonin."""
    made = _MADE.match(obj.name.lower()) if obj.category == "Process" else None
    return _substance_names(entities).get(made.group(1)) if made else None


# What comes between an object and the next trigger when that trigger is the main subject's again:
# "X affects A, thereby impacting B", "X targets A to normalize B", "X supports A and alleviates B".
# An action on an object, then ", which raises/causes ...": the relative clause is about the action.
_EVENT_TYPES = frozenset({"ANTAGONIST_OF", "INHIBITS", "ACTIVATES", "INCREASES", "DECREASES"})
_EVENT_RELATIVE = re.compile(r"^\)?\s*(?:\([^)]*\)\s*)?(?:[\w-]+\s+){0,4}?(?:[\w-]+)?\s*(?:\([^)]*\)\s*)?,\s*which\s+(?:in\s+turn\s+)?"
                             r"(?:can\s+|may\s+|might\s+|could\s+)?(?:\w+ly\s+)?(?:raises?|increases?|lowers?|reduces?|"
                             r"leads?\s+to|causes?|boosts?|elevates?|triggers?)\b")
_MEANS_CLAUSE = re.compile(r"^[\s,]*(?:[\w'’-]+[\s,]+){0,6}?(?:[\w'’-]+)?\s*,?\s*\b(?:to|by|in\s+order\s+to|thereby|thus|so\s+as\s+to)\s+"
                           r"(?:\w+ly\s+)?(?:help(?:s|ing)?\s+(?:to\s+)?)?$")
_PARTICIPLE_CLAUSE = re.compile(r"^\s*(?:[\w'’-]+\s+){0,5}?(?:[\w'’-]+)?\s*,\s*(?:thereby\s+|thus\s+|\w+ly\s+)?$")
_AND_PREDICATE = re.compile(r"^\s*(?:[\w'’-]+\s+){0,5}?(?:[\w'’-]+)?\s*(?:,\s*and|,\s*or|\band|\bor)\s+"
                            r"(?:(?:also|then|can|may|might|could|will|would|further|thereby|thus|to)\s+)*(?:\w+ly\s+)?"
                            r"(?:help(?:s|ing)?\s+(?:to\s+)?)?$")


_LIST_OF_SYMPTOMS = re.compile(r"^\W*(?:and|or)\s+(?:[\w-]+\s+)?symptoms?\s+(?:like|such\s+as|including)\b")
_FOR_THOSE = re.compile(r"for\s+(?:those|people|patients|individuals|persons|adults|children|anyone)\b")


# A relative clause opening between a trigger and the right entity: the entity belongs to that clause.
_RELATIVE_BEFORE_OBJECT = re.compile(r"\b(?:where|whereby|in\s+which|whose|that|which|who)\b")
# A trigger in a relative clause on an indefinite object of another verb: "X may have inherited a genetic
# predisposition that affects Y". The clause is the object's, not X's. (A copula makes the noun X itself:
# "X is a mineral that regulates Y"; other relatives, "X, which ...", are decided by the clause rules below.)
_OBJECT_RELATIVE = re.compile(r"^\s*((?:[\w'’-]+\s+){1,6}?)(?:a|an|another)\s+(?:[\w-]+\s+){0,3}?(?:that|which|who)\s+"
                              r"(?:(?:can|may|might|could|will|would|also|often|then|\w+ly)\s+)*$")
_COPULA_END = re.compile(r"\b(?:is|are|was|were|be|been|being|as|becomes?|remains?|represents?)\s+$")


def _relative_of_other_noun(prefix: str) -> bool:
    """Whether a trigger opens a relative clause on an indefinite object of another verb (see above).

    >>> _relative_of_other_noun(" may have inherited a genetic predisposition that ")
    True
    >>> _relative_of_other_noun(", which "), _relative_of_other_noun(" is a mineral that "), _relative_of_other_noun(" ")
    (False, False, False)
    """
    if not (("that" in prefix or "wh" in prefix) and (" a" in prefix or "another" in prefix)):
        return False  # a cheap first test: the pattern needs a relative pronoun and an article
    found = _OBJECT_RELATIVE.match(prefix)
    return found is not None and _COPULA_END.search(found.group(1)) is None


def _carried_subject(prefix: str, previous, groups, left, sentence):
    """The group a trigger after ``left`` belongs to when it starts a means, participle or second verb clause.

    ``prefix`` is the text between ``left`` and the trigger. None when the
    trigger is ``left``'s own ("X, and A causes B" is A's).
    """
    main = previous if previous is not None and previous is not left else None
    first = groups[1] if groups[0].fronted and len(groups) > 1 else groups[0]
    if main is None and first is not left and first.start - sentence.start < 30 \
            and not all(x.generic for x in first.members):
        main = first  # the sentence's subject
    if main is None or main.start > left.start:
        return None
    # Each pattern is tried only when the prefix has a word it needs: they backtrack a lot where they fail.
    if ("to" in prefix or "by" in prefix or "thus" in prefix) and _MEANS_CLAUSE.match(prefix):
        return main
    if prefix.rstrip().endswith(",") and _PARTICIPLE_CLAUSE.match(prefix):
        return main
    if ("and" in prefix or "or" in prefix) and _AND_PREDICATE.match(prefix):
        # "X: works with A in B and maintains C": with no earlier predicate, the sentence's subject
        return previous if previous is not None and previous is not left else main
    return None


# Frames whose verb comes before the left entity, so that only a short word lies between the two:
# "converts tryptophan into serotonin" (the left entity becomes the right one) and
# "good sources of vitamin D include sunlight, fatty fish", "you can get vitamin D from sunlight" (the right
# entities are sources of the left).
_CONVERTS_BEFORE = re.compile(r"\b(?:convert(?:s|ed|ing)?|turn(?:s|ed|ing)?|metaboli[sz](?:e|es|ed|ing))\s+(?:the\s+)?"
                              r"(?:(?:amino\s+acid|nutrient|precursor)\s+)?$")
_INTO = re.compile(r"^\s*(?:in)?to\s+(?:the\s+)?(?:(?:neurotransmitter|hormone)\s+)?$")
_INTO_NEXT = re.compile(r"\s*(?:in)?to\b", re.I)
_SOURCES_OF_BEFORE = re.compile(r"\bsources?\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?$")
_GET_BEFORE = re.compile(r"\b(?:get|gets|getting|obtain|obtains|obtaining)\s+(?:(?:enough|more|your|their|some|most|the)\s+)?$")
_FROM = re.compile(r"^\s*(?:mainly\s+|mostly\s+|largely\s+)?from\s+(?:the\s+)?$")
_INCLUDE = re.compile(r"^\s*(?:include|includes|are|comprise|:)\s*:?\s*$")


def _verb_before_left(text, sentence, left, between_lower, chained=False) -> tuple[str, bool, int, int] | None:
    """The relationship of a frame whose verb precedes the left group (see above), as :func:`_trigger` gives it.

    ``chained``: the previous pair was a conversion, so "and C into D" converts again. A frame's trigger
    is reported at 0, 0.
    """
    before = text[max(sentence.start, left.start - 40):left.start].lower()
    if _INTO.match(between_lower) and (chained or _CONVERTS_BEFORE.search(before)):
        return ("PRECURSOR_OF", False, 0, 0)
    if _INCLUDE.match(between_lower) and _SOURCES_OF_BEFORE.search(before) or (
            _FROM.match(between_lower) and _GET_BEFORE.search(before)):
        return ("SOURCE_OF", True, 0, 0)  # "... include fatty fish"; "we get vitamin D from sunlight"
    return None


def _colon_rule(left: _Group, right: _Group, entities) -> tuple[str, bool, int, int] | None:
    """"Magnesium: Nuts, seeds, whole grains" (a list of foods after a nutrient) means SOURCE_OF."""
    lcat = {entities[m.entity_id].category for m in left.members}
    rcat = {entities[m.entity_id].category for m in right.members}
    if lcat <= {"Mineral", "Nutrient"} and rcat == {"Food"}:
        return ("SOURCE_OF", True, 0, 0)
    return None
