"""Assembly merges evidence and scores confidence; curated statements are validated like extracted ones."""

from __future__ import annotations

import pytest

from neurograph.assemble import assemble, confidence, load_curated
from neurograph.errors import SchemaError
from neurograph.lexicon import load_lexicon
from neurograph.records import EntityRef, Evidence, Statement
from neurograph.schema import data_dir

HEADER = "subject\tpredicate\tobject\tcitation\tquote\thedged\n"


@pytest.fixture(scope="module")
def lexicon(schema):
    return load_lexicon(schema=schema)


def test_identical_statements_merge_with_their_evidence():
    a, b = EntityRef("X:1", "x", "Drug"), EntityRef("Y:1", "y", "Disorder")
    ev1, ev2 = Evidence("d1", "x treats y", 0, 11), Evidence("d2", "x may treat y", 5, 18, hedged=True)
    merged = assemble([Statement(a, "TREATS", b, -1, evidence=[ev1]),
                       Statement(a, "TREATS", b, -1, evidence=[ev1]),  # the same sentence twice
                       Statement(a, "TREATS", b, -1, evidence=[ev2]),
                       Statement(a, "TREATS", b, -1, negated=True, evidence=[Evidence("d3", "x does not treat y", 0, 18)])])
    assert len(merged) == 2
    kept = next(s for s in merged if not s.negated)
    assert [e.doc for e in kept.evidence] == ["d1", "d2"]
    assert kept.confidence == pytest.approx(1 - 0.5 * 0.7)
    assert not kept.hedged


def test_confidence_grows_with_evidence_and_falls_with_hedging():
    plain = Evidence("d", "s", 0, 1)
    hedged = Evidence("d", "s", 0, 1, hedged=True)
    curated = Evidence("c", "s", 0, 1, source="curated", citation="PMID:1")
    assert confidence([plain]) == 0.5
    assert confidence([plain, plain, plain]) == 0.875
    assert confidence([hedged]) == pytest.approx(0.3)
    assert confidence([curated]) == 0.9
    assert 0 <= confidence([]) <= confidence([hedged]) < confidence([plain]) < confidence([curated]) <= 1


def test_the_project_curated_file_is_valid(lexicon, schema):
    statements = load_curated(data_dir() / "curated" / "statements.tsv", lexicon, schema)
    assert statements and all(s.evidence[0].source == "curated" and s.evidence[0].citation for s in statements)
    assert ("SSRIs", "INCREASES", "serotonin") in {(s.subject.name, s.predicate, s.object.name) for s in statements}


@pytest.mark.parametrize("row, message", [
    ("magnesum\tANTAGONIST_OF\tNMDA receptor\tPMID:1\tq\tfalse", r"statements\.tsv:3: unknown entity 'magnesum'"),
    ("magnesium\tBLOCKS_HARD\tNMDA receptor\tPMID:1\tq\tfalse", r":3: unknown relationship type 'BLOCKS_HARD'"),
    ("spinach\tTREATS\tmagnesium\tPMID:1\tq\tfalse", r":3: TREATS does not allow Food -> Mineral"),
    ("magnesium\tANTAGONIST_OF\tNMDA receptor\t\tq\tfalse", r":3: a curated statement needs a citation"),
    ("magnesium\tANTAGONIST_OF\tNMDA receptor\tPMID:1\tq\tmaybe", r":3: hedged must be true or false, not 'maybe'"),
])
def test_bad_curated_rows_name_file_and_line(tmp_path, lexicon, schema, row, message):
    path = tmp_path / "statements.tsv"
    path.write_text("# a comment line\n" + HEADER + row + "\n")
    with pytest.raises(SchemaError, match=message):
        load_curated(path, lexicon, schema)


def test_a_bad_curated_file_stops_the_build_before_any_write(tmp_path):
    from neurograph.pipeline import build

    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "zorblax\tTREATS\tdepression\tPMID:1\tq\tfalse\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Ketamine relieves depression.")
    home = tmp_path / "home"
    with pytest.raises(SchemaError, match="unknown entity 'zorblax'"):
        build([docs], home=home, curated=[bad])
    assert not (home / "graph.json").exists() and not (home / "build.json").exists()


def test_a_curated_row_counts_once_however_often_it_is_copied(tmp_path, lexicon, schema):
    row = "magnesium\tANTAGONIST_OF\tNMDA receptor\tPMID:1\tMagnesium blocks the NMDA receptor.\tfalse\n"
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    first.write_text(HEADER + row + row)
    second.write_text(HEADER + row)
    seen: dict = {}
    statements = load_curated(first, lexicon, schema, seen=seen) + load_curated(second, lexicon, schema, seen=seen)
    [merged] = assemble(statements)
    assert len(merged.evidence) == 1 and merged.confidence == 0.9
    assert merged.evidence[0].doc == "curated:a.tsv:2"
    # Another quote for the same statement is other evidence, and counts.
    second.write_text(HEADER + row.replace("blocks the", "antagonises the"))
    [merged] = assemble(load_curated(first, lexicon, schema) + load_curated(second, lexicon, schema))
    assert len(merged.evidence) == 2
