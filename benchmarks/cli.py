"""CLI start-up benchmark: wall time of `neurograph --help` and `neurograph --version` (target <= 0.3 s).

Runs each command several times as a fresh process and prints the median and the best, plus the import
time of neurograph.cli itself (python -X importtime), so a slow import can be found.

Usage::

    .venv/bin/python benchmarks/cli.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_S = 0.3
EXE = Path(sys.executable).with_name("neurograph")


def wall(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def import_breakdown(top: int = 6) -> list[tuple[float, str]]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import neurograph.cli"],
                         capture_output=True, text=True, check=True).stderr
    rows = []
    for line in out.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|(\s*)(\S+)", line)
        if m and len(m.group(2)) <= 3:  # top-level and first-level imports only
            rows.append((int(m.group(1)) / 1e6, m.group(3)))
    return sorted(rows, reverse=True)[:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"CLI start-up ({args.runs} runs each, load average {os.getloadavg()[0]:.1f})")
    for label, cmd in (("neurograph --help", [str(EXE), "--help"]), ("neurograph --version", [str(EXE), "--version"])):
        times = wall(cmd, args.runs)
        median = statistics.median(times)
        verdict = "met" if median <= TARGET_S else "missed"
        print(f"  {label:22s} median {median:.3f} s  best {min(times):.3f} s  target <= {TARGET_S} s ({verdict})")
    print("  slowest imports under neurograph.cli (cumulative s):")
    for seconds, name in import_breakdown():
        print(f"    {seconds:.3f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
