"""Every relation rule can be reached through the keyword filter.

The extractor runs a rule on a between-text only when one of the rule's
keywords starts a word of it (``_KEYWORDS``, a list parallel to ``_RULES``).
A keyword that no match of its rule contains silently disables the rule, as
"cofactor" once did. This test writes random phrases that each rule's own
pattern matches and checks that the filter lets the rule run on every one.
"""

from __future__ import annotations

import random
import re
from re import _constants as C  # the standard library's own regex parser (3.11+), to write phrases
from re import _parser as parser

import pytest

from neurograph.extract import rules

_LETTERS = "abcdefghilmnoprstuy"


def _write(items, rng: random.Random, out: list[str]) -> None:
    """Append one random string that the parsed pattern ``items`` can match."""
    for op, arg in items:
        if op is C.LITERAL:
            out.append(chr(arg))
        elif op is C.NOT_LITERAL:
            out.append("x" if chr(arg) != "x" else "y")
        elif op is C.IN:
            out.append(_one_of(arg, rng))
        elif op is C.ANY:
            out.append(rng.choice(_LETTERS))
        elif op is C.BRANCH:
            _write(rng.choice(arg[1]), rng, out)
        elif op is C.SUBPATTERN:
            _write(arg[-1], rng, out)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, body = arg
            for _ in range(rng.randint(low, min(high, low + 2))):
                _write(body, rng, out)
        elif op is C.CATEGORY:
            out.append(_category(arg, rng))
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # anchors and look-arounds write nothing; the sample is checked against the pattern
        else:
            raise NotImplementedError(f"regex op {op} in a rule: teach the sample writer about it")


def _category(category, rng: random.Random) -> str:
    if category is C.CATEGORY_SPACE:
        return " "
    if category is C.CATEGORY_DIGIT:
        return str(rng.randint(0, 9))
    if category is C.CATEGORY_WORD:
        return rng.choice(_LETTERS)
    return "-"  # a negated class (\W, \S, \D)


def _one_of(items, rng: random.Random) -> str:
    if items and items[0][0] is C.NEGATE:
        return "-" if all(a != ord("-") for o, a in items if o is C.LITERAL) else "#"
    op, arg = rng.choice(items)
    if op is C.LITERAL:
        return chr(arg)
    if op is C.RANGE:
        return chr(rng.randint(*arg))
    if op is C.CATEGORY:
        return _category(arg, rng)
    raise NotImplementedError(f"class item {op}")


def _samples(pattern: re.Pattern, count: int, seed: int) -> list[str]:
    """Phrases that ``pattern`` finds, framed by spaces as a between-text is."""
    rng = random.Random(seed)
    parsed = parser.parse(pattern.pattern, pattern.flags)
    found: list[str] = []
    for _ in range(count * 20):
        out: list[str] = []
        _write(list(parsed), rng, out)
        phrase = " " + "".join(out) + " "
        if pattern.search(phrase):
            found.append(phrase)
            if len(found) == count:
                break
    return found


def test_the_keyword_list_runs_parallel_to_the_rules():
    assert len(rules._KEYWORDS) == len(rules._RULES)
    assert all(words for words in rules._KEYWORDS), "a rule without keywords can never run"


@pytest.mark.parametrize("order", range(len(rules._RULES)),
                         ids=[f"{i}-{t}" for i, (t, _, _) in enumerate(rules._RULES)])
def test_every_phrase_a_rule_matches_lets_the_rule_run(order):
    type_, _, _ = rules._RULES[order]
    pattern = rules._COMPILED[order][1]
    samples = _samples(pattern, 60, seed=order)
    assert len(samples) >= 20, f"could not write phrases for rule {order} ({type_})"
    blocked = [s for s in samples if order not in rules._candidate_rules(s.lower())]
    assert not blocked, (f"rule {order} ({type_}) matches {blocked[:3]} but none of its keywords "
                         f"{rules._KEYWORDS[order]} starts a word there")


def test_the_sample_writer_catches_a_keyword_that_disables_its_rule():
    # The check above must be able to fail: a rule whose keyword its phrases never contain.
    pattern = re.compile(r"\b(?:is|are)\s+a\s+co-?factor\s+(?:for|in)\b")
    samples = _samples(pattern, 20, seed=1)
    assert samples and all("co" in s for s in samples)
    assert not any(re.search(r"\bcofactor", s) for s in samples if "co-factor" in s)
