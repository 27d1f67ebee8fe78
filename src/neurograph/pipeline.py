"""The pipeline: documents -> extract -> assemble -> graph, and the incremental build in a data directory.

A build runs in four steps over a stream of documents (never all the text in
memory at once):

1. **Survey**: read every document once, validating and hashing it; bad
   input stops the build here, before anything is written.
2. **Extract** the documents the per-document cache (:mod:`neurograph.cache`)
   has no valid row for: new or edited documents, or all of them after a
   version bump. Their rows go to the cache as they come, from this process,
   from worker processes (``workers``) or from a Dask cluster (``dask``).
3. **Assemble** every current document's statements, read back from the
   cache in input order, with the lexicon's and curated statements.
4. **Save** the graph; drop the cache rows of documents that are gone.

What one document's extraction depends on besides its text is listed by
:data:`VERSION_PROVIDERS`, ``(name, digest)`` pairs; a change of any of them
re-extracts every document, and nothing else does.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "note.txt").write_text("Magnesium blocks the NMDA receptor.")
>>> result = extract_documents([folder], lexicon=None)
>>> [(s.subject.name, s.predicate, s.object.name) for s in result.statements]
[('magnesium', 'ANTAGONIST_OF', 'NMDA receptor')]
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .assemble import assemble, curated_files, lexicon_statements, load_curated
from .cache import CACHE_FILE, CachedExtraction, ExtractionCache, read_sources, unextracted, versions_digest
from .documents import TITLES_FILE, Document, discover, read_document
from .errors import InputError
from .locks import one_build_at_a_time
from .records import Mention, Statement, collector_paused
from .schema import data_dir, load_schema

# Bump when extraction rules change, so that cached extractions are redone.
EXTRACTOR_VERSION = "26"

# progress(stage, done, total): stage is "reading", "extracting" or "assembling"; total is None when unknown.
Progress = Callable[[str, int, "int | None"], None]
# A reader turns files or folders into documents, one at a time.
Reader = Callable[[list[Path]], Iterator[Document]]


@dataclass
class Extraction:
    statements: list[Statement]
    mentions: list[Mention]
    documents: dict[str, dict]


@dataclass
class BuildResult:
    graph: object
    home: Path
    rebuilt: bool
    statements: list[Statement] = field(default_factory=list)
    negated: list[Statement] = field(default_factory=list)
    content_hash: str = ""
    extracted: int = 0  # documents extracted by this build (the rest came from the cache)
    removed: int = 0  # documents of the previous build no longer in the collection
    merged: list = field(default_factory=list)  # a neurograph.merge.MergeReport per curated graph merged in
    # CPU seconds of the worker processes (or Dask workers) that extracted, each process's whole time, and the
    # part of it spent loading the lexicon and model; 0 when extraction ran in this process.
    worker_cpu_seconds: float = 0.0
    worker_loading_cpu_seconds: float = 0.0
    # The same per worker process: its name (host:pid) -> (CPU seconds, of which loading).
    worker_times: dict = field(default_factory=dict)
    # Statement edges of the graph, as the build record counted them when the mirror was written (None: not
    # recorded, count them from the graph).
    statement_edges: int | None = None


# --- resources: what extraction needs loaded, and their versions -------------------------------------------------


@dataclass
class Resources:
    """What :func:`extract_one` needs loaded, once per process; ``versions`` are its ``(name, digest)`` pairs."""

    schema: object
    lexicon: object
    matcher: object
    versions: tuple[tuple[str, str], ...] = ()
    annotations: bool = False  # mentions from each document's own annotations (lexicon.matcher_for)
    home: str | None = None  # the data directory whose installed vocabularies the lexicon was widened with
    vocab: bool = True  # widened with the vocabularies at all (False: the curated lexicon alone)
    model: object = None  # the relation model beside the rules (None: rules only)
    model_digest: str = "none"  # of the model's file

    @property
    def key(self) -> str:
        """The digest of ``versions`` that a cache row must carry to be valid."""
        return versions_digest(self.versions)


def file_digest(*paths: str | os.PathLike) -> str:
    """A digest of the files' names and bytes, in the order given."""
    h = hashlib.sha256()
    for path in paths:
        h.update(Path(path).name.encode() + b"\0")
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()


