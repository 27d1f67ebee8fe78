(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("neurograph-data").textContent);
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
    if (c.curated) addRow(dl, "curated", "yes");
    if (c.source) addRow(dl, "source", c.source);
    box.append(dl);
    var evidence = c.evidence, shown = full ? evidence.length : Math.min(evidence.length, 3);
    box.append(el("div", "source", evidence.length ? "evidence (" + evidence.length + "):" : "no evidence sentences"));
    for (var i = 0; i < shown; i++) {
      var ev = evidence[i];
      var quote = el("blockquote");
      quote.append(el("div", null, "\u201c" + (full ? ev.sentence : truncate(ev.sentence, 280)) + "\u201d"));
      var src = el("div", "source", "\u2014 " + (ev.citation || ev.docTitle || ev.doc) + (ev.doc && ev.docTitle && ev.docTitle !== ev.doc ? " (" + ev.doc + ")" : ""));
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
  data.nodes.forEach(function (n) { n.title = nodeCard(n); });
  data.edges.forEach(function (e) {
    e.title = edgeCard(e, false);
    if (!meta.edgeLabels) delete e.label;
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var categoryOf = new Map(data.nodes.map(function (n) { return [n.id, n.category]; }));
  var hidden = { category: new Set(), type: new Set(), sign: new Set() };
  function nodeShown(id) { return !hidden.category.has(categoryOf.get(id)); }
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return nodeShown(n.id); } });
  var edgesView = new vis.DataView(edges, { filter: function (e) {
    return !hidden.type.has(e.type) && !hidden.sign.has(String(e.sign)) && nodeShown(e.from) && nodeShown(e.to);
  } });

  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  var state = { stabilized: false, stabilizedAt: null, iterations: null };
  window.neurograph = { data: data, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
                        network: network, state: state, hidden: hidden };

  var loading = document.getElementById("loading");
  var fill = document.getElementById("loading-fill");
  var loadingText = document.getElementById("loading-text");
  var physicsBox = document.getElementById("physics");
  loadingText.textContent = "Laying out " + data.nodes.length + " entities\u2026";
  network.on("stabilizationProgress", function (p) {
    fill.style.width = Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function (p) {
    // Freeze the layout: a settled graph should not drift while someone reads it.
    network.setOptions({ physics: { enabled: false } });
    physicsBox.checked = false;
    state.stabilized = true;
    state.stabilizedAt = performance.now();
    state.iterations = p ? p.iterations : null;
    document.body.setAttribute("data-stabilized", "true");
    network.fit({ maxZoomLevel: 1.5 });
    loading.classList.add("done");
    setTimeout(function () { loading.hidden = true; }, 450);
  });
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });

  var labelsBox = document.getElementById("edge-labels");
  labelsBox.checked = !!meta.edgeLabels;
  labelsBox.addEventListener("change", function () {
    var on = labelsBox.checked;
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
    nodesView.refresh();
    edgesView.refresh();
    updateSummary();
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
    nodesView.refresh(); edgesView.refresh(); updateSummary();
  });
  updateSummary();

  // --- details panel --------------------------------------------------------------------
  var details = document.getElementById("details");
  function showDetails(card) {
    details.classList.remove("muted");
    details.replaceChildren(card);
  }
  network.on("click", function (params) {
    if (params.nodes.length) showDetails(nodeCard(nodes.get(params.nodes[0])));
    else if (params.edges.length) showDetails(edgeCard(edges.get(params.edges[0]), true));
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
})();
