"""PubTator files: abstracts with entity annotations and document-level relations.

PubTator is the format of BioRED, BC5CDR and PubTator3 downloads. A document
is a title line ``PMID|t|TEXT``, an abstract line ``PMID|a|TEXT``, then one
line per entity mention ``PMID<TAB>START<TAB>END<TAB>TEXT<TAB>TYPE<TAB>IDS``
and one per relation ``PMID<TAB>TYPE<TAB>ID1<TAB>ID2[<TAB>NOVELTY]``;
documents are separated by a blank line. Offsets count characters of
``title + " " + abstract``.

>>> import tempfile, os
>>> text = ("1|t|Naloxone and clonidine.\\n1|a|It lowers blood pressure.\\n"
...         "1\\t0\\t8\\tNaloxone\\tChemical\\tD009270\\n"
...         "1\\tCID\\tD009270\\tD006973\\n\\n")
>>> path = os.path.join(tempfile.mkdtemp(), "x.pubtator")
>>> _ = open(path, "w").write(text)
>>> [doc] = read_pubtator(path)
>>> doc.pmid, doc.text[:8], doc.mentions[0].type, doc.mentions[0].ids
('1', 'Naloxone', 'Chemical', ('D009270',))
>>> doc.relations[0]
PubTatorRelation(type='CID', id1='D009270', id2='D006973', novelty='')
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import InputError


@dataclass(frozen=True)
class PubTatorMention:
    """One annotated mention; ``ids`` are the concept ids (``-1`` and empty ids dropped)."""

    start: int
    end: int
    text: str
    type: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class PubTatorRelation:
    """A document-level relation between two concept ids."""

    type: str
    id1: str
    id2: str
    novelty: str = ""


@dataclass
class PubTatorDocument:
    """One abstract: ``text`` is title, a space, abstract (the offsets' frame)."""

    pmid: str
    title: str
    abstract: str
    mentions: list[PubTatorMention] = field(default_factory=list)
    relations: list[PubTatorRelation] = field(default_factory=list)
    path: str = ""
    line: int = 0

    @property
    def text(self) -> str:
        return f"{self.title} {self.abstract}" if self.abstract else self.title

    @property
    def abstract_start(self) -> int:
        """Where the abstract starts in :attr:`text`."""
        return len(self.title) + 1


_CONCEPT_ID = re.compile(r"^(?:[A-Za-z]+:)?[A-Z]{0,2}\d+$")


def _split_ids(value: str) -> tuple[str, ...]:
    """The concept ids of a mention.

    BC5CDR joins composite mentions' ids with "|", BioRED lists several with
    ","; "-1" means no id. BioRED's variant ids contain "|" themselves
    ("c|DEL|1314_1328|"), so "|" splits only when every piece is a concept id.

    >>> _split_ids("D002318|D012131"), _split_ids("22083,54624"), _split_ids("c|DEL|1314_1328|"), _split_ids("-1")
    (('D002318', 'D012131'), ('22083', '54624'), ('c|DEL|1314_1328|',), ())
    """
    if "|" not in value and "," not in value and ";" not in value:
        value = value.strip()  # one id, the usual case
        return (value,) if value and value != "-1" else ()
    out: list[str] = []
    for part in value.replace(";", ",").split(","):
        part = part.strip()
        pieces = [p.strip() for p in part.split("|")]
        out.extend(pieces if len(pieces) > 1 and all(_CONCEPT_ID.match(p) for p in pieces) else [part])
    return tuple(p for p in out if p and p != "-1")


def read_pubtator(path: str | os.PathLike) -> Iterator[PubTatorDocument]:
    """Yield the documents of a PubTator file, one at a time.

    Raises :class:`~neurograph.errors.InputError` naming the file and line for
    a line that fits none of the three forms, a mention whose offsets do not
    match its text, or lines of a document that does not start with a title.
    """
    path = Path(path)
    doc: PubTatorDocument | None = None
    doc_text: str | None = None  # doc.text, built once per document rather than once per mention
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read PubTator file: {exc.strerror or exc}", path) from None
    with fh:
        for number, raw in enumerate(fh, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                if doc is not None:
                    yield doc
                    doc = doc_text = None
                continue
            head = line.split("|", 2)
            if len(head) == 3 and head[1] in ("t", "a") and "\t" not in head[0]:
                pmid, kind, text = head
                if kind == "t":
                    if doc is not None:
                        yield doc
                    doc = PubTatorDocument(pmid=pmid, title=text, abstract="", path=str(path), line=number)
                elif doc is None or doc.pmid != pmid:
                    raise InputError(f"abstract line for PMID {pmid} without its title line", path, number)
                else:
                    doc.abstract = text
                doc_text = None
                continue
            cells = line.split("\t")
            if doc is None:
                raise InputError("annotation line before any title line (expected 'PMID|t|title')", path, number)
            if cells[0] != doc.pmid:
                raise InputError(f"annotation for PMID {cells[0]} inside document {doc.pmid}", path, number)
            if len(cells) >= 5 and cells[1].isdigit() and cells[2].isdigit():
                start, end = int(cells[1]), int(cells[2])
                if doc_text is None:
                    doc_text = doc.text
                if not (0 <= start < end <= len(doc_text)) or doc_text[start:end] != cells[3]:
                    raise InputError(f"mention {cells[3]!r} at {start}-{end} does not match the document text",
                                     path, number)
                ids = _split_ids(cells[5]) if len(cells) > 5 else ()
                doc.mentions.append(PubTatorMention(start, end, cells[3], cells[4], ids))
            elif len(cells) in (4, 5) and not cells[1].isdigit():
                doc.relations.append(PubTatorRelation(cells[1], cells[2], cells[3], cells[4] if len(cells) > 4 else ""))
            else:
                raise InputError("not a PubTator line (expected a mention 'PMID, start, end, text, type, ids' "
                                 "or a relation 'PMID, type, id1, id2')", path, number)
        if doc is not None:
            yield doc
