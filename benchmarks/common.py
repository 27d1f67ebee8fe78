"""What the benchmark scripts share: where the datasets are, and writing a results file.

Benchmarks print figures and assert nothing. ``--write`` also saves what a
run printed to ``docs/benchmarks/NAME.txt``, headed by the machine and the
commit it ran on; the docs point to those files instead of quoting
machine-dependent numbers.
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The shared datasets live in ../shared beside the checkout (never a fixed machine path).
DATASETS = ROOT.parent / "shared" / "datasets"
HETIONET = DATASETS / "hetionet"
RESULTS = ROOT / "docs" / "benchmarks"


def machine() -> str:
    """One line: cores, load average, Python, commit."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return (f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
            f"commit {commit}")


class _Tee(io.TextIOBase):
    def __init__(self, *streams):
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


@contextlib.contextmanager
def results(name: str, write: bool):
    """Run the body; with ``write``, save what it printed to docs/benchmarks/NAME.txt."""
    if not write:
        yield
        return
    buffer = io.StringIO()
    command = " ".join([Path(sys.argv[0]).as_posix().split("/")[-1], *sys.argv[1:]])
    header = (f"# benchmarks/{command}\n# {time.strftime('%Y-%m-%d', time.gmtime())}; {machine()}\n"
              "# Machine-dependent figures: rerun the benchmark with --write to refresh.\n")
    with contextlib.redirect_stdout(_Tee(sys.stdout, buffer)):
        yield
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.txt").write_text(header + buffer.getvalue(), encoding="utf-8")
    print(f"wrote {(RESULTS / f'{name}.txt').relative_to(ROOT)}", file=sys.stderr)
