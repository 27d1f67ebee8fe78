"""The relation model's sign cues: the rules' reading of the words between a pair (invented sentences)."""

from __future__ import annotations

from neurograph.extract.candidates import EntityMention, candidates
from neurograph.extract.features import DocumentContext
from neurograph.extract.sign_cues import sign_cue_features


def cues(text, *names):
    """The sign-cue features of the one candidate of two gene names in ``text``."""
    ms = [EntityMention(f"G{i}", "Gene", text.index(n), text.index(n) + len(n), 0, n) for i, n in enumerate(names)]
    feats: set[str] = set()
    sign_cue_features(feats, candidates(ms)[0], DocumentContext(text, [(0, len(text))], ms))
    return feats


def test_the_trigger_between_gives_the_direction():
    assert cues("GENEA strongly reduced GENEB expression.", "GENEA", "GENEB") == {"gene|gene|rule_sign=down"}
    assert cues("GENEB was up-regulated by GENEA.", "GENEA", "GENEB") == {"gene|gene|rule_sign=up"}


def test_a_switched_off_agent_reverses_it():
    assert cues("Silencing GENEA reduced GENEB expression.", "GENEA", "GENEB") == {"gene|gene|rule_sign=up"}
    assert cues("GENEB was reduced in GENEA-deficient mice.", "GENEA", "GENEB") == {"gene|gene|rule_sign=up"}


def test_no_cue_across_a_clause_or_without_a_trigger():
    assert cues("Studies of GENEA indicate that zinc increases GENEB.", "GENEA", "GENEB") == set()
    assert cues("GENEA and GENEB were measured.", "GENEA", "GENEB") == set()
