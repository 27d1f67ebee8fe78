"""Views in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Every page is opened from a file:// URL with every other request aborted, so
each test also shows that the page needs no network. Screenshots go to
test-output/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from neurograph.view import write_view

from test_view import XSS_NAME, XSS_SENTENCE, XSS_SYNONYM, xss_graph

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = Path(__file__).resolve().parents[1] / "test-output"
# The shared datasets: ../shared beside the checkout.
HETIONET = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "hetionet"

# Playwright evaluates string predicates with eval(), which the page's Content-Security-Policy forbids;
# function expressions are compiled by the browser instead, so every predicate here is an arrow function.
STABILIZED = "() => window.neurograph !== undefined && window.neurograph.state.stabilized"


# Node labels drawn at >= 10 px inside the canvas (from vis-network's own label boxes), how many of them
# overlap another, and how many labels are too small to be drawn.
LABEL_BOXES = """() => {
  const net = neurograph.network, scale = net.getScale(), rect = document.getElementById('network').getBoundingClientRect();
  const threshold = neurograph.data.options.nodes.scaling.label.drawThreshold;
  const boxes = []; let hidden = 0;
  for (const id of net.body.nodeIndices) {
    const node = net.body.nodes[id], label = node.labelModule, px = label.fontOptions.size * scale;
    if (px < threshold - 1) { hidden++; continue; }
    if (px < 10 || !label.size.width) continue;
    const a = net.canvasToDOM({x: label.size.left, y: label.size.top});
    const b = net.canvasToDOM({x: label.size.left + label.size.width, y: label.size.top + label.size.height});
    if (b.x < 0 || b.y < 0 || a.x > rect.width || a.y > rect.height) continue;
    boxes.push([a.x, a.y, b.x, b.y]);
  }
  const overlapping = boxes.filter((p, i) => boxes.some((q, j) => j !== i && p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3])).length;
  return [boxes.length, overlapping, hidden];
}"""


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """An opened view: the Playwright page plus what it logged, asked for and popped up."""

    def __init__(self, browser, path: Path, timeout_ms: int = 120_000):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.blocked: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function(STABILIZED, timeout=timeout_ms, polling=100)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def drawn(self) -> tuple[int, int]:
        """Nodes and edges the network actually draws (its visible indices), not just the data."""
        return self.js("() => [neurograph.network.body.nodeIndices.length, neurograph.network.body.edgeIndices.length]")

    def dom_position(self, node_id: str) -> tuple[float, float]:
        """Page coordinates of a node's centre."""
        x, y = self.js("""(id) => { const p = neurograph.network.getPositions([id])[id];
                                   const d = neurograph.network.canvasToDOM(p);
                                   const r = document.getElementById('network').getBoundingClientRect();
                                   return [d.x + r.left, d.y + r.top]; }""", node_id)
        return x, y

    def hover(self, x: float, y: float) -> None:
        """Glide the mouse onto a point (vis-network shows tooltips on movement, after a delay)."""
        self.page.mouse.move(x - 40, y - 40)
        self.page.mouse.move(x, y, steps=6)
        self.page.wait_for_timeout(500)

    def problems(self) -> list:
        """Console errors and warnings, uncaught exceptions, dialogs and requests to the network."""
        bad = [f"{kind}: {text}" for kind, text in self.console if kind in ("error", "warning")]
        return bad + self.errors + [f"dialog: {d}" for d in self.dialogs] + [f"request: {u}" for u in self.blocked]

    def screenshot(self, name: str) -> Path:
        OUTPUT.mkdir(exist_ok=True)
        path = OUTPUT / name
        self.page.wait_for_timeout(500)  # the loading veil fades out
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_view(browser):
    pages: list[Page] = []

    def opener(path: Path, **kwargs) -> Page:
        page = Page(browser, path, **kwargs)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()


