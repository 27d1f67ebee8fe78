"""Worker processes started early: they load the compiled lexicon while the build loads its own."""

from __future__ import annotations

import pytest

from neurograph import parallel, pipeline
from neurograph.pipeline import build

DRUGBANK = ("DrugBank ID,Accession Numbers,Common name,Name,CAS,UNII,Synonyms,Standard InChI Key\n"
            "DB99901,,Testazoline,testazoline,,,Testazol,\n")
TEXTS = {
    "mg": "Magnesium blocks the NMDA receptor.",
    "li": "Lithium is used to treat bipolar disorder.",
    "trp": "Tryptophan is a precursor of serotonin.",
}


def test_a_lexicon_that_may_not_be_compiled_is_only_read_from_its_cache(tmp_path, monkeypatch):
    from neurograph.lexicon import NotCompiledError, load_lexicon

    folder = tmp_path / "vocab"
    folder.mkdir()
    (folder / "drugbank_open_vocabulary.csv").write_text(DRUGBANK, encoding="utf-8")
    monkeypatch.setenv("NEUROGRAPH_VOCAB", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    with pytest.raises(NotCompiledError):
        load_lexicon(home=tmp_path / "home", compile=False)
    assert not (tmp_path / "user-cache" / "neurograph").exists()  # nothing compiled, nothing written
    compiled = load_lexicon(home=tmp_path / "home")
    read = load_lexicon(home=tmp_path / "home", compile=False)
    assert read.digest == compiled.digest and read.entities["DRUGBANK:DB99901"].name == "testazoline"


def test_a_build_starts_its_workers_before_loading_its_lexicon_only_when_many_documents_are_new(tmp_path,
                                                                                               monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in TEXTS.items():
        (docs / f"{name}.txt").write_text(text)
    events = []
    real_start, real_load = parallel.start_workers, pipeline.load_resources
    monkeypatch.setattr(parallel, "start_workers", lambda *a, **k: events.append("start") or real_start(*a, **k))
    monkeypatch.setattr(pipeline, "load_resources", lambda *a, **k: events.append("load") or real_load(*a, **k))
    one, two = tmp_path / "one", tmp_path / "two"
    build([docs], home=one, workers=1, curated=[])
    events.clear()
    result = build([docs], home=two, workers=2, chunk_size=1, curated=[])
    assert events == ["start", "load"] and result.extracted == len(TEXTS)
    assert result.worker_loading_cpu_seconds > 0  # the workers loaded (early) and said so
    assert (one / "statements.jsonl").read_bytes() == (two / "statements.jsonl").read_bytes()
    # One new document is no more than a chunk: no worker processes start early (nor at all).
    (docs / "new.txt").write_text("Zinc deficiency may worsen depression.")
    events.clear()
    assert build([docs], home=two, workers=2, chunk_size=1, curated=[]).extracted == 1
    assert events == ["load"]


def test_a_worker_that_loaded_early_loads_again_when_the_driver_has_other_versions(tmp_path, monkeypatch):
    doc = next(pipeline.iter_text_documents([_write(tmp_path, "mg")]))
    versions = parallel.worker_resources().versions
    stale = pipeline.Resources(None, None, None, versions=(("lexicon", "loaded before the install finished"),))
    monkeypatch.setattr(parallel, "_resources", stale)
    monkeypatch.setattr(parallel, "_loaded_early", True)
    [row] = parallel.extract_batch([doc], versions)
    assert row.doc_id == "mg" and "ANTAGONIST_OF" in row.statements
    assert parallel._resources is not stale and parallel._loaded_early is False


def _write(folder, name):
    path = folder / f"{name}.txt"
    path.write_text(TEXTS[name])
    return path
