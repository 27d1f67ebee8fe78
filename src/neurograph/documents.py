"""Documents: finding, reading and validating input files, and splitting them into sentences.

Any ``.txt`` or ``.md`` file can be a document. A document's id is its file
stem; its title comes from a ``documents.tsv`` beside it (``file<TAB>title``)
or else from its first non-blank line.

Sentence splitting works on the raw text and keeps exact offsets: a
sentence's ``text`` is ``document.text[start:end]``. It survives bullet lists
(each bullet is a unit), headings and table rows (a line without closing
punctuation followed by a capitalised line ends a unit) and hard-wrapped
paragraphs (a line that stops mid-sentence continues on the next).

Examples
--------
>>> text = "Magnesium Facts\\n\\nMagnesium blocks NMDA receptors. It is a\\nmineral.\\n  • Nuts, seeds\\n"
>>> [s.text for s in split_sentences(text)]
['Magnesium Facts', 'Magnesium blocks NMDA receptors.', 'It is a\\nmineral.', 'Nuts, seeds']
>>> s = split_sentences(text)[1]
>>> text[s.start:s.end] == s.text
True
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError
from .records import quick_init

SUFFIXES = (".txt", ".md")
#: The largest document read, in MB, unless ``NEUROGRAPH_MAX_DOCUMENT_MB`` says otherwise.
DEFAULT_MAX_MB = 16
TITLES_FILE = "documents.tsv"


@dataclass(frozen=True)
class Document:
    """A document. An article read from PubMed, PubTator or BioC (see ``extract.readers``) has its PMID
    as ``id``, ``text`` = title, a space, abstract (``abstract_start`` where the abstract starts, -1 when
    there is none), the metadata its format gives, and annotated mentions in ``annotations``."""

    id: str
    path: Path
    title: str
    text: str
    sha256: str
    abstract_start: int = -1
    journal: str = ""
    year: int | None = None
    publication_types: tuple[str, ...] = ()
    mesh_headings: tuple[str, ...] = ()
    annotations: tuple = ()  # extract.pubtator.PubTatorMention records (start, end, text, type, ids)

    def meta(self) -> dict:
        """The record kept about a document in the graph (no text); metadata only where there is some."""
        meta = {"id": self.id, "title": self.title, "path": str(self.path), "sha256": self.sha256,
                "chars": len(self.text)}
        for key in METADATA_FIELDS:
            value = getattr(self, key)
            if value not in (None, "", ()):
                meta[key] = list(value) if isinstance(value, tuple) else value
        return meta


#: Article metadata a Document may carry, kept on its graph node and in the store.
METADATA_FIELDS = ("journal", "year", "publication_types", "mesh_headings")


@quick_init  # one per sentence: the generated frozen __init__ sets each field through object.__setattr__
@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


def max_document_bytes() -> int:
    """The size limit of one document: ``NEUROGRAPH_MAX_DOCUMENT_MB`` (read now, not at import) or 16 MB.

    >>> os.environ["NEUROGRAPH_MAX_DOCUMENT_MB"] = "abc"
    >>> max_document_bytes()
    Traceback (most recent call last):
    ...
    neurograph.errors.UsageError: NEUROGRAPH_MAX_DOCUMENT_MB='abc': give a whole number of megabytes (1 or more)
    >>> del os.environ["NEUROGRAPH_MAX_DOCUMENT_MB"]
    >>> max_document_bytes() // 1048576
    16
    """
    from .errors import UsageError

    raw = os.environ.get("NEUROGRAPH_MAX_DOCUMENT_MB", "").strip()
    if not raw:
        return DEFAULT_MAX_MB * 1024 * 1024
    try:
        megabytes = int(raw)
        if megabytes < 1:
            raise ValueError
    except ValueError:
        raise UsageError(f"NEUROGRAPH_MAX_DOCUMENT_MB={raw!r}: give a whole number of megabytes (1 or more)") from None
    return megabytes * 1024 * 1024


def _kind_problem(path: Path) -> str:
    """Why ``path`` is neither a folder nor a regular file, in words."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno == errno.EACCES:
            return "permission denied"
        if path.is_symlink():
            return "broken symbolic link (its target does not exist)"
        return "no such file or folder"
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return f"not a regular file: {name}"
    return "not a regular file"


