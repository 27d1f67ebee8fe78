"""Terminal output: document text cannot drive the terminal; errors keep their exit code and hide passwords."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from neurograph.terminal import terminal_safe

HOSTILE = "Magnesium\x1b]0;pwned\x07 blocks the NMDA receptor\x1b[2J\x9b31m. Glutamate activates NMDA receptors."


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "neurograph.cli", *args], capture_output=True, text=True,
                          timeout=180)


def test_terminal_safe_escapes_controls_but_keeps_lines_and_tabs():
    assert terminal_safe("a\x1b[2Jb\x07c\x7f\x85\u202e") == "a\\x1b[2Jb\\x07c\\x7f\\x85\\u202e"
    assert terminal_safe("row\tcell\nnext") == "row\tcell\nnext"


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    docs = root / "docs"
    docs.mkdir()
    (docs / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    home = root / "home"
    result = run_cli("build", str(docs), "--data-dir", str(home))
    assert result.returncode == 0, result.stderr
    return docs, home


@pytest.mark.parametrize("command", [
    ("extract", "{docs}", "--format", "tsv"),
    ("extract", "{docs}", "--format", "table"),
    ("path", "magnesium", "NMDA receptor", "--data-dir", "{home}"),
    ("explain", "magnesium", "NMDA receptor", "--data-dir", "{home}"),
])
def test_document_text_reaches_the_terminal_escaped(hostile_home, command):
    docs, home = hostile_home
    result = run_cli(*(a.format(docs=docs, home=home) for a in command))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\x9b" not in result.stdout
    assert "\\x1b" in result.stdout  # shown, not dropped: the reader sees that the text held an escape


def test_json_output_stays_exact(hostile_home):
    docs, _ = hostile_home
    result = run_cli("extract", str(docs), "--format", "jsonl")
    sentences = [ev["sentence"] for line in result.stdout.splitlines() for ev in json.loads(line)["evidence"]]
    assert any("\x1b]0;pwned\x07" in s for s in sentences)


def test_debug_keeps_the_exit_code():
    plain = run_cli("cypher", "MATCH (n) SET n.x = 1")
    debug = run_cli("--debug", "cypher", "MATCH (n) SET n.x = 1")
    assert plain.returncode == debug.returncode == 2
    assert "Traceback" in debug.stderr and "QueryRefusedError" in debug.stderr


def test_a_password_in_the_uri_is_never_echoed():
    for extra in ((), ("--debug",)):
        result = run_cli(*extra, "cypher", "RETURN 1 AS x", "--uri", "bolt://root:Sup3rS3cret@127.0.0.1:1")
        assert result.returncode == 1
        assert "Sup3rS3cret" not in result.stderr + result.stdout and "root:***@" in result.stderr
