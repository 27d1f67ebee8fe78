"""Cheap tests that extraction makes before a slow pattern must never turn away a text the pattern matches."""

from __future__ import annotations

import re

import pytest

from neurograph.extract.mentions import _ALIAS, _ALIAS_WORDS
from neurograph.extract.sentences import _NEW_CLAUSE_SUBJECT, _PRONOUN_WORD


@pytest.mark.parametrize("between", [
    " causes fatigue, and it can worsen ", ",it may ", "; they\nraise ", " and\tthey go ", " when it becomes ",
    " with activity, and its ", " with it", " and, with chronic use, it can ", " because they are ", "it can ",
    " which italicises ", " they",
])
def test_the_pronoun_word_test_holds_for_every_new_clause(between):
    # _sentence_statements searches _NEW_CLAUSE_SUBJECT only where _PRONOUN_WORD is found
    if _NEW_CLAUSE_SUBJECT.search(between):
        assert _PRONOUN_WORD.search(between)


def test_the_pronoun_word_test_turns_away_it_inside_words():
    assert not _PRONOUN_WORD.search(" with activity, its cognitive ")
    assert _PRONOUN_WORD.search(" and it can ")


@pytest.mark.parametrize("between", [
    ", also known as ", " (a.k.a. ", ", aka ", ", called ", ", often referred to as the '", ", nicknamed ",
    ", dubbed ", " and ", ", ALSO KNOWN AS ",
])
def test_the_alias_words_are_the_ones_an_alias_needs(between):
    # _groups tries _ALIAS only on a between holding one of _ALIAS_WORDS (lower-cased)
    lowered = between.lower()
    if _ALIAS.match(between):
        assert any(word in lowered for word in _ALIAS_WORDS)
    # the words are the plain alternation the test replaced
    old = re.compile(r"known|call|refer|nick|dub|aka|a\.k\.a")
    assert (old.search(lowered) is not None) == any(word in lowered for word in _ALIAS_WORDS)


def test_variants_searched_near_digits_are_all_the_variants():
    # variant_mentions searches the variant pattern only a few characters before each digit; every shape, written
    # with its digit as far from its start as the pattern allows, must still be found, and nothing else.
    from neurograph.extract.variants import _VARIANT, _matches

    shapes = ["p. (Glu104X)", "p.(Glu104X)", "c. *73G>A", "c.2554+1G>T", "Delta32", "IVS3 + 1 G > A", "Cys 23 Ser",
              "rs4810424", "G-395A", "+25 G->A", "-521 C/T", "657del5", "217_218insC", "del642T", "-1021T",
              "1858C/T", "V600E", "Glu104X", "Y329fs", "-308G>A"]
    noise = ["In 2005,", "x.12", "rs12", "p.Glu", "abc12", "(n = 30)", "A2A", "E2F", "IL-6", "5-HT1A", "mg/kg"]
    # prose between them keeps the text sparse in digits, where only the places near a digit are tried
    prose = " and then the patients were followed for several weeks without any change in their treatment "
    text = (prose * 4).join(f"{a} {b}" for a, b in zip(shapes, noise * 2))
    assert sum(map(text.count, "0123456789")) * 60 < len(text)
    expected = [m.span() for m in _VARIANT.finditer(text)]
    assert [m.span() for m in _matches(text)] == expected
    assert len(expected) >= len(shapes)


@pytest.mark.parametrize("between", [
    "", "  ", "\n", ")", ") ", ")*such as ", "_like ", ", ", " and ", "andthe ", " and/or ", "; ", " & ", " / ",
    " as well as ", ", as well as the ", " certain ", " feelings of ", " lack of ", " (", " (e.g., ", " (SUCH AS ",
    " (namely ", " levels, such as ", " concentrations including: ", ", particularly involving ", " e.g., ",
    ", like ", ", an ", ", the enzyme ", ", and chia ", " or higher risk of ", ", often combined with ",
    ", also called the '", " i.e. ", " known as ", " referred to as “", " is a ", " in the ", " increases ",
    " can cause ", " of ", " which ", "\u2003and ", " especially ",
])
def test_the_joiner_start_test_never_turns_away_a_joiner(between):
    # _groups tries the _JOINER alternation only on a between that starts with one of _JOINER_STARTS (or is blank)
    from neurograph.extract.mentions import _JOINER, _JOINER_STARTS

    head = between.lstrip()
    if _JOINER.match(between):
        assert not head or head.startswith(_JOINER_STARTS)


