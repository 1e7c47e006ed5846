/* actorgraph network view. Every text from the graph is set with textContent or
   form values, never parsed as HTML, and sits in its own <bdi> (or dir="auto"
   element), so Arabic and English on one line each keep their direction.
   Data: the JSON in #ag-data (graph/view.py). The vis DataSets hold only what
   is drawn: the filters (backbone sliders, types, link types, time window,
   neighbourhood) decide which actors and links are in them. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ag-data").textContent);
  var N = data.actors.length;
  var container = document.getElementById("network");
  var details = document.getElementById("details");
  var LABELS_BIG = 15, LABELS_MID = 60, EDGE_LABELS_MAX = 250, LABELS_ALL_SCALE = 0.75, FIT_ALL_MAX = 100, LABEL_SCREEN = [14, 5.5, 3.3];
  var byRank = data.actors.map(function (a, i) { return i; })
    .sort(function (x, y) { return data.actors[x].rank - data.actors[y].rank; });
  var state = { top: Math.min(data.shown, N), minWeight: data.minWeight, types: {}, relations: {},
                lo: "", hi: "", ego: null };
  var edgeW = data.edges.map(function (e) { return e.weight; });   /* link weights in the time window */
  var inWin = data.actors.map(function () { return true; });       /* actor takes part in the window */
  var winFigures = null;                                            /* [{degree, weighted_degree, pagerank}] */
  var sizeMeasure = data.sizeBy === "degree" || data.sizeBy === "weighted_degree" ? data.sizeBy : "pagerank";
  var winTop = 1;                                                   /* highest windowed figure: node sizes */
  var scale = 1, pinned = null;
  var adjacency = data.actors.map(function () { return []; });
  data.edges.forEach(function (e, k) { adjacency[e.from].push(k); adjacency[e.to].push(k); });
  var relsOf = data.edges.map(function (e) { return e.label.split(", "); });

  /* ---------------------------------------------------------------- text */
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); e.dir = "auto"; }
    if (cls) { e.className = cls; }
    return e;
  }
  function bdi(text) { var b = document.createElement("bdi"); b.textContent = String(text); return b; }
  /* a line of UI words (strings) and graph values (nodes, each already isolated) */
  function line(tag, parts, cls) {
    var e = document.createElement(tag);
    parts.forEach(function (p) { e.appendChild(typeof p === "string" ? document.createTextNode(p) : p); });
    if (cls) { e.className = cls; }
    return e;
  }
  function joined(values, sep) {
    var out = [];
    values.forEach(function (v, i) { if (i) { out.push(sep); } out.push(bdi(v)); });
    return out;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }

  function name(a) { return (data.lang === "ar" ? a.ar || a.en : a.en || a.ar) || a.iri; }
  function other(a) { return data.lang === "ar" ? a.en : a.ar; }
  function dates(f) {
    if (!f.start) { return "undated"; }
    return f.start === f.end ? f.start : f.start + " – " + f.end;
  }

  function factItem(f, self) {
    var li = el("li");
    var label = f.kind === "post"
      ? joined(f.members, ", ").concat([": ", bdi(f.detail), ", "], joined(f.orgs, ", "))
      : [bdi(f.label)];
    li.appendChild(line("span", label, "fact-label"));
    var meta = [f.kind === "post" ? "" : f.detail, dates(f), f.place].filter(Boolean);
    li.appendChild(line("span", [" ("].concat(joined(meta, " · "), [")"])));
    var others = f.with.filter(function (w) { return w !== self; });
    if (others.length) { li.appendChild(line("span", ["with: "].concat(joined(others, ", ")), "source")); }
    f.evidence.forEach(function (ev) {
      li.appendChild(el("q", ev.sentence, "evidence"));
      li.appendChild(line("span", ["source: ", bdi(ev.article)], "source"));
    });
    if (!f.evidence.length && f.articles.length) {
      li.appendChild(line("span", ["sources: "].concat(joined(f.articles, ", ")), "source"));
    }
    return li;
  }

  function button(text, onClick, cls) {
    var b = el("button", text, cls);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function showActor(i) {
    var a = data.actors[i];
    clear(details);
    details.appendChild(el("h2", name(a)));
    if (other(a)) { details.appendChild(el("p", other(a))); }
    details.appendChild(line("p", [a.type + " · community " + a.community + " · ", bdi(a.iri)], "hint"));
    var actions = line("p", ["Neighbourhood: "], "actions");
    actions.appendChild(button("1 hop", function () { neighbourhood(i, 1); }, "hops-1"));
    actions.appendChild(button("2 hops", function () { neighbourhood(i, 2); }, "hops-2"));
    details.appendChild(actions);
    var figs = el("ul");
    Object.keys(a.figures).forEach(function (m) { figs.appendChild(el("li", m + ": " + a.figures[m])); });
    details.appendChild(figs);
    if (winFigures && winFigures[i]) {
      details.appendChild(el("h3", "In the window " + windowText()));
      var w = el("ul", null, "window-figures");
      ["degree", "weighted_degree", "pagerank"].forEach(function (m) { w.appendChild(el("li", m + ": " + winFigures[i][m])); });
      details.appendChild(w);
    }
    [["post", "Posts"], ["meeting", "Meetings"], ["agreement", "Agreements"]].forEach(function (kind) {
      var facts = a.facts.map(function (k) { return data.facts[k]; })
        .filter(function (f) { return f.kind === kind[0]; });
      if (!facts.length) { return; }
      details.appendChild(el("h3", kind[1] + " (" + facts.length + ")"));
      var ul = el("ul");
      facts.forEach(function (f) { ul.appendChild(factItem(f, a.label)); });
      details.appendChild(ul);
    });
    if (a.more) {
      details.appendChild(line("p", ["+ " + a.more + " more facts not in this page (it lists the most recent); " +
        "all of them: actorgraph query --name actor --param name=\"", bdi(a.label), "\""], "hint"));
    }
  }

  /* --------------------------------------------------------- time window */
  function windowText() { return (state.lo || "…") + " – " + (state.hi || "…"); }

  /* the graph of the window as graph.network.restrict builds it: the facts overlapping [lo, hi],
     the actors taking part, links weighted by distinct articles; then degree and PageRank on it */
  function sliceWindow() {
    if (!state.lo && !state.hi) {
      edgeW = data.edges.map(function (e) { return e.weight; });
      inWin = data.actors.map(function () { return true; });
      winFigures = null;
      return;
    }
    var lo = state.lo || "0000-00-00", hi = state.hi || "9999-99-99";
    var hit = data.times.map(function (t) { return t[0] <= hi && t[1] >= lo; });
    inWin = data.actorTimes.map(function (ts) { return ts.some(function (t) { return hit[t]; }); });
    edgeW = data.edgeTimes.map(function (ts) {
      var seen = {}, n = 0, any = false;
      ts.forEach(function (t) {
        if (!hit[t]) { return; }
        any = true;
        data.times[t][2].forEach(function (a) { if (!seen[a]) { seen[a] = true; n++; } });
      });
      return any ? Math.max(1, n) : 0;
    });
    winFigures = windowCentrality();
    winTop = 0;
    winFigures.forEach(function (f) { if (f && f[sizeMeasure] > winTop) { winTop = f[sizeMeasure]; } });
    winTop = winTop || 1;
  }

  function round6(x) { return Math.round(x * 1e6) / 1e6; }

  function windowCentrality() {
    var nodesIn = [], n = 0, strength = {}, degree = {};
    for (var i = 0; i < N; i++) { if (inWin[i]) { nodesIn.push(i); strength[i] = 0; degree[i] = 0; n++; } }
    data.edges.forEach(function (e, k) {
      if (edgeW[k] > 0) {
        strength[e.from] += edgeW[k]; strength[e.to] += edgeW[k]; degree[e.from]++; degree[e.to]++;
      }
    });
    var alpha = 0.85, x = {}, it, j;
    nodesIn.forEach(function (v) { x[v] = 1 / n; });
    for (it = 0; it < 1000; it++) {   /* power iteration, as graph.centrality._pagerank_python */
      var dangling = 0;
      nodesIn.forEach(function (v) { if (!strength[v]) { dangling += x[v]; } });
      var base = (1 - alpha) / n + alpha * dangling / n, nxt = {};
      nodesIn.forEach(function (v) { nxt[v] = base; });
      for (j = 0; j < data.edges.length; j++) {
        var w = edgeW[j];
        if (w > 0) {
          var e = data.edges[j];
          nxt[e.to] += alpha * x[e.from] * w / strength[e.from];
          nxt[e.from] += alpha * x[e.to] * w / strength[e.to];
        }
      }
      var diff = 0;
      nodesIn.forEach(function (v) { diff += Math.abs(nxt[v] - x[v]); });
      x = nxt;
      if (diff < n * 1e-13) { break; }
    }
    var out = data.actors.map(function () { return null; });
    nodesIn.forEach(function (v) {
      out[v] = { degree: degree[v], weighted_degree: strength[v], pagerank: round6(x[v]) };
    });
    return out;
  }

  function showWindowTop() {
    var ol = document.getElementById("window-top");
    clear(ol);
    if (!winFigures) { return; }
    var ranked = [];
    winFigures.forEach(function (f, i) { if (f) { ranked.push(i); } });
    ranked.sort(function (p, q) {
      return winFigures[q].pagerank - winFigures[p].pagerank || (data.actors[p].iri < data.actors[q].iri ? -1 : 1);
    });
    ranked.slice(0, 10).forEach(function (i) {
      var li = line("li", [bdi(name(data.actors[i])), " · PageRank " + winFigures[i].pagerank +
                           " · degree " + winFigures[i].degree]);
      li.addEventListener("click", function () { focusActor(i); });
      ol.appendChild(li);
    });
  }

  /* ------------------------------------------------------------- drawing */
  var nodes = new vis.DataSet([]), edges = new vis.DataSet([]);
  var base = data.nodes.map(function (n) { return { x: n.x, y: n.y }; });

  function labelTier(i) {   /* 0: the most central drawn, 1: the next, 2: the rest */
    var r = state.ego ? state.ego.order[i] : data.actors[i].rank;
    return r < LABELS_BIG ? 0 : r < LABELS_BIG + LABELS_MID ? 1 : 2;
  }

  function nodeItem(i) {
    var n = data.nodes[i], p = state.ego ? state.ego.pos[i] : base[i];
    var item = { id: i, label: n.label, shape: n.shape, color: n.color, x: p.x, y: p.y, size: n.size };
    if (winFigures && winFigures[i]) {
      item.size = Math.round((6 + 24 * Math.sqrt(winFigures[i][sizeMeasure] / winTop)) * 10) / 10;
    }
    /* labels: all of them when the drawing is at natural size; else the most central readable at first,
       the next when zoomed in 1.5x, the rest at 2.5x (the options hide labels under 8 px on screen) */
    item.font = { size: scale >= LABELS_ALL_SCALE ? 14 : LABEL_SCREEN[labelTier(i)] / scale };
    return item;
  }

  function relationOK(k) {
    return relsOf[k].some(function (r) { return state.relations[r] !== false; });
  }

  function wanted() {
    var ego = state.ego, showNode;
    if (ego) {
      showNode = data.actors.map(function (a, i) {
        return !!ego.set[i] && (i === ego.center || state.types[a.type] !== false) && inWin[i];
      });
    } else {   /* the slider's N most central among the checked types: persons alone are not hidden
                  behind the organisations and countries that outrank them */
      showNode = data.actors.map(function () { return false; });
      var counted = 0;
      byRank.forEach(function (i) {
        if (state.types[data.actors[i].type] === false) { return; }
        showNode[i] = counted < state.top && inWin[i];
        counted++;
      });
    }
    var showEdge = data.edges.map(function (e, k) {   /* a neighbourhood: every link of its actor, the others as the slider says */
      return showNode[e.from] && showNode[e.to] && edgeW[k] > 0 && relationOK(k) &&
        (edgeW[k] >= state.minWeight || (ego && (e.from === ego.center || e.to === ego.center)));
    });
    return { nodes: showNode, edges: showEdge };
  }

  var isDrawnNode = new Uint8Array(N), isDrawnEdge = new Uint8Array(data.edges.length);   /* what the DataSets hold */

  function sync() {
    var w = wanted(), addN = [], dropN = [], addE = [], dropE = [], count = 0;
    w.edges.forEach(function (s) { if (s) { count++; } });
    var labelled = count <= EDGE_LABELS_MAX;
    w.nodes.forEach(function (s, i) {
      if (s) { addN.push(nodeItem(i)); } else if (isDrawnNode[i]) { dropN.push(i); }
      isDrawnNode[i] = s ? 1 : 0;
    });
    w.edges.forEach(function (s, k) {
      var was = isDrawnEdge[k];
      isDrawnEdge[k] = s ? 1 : 0;
      if (!s) { if (was) { dropE.push(k); } return; }
      var e = data.edges[k], wk = edgeW[k];
      addE.push({ id: k, from: e.from, to: e.to, width: Math.round((1 + Math.log2(wk)) * 100) / 100,
                  label: labelled ? e.label.split(" ×")[0] + (wk > 1 ? " ×" + wk : "") : undefined });
    });
    edges.remove(dropE);
    nodes.remove(dropN);
    nodes.update(addN);
    edges.update(addE);
    document.getElementById("drawn-status").textContent = "Drawing " + addN.length + " of " + N +
      " actors in this page and " + addE.length + " links.";
  }

  function applyFilters() {
    document.querySelectorAll("#type-filter input").forEach(function (c) { state.types[c.value] = c.checked; });
    document.querySelectorAll("#relation-filter input").forEach(function (c) { state.relations[c.value] = c.checked; });
    state.lo = document.getElementById("since").value;
    state.hi = document.getElementById("until").value;
    sliceWindow();
    sync();
    showWindowTop();
    if (pinned !== null) { showActor(pinned); }
  }

  function drawn() { return { nodes: nodes.length, edges: edges.length }; }

  /* a small drawing is fitted whole; in a larger one the largest component (of the first drawing's
     layout) fills the canvas, and the smaller components packed beneath it are a scroll away */
  function fitMain() {
    var ids = nodes.getIds(), main = ids.filter(function (i) { return data.actors[i].component === 0; });
    network.fit({ nodes: main.length && ids.length > FIT_ALL_MAX ? main : ids, animation: false });
    scale = network.getScale();
  }

  /* ------------------------------------------------------- neighbourhood */
  /* Each ring of a neighbourhood keeps its EGO_RING_MAX actors with the strongest link (articles in the
     time window) to the ring inside it, then the most central: a hub of a large archive is linked to
     nearly every actor, and a ring of thousands is a disc of ink. "Show all" draws the whole ring. */
  var EGO_RING_MAX = 100;
  function neighbourhood(i, hops, all) {
    var set = {}, frontier = [i], parent = {}, ring = {}, found = [], capped = false;
    set[i] = true; ring[i] = 0;
    for (var h = 1; h <= hops; h++) {
      var best = {}, cands = [];
      frontier.forEach(function (v) {
        adjacency[v].forEach(function (k) {
          if (edgeW[k] <= 0 || !relationOK(k)) { return; }
          var e = data.edges[k], u = e.from === v ? e.to : e.from;
          if (set[u] || !inWin[u]) { return; }
          if (!(u in best)) { best[u] = edgeW[k]; parent[u] = v; cands.push(u); }
          else if (edgeW[k] > best[u]) { best[u] = edgeW[k]; parent[u] = v; }
        });
      });
      cands.sort(function (p, q) { return best[q] - best[p] || data.actors[p].rank - data.actors[q].rank; });
      found.push(cands.length);
      if (!all && cands.length > EGO_RING_MAX) { cands = cands.slice(0, EGO_RING_MAX); capped = true; }
      cands.forEach(function (u) { set[u] = true; ring[u] = h; });
      frontier = cands;
    }
    var pos = {}, order = {}, members = Object.keys(set).map(Number);
    members.sort(function (p, q) { return data.actors[p].rank - data.actors[q].rank; });
    members.forEach(function (v, r) { order[v] = r; });
    pos[i] = { x: 0, y: 0 };
    var angle = {};
    for (h = 1; h <= hops; h++) {
      var onRing = members.filter(function (v) { return ring[v] === h; });
      onRing.sort(function (p, q) {   /* by the parent's place, then community, then rank */
        var ap = h > 1 ? angle[parent[p]] : 0, aq = h > 1 ? angle[parent[q]] : 0;
        return ap - aq || data.actors[p].community - data.actors[q].community || data.actors[p].rank - data.actors[q].rank;
      });
      var radius = Math.max(250 * h, onRing.length * 45 / (2 * Math.PI) + 250 * (h - 1));
      onRing.forEach(function (v, j) {
        angle[v] = 2 * Math.PI * j / onRing.length;
        pos[v] = { x: Math.round(radius * Math.cos(angle[v])), y: Math.round(radius * Math.sin(angle[v])) };
      });
    }
    state.ego = { center: i, hops: hops, set: set, pos: pos, order: order };
    scale = 1;
    sync();
    network.fit({ animation: false });
    scale = network.getScale();
    sync();
    var bar = document.getElementById("ego-bar"), title = document.getElementById("ego-title");
    clear(title);
    var around = found.reduce(function (a, b) { return a + b; }, 0);
    title.appendChild(line("span", ["Neighbourhood of ", bdi(name(data.actors[i])), " (" + hops + (hops > 1 ? " hops" : " hop") +
                                    ", " + nodes.length + " actors" +
                                    (capped ? ": the strongest links of " + around.toLocaleString("en") + " around it" : "") + ")"]));
    var more = document.getElementById("ego-all");
    more.hidden = !capped;
    more.textContent = "Show all " + around.toLocaleString("en");
    bar.hidden = false;
    pinned = i;
    network.selectNodes([i]);
    showActor(i);
  }

  function back() {
    state.ego = null;
    document.getElementById("ego-bar").hidden = true;
    scale = 1;
    sync();
    fitMain();
    sync();
  }

  /* -------------------------------------------------------------- search */
  function fold(s) {
    return String(s || "").normalize("NFKD").toLocaleLowerCase()
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "").replace(/\s+/g, " ").trim();
  }
  var keys = data.actors.map(function (a) { return [fold(a.en), fold(a.ar), fold(a.iri)]; });

  function find(query) {
    var q = fold(query);
    if (!q) { return -1; }
    var tests = [
      function (k) { return k === q; },
      function (k) { return k.indexOf(q) === 0; },
      function (k) { return k.indexOf(q) >= 0; }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var j = 0; j < byRank.length; j++) {
        var i = byRank[j];
        if (keys[i].some(function (k) { return k && tests[t](k); })) { return i; }
      }
    }
    return -1;
  }

  function focusActor(i) {
    pinned = i;
    showActor(i);
    if (!isDrawnNode[i]) { return false; }
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.2), animation: false });
    return true;
  }

  function onSearch(ev) {
    ev.preventDefault();
    var query = document.getElementById("search").value;
    var i = find(query);
    var status = document.getElementById("search-status");
    clear(status);
    if (i < 0) {
      network.unselectAll();
      pinned = null;
      status.appendChild(line("span", ["No actor matches “", bdi(query), "”."]));
      return;
    }
    var drawnNow = focusActor(i);
    status.appendChild(line("span", ["Found ", bdi(name(data.actors[i])),
      drawnNow ? "." : " (not drawn: hidden by the filters or thresholds)."]));
  }

  /* ------------------------------------------------------------- legends */
  function showCommunities() {
    var ul = document.getElementById("communities");
    data.communities.forEach(function (c) {
      var sw = el("span", null, "swatch");
      sw.style.background = c.color;
      var li = line("li", [sw, "#" + c.id + " (" + c.count + "): "].concat(
        joined(c.lead.map(function (i) { return name(data.actors[i]); }), ", ")));
      li.setAttribute("data-community", c.id);
      ul.appendChild(li);
    });
  }

  function setUpSliders() {
    var top = document.getElementById("top-actors"), weight = document.getElementById("min-weight");
    var maxW = data.edges.reduce(function (m, e) { return Math.max(m, e.weight); }, 1);   /* no apply: a 100k build's page has 200,000+ links */
    top.max = String(N); top.value = String(state.top);
    weight.max = String(Math.max(maxW, state.minWeight)); weight.value = String(state.minWeight);
    function show() {
      document.getElementById("top-actors-value").textContent = top.value;
      document.getElementById("min-weight-value").textContent = weight.value;
    }
    show();
    top.addEventListener("input", show);
    weight.addEventListener("input", show);
    top.addEventListener("change", function () { state.top = Number(top.value); sync(); });
    weight.addEventListener("change", function () { state.minWeight = Number(weight.value); sync(); });
  }

  /* ---------------------------------------------------------------- start */
  document.querySelectorAll("#type-filter input").forEach(function (c) { state.types[c.value] = true; });
  document.querySelectorAll("#relation-filter input").forEach(function (c) { state.relations[c.value] = true; });
  sync();   /* at scale 1: every label 14 px, as the fit should reckon them */
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  fitMain();
  sync();   /* labels for the fitted scale */

  var names = document.getElementById("actor-names");
  byRank.slice(0, 5000).forEach(function (i) {
    var o = document.createElement("option"); o.value = name(data.actors[i]); names.appendChild(o);
  });
  document.getElementById("search-form").addEventListener("submit", onSearch);
  document.querySelectorAll("#type-filter input, #relation-filter input").forEach(function (c) {
    c.addEventListener("change", applyFilters);
  });
  document.getElementById("apply-window").addEventListener("click", applyFilters);
  document.getElementById("clear-window").addEventListener("click", function () {
    document.getElementById("since").value = "";
    document.getElementById("until").value = "";
    applyFilters();
  });
  document.getElementById("ego-back").addEventListener("click", back);
  document.getElementById("ego-all").addEventListener("click", function () {
    if (state.ego) { neighbourhood(state.ego.center, state.ego.hops, true); }
  });
  showCommunities();
  setUpSliders();
  network.on("hoverNode", function (p) { if (pinned === null) { showActor(p.node); } });
  network.on("click", function (p) {
    pinned = p.nodes.length ? p.nodes[0] : null;
    if (pinned !== null) { showActor(pinned); }
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) { neighbourhood(p.nodes[0], 1); } });
  window.agView = { network: network, nodes: nodes, edges: edges, data: data, find: find, state: state,
                    focusActor: focusActor, applyFilters: applyFilters, drawn: drawn, sync: sync,
                    neighbourhood: neighbourhood, back: back,
                    windowFigures: function () { return winFigures; } };
  network.once("afterDrawing", function () {
    window.agView.readyAt = performance.now();  /* ms since navigation: time to first interactive draw */
    document.body.setAttribute("data-ready", "1");
  });
}());
