"""Commands that talk to the graph store: load, cypher, and the embedded server's start, stop, status."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from .app import (app, connection_args, DatabaseOption, DataDirOption, err, out, PasswordOption, TableFormat,
                  UriOption, UserOption)


@app.command("load")
def load_command(
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per transaction.")] = 5000,
    verify: Annotated[bool, typer.Option(
        "--verify", help="Compare every stored node and relationship with the mirror and repair what was changed "
                         "outside neurograph (reads the whole store).")] = False,
    wait: Annotated[Optional[float], typer.Option(
        "--wait", min=0, help="Seconds to wait for another load to finish (default: NEUROGRAPH_LOCK_TIMEOUT, "
                              "else 600; 0: do not wait).")] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Load the last build into the graph store; writes only what changed since the last load.

    Without --uri the embedded server of the data directory is used (started for
    the load if it is not running). Counts go to stdout, progress to stderr.
    One load at a time per data directory and per store: a second one waits.

    Example: neurograph load --uri neo4j://localhost:7687 --user neo4j
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..store import load_graph_into_store

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=False, disable=not console.is_terminal) as bar:
        task = bar.add_task("planning", total=None)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=max(total, 1))

        report = load_graph_into_store(data_dir, batch_size=batch_size, progress=progress, verify=verify,
                                       lock_timeout=wait,
                                       on_wait=lambda message: console.print(message, markup=False, soft_wrap=True),
                                       **connection_args(uri, user, password, database))
    counts = report.counts
    if report.verified:
        shown = report.repairs[:20]
        for line in shown:
            typer.echo(f"repaired: {line}")
        if len(report.repairs) > len(shown):
            typer.echo(f"repaired: ... and {len(report.repairs) - len(shown)} more")
        typer.echo(f"verified: {len(report.repairs)} repair(s)")
    typer.echo(f"created: {report.nodes_created} nodes, {report.relationships_created} relationships")
    typer.echo(f"updated: {report.nodes_updated} nodes, {report.relationships_updated} relationships")
    disowned = f" ({report.nodes_disowned} more disowned: others' relationships use them)" \
        if report.nodes_disowned else ""
    typer.echo(f"deleted: {report.nodes_deleted} nodes, {report.relationships_deleted} relationships{disowned}")
    typer.echo(f"unchanged: {report.unchanged}")
    typer.echo(f"store: {counts['entities']} entities, {counts['documents']} documents, "
               f"{counts['statements']} statements, {counts['mentions']} mentions "
               f"({counts['nodes']} nodes, {counts['relationships']} relationships) in {report.seconds:.1f} s")
    if report.warning:
        console.print(f"warning: {report.warning}", markup=False, highlight=False, soft_wrap=True)


server_app = typer.Typer(help="Start, stop and inspect the embedded graph server (ArcadeDB over Bolt).\n\n"
                              "Example: neurograph server start", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(server_app, name="server")


@server_app.command("start")
def server_start(
    data_dir: DataDirOption = None,
    heap: Annotated[str, typer.Option("--heap", help="Java heap of the server, e.g. 1g.")] = "2g",
    idle: Annotated[Optional[float], typer.Option(
        "--idle", min=0, help="Stop after this many seconds without a neurograph command using it, like a server "
                              "started on demand [default: run until `server stop`].", show_default=False)] = None,
) -> None:
    """Start the embedded server in the background (or report the one running).

    Prints the Bolt URI, user and database; the password is in <data dir>/server/password.
    Without it, commands that need the server start it on demand and it stops after
    NEUROGRAPH_SERVER_IDLE seconds (default 600) unused.

    Example: neurograph server start --heap 1g
    """
    from ..config import resolve_home
    from ..embedded import EmbeddedServer

    server = EmbeddedServer(resolve_home(data_dir))
    info = server.start(heap=heap, temporary=idle is not None, idle=idle)
    typer.echo(f"running: {info.uri} (pid {info.pid})")
    typer.echo(f"user: {info.user}  database: {info.database}  password file: {server.password_file}")


@server_app.command("stop")
def server_stop(data_dir: DataDirOption = None) -> None:
    """Stop the embedded server (SIGTERM, then SIGKILL after 30 s).

    Example: neurograph server stop
    """
    from ..config import resolve_home
    from ..embedded import EmbeddedServer

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

    from ..config import resolve_home
    from ..embedded import EmbeddedServer

    status = EmbeddedServer(resolve_home(data_dir)).status()
    if as_json:
        typer.echo(json.dumps(status, indent=2))
    else:
        shown = dict(status)
        shown["database_size"] = f"{status['database_size'] / 2**20:.1f} MiB"
        for key in ("uptime", "idle_timeout"):
            if status[key] is not None:
                shown[key] = f"{status[key]:.0f} s"
        if status["stops_in"] is not None:
            shown["stops_in"] = f"{status['stops_in']:.0f} s unless a command uses it"
        elif status["idle_timeout"] is not None:
            shown["stops_in"] = "(in use)"
        for key, value in shown.items():
            typer.echo(f"{key}: {'' if value is None else value}")
    if not status["running"]:
        raise typer.Exit(1)


def _result_table(df) -> None:
    """A query result as a rich table on stdout (row count on stderr)."""
    import os

    from rich.console import Console
    from rich.table import Table

    from rich.text import Text

    from ..queries import plain_rows, short_value
    from ..terminal import terminal_safe

    rows = plain_rows(df)
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
    console = Console(soft_wrap=False, highlight=False, width=width)
    if len(df.columns):
        cells = [[terminal_safe(short_value(v)) for v in row.values()] for row in rows]
        table = Table(show_lines=False, header_style="bold")
        for i, column in enumerate(df.columns):
            # Short columns keep one line; long text (evidence) takes the remaining width.
            widest = max([len(str(column))] + [len(r[i]) for r in cells])
            table.add_column(Text(terminal_safe(str(column))), overflow="fold", no_wrap=widest <= 24,
                             min_width=min(widest, 24))
        for row in cells:
            table.add_row(*(Text(c) for c in row))  # Text: no rich markup from the data
        console.print(table)
    err(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


def _library_listing(as_json: bool) -> None:
    from ..queries import list_queries

    queries = list_queries()
    if as_json:
        import json

        typer.echo(json.dumps([{"name": q.name, "description": q.description,
                                "params": [{"name": p.name, "type": p.type, "default": p.default,
                                            "required": p.required, "description": p.description}
                                           for p in q.params],
                                "examples": list(q.examples), "path": str(q.path)} for q in queries], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(header_style="bold", show_lines=True)
    for column in ("query", "parameters", "description"):
        table.add_column(column, overflow="fold")
    for q in queries:
        table.add_row(q.name, "\n".join(p.describe() for p in q.params), q.description)
    Console(soft_wrap=False, highlight=False, width=None if sys.stdout.isatty() else 160).print(table)
    err(f"{len(queries)} queries; run one with: neurograph cypher --file NAME --param key=value")


@app.command("cypher")
def cypher_command(
    query: Annotated[Optional[str], typer.Argument(help="The Cypher query (or use --file).", show_default=False)] = None,
    param: Annotated[Optional[list[str]], typer.Option(
        "--param", "-p", help="A query parameter KEY=VALUE (repeatable). Values are typed: 3, 0.5, true, null, "
                              "[\"a\", 1]; anything else is a string (quote it as '\"42\"' to keep digits text).")] = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.table,
    file: Annotated[Optional[str], typer.Option(
        "--file", help="A library query by name (see --list) or a .cypher file.")] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow a query that writes (CREATE, MERGE, SET, DELETE...).")] = False,
    list_queries: Annotated[bool, typer.Option("--list", help="List the query library and exit "
                                                              "(as JSON with --format json).")] = False,
    timeout: Annotated[Optional[float], typer.Option(
        "--timeout", help="Seconds the query may run (default: NEUROGRAPH_QUERY_TIMEOUT or 120; 0 for none). "
                          "Neo4j enforces it; the embedded server does not.", show_default=False)] = None,
    view: Annotated[Optional[str], typer.Option(
        "--view", help="Draw the nodes, relationships and paths the query returns as an HTML view in this file "
                       "(instead of printing rows).", show_default=False)] = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Run Cypher on the graph store and print the rows; read-only unless --write.

    A query that writes is refused without --write (exit code 2). Library
    queries (cypher/*.cypher) run with --file NAME and take their declared
    defaults; every $parameter a query uses needs a --param.

    Example: neurograph cypher --file cypher/neighbours.cypher --param name=magnesium
    """
    if list_queries:
        _library_listing(format == TableFormat.json)
        return
    from ..queries import cypher_rows, format_result, parse_params

    params = parse_params(param or [])
    if view is not None:
        if write:
            from ..errors import UsageError

            raise UsageError("--view draws a read-only query; it does not go with --write")
        from ..view_query import write_query_view

        drawn = write_query_view(query, params, view, file=file, home=data_dir,
                                 **connection_args(uri, user, password, database))
        for i, line in enumerate(drawn.paths, 1):
            err(f"path {i}: {line}")
        out(drawn.summary())
        return
    df = cypher_rows(query, params, file=file, write=write, home=data_dir, timeout=timeout,
                     **connection_args(uri, user, password, database))
    if format == TableFormat.table:
        _result_table(df)
    else:
        text = format_result(df, format.value)
        if format == TableFormat.json:
            typer.echo(text)
        else:
            out(text, nl=False)
