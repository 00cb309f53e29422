"""`claimgraph viz --out FILE.html`: the attribution network as one self-contained page.

The renderer is vis-network (bundled in claimgraph.viz.vendor, Apache-2.0/MIT, inlined in the
page: nothing is fetched). Positions come from networkx's layout, so the page opens laid out
and stays responsive at 2,000 nodes; physics can be switched on. A legend, a filter per kind, a
search box, and a panel that shows a node's exact words, source, relay chain and article.
"""
from __future__ import annotations

import html
import json
from importlib import resources

import networkx as nx

from .. import __version__
from .network import layout
from .palette import KIND_COLOURS, KIND_NAMES

SHAPES = {"person": "dot", "government": "dot", "ngo": "dot", "media": "dot", "organisation": "dot", "agent": "dot",
          "statement": "box", "casualty": "box", "threat": "box", "group": "box",
          "article": "square", "event": "diamond"}
AGENT_KINDS = {"person", "government", "ngo", "media", "organisation", "agent"}
DETAIL_FIELDS = ["words", "count_min", "count_max", "outcome", "source", "chain", "article", "published", "event",
                 "date", "claims", "said", "relayed", "doc", "language", "iri"]


def vis_network_js() -> str:
    return resources.files("claimgraph.viz.vendor").joinpath("vis-network.min.js").read_text("utf-8")


def _payload(g: nx.DiGraph) -> dict:
    positions = layout(g)
    scale = 90 * max(1, g.number_of_nodes()) ** 0.5
    ids = {node: i for i, node in enumerate(g.nodes)}
    nodes = []
    for node, data in g.nodes(data=True):
        kind = data["kind"]
        x, y = positions.get(node, (0.0, 0.0))
        details = {key: data[key] for key in DETAIL_FIELDS if data.get(key) not in (None, "")}
        size = 10
        if kind in AGENT_KINDS:
            size = 10 + min(20, 2 * (data.get("said", 0) + data.get("relayed", 0)) ** 0.5 * 2)
        elif kind == "group":
            size = 10 + min(20, data.get("claims", 1) ** 0.5 * 3)
        nodes.append({
            "id": ids[node], "label": data["label"], "kind": kind, "shape": SHAPES.get(kind, "dot"),
            "color": KIND_COLOURS.get(kind if kind != "group" else data.get("claim_kind", "group"), "#999999"),
            "x": round(float(x) * scale, 1), "y": round(float(y) * scale, 1), "size": round(size, 1), "details": details,
        })
    edges = [{"from": ids[a], "to": ids[b], "relation": data.get("relation", ""), "title": data.get("relation", "")}
             for a, b, data in g.edges(data=True)]
    return {"nodes": nodes, "edges": edges}


def render(g: nx.DiGraph, title: str = "Attribution network") -> str:
    payload = json.dumps(_payload(g), ensure_ascii=False).replace("</", "<\\/")
    kinds = sorted({data["kind"] for _, data in g.nodes(data=True)}, key=lambda k: list(SHAPES).index(k)
                   if k in SHAPES else 99)
    legend = "".join(
        f"<label class='kind'><input type='checkbox' checked data-kind='{k}'>"
        f"<span class='swatch {SHAPES.get(k, 'dot')}' style='background:{KIND_COLOURS.get(k, '#999')}'></span>"
        f"{html.escape(KIND_NAMES.get(k, k))}</label>" for k in kinds)
    note = g.graph.get("note", "")
    counts = (f"{g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges, {g.graph.get('claims', 0):,} claims"
              f" · claimgraph {__version__}")
    return TEMPLATE.format(
        title=html.escape(title), counts=html.escape(counts), note=html.escape(note), legend=legend,
        edges_legend=EDGES_LEGEND, vis=vis_network_js().replace("</script", "<\\/script"), data=payload,
        script=SCRIPT)


