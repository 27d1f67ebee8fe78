"""Readers: one :class:`~neurograph.documents.Document` per article from the formats literature comes in.

Formats, told apart by suffix and by their first bytes:

* plain text and Markdown (``.txt``, ``.md``): one document per file;
* PubMed/MEDLINE XML (``efetch`` output, the annual baseline files, also
  gzipped): a ``PubmedArticleSet``, read as a stream so that a
  30,000-article file is never held in memory;
* MEDLINE text (PubMed's "Save, format: PubMed" export, ``efetch
  rettype=medline``; ``.txt`` or ``.nbib`` starting ``PMID-``);
* PubTator (BioRED, BC5CDR, PubTator3 downloads; also as ``.txt``);
* BioC XML (a ``collection``) and BioC JSON (a collection, a list of
  documents, or PubTator3's ``{"PubTator3": [...]}``).

An article's document id is its PMID; its text is ``title + " " + abstract``
(PubTator's frame, so annotation offsets carry over); ``abstract_start`` says
where the abstract starts. Journal, year, publication types and MeSH headings
go onto the document when the format has them. PubTator and BioC annotations
become :attr:`Document.annotations`; ``--use-annotations`` extracts with them
in place of the dictionary (:func:`annotation_lexicon`).

Malformed input raises :class:`~neurograph.errors.InputError` naming the file
and line; :func:`~neurograph.documents.load_documents` reads everything before
anything is extracted, so nothing is written.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.pubtator").write_text("7|t|Lithium and mania.\\n7|a|It helps.\\n"
...                                      "7\\t0\\t7\\tLithium\\tChemical\\tD008094\\n\\n")
>>> [doc] = iter_documents([folder / "a.pubtator"])
>>> doc.id, doc.title, doc.abstract_start, doc.annotations[0].ids
('7', 'Lithium and mania.', 19, ('D008094',))
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..documents import Document, discover, read_document
from ..errors import InputError
from ..records import Entity
from .pubtator import PubTatorDocument, PubTatorMention, read_pubtator

TEXT, PUBTATOR, PUBMED, MEDLINE, BIOC_XML, BIOC_JSON = "text", "pubtator", "pubmed", "medline", "bioc-xml", "bioc-json"
_PUBTATOR_HEAD = re.compile(rb"^\s*[^|\s]+\|[ta]\|")
_MEDLINE_HEAD = re.compile(rb"^\s*PMID- ?\d")


# --- format ---------------------------------------------------------------------


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")


def _head(path: Path, size: int = 4096) -> bytes:
    try:
        with _open_binary(path) as fh:
            return fh.read(size)
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path) from None


def document_format(path: str | os.PathLike) -> str:
    """The format of a document file, by suffix and first bytes.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_text("12|t|A title\\n12|a|An abstract\\n")
    >>> document_format(p)
    'pubtator'
    >>> _ = p.write_text("Magnesium blocks the NMDA receptor.")
    >>> document_format(p)
    'text'
    """
    path = Path(path)
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    suffix = suffixes[-1] if suffixes else ""
    if suffix == ".md":
        return TEXT
    head = _head(path)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".pubtator", ".txt", ".tsv", "") and _PUBTATOR_HEAD.match(head):
        return PUBTATOR
    if suffix in (".txt", ".nbib", ".medline", "") and _MEDLINE_HEAD.match(head):
        return MEDLINE
    if suffix == ".pubtator":
        return PUBTATOR  # malformed, reported by the reader with its line
    if suffix == ".txt":
        return TEXT
    if suffix == ".json" or start[:1] in (b"{", b"["):
        return BIOC_JSON
    if suffix == ".xml" or start.startswith(b"<"):
        lowered = head.lower()
        if b"<pubmedarticleset" in lowered or b"<pubmedarticle" in lowered or b"<medlinecitationset" in lowered:
            return PUBMED
        if b"<collection" in lowered:
            return BIOC_XML
        raise InputError("XML that is neither PubMed (PubmedArticleSet) nor BioC (collection)", path, 1)
    raise InputError("not a document: expected .txt, .md, PubMed or BioC XML, BioC JSON or PubTator", path)


# --- the iterator ---------------------------------------------------------------


def iter_documents(paths: Iterable[str | os.PathLike]) -> Iterator[Document]:
    """Every article of the files and folders named, one Document at a time.

    Raises :class:`InputError` for malformed input (file and line), and for two
    documents sharing an id. Documents before the error have been yielded:
    a caller that must write nothing on bad input reads all first (as
    :func:`~neurograph.documents.load_documents` does).
    """
    seen: dict[str, str] = {}
    for path in discover(paths):
        for doc in read_file(path):
            other = seen.get(doc.id)
            if other is not None:
                raise InputError(f"two documents share the id {doc.id!r} (also in {other})", path)
            seen[doc.id] = str(path)
            yield doc


def read_file(path: str | os.PathLike) -> Iterator[Document]:
    """The documents of one file, whatever its format."""
    path = Path(path)
    kind = document_format(path)
    if kind == TEXT:
        yield read_document(path)
    elif kind == PUBTATOR:
        for doc in read_pubtator(path):
            yield from_pubtator(doc, path)
    elif kind == PUBMED:
        yield from read_pubmed_xml(path)
    elif kind == MEDLINE:
        yield from read_medline(path)
    elif kind == BIOC_XML:
        yield from read_bioc_xml(path)
    else:
        yield from read_bioc_json(path)


def _article(pmid: str, path: Path, title: str, abstract: str, **metadata: Any) -> Document:
    import hashlib

    title, abstract = title.strip(), abstract.strip()
    text = f"{title} {abstract}" if abstract else title
    return Document(id=pmid, path=path, title=title or pmid, text=text,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    abstract_start=len(title) + 1 if abstract else -1, **metadata)


# --- PubTator -------------------------------------------------------------------


def from_pubtator(doc: PubTatorDocument, path: str | os.PathLike) -> Document:
    """A PubTator document as a Document, its mentions as annotations (offsets already in its frame)."""
    import hashlib

    text = doc.text
    return Document(id=doc.pmid, path=Path(path), title=doc.title or doc.pmid, text=text,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    abstract_start=doc.abstract_start if doc.abstract else -1, annotations=tuple(doc.mentions))


# --- PubMed XML -----------------------------------------------------------------


def _text_of(element: ET.Element | None) -> str:
    """All text inside an element (titles hold <i>, <sup>...), white space collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _year(article: ET.Element) -> int | None:
    for where in ("MedlineCitation/Article/Journal/JournalIssue/PubDate/Year",
                  "MedlineCitation/Article/ArticleDate/Year",
                  "MedlineCitation/Article/Journal/JournalIssue/PubDate/MedlineDate",
                  "PubmedData/History/PubMedPubDate/Year"):
        found = re.search(r"\d{4}", _text_of(article.find(where)))
        if found:
            return int(found.group())
    return None