def extractor_version(resources: Resources) -> tuple[str, str]:
    return ("extractor", EXTRACTOR_VERSION)


def schema_version(resources: Resources) -> tuple[str, str]:
    return ("schema", file_digest(resources.schema.path))


def lexicon_version(resources: Resources) -> tuple[str, str]:
    """The curated lexicon, the vocabulary files merged into it and the code that compiles them."""
    lexicon = resources.lexicon
    digest = getattr(lexicon, "digest", None)  # the compiled dictionary's cache key covers all three
    return ("lexicon", digest or file_digest(lexicon.path, *lexicon.vocab_files))


def model_version(resources: Resources) -> tuple[str, str]:
    """The relation model's file (or none: rules only)."""
    return ("model", resources.model_digest)


# Everything extract_one reads besides the document, as (name, digest) pairs. A new resource (a dictionary, a
# model) adds its provider here; changing any digest re-extracts every document, and nothing else does.
VERSION_PROVIDERS: list[Callable[[Resources], tuple[str, str]]] = [extractor_version, schema_version,
                                                                     lexicon_version, model_version]


def load_resources(schema=None, lexicon=None, home=None, vocab: bool = True, compile: bool = True) -> Resources:
    """Load the schema and lexicon (unless given) and work out their versions.

    ``home`` is the data directory whose installed vocabularies widen the lexicon; ``vocab=False`` uses the
    curated lexicon alone; ``compile=False`` raises :class:`neurograph.lexicon.NotCompiledError` rather than
    compile (or install) the vocabularies.
    """
    schema = schema or load_schema()
    if lexicon is None:
        from .lexicon import load_lexicon

        lexicon = load_lexicon(schema=schema, vocab=vocab, home=home, compile=compile)
    from .extract.model import load_model, model_path

    model = load_model(home)
    resources = Resources(schema, lexicon, lexicon.matcher(), home=None if home is None else str(home), vocab=vocab,
                          model=model, model_digest=file_digest(model_path(home)) if model is not None else "none")
    resources.versions = tuple(provider(resources) for provider in VERSION_PROVIDERS)
    return resources


def _lexicon(lexicon, schema):
    if lexicon is None:
        from .lexicon import load_lexicon

        lexicon = load_lexicon(schema=schema)
    return lexicon


# --- one document -------------------------------------------------------------------------------------------------


def extract_one(doc: Document, resources: Resources):
    """Extract one document with loaded resources: its mentions and raw (unassembled) statements, graded."""
    from .extract import extract_document
    from .extract.grade import grade_statements

    matcher = resources.lexicon.matcher_for(doc) if resources.annotations else resources.matcher
    out = extract_document(doc, resources.lexicon, resources.schema, matcher, model=resources.model)
    out.statements = grade_statements(doc, out.statements)  # population and study type on every evidence
    return out


_entity_of = attrgetter("entity_id")
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # compact, key order as built


def _json_loads() -> Callable[[str | bytes], object]:
    """``orjson.loads`` (a dependency; three times faster on the cache's rows), else ``json.loads``."""
    try:
        import orjson
    except ImportError:  # pragma: no cover
        return json.loads
    return orjson.loads


def cached_extraction(doc: Document, resources: Resources, key: str | None = None) -> CachedExtraction:
    """Extract one document into the cache row that stores the result."""
    out = extract_one(doc, resources)
    return CachedExtraction(
        doc.id, doc.sha256, key or resources.key,
        _dumps([s.to_record() for s in out.statements]),
        _dumps([m.to_record() for m in out.mentions]),
        _dumps(dict(Counter(map(_entity_of, out.mentions)))),
    )


# --- reading --------------------------------------------------------------------------------------------------------


def iter_text_documents(paths: Iterable[str | os.PathLike]) -> Iterator[Document]:
    """Read ``.txt``/``.md`` documents from files and folders, one at a time."""
    for path in discover(paths):
        yield read_document(path)


