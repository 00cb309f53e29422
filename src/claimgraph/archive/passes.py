"""The cross-document pass over the scope of a change, written to the store; removal; the
upgrade of stores keyed by an earlier scheme."""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from .. import crossdoc, events, table
from ..identity import EMPTY, Gazetteer
from ..model import AGENTS_GRAPH, GraphBuilder, document_iri, event_iri, graph_iri
from ..namespaces import CG
from ..records import Claim
from ..store import Store
from ..store.terms import ntriples, to_ox
from ..triples import Triples
from .keys import UNDATED, add_title_names, around, keys_of
from .recorded import (SCHEME_GRAPH, clear_pending, difference_update, doc_id_of, documents_with_keys, event_partners,
                       known_titles, load_records, pass_digest, pending_documents, record_graph, record_iri, select,
                       stored_digests, stored_hashes, stored_keys)
from .totals import (STALE, TOTALS_GRAPH, adjusted_uses, count_uses, record_uses, total_uses, totals_stale,
                     totals_triples, totals_update)
from .written_events import (digests_update, event_lines, events_diff, events_removal, events_to_write,
                             stored_event_digests, stored_event_lines)


MAX_ROUNDS = 50  # rounds of taking in the documents related to those taken in
KEY_SCHEME = "2"  # 1: months and titles without counts or sides (mo:, y:, yo:, t: only)


def upgrade_keys(store: Store, gazetteer: Gazetteer = EMPTY) -> int:
    """Give the records of a store written with an earlier scheme of keys the keys (and title
    names) of this one, from each record as extracted (as a build records a document before
    its pass), and count the agents' uses over them; returns the number of records keyed
    again. A store already on this scheme costs one lookup. Killed half-way, it starts again on
    the next build (keying and counting are idempotent)."""
    marker = f"<{SCHEME_GRAPH}> <{DCTERMS.hasVersion}> ?s"
    if any(str(row.s) == KEY_SCHEME for row in store.query(f"SELECT ?s WHERE {{ GRAPH <{SCHEME_GRAPH}> {{ {marker} }} }}")):
        return 0
    ids = sorted(doc_id_of(row.d) for row in store.query(f"SELECT ?d WHERE {{ GRAPH ?g {{ ?d <{CG.recordHash}> ?h }} }}"))
    for i in range(0, len(ids), 500):
        operations = []
        for doc_id, (document, claims, _) in sorted(load_records(store, set(ids[i:i + 500])).items()):
            graph = Graph()
            doc = document_iri(doc_id)
            item = events.BatchItem(document, claims)
            for key in keys_of(item, gazetteer=gazetteer):
                graph.add((doc, CG.touchKey, Literal(key)))
            add_title_names(graph, doc, item, gazetteer)
            name = record_iri(doc_id)
            operations.append(f"DELETE WHERE {{ GRAPH <{name}> {{ ?d <{CG.touchKey}> ?k }} }}")
            operations.append(f"DELETE WHERE {{ GRAPH <{name}> {{ ?d <{CG.titleName}> ?k }} }}")
            if len(graph):
                operations.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{ntriples(graph)}\n}} }}")
        if operations:
            store.update(" ;\n".join(operations))
    count_uses(store)
    store.update(f"DELETE WHERE {{ GRAPH <{SCHEME_GRAPH}> {{ ?s ?p ?o }} }} ;\n"
                 f"INSERT DATA {{ GRAPH <{SCHEME_GRAPH}> {{ <{SCHEME_GRAPH}> <{DCTERMS.hasVersion}> \"{KEY_SCHEME}\" }} }}")
    return len(ids)


def _ready(store: Store, gazetteer: Gazetteer) -> None:
    """Before a pass: records keyed by this scheme, and totals that are the sum of the records."""
    upgrade_keys(store, gazetteer)
    if totals_stale(store):
        count_uses(store)


@dataclass
class Settled:
    """What one cross-document pass did."""

    scope: set[str] = field(default_factory=set)
    rewritten: set[str] = field(default_factory=set)  # documents whose graph was written
    claims: dict[str, list[Claim]] = field(default_factory=dict)  # doc id → claims after the pass
    events: list[events.Event] = field(default_factory=list)
    events_graph: Graph = field(default_factory=Graph)  # the events written (those that changed)
    failed: dict[str, str] = field(default_factory=dict)  # doc id → why its graph could not be made
    graphs: dict[str, Triples] = field(default_factory=dict)  # doc id → its graph plus its agents (to validate)
    agents: set[str] = field(default_factory=set)  # agents whose description was written again
    event_nodes: set[str] = field(default_factory=set)  # events taken out, changed or added (their IRIs)


