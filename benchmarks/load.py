"""Load throughput into the embedded server, and the Hetionet subset load.

Prints figures; asserts nothing (targets: >= 20k relationships/s, the
Hetionet subset in <= 60 s, <= 2 GiB peak RSS for each process).

    .venv/bin/python benchmarks/load.py synthetic [--relationships 50000] [--warmup 2]
    .venv/bin/python benchmarks/load.py hetionet [--batch-size 10000]
    .venv/bin/python benchmarks/load.py merged [--data-dir DIR] [--every N]

``merged`` loads the corpus graph with the Hetionet subset merged in (issue
14's target: <= 90 s), the mirror of ``neurograph build --with hetionet`` in
DIR (built there first when DIR holds no such build), then loads it again to
show the load is idempotent (nothing written). ``--every N`` loads a slice
to iterate on: every node and every Nth relationship.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from common import HETIONET, results

from neurograph.embedded import EmbeddedServer
from neurograph.schema import load_schema
from neurograph.store import GraphStore
from neurograph.synthetic import synthetic_graph


def peak_rss_mib(pid: int | None = None) -> float:
    """Peak resident set size (VmHWM) of a process, in MiB; this process by default."""
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) used so far by a process, this process by default."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class PhaseClock:
    """A progress callback that times each load step."""

    def __init__(self):
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.done: dict[str, int] = {}
        self.previous = 0
        self.start = time.perf_counter()

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if step not in self.first:
            print(f"  [{now - self.start:7.1f} s] {step} (total rows {total})", file=sys.stderr, flush=True)
            self.first[step] = self.last.get(next(reversed(self.last), ""), self.start) if self.last else self.start
        self.last[step] = now
        self.done[step] = self.done.get(step, 0) + done - self.previous
        self.previous = done

    def rate(self, step: str) -> tuple[int, float]:
        if step not in self.first:
            return 0, 0.0
        return self.done[step], self.last[step] - self.first[step]


def synthetic(args) -> None:
    schema = load_schema()
    # ~2.9 relationships per statement once MENTIONS are counted; size the statements to hit the target.
    n_statements = max(1000, int(args.relationships / 2.9))
    G = synthetic_graph(schema, n_entities=max(500, n_statements // 5), n_statements=n_statements, n_documents=40)
    print(f"synthetic graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships "
          f"(statements with 1-2 evidence sentences, corpus property shape)")
    home = tempfile.mkdtemp(prefix="ng-bench-")
    server = EmbeddedServer(home)
    info = server.start(heap=args.heap)
    try:
        # The first loads into a fresh server run while Java compiles the engine's hot code:
        # they are reported on their own ("fresh server"), then each batch size on a warm one.
        runs = [(f"fresh server, batch {args.batch_sizes[-1]}", args.batch_sizes[-1])] * args.warmup
        runs += [(f"batch {batch_size}", batch_size) for batch_size in args.batch_sizes]
        for i, (label, batch_size) in enumerate(runs):
            name = f"b{i}"
            server.create_database(name)
            with GraphStore(info.uri, info.user, info.password, name) as store:
                clock = PhaseClock()
                t0, server0, python0 = time.perf_counter(), cpu_seconds(info.pid), cpu_seconds()
                report = store.load(G, schema, batch_size=batch_size, progress=clock)
                total = time.perf_counter() - t0
                server_cpu, python_cpu = cpu_seconds(info.pid) - server0, cpu_seconds() - python0
                rels, secs = clock.rate("relationships")
                t1 = time.perf_counter()
                again = store.load(G, schema, batch_size=batch_size)
                noop = time.perf_counter() - t1
            print(f"{label:>26}: {rels / secs:>8,.0f} relationships/s "
                  f"({rels} in {secs:.1f} s); whole load {total:.1f} s (CPU: server {server_cpu:.1f} s, "
                  f"python {python_cpu:.1f} s); reload with nothing to write {noop:.1f} s (written {again.written}); "
                  f"load average {os.getloadavg()[0]:.1f}", flush=True)
            server.drop_database(name)
        print(f"peak RSS: python {peak_rss_mib():.0f} MiB, server {peak_rss_mib(info.pid):.0f} MiB "
              f"(heap {args.heap})")
    finally:
        server.stop()


def hetionet(args) -> None:
    from neurograph.hetionet import load_hetionet

    schema = load_schema()
    t0 = time.perf_counter()
    G = load_hetionet(HETIONET / "hetionet-v1.0-nodes.tsv", HETIONET / "hetionet-v1.0-edges-subset16.sif.gz",
                      schema=schema)
    parse = time.perf_counter() - t0
    print(f"hetionet mirror: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships, parsed in {parse:.1f} s "
          f"({ {k: v for k, v in G.graph.get('hetionet', {}).items() if not k.endswith('_file')} })")
    _load_into_server(G, schema, args)


def merged(args) -> None:
    from neurograph.graph import build_info, load_graph
    from neurograph.pipeline import build

    schema = load_schema()
    home = Path(args.data_dir or tempfile.mkdtemp(prefix="ng-bench-merged-"))
    info = build_info(home) if (home / "build.json").is_file() else None
    t0, cpu0 = time.perf_counter(), cpu_seconds()
    if info and info.get("merged"):
        G = load_graph(home)
        print(f"merged mirror read from {home} in {time.perf_counter() - t0:.1f} s (CPU {cpu_seconds() - cpu0:.1f} s)")
    else:
        G = build(home=home, with_sources=("hetionet",)).graph
        print(f"merged graph built in {time.perf_counter() - t0:.1f} s (CPU {cpu_seconds() - cpu0:.1f} s)")
    if args.every > 1:
        # A slice to iterate on: every node, every Nth relationship (a graph of its own: its counts differ).
        G.remove_edges_from([(u, v, k) for i, (u, v, k) in enumerate(G.edges(keys=True)) if i % args.every])
        G.graph["content_hash"] = f"{G.graph.get('content_hash')}-every-{args.every}"
    print(f"merged mirror: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships")
    _load_into_server(G, schema, args)


def _load_into_server(G, schema, args) -> None:
    home = tempfile.mkdtemp(prefix="ng-bench-het-")
    server = EmbeddedServer(home)
    t1 = time.perf_counter()
    info = server.start(heap=args.heap)
    started = time.perf_counter() - t1
    try:
        with GraphStore(info.uri, info.user, info.password, info.database) as store:
            clock = PhaseClock()
            t2, server0, python0 = time.perf_counter(), cpu_seconds(info.pid), cpu_seconds()
            report = store.load(G, schema, batch_size=args.batch_size, progress=clock)
            load = time.perf_counter() - t2
            server_cpu, python_cpu = cpu_seconds(info.pid) - server0, cpu_seconds() - python0
            nodes, node_secs = clock.rate("nodes")
            rels, rel_secs = clock.rate("relationships")
            plan_secs = clock.first.get("nodes", t2) - t2
            print(f"server start {started:.1f} s; load {load:.1f} s (plan {plan_secs:.1f} s, nodes {node_secs:.1f} s, "
                  f"relationships {rel_secs:.1f} s = {rels / max(rel_secs, 1e-9):,.0f}/s, "
                  f"finish {load - plan_secs - node_secs - rel_secs:.1f} s: digests, constraints, counts)")
            print(f"CPU during the load: server {server_cpu:.1f} s, python {python_cpu:.1f} s; "
                  f"load average {os.getloadavg()[0]:.1f} (2 cores)")
            c = report.counts
            print(f"store: {c['nodes']} nodes, {c['relationships']} relationships")
            t3, server3, python3 = time.perf_counter(), cpu_seconds(info.pid), cpu_seconds()
            again = store.load(G, schema, batch_size=args.batch_size)
            print(f"reload with nothing to write: {time.perf_counter() - t3:.1f} s (written {again.written}; CPU: "
                  f"server {cpu_seconds(info.pid) - server3:.1f} s, python {cpu_seconds() - python3:.1f} s)")
        print(f"peak RSS: python {peak_rss_mib():.0f} MiB, server {peak_rss_mib(info.pid):.0f} MiB "
              f"(heap {args.heap}); database on disk {server.status()['database_size'] / 2**20:.0f} MiB")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    s = sub.add_parser("synthetic")
    s.add_argument("--relationships", type=int, default=50_000)
    s.add_argument("--batch-sizes", type=int, nargs="+", default=[1000, 10_000])
    s.add_argument("--warmup", type=int, default=2, help="loads into a fresh server before the measured ones")
    s.add_argument("--heap", default="2g")
    h = sub.add_parser("hetionet")
    m = sub.add_parser("merged")
    m.add_argument("--data-dir", help="a data directory with (or for) a `build --with hetionet`")
    m.add_argument("--every", type=int, default=1, help="load a slice: every node, every Nth relationship")
    for p in (h, m):
        p.add_argument("--batch-size", type=int, default=10_000)
        p.add_argument("--heap", default="2g")
    for p in (s, h, m):
        p.add_argument("--write", action="store_true", help="also save the output to docs/benchmarks/")
    args = parser.parse_args()
    with results(f"load-{args.what}", args.write):
        {"synthetic": synthetic, "hetionet": hetionet, "merged": merged}[args.what](args)


if __name__ == "__main__":
    main()
