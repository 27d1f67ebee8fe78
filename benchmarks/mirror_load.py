"""Mirror file benchmark: save and load times of graph.json (JSON, no code execution) for the corpus and Hetionet.

Prints, for the corpus graph (built by the pipeline) and the Hetionet subset
(``neurograph.hetionet``, from ``../shared/datasets/hetionet`` next to the
checkout): file size, save time, ``graph.load_graph`` (a networkx graph) and
``mirror.load_mirror`` (the CLI's cold path, no networkx), each the median of
a few runs in a fresh child process (imports included). Asserts nothing.

The pickle it replaced loaded the same graphs in (same machine, load average 7-9, so slower than idle):
corpus 0.02 s / 0.05 s; Hetionet 13-15 s for load_graph (version 1 of the JSON format, a list per edge:
16-22 s in the same runs; version 2 is columnar, see neurograph.mirror_file).

Run: .venv/bin/python benchmarks/mirror_load.py [--runs 3] [--skip-hetionet]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HETIONET = ROOT.parent / "shared" / "datasets" / "hetionet"

_LOAD = """
import sys, time
t = time.perf_counter()
if sys.argv[2] == "graph":
    from neurograph.graph import load_graph as load
else:
    from neurograph.mirror import load_mirror as load
G = load(sys.argv[1])
print(time.perf_counter() - t)
"""


def _timed_loads(home: Path, runs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = {}
    for kind in ("graph", "mirror"):
        times = [float(subprocess.run([sys.executable, "-c", _LOAD, str(home), kind], env=env, check=True,
                                      capture_output=True, text=True).stdout) for _ in range(runs)]
        out[kind] = statistics.median(times)
    return out


def _report(name: str, G, home: Path, runs: int) -> None:
    from neurograph.graph import MIRROR_FILE, save_graph

    started = time.perf_counter()
    save_graph(G, home)
    saved = time.perf_counter() - started
    loads = _timed_loads(home, runs)
    size = (home / MIRROR_FILE).stat().st_size
    print(f"{name}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges; graph.json {size / 1e6:.1f} MB, "
          f"save {saved:.2f} s; load_graph {loads['graph']:.3f} s, load_mirror {loads['mirror']:.3f} s "
          f"(median of {runs}, with imports)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-hetionet", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    print(f"load average {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as tmp:
        from neurograph.pipeline import build

        corpus = build(home=Path(tmp) / "corpus").graph
        _report("corpus", corpus, Path(tmp) / "corpus", args.runs)
        if not args.skip_hetionet:
            from neurograph.hetionet import load_hetionet

            G = load_hetionet(HETIONET / "hetionet-v1.0-nodes.tsv", HETIONET / "hetionet-v1.0-edges-subset16.sif.gz")
            _report("hetionet", G, Path(tmp) / "hetionet", args.runs)


if __name__ == "__main__":
    main()
