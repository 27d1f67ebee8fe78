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

# "exits": this process is the `neurograph` program (main() reading sys.argv), not a caller of main([...]) or
# of the app (tests, notebooks): only then may a command leave memory to the OS and skip garbage collection.
_state = {"debug": False, "exits": False}


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
    """A diagnostic line on stderr: control characters made visible (:mod:`neurograph.terminal`), passwords in
    connection URIs hidden."""
    from .errors import redact_secrets
    from .terminal import terminal_safe

    typer.echo(terminal_safe(redact_secrets(message)), err=True)


def out(text: str, nl: bool = True) -> None:
    """Text for stdout that is not JSON: tables, TSV, CSV, summaries (control characters made visible)."""
    from .terminal import terminal_safe

    typer.echo(terminal_safe(text), nl=nl)


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

UseAnnotationsOption = typer.Option(
    "--use-annotations", help="Take the entity mentions of annotated input (PubTator, BioC: e.g. PubTator3 "
                              "output) from its annotations instead of the dictionary.")


def _document_count(files: list[Path]) -> Optional[int]:
    """How many documents the files hold: one per text file; unknown (None) when a file holds articles."""
    if not sys.stderr.isatty():
        return None  # no bar is drawn: no need to look into the files
    from .extract.readers import TEXT, document_format

    return len(files) if all(document_format(f) == TEXT for f in files) else None


def _progress_bar(total: Optional[int], description: str):
    """A rich progress bar on stderr, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    task = progress.add_task(description, total=total)
    return progress, task


def _status(message: str):
    """A spinner with ``message`` on stderr while a long step runs (nothing when stderr is not a terminal)."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(message)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Document files (.txt, .md, PubMed or BioC XML, BioC JSON, "
                                                     "PubTator) or folders of them.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.jsonl,
    include_negated: Annotated[bool, typer.Option("--negated/--no-negated",
                                                  help="Also print negated statements (they never enter the graph).")] = True,
    use_annotations: Annotated[bool, UseAnnotationsOption] = False,
) -> None:
    """Extract typed, signed statements with evidence from documents, to stdout.

    Example: neurograph extract data/documents/magnesium_ketamine.txt --format table
    """
    import json

    from .documents import discover
    from .pipeline import extract_documents

    files = discover(paths)
    bar = _progress_bar(_document_count(files), "extracting")
    if bar:
        bar[0].start()
    try:
        result = extract_documents(files, progress=(lambda _: bar[0].advance(bar[1])) if bar else None,
                                   use_annotations=use_annotations)
    finally:
        if bar:
            bar[0].stop()
    statements = [s for s in result.statements if include_negated or not s.negated]
    if format == ExtractFormat.jsonl:
        for st in statements:
            typer.echo(json.dumps(st.to_record(), ensure_ascii=False))
    elif format == ExtractFormat.tsv:
        out("subject\tpredicate\tobject\tpolarity\tnegated\thedged\tconfidence\tevidence\tdoc\tsentence")
        for st in statements:
            ev = st.evidence[0]
            sentence = " ".join(ev.sentence.split())
            out(f"{st.subject.name}\t{st.predicate}\t{st.object.name}\t{st.polarity}\t{st.negated}\t"
                f"{st.hedged}\t{st.confidence:.2f}\t{len(st.evidence)}\t{ev.doc}\t{sentence}")
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from .terminal import terminal_safe

        shown_negated = sum(1 for s in statements if s.negated)
        table = Table(title=f"{len(statements) - shown_negated} statements ({shown_negated} negated) "
                            f"from {len(result.documents)} documents")
        for column in ("subject", "relationship", "object", "sign", "conf.", "flags", "evidence"):
            table.add_column(column, overflow="fold")
        for st in statements:
            ev = st.evidence[0]
            flags = ",".join(f for f, on in (("hedged", st.hedged), ("NEGATED", st.negated)) if on)
            more = f" (+{len(st.evidence) - 1} more)" if len(st.evidence) > 1 else ""
            cells = (st.subject.name, st.predicate, st.object.name, {1: "+", -1: "−", 0: "·"}[st.polarity],
                     f"{st.confidence:.2f}", flags, f"[{ev.doc}] {' '.join(ev.sentence.split())}{more}")
            table.add_row(*(Text(terminal_safe(c)) for c in cells))  # Text: no rich markup from documents
        # Redirected to a file, rich would draw at 80 columns and fold headers and evidence to slivers.
        wide = None if sys.stdout.isatty() else 200
        Console(soft_wrap=False, width=wide).print(table)
    negated = sum(1 for s in result.statements if s.negated)
    err(f"{len(result.statements) - negated} statements ({negated} negated) from {len(result.documents)} documents, "
        f"{len(result.mentions)} entity mentions")