def test_corpus_graph_is_drawn_whole_offline_and_without_errors(corpus_graph, schema, open_view, tmp_path):
    result = write_view(corpus_graph, tmp_path / "corpus.html", schema=schema)
    page = open_view(result.path)
    assert page.drawn() == [result.nodes, result.edges]
    assert page.js("() => [neurograph.nodes.length, neurograph.edges.length]") == [result.nodes, result.edges]
    entities = sum(1 for _, d in corpus_graph.nodes(data=True) if d["kind"] == "entity")
    statements = sum(1 for *_, d in corpus_graph.edges(data=True) if d["kind"] == "statement")
    assert (result.nodes, result.edges) == (entities, statements)
    # Laid out before the page was written: physics off, and nothing moves while one reads.
    assert page.js("() => neurograph.network.physics.physicsEnabled") is False
    assert page.js("() => document.getElementById('physics').checked") is False
    before = page.js("() => neurograph.network.getPositions()")
    page.page.wait_for_timeout(1000)
    assert page.js("() => neurograph.network.getPositions()") == before
    # Level of detail: readable labels (>= 10 px on screen) that do not overlap, the rest hidden until zoom.
    readable, overlapping, hidden = page.js(LABEL_BOXES)
    assert readable >= 25 and overlapping <= 0.05 * readable and hidden > 0
    page.js("() => { neurograph.network.moveTo({scale: neurograph.network.getScale() * 3}); neurograph.levelOfDetail(); }")
    page.page.wait_for_timeout(100)
    zoomed, _, _ = page.js(LABEL_BOXES)
    assert zoomed > 0
    # Chromium parsed every rule of the page's stylesheet (a syntax error drops rules).
    css = (Path(__file__).resolve().parents[1] / "src/neurograph/view_assets/app.css").read_text()
    rules = page.js("() => document.styleSheets[1].cssRules.length")
    assert rules == len(re.findall(r"\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)))
    assert page.problems() == []
    page.screenshot("view-corpus.png")


def test_neighbourhood_counts_and_category_filter(corpus_graph, schema, open_view, tmp_path):
    result = write_view(corpus_graph, tmp_path / "mg.html", ["magnesium"], depth=1, schema=schema)
    page = open_view(result.path)
    assert page.drawn() == [result.nodes, result.edges]
    foods = page.js("() => neurograph.nodes.get({filter: n => n.category === 'Food'}).map(n => n.id)")
    assert foods, "magnesium's neighbourhood has foods in the corpus"
    food_edges = page.js("(ids) => neurograph.edges.get({filter: e => ids.includes(e.from) || ids.includes(e.to)}).length",
                         foods)
    legend_count = page.page.locator("#legend-categories label", has_text="food").locator(".count").inner_text()
    assert int(legend_count) == len(foods)

    page.page.locator("#legend-categories label", has_text="food").locator("input").click()
    assert page.drawn() == [result.nodes - len(foods), result.edges - food_edges]
    visible = set(page.js("() => neurograph.network.body.nodeIndices"))
    assert not visible & set(foods)
    assert "of %d entities" % result.nodes in page.page.locator("#summary").inner_text()

    page.page.locator("#show-all").click()
    assert page.drawn() == [result.nodes, result.edges]
    assert page.problems() == []
    page.screenshot("view-magnesium.png")


def test_relationship_type_and_sign_filters(toy_graph, schema, open_view, tmp_path):
    result = write_view(toy_graph, tmp_path / "toy.html", schema=schema)
    page = open_view(result.path)
    assert page.drawn() == [7, 8]
    page.page.locator("#legend-types label", has_text="antagonist of").locator("input").click()
    assert page.drawn() == [7, 6]  # two ANTAGONIST_OF statements hidden, their entities stay
    page.page.locator("#legend-signs label", has_text="increase").locator("input").click()
    assert page.drawn() == [7, 3]  # ACTIVATES, INCREASES and HAS_SYMPTOM hidden too
    page.page.locator("#legend-types label", has_text="antagonist of").locator("input").click()
    assert page.drawn() == [7, 5]
    assert page.problems() == []


def test_tooltips_show_cards_and_search_focuses_a_node(toy_graph, schema, open_view, tmp_path):
    result = write_view(toy_graph, tmp_path / "toy.html", schema=schema)
    page = open_view(result.path)
    x, y = page.dom_position("CHEBI:18420")
    page.hover(x, y)
    tooltip = page.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    text = tooltip.inner_text()
    assert "magnesium" in text and "Mg2+" in text and "CHEBI:18420" in text and "mineral / electrolyte" in text
    page.page.mouse.click(x, y)
    assert "magnesium ions" in page.page.locator("#details").inner_text()

    search = page.page.locator("#search")
    search.fill("N-methyl-D-aspartate receptor")  # a synonym
    search.press("Enter")
    assert page.js("() => neurograph.network.getSelectedNodes()") == ["FPLX:NMDA_receptor"]
    assert "NMDA receptor" in page.page.locator("#details").inner_text()
    search.fill("no such thing")
    search.press("Enter")
    assert "No entity matches" in page.page.locator("#search-status").inner_text()
    page.page.locator("#legend-categories label", has_text="receptor").locator("input").click()
    search.fill("nmda")
    search.press("Enter")
    assert "hidden by the receptor filter" in page.page.locator("#search-status").inner_text()
    assert page.problems() == []


def test_physics_switch(toy_graph, schema, open_view, tmp_path):
    page = open_view(write_view(toy_graph, tmp_path / "toy.html", schema=schema).path)
    page.page.locator("#physics").check()
    assert page.js("() => neurograph.network.physics.physicsEnabled") is True
    page.page.locator("#physics").uncheck()
    assert page.js("() => neurograph.network.physics.physicsEnabled") is False
    page.page.locator("#edge-labels").uncheck()
    assert page.js("() => neurograph.edges.get().every(e => !e.label)") is True
    page.page.locator("#edge-labels").check()
    assert page.js("() => neurograph.edges.get().every(e => e.label === e.typeLabel)") is True
    assert page.problems() == []


def test_paths_are_highlighted_and_listed(corpus_graph, schema, open_view, tmp_path):
    result = write_view(corpus_graph, tmp_path / "paths.html", path=("magnesium", "depression"), depth=0,
                        schema=schema)
    page = open_view(result.path)
    assert page.drawn() == [result.nodes, result.edges]
    listed = page.page.locator("#paths li")
    assert listed.count() == len(result.paths) >= 1
    assert listed.first.inner_text().startswith("magnesium")
    listed.first.click()
    selected = page.js("() => neurograph.network.getSelectedNodes()")
    first = page.js("() => neurograph.data.paths[0].nodes")
    assert set(selected) == set(first)
    widths = page.js("() => neurograph.edges.get().map(e => [e.onPath, e.width])")
    assert all(w >= 4 for on, w in widths if on)
    assert page.problems() == []
    page.screenshot("view-paths.png")


def test_script_in_documents_never_runs(schema, open_view, tmp_path):
    result = write_view(xss_graph(schema), tmp_path / "evil.html", schema=schema)
    page = open_view(result.path)
    # Show every piece of untrusted text the page can show: tooltips, the details card, search.
    page.page.wait_for_timeout(300)
    for node in ("X:evil", "CHEBI:27363"):
        x, y = page.dom_position(node)
        page.hover(x, y)
    x, y = page.dom_position("X:evil")
    page.hover(x, y)
    tooltip = page.page.locator("div.vis-tooltip")
    assert XSS_NAME in tooltip.inner_text()
    ex, ey = page.dom_position("X:evil")
    page.page.mouse.click(ex, ey)
    assert XSS_SYNONYM in page.page.locator("#details").inner_text()
    zx, zy = page.dom_position("CHEBI:27363")
    mx, my = (ex + zx) / 2, (ey + zy) / 2
    page.page.mouse.click(mx, my)  # the statement between them: its card holds the evil sentence
    details = page.page.locator("#details").inner_text()
    assert "<script>alert(1)</script>" in details and "<iframe src=javascript:alert(1)>" in details
    page.page.locator("#search").fill(XSS_NAME)
    page.page.locator("#search").press("Enter")

    assert page.dialogs == []
    injected = page.js("""() => ({img: document.querySelectorAll('img').length,
                                  iframe: document.querySelectorAll('iframe').length,
                                  scripts: document.querySelectorAll('script').length,
                                  bold: document.querySelectorAll('#details b, .vis-tooltip b').length})""")
    assert injected == {"img": 0, "iframe": 0, "scripts": 3, "bold": 0}
    assert page.problems() == []
    assert XSS_SENTENCE.split("\u2028")[0].strip() in details


def test_hetionet_two_hop_neighbourhood_of_ketamine_opens_laid_out(schema, open_view, tmp_path):
    from neurograph.hetionet import load_hetionet

    G = load_hetionet(HETIONET / "hetionet-v1.0-nodes.tsv", HETIONET / "hetionet-v1.0-edges-subset16.sif.gz",
                      schema=schema)
    result = write_view(G, tmp_path / "ketamine.html", ["Compound::DB01221"], depth=2, schema=schema)
    assert result.nodes > 1000  # big enough to mean something
    page = open_view(result.path, timeout_ms=120_000)
    assert page.drawn() == [result.nodes, result.edges]
    assert page.js("() => neurograph.network.physics.physicsEnabled") is False
    # Ready on the first drawing (no stabilisation run), with the most connected labels readable.
    assert page.js("() => neurograph.data.options.physics.stabilization.enabled") is False
    page.page.wait_for_timeout(300)
    readable, overlapping, _ = page.js(LABEL_BOXES)
    assert readable >= 25 and overlapping <= 0.05 * readable
    assert page.js("() => neurograph.network.getSelectedNodes().length") == 0
    assert page.problems() == []
    page.screenshot("view-ketamine-hetionet.png")


def test_click_expands_and_collapses_double_click_focuses_and_back(corpus_graph, schema, open_view, tmp_path):
    result = write_view(corpus_graph, tmp_path / "mg.html", ["magnesium"], depth=1, schema=schema)
    page = open_view(result.path)
    context = page.js("() => [neurograph.data.context.nodes.length, neurograph.data.context.edges.length]")
    assert context[0] > 0
    # An entity of the outer ring with undrawn neighbours: a click adds them, a second click takes them back.
    target = page.js("""() => { const ids = new Set(neurograph.nodes.getIds());
        const e = neurograph.data.context.edges.find(e => ids.has(e.from) !== ids.has(e.to)); return ids.has(e.from) ? e.from : e.to; }""")
    x, y = page.dom_position(target)
    page.page.mouse.click(x, y)
    nodes_open, edges_open = page.drawn()
    assert nodes_open > result.nodes and edges_open > result.edges
    assert "click again to collapse" in page.page.locator("#details").inner_text()
    page.page.wait_for_timeout(600)  # two clicks apart, not a double-click
    page.page.mouse.click(*page.dom_position(target))
    assert page.drawn() == [result.nodes, result.edges]

    page.page.wait_for_timeout(600)
    page.page.mouse.dblclick(*page.dom_position(target))
    page.page.wait_for_timeout(300)
    shown = set(page.js("() => neurograph.nodesView.getIds()"))
    neighbours = set(page.js("""(id) => neurograph.edges.get().filter(e => e.from === id || e.to === id)
                                        .map(e => e.from === id ? e.to : e.from)""", target))
    assert shown == neighbours | {target} and len(shown) < page.js("() => neurograph.nodes.length")
    assert page.page.locator("#focus-bar").is_visible()
    page.page.locator("#focus-back").click()
    assert page.js("() => neurograph.nodesView.length") == page.js("() => neurograph.nodes.length")
    assert not page.page.locator("#focus-bar").is_visible()
    assert page.problems() == []


def test_evidence_panel_is_visible_filters_and_exports(corpus_graph, schema, open_view, tmp_path):
    result = write_view(corpus_graph, tmp_path / "mg.html", ["magnesium"], depth=1, schema=schema)
    page = open_view(result.path)
    # The panel with the selected statement's evidence shows without scrolling.
    edge = page.js("() => neurograph.data.edges.find(e => e.card.evidence.length).id")
    page.js("(id) => neurograph.network.selectEdges([id])", edge)
    page.js("""(id) => neurograph.network.body.emitter.emit('click',
                 {nodes: [], edges: [id], event: {}, pointer: {DOM: {x: 0, y: 0}, canvas: {x: 0, y: 0}}})""", edge)
    box = page.page.locator("#details").bounding_box()
    assert box["y"] + 40 < 900 and "evidence (" in page.page.locator("#details").inner_text()
    # Edge labels show on selection only in views that start without them.
    assert page.js("(id) => neurograph.edges.get(id).label", edge) == page.js(
        "(id) => neurograph.edges.get(id).typeLabel", edge)

    docs = page.js("() => neurograph.data.documents")
    assert docs and page.page.locator("#doc-filter option").count() == len(docs) + 1
    page.page.locator("#doc-filter").select_option(docs[-1]["id"])
    assert page.drawn()[1] == docs[-1]["count"]
    page.page.locator("#doc-filter").select_option("")
    assert page.drawn() == [result.nodes, result.edges]
    page.js("() => neurograph.setConfidence(0.95)")
    confident = page.js("() => neurograph.edges.get().filter(e => e.confidence === null || e.confidence >= 0.95).length")
    assert page.drawn()[1] == confident < result.edges

    png = page.js("() => neurograph.pngURL()")
    assert png.startswith("data:image/png;base64,") and len(png) > 10_000
    svg = page.js("() => neurograph.svgText()")
    assert svg.startswith("<svg") and svg.count("<line") == confident and svg.count("<circle") == result.nodes
    assert page.problems() == []
