"""Every agent's uses summed over the records (`cgid:record/~agents`): a pass reads these totals,
not every record that names a popular agent."""
from __future__ import annotations

from collections import Counter, defaultdict

from rdflib import Graph, URIRef

from ..model import AgentUse
from ..namespaces import CG, ID
from ..store import Store
from ..store.terms import ntriples
from .recorded import record_names, select, use_literal


TOTALS_GRAPH = ID["record/~agents"]  # every agent's uses summed over the records (as SCHEME_GRAPH)


def _uses(rows) -> dict[str, Counter]:
    """{agent IRI: Counter[AgentUse]} from rows of an agent (`a`) and a use literal's value (`u`)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        text, _, count = row.u.rpartition("\x1f")
        out[row.a][AgentUse.decode(row.a, text)] += int(count)
    return out


def adjusted_uses(totals: dict[str, Counter], less: dict[str, Counter],
              more: dict[str, Counter] | None = None) -> dict[str, Counter]:
    """{agent IRI: uses}: `totals` less the uses counted in `less`, plus those in `more` (each a
    dict of Counter[AgentUse], by agent or by document); no use left at zero or below."""
    out = defaultdict(Counter, {a: Counter(c) for a, c in totals.items()})
    for counted in less.values():
        for use, count in counted.items():
            out[use.iri][use] -= count
    for counted in (more or {}).values():
        for use, count in counted.items():
            out[use.iri][use] += count
    return {a: +c for a, c in out.items()}


def record_uses(store: Store, doc_ids: set[str]) -> dict[str, Counter]:
    """{agent IRI: Counter[AgentUse]} of the records of `doc_ids`."""
    return _uses(select(store, "?a ?u", "g", record_names(doc_ids), f"GRAPH ?g {{ ?a <{CG.agentUse}> ?u }}"))


def total_uses(store: Store, agents: set[str]) -> dict[str, Counter]:
    """{agent IRI: Counter[AgentUse]} summed over every record (the totals the store keeps)."""
    return _uses(select(store, "?a ?u", "a", [URIRef(a) for a in agents],
                         f"GRAPH <{TOTALS_GRAPH}> {{ ?a <{CG.agentUse}> ?u }}"))


def totals_triples(totals: dict[str, Counter]) -> Graph:
    """The totals of the agents of `totals` as they are kept (uses counted zero or less left out)."""
    graph = Graph()
    for agent, counted in totals.items():
        for use, count in counted.items():
            if count > 0:
                graph.add((URIRef(agent), CG.agentUse, use_literal(use, count)))
    return graph


def totals_update(totals: dict[str, Counter]) -> str:
    """Replace the totals of the agents of `totals` (an agent no record names any more goes)."""
    operations = [f"DELETE WHERE {{ GRAPH <{TOTALS_GRAPH}> {{ <{a}> <{CG.agentUse}> ?u }} }}" for a in sorted(totals)]
    graph = totals_triples(totals)
    if len(graph):
        operations.append(f"INSERT DATA {{ GRAPH <{TOTALS_GRAPH}> {{\n{ntriples(graph)}\n}} }}")
    return " ;\n".join(operations)


STALE = f"<{TOTALS_GRAPH}> <{CG.stale}> true"  # set while a pass writes records and totals


def count_uses(store: Store) -> int:
    """Sum every agent's uses over all the records again (after a pass was killed between its
    records and its totals, or in a store that has no totals yet); returns the agents counted."""
    records = [URIRef(row.g) for row in select(store, "DISTINCT ?g", "p", [CG.recordHash], "GRAPH ?g { ?d ?p ?h }")]
    totals = _uses(select(store, "?a ?u", "g", records, f"GRAPH ?g {{ ?a <{CG.agentUse}> ?u }}"))
    store.update(f"DROP SILENT GRAPH <{TOTALS_GRAPH}>" + (" ;\n" + totals_update(totals) if totals else ""))
    return len(totals)


def totals_stale(store: Store) -> bool:
    return bool(store.terms(f"SELECT ?p WHERE {{ GRAPH <{TOTALS_GRAPH}> {{ {STALE.replace('true', '?p')} }} }}"))
