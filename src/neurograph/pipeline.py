"""The pipeline: documents -> extract -> assemble -> graph, and the cached build in a data directory.

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
import os
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterable

from .assemble import assemble, curated_files, lexicon_statements, load_curated
from .documents import Document, load_documents
from .extract.grade import grade_statements
from .records import Mention, Statement, collector_paused
from .schema import data_dir, load_schema

# Bump when extraction rules change, so that cached builds are redone.
EXTRACTOR_VERSION = "15"


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


def default_documents() -> Path:
    return data_dir() / "documents"


def _lexicon(lexicon, schema):
    if lexicon is None:
        from .lexicon import load_lexicon

        lexicon = load_lexicon(schema=schema)
    return lexicon


def extract_documents(paths: Iterable[str | os.PathLike], *, schema=None, lexicon=None,
                      progress: Callable[[str], None] | None = None, use_annotations: bool = False) -> Extraction:
    """Extract and assemble statements from documents (files or folders).

    Every document is read and validated before any is processed, so bad
    input fails before there is any output. With ``use_annotations``, the
    mentions of annotated documents (PubTator, BioC) come from their
    annotations instead of the dictionary (``lexicon`` then gains their entities).
    """
    from .extract import extract_document

    schema = schema or load_schema()
    # Reading, extracting and assembling build hundreds of thousands of long-lived, acyclic records; the cyclic
    # garbage collector would re-scan them (and the lexicon) again and again: 15-30% of the time on a 2 MB corpus
    # while extracting, another ~9% while reading and assembling. Reference counting frees what is dropped.
    with collector_paused():
        documents = load_documents(paths)
        lexicon = _lexicon(lexicon, schema)
        matcher = lexicon.matcher()
        if use_annotations and not hasattr(lexicon, "matcher_for"):
            from .extract.readers import AnnotationLexicon

            lexicon = AnnotationLexicon(schema, lexicon)
        raw: list[Statement] = []
        mentions: list[Mention] = []
        counts: dict[str, Counter] = {}  # mentions per entity, per document id
        entity_of = attrgetter("entity_id")
        for doc in documents:
            out = extract_document(doc, lexicon, schema, lexicon.matcher_for(doc) if use_annotations else matcher)
            raw.extend(grade_statements(doc, out.statements))  # population and study type on every evidence
            mentions.extend(out.mentions)
            counts.setdefault(doc.id, Counter()).update(map(entity_of, out.mentions))  # counted in C
            if progress:
                progress(doc.id)
        return Extraction(assemble(raw), mentions, {d.id: _meta(d, dict(counts.get(d.id, {}))) for d in documents})


def _meta(doc: Document, counts: dict[str, int]) -> dict:
    meta = doc.meta()
    meta["mentions"] = counts
    return meta


def content_hash(documents: list[Path], extra_files: list[Path]) -> str:
    """A hash of every input: documents, schema, lexicon, curated files and the extractor version."""
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for path in sorted(documents, key=str) + list(extra_files):
        h.update(str(path.name).encode())
        h.update(Path(path).read_bytes() if Path(path).is_file() else b"")
    return h.hexdigest()


def build(paths: Iterable[str | os.PathLike] | None = None, home: str | os.PathLike | None = None,
          force: bool = False, curated: Iterable[str | os.PathLike] | None = None,
          progress: Callable[[str], None] | None = None, use_annotations: bool = False) -> BuildResult:
    """Build the graph from documents into the data directory, or reuse the last build.

    The build is redone only when the documents, schema, lexicon, curated
    files (or the extractor) changed, or with ``force``.
    """
    from .config import resolve_home
    from .documents import discover
    from .graph import build_info, graph_from_records, load_graph, save_graph
    from .triage import triage

    home = resolve_home(home)
    paths = list(paths) if paths else [default_documents()]
    files = discover(paths)
    curated_paths = [Path(p) for p in curated] if curated is not None else curated_files(data_dir() / "curated")
    from .curation import drop_rejected, rejected_keys, rejections_file

    # The curator's rejections are an input like the curated files: a new one redoes the build.
    inputs = [data_dir() / "schema.yaml", data_dir() / "lexicon.tsv", *curated_paths, rejections_file(home)]
    digest = content_hash(files, inputs)
    if use_annotations:
        digest = hashlib.sha256(f"{digest} use-annotations".encode()).hexdigest()
    info = build_info(home)
    if not force and info and info.get("content_hash") == digest:
        return BuildResult(load_graph(home), home, False, content_hash=digest)

    schema = load_schema()
    lexicon = _lexicon(None, schema)
    entities = lexicon
    if use_annotations:
        from .extract.readers import AnnotationLexicon

        entities = AnnotationLexicon(schema, lexicon)
    extraction = extract_documents(files, schema=schema, lexicon=entities, progress=progress,
                                   use_annotations=use_annotations)
    extra: list[Statement] = lexicon_statements(lexicon, schema)
    curated_seen: dict = {}  # a row copied into a second curated file counts once
    for path in curated_paths:
        extra.extend(load_curated(path, lexicon, schema, seen=curated_seen))
    statements, rejected = drop_rejected(assemble(extraction.statements + extra), rejected_keys(home))
    kept = [s for s in statements if not s.negated]
    negated = [s for s in statements if s.negated]
    G = graph_from_records(entities.entities.values(), kept, extraction.documents, schema=schema)
    G.graph["content_hash"] = digest
    G.graph["triage"] = dict(triage(G, frozenset(k for k, r in schema.relationships.items() if r.symmetric)))
    save_graph(G, home, statements=kept, negated=negated,
               info={"documents": sorted(extraction.documents), "negated": len(negated), "rejected": rejected,
                     "triage": G.graph["triage"]})
    return BuildResult(G, home, True, kept, negated, digest)
