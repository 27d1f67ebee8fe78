"""Where and how an abstract names each end of a chemical-disease pair (extract/place_cues.py)."""

from __future__ import annotations

from neurograph.extract.candidates import ABSTRACT_SENTENCES, EntityMention, candidates
from neurograph.extract.features import DocumentContext, pair_features
from neurograph.extract.place_cues import place_cue_features, slots


def _context(sentences, spans, title=True):
    """A document of ``sentences`` (the first one its title when ``title``), with mentions ``(entity, category,
    word, sentence)`` at the first occurrence of ``word`` in that sentence."""
    text, offsets = "", []
    for s in sentences:
        start = len(text) + (1 if text else 0)
        text = f"{text} {s}" if text else s
        offsets.append((start, len(text)))
    ms = []
    for entity, category, word, si in spans:
        start = text.index(word, offsets[si][0])
        ms.append(EntityMention(entity, category, start, start + len(word), si, word))
    ms.sort(key=lambda m: m.start)
    return DocumentContext(text, offsets, ms, offsets[0][1] if title else 0), ms


def _cues(context, ms):
    """The features of each chemical-disease pair, by (chemical, disease), without their kinds' prefix."""
    out = {}
    for c in candidates(ms):
        feats = set()
        place_cue_features(feats, c, context)
        out[c.a, c.b] = {f.rsplit("|", 1)[-1] for f in feats}
    return out


def test_a_disease_the_patients_had_is_told_from_the_one_the_drug_induced():
    context, ms = _context(
        ["Renal failure after amphotericin.",
         "A patient with cryptogenic cirrhosis and disseminated sporotrichosis developed acute renal failure.",
         "Amphotericin was given.", "Patients with drug-induced hepatitis were excluded.", "Nothing else."],
        [("R", "Disorder", "Renal failure", 0), ("A", "Drug", "amphotericin", 0), ("C", "Disorder", "cirrhosis", 1),
         ("S", "Disorder", "sporotrichosis", 1), ("R", "Disorder", "renal failure", 1), ("A", "Drug", "Amphotericin", 2),
         ("H", "Disorder", "hepatitis", 3)])
    cues = _cues(context, ms)
    assert {"had_b", "had_all_b"} <= cues["A", "C"] and {"had_b", "had_all_b"} <= cues["A", "S"]
    assert "had_b" not in cues["A", "R"]
    assert "had_b" not in cues["A", "H"]  # (induced: no condition the patients came with)


def test_a_measured_chemical_and_a_pair_apart():
    context, ms = _context(
        ["Seizures in rats.", "Cocaine caused seizures.", "Serum phosphate and phosphate levels rose.", "The end."],
        [("S", "Disorder", "Seizures", 0), ("C", "Drug", "Cocaine", 1), ("S", "Disorder", "seizures", 1),
         ("P", "Drug", "phosphate", 2), ("P", "Drug", "phosphate", 2)])
    cues = _cues(context, ms)
    assert {"measured_a", "measured_all_a", "apart_title_b"} <= cues["P", "S"]
    assert "measured_a" not in cues["C", "S"] and "apart" not in cues["C", "S"]
    untitled, ms = _context(["Seizures were seen.", "Rats got cocaine."],
                            [("S", "Disorder", "Seizures", 0), ("C", "Drug", "cocaine", 1)], title=False)
    assert "apart" in _cues(untitled, ms)["C", "S"]


def test_where_the_mentions_are_and_a_shared_sentence_without_a_cause_word():
    sentences = ["Lithium in mania.", "Mania is common.", "Lithium was given with haloperidol to 20 patients.",
                 "Tremor was frequent.", "Haloperidol and lithium are discussed.", "Hypothyroidism was absent."]
    spans = [("L", "Drug", "Lithium", 0), ("M", "Disorder", "mania", 0), ("M", "Disorder", "Mania", 1),
             ("L", "Drug", "Lithium", 2), ("H", "Drug", "haloperidol", 2), ("T", "Disorder", "Tremor", 3),
             ("H", "Drug", "Haloperidol", 4), ("L", "Drug", "lithium", 4), ("Y", "Disorder", "Hypothyroidism", 5)]
    context, ms = _context(sentences, spans)
    cues = _cues(context, ms)
    assert "only_last_b" in cues["L", "Y"] and "only_first_b" not in cues["L", "Y"]
    assert "only_first_b" not in cues["L", "M"]  # (the title names mania too)
    # they share sentences, none with a cause word (doc_cues), and with one
    by_pair = {(c.a, c.b): pair_features(c, context) for c in candidates(ms)}
    assert "chemical|disease|cuerank_a=none" in by_pair["L", "M"]
    caused, ms = _context(["Lithium in mania.", "Lithium induced mania."],
                          [("L", "Drug", "Lithium", 0), ("M", "Disorder", "mania", 0), ("L", "Drug", "Lithium", 1),
                           ("M", "Disorder", "mania", 1)])
    feats = pair_features(candidates(ms)[0], caused)
    assert "chemical|disease|cuerank_a=1" in feats and "chemical|disease|cuerank_a=none" not in feats
    # a document longer than an abstract: no positions
    long, ms = _context(sentences + ["More text."] * ABSTRACT_SENTENCES, spans)
    assert not {f for fs in _cues(long, ms).values() for f in fs if f.startswith("only_")}


def test_only_chemical_disease_pairs_get_them_and_each_falls_in_a_slot():
    context, ms = _context(["BDNF and seizures after cocaine.", "Serum cocaine rose in patients with epilepsy."],
                           [("B", "Gene", "BDNF", 0), ("S", "Disorder", "seizures", 0), ("C", "Drug", "cocaine", 0),
                            ("C", "Drug", "cocaine", 1), ("E", "Disorder", "epilepsy", 1)])
    members = [set(slot) for slot in slots()]
    seen = 0
    for c in candidates(ms):
        feats = set()
        place_cue_features(feats, c, context)
        if c.kinds != "chemical|disease":
            assert not feats
        for f in feats:
            assert sum(f in slot for slot in members) == 1
            seen += 1
        assert all(len(feats & slot) <= 1 for slot in members)
        assert feats <= pair_features(c, context)
    assert seen


def test_a_disease_is_named_by_its_branches_of_the_disease_tree():
    from neurograph.hierarchy import Hierarchy, use_hierarchy

    context, ms = _context(["Cisplatin in glioma.", "Cisplatin caused nephrotoxicity and seizures in glioma patients."],
                           [("C", "Drug", "Cisplatin", 0), ("G", "Disorder", "glioma", 0), ("C", "Drug", "Cisplatin", 1),
                            ("N", "Disorder", "nephrotoxicity", 1), ("S", "Disorder", "seizures", 1),
                            ("G", "Disorder", "glioma", 1)])
    tree = Hierarchy({"G": ["C04.557.470", "C10.551.*"], "N": ["C12.777.419"]})
    with use_hierarchy(tree):
        cues = _cues(context, ms)
    branches = {pair: {f for f in fs if f.startswith("branch_b=")} for pair, fs in cues.items()}
    assert branches["C", "G"] == {"branch_b=C04"}  # (a neoplasm of the nervous system: the neoplasm's branch first)
    assert branches["C", "N"] == {"branch_b=C12"} and branches["C", "S"] == {"branch_b=none"}