def discover(paths: Iterable[str | os.PathLike],
             holds_articles: Callable[[Path], bool] | None = None) -> list[Path]:
    """The document files named by ``paths``: files as given, folders searched recursively.

    Text documents are ``.txt`` and ``.md``; article files (PubMed and BioC
    XML, BioC JSON, PubTator, also gzipped) hold many documents each and are
    read by ``extract.readers``. Raises :class:`InputError` for a missing
    path, a file of another kind, a folder with no documents, or two text
    documents with the same id (file stem).

    Folders are walked with :func:`os.scandir`, in the order of sorted paths;
    linked folders are not entered, linked files are counted once.
    ``holds_articles(path)`` says whether a ``.txt`` file holds articles
    (PubTator, MEDLINE) rather than one text document [default: its first
    bytes are read]; a build passes one that answers from its cache for
    files that did not change, so that they are not opened.
    """
    holds_articles = holds_articles or _holds_articles
    found: list[tuple[Path, str | None]] = []  # (path, its resolved path when known without asking the OS)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files: list[tuple[Path, str | None]] = []
            _walk(str(path), str(path.resolve()).rstrip("/") + "/", files)
            if not files:
                raise InputError("no .txt or .md documents (nor PubMed, BioC or PubTator files) in this folder", path)
            found.extend(files)
        elif path.is_file():
            if not _is_document_name(path):
                raise InputError("not a document: expected .txt, .md, PubMed or BioC XML, BioC JSON or PubTator",
                                 path)
            found.append((path, None))
        else:
            raise InputError(_kind_problem(path), path)
    seen: dict[str, str] = {}
    unique: list[Path] = []
    resolved_seen: set[str] = set()
    for path, resolved in found:
        if resolved is None:
            resolved = str(path.resolve())
        if resolved in resolved_seen:
            continue
        resolved_seen.add(resolved)
        unique.append(path)
        if path.suffix.lower() not in SUFFIXES or holds_articles(path):
            continue  # a file of articles: its documents' ids are their PMIDs, checked as they are read
        stem = path.stem
        if stem in seen:
            raise InputError(f"two documents share the id {stem!r} (also {seen[stem]})", path)
        seen[stem] = resolved
    return unique


def _walk(folder: str, resolved: str, out: list[tuple[Path, str | None]]) -> None:
    """Append the document files under ``folder`` (resolved: ``resolved``, ending in "/") to ``out``.

    Depth first with each folder's entries sorted by name: the order of
    ``sorted(Path(folder).rglob("*"))``. As ``rglob`` does, linked folders are
    not entered and unreadable folders, broken links and link loops are
    passed over. A file that is not a link resolves to ``resolved + name``
    without a system call per path component.
    """
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=_entry_name)
    except (PermissionError, NotADirectoryError, FileNotFoundError):
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, f"{resolved}{entry.name}/", out)
                continue
            if not entry.is_file():
                continue
            link = entry.is_symlink()
        except OSError:  # a link loop, or a file gone meanwhile
            continue
        # The name is checked as text: a Path is made only for a document.
        if _is_document_file_name(entry.name):
            out.append((Path(entry.path), None if link else resolved + entry.name))


def _entry_name(entry: os.DirEntry) -> str:
    return entry.name


#: Suffixes of files that hold articles (one or many documents each), beside the text SUFFIXES.
ARTICLE_SUFFIXES = (".xml", ".json", ".pubtator", ".bioc", ".nbib", ".medline")


def _is_document_name(path: Path) -> bool:
    return _is_document_file_name(path.name)