def default_reader() -> Reader:
    """``extract.readers.iter_documents``: text files and article files (PubMed XML, PubTator, BioC, MEDLINE)."""
    from .extract.readers import iter_documents

    return iter_documents


def default_documents() -> Path:
    return data_dir() / "documents"


def extract_documents(paths: Iterable[str | os.PathLike], *, schema=None, lexicon=None,
                      progress: Callable[[str], None] | None = None, use_annotations: bool = False) -> Extraction:
    """Extract and assemble statements from documents (files or folders), in memory.

    Every document is read and validated before any is processed, so bad
    input fails before there is any output. With ``use_annotations``, the
    mentions of annotated documents (PubTator, BioC) come from their
    annotations instead of the dictionary (``lexicon`` then gains their entities).
    """
    # Reading, extracting and assembling build hundreds of thousands of long-lived, acyclic records; the cyclic
    # garbage collector would re-scan them (and the lexicon) again and again: 15-30% of the time on a 2 MB corpus
    # while extracting, another ~9% while reading and assembling. Reference counting frees what is dropped.
    with collector_paused():
        documents = list(default_reader()(paths))
        resources = load_resources(schema, lexicon)
        if use_annotations and not hasattr(resources.lexicon, "matcher_for"):
            from .extract.readers import AnnotationLexicon

            resources.lexicon = AnnotationLexicon(resources.schema, resources.lexicon)
        resources.annotations = use_annotations
        raw: list[Statement] = []
        mentions: list[Mention] = []
        counts: dict[str, Counter] = {}  # mentions per entity, per document id
        for doc in documents:
            out = extract_one(doc, resources)
            raw.extend(out.statements)
            mentions.extend(out.mentions)
            counts.setdefault(doc.id, Counter()).update(map(_entity_of, out.mentions))  # counted in C
            if progress:
                progress(doc.id)
        return Extraction(assemble(raw), mentions, {d.id: _meta(d, dict(counts.get(d.id, {}))) for d in documents})


def _meta(doc: Document, counts: dict[str, int]) -> dict:
    meta = doc.meta()
    meta["mentions"] = counts
    return meta


# --- the build ------------------------------------------------------------------------------------------------------


@dataclass
class Survey:
    """What the first pass keeps of every document: no text, only its hash, record and source file."""

    sha256: dict[str, str] = field(default_factory=dict)  # doc id -> content hash, in input order
    records: dict[str, str] = field(default_factory=dict)  # doc id -> its record (Document.meta) as JSON
    source: dict[str, Path] = field(default_factory=dict)  # doc id -> the file it was read from


def survey(documents: Iterable[Document], progress: Progress | None = None) -> Survey:
    """Read every document once (the reader validates it), keeping its hash and record.

    Raises :class:`InputError` when two documents share an id.
    """
    found = Survey()
    for n, doc in enumerate(documents, 1):
        if doc.id in found.sha256:
            raise InputError(f"two documents share the id {doc.id!r} (also {found.source[doc.id]})", doc.path)
        found.sha256[doc.id] = doc.sha256
        found.records[doc.id] = _dumps(doc.meta())
        found.source[doc.id] = doc.path
        if progress and n % 64 == 0:
            progress("reading", n, None)
    if progress:
        progress("reading", len(found.sha256), len(found.sha256))
    return found


