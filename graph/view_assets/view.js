/* actorgraph network view. Every text from the graph is set with textContent or
   form values, never parsed as HTML. Data: the JSON in #ag-data (graph/view.py). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ag-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var details = document.getElementById("details");
  var hidden = data.nodes.map(function () { return false; });
  var pinned = null;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); e.dir = "auto"; }
    if (cls) { e.className = cls; }
    return e;
  }

  function name(a) { return (data.lang === "ar" ? a.ar || a.en : a.en || a.ar) || a.iri; }
  function other(a) { return data.lang === "ar" ? a.en : a.ar; }

  function dates(f) {
    if (!f.start) { return "undated"; }
    return f.start === f.end ? f.start : f.start + " – " + f.end;
  }

  function factItem(f, self) {
    var li = el("li");
    li.appendChild(el("span", f.label, "fact-label"));
    var meta = [f.detail, dates(f), f.place].filter(Boolean).join(" · ");
    li.appendChild(el("span", " (" + meta + ")"));
    var others = f.with.filter(function (w) { return w !== self; });
    if (others.length) { li.appendChild(el("span", "with: " + others.join(", "), "source")); }
    f.evidence.forEach(function (ev) {
      li.appendChild(el("q", ev.sentence, "evidence"));
      li.appendChild(el("span", "source: " + ev.article, "source"));
    });
    if (!f.evidence.length && f.articles.length) {
      li.appendChild(el("span", "sources: " + f.articles.join(", "), "source"));
    }
    return li;
  }

  function showActor(i) {
    var a = data.actors[i];
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(el("h2", name(a)));
    if (other(a)) { details.appendChild(el("p", other(a))); }
    details.appendChild(el("p", a.type + " · " + a.iri, "hint"));
    var figs = el("ul");
    Object.keys(a.figures).forEach(function (m) { figs.appendChild(el("li", m + ": " + a.figures[m])); });
    details.appendChild(figs);
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
      details.appendChild(el("p", "+ " + a.more + " more facts not in this page (it lists the most recent); all of them: actorgraph query --name actor --param name=\"" + a.label + "\"", "hint"));
    }
  }

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
      for (var i = 0; i < keys.length; i++) {
        if (keys[i].some(function (k) { return k && tests[t](k); })) { return i; }
      }
    }
    return -1;
  }

  function focusActor(i) {
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.2), animation: false });
    pinned = i;
    showActor(i);
  }

  function onSearch(ev) {
    ev.preventDefault();
    var query = document.getElementById("search").value;
    var i = find(query);
    var status = document.getElementById("search-status");
    if (i < 0) {
      network.unselectAll();
      pinned = null;
      status.textContent = "No actor matches “" + query + "”.";
      return;
    }
    focusActor(i);
    status.textContent = hidden[i] ? "Found " + name(data.actors[i]) + " (hidden by the filters)."
      : "Found " + name(data.actors[i]) + ".";
  }

  function inWindow(k, lo, hi) {
    var f = data.facts[k];
    if (!lo && !hi) { return true; }
    if (!f.start) { return false; }
    return (!hi || f.start <= hi) && (!lo || f.end >= lo);
  }

  function applyFilters() {
    var types = {};
    document.querySelectorAll("#type-filter input").forEach(function (c) { types[c.value] = c.checked; });
    var lo = document.getElementById("since").value, hi = document.getElementById("until").value;
    var open = !lo && !hi;
    hidden = data.actors.map(function (a) {
      return !types[a.type] || !(open || a.facts.some(function (k) { return inWindow(k, lo, hi); }));
    });
    nodes.update(data.nodes.map(function (n, i) { return { id: n.id, hidden: hidden[i] }; }));
    edges.update(data.edges.map(function (e, k) {
      var shown = !hidden[e.from] && !hidden[e.to] &&
        (open || data.edgeFacts[k].some(function (f) { return inWindow(f, lo, hi); }));
      return { id: e.id, hidden: !shown };
    }));
  }

  function drawn() {
    var b = network.body;
    var n = b.nodeIndices.filter(function (id) { return !b.nodes[id].options.hidden; }).length;
    var e = b.edgeIndices.filter(function (id) {
      var x = b.edges[id];
      return x.connected && !x.options.hidden && !x.from.options.hidden && !x.to.options.hidden;
    }).length;
    return { nodes: n, edges: e };
  }

  var names = document.getElementById("actor-names");
  data.actors.forEach(function (a) { var o = document.createElement("option"); o.value = name(a); names.appendChild(o); });
  document.getElementById("search-form").addEventListener("submit", onSearch);
  document.querySelectorAll("#type-filter input").forEach(function (c) { c.addEventListener("change", applyFilters); });
  document.getElementById("apply-window").addEventListener("click", applyFilters);
  document.getElementById("clear-window").addEventListener("click", function () {
    document.getElementById("since").value = "";
    document.getElementById("until").value = "";
    applyFilters();
  });
  network.on("hoverNode", function (p) { if (pinned === null) { showActor(p.node); } });
  network.on("click", function (p) {
    pinned = p.nodes.length ? p.nodes[0] : null;
    if (pinned !== null) { showActor(pinned); }
  });
  window.agView = { network: network, nodes: nodes, edges: edges, data: data, find: find,
                    focusActor: focusActor, applyFilters: applyFilters, drawn: drawn };
  network.once("afterDrawing", function () {
    window.agView.readyAt = performance.now();  /* ms since navigation: time to first interactive draw */
    document.body.setAttribute("data-ready", "1");
  });
}());
