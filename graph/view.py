"""The HTML network view: one self-contained, offline, escaped page.

Nodes and edges are made with pyvis; the page is our own template
(graph/view_assets) with vis-network's JS and CSS inlined from the pyvis
package, so nothing is fetched (a Content-Security-Policy forbids it too).
Graph data travels as JSON in a <script type="application/json"> block with
<, >, & and line separators escaped; the page script builds every text with
textContent. Positions come from graph.layout (seeded) and physics is off, so
the same graph gives byte-identical HTML.
"""
from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import jinja2
import pyvis
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network

from graph import backbone, centrality, layout
from graph.compact_graph import CompactGraph
from graph.page_actors import top_actors, top_subgraph, type_floor
from graph.page_json import safe_json_parts
from graph.view_facts import CompactFacts, NetworkFacts

STYLE = {  # type: (vis shape, legend colour, legend svg): the shape tells the type, the colour the community
    "Person": ("dot", "#666666", 'circle cx="9" cy="9" r="7"'),
    "Organization": ("square", "#666666", 'rect x="2" y="2" width="14" height="14"'),
    "Country": ("triangle", "#666666", 'polygon points="9,1 17,16 1,16"'),
}
RELATIONS = ("co-attended", "organized", "post", "agreement")   # graph.network's link kinds
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
# A larger graph is shown as its DEFAULT_TOP most central actors (by the size measure) unless top_n says
# otherwise: benchmarks/view_bench.py measured 2,000 actors drawn and interactive in chromium in seconds,
# and the Python layout (graph.layout) stays bounded at that size.
DEFAULT_TOP = 2000
# (of which each type keeps a share: graph/page_actors.py)
# An actor's panel lists its FACTS_PER_ACTOR most recent facts and counts the rest (at 100k articles a
# country takes part in thousands: embedding them all made a 215 MB page); a fact keeps EVIDENCE_PER_FACT
# sentences (every link keeps the dates and articles of all its facts, for the time window). The rest
# is one query away (`--name actor`).
FACTS_PER_ACTOR, EVIDENCE_PER_FACT = 40, 3
# Community colours (Tableau 10 without its grey, then lighter and darker tones of Tableau 20): the 18
# communities with most actors drawn at first each get one (a 10,000-article build has about 35 of similar
# size), the rest share OTHER. A community is named in the legend by its LEAD most central actors.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#2f4b7c", "#a0cbe8", "#ffbe7d", "#8cd17d", "#b6992d", "#d37295", "#499894",
           "#d4a6c8", "#7f3c8d")
OTHER, LEAD = "#c7c7c7", 3
# The layout pulls the two ends of a link within a community SAME times, across communities ACROSS
# times as hard as its weight says, so that communities show as regions of the drawing.
SAME, ACROSS, DEGREE_SCALE = 3.0, 0.05, 6.0


def render(G, result=None, **options) -> str:
    """The page for actor graph G (sized by `size_by` from `result`, computed when None; the options
    of `page_parts`)."""
    return "".join(page_parts(G, result, **options))


