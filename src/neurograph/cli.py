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
