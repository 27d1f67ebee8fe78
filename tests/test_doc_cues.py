"""Document-level pair features (extract/doc_cues.py) and the per-document cue caches on DocumentContext."""

from __future__ import annotations

from neurograph.extract import pair_cues
from neurograph.extract.candidates import EntityMention, candidates
from neurograph.extract.features import DocumentContext, pair_features


def _context(text, spans, title_end=0):
    ms = []
    for entity, category, word, sentence in spans:
        start = text.index(word)
        ms.append(EntityMention(entity, category, start, start + len(word), sentence, word))
    sentences, start = [], 0
    for part in text.split(". "):
        end = min(len(text), start + len(part) + 1)
        sentences.append((start, end))
        start = end + 1
    return DocumentContext(text, sentences, sorted(ms, key=lambda m: m.start), title_end), ms


def test_a_general_disease_name_inside_a_specific_one_and_the_title_cue():
    text = "Indomethacin-induced acute renal failure. Renal failure was seen in two patients given indomethacin."
    context, ms = _context(text, [("I", "Drug", "Indomethacin", 0), ("A", "Disorder", "acute renal failure", 0),
                                  ("R", "Disorder", "Renal failure", 1), ("I", "Drug", "indomethacin", 1)],
                           title_end=41)
    by_b = {c.b: pair_features(c, context) for c in candidates(ms) if c.kinds == "chemical|disease"}
    assert "chemical|disease|general_b" in by_b["R"] and "chemical|disease|specific_b" in by_b["A"]
    assert "chemical|disease|general_b" not in by_b["A"]
    assert all("chemical|disease|title_cause" in f for f in by_b.values())
    untitled, ms = _context(text, [("I", "Drug", "Indomethacin", 0), ("R", "Disorder", "Renal failure", 1)])
    assert not any("title_cause" in f for c in candidates(ms) for f in pair_features(c, untitled))


def test_the_cues_of_one_document_stay_on_its_context():
    # (two documents scored in turn, one after the other and back: each reads its own cues)
    one, ms_one = _context("Timolol-induced bradycardia in rats.", [("T", "Drug", "Timolol", 0),
                                                                   ("B", "Disorder", "bradycardia", 0)])
    two, ms_two = _context("Bradycardia after timolol in rats.", [("B", "Disorder", "Bradycardia", 0),
                                                                 ("T", "Drug", "timolol", 0)])
    first = pair_features(candidates(ms_one)[0], one)
    pair_features(candidates(ms_two)[0], two)
    assert pair_features(candidates(ms_one)[0], one) == first
    assert "chemical|disease|inducer_b=self" in first and any(k.startswith("pair_cues") for k in one.cues_of)
    assert "chemical|disease|inducer_b=self" not in pair_features(candidates(ms_two)[0], two)
    assert not hasattr(pair_cues, "_LAST")


def test_a_disease_the_patients_had_before_is_background():
    text = "Hypotension after clonidine in patients with chronic renal failure. Renal failure patients were studied."
    context, ms = _context(text, [("H", "Disorder", "Hypotension", 0), ("C", "Drug", "clonidine", 0),
                                  ("R", "Disorder", "renal failure", 0)])
    by_b = {c.b: pair_features(c, context) for c in candidates(ms) if c.kinds == "chemical|disease"}
    assert "chemical|disease|background_b" in by_b["R"] and "chemical|disease|background_b" not in by_b["H"]


def test_nested_names_match_the_pairwise_substring_test():
    """_nested (runs of words looked up) finds what testing every two names as substrings finds."""
    import random

    from neurograph.extract.doc_cues import _nested

    rng = random.Random(12)
    words = ["renal", "failure", "acute", "liver", "injury", "heart", "a", "an"]
    for _ in range(200):
        names = {f"e{i}": {" " + " ".join(rng.choice(words) for _ in range(rng.randint(1, 4))) + " "
                            for _ in range(rng.randint(1, 2))} for i in range(rng.randint(1, 6))}
        general, specific = set(), set()
        for x, xs in names.items():
            for y, ys in names.items():
                if x != y and any(t != u and t in u for t in xs for u in ys):
                    general.add(x)
                    specific.add(y)
        assert _nested(names) == (general, specific)


def test_a_disease_with_a_narrower_one_in_the_abstract_is_broader_by_the_hierarchy():
    from neurograph.hierarchy import Hierarchy, use_hierarchy

    # "stroke" and "hemorrhagic stroke" share no run of words that decides which is the broader; the tree does.
    text = "Cocaine and hemorrhagic stroke. Stroke was seen with cocaine. Cocaine caused fever. Ischemia was noted."
    context, ms = _context(text, [("C", "Drug", "Cocaine", 0), ("H", "Disorder", "hemorrhagic stroke", 0),
                                  ("S", "Disorder", "Stroke", 1), ("F", "Disorder", "fever", 2),
                                  ("I", "Disorder", "Ischemia", 3)])
    hierarchy = Hierarchy({"S": ["C10.228"], "H": ["C10.228.140"], "F": ["C23.888"], "I": ["C23.550.513.*"]})
    with use_hierarchy(hierarchy):
        by_b = {c.b: pair_features(c, context) for c in candidates(ms) if c.kinds == "chemical|disease"}
    assert {"chemical|disease|broader_b", "chemical|disease|broader_paired_b"} <= by_b["S"]
    assert "chemical|disease|narrower_b" in by_b["H"] and "chemical|disease|broader_b" not in by_b["H"]
    assert not any("broader" in f or "narrower" in f for b in "FI" for f in by_b[b])
    # Without the hierarchy (an id it does not place) the features are not there.
    with use_hierarchy(Hierarchy({})):
        plain = {c.b: pair_features(c, DocumentContext(text, context.sentences, context.mentions))
                 for c in candidates(ms) if c.kinds == "chemical|disease"}
    assert not any("broader" in f or "narrower" in f for fs in plain.values() for f in fs)


def test_narrower_diseases_by_filing_match_the_pairwise_test():
    """_by_hierarchy (diseases filed under the tree numbers above them) finds what broader() on every two finds."""
    import random

    from neurograph.extract.doc_cues import _by_hierarchy
    from neurograph.hierarchy import Hierarchy, use_hierarchy

    rng = random.Random(3)
    trees = ["C01", "C01.2", "C01.2.3", "C01.4", "C02", "C02.1", "F03.5", "F03.5.6"]
    positions = {f"E{i}": sorted({rng.choice(trees) + rng.choice(["", ".*"]) for _ in range(rng.randint(1, 3))})
                 for i in range(30)}
    hierarchy = Hierarchy(positions)
    ids = [*positions, "unplaced"]
    with use_hierarchy(hierarchy):
        narrower_of, has_broader = _by_hierarchy(ids)
    pairs = {(x, y) for x in ids for y in ids if x != y and hierarchy.broader(x, y)}
    assert pairs and {(x, y) for x, ys in narrower_of.items() for y in ys} == pairs
    assert has_broader == {y for _, y in pairs}
