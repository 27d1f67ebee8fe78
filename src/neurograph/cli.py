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

# Connection options, shared by every command that talks to a graph server
# (load, cypher, path --store ...). Without --uri, the embedded server is used.
UriOption = Annotated[
    Optional[str],
    typer.Option("--uri", envvar="NEO4J_URI",
                 help="Bolt URI of a Neo4j server, e.g. neo4j+s://xxxx.databases.neo4j.io "
                      "[default: the embedded server].", rich_help_panel="Connection"),
]
UserOption = Annotated[
    Optional[str],
    typer.Option("--user", envvar="NEO4J_USERNAME", help="User name [default: neo4j].",
                 rich_help_panel="Connection"),
]
PasswordOption = Annotated[
    Optional[str],
    typer.Option("--password", envvar="NEO4J_PASSWORD", show_default=False, show_envvar=True,
                 help="Password (prefer the NEO4J_PASSWORD environment variable).", rich_help_panel="Connection"),
]
DatabaseOption = Annotated[
    Optional[str],
    typer.Option("--database", envvar="NEO4J_DATABASE",
                 help="Database name [default: neo4j, or neurograph on the embedded server].",
                 rich_help_panel="Connection"),
]


def connection_args(uri: Optional[str], user: Optional[str], password: Optional[str],
                    database: Optional[str]) -> dict:
    """The keyword arguments of :func:`neurograph.store.open_store` for the connection options."""
    return {"uri": uri or None, "user": user or None, "password": password, "database": database or None}


@app.command("load")
def load_command(
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per transaction.")] = 5000,
    data_dir: DataDirOption = None,
) -> None:
    """Load the last build into the graph store; writes only what changed since the last load.

    Without --uri the embedded server of the data directory is used (started for
    the load if it is not running). Counts go to stdout, progress to stderr.

    Example: neurograph load --uri neo4j://localhost:7687 --user neo4j
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .store import load_graph_into_store

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=False, disable=not console.is_terminal) as bar:
        task = bar.add_task("planning", total=None)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=max(total, 1))

        report = load_graph_into_store(data_dir, batch_size=batch_size, progress=progress,
                                       **connection_args(uri, user, password, database))
    counts = report.counts
    typer.echo(f"created: {report.nodes_created} nodes, {report.relationships_created} relationships")
    typer.echo(f"updated: {report.nodes_updated} nodes, {report.relationships_updated} relationships")
    typer.echo(f"deleted: {report.nodes_deleted} nodes, {report.relationships_deleted} relationships")
    typer.echo(f"unchanged: {report.unchanged}")
    typer.echo(f"store: {counts['entities']} entities, {counts['documents']} documents, "
               f"{counts['statements']} statements, {counts['mentions']} mentions "
               f"({counts['nodes']} nodes, {counts['relationships']} relationships) in {report.seconds:.1f} s")


server_app = typer.Typer(help="Start, stop and inspect the embedded graph server (ArcadeDB over Bolt).\n\n"
                              "Example: neurograph server start", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(server_app, name="server")


@server_app.command("start")
def server_start(
    data_dir: DataDirOption = None,
    heap: Annotated[str, typer.Option("--heap", help="Java heap of the server, e.g. 1g.")] = "2g",
) -> None:
    """Start the embedded server in the background (or report the one running).

    Prints the Bolt URI, user and database; the password is in <data dir>/server/password.

    Example: neurograph server start --heap 1g
    """
    from .config import resolve_home
    from .embedded import EmbeddedServer

    server = EmbeddedServer(resolve_home(data_dir))
    info = server.start(heap=heap)
    typer.echo(f"running: {info.uri} (pid {info.pid})")
    typer.echo(f"user: {info.user}  database: {info.database}  password file: {server.password_file}")


@server_app.command("stop")
def server_stop(data_dir: DataDirOption = None) -> None:
    """Stop the embedded server (SIGTERM, then SIGKILL after 30 s).

    Example: neurograph server stop
    """
    from .config import resolve_home
    from .embedded import EmbeddedServer

    stopped = EmbeddedServer(resolve_home(data_dir)).stop()
    typer.echo("stopped" if stopped else "not running")


@server_app.command("status")
def server_status(
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """Show whether the embedded server runs, its pid, ports, uptime and database size.

    Exit code 0 when running, 1 when not.

    Example: neurograph server status --json
    """
    import json

    from .config import resolve_home
    from .embedded import EmbeddedServer

    status = EmbeddedServer(resolve_home(data_dir)).status()
    if as_json:
        typer.echo(json.dumps(status, indent=2))
    else:
        for key, value in status.items():
            typer.echo(f"{key}: {'' if value is None else value}")
    if not status["running"]:
        raise typer.Exit(1)

# --- commands: paths (path, neighbors, explain, show) -----------------------
# --- commands: view ---------------------------------------------------------


@app.command("view")
def view_command(
    entities: Annotated[Optional[list[str]], typer.Argument(
        help="Entities to centre on (names, synonyms or ids) [default: the whole graph].")] = None,
    depth: Annotated[int, typer.Option("--depth", "-d", min=0,
                                       help="How many statements away from the entities (or the paths) to draw.")] = 1,
    path: Annotated[Optional[tuple[str, str]], typer.Option(
        "--path", metavar="SOURCE TARGET", help="Draw the shortest paths from SOURCE to TARGET, highlighted.")] = None,
    k: Annotated[int, typer.Option("--paths", "-k", min=1, help="How many shortest paths --path draws.")] = 3,
    undirected: Annotated[bool, typer.Option(
        "--undirected", help="With --path, also walk statements from object to subject.")] = False,
    types: Annotated[Optional[list[str]], typer.Option(
        "--types", "-t", help="Relationship types to keep, e.g. ANTAGONIST_OF,TREATS (repeatable).")] = None,
    categories: Annotated[Optional[list[str]], typer.Option(
        "--categories", "-c", help="Entity categories to keep, e.g. Drug,Receptor (repeatable).")] = None,
    max_nodes: Annotated[int, typer.Option(
        "--max-nodes", min=1, help="Refuse views with more entities than this.")] = 2000,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("neurograph-view.html"),
    title: Annotated[Optional[str], typer.Option("--title", help="Page title [default: says what is drawn].")] = None,
    open_page: Annotated[bool, typer.Option("--open", help="Open the page in the default browser.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Draw the graph, a neighbourhood or the paths between two entities as an interactive HTML page.

    The page works offline: colours by category and sign, tooltips with evidence, filters, search.

    Example: neurograph view magnesium ketamine --depth 2 --out mg.html
    """
    from .config import resolve_home
    from .graph import load_graph
    from .view import write_view

    if path is not None and not all(path):
        path = None
    G = load_graph(resolve_home(data_dir))
    result = write_view(G, out, entities or (), depth=depth, path=path, k=k, types=types, categories=categories,
                        max_nodes=max_nodes, directed=not undirected, title=title)
    for i, names in enumerate(result.paths, 1):
        err(f"path {i}: {' -> '.join(names)}")
    typer.echo(result.summary())
    if open_page:
        import webbrowser

        webbrowser.open(result.path.resolve().as_uri())

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
