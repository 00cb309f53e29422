"""PNG, SVG or PDF of the attribution network for papers (matplotlib), with the legend and
readable labels of the HTML page: names of sources, events and articles, counts of casualty
claims; statements and threats get their first words only in small graphs."""
from __future__ import annotations

import textwrap
from pathlib import Path

import networkx as nx

from .network import layout
from .page import AGENT_KINDS
from .palette import KIND_COLOURS, KIND_NAMES

MARKERS = {"article": "s", "event": "D", "statement": "o", "casualty": "o", "threat": "o", "group": "h"}
WORDS_UP_TO = 120  # nodes: above, statement and threat claims are drawn without their words


def draw(g: nx.DiGraph, out: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    n = g.number_of_nodes()
    side = min(40, max(12, n ** 0.5 * 1.6))
    fig, ax = plt.subplots(figsize=(side * 1.25, side))
    pos = layout(g)
    edge_colours = ["#8172b3" if d.get("relation", "").startswith("relay") else "#999999" if d.get("relation") == "said"
                    else "#dddddd" for _, _, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color=edge_colours, width=0.8, arrows=True, arrowsize=8,
                           node_size=160, alpha=0.9)
    kinds = sorted({d["kind"] for _, d in g.nodes(data=True)})
    for kind in kinds:
        members = [node for node, d in g.nodes(data=True) if d["kind"] == kind]
        # a group of claims takes the colour of its claims' kind
        colours = [KIND_COLOURS.get(g.nodes[m].get("claim_kind", kind), "#999999") for m in members]
        sizes = [220 if kind in AGENT_KINDS or kind in ("event", "article") else 120 for _ in members]
        nx.draw_networkx_nodes(g, pos, nodelist=members, ax=ax, node_color=colours, node_shape=MARKERS.get(kind, "o"),
                               node_size=sizes, edgecolors="#333333", linewidths=0.5)
    labels = {}
    for node, d in g.nodes(data=True):
        kind = d["kind"]
        if kind in AGENT_KINDS or kind in ("event", "article", "group") or (kind == "casualty" and d.get("count_min")):
            labels[node] = d["label"]
        elif n <= WORDS_UP_TO:
            labels[node] = d["label"]
    font = 9 if n <= 200 else 7
    ys = [y for _, y in pos.values()] or [0.0]
    lift = (max(ys) - min(ys) or 1.0) * 0.012  # labels just above their node
    label_pos = {node: (x, y + lift) for node, (x, y) in pos.items()}
    texts = nx.draw_networkx_labels(g, label_pos, labels=labels, ax=ax, font_size=font, verticalalignment="bottom")
    for text in texts.values():
        text.set_bbox(dict(facecolor="white", edgecolor="none", alpha=0.7, pad=0.6))
    handles = [Line2D([0], [0], marker=MARKERS.get(k, "o"), color="w", markerfacecolor=KIND_COLOURS.get(k, "#999"),
                      markeredgecolor="#333", markersize=10,
                      label=KIND_NAMES.get(k, k) + (" (hexagons)" if k == "group" else ""))
               for k in kinds]
    handles += [Line2D([0], [0], color="#999999", label="said (source → claim)"),
                Line2D([0], [0], color="#8172b3", label="relayed (claim → relay, source → relay)"),
                Line2D([0], [0], color="#dddddd", label="in article / reports event")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10, frameon=True)
    note = "\n".join(textwrap.wrap(g.graph.get("note", ""), 110))
    ax.set_title(title + (f"\n{note}" if note else ""), fontsize=13)
    ax.margins(0.08)
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(out, dpi=110 if out.suffix.lower() == ".png" else None)
    plt.close(fig)
