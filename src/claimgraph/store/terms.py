"""rdflib ↔ pyoxigraph terms, and query results as rows of rdflib terms.

The agents' and events' graphs are built with rdflib; a document's graph and its record graph
are built as Oxigraph terms directly (triples.py). Everything is stored and queried in Oxigraph. These few
functions are the bridge between the two.
"""
from __future__ import annotations

import json

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

_XSD_STRING = str(XSD.string)


def to_ox(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The Oxigraph term of an rdflib term (an Oxigraph term is given back as it is)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def ntriples_line(s, p, o) -> str:
    """One triple in N-Triples syntax (as Oxigraph writes its terms)."""
    return f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ."


def ntriples(graph: Graph) -> str:
    """The graph's triples in N-Triples syntax (also valid inside SPARQL INSERT DATA)."""
    if not isinstance(graph, Graph):  # a document graph of Oxigraph terms (triples.Triples)
        return graph.ntriples().rstrip("\n")
    return "\n".join(ntriples_line(s, p, o) for s, p, o in graph)


def sorted_ntriples(statements) -> str:
    """The triples of Oxigraph triples or quads (their graph left out) in N-Triples, sorted: the
    body of an INSERT DATA or DELETE DATA block, the same text for the same triples."""
    return ox.serialize(sorted((ox.Triple(q.subject, q.predicate, q.object) for q in statements), key=str),
                        format=ox.RdfFormat.N_TRIPLES).decode("utf-8").rstrip("\n")


class Row(tuple):
    """One solution: values by position, or by variable name as attributes (None when unbound)."""

    names: dict[str, int]

    def __new__(cls, values, names):
        row = super().__new__(cls, values)
        row.names = names
        return row

    def __getattr__(self, name):
        try:
            return self[self.names[name]]
        except KeyError:
            raise AttributeError(name) from None


class Result:
    """A SELECT result held in memory: `vars` and rows of rdflib terms (None when unbound)."""

    def __init__(self, variables: list[str], rows: list[tuple]):
        self.vars = variables
        index = {name: i for i, name in enumerate(variables)}
        self.rows = [Row(values, index) for values in rows]

    @classmethod
    def from_oxigraph(cls, solutions) -> "Result":
        variables = [v.value for v in solutions.variables]
        rows = [tuple(to_rdflib(solution[i]) for i in range(len(variables))) for solution in solutions]
        return cls(variables, rows)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        bindings = []
        for row in self.rows:
            binding = {}
            for name, value in zip(self.vars, row):
                if value is None:
                    continue
                if isinstance(value, URIRef):
                    binding[name] = {"type": "uri", "value": str(value)}
                elif isinstance(value, BNode):
                    binding[name] = {"type": "bnode", "value": str(value)}
                else:
                    entry = {"type": "literal", "value": str(value)}
                    if value.language:
                        entry["xml:lang"] = value.language
                    elif value.datatype is not None:
                        entry["datatype"] = str(value.datatype)
                    binding[name] = entry
            bindings.append(binding)
        return json.dumps({"head": {"vars": self.vars}, "results": {"bindings": bindings}}, ensure_ascii=False,
                          indent=1)
