"""Wrong statements a new user found in answers (issue 15): each general cause, in new words.

Every test writes the construction afresh (not the corpus sentence it was found in) and checks both
that the wrong statement is gone and, where the sentence states something, that the right one is there.
"""

from __future__ import annotations

import pytest

from neurograph.documents import Document
from neurograph.extract import extract_document
from neurograph.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lexicon(schema):
    return load_lexicon(schema=schema)


def extract(text, lexicon, schema):
    return extract_document(Document("t", None, "t", text, ""), lexicon, schema).statements


def triples(text, lexicon, schema):
    return {(s.subject.name, s.predicate, s.object.name) for s in extract(text, lexicon, schema)}


def test_class_word_before_a_name_is_no_anaphor(lexicon, schema):
    # "the neurotransmitter glutamate": "the neurotransmitter" introduces glutamate; it does not point
    # back to dopamine, named in the sentence before.
    text = ("Dopamine matters for motivation. AMPA receptors are opened by the neurotransmitter glutamate "
            "and play a part in shaping dopamine release. These receptors are activated by the neurotransmitter "
            "glutamate.")
    got = triples(text, lexicon, schema)
    assert ("glutamate", "ACTIVATES", "AMPA receptor") in got
    assert not any(s == "dopamine" and o == "AMPA receptor" for s, _, o in got)


def test_action_named_as_a_noun_with_its_agent_after_by(lexicon, schema):
    got = triples("Blocking NMDA receptors with ketamine stops their excessive stimulation by glutamate.",
                  lexicon, schema)
    assert ("glutamate", "ACTIVATES", "NMDA receptor") in got
    assert not any(s == "NMDA receptor" and o == "glutamate" for s, _, o in got)


def test_recovery_from_a_condition_is_less_of_it(lexicon, schema):
    got = triples("Regular exercise promotes recovery from depression.", lexicon, schema)
    assert ("exercise", "TREATS", "depression") in got
    assert ("exercise", "INCREASES", "depression") not in got


def test_relative_clause_on_another_noun_is_not_the_entity_s(lexicon, schema):
    # The predisposition affects serotonin, not depression.
    got = triples("People with depression in the family can carry a gene variant that alters serotonin transport.",
                  lexicon, schema)
    assert not any(s == "depression" and o == "serotonin" for s, _, o in got)
    # The clause after "where" is about the conditions, not what supplementation raises.
    got = triples("Zinc supplementation may help with disorders where glutamate signalling is disturbed.",
                  lexicon, schema)
    assert ("zinc", "INCREASES", "glutamate") not in got
    # A copula makes the noun the entity itself: the clause is the entity's.
    got = triples("Glycine is an amino acid that activates NMDA receptors.", lexicon, schema)
    assert ("glycine", "ACTIVATES", "NMDA receptor") in got


def test_headings_are_never_evidence(lexicon, schema):
    text = "The Connection Between Zinc and Depression\n\nZinc deficiency is linked to depression.\n"
    statements = extract(text, lexicon, schema)
    assert statements, "the body sentence states something"
    assert all(not ev.sentence.startswith("The Connection") for s in statements for ev in s.evidence)


def test_one_sentence_keeps_the_most_specific_type_of_a_pair(lexicon, schema):
    statements = extract("Glutamate excites neurons. The connection between zinc and glutamate lies in its role in "
                         "the regulation of this neurotransmitter.", lexicon, schema)
    types = {s.predicate for s in statements if {s.subject.name, s.object.name} == {"zinc", "glutamate"}}
    assert types == {"REGULATES"}


def test_evidence_text_is_one_line_with_offsets_unchanged(lexicon, schema):
    text = "Intro line.\n\nMagnesium blocks\nthe NMDA   receptor.\n"
    [st] = [s for s in extract(text, lexicon, schema) if s.predicate == "ANTAGONIST_OF"]
    ev = st.evidence[0]
    assert ev.sentence == "Magnesium blocks the NMDA receptor."
    assert text[ev.start:ev.end] == "Magnesium blocks\nthe NMDA   receptor."


def test_list_of_sources_after_a_class_example(lexicon, schema):
    for text in ("Vitamin D comes from sunlight, oily fish such as salmon, and fortified milk.",
                 "You can get vitamin D from sunlight, oily fish like salmon and fortified milk.",
                 "Good sources of vitamin D include sunlight, oily fish, salmon and fortified milk."):
        got = triples(text, lexicon, schema)
        assert {("fatty fish", "SOURCE_OF", "vitamin D"), ("salmon", "SOURCE_OF", "vitamin D"),
                ("milk", "SOURCE_OF", "vitamin D"), ("sunlight", "INCREASES", "vitamin D")} <= got, text
        assert ("milk", "IS_A", "fatty fish") not in got, text
    got = triples("Oily fish such as salmon, sardines, and mackerel provide vitamin D.", lexicon, schema)
    assert {("salmon", "IS_A", "fatty fish"), ("sardines", "IS_A", "fatty fish"), ("mackerel", "IS_A", "fatty fish")} <= got


def test_precursors_made_from_and_converted_into(lexicon, schema):
    assert ("tryptophan", "PRECURSOR_OF", "serotonin") in triples("Serotonin is synthesised from tryptophan.",
                                                                   lexicon, schema)
    got = triples("The enzyme converts 5-HTP into serotonin and L-DOPA into dopamine.", lexicon, schema)
    assert {("5-HTP", "PRECURSOR_OF", "serotonin"), ("levodopa", "PRECURSOR_OF", "dopamine")} <= got
    assert ("5-HTP", "PRECURSOR_OF", "levodopa") not in got


def test_a_drug_named_by_its_effect(lexicon, schema):
    # The claim is magnesium's, about the response to the drug: no SSRIs TREATS depression here.
    got = triples("Magnesium may enhance the response to SSRIs in people with depression.", lexicon, schema)
    assert ("magnesium", "INTERACTS_WITH", "SSRIs") in got
    assert ("SSRIs", "TREATS", "depression") not in got
    # Said of the drug itself, it is the claim.
    assert ("SSRIs", "TREATS", "depression") in triples("SSRIs are effective in treating depression.", lexicon, schema)