class _BuildProgress:
    """A rich progress bar on stderr for ``pipeline.build``: documents per second and, once the total is known,
    time left. Nothing when stderr is not a terminal."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                                   TimeRemainingColumn)
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task):
                return Text(f"{task.speed:,.0f} docs/s" if task.speed else "", style="progress.data.speed")

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self.tasks: dict[str, object] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        task = self.tasks.get(stage)
        if task is None:
            for other in self.tasks.values():  # one stage at a time: the last one is finished
                self.progress.stop_task(other)
            task = self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(task, completed=done, total=total)

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()


@app.command("train")
def train_command(
    corpus: Annotated[Optional[list[Path]], typer.Option(
        "--corpus", help="A PubTator training file (repeat for several) [default: the installed BioRED Train "
                         "and BC5CDR Training].")] = None,
    dev: Annotated[Optional[list[Path]], typer.Option(
        "--dev", help="A PubTator Dev file to score the model on (never trained on) [default: the installed "
                      "Dev splits].")] = None,
    cid: Annotated[bool, typer.Option("--cid/--no-cid", help="Score the --dev files as BC5CDR chemical-induced "
                                                             "disease (chemical-to-disease, not negative).")] = False,
    dictionary: Annotated[bool, typer.Option("--dictionary/--no-dictionary", help="Choose the decision thresholds "
                          "on the training corpora extracted with the dictionary, or on their own mentions.")] = True,
    data_dir: DataDirOption = None,
) -> None:
    """Train the relation model beside the rules and cache it (JSON) in the data directory.

    Example: neurograph train --corpus Train.PubTator --dev Dev.PubTator
    """
    from .extract.model import train

    path, model = train(corpus or None, [(p, cid) for p in dev] if dev else None, home=data_dir, progress=err,
                        dictionary=dictionary)
    for d in model.provenance.get("dev", []):
        signs = f", sign agreement {d['sign_agreement']}" if d["sign_agreement"] is not None else ""
        err(f"{d['file']}{' (CID)' if d['cid'] else ''}: pair P {d['precision']:.3f} R {d['recall']:.3f} "
            f"F1 {d['f1']:.3f}{signs}, Brier {d['brier']}")
    typer.echo(f"relation model: {model.provenance['features']} features from {model.provenance['candidates']} "
               f"candidates in {model.provenance['seconds']} s -> {path}")


@app.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Document files or folders [default: the project's data/documents].")] = None,
    data_dir: DataDirOption = None,
    force: Annotated[bool, typer.Option("--force", help="Extract every document again and rebuild, even if no "
                                                        "input changed.")] = False,
    use_annotations: Annotated[bool, UseAnnotationsOption] = False,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", "-j", min=1, help="Extraction processes [default: every core].")] = None,
    dask: Annotated[Optional[str], typer.Option(
        "--dask", metavar="ADDRESS",
        help="Extract on a Dask cluster: its scheduler's address, e.g. tcp://10.0.0.5:8786.")] = None,
    curated_only: Annotated[bool, typer.Option(
        "--curated-only", help="Use the curated lexicon alone, without the installed vocabularies "
                               "(`neurograph resources install`).")] = False,
    with_sources: Annotated[Optional[list[str]], typer.Option(
        "--with", help="Merge a curated graph into the document graph by identifier (repeatable): hetionet "
                       "(install it with `neurograph resources install hetionet`).")] = None,
) -> None:
    """Build the graph from documents into the data directory, extracting only new or edited documents.

    Extractions are cached per document in the data directory; later commands (load, cypher, path, view,
    export) use the last build.

    Example: neurograph build data/documents my_papers/ --data-dir ./ng-home --workers 4
    """
    import contextlib
    import gc
    from collections import Counter

    from .pipeline import build as run_build

    bar = _BuildProgress() if sys.stderr.isatty() else None
    # No cyclic collection in the short-lived program: the build pauses it for its work anyway, and turning
    # it back on at the end would scan the whole new graph once (0.2 s on 10,000 documents) just before exit.
    # A caller in the same process (a test, a notebook) keeps its collector.
    if _state["exits"]:
        gc.disable()
    with bar or contextlib.nullcontext():
        result = run_build(paths or None, home=data_dir, force=force, workers=workers, dask=dask, progress=bar,
                           use_annotations=use_annotations, vocab=not curated_only, with_sources=with_sources or ())
    G = result.graph
    # The graph's own dicts, not its edge and node views: a third of a second on 10,000 documents.
    statements = sum(1 for nbrs in G._succ.values() for keys in nbrs.values() for d in keys.values()
                     if d.get("kind") == "statement")
    kinds = Counter(d.get("kind") for d in G._node.values())
    entities, documents = kinds["entity"], kinds["document"]
    state = "built" if result.rebuilt else "up to date (no input changed)"
    typer.echo(f"graph {state}: {entities} entities, {statements} relationships, {documents} documents")
    typer.echo(f"data directory: {result.home}")
    if result.rebuilt:
        err(f"{result.extracted} of {documents} documents extracted, the rest from the cache"
            + (f"; {result.removed} removed" if result.removed else ""))
        for report in result.merged:
            for line in report.lines():
                err(line)
        triage = G.graph.get("triage") or {}
        if triage:
            err("claims against curated knowledge: " + ", ".join(f"{n} {label}" for label, n in sorted(triage.items())))
    if _state["exits"]:
        _left_to_exit(result, G)


def _left_to_exit(*objects) -> None:
    """Leave the command's big structures (a graph of millions of objects) to the OS at exit.

    Freeing them one by one at interpreter teardown takes most of a second for 10,000 documents. They are
    put in a cycle that only the cyclic collector could free, then frozen, which it never visits. Files and
    sqlite connections are closed before this (by their ``with`` blocks); only memory is left.
    """
    import gc

    holder: list = [*objects]
    holder.append(holder)
    del holder
    gc.freeze()


class EvaluateFormat(str, Enum):
    table = "table"
    json = "json"


class Baseline(str, Enum):
    cooccurrence = "cooccurrence"


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="A PubTator file with gold mentions and relations "
                                              "(BioRED, BC5CDR, your own).")],
    format: Annotated[EvaluateFormat, typer.Option("--format", "-f", help="Output format.")] = EvaluateFormat.table,
    baseline: Annotated[Optional[Baseline], typer.Option(
        "--baseline", help="Score a baseline instead of extraction: cooccurrence pairs every two gold "
                           "entities in a sentence whose types a relation can link.")] = None,
    use_annotations: Annotated[bool, typer.Option(
        "--use-annotations", help="Extract with the gold mentions instead of the dictionary "
                                  "(relations only, free of recognition errors).")] = False,
) -> None:
    """Score extraction on an annotated corpus: mention P/R/F1 per kind, relation pair P/R/F1, sign agreement.

    Example: neurograph evaluate BioRED/Dev.PubTator --format json
    """
    import json

    from .extract.evaluate import evaluate, iter_report_rows

    with _status(f"evaluating on {gold}"):
        report = evaluate(gold, baseline=baseline.value if baseline else None, use_annotations=use_annotations)
    if format == EvaluateFormat.json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    rows = [list(r) for r in iter_report_rows(report)]
    typer.echo(_table(f"{report.method} on {gold.name}: {report.documents} documents, relation types "
                      f"{', '.join(report.relation_types) or 'none'}",
                      ["measure", "P", "R", "F1", "TP/FP/FN", "note"], rows))


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

    from .store import load_graph_into_store

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
    from .config import resolve_home
    from .embedded import EmbeddedServer

    server = EmbeddedServer(resolve_home(data_dir))
    info = server.start(heap=heap, temporary=idle is not None, idle=idle)
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

    from .queries import plain_rows, short_value
    from .terminal import terminal_safe

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
    from .queries import list_queries

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
    from .queries import cypher_rows, format_result, parse_params

    params = parse_params(param or [])
    if view is not None:
        if write:
            from .errors import UsageError

            raise UsageError("--view draws a read-only query; it does not go with --write")
        from .view_query import write_query_view

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

# --- commands: paths (path, neighbors, explain, show) -----------------------


class AnswerFormat(str, Enum):
    table = "table"
    json = "json"


class Backend(str, Enum):
    mirror = "mirror"
    store = "store"


class NetSign(str, Enum):
    positive = "+"
    negative = "-"


class Rank(str, Enum):
    cost = "cost"
    dwpc = "dwpc"


class SourceKind(str, Enum):
    documents = "documents"
    curated = "curated"
    both = "both"


SourceOption = Annotated[SourceKind, typer.Option("--source", help="Walk statements with document evidence, curated "
                                                                   "ones (curated files, Hetionet), or both.")]
MaxDegreeOption = Annotated[Optional[int], typer.Option("--max-degree", min=1, help="Never walk through an entity "
                                                                                    "with more neighbours than this "
                                                                                    "(keeps hubs out).")]
# The evidence grade (extract.grade); values are checked by the library (paths.GradeFilter), so "in_vitro",
# "in vitro" and "randomized-trial" all work.
PopulationOption = Annotated[Optional[list[str]], typer.Option(
    "--population", help="Only statements with document evidence about this population: human, animal, in_vitro, "
                         "unknown (repeatable). Curated statements pass.")]
StudyTypeOption = Annotated[Optional[list[str]], typer.Option(
    "--study-type", help="Only statements with document evidence of this study type: meta-analysis, "
                         "randomised-trial, clinical-trial, observational, case-report, review, experimental, "
                         "popular-article, unknown (repeatable). Curated statements pass.")]


BackendOption = Annotated[
    Backend,
    typer.Option("--backend", help="Answer from the local mirror of the last build (fast, offline) or through "
                                   "Cypher on the graph store."),
]
AnswerFormatOption = Annotated[AnswerFormat, typer.Option("--format", "-f", help="Output format.")]
TypesOption = Annotated[
    Optional[str],
    typer.Option("--types", help="Only these relationship types, comma-separated (e.g. ANTAGONIST_OF,TREATS)."),
]

_SIGN_SYMBOL = {"+": "+", "-": "−", "?": "?"}
_ANSI = {"+": "\033[32m", "-": "\033[31m", "?": "\033[2m"}


def _split_types(types: Optional[str]) -> Optional[list[str]]:
    return [t.strip() for t in types.split(",") if t.strip()] if types else None


def _dump_json(data) -> None:
    import json

    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _quote(evidence: Optional[dict]) -> str:
    """One evidence quote with its document (or citation), for the tables."""
    if not evidence:
        return ""
    sentence = " ".join(str(evidence.get("sentence", "")).split())
    # Curated and imported evidence is better identified by its citation than by its file.
    where = evidence.get("citation") or evidence.get("doc") or ""
    flags = ", ".join(f for f in (evidence.get("modifier"), "hedged" if evidence.get("hedged") else None) if f)
    return f"“{sentence}” [{where}]" + (f" ({flags})" if flags else "")


class _Sign(str):
    """A table cell holding a sign: drawn in colour on a terminal."""


def _table(title: str, headers: list[str], rows: list[list], wrap: tuple[int, ...] = ()) -> str:
    """A boxed plain-text table (the paths commands do not load rich: it is the cold path).

    Columns in ``wrap`` are word-wrapped to fit the terminal (or 140 columns
    when the output is piped); the others keep their natural width.
    """
    import os
    import shutil
    import textwrap

    tty = sys.stdout.isatty()
    if tty or os.environ.get("COLUMNS"):
        width = shutil.get_terminal_size((140, 24)).columns
    else:
        width = 140
    from .terminal import terminal_safe

    title, headers = terminal_safe(title), [terminal_safe(h) for h in headers]
    cells = [[terminal_safe(str(c)) for c in row] for row in rows]
    natural = [max([len(h)] + [len(line) for row in cells for line in row[i].split("\n")])
               for i, h in enumerate(headers)]
    widths = list(natural)
    room = width - (3 * len(headers) + 1) - sum(w for i, w in enumerate(natural) if i not in wrap)
    # Water-filling: narrow wrap columns keep their width, the wide ones share what is left.
    pending = sorted((i for i in wrap if i < len(headers)), key=lambda i: natural[i])
    while pending:
        share = max(12, room // len(pending))
        i = pending.pop(0)
        widths[i] = max(len(headers[i]), min(natural[i], share))
        room -= widths[i]

    def lines_of(text: str, w: int) -> list[str]:
        out = []
        for paragraph in text.split("\n"):
            out += textwrap.wrap(paragraph, w, break_long_words=True, break_on_hyphens=False) or [""]
        return out

    def line(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2) for w in widths) + right

    out = [title, line("┌", "┬", "┐"),
           "│" + "│".join(f" {h:<{w}} " for h, w in zip(headers, widths)) + "│", line("├", "┼", "┤")]
    for raw, row in zip(rows, cells):
        parts = [lines_of(c, w) for c, w in zip(row, widths)]
        for n in range(max(len(p) for p in parts)):
            texts = []
            for i, (p, w) in enumerate(zip(parts, widths)):
                text = f"{p[n] if n < len(p) else '':<{w}}"
                if tty and isinstance(raw[i], _Sign) and n == 0:
                    text = f"{_ANSI.get(raw[i].key, '')}{text}\033[0m"
                texts.append(f" {text} ")
            out.append("│" + "│".join(texts) + "│")
    out.append(line("└", "┴", "┘"))
    return "\n".join(out)


def _sign_cell(sign: str) -> _Sign:
    cell = _Sign(_SIGN_SYMBOL.get(sign, "?"))
    cell.key = sign
    return cell


@app.command("path")
def path_command(
    source: Annotated[str, typer.Argument(help="Where the paths start: a name, synonym or id (e.g. magnesium, Mg).")],
    target: Annotated[str, typer.Argument(help="Where the paths end (e.g. dopamine).")],
    k: Annotated[int, typer.Option("--k", "-k", min=1, help="How many paths.")] = 5,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=8, help="Longest path, in hops.")] = 4,
    undirected: Annotated[bool, typer.Option("--undirected",
                                             help="Also walk statements against their direction.")] = False,
    via: Annotated[Optional[list[str]], typer.Option("--via", help="Paths must pass through this entity "
                                                                    "(repeatable).")] = None,
    avoid: Annotated[Optional[list[str]], typer.Option("--avoid", help="Paths must not touch this entity "
                                                                        "(repeatable).")] = None,
    types: TypesOption = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0,
                                                  help="Only statements at least this confident.")] = 0.0,
    exclude_hedged: Annotated[bool, typer.Option("--exclude-hedged",
                                                 help="Skip statements only ever stated with hedges.")] = False,
    sign: Annotated[Optional[NetSign], typer.Option("--sign", help="Only paths with this net effect.")] = None,
    rank: Annotated[Rank, typer.Option("--rank", help="cost: fewest hops, then confidence; dwpc: Hetionet's "
                                                      "degree-weighted path count (paths through hubs rank low).")
                    ] = Rank.cost,
    damping: Annotated[float, typer.Option("--damping", min=0.0, max=2.0,
                                           help="DWPC damping exponent (with --rank dwpc).")] = 0.4,
    source_kind: SourceOption = SourceKind.both,
    max_degree: MaxDegreeOption = None,
    population: PopulationOption = None,
    study_type: StudyTypeOption = None,
    format: AnswerFormatOption = AnswerFormat.table,
    backend: BackendOption = Backend.mirror,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """How is SOURCE connected to TARGET, with what net effect, and what says so?

    Prints the k cheapest paths (cost per hop: 2 - confidence), each hop with its
    sign, confidence and one evidence quote, each path with its net sign (product of
    the hop signs; ? when a hop is unsigned), then a summary line. Paths through the
    same entities are shown once, with the other statements joining them listed. An
    unknown name exits with code 2 and "did you mean" suggestions on stderr.

    --population and --study-type keep statements with document evidence of that
    grade (curated statements pass) and say how many of the best paths they removed.

    Example: neurograph path ketamine depression --source both --rank dwpc --max-degree 200
    """
    from .answers import find_paths

    report = find_paths(source, target, k, home=data_dir, backend=backend.value,
                        connection=connection_args(uri, user, password, database), max_hops=max_hops,
                        directed=not undirected, via=via, avoid=avoid, types=_split_types(types),
                        min_confidence=min_confidence, exclude_hedged=exclude_hedged,
                        sign=sign.value if sign else None, source_kind=source_kind.value, max_degree=max_degree,
                        rank=rank.value, damping=damping, population=population, study_type=study_type)
    if format == AnswerFormat.json:
        _dump_json(report.to_dict())
        return
    if not report.paths:
        out(report.summary)
        for hint in report.hints:
            err(hint)
        return
    triage = _shows_triage([h for p in report.paths for h in p.hops])
    out("\n".join(_path_table(number, p, triage=triage) for number, p in enumerate(report.paths, 1)))
    _path_footnotes([h for p in report.paths for h in p.hops])
    out(report.summary)
    for hint in report.hints:  # what the grade filter removed
        err(hint)


def _path_table(number: int, p, heading: str | None = None, triage: bool = True) -> str:
    """One path as a boxed table: its hops with sign, confidence, a quote and the alternatives.

    With ``triage``, a column says how each document claim compares with curated knowledge.
    """
    score = f", DWPC term {p.dwpc:.3g}" if p.dwpc is not None else ""
    title = heading or (f"Path {number}: {' → '.join(p.names)}   net {_SIGN_SYMBOL[p.sign]}   "
                        f"{p.length} hop{'s' if p.length > 1 else ''}, confidence {p.confidence:.2f}{score}")
    rows = []
    for i, hop in enumerate(p.hops, 1):
        walk_from, walk_to = (hop.subject_name, hop.object_name) if hop.direction == "forward" else (
            hop.object_name, hop.subject_name)
        relationship = f"{hop.type} →" if hop.direction == "forward" else f"← {hop.type}"
        if hop.alternatives:
            relationship += "\nalso: " + ", ".join(f"{a['type']} {_SIGN_SYMBOL[a['sign']]}" for a in hop.alternatives)
        more = f" (+{hop.n_evidence - 1} more)" if hop.n_evidence > 1 else ""
        row = [str(i), walk_from, relationship, walk_to, _sign_cell(hop.sign),
               f"{hop.confidence:.2f}" + ("*" if hop.hedged else "")]
        if triage:
            row.append(_TRIAGE_MARK.get(hop.triage, "curated" if hop.curated else ""))
        quote = _quote(hop.evidence) + more
        if hop.curated_evidence:  # documents and curated knowledge state it: both, side by side
            quote += "\n" + _quote(hop.curated_evidence)
        rows.append(row + [quote])
    headers = ["#", "from", "relationship", "to", "sign", "conf."] + (["triage"] if triage else []) + ["evidence"]
    return _table(title, headers, rows, wrap=(1, 2, 3, len(headers) - 1))


# How a document claim compares with curated knowledge (neurograph.triage), as a table cell.
_TRIAGE_MARK = {"corroborated": "✓ corroborated", "contradicted": "✗ contradicted", "novel": "novel"}


def _shows_triage(hops) -> bool:
    """The triage column earns its place when curated knowledge says something about these hops."""
    return any(h.triage in ("corroborated", "contradicted") or (h.curated and not h.documents) for h in hops)


def _path_footnotes(hops) -> None:
    if any(h.hedged for h in hops):
        out("* hedged: every sentence for this statement is hedged (may, might, suggests)")
    if _shows_triage(hops):
        out("triage: corroborated / contradicted by a curated statement between the same entities, or novel "
                   "(none); curated: the statement itself is curated")


@app.command("regulators")
def regulators_command(
    target: Annotated[str, typer.Argument(help="The entity acted on: a name, synonym or id (e.g. dopamine).")],
    sign: Annotated[NetSign, typer.Option("--sign", help="+: what increases TARGET; -: what decreases it.")
                    ] = NetSign.positive,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=4, help="Longest chain of statements.")] = 2,
    k: Annotated[int, typer.Option("--k", "-k", min=1, help="How many regulators.")] = 20,
    types: TypesOption = None,
    category: Annotated[Optional[list[str]], typer.Option("--category", help="Only regulators of this category "
                                                                             "(repeatable), e.g. Nutrient.")] = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0,
                                                  help="Only statements at least this confident.")] = 0.0,
    exclude_hedged: Annotated[bool, typer.Option("--exclude-hedged",
                                                 help="Skip statements only ever stated with hedges.")] = False,
    source_kind: SourceOption = SourceKind.both,
    max_degree: MaxDegreeOption = None,
    population: PopulationOption = None,
    study_type: StudyTypeOption = None,
    format: AnswerFormatOption = AnswerFormat.table,
    data_dir: DataDirOption = None,
) -> None:
    """What increases (or decreases) TARGET, directly or through a chain of signed statements?

    A signed search over signed nodes: each entity whose net effect on TARGET,
    along some chain of at most --max-hops signed statements, has the asked-for
    sign, fewest hops first, each with its best chain and evidence. Unsigned
    statements (associations, regulates) are not walked: they carry no sign.

    Example: neurograph regulators dopamine --sign + --max-hops 2
    """
    from .answers import find_regulators

    report = find_regulators(target, sign.value, home=data_dir, max_hops=max_hops, k=k, types=_split_types(types),
                             min_confidence=min_confidence, exclude_hedged=exclude_hedged,
                             source_kind=source_kind.value, max_degree=max_degree, categories=category,
                             population=population, study_type=study_type)
    if format == AnswerFormat.json:
        _dump_json(report.to_dict())
        return
    word = "increase" if sign.value == "+" else "decrease"
    name = report.target["name"]
    if not report.regulators:
        out(f"nothing found to {word} {name} within {max_hops} signed hop{'s' if max_hops > 1 else ''}")
        return
    for number, r in enumerate(report.regulators, 1):
        heading = (f"{number}. {r.name} ({r.category}) {word}s {name}   {r.hops} hop{'s' if r.hops > 1 else ''}, "
                   f"confidence {r.path.confidence:.2f}")
        out(_path_table(number, r.path, heading, triage=_shows_triage(r.path.hops)))
    _path_footnotes([h for r in report.regulators for h in r.path.hops])
    out(f"{name}: {len(report.regulators)} entit{'ies' if len(report.regulators) != 1 else 'y'} "
               f"{word} it within {max_hops} signed hop{'s' if max_hops > 1 else ''}")


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
    from .curation import reject
    from .mirror import load_mirror

    row = reject(load_mirror(data_dir), subject, predicate, obj, reason, home=data_dir)
    out(f"rejected: {row.subject} {row.predicate} {row.object} ({row.reason})")
    err("run `neurograph build` then `neurograph load` to drop it from the graph and the store")


@curate_app.command("list")
def curate_list(format: AnswerFormatOption = AnswerFormat.table, data_dir: DataDirOption = None) -> None:
    """The rejected statements, oldest first, numbered for `curate undo N`.

    Example: neurograph curate list --format json
    """
    from .curation import list_rejections

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
    from .curation import undo

    row = undo(data_dir, number)
    out(f"restored: {row.subject} {row.predicate} {row.object}")


@app.command("neighbors")
def neighbors_command(
    entity: Annotated[str, typer.Argument(help="A name, synonym or id.")],
    depth: Annotated[int, typer.Option("--depth", min=1, max=4, help="How many statements away.")] = 1,
    types: TypesOption = None,
    format: AnswerFormatOption = AnswerFormat.table,
    backend: BackendOption = Backend.mirror,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Entities within --depth statements of ENTITY (either direction), nearest first.

    Example: neurograph neighbors magnesium --depth 2 --types ANTAGONIST_OF,ACTIVATES
    """
    from .answers import find_neighbors

    result = find_neighbors(entity, depth, _split_types(types), home=data_dir, backend=backend.value,
                            connection=connection_args(uri, user, password, database))
    if format == AnswerFormat.json:
        _dump_json(result)
        return
    ref = result["entity"]
    names = {ref["id"]: ref["name"]} | {n["id"]: n["name"] for n in result["neighbors"]}
    rows = []
    for n in result["neighbors"]:
        for i, s in enumerate(n["statements"]):
            statement = (f"{names.get(s['subject'], s['subject_name'])} {s['type']} "
                         f"{names.get(s['object'], s['object_name'])}")
            first = i == 0
            rows.append([str(n["distance"]) if first else "", n["name"] if first else "",
                         (n["category"] or "") if first else "", statement, _sign_cell(s["sign"]),
                         f"{s['confidence']:.2f}", _quote(s["evidence"])])
    title = f"{ref['name']} ({ref['id']}): {len(result['neighbors'])} neighbours within {depth}"
    typer.echo(_table(title, ["dist.", "neighbour", "category", "statement", "sign", "conf.", "evidence"], rows,
                      wrap=(1, 3, 6)))


