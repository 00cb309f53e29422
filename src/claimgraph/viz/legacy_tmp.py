"""Visualisation: agents → claims → documents (and relay hops) as a networkx graph,
written as PNG (matplotlib) or GraphML (Gephi, Cytoscape) by the file's extension."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from .errors import Error
from .namespaces import CG
from .store import Store

KIND = {CG.StatementClaim: "statement", CG.CasualtyClaim: "casualty", CG.ThreatClaim: "threat"}
COLOURS = {"agent": "#4c72b0", "statement": "#55a868", "casualty": "#c44e52", "threat": "#dd8452",
           "document": "#8c8c8c", "relay": "#8172b3"}


NETWORK_QUERY = """
PREFIX cg: <https://w3id.org/claimgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?claim ?class ?doc ?exact ?agent ?agentLabel ?via ?viaLabel WHERE {
  VALUES ?class { cg:StatementClaim cg:CasualtyClaim cg:ThreatClaim }
  ?claim a ?class ; cg:inDocument ?doc .
  OPTIONAL { ?claim cg:evidence/oa:hasSelector/oa:exact ?exact }
  OPTIONAL { ?claim prov:wasAttributedTo ?agent . OPTIONAL { ?agent rdfs:label ?agentLabel } }
  OPTIONAL { ?claim cg:relayedBy/prov:wasAttributedTo ?via . OPTIONAL { ?via rdfs:label ?viaLabel } }
}
"""


def to_networkx(store: Store) -> nx.DiGraph:
    """Agents → claims → documents, with relay links; read with one query in the store."""
    g = nx.DiGraph()

    def short(node) -> str:
        return str(node).rsplit("/", 1)[-1]

    for row in store.query(NETWORK_QUERY):
        claim, kind = str(row.claim), KIND[row[1]]
        g.add_node(claim, kind=kind, label=f"{kind}: {str(row.exact or '')[:40]}")
        g.add_node(str(row.doc), kind="document", label=short(row.doc))
        g.add_edge(claim, str(row.doc), relation="inDocument")
        if row.agent is not None:
            g.add_node(str(row.agent), kind="agent", label=str(row.agentLabel or short(row.agent)))
            g.add_edge(str(row.agent), claim, relation="said")
        if row.via is not None:
            g.add_node(str(row.via), kind="agent", label=str(row.viaLabel or short(row.via)))
            if row.agent is not None:
                g.add_edge(str(row.agent), str(row.via), relation="relayedBy")
            g.add_edge(str(row.via), claim, relation="relayed")
    return g


def write(store: Store, out: str | Path) -> Path:
    out = Path(out)
    g = to_networkx(store)
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = out.suffix.lower()
    if suffix == ".graphml":
        nx.write_graphml(g, out)
    elif suffix == ".png":
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(16, 12))
        pos = nx.spring_layout(g, seed=7, k=0.6)
        colours = [COLOURS.get(g.nodes[n].get("kind"), "#cccccc") for n in g.nodes]
        nx.draw_networkx(g, pos, ax=ax, node_color=colours, node_size=120, font_size=6, arrows=True,
                         labels={n: g.nodes[n]["label"] if g.nodes[n].get("kind") in ("agent", "document") else ""
                                 for n in g.nodes}, edge_color="#bbbbbb", width=0.6)
        ax.set_axis_off()
        fig.tight_layout()
        fig.savefig(out, dpi=120)
        plt.close(fig)
    else:
        raise Error(f"unknown visualisation format {suffix!r}; use .png or .graphml")
    return out