def _xml_error(exc: ET.ParseError, path: Path) -> InputError:
    line = exc.position[0] if getattr(exc, "position", None) else None
    message = str(exc).split(": line")[0]
    return InputError(f"malformed XML: {message}", path, line)


def read_pubmed_xml(path: str | os.PathLike) -> Iterator[Document]:
    """The articles of a PubMed/MEDLINE XML file (efetch, PubMed export, baseline; gzipped too), streamed.

    Each ``PubmedArticle`` is dropped from the tree once read, so memory stays
    flat however many the file holds.
    """
    path = Path(path)
    try:
        with _open_binary(path) as fh:
            context = ET.iterparse(fh, events=("start", "end"))
            root = None
            number = 0
            for event, element in context:
                if root is None and event == "start":
                    root = element
                if event != "end" or element.tag != "PubmedArticle":
                    continue
                number += 1
                yield _pubmed_article(element, path, number)
                element.clear()
                if root is not None:
                    root.clear()  # drop the finished articles the root still holds
    except ET.ParseError as exc:
        raise _xml_error(exc, path) from None
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path) from None


def _pubmed_article(article: ET.Element, path: Path, number: int) -> Document:
    citation = article.find("MedlineCitation")
    pmid = _text_of(citation.find("PMID")) if citation is not None else ""
    if not pmid:
        raise InputError(f"PubmedArticle number {number} has no MedlineCitation/PMID", path)
    art = citation.find("Article")
    title = _text_of(art.find("ArticleTitle")) if art is not None else ""
    if not title and art is not None:
        title = _text_of(art.find("VernacularTitle"))
    parts = []
    for piece in (art.findall("Abstract/AbstractText") if art is not None else []):
        label, body = piece.get("Label"), _text_of(piece)
        if body:
            parts.append(f"{label}: {body}" if label else body)
    types = tuple(_text_of(t) for t in (art.findall("PublicationTypeList/PublicationType") if art is not None else []))
    mesh = tuple(_text_of(d) for d in citation.findall("MeshHeadingList/MeshHeading/DescriptorName"))
    journal = _text_of(art.find("Journal/Title")) if art is not None else ""
    return _article(pmid, path, title, " ".join(parts), journal=journal, year=_year(article),
                    publication_types=tuple(t for t in types if t), mesh_headings=tuple(m for m in mesh if m))