def survey_files(paths: Iterable[str | os.PathLike], known: dict[str, tuple],
                 progress: Progress | None = None) -> tuple[Survey, list[tuple]]:
    """:func:`survey` of :func:`default_reader`, not opening again a one-document file whose stamp is unchanged.

    A file's stamp is its size, modification and change times and inode,
    and its folder's titles file's modification time; ``known`` maps a path
    to the stamp and record of the last build
    (:func:`neurograph.cache.read_sources`). Unchanged files were validated
    when they were read, and are neither sniffed for their format, read nor
    hashed; a file whose stamp changed is read and hashed again, and its
    content hash decides whether it is extracted again. Files of many
    articles are read every time. Returns the survey and the stamps to keep
    (rows for :meth:`neurograph.cache.ExtractionCache.replace_sources`).
    """
    from .documents import _holds_articles, _kind_problem
    from .extract.readers import read_file

    found = Survey()
    n = 0

    def add(doc_id: str, sha: str, record: str, path: Path) -> None:
        nonlocal n
        if doc_id in found.sha256:
            raise InputError(f"two documents share the id {doc_id!r} (also in {found.source[doc_id]})", path)
        found.sha256[doc_id] = sha
        found.records[doc_id] = record
        found.source[doc_id] = path
        n += 1
        if progress and n % 256 == 0:
            progress("reading", n, None)

    titles_stamp: dict[str, int] = {}
    stamp_of: dict[str, tuple] = {}  # path -> its stamp, taken once
    articles_of: dict[str, bool] = {}  # .txt path -> whether it holds articles, as discover learnt it

    def stamp(path: Path) -> tuple:
        key = str(path)
        taken = stamp_of.get(key)
        if taken is None:
            try:
                info = os.stat(key)
            except OSError:  # gone, or a broken link, since it was found
                raise InputError(_kind_problem(path), path) from None
            folder = os.path.dirname(key)
            titles = titles_stamp.get(folder)
            if titles is None:
                try:
                    titles = titles_stamp[folder] = os.stat(os.path.join(folder, TITLES_FILE)).st_mtime_ns
                except OSError:
                    titles = titles_stamp[folder] = 0
            taken = stamp_of[key] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, titles)
        return taken

    def holds_articles(path: Path) -> bool:
        last = known.get(str(path))
        if last is not None and last[:5] == stamp(path):
            articles = bool(last[5])
        else:
            articles = _holds_articles(path)
        articles_of[str(path)] = articles
        return articles

    stamps: list[tuple] = []
    for path in discover(paths, holds_articles=holds_articles):
        key = str(path)
        taken = stamp(path)
        del stamp_of[key]  # taken for good: 100,000 of them need not stay
        articles = articles_of.pop(key, False)
        last = known.get(key)
        if last is not None and last[:5] == taken:
            add(last[6], last[7], last[8], path)
            stamps.append((key, *last))
            continue
        read = []
        for doc in read_file(path):
            record = _dumps(doc.meta())
            add(doc.id, doc.sha256, record, path)
            if len(read) < 2:
                read.append((doc.id, doc.sha256, record))
        if len(read) == 1:  # one document: stamped; a file of many articles is read again next time
            stamps.append((key, *taken, int(articles), *read[0]))
    if progress:
        progress("reading", len(found.sha256), len(found.sha256))
    return found, stamps


def build_digest(versions: Iterable[tuple[str, str]], found: Survey, curated_paths: Iterable[Path]) -> str:
    """A digest of every input of a build: versions, each document's record and hash, and the curated files."""
    h = hashlib.sha256(json.dumps(sorted(map(list, versions))).encode())
    for record in found.records.values():
        h.update(record.encode())
    for path in curated_paths:
        h.update(file_digest(path).encode())
    return h.hexdigest()