def settle(store: Store, builder: GraphBuilder, gazetteer, *, seeds: set[str], keys: set[str] = frozenset(),
           agents: set[str] = frozenset(), memory: dict | None = None, default_date: str | None = None,
           extraction_of=None, timings: Counter | None = None) -> Settled:
    """The cross-document pass over what `seeds` (changed documents: in `memory`, or recorded
    with their pending flag) touch, written to the store: documents whose graph changed (each
    with its record, pending, in one transaction), the descriptions of the agents involved, the
    events of the scope; then the pending flags are cleared. A build killed before the flags are
    cleared is finished by the next one; a document of `memory` not yet written is not in the
    store, and the next build extracts it again.

    `keys` and `agents` add what removed documents touched; `memory` holds records already in
    memory ({doc id: (document, claims, hash)}) so they are not read back."""
    memory = memory or {}
    timings = timings if timings is not None else Counter()
    out = Settled()
    _ready(store, gazetteer)
    seeds = set(seeds) | pending_documents(store)
    # a seed in memory relates to others by its keys as extracted now and, when the store holds
    # an earlier version of it, by that version's keys too
    keys = set(keys) | stored_keys(store, seeds)
    for doc_id in seeds & set(memory):
        document, claims = memory[doc_id][:2]
        keys |= keys_of(events.BatchItem(document, claims), gazetteer=gazetteer)
    scope, old_events = _scope(store, seeds, around(keys) | {UNDATED})
    records = {d: memory[d] for d in scope if d in memory}
    records.update(load_records(store, scope - set(records)))
    out.scope = set(records)
    items = [events.BatchItem(records[d][0], records[d][1]) for d in sorted(records)]
    items = crossdoc.unify_titles(items, gazetteer, known_titles(store, items, gazetteer, out.scope))
    items, found_events, inferred = events.process(items, gazetteer, default_date)

    digests = stored_digests(store, out.scope)
    new_uses: dict[str, Counter] = {}
    writes: dict[str, tuple[Triples, Graph]] = {}
    for item in items:
        document = item.document
        out.claims[document.doc_id] = item.claims
        digest = pass_digest(item, inferred.get(document.doc_id))
        if document.doc_id not in seeds and digest == digests.get(document.doc_id):
            continue  # the pass gives this document what it gave it last time: its graph stands
        mark = time.perf_counter()
        try:
            graph = builder.document_graph(document, item.claims, inferred.get(document.doc_id),
                                           extraction_of(document.language) if extraction_of else None)
        except Exception as exc:  # one document's failure never sinks the batch
            out.failed[document.doc_id] = f"graph failed: {type(exc).__name__}: {exc}"
            del out.claims[document.doc_id]
            continue
        uses = Counter(builder.uses)
        new_uses[document.doc_id] = uses
        original = records[document.doc_id]
        keys = keys_of(events.BatchItem(original[0], original[1]), item.claims, inferred.get(document.doc_id),
                       gazetteer)
        rows = table.rows_literal(document, item.claims, builder.iri_of)
        writes[document.doc_id] = (graph, record_graph(original[0], original[1], original[2], keys, uses, digest,
                                                       rows=rows, gazetteer=gazetteer))
        timings["graph"] += time.perf_counter() - mark
    rebuilt = set(writes) | set(out.failed)
    old_uses = record_uses(store, rebuilt)
    touched = set(agents) | set(old_uses) | {u.iri for c in new_uses.values() for u in c}
    kept = set(out.claims)
    for event in found_events:  # a document that failed leaves its events
        event.reports = [claim for claim in event.reports if claim.doc_id in kept]
    out.events = [event for event in found_events if event.reports]

    # every agent's uses: its totals, less what the documents made again said, plus what they say
    adjusted = adjusted_uses(total_uses(store, touched), old_uses, new_uses)
    uses = {a: adjusted.get(a, Counter()) for a in touched}
    described = builder.describe_agents({a: uses[a] for a in sorted(touched) if uses[a]})

    mark = time.perf_counter()
    if rebuilt:  # until the totals are written with the agents, the next pass counts them again
        store.update(f"INSERT DATA {{ GRAPH <{TOTALS_GRAPH}> {{ {STALE} }} }}")
    for doc_id, (graph, record) in writes.items():
        store.replace({graph_iri(doc_id): graph, record_iri(doc_id): record})
        out.rewritten.add(doc_id)
        out.graphs[doc_id] = with_agents(graph, described, new_uses[doc_id])
    for doc_id in out.failed:
        store.replace({graph_iri(doc_id): None, record_iri(doc_id): None})
    # the descriptions and totals of the agents involved, written by their differences: what the
    # two graphs say of these agents is all that passes write there
    store.update(" ;\n".join(op for op in (difference_update(store, AGENTS_GRAPH, touched, described),
                                             difference_update(store, TOTALS_GRAPH, touched, totals_triples(uses)),
                                             f"DELETE DATA {{ GRAPH <{TOTALS_GRAPH}> {{ {STALE} }} }}") if op))
    # the events whose digest changed are made and compared with the store's, line by line
    stored = stored_event_digests(store, old_events | {str(event_iri(e)) for e in out.events})
    candidates, digests = events_to_write(old_events, out.events, stored)
    events_graph = builder.events_graph([e for e in out.events if str(event_iri(e)) in candidates])
    changed, update = events_diff(stored_event_lines(store, old_events & candidates), event_lines(events_graph))
    update = " ;\n".join(op for op in (update, digests_update(candidates, stored, digests)) if op)
    if update:
        store.update(update)
    out.agents = set(touched)
    out.event_nodes = changed
    # the events as written, for validation: those the pass changed (with their reports' links)
    for s, p, o in events_graph:
        if str(o if p == CG.reportOf else s) in changed:
            out.events_graph.add((s, p, o))
    store.update(clear_pending(seeds | out.rewritten))  # the records written, and those pending before
    timings["write"] += time.perf_counter() - mark
    return out