@app.command("explain")
def explain_command(
    x: Annotated[str, typer.Argument(help="One entity (name, synonym or id).")],
    y: Annotated[str, typer.Argument(help="The other entity.")],
    population: PopulationOption = None,
    study_type: StudyTypeOption = None,
    format: AnswerFormatOption = AnswerFormat.table,
    backend: BackendOption = Backend.mirror,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Every direct statement between X and Y, in both directions, with ALL its evidence.

    Example: neurograph explain magnesium "NMDA receptor"
    """
    from .answers import find_explanation

    result = find_explanation(x, y, home=data_dir, backend=backend.value,
                              connection=connection_args(uri, user, password, database), population=population,
                              study_type=study_type)
    if format == AnswerFormat.json:
        _dump_json(result)
        return
    statements = result["statements"]
    if not statements:
        out(f"no direct statement between {result['x']['name']} and {result['y']['name']}")
        return
    for s in statements:
        flags = ", ".join(f for f, on in (("hedged", s["hedged"]), ("curated", s["curated"])) if on)
        triage = ""
        if s.get("triage") in ("corroborated", "contradicted"):
            basis = "; ".join(s.get("triage_basis") or [])
            triage = f"   {_TRIAGE_MARK[s['triage']]}" + (f" by {basis}" if basis and s["triage"] != "novel" else "")
        title = (f"{s['subject_name']} {s['type']} {s['object_name']}   sign {_SIGN_SYMBOL[s['sign']]}   "
                 f"confidence {s['confidence']:.2f}" + (f"   ({flags})" if flags else "")
                 + f"   {len(s['evidence'])} evidence{triage}")
        rows = []
        for ev in s["evidence"]:
            notes = ", ".join(str(v) for v in (ev.get("modifier"), "hedged" if ev.get("hedged") else None,
                                                ev.get("citation"), _model_note(ev)) if v)
            doc = ev.get("doc") or ""
            title_text = ev.get("title") or doc
            rows.append([doc if title_text == doc else f"{doc}\n({title_text})",
                         " ".join(str(ev.get("sentence", "")).split()), notes])
        typer.echo(_table(title, ["document", "sentence", "notes"], rows, wrap=(0, 1, 2)))
    out(f"{result['x']['name']} ↔ {result['y']['name']}: {len(statements)} direct statement"
        f"{'s' if len(statements) != 1 else ''}")


def _model_note(ev: dict) -> str | None:
    """For evidence the relation model found: its probability and strongest features."""
    if ev.get("method") != "model":
        return None
    return f"model p={ev.get('probability')}: " + "; ".join(ev.get("features") or ())


@app.command("show")
def show_command(
    entity: Annotated[str, typer.Argument(help="A name, synonym or id.")],
    top: Annotated[int, typer.Option("--top", min=1, help="How many of the strongest relationships.")] = 10,
    format: AnswerFormatOption = AnswerFormat.table,
    backend: BackendOption = Backend.mirror,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """What the graph knows about ENTITY: category, identifiers, synonyms, degree, strongest relationships.

    Example: neurograph show SSRIs
    """
    from .answers import find_entity

    card = find_entity(entity, home=data_dir, backend=backend.value,
                       connection=connection_args(uri, user, password, database), top=top)
    if format == AnswerFormat.json:
        _dump_json(card)
        return
    degree = card["degree"]
    lines = [
        f"{card['name']}  ({card['id']})",
        f"category:   {card['category']}",
        f"synonyms:   {', '.join(card['synonyms']) or '-'}",
        f"xrefs:      {', '.join(card['xrefs']) or '-'}",
        f"statements: {degree['total']} ({degree['out']} out, {degree['in']} in)",
        f"documents:  {', '.join(card['documents']) or '-'}",
    ]
    for line in lines:
        out(line)
    if card["relationships"]:
        rows = [[f"{s['subject_name']} {s['type']} {s['object_name']}", _sign_cell(s["sign"]),
                 f"{s['confidence']:.2f}" + ("*" if s["hedged"] else ""), str(s["n_evidence"]), _quote(s["evidence"])]
                for s in card["relationships"]]
        typer.echo(_table(f"strongest relationships (top {len(rows)})", ["statement", "sign", "conf.", "evid.",
                                                                          "evidence"], rows, wrap=(0, 4)))


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
    population: PopulationOption = None,
    study_type: StudyTypeOption = None,
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
                        max_nodes=max_nodes, directed=not undirected, title=title, population=population,
                        study_type=study_type)
    for i, line in enumerate(result.paths, 1):
        err(f"path {i}: {line}")
    typer.echo(result.summary())  # `out` here is the --out path, not the module's out()
    if open_page:
        import webbrowser

        webbrowser.open(result.path.resolve().as_uri())

# --- commands: export -------------------------------------------------------


class ExportFormat(str, Enum):
    graphml = "graphml"
    json = "json"
    kgx = "kgx"
    neo4j_admin = "neo4j-admin"


@app.command("export")
def export_command(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="What to write: graphml, json (node-link), "
                                                 "kgx (Biolink KGX TSV) or neo4j-admin (bulk-import CSV).",
                                                 show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write into (created; same-named files "
                                                          "are replaced).", show_default=False)],
    data_dir: DataDirOption = None,
) -> None:
    """Export the last build to files other tools read; prints the files written.

    The export is written to a temporary folder and moved into place when
    complete, so a failure leaves nothing half-written. For neo4j-admin it also
    prints the `neo4j-admin database import full` command (kept in import.sh).

    Example: neurograph export --format kgx --out exports/kgx
    """
    from .export import ADMIN_COMMAND, admin_command_for, export_build

    with _status(f"exporting {format.value} to {out}"):
        files = export_build(out, format.value, home=data_dir)
    for path in files:
        typer.echo(f"{path}\t{path.stat().st_size} bytes")
    if format == ExportFormat.neo4j_admin:
        err(f"load into a stopped Neo4j 5 with: sh {out / ADMIN_COMMAND}\nwhich runs: {admin_command_for(out)}")


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command that ``args`` name, when they name one.

    Typer builds every command's options (signatures, annotations, types)
    before it parses anything: about a quarter of a cold ``neurograph path``.
    A copy holding only the named command parses, helps and fails the same
    for it. No command, an unknown one or shell completion get the whole app.
    """
    import copy
    import os

    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return app
    name = next((a for a in args if not a.startswith("-")), None)
    if name is None:
        return app
    commands = [c for c in app.registered_commands
                if (c.name or typer.main.get_command_name(c.callback.__name__)) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    pruned = copy.copy(app)
    pruned.registered_commands, pruned.registered_groups = commands, groups
    return pruned


def _traceback() -> None:
    """The current exception's traceback on stderr, with passwords in connection URIs hidden."""
    import traceback

    from .errors import redact_secrets

    sys.stderr.write(redact_secrets(traceback.format_exc()))


# --- commands: third-party resources -------------------------------------------

resources_app = typer.Typer(help="Install, verify and remove the vocabularies, corpora and graphs neurograph uses "
                                 "(into <data dir>/resources).\n\nExample: neurograph resources install",
                            no_args_is_help=True, rich_markup_mode=None)
app.add_typer(resources_app, name="resources")


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 2**10:.0f} KiB"


@resources_app.command("list")
def resources_list(
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
) -> None:
    """Show each resource: name, version, licence, source, installed or not, size; then attributions.

    Example: neurograph resources list
    """
    import json

    from .resources import list_resources

    rows = list_resources(home=data_dir)
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    header = ("name", "version", "licence", "installed", "size", "source")
    table = [header] + [(r["name"], r["version"], r["licence"], "yes" if r["installed"] else "no",
                         _size(r["size"]), r["source"]) for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header) - 1)]
    for row in table:
        typer.echo("  ".join(str(c).ljust(w) for c, w in zip(row, widths)) + "  " + str(row[-1]))
    typer.echo("\nAttribution:")
    for r in rows:
        typer.echo(f"- {r['name']}: {r['attribution']}")


