"""The views of the store: `report` (the per-event HTML report) and the attribution network
(`write`): an interactive HTML page, PNG/SVG/PDF for papers, GEXF or GraphML for Gephi and
Cytoscape, chosen by the output file's extension."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import Error
from . import data, network

FORMATS = (".html", ".png", ".svg", ".pdf", ".gexf", ".graphml")


def select(store, *, event=None, day=None, agents=None, kinds=None) -> list[data.Claim]:
    return data.claims(store, event=event, day=day, agents=agents, kinds=kinds)


def write(store, out: str | Path, *, event=None, day=None, agents=None, kinds=None,
          max_nodes: int = network.MAX_NODES, title: str | None = None):
    """Write the network of the claims in scope to `out` (atomically); returns the graph."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise Error(f"unknown visualisation format {suffix or out.name!r}; use one of {', '.join(FORMATS)}")
    g = network.build(select(store, event=event, day=day, agents=agents, kinds=kinds), max_nodes=max_nodes)
    title = title or "Attribution network"
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp" + suffix)
    os.close(handle)
    temporary = Path(temporary)
    try:
        if suffix == ".html":
            from .page import render

            temporary.write_text(render(g, title), encoding="utf-8")
        elif suffix in (".png", ".svg", ".pdf"):
            from .static import draw

            draw(g, temporary, title)
        elif suffix == ".gexf":
            import networkx as nx

            nx.write_gexf(_plain(g), temporary)
        else:
            import networkx as nx

            nx.write_graphml(_plain(g), temporary)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
    return g


def _plain(g):
    """The graph for GEXF and GraphML: the graph-level note kept as a string, nothing else changed."""
    copy = g.copy()
    copy.graph = {key: value for key, value in g.graph.items() if isinstance(value, (str, int, float))}
    return copy
