/* actorgraph query page: YASGUI (vendored) on this server's /sparql, with the named queries as examples.
   Data: the JSON in #query-data; every text is set with textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("query-data").textContent);
  var Yasgui = window.Yasgui && window.Yasgui.default ? window.Yasgui.default : window.Yasgui;
  var endpoint = window.location.origin + "/sparql";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } }
  });
  var examples = document.getElementById("examples");
  data.queries.forEach(function (q) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = q.name;
    b.title = q.description;
    b.setAttribute("data-query", q.name);
    b.addEventListener("click", function () {
      var tab = yasgui.getTab();
      tab.setQuery(q.text);
      tab.getYasqe().query();
    });
    examples.appendChild(b);
  });
  window.agQuery = { yasgui: yasgui };
  document.body.setAttribute("data-ready", "1");
}());
