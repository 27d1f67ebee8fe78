"""The command line: every command has help with an example; errors are one line with the right exit code."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from neurograph import __version__
from neurograph.cli import app

runner = CliRunner()


def _commands(group, prefix=()):
    """Every command path of the app, sub-apps included."""
    import typer.main

    click_group = typer.main.get_command(group) if isinstance(group, typer.Typer) else group
    for name, command in click_group.commands.items():
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield path
            yield from _commands(command, path)
        else:
            yield path


COMMANDS = sorted(_commands(app))


def test_the_app_has_the_documented_commands():
    names = {c[0] for c in COMMANDS}
    assert {"extract", "build", "load", "cypher", "path", "neighbors", "explain", "show", "view", "export",
            "server"} <= names
    assert {("server", "start"), ("server", "stop"), ("server", "status")} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output, f"{' '.join(command)} --help shows no example"
    assert len(result.output.strip().splitlines()) >= 3


def run_cli(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "neurograph.cli", *args], capture_output=True, text=True,
                          timeout=120, **kwargs)


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"neurograph {__version__}"


def test_unknown_command_and_missing_argument_exit_2():
    assert run_cli("frobnicate").returncode == 2
    result = run_cli("path")
    assert result.returncode == 2 and "Missing argument" in result.stderr


def test_library_errors_are_one_line_without_traceback(tmp_path):
    missing = tmp_path / "missing.txt"
    result = run_cli("extract", str(missing))
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {missing}: no such file or folder"
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_debug_shows_the_traceback(tmp_path):
    result = run_cli("--debug", "extract", str(tmp_path / "missing.txt"))
    assert result.returncode == 1 and "Traceback" in result.stderr and "InputError" in result.stderr


def test_bad_document_gives_no_partial_output(tmp_path):
    (tmp_path / "good.txt").write_text("Magnesium blocks the NMDA receptor.")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    result = run_cli("extract", str(tmp_path))
    assert result.returncode == 1 and result.stdout == ""
    assert "bad.txt:1: binary file" in result.stderr


def test_build_then_commands_read_the_data_dir(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Magnesium blocks the NMDA receptor. Glutamate activates NMDA receptors.")
    home = tmp_path / "home"
    first = run_cli("build", str(docs), "--data-dir", str(home))
    assert first.returncode == 0, first.stderr
    assert "graph built" in first.stdout
    second = run_cli("build", str(docs), "--data-dir", str(home))
    assert "up to date" in second.stdout
    extract = run_cli("extract", str(docs), "--format", "tsv")
    assert extract.returncode == 0
    assert extract.stdout.splitlines()[0].startswith("subject\tpredicate\tobject")
    assert any(line.startswith("magnesium\tANTAGONIST_OF\tNMDA receptor") for line in extract.stdout.splitlines())


def test_main_builds_only_the_command_it_runs(monkeypatch):
    from neurograph.cli import _app_for

    def names(typer_app):
        return sorted([c.name or c.callback.__name__ for c in typer_app.registered_commands]
                      + [g.name for g in typer_app.registered_groups])

    assert names(_app_for(["--debug", "path", "magnesium", "dopamine"])) == ["path"]
    assert names(_app_for(["server", "status"])) == ["server"]
    assert names(_app_for(["extract", "--format", "tsv"])) == ["extract"]
    everything = names(app)
    assert names(_app_for([])) == names(_app_for(["--help"])) == names(_app_for(["frobnicate"])) == everything
    monkeypatch.setenv("_NEUROGRAPH_COMPLETE", "complete_bash")  # completion lists every command
    assert names(_app_for(["path"])) == everything


def test_a_single_command_run_through_main_keeps_its_help_and_errors():
    result = run_cli("path", "--help")
    assert result.returncode == 0 and "Usage: neurograph path" in result.stdout and "--max-hops" in result.stdout
    result = run_cli("path", "magnesium", "dopamine", "--max-hops", "0")
    assert result.returncode == 2 and "--max-hops" in result.stderr


def test_build_called_in_process_leaves_the_garbage_collector_as_it_was(tmp_path):
    """Only the `neurograph` program itself may skip collection and leave its graph to the OS at exit."""
    import gc

    from neurograph.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Magnesium increases dopamine release in rats.\n", encoding="utf-8")
    frozen = gc.get_freeze_count()
    with pytest.raises(SystemExit) as exited:
        main(["build", str(docs), "--curated-only", "--data-dir", str(tmp_path / "home")])
    assert exited.value.code in (0, None)
    assert (tmp_path / "home" / "graph.json").is_file()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
