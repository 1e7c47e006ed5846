/* Served network view (/): a click on an actor adds a link to its page to the details panel,
   a double click opens that page. Uses the view's own window.agView; no data of its own. */
(function () {
  "use strict";
  var ID = "https://w3id.org/actorgraph/id/";
  function page(i) {
    var a = window.agView.data.actors[i];
    return a && a.iri.indexOf(ID) === 0 ? "/id/" + a.iri.slice(ID.length) : null;
  }
  function start() {
    if (!window.agView) { return; }
    var net = window.agView.network;
    net.on("click", function (p) {
      var href = p.nodes.length ? page(p.nodes[0]) : null;
      if (!href) { return; }
      var link = document.createElement("a");
      link.href = href;
      link.id = "actor-page-link";
      link.textContent = "Open this actor's page →";
      var details = document.getElementById("details");
      var h = details.querySelector("h2");
      details.insertBefore(link, h ? h.nextSibling : details.firstChild);
    });
    net.on("doubleClick", function (p) {
      var href = p.nodes.length ? page(p.nodes[0]) : null;
      if (href) { window.location.assign(href); }
    });
  }
  start();
}());