def default_workers() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@one_build_at_a_time
def build(paths: Iterable[str | os.PathLike] | None = None, home: str | os.PathLike | None = None,
          force: bool = False, curated: Iterable[str | os.PathLike] | None = None,
          progress: Progress | None = None, workers: int | None = None, dask: str | None = None,
          chunk_size: int = 64, reader: Reader | None = None, use_annotations: bool = False,
          vocab: bool = True, with_sources: Iterable[str] = ()) -> BuildResult:
    """Build the graph from documents into the data directory, extracting only what changed.

    Parameters
    ----------
    paths : files or folders, optional
        The documents [default: the project's ``data/documents``].
    home : path-like, optional
        The data directory (see :func:`neurograph.config.resolve_home`).
    force : bool
        Extract every document again (ignoring cached extractions), assemble and save, even if no
        input changed.
    curated : files, optional
        Curated statement files [default: the project's ``data/curated``].
    progress : callable, optional
        Called as ``progress(stage, done, total)`` while documents are read and extracted.
    workers : int, optional
        Extraction processes on this machine [default: every core]; 1 extracts in this process, as
        does a build with no more than ``chunk_size`` documents to extract. Worker processes are
        started with ``forkserver``: a script that calls ``build`` needs the
        ``if __name__ == "__main__":`` guard.
    dask : str, optional
        Address of a Dask scheduler to extract on instead (``tcp://host:8786``); assembly and
        saving stay here.
    chunk_size : int
        Documents per task sent to a worker.
    reader : callable, optional
        Turns the paths into documents [default: :func:`default_reader`].
    use_annotations : bool
        Mentions of annotated documents (PubTator, BioC) from their annotations instead of the
        dictionary. The entities are gathered while extracting, so every document is extracted
        again, in this process.
    vocab : bool
        Widen the curated lexicon with the installed vocabularies (the compiled dictionary); without
        them (``False``, ``build --curated-only``) the curated lexicon alone. The vocabularies are
        required otherwise (see :func:`neurograph.lexicon.vocabulary_files`).
    with_sources : names, optional
        Curated graphs to merge into the document graph by identifier (``"hetionet"``; see
        :func:`neurograph.merge.merge_source`); their installed files are inputs of the build.

    Raises
    ------
    InputError
        For a bad document (nothing is written), or a document that changed while the build ran.
    WorkerMismatchError
        When a worker's extractor, schema or lexicon differs from this process's.
    """
    from .config import resolve_home
    from .curation import drop_rejected, rejected_keys, rejections_file
    from .graph import build_info, graph_from_records, load_graph, save_graph
    from .triage import triage

    home = resolve_home(home)
    paths = [Path(p) for p in paths] if paths else [default_documents()]
    reader_given, reader = reader, reader or default_reader()
    curated_paths = [Path(p) for p in curated] if curated is not None else curated_files(data_dir() / "curated")

    from .merge import curated_source_files

    # A missing curated source is said at once, before documents are read or the lexicon loaded.
    with_sources = sorted(set(with_sources))
    source_files = [f for name in with_sources for f in curated_source_files(name, home)]
    cache_path = home / CACHE_FILE
    workers = default_workers() if workers is None else max(1, workers)
    with collector_paused(), ExitStack() as closing:  # collector: see extract_documents
        stamps: list[tuple] | None = None
        if reader_given is None:
            known = read_sources(cache_path) if not force else {}
            found, stamps = survey_files(paths, known, progress)
        else:
            found = survey(reader(paths), progress)
        pool = None
        if workers > 1 and not dask and not use_annotations:
            # Documents no version of the cache holds will be extracted: with more than a chunk of them, the
            # worker processes start now and load their lexicon while this one loads its own.
            new = len(found.sha256) if force else unextracted(cache_path, found.sha256)
            if new > chunk_size:
                from .parallel import start_workers

                pool = start_workers(workers, str(home), vocab)
                closing.callback(pool.shutdown, wait=False, cancel_futures=True)  # if not used
        resources = load_resources(home=home, vocab=vocab)
        schema, lexicon = resources.schema, resources.lexicon
        entities = lexicon
        if use_annotations:
            from .extract.readers import AnnotationLexicon

            entities = resources.lexicon = AnnotationLexicon(schema, lexicon)
            resources.annotations = True
            resources.versions += (("annotations", "used"),)
            workers, dask = 1, None
        # Curated files are checked before anything is written, too.
        extra: list[Statement] = lexicon_statements(lexicon, schema)
        curated_seen: dict = {}  # a row copied into a second curated file counts once
        for path in curated_paths:
            extra.extend(load_curated(path, lexicon, schema, seen=curated_seen))
        # The curator's rejections are an input like the curated files: a new one redoes the build.
        rejections = [p for p in [rejections_file(home)] if p.is_file()]
        digest = build_digest(resources.versions, found, [*curated_paths, *rejections, *source_files])
        info = build_info(home)
        if not force and info and info.get("content_hash") == digest and cache_path.is_file():
            if stamps is not None and {s[0]: s[1:] for s in stamps} != known:
                with ExtractionCache(cache_path) as cache:  # files touched but unchanged: not read next time
                    cache.replace_sources(stamps, known)
            return BuildResult(load_graph(home), home, False, content_hash=digest,
                               statement_edges=info.get("statements"))

        with ExtractionCache(cache_path) as cache:
            # The files' stamps, as surveyed (every input has been checked by now): written first, so that the
            # 100,000 of them are not held through assembly, the peak of a large build's memory. A build that
            # fails after this leaves true stamps: each names what its unchanged file holds.
            if stamps is not None:
                cache.replace_sources(stamps, None if force else known)  # force: rewritten whole
            stamps = known = None
            every = force or use_annotations  # annotation entities are gathered while extracting
            missing = list(found.sha256) if every else cache.stale(found.sha256, resources.key)
            worker_times = {}
            # The curated sources' caches fill on another core while documents are extracted and assembled.
            preparing = _prepare_sources_beside(with_sources, home)
            if missing:
                worker_times = _extract_missing(missing, found, reader, resources, cache, workers, dask, chunk_size,
                                                progress, reader_is_default=reader_given is None, pool=pool)
            if progress:
                progress("assembling", 0, None)
            loads = _json_loads()
            documents = {doc_id: loads(record) for doc_id, record in found.records.items()}
            found.records.clear()  # parsed now; the files too are read
            found.source.clear()
            from_record = Statement.from_record
            # Each document's statements are kept as their JSON until assembly takes them: a few times smaller
            # than the records they become, most of which assembly merges away.
            per_document: dict[str, str] = {}
            for doc_id, statements, counts in cache.statements(found.sha256):
                per_document[doc_id] = statements
                documents[doc_id]["mentions"] = loads(counts)

            def in_input_order() -> Iterator[Statement]:
                for doc_id in found.sha256:
                    rows = per_document.pop(doc_id, None)
                    if rows is not None:
                        yield from map(from_record, loads(rows))
                yield from extra

            # Assembled in input order, whatever order the rows were stored in: the same output from any workers.
            statements = assemble(in_input_order())
            del per_document
            statements, rejected = drop_rejected(statements, rejected_keys(home))
            kept = [s for s in statements if not s.negated]
            negated = [s for s in statements if s.negated]
            # Only the entities the graph will hold are looked up; the lexicon (a few hundred MB with its
            # matcher) is let go of before the graph is built, the peak of a large build's memory.
            needed = _entities_needed(entities.entities, kept, documents)
            del entities, lexicon, resources
            G = graph_from_records(needed, kept, documents, schema=schema)
            G.graph["content_hash"] = digest
            # The records and mention counts of every document are in the graph now; let go of them before
            # the mirror is written.
            document_ids = sorted(documents)
            del documents, needed
            merged = []
            _wait_for(preparing)
            for name in with_sources:
                from .merge import merge_source

                merged.append(merge_source(G, name, home, schema))
            # Labels against curated knowledge, recomputed on every build (curated files, lexicon, merged graphs).
            G.graph["triage"] = dict(triage(G, frozenset(k for k, r in schema.relationships.items() if r.symmetric)))
            save_graph(G, home, statements=kept, negated=negated,
                       info={"documents": document_ids, "negated": len(negated), "rejected": rejected,
                             "triage": G.graph["triage"], "merged": [m.to_dict() for m in merged]})
            removed = cache.keep_only(found.sha256)
            statement_edges = (build_info(home) or {}).get("statements")  # counted as the mirror was written
    return BuildResult(G, home, True, kept, negated, digest, extracted=len(missing), removed=removed, merged=merged,
                       worker_cpu_seconds=sum(cpu for cpu, _ in worker_times.values()),
                       worker_loading_cpu_seconds=sum(loading for _, loading in worker_times.values()),
                       worker_times=dict(worker_times),
                       statement_edges=statement_edges)


