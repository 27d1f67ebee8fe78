"""The matcher's context rules: residues of a sequence, and long forms the lexicon knows in pieces."""

from __future__ import annotations

from neurograph.lexicon_terms import Match
from neurograph.records import Entity
from neurograph.lexicon import load_lexicon
from neurograph.matcher import Matcher, _abbreviations_in, drop_sequence_residues


def test_residues_in_a_mutation_report_are_not_substances():
    text = ("A base substitution changing the tyrosine codon at amino acid position 67 into a stop codon. "
            "Oral tyrosine raised dopamine. The Glu 272 change was found.")
    oral = text.index("Oral tyrosine") + 5
    spans = [("tyrosine", text.index("tyrosine")), ("amino acid", text.index("amino acid")), ("tyrosine", oral),
             ("Glu", text.index("Glu"))]
    matches = [Match(s, s + len(t), "X:" + t, t) for t, s in spans]
    kept = drop_sequence_residues(text, matches)
    assert [(m.text, m.start) for m in kept] == [("tyrosine", spans[2][1])]


def test_a_dose_is_not_a_residue_number():
    text = "Rats received glycine 10 mg/kg daily."
    s = text.index("glycine")
    matches = [Match(s, s + 7, "CHEBI:15428", "glycine")]
    assert drop_sequence_residues(text, matches) == matches


def test_long_form_in_pieces_defines_its_abbreviation():
    text = "Otilonium bromide (OB) relaxes the gut; OB is safe."
    first = Match(0, 9, "DRUGBANK:DB13500", "Otilonium")
    second = Match(10, 17, "CHEBI:15858", "bromide")
    drugs = {e: Entity(id=e, name=e, category="Drug") for e in ("DRUGBANK:DB13500", "CHEBI:15858")}
    assert _abbreviations_in(text, [first, second], drugs) == {"OB": "DRUGBANK:DB13500"}
    # a gap of other words breaks the run, and so do pieces of different categories
    gap = "Otilonium and bromide (OB) relax the gut."
    assert _abbreviations_in(gap, [Match(0, 9, "DRUGBANK:DB13500", "Otilonium"),
                                   Match(14, 21, "CHEBI:15858", "bromide")], drugs) == {}
    mixed = {**drugs, "CHEBI:15858": Entity(id="CHEBI:15858", name="bromide", category="Enzyme")}
    assert _abbreviations_in(text, [first, second], mixed) == {}


def test_generic_interventions_are_not_mentions():
    from neurograph.lexicon import load_lexicon

    matcher = load_lexicon(vocab=False).matcher()
    text = "Supplementation and medications help; zinc supplementation and lifestyle changes too. Take NaCl."
    found, _ = matcher.find_all(text)
    assert [(m.text, m.entity_id) for m in found] == [("zinc supplementation", "NG:zinc_supplementation"),
                                                      ("NaCl", "CHEBI:26710")]


def test_exact_case_decisions_remembered_by_written_form_match_a_fresh_walk():
    # The matcher remembers what an exact-case token ("Mg" beside the unit "mg") matches alone, by how it is
    # written and whether a word is glued after it ("Mg3"): a matcher that has seen every form must find what a
    # new one finds.
    lexicon = load_lexicon(vocab=False)
    seasoned = lexicon.matcher()
    texts = ["Low Mg and 5 mg doses; MG, Mg-rich, Mg2+ and Mg.", "mg Mg3 MG Mg GABA5 gaba GABA", "Mg3 then Mg"]
    for text in texts + texts[::-1]:
        fresh = Matcher(lexicon._trie, lexicon._first, lexicon.entities)
        assert [(x.start, x.end, x.entity_id) for x in seasoned.find(text)] == \
               [(x.start, x.end, x.entity_id) for x in fresh.find(text)]
    assert [x.text for x in seasoned.find("Low Mg and 5 mg doses")] == ["Mg"]