def _corpus_sentences() -> list[str]:
    from pathlib import Path

    from neurograph.documents import split_sentences

    folder = Path(__file__).resolve().parents[1] / "data" / "documents"
    return [s.text for path in sorted(folder.glob("*.txt")) for s in split_sentences(path.read_text(encoding="utf-8"))]


# Texts each second test of a rule must let through (the rule matches them), beside the sample corpus's sentences.
_RULE_MATCHES = [
    " which developed after long-term lithium therapy with ", " as an adverse effect of ", " when she was treated with ",
    " helps relieve ", " reduces the severity of ", " provides relief from ", " is used for ", " works well for people with ",
    " for patients suffering from ", " interacts with ", " combined with ", " interactions between ", " tend to have lower ",
    ", where reduced levels of ", " is a ", ", an ", " one of the ", " are essential ", " remedies for ",
]


def test_the_second_tests_of_rules_never_turn_away_a_match():
    # _trigger runs a rule with a second test (rules._LATER_WORDS, rules._STARTS_WITH) only where the test passes
    from neurograph.extract.rules import _COMPILED, _SECOND_TESTS, _may_match

    texts = list(_RULE_MATCHES)
    for sentence in _corpus_sentences():
        lowered = sentence.lower()
        starts = [0] + [m.end() for m in re.finditer(r"\s+", lowered)]
        texts.extend(lowered[a:a + 120] for a in starts[::3])
        texts.extend(" " + lowered[a:b] for a, b in zip(starts, starts[2:]))  # short betweens ("is a ")
    for order in _SECOND_TESTS:
        pattern = _COMPILED[order][1]
        matched = 0
        for text in texts:
            if pattern.search(text):
                matched += 1
                assert _may_match(order, text), (order, text)
        assert matched, order  # the texts exercise every rule with a second test
    assert not any(_may_match(order, " or ") for order in _SECOND_TESTS)


def test_sentence_cue_tests_agree_with_their_patterns():
    from neurograph.extract.mentions import _CASE_TRAPS, _has_case_traps
    from neurograph.extract.modifiers import _HEDGE, _NEGATION, _hedge_cue, _may_negate
    from neurograph.extract.sentences import _EFFECT_OF, _effect_of_before

    sentences = _corpus_sentences() + ["It can\u2019t be.", "Zinc fails to help.", "It works without binding it.",
                                       "The effects  of\n", "responses to an ", "\u212aelvin and \u0130stanbul"]
    hedged = negated = effects = 0
    for sentence in sentences:
        lowered = sentence.lower()
        hedge = _HEDGE.search(lowered)
        assert (hedge and hedge.span()) == ((found := _hedge_cue(lowered)) and found.span())
        assert _may_negate(lowered) == (_NEGATION.search(lowered) is not None)
        assert _has_case_traps(sentence) == (_CASE_TRAPS.search(sentence) is not None)
        for end in range(len(sentence) + 1):
            expected = _EFFECT_OF.search(sentence, max(0, end - 40), end) is not None
            assert _effect_of_before(sentence, max(0, end - 40), end) == expected
            effects += expected
        hedged += hedge is not None
        negated += _may_negate(lowered)
    assert hedged and negated and effects


@pytest.mark.parametrize("head", ["known as ", ", also called ", "(often referred to as ", ",\n dubbed ", "aka ",
                                  "a.k.a. ", "Commonly known as ", "\u212anown as "])