# --- MEDLINE text ---------------------------------------------------------------

_MEDLINE_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$")


def read_medline(path: str | os.PathLike) -> Iterator[Document]:
    """The articles of a MEDLINE text file (PubMed's "PubMed format"): tagged lines, one record per blank-line
    separated block, continuation lines indented six spaces.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "pubmed.nbib"
    >>> _ = p.write_text("PMID- 5\\nTI  - Lithium and\\n      mania.\\nAB  - It helps.\\nPT  - Review\\n"
    ...                  "MH  - *Lithium/therapeutic use\\nDP  - 2001 Jan\\nJT  - Brain\\n\\n")
    >>> [d] = read_medline(p)
    >>> d.id, d.text, d.publication_types, d.mesh_headings, d.year, d.journal
    ('5', 'Lithium and mania. It helps.', ('Review',), ('Lithium',), 2001, 'Brain')
    """
    path = Path(path)
    try:
        fh = io.TextIOWrapper(_open_binary(path), encoding="utf-8")
        with fh:
            fields: dict[str, list[str]] = {}
            tag = None
            start = 0
            for number, raw in enumerate(fh, 1):
                line = raw.rstrip("\r\n")
                if not line.strip():
                    if fields:
                        yield _medline_record(fields, path, start)
                    fields, tag = {}, None
                    continue
                if line.startswith("      ") and tag is not None:
                    fields[tag][-1] += " " + line.strip()
                    continue
                m = _MEDLINE_LINE.match(line)
                if m is None:
                    raise InputError("not a MEDLINE line (expected 'TAG - value' or an indented continuation)",
                                     path, number)
                if not fields:
                    start = number
                tag = m.group(1)
                fields.setdefault(tag, []).append(m.group(2).strip())
            if fields:
                yield _medline_record(fields, path, start)
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path) from None
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path) from None


def _medline_record(fields: dict[str, list[str]], path: Path, line: int) -> Document:
    pmid = (fields.get("PMID") or [""])[0]
    if not pmid:
        raise InputError("MEDLINE record without a PMID line", path, line)
    year = re.search(r"\d{4}", (fields.get("DP") or [""])[0])
    mesh = tuple(h.lstrip("*").split("/")[0].strip() for h in fields.get("MH", []))
    return _article(pmid, path, " ".join(fields.get("TI", [])), " ".join(fields.get("AB", [])),
                    journal=(fields.get("JT") or fields.get("TA") or [""])[0],
                    year=int(year.group()) if year else None,
                    publication_types=tuple(fields.get("PT", [])), mesh_headings=tuple(h for h in mesh if h))


# --- BioC -----------------------------------------------------------------------

_ID_INFONS = ("identifier", "Identifier", "MESH", "MeSH", "NCBI Gene", "NCBIGene", "Gene", "CUI", "ChEBI")
_TITLE_PASSAGES = ("title", "front")


