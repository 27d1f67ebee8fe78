"""Plain records passed between stages: entities, evidence and statements.

Extraction yields these; assembly merges them; the graph stage turns them into
a networkx mirror. They serialise to the JSONL contract of ``neurograph extract``::

    {"subject": {"id": "CHEBI:18420", "name": "magnesium", "category": "Mineral", "text": "Magnesium"},
     "predicate": "ANTAGONIST_OF", "object": {...}, "polarity": -1, "negated": false, "hedged": false,
     "confidence": 0.8, "evidence": [{"doc": "magnesium_ketamine", "sentence": "...", "start": 123, "end": 190}]}

``text`` is the mention as written in the evidence sentence; ``start`` and
``end`` are the character offsets of the sentence in the document.

Examples
--------
>>> mg = EntityRef("CHEBI:18420", "magnesium", "Mineral", "Magnesium")
>>> nmda = EntityRef("FPLX:NMDA_receptor", "NMDA receptor", "Receptor", "NMDA receptor")
>>> ev = Evidence(doc="d", sentence="Magnesium blocks the NMDA receptor.", start=0, end=35)
>>> st = Statement(mg, "ANTAGONIST_OF", nmda, polarity=-1, evidence=[ev])
>>> st.key
('CHEBI:18420', 'ANTAGONIST_OF', 'FPLX:NMDA_receptor')
>>> Statement.from_record(st.to_record()) == st
True
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block that builds many records, and restore it after.

    Records are acyclic, so reference counting frees whatever is dropped; the
    collector would only re-scan the growing collections again and again.
    A caller that had paused it already keeps it paused, whatever happens.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def quick_init(cls):
    """Give a frozen dataclass an ``__init__`` that fills the instance dict directly.

    The generated one calls ``object.__setattr__`` once per field, which makes
    a record 2-3x slower to build; extraction builds one per mention and per
    statement (hundreds of thousands for a few MB). Same signature, defaults
    and immutability afterwards.

    >>> @quick_init
    ... @dataclass(frozen=True)
    ... class Point:
    ...     x: int
    ...     y: int = 0
    >>> Point(1), Point(1, y=2) == Point(1, 2), hash(Point(3)) == hash(Point(3))
    (Point(x=1, y=0), True, True)
    """
    params, body, namespace = [], [], {}
    for f in fields(cls):
        if f.default is not MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not MISSING:
            raise TypeError(f"quick_init does not handle default factories ({cls.__name__}.{f.name})")
        else:
            params.append(f.name)
        body.append(f"    d[{f.name!r}] = {f.name}")
    source = f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n" + "\n".join(body)
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init
    return cls


@dataclass(frozen=True)
class Entity:
    """A lexicon entry: one node of the graph.

    ``parents`` are the ids of classes the entity belongs to (SSRIs are
    antidepressants); they become ``IS_A`` statements.
    """

    id: str
    name: str
    category: str
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    source: str = "lexicon"


@quick_init
@dataclass(frozen=True)
class EntityRef:
    """An entity as a statement names it, with the text that mentioned it."""

    id: str
    name: str
    category: str
    text: str = ""


@quick_init
@dataclass(frozen=True)
class Mention:
    """An entity found in a document; offsets are document character offsets."""

    entity_id: str
    text: str
    doc: str
    start: int
    end: int
    sentence: int

    def to_record(self) -> dict[str, Any]:
        """The mention as a JSON-ready dict.

        >>> m = Mention("CHEBI:18420", "Magnesium", "d", 0, 9, 0)
        >>> Mention.from_record(m.to_record()) == m
        True
        """
        return {"entity_id": self.entity_id, "text": self.text, "doc": self.doc, "start": self.start,
                "end": self.end, "sentence": self.sentence}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "Mention":
        return cls(record["entity_id"], record["text"], record["doc"], int(record["start"]), int(record["end"]),
                   int(record["sentence"]))


@quick_init
@dataclass(frozen=True)
class Evidence:
    """One sentence that supports a statement.

    ``start``/``end`` are the sentence's character offsets in the document;
    ``sentence`` is its text on one line (white space normalised, so hard line
    breaks do not reach Cypher, CSV or KGX output).
    ``modifier`` is ``"deficiency"`` or ``"excess"`` when the sentence spoke of
    a lack or surplus of the subject (see ``deficiency`` in the schema).
    ``source`` is ``"extracted"`` or ``"curated"``; curated evidence carries a
    ``citation``. ``subject_start``/``subject_end`` (and ``object_...``) are the
    document offsets of the two mentions, -1 where there is no mention in the text.
    ``population`` and ``study_type`` grade the evidence (see ``extract.grade``; "" when not graded).
    """

    doc: str
    sentence: str
    start: int
    end: int
    hedged: bool = False
    negated: bool = False
    modifier: str | None = None
    source: str = "extracted"
    citation: str | None = None
    subject_text: str = ""
    object_text: str = ""
    subject_start: int = -1
    subject_end: int = -1
    object_start: int = -1
    object_end: int = -1
    population: str = ""
    study_type: str = ""

    def to_record(self) -> dict[str, Any]:
        record = dict(self.__dict__)  # the fields, in order (all scalars): asdict's deep copy costs 10x more
        # Keep the JSONL compact: drop empty optional fields.
        for key in ("modifier", "citation"):
            if record[key] is None:
                del record[key]
        for key in _SPAN_FIELDS:
            if record[key] < 0:
                del record[key]
        for key in ("population", "study_type"):
            if not record[key]:
                del record[key]
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "Evidence":
        try:
            return cls(**record)  # the usual case: a record this version wrote
        except TypeError:  # a field this version does not know: dropped
            known = cls.__dataclass_fields__
            return cls(**{k: v for k, v in record.items() if k in known})


_SPAN_FIELDS = ("subject_start", "subject_end", "object_start", "object_end")


@dataclass
class Statement:
    """A typed, signed relationship between two entities, with its evidence."""

    subject: EntityRef
    predicate: str
    object: EntityRef
    polarity: int
    negated: bool = False
    hedged: bool = False
    confidence: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies a statement for merging: (subject id, type, object id)."""
        return (self.subject.id, self.predicate, self.object.id)

    def to_record(self) -> dict[str, Any]:
        return {
            "subject": dict(self.subject.__dict__),  # EntityRef: scalar fields, in order (see Evidence.to_record)
            "predicate": self.predicate,
            "object": dict(self.object.__dict__),
            "polarity": self.polarity,
            "negated": self.negated,
            "hedged": self.hedged,
            "confidence": round(self.confidence, 4),
            "evidence": [ev.to_record() for ev in self.evidence],
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "Statement":
        return cls(
            subject=EntityRef(**record["subject"]),
            predicate=record["predicate"],
            object=EntityRef(**record["object"]),
            polarity=int(record["polarity"]),
            negated=bool(record.get("negated", False)),
            hedged=bool(record.get("hedged", False)),
            confidence=float(record.get("confidence", 0.0)),
            evidence=[Evidence.from_record(ev) for ev in record.get("evidence", [])],
        )
