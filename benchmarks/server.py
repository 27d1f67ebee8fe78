"""A query with and without a running embedded server: the first `neurograph cypher` and the ones after it.

In a fresh data directory holding a small synthetic graph (loaded once, untimed), with no server running, it runs
``neurograph cypher QUERY --format json`` once (the command starts the server on demand) and then ``--runs`` more
times (the server kept alive by NEUROGRAPH_SERVER_IDLE), each as a fresh process, and prints the wall time and the
CPU time of the command's own process (user + system, from the kernel's child accounting; the server's CPU is
not in it) with the load average. Target (issue 15): the second command <= 1 s. Stops the server at the end.
Asserts nothing.

    .venv/bin/python benchmarks/server.py [--runs 5] [--write]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, results  # noqa: E402

QUERY = "MATCH (n:Entity) RETURN count(n) AS n"
TARGET_S = 1.0


def timed(args: list[str], env: dict) -> tuple[float, float]:
    """(wall s, CPU s) of one CLI run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "neurograph.cli", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="commands after the first")
    parser.add_argument("--write", action="store_true", help="save the figures to docs/benchmarks/server.txt")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ng-server-bench-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        env.update(NEUROGRAPH_HOME=home, NEUROGRAPH_SERVER_IDLE="600",
                   PYTHONPATH=str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""))
        from neurograph.graph import save_graph
        from neurograph.schema import load_schema
        from neurograph.synthetic import synthetic_graph

        save_graph(synthetic_graph(load_schema(), n_entities=500, n_statements=2000), home)
        subprocess.run([sys.executable, "-m", "neurograph.cli", "load"], env={**env, "NEUROGRAPH_SERVER_IDLE": "0"},
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with results("server", args.write):
                print(f"neurograph cypher {QUERY!r} --format json; load average {os.getloadavg()[0]:.1f} at start")
                wall, cpu = timed(["cypher", QUERY, "--format", "json"], env)
                print(f"  first (starts the server):  {wall:6.2f} s wall, {cpu:.2f} s CPU")
                runs = [timed(["cypher", QUERY, "--format", "json"], env) for _ in range(args.runs)]
                walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
                verdict = "met" if statistics.median(walls) <= TARGET_S else "missed"
                print(f"  next {args.runs} (server running): median {statistics.median(walls):.2f} s wall "
                      f"(best {min(walls):.2f}), median {statistics.median(cpus):.2f} s CPU; "
                      f"target <= {TARGET_S:g} s wall ({verdict})")
                wall, cpu = timed(["--version"], env)
                print(f"  for scale, `neurograph --version`: {wall:.2f} s wall, {cpu:.2f} s CPU; "
                      f"load average {os.getloadavg()[0]:.1f} at the end")
        finally:
            subprocess.run([sys.executable, "-m", "neurograph.cli", "server", "stop"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
