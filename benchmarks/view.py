"""View benchmark: how fast a page opens, how readable it is at the opening zoom, how big it is.

For each case it prints the entities and statements drawn, the page size,
the HTML generation time (selection + layout + drawing, median of
``--repeat`` runs) and, measured in headless Chromium (/usr/bin/chromium,
every non-file request aborted):

- ``interactive s``: page clock from navigation start until the laid-out
  graph is first drawn and the page's script has run (it answers clicks
  from then on);
- ``labels``: node labels drawn at 10 px or more on screen at the opening
  zoom, inside the canvas, measured from vis-network's own label boxes;
- ``overlap``: the share of those labels whose box overlaps another's;
- ``moved px``: the largest distance a node moved on screen between the
  first drawing and 3 s later (0: the drawing stands still).

Cases:

- ``corpus``: the whole graph built from data/documents;
- ``corpus-magnesium``: the depth-2 neighbourhood of magnesium in it;
- ``hetionet-ketamine``: the depth-2 neighbourhood of ketamine
  (Compound::DB01221) in the Hetionet subset (../shared/datasets/hetionet
  relative to the checkout);
- ``hetionet-2000``: the depth-2 neighbourhoods of ketamine and lithium
  (Compound::DB01356), trimmed to at most 2,000 entities, for the page size.

Figures depend on the machine and its load; the script prints them and never
fails on them. ``--screenshot PATH`` saves the whole corpus graph as it opens
(the picture in docs/view-corpus.png).

Usage::

    .venv/bin/python benchmarks/view.py                  # all cases
    .venv/bin/python benchmarks/view.py --case corpus    # one case
    .venv/bin/python benchmarks/view.py --case corpus --screenshot docs/view-corpus.png
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

READY = "() => window.neurograph !== undefined && window.neurograph.state.stabilized"

# Label boxes as vis-network drew them, in page pixels; readable = drawn at >= 10 px inside the canvas.
LABELS = """() => {
  const net = neurograph.network, scale = net.getScale(), rect = document.getElementById('network').getBoundingClientRect();
  const threshold = neurograph.data.options.nodes.scaling.label.drawThreshold;
  const boxes = [];
  for (const id of net.body.nodeIndices) {
    const node = net.body.nodes[id], label = node.labelModule;
    if (!node.options.label || node.options.hidden) continue;
    const px = label.fontOptions.size * scale;
    if (px < 10 || px < threshold - 1) continue;
    const s = label.size;
    if (!s || !s.width) continue;
    const a = net.canvasToDOM({x: s.left, y: s.top}), b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
    if (b.x < 0 || b.y < 0 || a.x > rect.width || a.y > rect.height) continue;
    boxes.push([a.x, a.y, b.x, b.y]);
  }
  let overlapping = 0;
  for (let i = 0; i < boxes.length; i++) {
    const p = boxes[i];
    if (boxes.some((q, j) => j !== i && p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3])) overlapping++;
  }
  return {readable: boxes.length, overlapping: overlapping};
}"""

POSITIONS = """() => { const net = neurograph.network, pos = net.getPositions(), out = {};
  for (const id in pos) { const d = net.canvasToDOM(pos[id]); out[id] = [d.x, d.y]; } return out; }"""


def corpus_graph():
    from neurograph.pipeline import build

    return build(home=tempfile.mkdtemp(prefix="ng-view-bench-"), force=True).graph


def hetionet_graph():
    from neurograph.hetionet import load_hetionet

    return load_hetionet(HETIONET / "hetionet-v1.0-nodes.tsv", HETIONET / "hetionet-v1.0-edges-subset16.sif.gz")


CASES = {
    "corpus": ("corpus", [], 1),
    "corpus-magnesium": ("corpus", ["magnesium"], 2),
    "hetionet-ketamine": ("hetionet", ["Compound::DB01221"], 2),
    "hetionet-2000": ("hetionet", ["Compound::DB01221", "Compound::DB01356"], 2),
}


def generate(G, out: Path, case: str, repeat: int) -> tuple[dict, list[float]]:
    """Write the page ``repeat`` times; the last result and every time."""
    from neurograph.view import render_view, select_view, write_view

    _, entities, depth = CASES[case]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        if case == "hetionet-2000":
            H = select_view(G, entities, depth=depth, max_nodes=None)
            keep = sorted(H.nodes, key=lambda n: (H.nodes[n]["distance"], -H.nodes[n]["degree"], str(n)))[:2000]
            H = H.subgraph(keep).copy()
            out.write_text(render_view(H), encoding="utf-8")
            nodes, edges = H.number_of_nodes(), H.number_of_edges()
        else:
            result = write_view(G, out, entities, depth=depth)
            nodes, edges = result.nodes, result.edges
        times.append(time.perf_counter() - start)
    return {"nodes": nodes, "edges": edges, "bytes": out.stat().st_size}, times


def open_page(browser, page_path: Path, screenshot: Path | None = None) -> dict:
    """Open the page once: time to interactive, label figures, movement over 3 s."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                  else route.abort())
    page = context.new_page()
    page.goto(page_path.resolve().as_uri())
    page.wait_for_function(READY, timeout=900_000, polling=50)
    figures = page.evaluate("() => ({ready_ms: Math.max(neurograph.state.stabilizedAt, neurograph.state.scriptDoneAt)})")
    page.wait_for_timeout(300)  # the level of detail runs after the first drawing
    figures.update(page.evaluate(LABELS))
    before = page.evaluate(POSITIONS)
    page.wait_for_timeout(3000)
    after = page.evaluate(POSITIONS)
    figures["moved_px"] = max((abs(before[k][0] - after[k][0]) + abs(before[k][1] - after[k][1]) for k in before),
                              default=0.0)
    if screenshot is not None:
        page.screenshot(path=str(screenshot))
    context.close()
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", action="append", choices=list(CASES))
    parser.add_argument("--repeat", type=int, default=2, help="HTML generations per case (median reported)")
    parser.add_argument("--browser-repeat", type=int, default=2, help="browser openings per case (median reported)")
    parser.add_argument("--screenshot", type=Path, help="save the whole corpus graph as it opens to this PNG")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--write", action="store_true", help="also save the output to docs/benchmarks/view.txt")
    args = parser.parse_args(argv)
    with results("view", args.write):
        return _run(args)


