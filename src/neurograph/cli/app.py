"""The Typer app, its shared state and options, and the output helpers every command uses."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import __version__

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
    from ..errors import redact_secrets
    from ..terminal import terminal_safe

    typer.echo(terminal_safe(redact_secrets(message)), err=True)


def out(text: str, nl: bool = True) -> None:
    """Text for stdout that is not JSON: tables, TSV, CSV, summaries (control characters made visible)."""
    from ..terminal import terminal_safe

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


class AnswerFormat(str, Enum):
    table = "table"
    json = "json"

AnswerFormatOption = Annotated[AnswerFormat, typer.Option("--format", "-f", help="Output format.")]


def _dump_json(data) -> None:
    import json

    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


# The evidence grade (extract.grade); values are checked by the library (paths.GradeFilter), so "in_vitro",
# "in vitro" and "randomized-trial" all work.
PopulationOption = Annotated[Optional[list[str]], typer.Option(
    "--population", help="Only statements with document evidence about this population: human, animal, in_vitro, "
                         "unknown (repeatable). Curated statements pass.")]
StudyTypeOption = Annotated[Optional[list[str]], typer.Option(
    "--study-type", help="Only statements with document evidence of this study type: meta-analysis, "
                         "randomised-trial, clinical-trial, observational, case-report, review, experimental, "
                         "popular-article, unknown (repeatable). Curated statements pass.")]
