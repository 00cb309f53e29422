"""Names users type: an agent found by any of its labels, gazetteer names or the words articles
used for it (`cg:surfaceForm`), whatever the case, accents, apostrophes or a leading article
('erdogan' finds 'Recep Tayyip Erdoğan'); and 'did you mean …' when nothing matches."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from .identity import normalize
from .store import Store

AGENT_NAMES = """
PREFIX cg: <https://w3id.org/claimgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?agent ?label ?name WHERE {
  ?agent a prov:Agent ; rdfs:label ?label .
  { ?agent rdfs:label ?name } UNION { ?agent skos:prefLabel ?name } UNION { ?agent skos:altLabel ?name }
  UNION { ?agent cg:surfaceForm ?name }
}
"""


@dataclass(frozen=True)
class Agent:
    iri: str
    label: str  # its rdfs:label, what the queries show and compare


def _index(store: Store) -> dict[str, set[Agent]]:
    """Normalised name → the agents known by it."""
    index: dict[str, set[Agent]] = {}
    for row in store.query(AGENT_NAMES):
        key = normalize(str(row.name))
        if key:
            index.setdefault(key, set()).add(Agent(str(row.agent), str(row.label)))
    return index


def find_agents(store: Store, typed: str) -> list[Agent]:
    """The agents `typed` names: those with a name equal to it once normalised; failing that,
    those with a name holding all its words ('erdogan', 'abdel rahmane')."""
    index = _index(store)
    key = normalize(typed)
    if not key:
        return []
    found = set(index.get(key, ()))
    if not found:
        words = set(key.split())
        for name, agents in index.items():
            if words <= set(name.split()):
                found |= agents
    return sorted(found, key=lambda a: (a.label, a.iri))


def suggestions(store: Store, typed: str, limit: int = 3) -> list[str]:
    """Labels of the agents whose names are closest to `typed` (for 'did you mean …')."""
    index = _index(store)
    close = difflib.get_close_matches(normalize(typed), list(index), n=limit * 3, cutoff=0.6)
    labels: list[str] = []
    for name in close:
        for agent in sorted(index[name], key=lambda a: a.label):
            if agent.label not in labels:
                labels.append(agent.label)
    return labels[:limit]


def did_you_mean(store: Store, typed: str) -> str:
    close = suggestions(store, typed)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