def write(G, result, path, **options):
    """The page for actor graph G into the file PATH, written part by part (as `render` gives it): at
    100k articles the page is ~70 MB, and made whole it was held several times over (the data's JSON,
    its escapes, the template's output), ~0.5 GB of the build's peak."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        for part in page_parts(G, result, **options):
            f.write(part)


def page_parts(G, result=None, *, size_by="pagerank", lang="en", top_n=None, title="actorgraph network", seed=7):
    """The page for actor graph G, in parts (strings) that joined are the page.

    `top_n` keeps the N actors ranked highest by `size_by` and the links among them; None means
    DEFAULT_TOP for a graph larger than that (the page says so), 0 means every actor."""
    if size_by not in centrality.MEASURES:
        raise ValueError(f"unknown measure {size_by!r}; choose from {', '.join(centrality.MEASURES)}")
    if lang not in ("en", "ar"):
        raise ValueError(f"unknown label language {lang!r}; choose en or ar")
    result = result or centrality.compute(G)
    if top_n is None:
        top_n = DEFAULT_TOP if len(G) > DEFAULT_TOP else 0
    if isinstance(G, CompactGraph):
        facts = CompactFacts(G)
        H = G.subgraph(facts.number[iri] for iri in top_actors(G, result, size_by, top_n, facts.number))
    else:
        facts, H = NetworkFacts(G), top_subgraph(G, result, size_by, top_n)
    data = payload(H, result, size_by, lang, seed, facts=facts)
    del facts
    return _page_parts(H, data, title, size_by, lang, shown_of=len(G))


def render_path(path, **options) -> str:
    """The page for the graph in a build folder or RDF file (options as for `render`)."""
    from graph import compact_graph
    return render(compact_graph.at(path), **options)


def default_out(graph_path) -> Path:
    """network.html in a build folder, else the RDF file's name with .html."""
    graph_path = Path(graph_path)
    return graph_path / "network.html" if graph_path.is_dir() else graph_path.with_suffix(".html")


