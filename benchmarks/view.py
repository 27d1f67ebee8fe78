"""View benchmark: how long a page takes to make, and to settle in a browser.

For each case it prints the entities and statements drawn, the page size, the
HTML generation time (selection + drawing, median of ``--repeat`` runs), and
the in-browser time from navigation start to the layout's
``stabilizationIterationsDone`` (when physics freezes), measured in headless
Chromium (/usr/bin/chromium) with every non-file request aborted.

Cases:

- ``corpus``: the whole graph built from data/documents;
- ``corpus-magnesium``: the depth-2 neighbourhood of magnesium in it;
- ``hetionet-ketamine``: the depth-2 neighbourhood of ketamine
  (Compound::DB01221) in the Hetionet subset under ``../shared/datasets/hetionet`` beside the checkout.

Figures depend on the machine and its load (the browser lays out on one
core); the script prints them and never fails on them.

Usage::

    .venv/bin/python benchmarks/view.py                  # all cases
    .venv/bin/python benchmarks/view.py --case corpus    # one case
    .venv/bin/python benchmarks/view.py --json           # figures as JSON
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import HETIONET, ROOT, results  # noqa: F401
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def corpus_graph():
    from neurograph.pipeline import build

    return build(home=tempfile.mkdtemp(prefix="ng-view-bench-"), force=True).graph


def hetionet_graph():
    from neurograph.hetionet import load_hetionet

    return load_hetionet(HETIONET / "hetionet-v1.0-nodes.tsv", HETIONET / "hetionet-v1.0-edges-subset16.sif.gz")


def generate(G, out: Path, entities, depth: int, repeat: int) -> tuple[dict, list[float]]:
    """Write the page ``repeat`` times; the last result and every time."""
    from neurograph.view import write_view

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = write_view(G, out, entities, depth=depth)
        times.append(time.perf_counter() - start)
    return {"nodes": result.nodes, "edges": result.edges, "bytes": out.stat().st_size}, times


def settle(browser, page_path: Path, repeat: int) -> list[dict]:
    """Open the page ``repeat`` times; time to stabilised (page clock) and iterations."""
    runs = []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                      else route.abort())
        page = context.new_page()
        start = time.perf_counter()
        page.goto(page_path.resolve().as_uri())
        page.wait_for_function("() => window.neurograph !== undefined && window.neurograph.state.stabilized",
                               timeout=900_000, polling=100)
        wall = time.perf_counter() - start
        figures = page.evaluate("""() => ({stabilized_ms: neurograph.state.stabilizedAt,
            drawn_nodes: neurograph.network.body.nodeIndices.length,
            drawn_edges: neurograph.network.body.edgeIndices.length,
            iterations: neurograph.data.options.physics.stabilization.iterations})""")
        figures["wall_s"] = wall
        runs.append(figures)
        context.close()
    return runs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", action="append", choices=["corpus", "corpus-magnesium", "hetionet-ketamine"])
    parser.add_argument("--repeat", type=int, default=3, help="HTML generations per case (median reported)")
    parser.add_argument("--browser-repeat", type=int, default=2, help="browser openings per case (median reported)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--write", action="store_true", help="also save the output to docs/benchmarks/view.txt")
    args = parser.parse_args(argv)
    with results("view", args.write):
        return _run(args)


def _run(args) -> int:
    cases = args.case or ["corpus", "corpus-magnesium", "hetionet-ketamine"]

    from playwright.sync_api import sync_playwright

    out_dir = Path(tempfile.mkdtemp(prefix="ng-view-bench-"))
    rows = []
    graphs: dict[str, object] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for case in cases:
            source = "hetionet" if case.startswith("hetionet") else "corpus"
            load_s = None
            if source not in graphs:
                start = time.perf_counter()
                graphs[source] = hetionet_graph() if source == "hetionet" else corpus_graph()
                load_s = time.perf_counter() - start
            G = graphs[source]
            entities, depth = {"corpus": ([], 1), "corpus-magnesium": (["magnesium"], 2),
                               "hetionet-ketamine": (["Compound::DB01221"], 2)}[case]
            page_path = out_dir / f"{case}.html"
            counts, gen_times = generate(G, page_path, entities, depth, args.repeat)
            runs = settle(browser, page_path, args.browser_repeat)
            rows.append({
                "case": case, **counts,
                "graph_load_s": round(load_s, 2) if load_s is not None else None,
                "generate_s": round(statistics.median(gen_times), 3),
                "stabilized_s": round(statistics.median(r["stabilized_ms"] for r in runs) / 1000, 2),
                "open_wall_s": round(statistics.median(r["wall_s"] for r in runs), 2),
                "iterations": runs[0]["iterations"],
                "drawn_match": all((r["drawn_nodes"], r["drawn_edges"]) == (counts["nodes"], counts["edges"])
                                   for r in runs),
            })
        browser.close()

    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    header = ("case", "entities", "statements", "page MB", "generate s", "settled s", "iterations", "drawn ok")
    print("  ".join(f"{h:>18}" if i == 0 else f"{h:>10}" for i, h in enumerate(header)))
    for r in rows:
        cells = (r["case"], r["nodes"], r["edges"], f"{r['bytes'] / 1e6:.2f}", f"{r['generate_s']:.3f}",
                 f"{r['stabilized_s']:.2f}", r["iterations"], "yes" if r["drawn_match"] else "NO")
        print("  ".join(f"{c:>18}" if i == 0 else f"{c:>10}" for i, c in enumerate(cells)))
    loads = [f"{r['case'].split('-')[0]} graph {r['graph_load_s']} s" for r in rows if r["graph_load_s"] is not None]
    print(f"(graph build/load, not counted above: {', '.join(loads)}; settled = page clock from navigation "
          f"start to physics frozen, median of {args.browser_repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