def _bioc_document(doc_id: str, passages: list[dict], path: Path, number: int) -> Document:
    """A BioC document (the ``number``-th of its file) from its passages (type, offset, text, infons, annotations)."""
    import hashlib

    if not doc_id:
        raise InputError(f"BioC document {number} has no id", path)
    text = ""
    title = ""
    abstract_start = -1
    annotations: list[PubTatorMention] = []
    metadata: dict[str, Any] = {}
    for passage in passages:
        body = passage["text"] or ""
        kind = str(passage["infons"].get("type", passage["infons"].get("section_type", ""))).lower()
        offset = passage["offset"]
        if offset is None or offset < len(text) + (1 if text else 0):
            offset = len(text) + (1 if text else 0)  # no usable offset: the passage follows the last one
        shift = offset - passage["offset"] if passage["offset"] is not None else offset
        text = text + " " * (offset - len(text)) + body
        if kind in _TITLE_PASSAGES and not title:
            title = body.strip()
        elif kind == "abstract" and abstract_start < 0:
            abstract_start = offset
        for key, value in passage["infons"].items():
            if key == "journal" and value:
                metadata.setdefault("journal", str(value))
            elif key == "year" and re.fullmatch(r"\d{4}", str(value)):
                metadata.setdefault("year", int(value))
        for ann in passage["annotations"]:
            infons = ann["infons"]
            ids: tuple[str, ...] = ()
            for key in _ID_INFONS:
                if infons.get(key) not in (None, "", "-", "-1"):
                    ids = tuple(i.strip() for i in re.split(r"[,;]", str(infons[key])) if i.strip() not in ("", "-1"))
                    break
            for start, length in ann["locations"]:
                start += shift
                end = start + length
                if not (offset <= start < end <= len(text)):
                    raise InputError(f"document {doc_id}: annotation {ann['text']!r} at {start - shift}+{length} "
                                     "lies outside its passage", path)
                annotations.append(PubTatorMention(start, end, text[start:end], str(infons.get("type", "")), ids))
    if not text.strip():
        raise InputError(f"BioC document {doc_id} has no text", path)
    annotations.sort(key=lambda m: (m.start, -m.end))
    return Document(id=doc_id, path=path, title=title or text.strip().split("\n")[0][:200], text=text,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), abstract_start=abstract_start,
                    annotations=tuple(annotations), **metadata)


def _int(value: Any, path: Path, where: int | None, what: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise InputError(f"{what} is not a number: {value!r}", path, where) from None


def read_bioc_xml(path: str | os.PathLike) -> Iterator[Document]:
    """The documents of a BioC XML collection, streamed one ``document`` at a time."""
    path = Path(path)
    try:
        with _open_binary(path) as fh:
            root = None
            number = 0
            for event, element in ET.iterparse(fh, events=("start", "end")):
                if root is None and event == "start":
                    root = element
                if event == "end" and element.tag == "document":
                    number += 1
                    yield _bioc_xml_document(element, path, number)
                    element.clear()
                    root.clear()
    except ET.ParseError as exc:
        raise _xml_error(exc, path) from None
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path) from None


def _infons(element: ET.Element) -> dict[str, str]:
    return {i.get("key", ""): (i.text or "") for i in element.findall("infon")}


def _bioc_xml_document(element: ET.Element, path: Path, number: int) -> Document:
    line = None
    where = f"document {number}"
    passages = []
    for p in element.findall("passage"):
        annotations = []
        for a in p.findall("annotation"):
            locations = [(_int(loc.get("offset"), path, line, f"{where}: annotation offset"),
                          _int(loc.get("length"), path, line, f"{where}: annotation length"))
                         for loc in a.findall("location")]
            annotations.append({"infons": _infons(a), "text": a.findtext("text") or "", "locations": locations})
        offset = p.findtext("offset")
        passages.append({"infons": _infons(p),
                         "offset": _int(offset, path, line, f"{where}: passage offset") if offset else None,
                         "text": p.findtext("text") or "", "annotations": annotations})
    return _bioc_document((element.findtext("id") or "").strip(), passages, path, number)


def read_bioc_json(path: str | os.PathLike) -> Iterator[Document]:
    """The documents of a BioC JSON file: a collection, a list of documents, or PubTator3's export."""
    path = Path(path)
    try:
        with _open_binary(path) as fh:
            data = json.load(io.TextIOWrapper(fh, encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg}", path, exc.lineno) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path) from None
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path) from None
    if isinstance(data, dict) and "passages" in data:
        documents = [data]
    elif isinstance(data, dict):
        documents = data.get("documents", data.get("PubTator3"))
    else:
        documents = data
    if not isinstance(documents, list):
        raise InputError("JSON that is not BioC (expected a collection with 'documents', or a list of documents)",
                         path, 1)
    for number, doc in enumerate(documents, 1):
        where = f"document {number}"
        if not isinstance(doc, dict) or not isinstance(doc.get("passages"), list):
            raise InputError(f"{where} is not a BioC document (no 'passages' list)", path)
        passages = []
        for p in doc["passages"]:
            if not isinstance(p, dict):
                raise InputError(f"{where}: a passage is not an object", path)
            annotations = []
            for a in p.get("annotations") or []:
                locations = [(_int(loc.get("offset"), path, None, f"{where}: annotation offset"),
                              _int(loc.get("length"), path, None, f"{where}: annotation length"))
                             for loc in a.get("locations") or []]
                annotations.append({"infons": a.get("infons") or {}, "text": a.get("text") or "",
                                    "locations": locations})
            offset = p.get("offset")
            passages.append({"infons": p.get("infons") or {}, "text": p.get("text") or "",
                             "offset": _int(offset, path, None, f"{where}: passage offset") if offset is not None else None,
                             "annotations": annotations})
        doc_id = str(doc.get("id") or doc.get("pmid") or "").strip()
        yield _bioc_document(doc_id, passages, path, number)