def test_an_alias_start_is_let_through(head):
    from neurograph.extract.mentions import _may_start_alias

    between = " " + head
    assert _ALIAS.match(between)
    assert _may_start_alias(between.lstrip())


def test_the_state_noun_test_lets_every_match_through():
    # _state_anaphora searches _STATE_NOUN only where a lower-case state word or one of its openers is
    from neurograph.extract.mentions import _STATE_NOUN, _STATE_NOUN_OPENERS

    texts = _corpus_sentences() + ["This deficiency matters.", "Such an imbalance", "Chronic supplementation helps.",
                                   "Depletion follows.", "Long-term depletion of"]
    found = 0
    for text in texts:
        if _STATE_NOUN.search(text):
            found += 1
            assert "deficien" in text or "imbalance" in text or "depletion" in text or text.startswith(_STATE_NOUN_OPENERS)
    assert found >= 5


@pytest.mark.parametrize("between", [
    " (", " (e.g., ", "( such as ", ") such as ", "**, such as ", " levels, including ", " like ", ", e.g. ",
    ", particularly involving ", ", the ", ", the rate-limiting ", ", like", ", an ", ", and ", " or ", ", and diverse ",
    " and ", " such as ", ", especially ", "_ like ",
])
def test_the_group_joiners_start_as_their_first_tests_say(between):
    # _groups tries each joining pattern only where the between-text starts as the pattern's matches do
    from neurograph.extract.mentions import (
        _APPOSITION, _COMPARISON, _COORDINATION_LOOSE, _HYPONYMY, _HYPONYMY_STARTS, _PAREN_LIST, _THE_CLASS,
    )

    head = between.lstrip()
    if _PAREN_LIST.match(between):
        assert head.startswith("(")
    if _HYPONYMY.match(between):
        assert between.startswith(")") or head.startswith(_HYPONYMY_STARTS)
    if _THE_CLASS.match(between) or _COMPARISON.match(between) or _APPOSITION.match(between):
        assert head.startswith(",")
    if _COORDINATION_LOOSE.match(between):
        assert head.startswith((",", "and", "or"))


def test_the_group_joiner_cases_match_their_patterns():
    from neurograph.extract.mentions import _APPOSITION, _COORDINATION_LOOSE, _HYPONYMY, _PAREN_LIST, _THE_CLASS

    assert _PAREN_LIST.match(" (e.g., ") and _HYPONYMY.match(") such as ") and _HYPONYMY.match("**, such as ")
    assert _THE_CLASS.match(", the rate-limiting ") and _APPOSITION.match(", an ") and _COORDINATION_LOOSE.match(", and diverse ")


def test_the_group_joiner_first_tests_hold_on_the_corpus():
    cuts = 0
    for sentence in _corpus_sentences():
        bounds = [m.start() for m in re.finditer(r"\b", sentence)]
        for i, a in enumerate(bounds[::2]):
            for b in bounds[2 * i + 1:2 * i + 9]:
                test_the_group_joiners_start_as_their_first_tests_say(sentence[a:b])
                cuts += 1
    assert cuts > 10_000


def test_fronted_phrase_and_pronoun_first_tests_hold_on_the_corpus():
    from neurograph.extract.mentions import _FRONTED_WITH_PHRASE, _PRONOUN_SUBJECT, _fronted_with

    texts = _corpus_sentences() + ["Combined with an SSRI, X can cause Y.", "  Taken together with lithium, it ",
                                   "Co-administered with Z, Y", "It is.", " They may", "Itself"]
    for text in texts:
        assert (_fronted_with(text) or None) and _fronted_with(text).span() == _FRONTED_WITH_PHRASE.match(text).span() \
            if _FRONTED_WITH_PHRASE.match(text) else _fronted_with(text) is None
        if _PRONOUN_SUBJECT.match(text):
            assert text.lstrip().startswith(("It", "They"))