@resources_app.command("install")
def resources_install(
    names: Annotated[Optional[list[str]], typer.Argument(help="Resources to install [default: all].")] = None,
    source: Annotated[Optional[str], typer.Option(
        "--from", help="A folder holding the files (e.g. ../shared/datasets) or a base URL mirroring them "
                       "[default: the folder beside the checkout when present, else the official URLs].")] = None,
    force: Annotated[bool, typer.Option("--force", help="Reinstall even when installed and intact.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Download or copy resources into the data directory, checking every checksum.

    Example: neurograph resources install mesh hpo --from ../shared/datasets
    """
    from .resources import install

    for manifest in install(names, source=source, home=data_dir, force=force, progress=err):
        state = "unchanged" if manifest.get("unchanged") else "installed"
        size = sum(f["size"] for f in manifest["files"].values())
        typer.echo(f"{state}: {manifest['name']} {manifest['version']} ({_size(size)}) from {manifest['source']}")


@resources_app.command("verify")
def resources_verify(
    names: Annotated[Optional[list[str]], typer.Argument(help="Resources to check [default: all installed].")] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Check installed files against the checksums recorded at install time. Exit 1 when one differs.

    Example: neurograph resources verify
    """
    from .resources import verify

    bad = 0
    for name, problems in verify(names, home=data_dir).items():
        if problems:
            bad += 1
            for problem in problems:
                typer.echo(f"{name}: {problem}")
        else:
            typer.echo(f"{name}: ok")
    if bad:
        raise typer.Exit(1)


@resources_app.command("remove")
def resources_remove(
    names: Annotated[list[str], typer.Argument(help="Resources to delete from the data directory.")],
    data_dir: DataDirOption = None,
) -> None:
    """Delete installed resources.

    Example: neurograph resources remove bc5cdr
    """
    from .resources import remove

    removed = remove(names, home=data_dir)
    for name in names:
        typer.echo(f"{'removed' if name in removed else 'not installed'}: {name}")


def _show_warnings_as_lines() -> None:
    """neurograph's own warnings (a stale store: :class:`neurograph.store.StaleStoreWarning`) as one
    ``warning:`` line on stderr, without Python's file and line."""
    import warnings

    shown = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if category.__module__.startswith("neurograph."):
            err(f"warning: {message}")
        else:
            shown(message, category, filename, lineno, file, line)

    warnings.showwarning = show


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the app, turning library errors into exit codes."""
    from .errors import NeurographError

    args = sys.argv[1:] if argv is None else list(argv)
    _state["exits"] = argv is None
    _show_warnings_as_lines()
    try:
        code = _app_for(args)(args=args, prog_name="neurograph", standalone_mode=False)
    except NeurographError as exc:
        if _state["debug"]:
            _traceback()
        err(f"error: {exc}")
        sys.exit(exc.exit_code)  # the same code with --debug: a script's check must not change
    except KeyboardInterrupt:
        err("interrupted")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err("aborted")
        sys.exit(1)
    except Exception as exc:
        # Usage errors (Typer vendors click, so match its exceptions by shape): usage text and exit 2.
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            sys.exit(exc.exit_code)
        if _state["debug"]:
            _traceback()
            sys.exit(1)
        err(f"error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