def _run(args) -> int:
    cases = args.case or list(CASES)

    from playwright.sync_api import sync_playwright

    out_dir = Path(tempfile.mkdtemp(prefix="ng-view-bench-"))
    rows = []
    graphs: dict[str, object] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for case in cases:
            source = CASES[case][0]
            load_s = None
            if source not in graphs:
                start = time.perf_counter()
                graphs[source] = hetionet_graph() if source == "hetionet" else corpus_graph()
                load_s = time.perf_counter() - start
            page_path = out_dir / f"{case}.html"
            counts, gen_times = generate(graphs[source], page_path, case, args.repeat)
            runs = [open_page(browser, page_path, args.screenshot if case == "corpus" and i == 0 else None)
                    for i in range(args.browser_repeat)]
            rows.append({
                "case": case, **counts,
                "graph_load_s": round(load_s, 2) if load_s is not None else None,
                "generate_s": round(statistics.median(gen_times), 3),
                "interactive_s": round(statistics.median(r["ready_ms"] for r in runs) / 1000, 2),
                "labels_readable": runs[0]["readable"],
                "labels_overlapping_share": round(runs[0]["overlapping"] / max(runs[0]["readable"], 1), 3),
                "moved_px_after_3s": round(max(r["moved_px"] for r in runs), 1),
            })
        browser.close()

    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    header = ("case", "entities", "statements", "page MB", "generate s", "interactive s", "labels", "overlap",
              "moved px")
    print("  ".join(f"{h:>18}" if i == 0 else f"{h:>13}" for i, h in enumerate(header)))
    for r in rows:
        cells = (r["case"], r["nodes"], r["edges"], f"{r['bytes'] / 1e6:.2f}", f"{r['generate_s']:.3f}",
                 f"{r['interactive_s']:.2f}", r["labels_readable"], f"{100 * r['labels_overlapping_share']:.1f}%",
                 r["moved_px_after_3s"])
        print("  ".join(f"{c:>18}" if i == 0 else f"{c:>13}" for i, c in enumerate(cells)))
    loads = [f"{r['case'].split('-')[0]} graph {r['graph_load_s']} s" for r in rows if r["graph_load_s"] is not None]
    print(f"(graph build/load, not counted above: {', '.join(loads)}; interactive = page clock from navigation "
          f"start to the first drawing after the script has run, median of {args.browser_repeat}; labels and overlap at "
          f"the opening zoom)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
