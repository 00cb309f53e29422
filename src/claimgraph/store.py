"""The store: one rdflib Dataset, one named graph per document.

Everything that reads or writes graphs goes through `Store`, so that a persistent
store (Oxigraph) or a remote SPARQL endpoint can later stand behind the same methods
without touching extraction.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from .errors import GraphError
from .model import bind_prefixes

FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld",
           ".json": "json-ld", ".rdf": "xml", ".xml": "xml"}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}


class Store:
    def __init__(self) -> None:
        self.dataset = Dataset(default_union=True)
        bind_prefixes(self.dataset)

    # writing ----------------------------------------------------------------------------------
    def replace_document(self, graph: Graph) -> None:
        """Put a document's graph in its own named graph, replacing what it had."""
        name = graph.identifier
        self.dataset.remove_graph(name)
        named = self.dataset.graph(name)
        for triple in graph:
            named.add(triple)

    def add_graph(self, graph: Graph, name: URIRef) -> None:
        named = self.dataset.graph(name)
        for triple in graph:
            named.add(triple)

    # reading ----------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike) -> "Store":
        path = Path(path)
        if not path.is_file():
            raise GraphError(f"no graph file at {path}; build one with `claimgraph build … --out DIR`")
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise GraphError(f"unknown graph format {path.suffix!r}; use one of {', '.join(sorted(FORMATS))}")
        store = cls()
        try:
            if fmt in QUAD_FORMATS:
                store.dataset.parse(path, format=fmt)
            else:
                store.dataset.default_graph.parse(path, format=fmt)
        except Exception as exc:  # rdflib raises many parser exception types
            raise GraphError(f"cannot parse {path} as {fmt}: {exc}") from exc
        return store

    def union(self) -> Graph:
        """All triples of all graphs, as one Graph."""
        graph = bind_prefixes(Graph())
        for triple in self.dataset.triples((None, None, None)):
            graph.add(triple)
        return graph

    def document_graphs(self) -> list[URIRef]:
        return sorted(g.identifier for g in self.dataset.graphs() if g.identifier != self._default_id()
                      and len(g))

    def _default_id(self):
        return self.dataset.default_graph.identifier

    def query(self, query, init_bindings: dict | None = None):
        return self.dataset.query(query, initBindings=init_bindings or {})

    # output -----------------------------------------------------------------------------------
    def serialize(self, fmt: str) -> str:
        if fmt in QUAD_FORMATS:
            return self.dataset.serialize(format=fmt)
        return self.union().serialize(format=fmt)

    def save(self, path: str | os.PathLike, fmt: str | None = None) -> Path:
        path = Path(path)
        fmt = fmt or FORMATS.get(path.suffix.lower(), "turtle")
        write_atomic(path, self.serialize(fmt))
        return path


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