# --- annotations instead of the dictionary ----------------------------------------

_MESH_ID = re.compile(r"^[CD]\d{6,9}$")


def curie(concept: str, corpus_type: str) -> str:
    """A corpus concept id as a CURIE: bare MeSH ids get ``MESH:``, gene numbers ``NCBIGene:``.

    >>> curie("D008094", "Chemical"), curie("MESH:D003866", "Disease"), curie("2902", "GeneOrGeneProduct")
    ('MESH:D008094', 'MESH:D003866', 'NCBIGene:2902')
    >>> curie("rs771966860", "SequenceVariant"), curie("9606", "OrganismTaxon")
    ('dbSNP:rs771966860', 'NCBITaxon:9606')
    """
    if ":" in concept and not concept.startswith(("c|", "p|", "g|")):
        return concept
    if _MESH_ID.match(concept):
        return "MESH:" + concept
    if concept.isdigit():
        lowered = corpus_type.lower()
        if "taxon" in lowered or "species" in lowered:
            return "NCBITaxon:" + concept
        if "cell" in lowered:
            return "Cellosaurus:" + concept
        return "NCBIGene:" + concept
    if concept.startswith("rs") and concept[2:].isdigit():
        return "dbSNP:" + concept
    return f"{corpus_type or 'PubTator'}:{concept}"


class AnnotationMatcher:
    """A matcher with the lexicon matcher's ``find_all(text)``, whose mentions are a document's annotations."""

    def __init__(self, matches: list):
        self.matches = matches

    def find_all(self, text: str):
        return list(self.matches), {}


class AnnotationLexicon:
    """The entities of annotated documents (ids from the annotations, categories from the schema's
    ``corpus_types``), over an optional lexicon that grounds ids it knows (a MeSH id that is a curated
    entry's xref keeps the curated entity).

    It stands in for a :class:`~neurograph.lexicon.Lexicon` in extraction: ``entities``, ``resolve``, ``head``.
    """

    def __init__(self, schema, lexicon=None):
        self.schema = schema
        self.base = lexicon
        self.entities: dict[str, Entity] = dict(lexicon.entities) if lexicon is not None else {}

    def resolve(self, name: str) -> list[Entity]:
        return self.base.resolve(name) if self.base is not None else []

    def head(self, entity_id: str):
        return self.base.head(entity_id) if self.base is not None and hasattr(self.base, "head") else None

    def matcher(self):
        return AnnotationMatcher([])

    def _entity_id(self, concept: str, corpus_type: str, text: str) -> str | None:
        category = self.schema.corpus_type(corpus_type).category
        if category is None:
            return None
        entity_id = curie(concept, corpus_type)
        if self.base is not None:
            known = self.base.get(entity_id)
            if known is not None:
                return known.id
        if entity_id not in self.entities:
            self.entities[entity_id] = Entity(id=entity_id, name=text, category=category, source="annotation")
        return entity_id

    def matcher_for(self, doc: Document) -> AnnotationMatcher:
        """A matcher that finds ``doc``'s annotations (the longest of overlapping ones), adding their entities."""
        from ..lexicon import Match

        matches = []
        last_end = -1
        for ann in sorted(doc.annotations, key=lambda a: (a.start, -(a.end - a.start))):
            if ann.start < last_end or not ann.ids:
                continue
            entity_id = self._entity_id(ann.ids[0], ann.type, ann.text)
            if entity_id is None:
                continue
            matches.append(Match(ann.start, ann.end, entity_id, doc.text[ann.start:ann.end]))
            last_end = ann.end
        return AnnotationMatcher(matches)


def annotation_lexicon(documents: Iterable[Document], schema, lexicon=None):
    """(lexicon, matcher) for one annotated document list; the matcher holds the last document's annotations.

    Handy for one document at a time (``neurograph evaluate --use-annotations``).
    """
    lex = AnnotationLexicon(schema, lexicon)
    matcher = AnnotationMatcher([])
    for doc in documents:
        matcher = lex.matcher_for(doc)
    return lex, matcher