def _is_document_file_name(name: str) -> bool:
    """Whether a file name has a document's suffix, as :attr:`pathlib.PurePath.suffixes` splits it.

    >>> _is_document_file_name("a.PubTator.txt.gz"), _is_document_file_name(".md"), _is_document_file_name("a.md.")
    (True, False, False)
    """
    if name.endswith("."):
        return False
    suffixes = ["." + s.lower() for s in name.lstrip(".").split(".")[1:][-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and (suffixes[-1] in SUFFIXES or suffixes[-1] in ARTICLE_SUFFIXES)


def _holds_articles(path: Path) -> bool:
    """Whether a .txt file holds articles: PubTator (BC5CDR ships as ``.PubTator.txt``) or MEDLINE text."""
    if path.suffix.lower() != ".txt":
        return False
    from .extract.readers import TEXT, document_format

    return document_format(path) != TEXT


def read_document(path: str | os.PathLike, max_bytes: int | None = None) -> Document:
    """Read and validate one document.

    Refuses, with the file (and line) named: anything but a regular file,
    files over ``max_bytes`` (default :func:`max_document_bytes`), empty or
    blank files, UTF-16/32 text (to be converted to UTF-8), binary files (a
    NUL byte anywhere) and text that is not UTF-8.
    """
    path = Path(path)
    if max_bytes is None:
        max_bytes = max_document_bytes()
    try:
        info = path.stat()
    except OSError:
        raise InputError(_kind_problem(path), path) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(_kind_problem(path), path)
    size = info.st_size
    if size > max_bytes:
        raise InputError(f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit "
                         "(set NEUROGRAPH_MAX_DOCUMENT_MB to raise it, or split the file)", path)
    data = path.read_bytes()
    if not data.strip():
        raise InputError("empty document", path)
    for bom, encoding in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                          (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            raise InputError(f"{encoding} text (it starts with a {encoding} byte order mark): convert it to UTF-8, "
                             f"e.g. iconv -f {encoding} -t UTF-8", path)
    nul = data.find(b"\x00")  # the whole file: one memchr, cheap even at the size limit
    if nul >= 0:
        raise InputError(f"binary file, not text (a NUL byte at offset {nul})", path, data.count(b"\n", 0, nul) + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", path,
                         line) from None
    if text.startswith("\ufeff"):
        # Keep offsets stable by replacing the BOM with a space rather than dropping it.
        text = " " + text[1:]
    sample = text[:65536]
    if sample.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():
        printable = len(sample)  # the usual case, decided in C (line breaks and tabs are printable in a text file)
    elif len(chars := set(sample)) <= 512:  # text has few distinct characters: count each in C, not per character
        printable = sum(sample.count(ch) for ch in chars if ch.isprintable() or ch in "\n\r\t")
    else:
        printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
    if printable < 0.9 * min(len(text), 65536):
        raise InputError("binary file, not text", path)
    return Document(id=path.stem, path=path, title=_title(path, text), text=text,
                    sha256=hashlib.sha256(data).hexdigest())


def _titles_beside(path: Path) -> dict[str, tuple[int, str]]:
    """File name -> (line number, title), from the titles file in a document's folder (read once per version of that file)."""
    titles = path.parent / TITLES_FILE
    try:
        stat = titles.stat()
    except OSError:
        return {}
    return _read_titles(str(titles), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _read_titles(titles: str, _mtime_ns: int, _size: int) -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    if not os.path.isfile(titles):
        return out
    data = Path(titles).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
                         titles, line) from None
    for number, line in enumerate(text.splitlines()):
        name, _, title = line.partition("\t")
        if title.strip():
            out.setdefault(name.strip(), (number, title.strip()))
    return out


def _title(path: Path, text: str) -> str:
    titles = _titles_beside(path)
    named = [titles[key] for key in (path.name, path.stem) if key in titles]
    if named:
        return min(named)[1]  # the first line that names the file, by its name or its stem
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return path.stem


# --- sentences -----------------------------------------------------------------

_BULLET = re.compile(r"^[ \t]*(?:[•●▪‣◦*\-–]|\d{1,3}[.)])[ \t]+")
_CLOSING = ".!?:;\"”’')]"
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {"e.g", "i.e", "etc", "al", "vs", "dr", "mr", "mrs", "ms", "prof", "fig", "approx", "no",
                  "st", "u.s", "ca", "cf", "resp", "incl", "viz"}
# Characters of the word before a full stop ("e.g", "Dr", "U.S"): letters and dots.
_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."
# A stop before a space and a capital (group 1 holds the rest of the stop and closing quotes); or,
# typed without the space, between a lower-case word and a capitalised one ("appetite.Additional").
# Both alternatives begin with the stop character, so the regex engine skips ahead to the next
# [.!?] instead of trying the pattern at every position.
_BOUNDARY = re.compile(r"[.!?](?:([.!?]*[\"”’')\]]*)(?=\s+[\"“‘(\[]?[A-Z0-9])"
                       r"|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]+(?:\s|$)))")


# The longest sentence a document may have; a longer run of text without sentence punctuation is cut into
# pieces this long at most. Extraction does work per pair of mentions in proportion to the sentence's length,
# so an unbounded sentence (a file with no full stops) makes it quadratic. Real sentences stay well below:
# the longest in the corpus is 322 characters, in BioRED and BC5CDR Train 969.
MAX_SENTENCE_CHARS = 1200


def split_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[Sentence]:
    """Split a document into sentences with exact character offsets, none longer than ``max_chars``.

    An over-long piece is cut at its last clause break ("; " or ", ") in the
    second half of the window, else at its last space, else at ``max_chars``.

    >>> [len(s.text) for s in split_sentences("word " * 100, max_chars=120)]
    [119, 119, 119, 119, 19]
    """
    sentences: list[Sentence] = []
    for s, e in _pieces(text):
        for s, e in _bounded(text, s, e, max_chars) if e - s > max_chars else ((s, e),):
            # Trim surrounding white space without losing offsets.
            piece = text[s:e]
            stripped = piece.strip()
            if stripped:
                s += len(piece) - len(piece.lstrip())
                sentences.append(Sentence(len(sentences), s, s + len(stripped), stripped))
    return sentences


def _bounded(text: str, start: int, end: int, max_chars: int) -> Iterable[tuple[int, int]]:
    """``text[start:end]`` as pieces of at most ``max_chars`` (see :func:`split_sentences`)."""
    while end - start > max_chars:
        limit = start + max_chars
        half = start + max_chars // 2
        cut = max(text.rfind("; ", half, limit), text.rfind(", ", half, limit))
        if cut < 0:
            cut = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
        cut = cut + 1 if cut > start else limit  # a mark or a space stays with the first piece
        yield start, cut
        start = cut
    yield start, end


def _units(text: str) -> list[tuple[int, int]]:
    """Line-level units: bullets, headings and table rows alone; wrapped lines joined."""
    units: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    last_line = 0  # where the current unit's last line starts: only its end decides a wrap
    pos = 0
    for raw in text.splitlines(keepends=True):
        s = pos
        pos += len(raw)
        line = raw.rstrip("\r\n")
        e = s + len(line)
        if not line.strip():
            if current:
                units.append(current)
            current = None
            continue
        bullet = _BULLET.match(line)
        if bullet:
            if current:
                units.append(current)
            current = (s + bullet.end(), e)
            last_line = current[0]
            continue
        if current is None:
            current = (s, e)
        elif _continues(text[last_line:current[1]], line):
            current = (current[0], e)
        else:
            units.append(current)
            current = (s, e)
        last_line = s
    if current:
        units.append(current)
    return units


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` carries on a unit whose last line is ``previous`` (a hard-wrapped line)."""
    prev = previous.rstrip()
    first = line.lstrip()[:1]
    if not prev or not first:
        return False
    if prev.endswith((",", "-", "(", "/", "&")):
        return True
    if prev[-1] in _CLOSING:
        return False
    # A line stopping mid-sentence and a next line starting in lower case: a wrap.
    return first.islower() or first in "(,"


def _word_before(before: str) -> str:
    """The word that ``before`` ends with (letters and dots, from a letter on), else "".

    A single trailing newline is passed over, as a regex ``$`` would.

    >>> _word_before("see Fig"), _word_before("as in e.g"), _word_before("3"), _word_before("Dr\\n")
    ('Fig', 'e.g', '', 'Dr')
    """
    if before.endswith("\n"):
        before = before[:-1]
    return before[len(before.rstrip(_WORD_CHARS)):].lstrip(".")


def _pieces(text: str) -> list[tuple[int, int]]:
    """The units split at sentence-final punctuation, skipping abbreviations, initials and
    stops inside parentheses.

    One regex pass over the whole text; each unit takes the stops that start
    inside it (a numbered bullet's "1." lies between units). Searching the
    whole text rather than each unit alone only adds stops whose look-ahead
    reaches past the unit's end into the next line: stops followed by
    nothing but white space up to that end, which split off nothing.
    """
    pieces: list[tuple[int, int]] = []
    stops = _BOUNDARY.finditer(text)
    m = next(stops, None)
    for start, end in _units(text):
        cursor = start
        opened = closed = 0  # parentheses in text[start:counted]
        counted = start
        while m is not None and m.start() < end:
            hit, m = m, next(stops, None)
            at = hit.start()
            if at < start:
                continue
            if hit.group(1) is not None and text[at] == ".":
                word = _word_before(text[max(start, at - 40):at])  # a short window keeps this linear
                if word and word.lower().rstrip(".") in _ABBREVIATIONS:
                    continue
                if len(word) == 1 and word.isupper():
                    continue  # an initial: "J. Smith"
            stop = hit.end()
            # Counted on from the previous stop: a unit with many sentences stays linear.
            opened += text.count("(", counted, stop)
            closed += text.count(")", counted, stop)
            counted = stop
            if opened > closed:
                continue
            pieces.append((cursor, stop))
            cursor = stop
        pieces.append((cursor, end))
    return pieces


def load_documents(paths: Iterable[str | os.PathLike]) -> list[Document]:
    """Discover and read every document (one per article of an article file); all are validated before any
    is used. ``extract.readers.iter_documents`` streams them instead."""
    from .extract.readers import iter_documents

    return list(iter_documents(paths))
