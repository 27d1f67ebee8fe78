"""The shared command line of the scripts that regenerate marked blocks of the docs.

``scripts/doc_figures.py`` (figures) and ``scripts/readme_samples.py``
(command samples) each give a ``render(text) -> text`` that recomputes every
marked block of a file; :func:`main` rewrites the files whose blocks are
stale, or with ``--check`` only shows the difference and exits 1.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parents[1]


def texts(files: Iterable[Path], render: Callable[[str], str], parallel: bool = False) -> dict[Path, tuple[str, str]]:
    """Each file's ``(text, fresh text)``, in the order given.

    ``parallel`` renders the files at once, in threads: for a ``render`` that
    waits on subprocesses (a fresh data directory and server per file), so
    that the files take the time of the slowest rather than of all.
    """
    files = list(files)

    def one(path: Path) -> tuple[str, str]:
        text = path.read_text(encoding="utf-8")
        return text, render(text)

    if not parallel:
        return {path: one(path) for path in files}
    with ThreadPoolExecutor(max_workers=max(1, len(files))) as pool:
        return dict(zip(files, pool.map(one, files)))


def main(description: str, files: Iterable[Path], render: Callable[[str], str], argv: list[str] | None = None,
         parallel: bool = False) -> int:
    """Rewrite the stale ``files`` (``render`` gives each one's fresh text); with ``--check`` show them and return 1."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when a block is stale")
    args = parser.parse_args(argv)
    stale = 0
    for path, (text, fresh) in texts(files, render, parallel).items():
        if fresh == text:
            continue
        stale += 1
        name = str(path.relative_to(ROOT))
        if args.check:
            sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), fresh.splitlines(True),
                                                       name, name + " (regenerated)"))
        else:
            path.write_text(fresh, encoding="utf-8")
            print(f"updated {name}", file=sys.stderr)
    return 1 if stale and args.check else 0