def _prepare_sources_beside(names: list[str], home: Path):
    """Start filling the caches of the curated sources ``names`` and of the identifier equivalences
    (:func:`neurograph.merge.prepare_source`) in other processes; None when there is nothing to prepare or
    only one core."""
    if not names or len(os.sched_getaffinity(0)) < 2:
        return None
    from concurrent.futures import ProcessPoolExecutor

    from .merge import prepare_source
    from .parallel import process_context

    tasks = [None, *names]  # None: the equivalences
    pool = ProcessPoolExecutor(len(tasks), mp_context=process_context())
    futures = [pool.submit(prepare_source, name, str(home)) for name in tasks]
    pool.shutdown(wait=False)  # the processes end once their tasks are done
    return futures


def _wait_for(futures) -> None:
    """Wait for :func:`_prepare_sources_beside`. A failure there is not reported here: the merge then does the
    same work in this process and says what is wrong, with the file and line."""
    for future in futures or ():
        try:
            future.result()
        except Exception:
            pass


def _entities_needed(entities, statements: list[Statement], documents: dict[str, dict]) -> dict:
    """The entities of ``entities`` (a lexicon's mapping by id) that :func:`graph_from_records` would look up:
    those of the statements and those the documents mention."""
    needed: dict = {}
    get = entities.get

    def want(entity_id: str) -> None:
        if entity_id not in needed:
            entity = get(entity_id)
            if entity is not None:
                needed[entity_id] = entity

    for st in statements:
        want(st.subject.id)
        want(st.object.id)
    for meta in documents.values():
        for entity_id in meta.get("mentions") or ():
            want(entity_id)
    return needed


