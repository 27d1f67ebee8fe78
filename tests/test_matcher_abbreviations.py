"""Abbreviation readings of the matcher: which entity a short form the text defines names, and where it wins."""

from __future__ import annotations

from neurograph.lexicon_terms import Match
from neurograph.matcher import _abbreviations_in
from neurograph.records import Entity

ENTITIES = {"D:nic": Entity("D:nic", "nicotine", "Drug"), "S:nys": Entity("S:nys", "nystagmus", "Symptom"),
            "G:nin": Entity("G:nin", "ninein", "Gene"), "S:ano": Entity("S:ano", "anosmia", "Symptom")}


def _matches(text, spans):
    return [Match(text.index(t), text.index(t) + len(t), i, t) for t, i in spans]


def test_a_cause_cue_names_the_effect_over_a_gene_symbol():
    text = "the pathomechanism of nicotine-induced nystagmus (NIN) is unknown"
    found = _abbreviations_in(text, _matches(text, [("nicotine", "D:nic"), ("nystagmus", "S:nys"), ("NIN", "G:nin")]),
                              ENTITIES)
    assert found == {"NIN": "S:nys"}


def test_without_a_cause_cue_the_gene_symbol_stays():
    # "X-linked ... (XLH)": a disease's name keeps the gene symbol the gene is often named for
    text = "the nicotine and nystagmus (NIN) study"
    found = _abbreviations_in(text, _matches(text, [("nicotine", "D:nic"), ("nystagmus", "S:nys"), ("NIN", "G:nin")]),
                              ENTITIES)
    assert "NIN" not in found or found["NIN"] != "S:nys"


def test_a_defined_short_form_wins_over_a_lexicon_match_inside_its_word():
    from neurograph.matcher import Matcher

    matcher = Matcher({}, frozenset(), ENTITIES)
    text = "dexmedetomidine (D-MED) acts; D-MED helps"
    inside = Match(text.rindex("MED"), text.rindex("MED") + 3, "G:nin", "MED")
    out = matcher._add_abbreviations(text, text, [inside], {"D-MED": "D:nic"})
    assert [(m.text, m.entity_id) for m in out] == [("D-MED", "D:nic"), ("D-MED", "D:nic")]
