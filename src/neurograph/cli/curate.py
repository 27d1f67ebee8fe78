"""Curation commands: reject a wrong statement, list rejections, undo."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .app import AnswerFormat, AnswerFormatOption, app, DataDirOption, _dump_json, err, out
from .tables import _table


curate_app = typer.Typer(help="Reject wrong statements (kept across rebuilds, with the reason), list and undo.\n\n"
                         "Example: neurograph curate reject milk IS_A \"fatty fish\" --reason \"list item, not a class\"",
                         no_args_is_help=True)
app.add_typer(curate_app, name="curate")


@curate_app.command("reject")
def curate_reject(
    subject: Annotated[str, typer.Argument(help="The statement's subject (name, synonym or id).")],
    predicate: Annotated[str, typer.Argument(help="Its relationship type (e.g. INCREASES).")],
    obj: Annotated[str, typer.Argument(metavar="OBJECT", help="Its object (name, synonym or id).")],
    reason: Annotated[str, typer.Option("--reason", help="Why the statement is wrong (kept with the rejection).")],
    data_dir: DataDirOption = None,
) -> None:
    """Reject SUBJECT PREDICATE OBJECT of the last build: every build drops it from then on.

    The rejection and its reason go to curation/rejected.tsv in the data directory;
    the next build leaves the statement out, and the next load removes it from the store.

    Example: neurograph curate reject magnesium INCREASES dopamine --reason "supports, not increases"
    """
    from ..curation import reject
    from ..mirror import load_mirror

    row = reject(load_mirror(data_dir), subject, predicate, obj, reason, home=data_dir)
    out(f"rejected: {row.subject} {row.predicate} {row.object} ({row.reason})")
    err("run `neurograph build` then `neurograph load` to drop it from the graph and the store")


@curate_app.command("list")
def curate_list(format: AnswerFormatOption = AnswerFormat.table, data_dir: DataDirOption = None) -> None:
    """The rejected statements, oldest first, numbered for `curate undo N`.

    Example: neurograph curate list --format json
    """
    from ..curation import list_rejections

    rows = list_rejections(data_dir)
    if format == AnswerFormat.json:
        _dump_json([r.to_dict() for r in rows])
        return
    if not rows:
        out("no rejected statements")
        return
    out(_table(f"{len(rows)} rejected statement{'s' if len(rows) != 1 else ''}",
                      ["#", "statement", "reason", "rejected at"],
                      [[str(i), f"{r.subject} {r.predicate} {r.object}", r.reason, r.rejected_at]
                       for i, r in enumerate(rows, 1)], wrap=(1, 2)))


@curate_app.command("undo")
def curate_undo(
    number: Annotated[Optional[int], typer.Argument(help="Which rejection (as `curate list` numbers them); "
                                                         "default: the last.")] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Take back a rejection (the last one by default): the next build keeps the statement again.

    Example: neurograph curate undo 2
    """
    from ..curation import undo

    row = undo(data_dir, number)
    out(f"restored: {row.subject} {row.predicate} {row.object}")
