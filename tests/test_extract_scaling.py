"""Extraction work stays linear in a document's size (issue 17: text without sentence punctuation was quadratic).

Checked structurally, not by timing: sentences are bounded in length whatever
the punctuation, and the per-sentence tests read a bounded stretch of text.
Timings are in benchmarks/extraction_scaling.py.
"""

from __future__ import annotations

from neurograph.documents import MAX_SENTENCE_CHARS, Sentence, split_sentences
from neurograph.extract.lists import _is_bullet

WORDS = "magnesium blocks the NMDA receptor and zinc supports serotonin in the brain "


def _check_bounded(text: str) -> list[Sentence]:
    sentences = split_sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)
    # Nothing is lost: the sentences hold every character of the text but white space, in order.
    assert "".join("".join(s.text.split()) for s in sentences) == "".join(text.split())
    return sentences


def test_text_without_punctuation_is_cut_into_bounded_sentences():
    text = WORDS * 4000  # 300 KB on one line
    sentences = _check_bounded(text)
    assert len(sentences) >= len(text) // MAX_SENTENCE_CHARS
    # Cut between words, never inside one.
    assert all(text[s.end:s.end + 1] in (" ", "") for s in sentences)
    assert " ".join(s.text for s in sentences).split() == text.split()


def test_cuts_prefer_clause_breaks():
    text = ("magnesium blocks the NMDA receptor, " * 100)
    sentences = _check_bounded(text)
    assert len(sentences) > 1 and all(s.text.endswith(",") for s in sentences[:-1])


def test_other_unbounded_shapes_are_bounded_too():
    _check_bounded("magnesium blocks the receptor. zinc supports serotonin. " * 3000)  # no capital after a stop
    _check_bounded("Magnesium (an essential mineral. " + "Zinc supports serotonin. " * 3000)  # unclosed parenthesis
    _check_bounded("x" * 5000)  # one long token: cut at the bound


def test_real_sentences_are_not_cut():
    sentence = "Magnesium, " + "zinc and iron, " * 70 + "support serotonin."
    assert len(sentence) < MAX_SENTENCE_CHARS
    assert [s.text for s in split_sentences(sentence + " " + sentence)] == [sentence, sentence]


class _CountingText(str):
    """A text that counts the characters read from it one by one."""

    reads = 0

    def __getitem__(self, key):
        type(self).reads += 1
        return str.__getitem__(self, key)


def test_bullet_test_reads_a_bounded_stretch_of_a_long_line():
    # Once per sentence on a document that is one long line: it must not read back to the line's start.
    text = _CountingText("word " * 50_000 + "Zinc supports serotonin.")
    start = len(text) - len("Zinc supports serotonin.")
    _CountingText.reads = 0
    assert not _is_bullet(text, Sentence(0, start, len(text), "Zinc supports serotonin."))
    assert _CountingText.reads <= 10
