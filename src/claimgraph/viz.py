"""Visualisation: agents → claims → documents (and relay hops) as a networkx graph,
written as PNG (matplotlib) or GraphML (Gephi, Cytoscape) by the file's extension."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS
from rdflib.namespace import PROV

from .errors import Error
from .namespaces import CG, OA
from .store import Store

KIND = {CG.StatementClaim: "statement", CG.CasualtyClaim: "casualty", CG.ThreatClaim: "threat"}
COLOURS = {"agent": "#4c72b0", "statement": "#55a868", "casualty": "#c44e52", "threat": "#dd8452",
           "document": "#8c8c8c", "relay": "#8172b3"}


def to_networkx(store: Store) -> nx.DiGraph:
    graph = store.union()
    g = nx.DiGraph()

    def label(node) -> str:
        return str(graph.value(node, RDFS.label) or str(node).rsplit("/", 1)[-1])

    for claim_class, kind in KIND.items():
        for claim in graph.subjects(RDF.type, claim_class):
            exact = next((str(graph.value(sel, OA.exact)) for sel in graph.objects(graph.value(claim, CG.evidence),
                                                                                  OA.hasSelector)
                          if graph.value(sel, OA.exact) is not None), "")
            g.add_node(str(claim), kind=kind, label=f"{kind}: {exact[:40]}")
            doc = graph.value(claim, CG.inDocument)
            if doc is not None:
                g.add_node(str(doc), kind="document", label=str(doc).rsplit("/", 1)[-1])
                g.add_edge(str(claim), str(doc), relation="inDocument")
            agent = graph.value(claim, PROV.wasAttributedTo)
            if agent is not None:
                g.add_node(str(agent), kind="agent", label=label(agent))
                g.add_edge(str(agent), str(claim), relation="said")
            for relay in graph.objects(claim, CG.relayedBy):
                via = graph.value(relay, PROV.wasAttributedTo)
                if via is not None:
                    g.add_node(str(via), kind="agent", label=label(via))
                    if agent is not None:
                        g.add_edge(str(agent), str(via), relation="relayedBy")
                    g.add_edge(str(via), str(claim), relation="relayed")
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
