(function () {
  "use strict";
  performance.mark("neurograph-script");
  var data = JSON.parse(document.getElementById("neurograph-data").textContent);
  performance.mark("neurograph-parsed");
  var meta = data.meta;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function swatch(color, kind) {
    var s = el("span", kind === "line" ? "line" : "swatch");
    if (kind === "line") s.style.borderTopColor = color; else s.style.background = color;
    return s;
  }
  function signSymbol(sign) { return sign > 0 ? "+" : sign < 0 ? "\u2212" : "0"; }
  function truncate(text, limit) { return text.length > limit ? text.slice(0, limit - 1) + "\u2026" : text; }
  function addRow(dl, term, value) {
    if (value === undefined || value === null || value === "") return;
    dl.append(el("dt", null, term), el("dd", null, value));
  }

  // --- cards -------------------------------------------------------------------
  function nodeCard(node) {
    var c = node.card, box = el("div", "card");
    box.append(el("div", "card-title", c.name));
    var sub = el("div", "card-sub");
    sub.append(swatch(c.color), document.createTextNode(c.categoryDisplay));
    box.append(sub);
    var dl = el("dl");
    addRow(dl, "id", c.id);
    addRow(dl, "cross-refs", c.xrefs.join(", "));
    addRow(dl, "synonyms", c.synonyms.length ? c.synonyms.join(", ") : "none");
    addRow(dl, "statements", c.degree + " in the graph, " + c.drawn + " drawn");
    box.append(dl);
    return box;
  }
  function edgeCard(edge, full) {
    var c = edge.card, box = el("div", "card");
    box.append(el("div", "card-title", c.subject + " \u2014 " + c.typeDisplay + (c.symmetric ? " \u2014 " : " \u2192 ") + c.object));
    var dl = el("dl");
    addRow(dl, "type", c.type + (c.predicate ? " (" + c.predicate + ")" : ""));
    var signCell = el("dd");
    signCell.append(swatch(c.signColor, "line"), document.createTextNode(" " + c.signName + " (" + signSymbol(c.sign) + ")"));
    dl.append(el("dt", null, "sign"), signCell);
    addRow(dl, "confidence", c.confidence === null ? "" : c.confidence.toFixed(2));
    addRow(dl, "hedged", c.hedged ? "yes: every sentence hedges" : "no");
    if (c.triage) {
      var badge = el("dd");
      badge.append(el("span", "badge triage-" + c.triage, c.triage));
      if (c.triageBasis.length) badge.append(document.createTextNode(" " + c.triageBasis.join("; ")));
      dl.append(el("dt", null, "curated knowledge"), badge);
    }
    if (c.curated) addRow(dl, "curated", "yes");
    if (c.source) addRow(dl, "source", c.source);
    box.append(dl);
    var evidence = c.evidence, shown = full ? evidence.length : Math.min(evidence.length, 3);
    box.append(el("div", "source", evidence.length ? "evidence (" + evidence.length + "):" : "no evidence sentences"));
    for (var i = 0; i < shown; i++) {
      var ev = evidence[i];
      var quote = el("blockquote");
      quote.append(el("div", null, "\u201c" + (full ? ev.sentence : truncate(ev.sentence, 280)) + "\u201d"));
      var src = el("div", "source", "\u2014 " + (ev.citation || ev.docTitle || ev.doc) + (ev.doc && ev.docTitle && ev.docTitle !== ev.doc && !ev.pmid ? " (" + ev.doc + ")" : ""));
      if (ev.pmid && /^[0-9]+$/.test(ev.pmid)) {
        var link = el("a", "pubmed", "PMID " + ev.pmid);
        link.href = "https://pubmed.ncbi.nlm.nih.gov/" + ev.pmid + "/";
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        src.append(document.createTextNode(" "), link);
      }
      if (ev.studyType) src.append(el("span", "tag grade", ev.studyType));
      if (ev.population) src.append(el("span", "tag grade", ev.population));
      if (ev.hedged) src.append(el("span", "tag", "hedged"));
      if (ev.modifier) src.append(el("span", "tag", ev.modifier));
      if (ev.source === "curated") src.append(el("span", "tag", "curated"));
      quote.append(src);
      box.append(quote);
    }
    if (shown < evidence.length) box.append(el("div", "source", "\u2026 and " + (evidence.length - shown) + " more; click the statement to see all"));
    return box;
  }

  // --- data, filters and the network ------------------------------------------------
  // Cards point into the evidence table (each sentence travels once) and take what the legend knows.
  var signInfo = new Map(data.signs.map(function (s) { return [s.sign, s]; }));
  data.edges.concat(data.context.edges).forEach(function (e) {
    var sign = signInfo.get(e.sign) || { name: String(e.sign), color: "#7f7f7f" };
    Object.assign(e.card, { type: e.type, sign: e.sign, signName: sign.name, signColor: sign.color,
                            confidence: e.confidence === undefined ? null : e.confidence });
    e.card.evidence = e.card.evidence.map(function (i) { return data.evidence[i]; });
  });
  data.nodes.concat(data.context.nodes).forEach(function (n) {
    Object.assign(n.card, { name: n.name, category: n.category, categoryDisplay: data.categoryNames[n.category] || n.category,
                            color: n.color.background });
  });
  data.edges.forEach(function (e) { if (meta.edgeLabels) e.label = e.typeLabel; });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var categoryOf = new Map(data.nodes.map(function (n) { return [n.id, n.category]; }));
  var hidden = { category: new Set(), type: new Set(), sign: new Set() };
  // Filters beyond the legend: one document's statements, a least confidence, and the focus of a double-click.
  var view = { doc: "", docNodes: null, minConfidence: 0, focus: null };
  function nodeShown(id) {
    if (hidden.category.has(categoryOf.get(id))) return false;
    if (view.focus !== null && !view.focus.has(id)) return false;
    return view.docNodes === null || view.docNodes.has(id);
  }
  function edgeShown(e) {
    if (hidden.type.has(e.type) || hidden.sign.has(String(e.sign))) return false;
    if (view.doc && (e.docs || []).indexOf(view.doc) < 0) return false;
    if (view.minConfidence > 0 && e.confidence !== null && e.confidence !== undefined && e.confidence < view.minConfidence) return false;
    return nodeShown(e.from) && nodeShown(e.to);
  }
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return nodeShown(n.id); } });
  var edgesView = new vis.DataView(edges, { filter: edgeShown });

  var container = document.getElementById("network");
  performance.mark("neurograph-cards");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  performance.mark("neurograph-network");
  // stabilizedAt: the first drawing of the laid-out graph; scriptDoneAt: the page's script has run (both page clock).
  var state = { stabilized: false, stabilizedAt: null, scriptDoneAt: null };
  window.neurograph = { data: data, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
                        network: network, state: state, hidden: hidden };

  var loading = document.getElementById("loading");
  var physicsBox = document.getElementById("physics");
  var labelsBox = document.getElementById("edge-labels");
  physicsBox.checked = false;
  // Positions come laid out from Python: fit once, and the page is ready on its first drawing.
  network.fit({ maxZoomLevel: 1.5 });
  network.once("afterDrawing", function () {
    state.stabilized = true;
    state.stabilizedAt = performance.now();
    performance.mark("neurograph-drawn");
    state.openingScale = network.getScale();
    document.body.setAttribute("data-stabilized", "true");
    loading.hidden = true;
    levelOfDetail();
  });
  // --- level of detail ----------------------------------------------------------------------
  // Big views: the labels that fit without overlapping, most connected (and asked-for) first, are drawn at
  // LABEL_PX on screen; the rest get a size under the draw threshold and appear as zooming makes room.
  var LABEL_PX = 12;
  var FONT = data.options.nodes.font;
  var hiddenPx = meta.labelThreshold - 2;
  var byPriority = data.nodes.slice().sort(function (a, b) {
    return (b.anchor - a.anchor) || (b.focus - a.focus) || (b.onPath - a.onPath) || (b.card.drawn - a.card.drawn) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = LABEL_PX + "px " + FONT.face;
  var widthAt12 = new Map();
  var fontSize = new Map();
  function labelWidth(n) {
    var w = widthAt12.get(n.id);
    if (w === undefined) { w = measure.measureText(n.label || "").width; widthAt12.set(n.id, w); }
    return w;
  }
  function levelOfDetail() {
    if (!meta.levelOfDetail) return 0;
    var scale = network.getScale(), width = container.clientWidth, height = container.clientHeight;
    var present = new Set(nodesView.getIds());
    var boxes = [], updates = [], shown = 0;
    byPriority.forEach(function (n) {
      if (!present.has(n.id)) return;
      var body = network.body.nodes[n.id];
      if (!body) return;
      var px = Math.max(LABEL_PX, FONT.size * scale);
      var at = network.canvasToDOM({ x: body.x, y: body.y });
      var w = labelWidth(n) * px / LABEL_PX + 6, h = px * 1.25 + 2;
      var top = at.y + (body.options.size || 10) * scale + 1;
      var box = [at.x - w / 2, top, at.x + w / 2, top + h];
      var inside = box[2] > 0 && box[0] < width && box[3] > 0 && box[1] < height;
      var fits = inside && !boxes.some(function (q) {
        return box[0] < q[2] && q[0] < box[2] && box[1] < q[3] && q[1] < box[3];
      });
      var size;
      if (fits) { boxes.push(box); size = px / scale; shown++; } else size = Math.min(FONT.size, hiddenPx / scale);
      size = Math.round(size * 100) / 100;
      if (fontSize.get(n.id) !== size) { fontSize.set(n.id, size); updates.push({ id: n.id, font: { size: size } }); }
    });
    if (updates.length) nodes.update(updates);
    state.labelsShown = shown;
    return shown;
  }
  var lodTimer = null;
  function levelOfDetailSoon() {
    if (!meta.levelOfDetail) return;
    clearTimeout(lodTimer);
    lodTimer = setTimeout(levelOfDetail, 120);
  }
  window.neurograph.levelOfDetail = levelOfDetail;
  network.on("zoom", levelOfDetailSoon);
  network.on("dragEnd", levelOfDetailSoon);
  network.on("resize", levelOfDetailSoon);

  // --- edge labels on hover and selection ---------------------------------------------------------
  var labelled = new Set();
  function labelEdges(ids) {
    if (labelsBox.checked) return;
    var want = new Set(ids), updates = [];
    labelled.forEach(function (id) { if (!want.has(id) && edges.get(id)) updates.push({ id: id, label: "" }); });
    want.forEach(function (id) {
      var e = edges.get(id);
      if (e && !labelled.has(id)) updates.push({ id: id, label: e.typeLabel });
    });
    labelled = want;
    if (updates.length) edges.update(updates);
  }
  var hovered = null;
  function refreshEdgeLabels() {
    var ids = network.getSelectedEdges();
    if (hovered !== null) ids = ids.concat([hovered]);
    labelEdges(ids);
  }
  // Cards are built when first hovered (building thousands up front delays the first drawing); the hover
  // event comes before vis-network's tooltip delay ends, so the tooltip finds its card.
  var titled = new Set();
  function giveTitle(data, id, make) {
    if (titled.has(id)) return;
    var item = data.get(id);
    if (!item) return;
    titled.add(id);
    data.update({ id: id, title: make(item) });
  }
  network.on("hoverNode", function (p) { giveTitle(nodes, p.node, nodeCard); });
  network.on("hoverEdge", function (p) {
    giveTitle(edges, p.edge, function (e) { return edgeCard(e, false); });
    hovered = p.edge;
    refreshEdgeLabels();
  });
  network.on("blurEdge", function () { hovered = null; refreshEdgeLabels(); });
  network.on("select", refreshEdgeLabels);

  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });

  labelsBox.checked = !!meta.edgeLabels;
  labelsBox.addEventListener("change", function () {
    var on = labelsBox.checked;
    labelled = new Set();
    edges.update(data.edges.map(function (e) { return { id: e.id, label: on ? e.typeLabel : "" }; }));
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: { duration: 400 } }); });

  // --- summary, legend and filters -----------------------------------------------------
  var summary = document.getElementById("summary");
  function updateSummary() {
    var text = nodesView.length + " of " + nodes.length + " entities, " + edgesView.length + " of " + edges.length + " statements shown";
    if (meta.mode === "graph" && meta.graphEntities !== null && meta.graphEntities !== undefined) text += "; the graph has " + meta.graphEntities + " entities";
    if (meta.types.length) text += "; types: " + meta.types.join(", ");
    if (meta.categories.length) text += "; categories: " + meta.categories.join(", ");
    summary.textContent = text;
  }
  var checkboxes = [];
  function legend(containerId, items, kind, keyOf, swatchOf) {
    var box = document.getElementById(containerId);
    items.forEach(function (item) {
      var label = el("label");
      var input = el("input");
      input.type = "checkbox";
      input.checked = true;
      input.setAttribute("data-filter", kind);
      input.setAttribute("data-key", keyOf(item));
      input.addEventListener("change", function () { setFilter(kind, keyOf(item), input.checked); });
      checkboxes.push(input);
      label.append(input, swatchOf(item), el("span", "name", item.display || item.name), el("span", "count", item.count));
      box.append(label);
    });
  }
  function setFilter(kind, key, visible) {
    if (visible) hidden[kind].delete(key); else hidden[kind].add(key);
    checkboxes.forEach(function (c) {
      if (c.getAttribute("data-filter") === kind && c.getAttribute("data-key") === key) c.checked = visible;
    });
    refreshViews();
  }
  window.neurograph.setFilter = setFilter;
  legend("legend-categories", data.categories, "category", function (c) { return c.key; },
         function (c) { return swatch(c.color); });
  legend("legend-signs", data.signs.filter(function (s) { return s.count > 0; }), "sign",
         function (s) { return String(s.sign); }, function (s) { return swatch(s.color, "line"); });
  legend("legend-types", data.types, "type", function (t) { return t.key; }, function (t) {
    var sign = data.signs.filter(function (s) { return s.sign === t.sign; })[0];
    return swatch(sign ? sign.color : "#888", "line");
  });
  document.getElementById("show-all").addEventListener("click", function () {
    ["category", "type", "sign"].forEach(function (kind) { hidden[kind].clear(); });
    checkboxes.forEach(function (c) { c.checked = true; });
    setDocument("");
    setConfidence(0);
  });
  updateSummary();

  // --- details panel --------------------------------------------------------------------
  var details = document.getElementById("details");
  function showDetails(card) {
    details.classList.remove("muted");
    details.replaceChildren(card);
  }
  function refreshViews() {
    nodesView.refresh();
    edgesView.refresh();
    updateSummary();
    levelOfDetailSoon();
  }

  // --- document filter and confidence slider ------------------------------------------------------
  var docSelect = document.getElementById("doc-filter");
  (data.documents || []).forEach(function (d) {
    var option = document.createElement("option");
    option.value = d.id;
    option.textContent = truncate(d.title, 60) + " (" + d.count + ")";
    docSelect.append(option);
  });
  function setDocument(doc) {
    view.doc = doc || "";
    if (view.doc) {
      view.docNodes = new Set(data.nodes.filter(function (n) { return n.anchor; }).map(function (n) { return n.id; }));
      edges.forEach(function (e) {
        if ((e.docs || []).indexOf(view.doc) >= 0) { view.docNodes.add(e.from); view.docNodes.add(e.to); }
      });
    } else view.docNodes = null;
    docSelect.value = view.doc;
    refreshViews();
  }
  docSelect.addEventListener("change", function () { setDocument(docSelect.value); });
  var confidence = document.getElementById("confidence");
  var confidenceValue = document.getElementById("confidence-value");
  function setConfidence(value) {
    view.minConfidence = Number(value) || 0;
    confidence.value = String(view.minConfidence);
    confidenceValue.textContent = view.minConfidence.toFixed(2);
    refreshViews();
  }
  confidence.addEventListener("input", function () { setConfidence(confidence.value); });
  window.neurograph.setDocument = setDocument;
  window.neurograph.setConfidence = setConfidence;

  // --- expand, collapse and focus ---------------------------------------------------------------------
  // The 1-hop context travels in the page: a click adds an entity's undrawn neighbours around it, or takes
  // back what an earlier click added.
  var contextNodes = new Map((data.context.nodes || []).map(function (n) { return [n.id, n]; }));
  var contextEdgesAt = new Map();
  (data.context.edges || []).forEach(function (e) {
    [e.from, e.to].forEach(function (id) {
      if (!contextEdgesAt.has(id)) contextEdgesAt.set(id, []);
      contextEdgesAt.get(id).push(e);
    });
  });
  var expanded = new Map();
  function expand(id) {
    var fresh = [], added = [];
    (contextEdgesAt.get(id) || []).forEach(function (e) {
      if (edges.get(e.id)) return;
      var other = e.from === id ? e.to : e.from;
      if (!nodes.get(other) && fresh.indexOf(other) < 0) {
        if (!contextNodes.has(other)) return;
        fresh.push(other);
      }
      added.push(e);
    });
    if (!added.length) return 0;
    var at = network.getPositions([id])[id], centre = { x: 0, y: 0 };
    var away = Math.atan2(at.y - centre.y, at.x - centre.x), radius = 80 + 8 * fresh.length;
    nodes.add(fresh.map(function (other, i) {
      var n = Object.assign({}, contextNodes.get(other));
      var angle = away + (fresh.length === 1 ? 0 : (i / fresh.length - 0.5) * Math.PI * 1.6);
      n.x = at.x + radius * Math.cos(angle);
      n.y = at.y + radius * Math.sin(angle);
      n.addedBy = id;
      categoryOf.set(n.id, n.category);
      return n;
    }));
    edges.add(added.map(function (e) {
      var copy = Object.assign({}, e, { label: labelsBox.checked ? e.typeLabel : "" });
      copy.addedBy = id;
      return copy;
    }));
    expanded.set(id, { nodes: fresh, edges: added.map(function (e) { return e.id; }) });
    refreshViews();
    return fresh.length + added.length;
  }
  function collapse(id) {
    var record = expanded.get(id);
    if (!record) return 0;
    expanded.delete(id);
    record.nodes.forEach(function (n) { if (expanded.has(n)) collapse(n); });
    var gone = new Set(record.nodes);
    var stale = edges.get({ filter: function (e) { return gone.has(e.from) || gone.has(e.to); } }).map(function (e) { return e.id; });
    edges.remove(record.edges.concat(stale));
    nodes.remove(record.nodes);
    record.edges.concat(stale, record.nodes).forEach(function (gone) { titled.delete(gone); });
    refreshViews();
    return record.nodes.length + record.edges.length;
  }
  function toggle(id) { return expanded.has(id) ? -collapse(id) : expand(id); }
  var focusBar = document.getElementById("focus-bar");
  function focusOn(id) {
    if (!expanded.has(id)) expand(id);
    var keep = new Set([id]);
    edges.forEach(function (e) {
      if (e.from === id) keep.add(e.to);
      if (e.to === id) keep.add(e.from);
    });
    view.focus = keep;
    var node = nodes.get(id);
    document.getElementById("focus-text").textContent = "Focused on " + (node ? node.name : id) + " and its " + (keep.size - 1) + " neighbours.";
    focusBar.hidden = false;
    refreshViews();
    network.fit({ nodes: Array.from(keep), maxZoomLevel: 1.5 });
    levelOfDetailSoon();
  }
  function unfocus() {
    view.focus = null;
    focusBar.hidden = true;
    refreshViews();
    network.fit({ maxZoomLevel: 1.5 });
  }
  document.getElementById("focus-back").addEventListener("click", unfocus);
  window.neurograph.expand = expand;
  window.neurograph.collapse = collapse;
  window.neurograph.focusOn = focusOn;
  window.neurograph.unfocus = unfocus;
  window.neurograph.expanded = expanded;

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      var change = toggle(id);
      var card = nodeCard(nodes.get(id));
      if (change > 0) card.append(el("div", "source", "expanded: neighbours added; click again to collapse"));
      else if (change < 0) card.append(el("div", "source", "collapsed"));
      showDetails(card);
    } else if (params.edges.length) showDetails(edgeCard(edges.get(params.edges[0]), true));
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) focusOn(params.nodes[0]);
  });

  // --- export -----------------------------------------------------------------------------------------
  function download(name, href) {
    var a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
  }
  function pngURL() {
    var source = container.querySelector("canvas");
    var canvas = document.createElement("canvas");
    canvas.width = source.width;
    canvas.height = source.height;
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0);
    return canvas.toDataURL("image/png");
  }
  var SVG = "http://www.w3.org/2000/svg";
  function svgText() {
    var width = container.clientWidth, height = container.clientHeight, scale = network.getScale();
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("xmlns", SVG);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    var bg = document.createElementNS(SVG, "rect");
    bg.setAttribute("width", width); bg.setAttribute("height", height); bg.setAttribute("fill", "#ffffff");
    svg.append(bg);
    var title = document.createElementNS(SVG, "title");
    title.textContent = meta.title;
    svg.append(title);
    var shownNodes = nodesView.getIds(), at = {};
    var positions = network.getPositions(shownNodes);
    shownNodes.forEach(function (id) { at[id] = network.canvasToDOM(positions[id]); });
    edgesView.get().forEach(function (e) {
      var a = at[e.from], b = at[e.to];
      if (!a || !b) return;
      var line = document.createElementNS(SVG, "line");
      line.setAttribute("x1", a.x.toFixed(1)); line.setAttribute("y1", a.y.toFixed(1));
      line.setAttribute("x2", b.x.toFixed(1)); line.setAttribute("y2", b.y.toFixed(1));
      line.setAttribute("stroke", e.color.color);
      line.setAttribute("stroke-width", Math.max(0.5, e.width * scale).toFixed(2));
      if (e.dashes) line.setAttribute("stroke-dasharray", "5 4");
      var t = document.createElementNS(SVG, "title");
      t.textContent = e.card.subject + " " + e.typeLabel + " " + e.card.object;
      line.append(t);
      svg.append(line);
    });
    shownNodes.forEach(function (id) {
      var body = network.body.nodes[id], n = nodes.get(id), p = at[id];
      if (!body || !n) return;
      var r = Math.max(2, (body.options.size || 10) * scale);
      var dot = document.createElementNS(SVG, "circle");
      dot.setAttribute("cx", p.x.toFixed(1)); dot.setAttribute("cy", p.y.toFixed(1)); dot.setAttribute("r", r.toFixed(1));
      dot.setAttribute("fill", n.color.background);
      dot.setAttribute("stroke", n.color.border);
      var t = document.createElementNS(SVG, "title");
      t.textContent = n.name;
      dot.append(t);
      svg.append(dot);
      var px = body.labelModule.fontOptions.size * scale;
      if (px >= meta.labelThreshold - 1 && p.x > 0 && p.x < width && p.y > 0 && p.y < height) {
        var text = document.createElementNS(SVG, "text");
        text.setAttribute("x", p.x.toFixed(1));
        text.setAttribute("y", (p.y + r + px).toFixed(1));
        text.setAttribute("font-size", Math.min(px, 40).toFixed(1));
        text.setAttribute("font-family", FONT.face);
        text.setAttribute("text-anchor", "middle");
        text.setAttribute("paint-order", "stroke");
        text.setAttribute("stroke", "#ffffff");
        text.setAttribute("stroke-width", "3");
        text.setAttribute("fill", "#1d1d1f");
        text.textContent = n.label;
        svg.append(text);
      }
    });
    return new XMLSerializer().serializeToString(svg);
  }
  window.neurograph.pngURL = pngURL;
  window.neurograph.svgText = svgText;
  document.getElementById("export-png").addEventListener("click", function () { download("neurograph-view.png", pngURL()); });
  document.getElementById("export-svg").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([svgText()], { type: "image/svg+xml" }));
    download("neurograph-view.svg", url);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  // --- search ---------------------------------------------------------------------------
  var names = document.getElementById("entity-names");
  data.nodes.slice().sort(function (a, b) { return a.name.localeCompare(b.name); }).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.name;
    names.append(option);
  });
  var searchStatus = document.getElementById("search-status");
  function findNode(query) {
    var q = query.trim().toLowerCase();
    if (!q) return null;
    var exact = data.nodes.filter(function (n) {
      return n.name.toLowerCase() === q || n.id.toLowerCase() === q ||
        n.card.synonyms.some(function (s) { return s.toLowerCase() === q; });
    });
    if (exact.length) return exact[0];
    var prefix = data.nodes.filter(function (n) { return n.name.toLowerCase().indexOf(q) === 0; });
    if (prefix.length) return prefix[0];
    var part = data.nodes.filter(function (n) { return n.name.toLowerCase().indexOf(q) >= 0; });
    return part.length ? part[0] : null;
  }
  function focusNode(query) {
    var node = findNode(query);
    if (!node) { searchStatus.textContent = "No entity matches \u201c" + query.trim() + "\u201d."; return null; }
    if (!nodeShown(node.id)) {
      searchStatus.textContent = "\u201c" + node.name + "\u201d is hidden by the " + node.card.categoryDisplay + " filter.";
      return null;
    }
    searchStatus.textContent = "";
    network.selectNodes([node.id]);
    network.focus(node.id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
    showDetails(nodeCard(node));
    return node.id;
  }
  window.neurograph.focusNode = focusNode;
  var search = document.getElementById("search");
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") focusNode(search.value); });
  search.addEventListener("change", function () { focusNode(search.value); });

  // --- paths ------------------------------------------------------------------------------
  if (data.paths.length) {
    document.getElementById("paths-section").hidden = false;
    var list = document.getElementById("paths");
    data.paths.forEach(function (p) {
      var item = el("li");
      p.names.forEach(function (name, i) {
        if (i > 0) {
          var s = p.steps[i - 1];
          item.append(el("span", "hop", (s.forward ? " \u2014 " : " \u2190 ") + s.type + " (" + signSymbol(s.sign) + ")" +
                                        (s.forward ? " \u2192 " : " \u2014 ")));
        }
        item.append(el("strong", null, name));
      });
      item.append(el("span", "tag", "net " + (p.sign === "-" ? "\u2212" : p.sign)));
      item.addEventListener("click", function () {
        network.setSelection({ nodes: p.nodes, edges: p.edges });
        network.fit({ nodes: p.nodes, maxZoomLevel: 1.5, animation: { duration: 400 } });
      });
      list.append(item);
    });
  }

  if (data.nodes.some(function (n) { return n.anchor; })) document.getElementById("anchor-note").hidden = false;

  var footer = document.getElementById("footer");
  footer.textContent = "Made by " + meta.generator + (meta.builtAt ? " from the build of " + meta.builtAt : "") +
    (meta.documents ? " (" + meta.documents + (meta.documents === 1 ? " document)" : " documents)") : "") + ". Drag to move, scroll to zoom.";
  state.scriptDoneAt = performance.now();
  performance.mark("neurograph-script-done");
})();