EDGES_LEGEND = ("<div class='edges'><b>Edges</b>: source → claim (said) · claim → relay (relayed by) · "
                "source → relay (relayed to) · claim → article · claim → event (reports)</div>")

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<style>
html,body{{margin:0;height:100%;font:14px/1.4 system-ui,sans-serif;color:#222}}
#top{{padding:8px 12px;border-bottom:1px solid #ddd;background:#fafafa}}
#top h1{{font-size:17px;margin:0 8px 0 0;display:inline}}
.meta{{color:#666;font-size:12px}}
#wrap{{display:flex;height:calc(100% - 96px)}}
#network{{flex:1;min-width:0;background:#fff}}
#panel{{width:340px;border-left:1px solid #ddd;padding:10px;overflow:auto;background:#fcfcfc}}
#panel h2{{font-size:15px;margin:0 0 6px}}
#panel dt{{font-weight:600;color:#555;margin-top:6px}}#panel dd{{margin:0}}
#panel .words{{font-style:italic;background:#fff6c8;padding:2px 4px}}
label.kind{{margin-right:12px;white-space:nowrap;cursor:pointer}}
.swatch{{display:inline-block;width:12px;height:12px;margin:0 4px -1px 2px;border:1px solid #0003}}
.swatch.dot{{border-radius:50%}}.swatch.diamond{{transform:rotate(45deg) scale(.8)}}.swatch.box{{border-radius:2px;width:16px}}
.edges{{font-size:12px;color:#555;margin-top:3px}}
#search{{width:180px}}
</style></head>
<body>
<div id="top"><h1>{title}</h1><span class="meta">{counts}</span>
<span style="float:right"><input id="search" type="search" placeholder="find a name or words…">
<button id="physics" type="button">physics: off</button></span>
<div id="legend">{legend}</div>{edges_legend}<div class="meta" id="note">{note}</div></div>
<div id="wrap"><div id="network"></div>
<div id="panel"><h2>Details</h2><p class="meta" id="hint">Click a node to see its exact words, source,
relay chain and article. Drag to move, scroll to zoom.</p><div id="details"></div></div></div>
<script>{vis}</script>
<script>const DATA = {data};</script>
<script>{script}</script>
</body></html>
"""

SCRIPT = r"""
(function () {
  const nodes = new vis.DataSet(DATA.nodes.map(n => Object.assign({}, n, {
    color: {background: n.color, border: '#333333', highlight: {background: n.color, border: '#000000'}},
    font: n.shape === 'box' ? {size: 13, color: '#ffffff'} : {size: 14, color: '#222222', strokeWidth: 3, strokeColor: '#ffffff'},
    title: undefined
  })));
  const edges = new vis.DataSet(DATA.edges.map((e, i) => Object.assign({id: i}, e, {
    arrows: 'to', color: {color: e.relation === 'said' ? '#888888' : e.relation.startsWith('relay') ? '#8172b3' : '#cccccc'},
    dashes: e.relation === 'inArticle' || e.relation === 'reportOf', width: e.relation.startsWith('relay') ? 2 : 1
  })));
  const container = document.getElementById('network');
  const network = new vis.Network(container, {nodes, edges}, {
    physics: {enabled: false, solver: 'forceAtlas2Based', stabilization: false},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: DATA.nodes.length > 800},
    edges: {smooth: false}, nodes: {borderWidth: 1}, layout: {improvedLayout: false}
  });
  window.claimgraphNetwork = network;
  const names = {words: 'the words', count_min: 'count (lowest)', count_max: 'count (highest)', outcome: 'outcome',
    source: 'source', chain: 'relay chain', article: 'article', published: 'published', event: 'event', date: 'date',
    claims: 'claims', said: 'claims made', relayed: 'claims relayed', doc: 'article id', language: 'language', iri: 'IRI'};
  function show(id) {
    const node = DATA.nodes[id];
    const box = document.getElementById('details');
    box.textContent = '';
    const h = document.createElement('h2'); h.textContent = node.label; box.appendChild(h);
    const kind = document.createElement('div'); kind.className = 'meta'; kind.textContent = node.kind; box.appendChild(kind);
    const dl = document.createElement('dl');
    for (const [key, value] of Object.entries(node.details)) {
      const dt = document.createElement('dt'); dt.textContent = names[key] || key;
      const dd = document.createElement('dd');
      dd.textContent = key === 'words' ? '“' + value + '”' : String(value);
      if (key === 'words') dd.className = 'words';
      dl.appendChild(dt); dl.appendChild(dd);
    }
    box.appendChild(dl);
    document.getElementById('hint').style.display = 'none';
  }
  network.on('click', params => { if (params.nodes.length) show(params.nodes[0]); });
  network.on('hoverNode', params => { container.title = DATA.nodes[params.node].details.words || DATA.nodes[params.node].label; });
  network.on('blurNode', () => { container.title = ''; });
  document.querySelectorAll('#legend input').forEach(box => box.addEventListener('change', () => {
    const hidden = new Set([...document.querySelectorAll('#legend input')].filter(b => !b.checked).map(b => b.dataset.kind));
    nodes.update(DATA.nodes.map(n => ({id: n.id, hidden: hidden.has(n.kind)})));
  }));
  document.getElementById('search').addEventListener('change', event => {
    const text = event.target.value.trim().toLowerCase();
    if (!text) return;
    const found = DATA.nodes.filter(n => n.label.toLowerCase().includes(text) ||
      String(n.details.words || '').toLowerCase().includes(text)).map(n => n.id);
    network.selectNodes(found);
    if (found.length) { network.fit({nodes: found, animation: false}); show(found[0]); }
  });
  const physics = document.getElementById('physics');
  physics.addEventListener('click', () => {
    const on = physics.textContent.endsWith('off');
    network.setOptions({physics: {enabled: on}});
    physics.textContent = 'physics: ' + (on ? 'on' : 'off');
  });
  network.once('afterDrawing', () => { document.body.dataset.ready = 'true'; });
})();
"""
