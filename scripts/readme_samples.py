"""Regenerate (or check) the sample outputs in README.md and docs (store, view) by running the commands they show.

Each sample is a fenced block between ``<!-- sample: NAME -->`` and ``<!-- /sample -->``; the block holds
``$ neurograph ...`` lines each followed by what the command printed to stdout (and, for refused commands,
the ``error:`` line it printed to stderr). The commands run on the sample corpus in a fresh data directory
with the embedded server, output piped (so tables are drawn at their piped width). Two things that differ
from run to run are normalised: the data directory's path (shown as ``~/.local/share/neurograph``) and
durations (``in 10.5 s`` becomes ``in … s``).

    python scripts/readme_samples.py          # rewrite README.md
    python scripts/readme_samples.py --check  # exit 1 and show the difference when README.md is stale

tests/test_readme.py runs the check, so a sample cannot go stale.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# Also the docs' samples (a fence may name its language: ```console).
FILES = [README, ROOT / "docs" / "store.md", ROOT / "docs" / "view.md"]
BLOCK = re.compile(r"(<!-- sample: (?P<name>[\w-]+) -->\n```\w*\n)(?P<body>.*?)(```\n<!-- /sample -->)", re.S)
COMMAND = re.compile(r"^\$ (neurograph .*)$", re.M)


def _run(command: str, home: Path) -> str:
    args = shlex.split(command)[1:]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_") and k != "COLUMNS"}
    env["NEUROGRAPH_HOME"] = str(home)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    # In the data directory: files a command writes (``view -o page.html``) land there, not in the checkout.
    out = subprocess.run([sys.executable, "-m", "neurograph.cli", *args], capture_output=True, text=True, env=env,
                         cwd=home, timeout=600)
    text = out.stdout
    if out.returncode != 0:
        text += "".join(line + "\n" for line in out.stderr.splitlines() if line.startswith("error:"))
    text = text.replace(str(home), "~/.local/share/neurograph")
    return re.sub(r"\bin \d+(?:\.\d+)? s\b", "in … s", text)


def render(text: str) -> str:
    """README text with every sample block's outputs regenerated.

    In a fresh data directory of its own (with its own server), removed
    afterwards: renders of several files may run at once.
    """
    home = Path(tempfile.mkdtemp(prefix="neurograph-readme-"))
    started = False
    try:
        out = []
        last = 0
        for match in BLOCK.finditer(text):
            # The server only for the commands that talk to the store (docs/view.md's samples need none).
            if not started and re.search(r"^\$ neurograph (load|cypher)\b", match["body"], re.M):
                subprocess.run([sys.executable, "-m", "neurograph.cli", "server", "start", "--data-dir", str(home)],
                               check=True, capture_output=True, cwd=ROOT,
                               env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
                started = True
            body = "".join(f"$ {command}\n" + _run(command, home) for command in COMMAND.findall(match["body"]))
            out.append(text[last:match.start()] + match.group(1) + body + match.group(4))
            last = match.end()
        out.append(text[last:])
        return "".join(out)
    finally:
        if started:
            subprocess.run([sys.executable, "-m", "neurograph.cli", "server", "stop", "--data-dir", str(home)],
                           capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generated_blocks import main

    sys.exit(main(__doc__.splitlines()[0], FILES, render, parallel=True))
