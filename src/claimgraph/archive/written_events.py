"""The events a pass writes to `graph/events`: only those it changed.

A pass clusters every report of its scope again, and most of the events it gives are the ones
the store holds already (between 1,300 and 2,000 corpus articles, one in five to one in nine of
a pass's events changes: `bench/settle.py`, columns events and changed). Each event written has
a digest of what its triples are made of (`cg:eventDigest`: its IRI, outcome, victims, place,
day and reports) in the internal graph `cgid:record/~events`, written in the same transaction as
its triples; a pass makes triples, and reads the stored ones, only for the
events whose digest differs from the stored one or that have none (a store written before
digests were kept), then writes the lines that differ.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict

from rdflib import Graph, Literal, URIRef

from .. import events
from ..model import EVENTS_GRAPH, claim_iri, event_iri
from ..namespaces import CG, ID
from ..store import Store
from ..store.terms import ntriples_line
from .recorded import select

EVENT_DIGESTS = ID["record/~events"]  # each written event's digest (a record graph: never exported)


def event_digest(event: events.Event) -> str:
    """A digest of everything `GraphBuilder.events_graph` makes an event's triples of (and of
    claimgraph's version, which may make them otherwise)."""
    from .. import __version__

    reports = sorted(str(claim_iri(claim)) for claim in event.reports)
    made_of = (__version__, str(event_iri(event)), event.outcome, event.victims(), event.location(), event.date,
               reports)
    return hashlib.sha256(repr(made_of).encode("utf-8")).hexdigest()


def stored_event_digests(store: Store, event_nodes: set[str]) -> dict[str, str]:
    rows = select(store, "?e ?x", "e", [URIRef(e) for e in event_nodes],
                  f"GRAPH <{EVENT_DIGESTS}> {{ ?e <{CG.eventDigest}> ?x }}")
    return {row.e: row.x for row in rows}


def events_to_write(old_events: set[str], found: list[events.Event],
                    stored: dict[str, str]) -> tuple[set[str], dict[str, str]]:
    """The events whose triples a pass must compare with the store's, and {IRI: digest} of the
    events it found: every event of the store it did not find again, every event it found whose
    digest is not the stored one (or that has none stored)."""
    digests = {str(event_iri(event)): event_digest(event) for event in found}
    candidates = {e for e in old_events | set(digests) if e not in digests or stored.get(e) != digests[e]}
    return candidates, digests


def digests_update(candidates: set[str], stored: dict[str, str], digests: dict[str, str]) -> str:
    """Replace the stored digests of `candidates` by those found (an event not found loses its digest)."""
    removed = [ntriples_line(URIRef(e), CG.eventDigest, Literal(stored[e])) for e in sorted(candidates) if e in stored]
    added = [ntriples_line(URIRef(e), CG.eventDigest, Literal(digests[e])) for e in sorted(candidates) if e in digests]
    return lines_update(EVENT_DIGESTS, removed, added)


def lines_update(graph: URIRef, removed: list[str], added: list[str]) -> str:
    """The update that deletes the N-Triples lines `removed` from `graph` and inserts `added`."""
    operations = []
    if removed:
        operations.append(f"DELETE DATA {{ GRAPH <{graph}> {{\n" + "\n".join(removed) + "\n} }")
    if added:
        operations.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(added) + "\n} }")
    return " ;\n".join(operations)


def events_removal(event_nodes: set[str]) -> str:
    """Take events out of graph/events, with their reports' links to them and their digests."""
    operations = []
    for event in sorted(event_nodes):
        operations.append(f"DELETE WHERE {{ GRAPH <{EVENTS_GRAPH}> {{ <{event}> ?p ?o }} }}")
        operations.append(f"DELETE WHERE {{ GRAPH <{EVENTS_GRAPH}> {{ ?c <{CG.reportOf}> <{event}> }} }}")
        operations.append(f"DELETE WHERE {{ GRAPH <{EVENT_DIGESTS}> {{ <{event}> ?p ?o }} }}")
    return " ;\n".join(operations)


def stored_event_lines(store: Store, event_nodes: set[str]) -> dict[str, set[str]]:
    """{event IRI: the N-Triples lines graph/events holds about it (its triples and its reports'
    links to it)} for the events of `event_nodes` the store has."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in select(store, "?e ?s ?p ?o", "e", [URIRef(e) for e in event_nodes],
                       f"""GRAPH <{EVENTS_GRAPH}> {{ {{ ?e ?p ?o BIND(?e AS ?s) }}
                           UNION {{ ?s <{CG.reportOf}> ?e BIND(<{CG.reportOf}> AS ?p) BIND(?e AS ?o) }} }}""",
                       ntriples=True):
        out[row.e[1:-1]].add(f"{row.s} {row.p} {row.o} .")
    return out


def event_lines(graph: Graph) -> dict[str, set[str]]:
    """{event IRI: its N-Triples lines} of an events graph made by `GraphBuilder.events_graph`."""
    out: dict[str, set[str]] = defaultdict(set)
    for s, p, o in graph:
        out[str(o if p == CG.reportOf else s)].add(ntriples_line(s, p, o))
    return out


def events_diff(old: dict[str, set[str]], new: dict[str, set[str]]) -> tuple[set[str], str]:
    """The events whose lines differ, and the update that makes `old` into `new` for them alone
    (an event the pass gives as it was is not written again)."""
    changed = {e for e in set(old) | set(new) if old.get(e, set()) != new.get(e, set())}
    removed = sorted(line for e in changed for line in old.get(e, set()) - new.get(e, set()))
    added = sorted(line for e in changed for line in new.get(e, set()) - old.get(e, set()))
    return changed, lines_update(EVENTS_GRAPH, removed, added)