def _extract_missing(missing: list[str], found: Survey, reader: Reader, resources: Resources, cache: ExtractionCache,
                     workers: int | None, dask: str | None, chunk_size: int, progress: Progress | None,
                     reader_is_default: bool = False, pool=None) -> dict:
    """Extract the ``missing`` documents (read again from their files) into the cache, as results come.

    ``pool``: worker processes the build started already (:func:`neurograph.parallel.start_workers`).
    Returns the CPU seconds of each worker process (empty when extracting in this process).
    """
    from .parallel import FileDocument, extract_in_dask, extract_in_processes, extract_here

    wanted = set(missing)
    sources = list(dict.fromkeys(found.source[d] for d in missing))  # each file once, in input order

    def documents(paths: list[Path] = sources) -> Iterator[Document]:
        for doc in reader(paths):
            if doc.id not in wanted:
                continue  # another document of a file that holds many (PubMed XML)
            if doc.sha256 != found.sha256[doc.id]:
                raise InputError("the document changed while the build ran; build again", doc.path)
            wanted.discard(doc.id)
            yield doc

    def to_read() -> Iterator[Document | FileDocument]:
        """With the default reader: files of one document go as their path, for the worker (or this process)
        to read alone (:meth:`FileDocument.read`); the documents of files of many (PubMed XML) are read here."""
        per_file = Counter(found.source[d] for d in found.sha256)
        many = [path for path in sources if per_file[path] > 1]
        read_here = documents(many) if many else iter(())
        for doc_id in missing:
            path = found.source[doc_id]
            if per_file[path] > 1:
                doc = next(read_here, None)  # the same order: sources, and so missing, are in input order
                if doc is None:
                    return  # gone since the survey: said below, as `wanted` still holds it
                yield doc
            else:
                wanted.discard(doc_id)
                yield FileDocument(str(path), doc_id, found.sha256[doc_id])

    done = 0
    if progress:
        progress("extracting", 0, len(missing))

    def store(rows: list[CachedExtraction]) -> None:
        nonlocal done
        done += cache.put(rows)
        if progress:
            progress("extracting", done, len(missing))

    workers = default_workers() if workers is None else max(1, workers)
    if dask:
        times = extract_in_dask(documents(), resources.versions, dask, chunk_size, store, vocab=resources.vocab)
    elif workers > 1 and len(missing) > chunk_size:
        items = to_read() if reader_is_default else documents()
        times = extract_in_processes(items, resources.versions, workers, chunk_size, store,
                                     home=resources.home, vocab=resources.vocab, pool=pool, total=len(missing))
    else:
        times = extract_here(to_read() if reader_is_default else documents(), resources, chunk_size, store)
    if wanted:
        first = next(d for d in missing if d in wanted)
        raise InputError(f"the document {first!r} disappeared while the build ran; build again",
                         found.source[first])
    return times
