"""`actorgraph serve`: the built graph over HTTP (SPARQL 1.1 Protocol, Graph Store Protocol read side,
a query page, linked-data pages for every IRI the graph mints). See graph/serve/app.py."""