def payload(G, result, size_by, lang, seed, facts=None) -> dict:
    """Everything the page script needs: vis nodes/edges/options, actors, facts, communities, the
    backbone thresholds and the dated facts behind each link (for time-sliced centrality).

    `facts` reads the facts and names actors (NetworkFacts of G's parent for a top-N view; default G's)."""
    facts = facts or NetworkFacts(G)
    nodes = sorted(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted(G.edges(data=True), key=lambda e: tuple(sorted((index[e[0]], index[e[1]]))))
    figures = {r["iri"]: r for r in result.rows}
    ranked = [r["iri"] for r in result.ranked(size_by) if r["iri"] in index]
    ranked += [n for n in nodes if n not in figures]
    shown = backbone.shown_actors(ranked)
    min_weight = backbone.min_weight(G, shown)
    pos, component = _layout(G, shown, ranked, figures, seed)
    colours, legend = _communities(nodes, figures, ranked, shown)
    listed = {n: _recent(facts, facts.of(n))[:FACTS_PER_ACTOR] for n in nodes}
    key_of = {facts.fid(k): k for ks in listed.values() for k in ks}
    fact_ids = sorted(key_of)
    fact_index = {f: i for i, f in enumerate(fact_ids)}
    times, edge_times, actor_times = _timeline(facts, nodes, edges)
    net = _pyvis(G, nodes, edges, index, figures, size_by, lang, pos, colours)
    rank = {n: i for i, n in enumerate(ranked)}
    actors = [_actor(G, n, figures.get(n, {}), fact_index, [facts.fid(k) for k in listed[n]], len(facts.of(n)))
              for n in nodes]
    for n, a in zip(nodes, actors):
        a.update(rank=rank[n], component=component[n], community=figures.get(n, {}).get("community", 0))
    return {"nodes": net.nodes, "edges": net.edges, "options": _options(len(nodes), seed), "lang": lang,
            "sizeBy": size_by, "actors": actors,
            "facts": [_fact(f, facts.label) for f in facts.full([key_of[i] for i in fact_ids])],
            "communities": [{**c, "lead": [index[m] for m in c["lead"]]} for c in legend],
            "shown": len(shown), "minWeight": min_weight, "times": times, "edgeTimes": edge_times,
            "actorTimes": actor_times}


def _layout(G, shown, ranked, figures, seed) -> tuple:
    """({actor: (x, y)}, {actor: component}): the actors drawn at first are laid out (each connected
    component on its own, packed; links within a community pulling harder than across, and links
    between well-connected actors more gently, so that it does not collapse into a ball); the rest of the
    page's actors are placed near their neighbours among them (graph.layout.extend). Component 0 is
    the largest component of the first drawing; -1 marks an actor outside it."""
    S = G.subgraph(shown)
    community = {n: figures.get(n, {}).get("community", 0) for n in G}
    degree = dict(S.degree())

    def pull(u, v):   # a link between two well-connected actors pulls less: hubs and cliques do not collapse
        return min(1.0, DEGREE_SCALE / math.sqrt(degree[u] * degree[v])) * (SAME if community[u] == community[v] else ACROSS)
    pos, parts = layout.packed(S, seed=seed, pull=pull)
    component = {v: i for i, c in enumerate(parts) for v in c}
    pos = layout.extend(G, pos, ranked, seed=seed)
    return pos, {n: component.get(n, -1) for n in G}


def _communities(nodes, figures, ranked, shown) -> tuple:
    """({actor: colour}, legend): the PALETTE colours go to the communities with the most actors drawn
    at first (then by number); every other community is OTHER. A legend entry names its community by
    its LEAD most central actors in the page."""
    community = {n: figures.get(n, {}).get("community", 0) for n in nodes}
    drawn, members = {}, {}
    for n in ranked:   # most central first: members[c] lists each community's actors by rank
        members.setdefault(community[n], []).append(n)
        if n in shown:
            drawn[community[n]] = drawn.get(community[n], 0) + 1
    order = sorted(members, key=lambda c: (-drawn.get(c, 0), -len(members[c]), c))
    colour = {c: PALETTE[i] if i < len(PALETTE) else OTHER for i, c in enumerate(order)}
    legend = [{"id": c, "color": colour[c], "count": len(members[c]), "lead": members[c][:LEAD]}
              for c in order[:len(PALETTE)]]
    return {n: colour[community[n]] for n in nodes}, legend


def _timeline(facts, nodes, edges) -> tuple:
    """The dated facts as [start, end, article numbers] (each fact once), and for each link and each
    actor the numbers of its dated facts: what the page needs to rebuild the graph of a time window
    as graph.network.restrict does (weights = distinct articles) and rank its actors."""
    articles, times, number = {}, [], {}

    def ref(k):
        start = facts.start(k)
        if not start:
            return None
        if k not in number:
            number[k] = len(times)
            times.append([start, facts.end(k), [articles.setdefault(a, len(articles)) for a in facts.articles(k)]])
        return number[k]

    edge_times = [sorted({t for k in d["facts"] if (t := ref(k)) is not None}) for _, _, d in edges]
    actor_times = [sorted({t for k in facts.of(n) if (t := ref(k)) is not None}) for n in nodes]
    return times, edge_times, actor_times


def _recent(facts, keys: list) -> list:
    """Facts, the most recent first (undated last), then by identifier: which ones a capped list keeps."""
    return sorted(keys, key=lambda k: (facts.start(k) or "", facts.fid(k)), reverse=True)


def _pyvis(G, nodes, edges, index, figures, size_by, lang, pos, colours) -> Network:
    net = Network(directed=False)
    top = max((figures.get(n, {}).get(size_by, 0) for n in nodes), default=0) or 1
    for n in nodes:
        d = G.nodes[n]
        shape = STYLE.get(d["type"], STYLE["Person"])[0]
        value = figures.get(n, {}).get(size_by, 0)
        label = (d["label_ar"] if lang == "ar" else d["label_en"]) or d["label"]
        net.add_node(index[n], label=label, shape=shape, color=colours[n], x=pos[n][0], y=pos[n][1],
                     size=round(6 + 24 * math.sqrt(max(value, 0) / top), 1))
    for k, (u, v, d) in enumerate(edges):
        a, b = sorted((index[u], index[v]))  # pyvis's add_edge is O(edges) per call; build Edge directly
        label = d["label"] + (f" ×{d['weight']}" if d["weight"] > 1 else "")
        net.edges.append(Edge(a, b, id=k, label=label, width=round(1 + math.log2(d["weight"]), 2),
                              weight=d["weight"]).options)
    return net


def _options(n: int, seed: int) -> dict:
    big = n > 1000
    return {"physics": {"enabled": False}, "layout": {"randomSeed": seed, "improvedLayout": False},
            "interaction": {"hover": True, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "tooltipDelay": 200},
            "edges": {"smooth": False, "color": {"color": "#9aa0a6", "highlight": "#333333", "inherit": False},
                      "font": {"size": 10, "align": "middle", "strokeWidth": 3}},
            "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "system-ui, Noto Sans Arabic, sans-serif"},
                      "scaling": {"label": {"drawThreshold": 9, "maxVisible": 24}}}}


