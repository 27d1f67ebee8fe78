"""``benchmarks/extraction.py``: the stage timing of the abstracts line, where the abstracts are found, and the
machine reference."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("extraction_benchmark_stages", ROOT / "benchmarks" / "extraction.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()

PUBTATOR = ("1|t|Lithium and mania.\n1|a|Lithium reduced mania in rats. Magnesium blocks the NMDA receptor.\n\n"
            "2|t|Magnesium.\n2|a|Magnesium deficiency causes depression.\n")


def test_abstract_stages_time_the_abstracts_and_restore_the_stages(tmp_path):
    import neurograph.extract as extract
    from neurograph.lexicon import load_lexicon
    from neurograph.schema import load_schema

    corpus = tmp_path / "two.pubtator"
    corpus.write_text(PUBTATOR, encoding="utf-8")
    originals = (extract.extract_document, extract._sentence_statements)
    schema = load_schema()
    result = bench.measure_abstract_stages([corpus], load_lexicon(schema=schema, vocab=False), schema)
    texts = ("Lithium and mania. Lithium reduced mania in rats. Magnesium blocks the NMDA receptor.",
             "Magnesium. Magnesium deficiency causes depression.")
    assert result["bytes"] == sum(map(len, texts))
    assert result["stages"]["rules (sentence statements)"] > 0 and result["stages"]["dictionary matching"] > 0
    assert "mentions and the loop over sentences" in result["stages"]
    assert (extract.extract_document, extract._sentence_statements) == originals


def test_abstract_corpora_fall_back_to_the_data_directory(tmp_path, monkeypatch):
    """A checkout without ``../shared/datasets`` (a git worktree) times the abstracts ``neurograph`` installed."""
    monkeypatch.setattr(bench, "ABSTRACT_CORPORA", tuple(tmp_path / "none" / f for f in bench.ABSTRACT_FILES))
    monkeypatch.setenv("NEUROGRAPH_HOME", str(tmp_path))
    assert bench.abstract_corpora() == ()
    installed = tmp_path / "resources" / bench.ABSTRACT_FILES[0]
    installed.parent.mkdir(parents=True)
    installed.write_text(PUBTATOR, encoding="utf-8")
    assert bench.abstract_corpora() == (installed,)
    shared = tmp_path / "shared" / bench.ABSTRACT_FILES[1]
    shared.parent.mkdir(parents=True)
    shared.write_text(PUBTATOR, encoding="utf-8")
    monkeypatch.setattr(bench, "ABSTRACT_CORPORA", (tmp_path / "shared" / bench.ABSTRACT_FILES[0], shared))
    assert bench.abstract_corpora() == (shared,)  # the shared folder first


def test_reference_workload_is_fixed_and_timed():
    assert bench.reference_workload(2) == bench.reference_workload(2) > bench.reference_workload(1) > 0
    assert bench.machine_reference(repeats=1) > 0
