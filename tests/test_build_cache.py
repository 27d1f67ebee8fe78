"""The incremental build: the per-document cache, worker processes, Dask, and the store following a build."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from neurograph import pipeline
from neurograph.cache import CACHE_FILE
from neurograph.errors import InputError, WorkerMismatchError
from neurograph.pipeline import build

TEXTS = {
    "mg": "Magnesium blocks the NMDA receptor. Glutamate activates NMDA receptors.",
    "li": "Lithium is used to treat bipolar disorder.",
    "trp": "Tryptophan is a precursor of serotonin. Serotonin is a precursor of melatonin.",
    "ssri": "Fluoxetine inhibits the reuptake of serotonin. Magnesium deficiency may worsen depression.",
}
OUTPUTS = ("statements.jsonl", "negated.jsonl")


def write_docs(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text)
    return folder


def outputs(home: Path) -> dict[str, bytes]:
    """The build's statement files, and its graph's document and edge lists, as bytes."""
    out = {name: (home / name).read_bytes() for name in OUTPUTS}
    from neurograph.graph import load_graph

    G = load_graph(home)
    out["nodes"] = json.dumps(sorted(G.nodes)).encode()
    out["edges"] = json.dumps(sorted((u, v, k, d.get("count", 0)) for u, v, k, d in G.edges(keys=True, data=True))).encode()
    # The whole mirror, in its order (path search breaks ties by it), but for the time it was built.
    mirror = json.loads((home / "graph.json").read_bytes())
    del mirror["graph"]["built_at"]
    out["mirror"] = json.dumps(mirror).encode()
    return out


def sorted_lines(data: bytes) -> list[bytes]:
    return sorted(data.splitlines())


@pytest.fixture
def docs(tmp_path):
    return write_docs(tmp_path / "docs", TEXTS)


def test_adding_editing_and_removing_a_document_extracts_only_that_one(docs, tmp_path):
    home = tmp_path / "home"
    first = build([docs], home=home, workers=1, curated=[])
    assert first.rebuilt and first.extracted == len(TEXTS)
    assert build([docs], home=home, workers=1, curated=[]).rebuilt is False

    (docs / "zinc.txt").write_text("Zinc is a cofactor for many enzymes. Zinc deficiency may worsen depression.")
    added = build([docs], home=home, workers=1, curated=[])
    assert (added.extracted, added.removed) == (1, 0)

    (docs / "li.txt").write_text("Lithium is used to treat bipolar disorder. Lithium inhibits GSK-3.")
    edited = build([docs], home=home, workers=1, curated=[])
    assert (edited.extracted, edited.removed) == (1, 0)

    (docs / "trp.txt").unlink()
    removed = build([docs], home=home, workers=1, curated=[])
    assert (removed.extracted, removed.removed) == (0, 1)
    assert not any(ev["doc"] == "trp" for line in (home / "statements.jsonl").read_text().splitlines()
                   for ev in json.loads(line)["evidence"])
    assert "doc:trp" not in removed.graph

    # The incremental result is the one a fresh build of the same folder makes.
    fresh = tmp_path / "fresh"
    build([docs], home=fresh, workers=1, curated=[])
    assert outputs(home) == outputs(fresh)


def test_a_version_bump_re_extracts_everything_and_a_curated_change_nothing(docs, tmp_path, monkeypatch):
    home = tmp_path / "home"
    build([docs], home=home, workers=1, curated=[])
    curated = tmp_path / "curated.tsv"
    curated.write_text("subject\tpredicate\tobject\tcitation\nmagnesium\tANTAGONIST_OF\tNMDA receptor\tPMID:1\n")
    with_curated = build([docs], home=home, workers=1, curated=[curated])
    assert with_curated.rebuilt and with_curated.extracted == 0

    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", pipeline.EXTRACTOR_VERSION + "-next")
    assert build([docs], home=home, workers=1, curated=[curated]).extracted == len(TEXTS)

    # Another resource (a model) registers its digest: a change of it re-extracts, and only then.
    digest = {"value": "m1"}
    monkeypatch.setattr(pipeline, "VERSION_PROVIDERS",
                        [*pipeline.VERSION_PROVIDERS, lambda resources: ("model", digest["value"])])
    assert build([docs], home=home, workers=1, curated=[curated]).extracted == len(TEXTS)
    assert build([docs], home=home, workers=1, curated=[curated]).rebuilt is False
    digest["value"] = "m2"
    assert build([docs], home=home, workers=1, curated=[curated]).extracted == len(TEXTS)


def test_bad_input_stops_the_build_before_the_cache_or_graph_change(docs, tmp_path):
    home = tmp_path / "home"
    (docs / "bad.txt").write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(InputError, match="bad.txt"):
        build([docs], home=home, workers=1, curated=[])
    assert not (home / CACHE_FILE).exists() and not (home / "build.json").exists()

    (docs / "bad.txt").unlink()
    build([docs], home=home, workers=1, curated=[])
    before = {name: (home / name).read_bytes() for name in (*OUTPUTS, "build.json", CACHE_FILE)}
    (docs / "new.txt").write_text("Zinc is a cofactor for many enzymes.")
    (docs / "worse.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputError, match="worse.txt"):
        build([docs], home=home, workers=1, curated=[])
    assert {name: (home / name).read_bytes() for name in before} == before


def test_the_cache_is_private_json_in_sqlite_and_refused_when_others_can_write(docs, tmp_path):
    home = tmp_path / "home"
    build([docs], home=home, workers=1, curated=[])
    path = home / CACHE_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT doc_id, statements, mentions FROM extractions ORDER BY doc_id").fetchall()
    assert [r[0] for r in rows] == sorted(TEXTS)
    mg = dict((r[0], r) for r in rows)["mg"]
    assert any(s["predicate"] == "ANTAGONIST_OF" for s in json.loads(mg[1]))
    assert {m["entity_id"] for m in json.loads(mg[2])} >= {"CHEBI:18420"}
    os.chmod(path, 0o666)
    with pytest.raises(InputError, match="writable by group or others"):
        build([docs], home=home, workers=1, curated=[], force=True)


def test_the_second_pass_reads_only_the_files_to_extract(docs, tmp_path):
    home = tmp_path / "home"
    calls: list[list[str]] = []

    def reader(paths):
        calls.append(sorted(Path(p).name for p in paths))
        return pipeline.iter_text_documents(paths)

    stages: list[tuple[str, int, int | None]] = []
    build([docs], home=home, workers=1, curated=[], reader=reader, progress=lambda *a: stages.append(a))
    assert calls == [["docs"], sorted(f"{n}.txt" for n in TEXTS)]
    assert ("extracting", len(TEXTS), len(TEXTS)) in stages and ("reading", len(TEXTS), len(TEXTS)) in stages
    calls.clear()
    (docs / "li.txt").write_text("Lithium is used to treat mania.")
    build([docs], home=home, workers=1, curated=[], reader=reader)
    assert calls == [["docs"], ["li.txt"]]


def test_files_whose_stamp_is_unchanged_are_not_read_again(docs, tmp_path, monkeypatch):
    home = tmp_path / "home"
    build([docs], home=home, workers=1, curated=[])
    reads: list[str] = []
    from neurograph.extract import readers

    real = readers.read_document
    monkeypatch.setattr(readers, "read_document", lambda path: reads.append(Path(path).name) or real(path))
    assert build([docs], home=home, workers=1, curated=[]).rebuilt is False and reads == []
    os.utime(docs / "li.txt", ns=(1, 1))  # touched, not changed: read once to find that out
    assert build([docs], home=home, workers=1, curated=[]).rebuilt is False and reads == ["li.txt"]
    assert build([docs], home=home, workers=1, curated=[]).rebuilt is False and reads == ["li.txt"]
    (docs / "mg.txt").write_text(TEXTS["mg"] + " Zinc is a cofactor for many enzymes.")
    edited = build([docs], home=home, workers=1, curated=[])
    assert edited.extracted == 1 and reads[1:] == ["mg.txt", "mg.txt"]  # surveyed, then extracted
    (docs / "documents.tsv").write_text("li.txt\tLithium and mania\n")  # a new title: the folder is read again
    titled = build([docs], home=home, workers=1, curated=[])
    assert titled.rebuilt and titled.extracted == 0
    assert titled.graph.nodes["doc:li"]["name"] == "Lithium and mania"


def test_a_file_rewritten_with_its_old_size_and_time_is_read_again(docs, tmp_path, monkeypatch):
    home = tmp_path / "home"
    build([docs], home=home, workers=1, curated=[])
    from neurograph.extract import readers

    sniffed: list[str] = []
    real = readers.document_format
    monkeypatch.setattr(readers, "document_format", lambda path: sniffed.append(Path(path).name) or real(path))
    assert build([docs], home=home, workers=1, curated=[]).rebuilt is False
    assert sniffed == []  # unchanged files are not even opened to learn their format
    li = docs / "li.txt"
    before = li.stat()
    li.write_text(TEXTS["li"].replace("Lithium", "Valproa"))  # the same length
    os.utime(li, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time
    assert li.stat().st_size == before.st_size and li.stat().st_mtime_ns == before.st_mtime_ns
    edited = build([docs], home=home, workers=1, curated=[])
    assert edited.rebuilt and edited.extracted == 1 and "li.txt" in sniffed  # its change time gave it away


def test_worker_processes_build_the_same_bytes_as_one(docs, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    build([docs], home=one, workers=1, curated=[])
    result = build([docs], home=two, workers=2, chunk_size=1, curated=[])
    assert result.extracted == len(TEXTS)
    # reported by the workers themselves (they are not our children), loading the lexicon included
    assert result.worker_cpu_seconds > result.worker_loading_cpu_seconds > 0
    a, b = outputs(one), outputs(two)
    assert {k: sorted_lines(v) for k, v in a.items()} == {k: sorted_lines(v) for k, v in b.items()}
    assert a == b  # input order, not finishing order, decides the output order


def test_workers_read_one_document_files_themselves_and_get_many_article_files_from_the_driver(docs, tmp_path,
                                                                                               monkeypatch):
    (docs / "two.pubtator").write_text(
        "901|t|Ketamine treats depression.\n901|a|Ketamine relieves depression quickly.\n\n"
        "902|t|Lithium and bipolar disorder.\n902|a|Lithium is used to treat bipolar disorder.\n\n")
    one, two = tmp_path / "one", tmp_path / "two"
    build([docs], home=one, workers=1, curated=[])
    sent = []
    from neurograph import parallel

    def spy(items, *args, **kwargs):
        items = list(items)
        sent.extend(type(item).__name__ for item in items)
        return real_processes(items, *args, **kwargs)

    real_processes = parallel.extract_in_processes
    monkeypatch.setattr(parallel, "extract_in_processes", spy)
    result = build([docs], home=two, workers=2, chunk_size=1, curated=[])
    assert result.extracted == len(TEXTS) + 2
    # text files go as their path, for the worker to read; the articles of the PubTator file are read here
    assert sorted(sent) == ["Document"] * 2 + ["FileDocument"] * len(TEXTS)
    assert outputs(one) == outputs(two)


def test_a_worker_refuses_a_file_that_changed_since_the_survey(docs):
    from neurograph.parallel import FileDocument, extract_batch, worker_resources

    doc = next(pipeline.iter_text_documents([docs / "mg.txt"]))
    versions = worker_resources().versions
    [row] = extract_batch([FileDocument(str(docs / "mg.txt"), "mg", doc.sha256)], versions)
    assert row.doc_id == "mg" and "ANTAGONIST_OF" in row.statements
    (docs / "mg.txt").write_text("Lithium is used to treat mania.")
    with pytest.raises(InputError, match="changed while the build ran"):
        extract_batch([FileDocument(str(docs / "mg.txt"), "mg", doc.sha256)], versions)


def test_a_worker_with_other_resources_refuses_to_extract(docs):
    from neurograph.parallel import extract_batch, worker_resources

    doc = next(pipeline.iter_text_documents([docs / "mg.txt"]))
    versions = tuple((name, "other" if name == "lexicon" else digest)
                     for name, digest in worker_resources().versions)
    with pytest.raises(WorkerMismatchError, match="lexicon"):
        extract_batch([doc], versions)
    [row] = extract_batch([doc], worker_resources().versions)
    assert row.doc_id == "mg" and "ANTAGONIST_OF" in row.statements


def test_dask_local_cluster_builds_the_same_as_a_local_build(docs, tmp_path, monkeypatch):
    import distributed
    local, remote = tmp_path / "local", tmp_path / "dask"
    # A cluster worker uses its own default data directory: here the test's, not a user's with a trained model.
    monkeypatch.setenv("NEUROGRAPH_HOME", str(remote))
    build([docs], home=local, workers=1, curated=[])
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = build([docs], home=remote, dask=cluster.scheduler_address, chunk_size=1, curated=[])
    assert result.extracted == len(TEXTS)
    assert result.worker_cpu_seconds > 0
    assert outputs(local) == outputs(remote)


@pytest.mark.server
def test_the_store_follows_an_incremental_build(docs, tmp_path, store, schema):
    home = tmp_path / "home"
    G = build([docs], home=home, workers=1, curated=[]).graph
    store.load(G, schema)
    (docs / "trp.txt").unlink()
    (docs / "zinc.txt").write_text("Zinc is a cofactor for many enzymes. Zinc deficiency may worsen depression.")
    G2 = build([docs], home=home, workers=1, curated=[]).graph
    report = store.load(G2, schema)
    assert report.nodes_deleted >= 1 and report.nodes_created >= 1
    ids = set(store.query("MATCH (d:Document) RETURN d.id AS id")["id"])
    assert ids == {f"doc:{n}" for n in ("mg", "li", "ssri", "zinc")}
    assert store.load(G2, schema).written == 0


def test_discover_counts_a_linked_file_once_and_does_not_enter_linked_folders(tmp_path):
    from neurograph.documents import discover

    docs = write_docs(tmp_path / "docs", {"a": "Zinc.", "b": "Iron."})
    (docs / "sub").mkdir()
    (docs / "sub" / "c.md").write_text("Copper.")
    (docs / "link.txt").symlink_to(docs / "a.txt")
    (docs / "elsewhere").symlink_to(write_docs(tmp_path / "other", {"d": "Lead."}), target_is_directory=True)
    (docs / "sub-b").mkdir()
    (docs / "sub-b" / "e.txt").write_text("Iodine.")  # "sub-b" sorts after "sub" as a path, before it as text
    found = discover([docs, docs / "b.txt"])
    assert [p.relative_to(docs).as_posix() for p in found] == ["a.txt", "b.txt", "sub/c.md", "sub-b/e.txt"]
    assert found == sorted(p for p in docs.rglob("*") if p.is_file() and p.suffix in (".txt", ".md")
                           and p.name != "link.txt")


def test_a_build_reports_the_statement_edges_its_graph_holds(docs, tmp_path):
    def counted(G):
        return sum(1 for _, _, d in G.edges(data=True) if d.get("kind") == "statement")

    home = tmp_path / "home"
    built = build([docs], home=home, workers=1, curated=[])
    assert built.statement_edges == counted(built.graph) > 0
    again = build([docs], home=home, workers=1, curated=[])
    assert not again.rebuilt and again.statement_edges == counted(again.graph)
