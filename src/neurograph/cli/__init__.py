"""The ``neurograph`` command line: a thin twin of the library.

Each command parses its arguments, calls one library function and prints the
result to stdout. Diagnostics and progress go to stderr. Library errors
(:class:`~neurograph.errors.NeurographError`) become one line on stderr and an
exit code: 0 ok, 1 error, 2 bad usage or unknown name. ``--debug`` shows the
traceback instead. Heavy imports stay inside the commands so that
``neurograph --help`` and ``neurograph path`` start fast.

One module per group of commands; importing them registers their commands on
:data:`app` in the order ``--help`` lists them.
"""

from __future__ import annotations

import sys

import typer

from . import build, database, paths, curate, view_export, resources  # noqa: F401  (registers the commands)
from .app import _state, app, err

__all__ = ["app", "main"]


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

    from ..errors import redact_secrets

    sys.stderr.write(redact_secrets(traceback.format_exc()))


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
    from ..errors import NeurographError

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
