"""A document's graph as pyoxigraph terms: built once, then written to the store and validated
as it is, without an rdflib graph in between.

A document graph is only ever added to, written and validated; its triples are made directly as
Oxigraph terms (which the store takes as they are, and which serialise to the N-Triples the SHACL
engine reads), so no rdflib term, index or conversion is made for them. `to_rdflib` gives an
rdflib graph where one is wanted (pySHACL, tests).
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .store.terms import to_ox, to_rdflib


class Terms:
    """The IRIs of an rdflib namespace as Oxigraph named nodes, each made once: `Terms(CG).says`.
    A name the namespace refuses (a misspelt term of a closed one) fails as it does there."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        node = ox.NamedNode(str(getattr(self._namespace, name)))
        setattr(self, name, node)
        return node


class Triples:
    """A set of triples of Oxigraph terms, in the order first added, named by `identifier` (an
    rdflib IRI, as the graph names elsewhere)."""

    def __init__(self, identifier: URIRef):
        self.identifier = identifier
        self._triples: dict[tuple, None] = {}

    @classmethod
    def of(cls, graph: Graph) -> "Triples":
        """The triples of an rdflib graph."""
        out = cls(graph.identifier)
        for s, p, o in graph:
            out.add((to_ox(s), to_ox(p), to_ox(o)))
        return out

    def add(self, triple: tuple) -> None:
        self._triples[triple] = None

    def __iter__(self):
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def quads(self, graph_name: ox.NamedNode) -> list[ox.Quad]:
        return [ox.Quad(s, p, o, graph_name) for s, p, o in self._triples]

    def ntriples(self) -> str:
        return ox.serialize([ox.Triple(s, p, o) for s, p, o in self._triples],
                            format=ox.RdfFormat.N_TRIPLES).decode("utf-8")

    def to_rdflib(self) -> Graph:
        graph = Graph(identifier=self.identifier)
        for s, p, o in self._triples:
            graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
        return graph