def _actor(G, n, row, fact_index, listed, total) -> dict:
    d = G.nodes[n]
    figs = {m: row[m] for m in centrality.MEASURES if m in row}
    actor = {"iri": n, "type": d["type"], "label": d["label"], "en": d["label_en"] or d["label"],
             "ar": d["label_ar"], "figures": figs, "facts": sorted(fact_index[f] for f in listed)}
    more = total - len(listed)
    if more:
        actor["more"] = more
    return actor


def _fact(f: dict, label_of) -> dict:
    names = [label_of(a) for a in f["actors"]]
    fact = {"kind": f["kind"], "label": f["label"], "detail": f["detail"], "place": f["place"],
            "start": f["start"], "end": f["end"], "articles": f["articles"], "evidence": f["evidence"][:EVIDENCE_PER_FACT],
            "with": names}
    if f["kind"] == "post":   # the parts of "member: role, organization", each shown in its own <bdi>
        by_role = lambda role: [nm for a, nm in zip(f["actors"], names) if role in f["roles"][a]]  # noqa: E731
        fact["members"], fact["orgs"] = by_role("member"), by_role("organization")
    return fact


def _inline(text: str, tag: str) -> Markup:
    """Vendored code for a <script>/<style> element, refused if it could close the element."""
    if f"</{tag}" in text.lower() or "<!--" in text:
        raise ValueError(f"asset contains </{tag} or <!--")
    return Markup(text)


_DATA_HERE = "\x00actorgraph-data\x00"   # where the data goes in the rendered template (no page holds a NUL)


def _page_parts(H, data, title, size_by, lang, shown_of):
    """The page: the template rendered around a mark where the data goes, then the data's JSON part
    by part (safe_json_parts) in its place."""
    before, after = _page(H, Markup(_DATA_HERE), title, size_by, lang, shown_of).split(_DATA_HERE)
    yield before
    yield from safe_json_parts(data)
    yield after


def _page(H, data_json: Markup, title, size_by, lang, shown_of) -> str:
    assets = resources.files("graph.view_assets")
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(assets.joinpath("template.html").read_text(encoding="utf-8"))
    counts = {t: sum(1 for n in H if H.nodes[n]["type"] == t) for t in STYLE}
    types = [{"name": t, "color": c, "svg": Markup(svg), "count": counts[t]} for t, (_, c, svg) in STYLE.items()]
    present = {r for _, _, d in H.edges(data=True) for r in d["relations"]}
    relations = [r for r in RELATIONS if r in present] + sorted(present - set(RELATIONS))
    summary = f"{len(H)} of {shown_of} actors, {H.number_of_edges()} links; size by {size_by}"
    if len(H) < shown_of:
        floor = type_floor(len(H))
        share = f" (at least {floor:,} of each type, where there are as many)" if floor else ""
        summary += (f". Showing the {len(H):,} most central actors by {size_by}{share} and the links among them; "
                    f"`actorgraph view --top N` shows more")
    return template.render(
        lang=lang, direction="rtl" if lang == "ar" else "ltr", title=title, summary=summary, types=types,
        relations=relations, size_by=size_by, data_json=data_json,
        vis_css=_inline((VIS_DIR / "vis-network.css").read_text(encoding="utf-8"), "style"),
        vis_js=_inline((VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"), "script"),
        view_css=_inline(assets.joinpath("view.css").read_text(encoding="utf-8"), "style"),
        view_js=_inline(assets.joinpath("view.js").read_text(encoding="utf-8"), "script"))
