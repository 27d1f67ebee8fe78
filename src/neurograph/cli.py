"""The ``neurograph`` command line: a thin twin of the library.

Each command parses its arguments, calls one library function and prints the
result to stdout. Diagnostics and progress go to stderr. Library errors
(:class:`~neurograph.errors.NeurographError`) become one line on stderr and an
exit code: 0 ok, 1 error, 2 bad usage or unknown name. ``--debug`` shows the
traceback instead. Heavy imports stay inside the commands so that
``neurograph --help`` and ``neurograph path`` start fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

app = typer.Typer(
    name="neurograph",
    help="A graph database of biochemical relationships built from documents.\n\n"
    "Example: neurograph build && neurograph path magnesium dopamine",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals can hold a password
    add_completion=True,
    rich_markup_mode=None,
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"neurograph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False,
) -> None:
    _state["debug"] = debug


def err(message: str) -> None:
    """A diagnostic line on stderr."""
    typer.echo(message, err=True)


# Shared options ---------------------------------------------------------------

DataDirOption = Annotated[
    Optional[Path],
    typer.Option("--data-dir", envvar="NEUROGRAPH_HOME",
                 help="Data directory for builds and the embedded server [default: ~/.local/share/neurograph]."),
]


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    tsv = "tsv"
    table = "table"


# --- commands: extraction and build -----------------------------------------


def _progress_bar(total: int, description: str):
    """A rich progress bar on stderr, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    task = progress.add_task(description, total=total)
    return progress, task


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Document files (.txt, .md) or folders of them.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.jsonl,
    include_negated: Annotated[bool, typer.Option("--negated/--no-negated",
                                                  help="Also print negated statements (they never enter the graph).")] = True,
) -> None:
    """Extract typed, signed statements with evidence from documents, to stdout.

    Example: neurograph extract data/documents/magnesium_ketamine.txt --format table
    """
    import json

    from .documents import discover
    from .pipeline import extract_documents

    files = discover(paths)
    bar = _progress_bar(len(files), "extracting")
    if bar:
        bar[0].start()
    try:
        result = extract_documents(files, progress=(lambda _: bar[0].advance(bar[1])) if bar else None)
    finally:
        if bar:
            bar[0].stop()
    statements = [s for s in result.statements if include_negated or not s.negated]
    if format == ExtractFormat.jsonl:
        for st in statements:
            typer.echo(json.dumps(st.to_record(), ensure_ascii=False))
    elif format == ExtractFormat.tsv:
        typer.echo("subject\tpredicate\tobject\tpolarity\tnegated\thedged\tconfidence\tevidence\tdoc\tsentence")
        for st in statements:
            ev = st.evidence[0]
            sentence = " ".join(ev.sentence.split())
            typer.echo(f"{st.subject.name}\t{st.predicate}\t{st.object.name}\t{st.polarity}\t{st.negated}\t"
                       f"{st.hedged}\t{st.confidence:.2f}\t{len(st.evidence)}\t{ev.doc}\t{sentence}")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(statements)} statements from {len(result.documents)} documents")
        for column in ("subject", "relationship", "object", "sign", "conf.", "flags", "evidence"):
            table.add_column(column, overflow="fold")
        for st in statements:
            ev = st.evidence[0]
            flags = ",".join(f for f, on in (("hedged", st.hedged), ("NEGATED", st.negated)) if on)
            more = f" (+{len(st.evidence) - 1} more)" if len(st.evidence) > 1 else ""
            table.add_row(st.subject.name, st.predicate, st.object.name, {1: "+", -1: "−", 0: "·"}[st.polarity],
                          f"{st.confidence:.2f}", flags, f"[{ev.doc}] {' '.join(ev.sentence.split())}{more}")
        Console(soft_wrap=False).print(table)
    negated = sum(1 for s in result.statements if s.negated)
    err(f"{len(result.statements) - negated} statements ({negated} negated) from {len(result.documents)} documents, "
        f"{len(result.mentions)} entity mentions")


@app.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Document files or folders [default: the project's data/documents].")] = None,
    data_dir: DataDirOption = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if no input changed.")] = False,
) -> None:
    """Build the graph from documents into the data directory (reused until an input changes).

    Later commands (load, cypher, path, view, export) use the last build in the data directory.

    Example: neurograph build data/documents my_papers/ --data-dir ./ng-home
    """
    from .pipeline import build as run_build

    result = run_build(paths, home=data_dir, force=force)
    G = result.graph
    statements = sum(1 for *_, d in G.edges(data=True) if d.get("kind") == "statement")
    entities = sum(1 for _, d in G.nodes(data=True) if d.get("kind") == "entity")
    documents = sum(1 for _, d in G.nodes(data=True) if d.get("kind") == "document")
    state = "built" if result.rebuilt else "up to date (no input changed)"
    typer.echo(f"graph {state}: {entities} entities, {statements} relationships, {documents} documents")
    typer.echo(f"data directory: {result.home}")
# --- commands: store (load, cypher, server) ---------------------------------
# --- commands: paths (path, neighbors, explain, show) -----------------------
# --- commands: view ---------------------------------------------------------
# --- commands: export -------------------------------------------------------


def main() -> None:
    """Console-script entry point: run the app, turning library errors into exit codes."""
    from .errors import NeurographError

    try:
        app(standalone_mode=False)
    except NeurographError as exc:
        if _state["debug"]:
            raise
        err(f"error: {exc}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err("interrupted")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err("aborted")
        sys.exit(1)
    except Exception as exc:  # click usage errors and the unexpected
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if _state["debug"]:
            raise
        err(f"error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        sys.exit(1)


if __name__ == "__main__":
    main()
