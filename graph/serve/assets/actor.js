/* actorgraph actor page: the timeline of the actor's dated facts (vendored vis-timeline).
   Data: the JSON in #timeline-data. Every text is set with textContent on an element handed to
   vis-timeline, never parsed as HTML. */
(function () {
  "use strict";
  var items = JSON.parse(document.getElementById("timeline-data").textContent);
  var shown = items.map(function (it) {
    var e = document.createElement(it.href ? "a" : "span");
    e.textContent = it.text;
    e.dir = "auto";
    if (it.href && it.href.indexOf("/id/") === 0) { e.setAttribute("href", it.href); }
    var item = { id: it.id, content: e, start: it.start, className: "kind-" + it.kind };
    if (it.end) { item.end = it.end; }
    return item;
  });
  var timeline = new vis.Timeline(document.getElementById("timeline"), new vis.DataSet(shown),
                                  { stack: true, maxHeight: 360, zoomable: true });
  timeline.on("click", function (p) {
    var it = p.item !== null && p.item !== undefined ? items[p.item] : null;
    if (it && it.href && it.href.indexOf("/id/") === 0) { window.location.assign(it.href); }
  });
  document.body.setAttribute("data-timeline", String(items.length));
}());
