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


def _entities(**categories):
    return {e: Entity(id=e, name=e, category=c) for e, c in categories.items()}


def _spans(text, *pieces):
    """Matches of (written text, entity id) pieces, each at its first place after the previous one."""
    out, at = [], 0
    for written, entity_id in pieces:
        at = text.index(written, at)
        out.append(Match(at, at + len(written), entity_id, written))
        at += len(written)
    return out


def test_an_induced_effect_names_its_abbreviation():
    # "X-induced Y (XIY)": the short form names the effect Y, in whatever case it is written again
    text = "Ribavirin-induced hemolytic anemia (RIHA) is common. RIHA and Riha: rihA is not it."
    matches = _spans(text, ("Ribavirin", "D:riba"), ("hemolytic anemia", "M:ha"))
    found = _abbreviations_in(text, matches, _entities(**{"D:riba": "Drug", "M:ha": "Disorder"}))
    assert found == {"RIHA": "M:ha"}


def test_a_long_form_in_pieces_is_named_by_the_piece_holding_its_letters():
    text = "Unfractionated heparin sodium (UFH) was given."
    matches = _spans(text, ("Unfractionated heparin", "C:ufh"), ("sodium", "C:na"))
    entities = _entities(**{"C:ufh": "Drug", "C:na": "Mineral"})
    assert _abbreviations_in(text, matches, entities) == {"UFH": "C:ufh"}
    # letters from words outside any mention: "patients with depression (PWD)" names the patients
    text = "patients with depression (PWD) were seen"
    assert _abbreviations_in(text, _spans(text, ("depression", "M:dep")), _entities(**{"M:dep": "Disorder"})) == {}


def test_a_chemical_takes_a_short_form_its_letters_do_not_spell():
    text = "ammonium acetate (NH4Ac), cyclosporine (CsA; 50 mg/kg), tacrolimus (Tac) and estradiol (E2); the drug (Ser)"
    matches = _spans(text, ("ammonium acetate", "C:nh4ac"), ("cyclosporine", "C:csa"), ("tacrolimus", "C:tac"),
                     ("estradiol", "C:e2"), ("drug", "C:drug"))
    entities = _entities(**{k: "Drug" for k in ("C:nh4ac", "C:csa", "C:tac", "C:e2", "C:drug")})
    assert _abbreviations_in(text, matches, entities) == {
        "NH4Ac": "C:nh4ac", "CsA": "C:csa", "Tac": "C:tac", "E2": "C:e2"}
    # not for a disease: its short forms must spell it
    text = "depression (DX) is common"
    assert _abbreviations_in(text, _spans(text, ("depression", "M:dep")), _entities(**{"M:dep": "Disorder"})) == {}


def test_a_short_form_the_lexicon_knows_keeps_its_reading():
    text = "levodopa-induced dyskinesias (LID) and cyclosporine (CSA)"
    matches = _spans(text, ("levodopa", "C:ldopa"), ("dyskinesias", "S:dysk"), ("LID", "M:lid"),
                     ("cyclosporine", "C:csa"), ("CSA", "G:csa"))
    entities = _entities(**{"C:ldopa": "Drug", "S:dysk": "Symptom", "M:lid": "Disorder", "C:csa": "Drug",
                            "G:csa": "Gene"})
    # a gene symbol gives way to a chemical's name; the lexicon's own disorder "LID" does not
    assert _abbreviations_in(text, matches, entities) == {"CSA": "C:csa"}


def test_abbreviations_are_found_in_another_case_only_when_written_as_abbreviations():
    matcher = load_lexicon(vocab=False).matcher()
    text = "(CsA) then CSA and CSAs; csa and Csa are not it."
    found = matcher.find(text, abbreviations={"CsA": "X:csa"})
    assert [(m.text, m.entity_id) for m in found] == [("CsA", "X:csa"), ("CSA", "X:csa"), ("CSAs", "X:csa")]
    # a disease's name leaves a gene symbol as it is (the gene is often named for the disease)
    text = "X-linked hypophosphatemic rickets (XLH)"
    matches = _spans(text, ("hypophosphatemic rickets", "M:rick"), ("XLH", "G:phex"))
    assert _abbreviations_in(text, matches, _entities(**{"M:rick": "Disorder", "G:phex": "Gene"})) == {}


def test_a_single_letter_names_a_chemical_only_as_a_word_of_its_own():
    text = "methylprednisolone (M) or triamcinolone (T); T and M rats, not T-cells, T+, P < 0.05; saline (S)"
    matches = _spans(text, ("methylprednisolone", "C:mp"), ("triamcinolone", "C:tr"))
    abbreviations = _abbreviations_in(text, matches, _entities(**{"C:mp": "Drug", "C:tr": "Drug"}))
    assert abbreviations == {"M": "C:mp", "T": "C:tr"}
    matcher = load_lexicon(vocab=False).matcher()
    found = matcher.find(text, abbreviations=abbreviations)
    assert [(m.text, m.start) for m in found if m.entity_id.startswith("C:")] == [
        ("M", 20), ("T", 41), ("T", 45), ("M", 51)]
