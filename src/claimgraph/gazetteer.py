"""Load the bundled (or a user's) gazetteer Turtle into a plain `identity.Gazetteer`."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from .errors import GraphError
from .identity import Entry, Gazetteer, normalize
from .namespaces import CG

KINDS = {CG.Person: "Person", CG.Organisation: "Organisation", CG.Government: "Government", CG.Media: "Media",
         CG.NGO: "NGO", CG.Place: "Place"}


def bundled_path() -> Path:
    return Path(str(resources.files("claimgraph").joinpath("data", "gazetteer.ttl")))


@lru_cache(maxsize=4)
def graph(path: str | None = None) -> Graph:
    """The gazetteer at `path` (default: the bundled one) as an RDF graph."""
    data = Graph()
    source = Path(path) if path else bundled_path()
    try:
        data.parse(source, format="turtle")
    except Exception as exc:  # rdflib raises many parser exception types
        raise GraphError(f"cannot read gazetteer {source}: {exc}") from exc
    return data


@lru_cache(maxsize=4)
def load(path: str | None = None) -> Gazetteer:
    """The gazetteer at `path` (default: the bundled one), as plain lookup tables."""
    return from_graph(graph(path))


def from_graph(graph: Graph) -> Gazetteer:
    entries = []
    for subject, cls in graph.subject_objects(RDF.type):
        if cls not in KINDS or not isinstance(subject, URIRef):
            continue
        labels = sorted(((lit.language or "en", str(lit)) for lit in graph.objects(subject, SKOS.prefLabel)),
                        key=lambda pair: (pair[0] != "en", pair[0]))
        if not labels:
            continue
        names = [text for _lang, text in labels] + [str(lit) for lit in graph.objects(subject, SKOS.altLabel)]
        roles = [str(lit) for lit in graph.objects(subject, CG.roleLabel)]
        entries.append(Entry(iri=str(subject), kind=KINDS[cls], labels=tuple(labels),
                             aliases=frozenset(normalize(n) for n in names if normalize(n)),
                             roles=frozenset(normalize(r) for r in roles if normalize(r))))
    entries.sort(key=lambda e: e.iri)
    return Gazetteer(entries)