def _scope(store: Store, seeds: set[str], wanted: set[str]) -> tuple[set[str], set[str]]:
    """The documents a pass over `seeds` must make again, and the events they report: the
    documents with the keys `wanted`, every document of every event those report, and so on
    for the keys of every document taken in (its days, the counts it offers or needs: it is
    clustered again, with what it is clustered with); not its titles, whose names are read from
    records."""
    scope: set[str] = set()
    old_events: set[str] = set()
    looked_up: set[str] = set()
    new = set(seeds)
    for _ in range(MAX_ROUNDS):
        wanted -= looked_up
        looked_up |= wanted
        if wanted:
            new |= documents_with_keys(store, wanted) - scope
        if not new:
            break
        scope |= new
        found, partners = event_partners(store, new)
        old_events |= found
        keys = stored_keys(store, new - seeds)
        wanted = around({k for k in keys if not k.startswith(("t:", "tb:"))})
        new = partners - scope
    return scope, old_events


def with_agents(graph: Triples, described: Graph, uses: Counter) -> Triples:
    """A document's graph, once written, given the descriptions of the agents it names (what its
    shapes need to validate it)."""
    for iri in {URIRef(use.iri) for use in uses}:
        node = to_ox(iri)
        for p, o in described.predicate_objects(iri):
            graph.add((node, to_ox(p), to_ox(o)))
    return graph


def remove(store: Store, builder: GraphBuilder, gazetteer, doc_ids: list[str], **kwargs) -> tuple[list[str], Settled]:
    """Take documents out of the archive, then run the cross-document pass on what they touched."""
    present = [d for d in doc_ids if d in stored_hashes(store, [d])]
    if not present:
        return [], Settled()
    keys = stored_keys(store, set(present))
    _ready(store, gazetteer)
    removed_uses = record_uses(store, set(present))
    agents = set(removed_uses)
    totals = adjusted_uses(total_uses(store, agents), removed_uses)
    touched_events, partners = event_partners(store, set(present))
    # the events it reported go with it, its uses leave the agents' totals, and the documents
    # that shared its events are flagged pending, in the same transaction: a kill after it is
    # finished by the next build
    flags = [f"INSERT DATA {{ GRAPH <{record_iri(d)}> {{ <{document_iri(d)}> <{CG.pending}> true }} }}"
             for d in sorted(partners - set(present))]
    extra = [events_removal(touched_events)] if touched_events else []
    extra += ([totals_update({a: totals.get(a, Counter()) for a in agents})] if agents else []) + flags
    store.replace({name: None for d in present for name in (graph_iri(d), record_iri(d))}, " ;\n".join(extra))
    return present, settle(store, builder, gazetteer, seeds=partners - set(present), keys=keys, agents=agents,
                           **kwargs)
