"""Rejecting wrong statements: a curator's "no" that survives every rebuild.

Extraction makes mistakes; a curator who finds one rejects it with a reason:

    neurograph curate reject "milk" IS_A "fatty fish" --reason "a list item, not a class"

The rejection is a row of the user's rejection file, ``curation/rejected.tsv``
in the data directory (columns ``subject_id predicate object_id subject
object reason rejected_at``; ids decide, names are for the reader). Every
build drops the statements a rejection names, whatever document or curated
file states them, and records how many it dropped; ``neurograph load`` then
removes them from the store like any statement that left the graph. The
reason stays in the file. ``curate list`` shows the rejections, ``curate undo``
takes the last one back (or one by number).

The file is rewritten whole on every change
(:func:`neurograph.private_files.atomic_write`: a unique temporary file in the
same folder, then an atomic rename), so an interrupted command never leaves a
half-written file.

Examples
--------
>>> import tempfile
>>> from neurograph.paths import example_graph
>>> home = tempfile.mkdtemp()
>>> G = example_graph()
>>> row = reject(G, "magnesium", "increases", "dopamine", "hedged support, not an increase", home=home)
>>> row.key, row.subject
(('CHEBI:18420', 'INCREASES', 'CHEBI:18243'), 'magnesium')
>>> [r.reason for r in list_rejections(home)]
['hedged support, not an increase']
>>> undo(home).object, list_rejections(home)
('dopamine', [])
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from .errors import InputError, UsageError

FOLDER = "curation"
FILE = "rejected.tsv"
COLUMNS = ("subject_id", "predicate", "object_id", "subject", "object", "reason", "rejected_at")


@dataclass(frozen=True)
class Rejection:
    """One rejected statement: its identity (ids and type), names for reading, the reason and when."""

    subject_id: str
    predicate: str
    object_id: str
    subject: str
    object: str
    reason: str
    rejected_at: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject_id, self.predicate, self.object_id)

    def to_dict(self) -> dict:
        return {c: getattr(self, c) for c in COLUMNS}


def rejections_file(home=None) -> Path:
    """The data directory's rejection file (which may not exist yet)."""
    from .config import resolve_home

    return resolve_home(home) / FOLDER / FILE


def list_rejections(home=None, path: str | os.PathLike | None = None) -> list[Rejection]:
    """Every rejection, oldest first. A malformed file is an :class:`InputError` naming the line."""
    path = Path(path) if path is not None else rejections_file(home)
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path) from None
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise InputError(f"the header must be: {' '.join(COLUMNS)}", path, 1)
    out = []
    for number, cells in enumerate(rows[1:], 2):
        if not cells or not "".join(cells).strip():
            continue
        if len(cells) != len(COLUMNS):
            raise InputError(f"expected {len(COLUMNS)} tab-separated columns, found {len(cells)}", path, number)
        out.append(Rejection(*cells))
    return out


def _write(path: Path, rows: Iterable[Rejection]) -> None:
    from .private_files import atomic_write, private_dir

    private_dir(path.parent)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([" ".join(str(getattr(row, c)).split()) for c in COLUMNS])
    atomic_write(path, buffer.getvalue())


def reject(G, subject: str, predicate: str, obj: str, reason: str, *, home=None,
           path: str | os.PathLike | None = None, schema=None) -> Rejection:
    """Reject the statement ``subject predicate obj`` of the graph ``G`` (typed names), with a reason.

    Raises :class:`UsageError` when the reason is empty, the type unknown, the
    statement not in the graph (its ends must resolve and be joined by that
    type, in that direction or, for a symmetric type, either way) or already
    rejected.
    """
    from .answers import resolve
    from .paths import _check_types, _symmetric_types

    if not reason or not reason.strip():
        raise UsageError("--reason is required: say why the statement is wrong")
    (rel_type,) = _check_types([predicate], schema)
    s, o = resolve(G, subject), resolve(G, obj)
    stored = rel_type in (G._succ.get(s, {}).get(o) or {})
    if not stored and rel_type in _symmetric_types(schema) and rel_type in (G._succ.get(o, {}).get(s) or {}):
        s, o, stored = o, s, True
    if not stored:
        raise UsageError(f"the graph has no statement {G.nodes[s].get('name', s)} {rel_type} "
                         f"{G.nodes[o].get('name', o)}; `neurograph explain` lists the statements between two entities")
    path = Path(path) if path is not None else rejections_file(home)
    rows = list_rejections(path=path)
    if any(r.key == (s, rel_type, o) for r in rows):
        raise UsageError(f"{G.nodes[s].get('name', s)} {rel_type} {G.nodes[o].get('name', o)} is already rejected")
    row = Rejection(s, rel_type, o, str(G.nodes[s].get("name", s)), str(G.nodes[o].get("name", o)),
                    " ".join(reason.split()), datetime.now(timezone.utc).replace(microsecond=0).isoformat())
    _write(path, rows + [row])
    return row


def undo(home=None, number: int | None = None, path: str | os.PathLike | None = None) -> Rejection:
    """Take back the last rejection, or rejection ``number`` (1-based, as ``curate list`` numbers them)."""
    path = Path(path) if path is not None else rejections_file(home)
    rows = list_rejections(path=path)
    if not rows:
        raise UsageError("there is no rejection to undo")
    index = len(rows) if number is None else number
    if not 1 <= index <= len(rows):
        raise UsageError(f"no rejection number {number}; `neurograph curate list` numbers them 1 to {len(rows)}")
    row = rows.pop(index - 1)
    _write(path, rows)
    return row


def rejected_keys(home=None, path: str | os.PathLike | None = None) -> frozenset[tuple[str, str, str]]:
    """The ``(subject id, type, object id)`` of every rejected statement (for the build)."""
    return frozenset(r.key for r in list_rejections(home, path))


def drop_rejected(statements: list, keys: frozenset[tuple[str, str, str]]) -> tuple[list, int]:
    """The statements no rejection names, and how many were dropped.

    >>> from neurograph.records import EntityRef, Statement
    >>> a, b = EntityRef("X:1", "a", "Drug"), EntityRef("X:2", "b", "Disorder")
    >>> kept, dropped = drop_rejected([Statement(a, "TREATS", b, -1)], frozenset({("X:1", "TREATS", "X:2")}))
    >>> kept, dropped
    ([], 1)
    """
    if not keys:
        return statements, 0
    kept = [s for s in statements if (s.subject.id, s.predicate, s.object.id) not in keys]
    return kept, len(statements) - len(kept)
