"""The archive's bookkeeping: what a build changed, what that touches, and the cross-document
pass over only that.

Each document has an internal record graph (`cgid:record/{doc}`, never exported) with:

- `cg:recordHash`: a hash of the document as read (text and metadata) and of claimgraph's version; a document read
  again with the same hash is not extracted again;
- `cg:record`: its extraction (document and claims before the cross-document pass, JSON), so the
  cross-document pass can run again without spaCy;
- `cg:touchKey`: the keys that relate it to other documents (see `keys_of`): the days of its
  reports of killed or injured people and of its publication, when it has such reports
  (`d:2020-02-27`), the counts they offer or need in a month or year (`mc:2020-02|22-22`,
  `mn:…`, `yc:2020|22-22`, `yn:…`), and the titles it names people by (`t:governor|Kandor`) or
  names no one by (`tb:governor|Kandor`);
- `cg:titleName`: the people it names with a title (role key and name), read by passes over
  other documents that name no one by that title;
- `cg:agentUse`: on each agent it names, how it names it (the input of the agent's description);
- `cg:passDigest`: a digest of what the cross-document pass gave it last time (claims, inferred
  date): when a later pass gives the same, its graph is not made again;
- `cg:claimRows`: its rows of the claims table, written with its graph (see table.py);
- `cg:pending`: set until the cross-document pass that follows its extraction is written, so a
  build that was killed is finished by the next one.

Two more internal graphs: `cgid:record/~agents` holds each agent's uses summed over every
record (a pass reads those totals, not every record naming a popular agent; `cg:stale` on it
while a pass writes records and totals makes the next pass count them again), and
`cgid:record/~archive` the scheme of the keys (a store keyed by an earlier one is keyed again).

The cross-document pass (titles → names, article dates, events) runs on the *scope* of a
change: the changed documents, the documents related to them by a key (reports within three
days of theirs; reports giving no day that need a count they offer in a month, and the other
way round; documents naming no one by a title they name someone by), every document that shares
an event with those, and so on for the days and counts of every document taken in. Casualty
reports join an event only within a day or two of each other (or, giving no day, within their
month and with a count the event has), and titles only match titles with a qualifier in common,
so documents outside the scope cannot be affected; the names titles are given and the agents'
uses come from records and totals, not from taking their documents in.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import time
from collections import Counter, defaultdict, namedtuple
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from . import crossdoc, events, table
from .identity import EMPTY, Gazetteer
from .model import AGENTS_GRAPH, EVENTS_GRAPH, AgentUse, GraphBuilder, document_iri, graph_iri
from .namespaces import CG, ID
from .records import Claim, Document, dump_record, load_record
from .store import Store
from .store.terms import ntriples, ntriples_line, to_ox

DAY_WINDOW = 3  # days around a changed document's days whose documents join the scope
MAX_ROUNDS = 50  # rounds of taking in the documents related to those taken in
UNDATED = "undated"
SCHEME_GRAPH = ID["record/~archive"]  # a record graph, never exported; no document id has '~'
TOTALS_GRAPH = ID["record/~agents"]  # every agent's uses summed over the records (as SCHEME_GRAPH)


def record_iri(doc_id: str) -> URIRef:
    return ID[f"record/{doc_id}"]


def doc_id_of(iri: str) -> str:
    return str(iri)[len(str(ID["doc/"])):]


def content_hash(document: Document, version: str) -> str:
    fields = asdict(document)
    fields.pop("masked")
    return hashlib.sha256(json.dumps([version, fields], sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


# --- keys -----------------------------------------------------------------------------------
def keys_of(item: events.BatchItem, dated: list[Claim] | None = None, inferred: str | None = None,
            gazetteer: Gazetteer = EMPTY) -> set[str]:
    """The keys relating a document to others: what its reports that can join an event need or
    offer (on the claims as dated by the cross-document pass, `dated`), and the titles it names
    people by. A document with no day yet is `undated`: every pass takes it in, since any new
    article may date it (through the year of the archive or an event on one of its weekdays).

    A report joins an event of a day or two from its own day: `d:` keys, for each day of the
    document's reports (and its own day). A report giving no day joins an event of its month
    (given only a year, of its year) that already has its count: it needs `mn:MONTH|COUNT` (or
    `yn:YEAR|COUNT`), and every report offers `mc:MONTH|COUNT` and `yc:YEAR|COUNT` for the
    months and years of its day and of the days either side (an event takes the day of one of
    its reports). A dated document none of whose claims can join an event (most articles:
    statements, tolls, displaced people) has no such key, so a build does not take in every
    article published around the days it touches, nor every article of a month or year: only
    those that need or offer a count the change offers or needs.

    Titles: `t:ROLE|QUALIFIER` for a person it names with a title, `tb:ROLE|QUALIFIER` for a
    title it names no one by (see `around`)."""
    document = item.document
    keys: set[str] = set()
    day = document.date if document.date and len(document.date) == 10 else inferred
    claims = [claim for claim in (dated if dated is not None else item.claims) if events.eventful(claim)]
    if not day:
        keys.add(UNDATED)
    for claim in claims:
        count = f"{claim.count_min}-{claim.count_max}"
        for value in {claim.date, day} - {None, ""}:
            periods = {value}
            if len(value) == 10:
                keys.add(f"d:{value}")
                periods = set(_days_around(value, 1)) or {value}
            for period in periods:  # what the report offers the reports that give no day
                if len(period) >= 7:
                    keys.add(f"mc:{period[:7]}|{count}")
                keys.add(f"yc:{period[:4]}|{count}")
        value = claim.date or day
        if value and not events.own_day(claim):  # what a report that gives no day needs
            keys.add(f"mn:{value[:7]}|{count}" if len(value) >= 7 else f"yn:{value[:4]}|{count}")
    for key, _ in crossdoc.title_names(item, gazetteer):
        keys.update(f"t:{key[0]}|{q}" for q in key[1])
    for key in crossdoc.bare_titles(item, gazetteer):
        keys.update(f"tb:{key[0]}|{q}" for q in key[1])
    return keys


def _days_around(value: str, width: int) -> list[str]:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return []
    return [(day + dt.timedelta(days=k)).isoformat() for k in range(-width, width + 1)]


def around(keys: set[str]) -> set[str]:
    """The keys of the documents a change with these keys touches: the days within DAY_WINDOW
    of each day, the other side of a count in a month or year, and for a title a person is named by, the
    documents that name no one by it (they may take that name). A document's own titles need no
    neighbours: the names other documents give them are read from their records
    (`title_names`)."""
    out = set()
    for key in keys:
        kind, _, value = key.partition(":")
        if kind == "d":
            out.update(f"d:{day}" for day in _days_around(value, DAY_WINDOW) or [value])
        elif kind in _SIDES:
            out.add(f"{_SIDES[kind]}:{value}")
        elif kind != "tb":
            out.add(key)
    return out


# a report's count offered in a month (year) relates it to the reports that give no day and
# need that count there, and the other way round; a title someone is named by, to the documents
# that name no one by it
_SIDES = {"mc": "mn", "mn": "mc", "yc": "yn", "yn": "yc", "t": "tb"}


def encode_title(key: crossdoc.RoleKey, name: str) -> str:
    return json.dumps([key[0], sorted(key[1]), name], ensure_ascii=False)


def decode_title(text: str) -> tuple[crossdoc.RoleKey, str]:
    concept, qualifiers, name = json.loads(text)
    return (concept, frozenset(qualifiers)), name


def _add_title_names(graph: Graph, doc: URIRef, item: events.BatchItem, gazetteer: Gazetteer) -> None:
    for key, name in crossdoc.title_names(item, gazetteer):
        graph.add((doc, CG.titleName, Literal(encode_title(key, name))))


# --- reading the bookkeeping ----------------------------------------------------------------
def _select(store: Store, head: str, var: str, terms, pattern: str, *, ntriples: bool = False):
    """The rows of `SELECT {head} WHERE {{ VALUES ?{var} {{…}} {pattern} }}` for every term of
    `terms`, asked 500 at a time: named tuples of strings (IRIs and literals by their value, or
    in N-Triples with `ntriples`; None when unbound), never made into rdflib terms."""
    row_type = _row_type(tuple(name[1:] for name in head.split() if name.startswith("?")))
    terms = sorted({str(to_ox(t)) for t in terms})  # each once: a value given twice doubles its rows
    for i in range(0, len(terms), 500):
        values = " ".join(terms[i:i + 500])
        for row in store.terms(f"SELECT {head} WHERE {{ VALUES ?{var} {{ {values} }} {pattern} }}"):
            yield row_type(*(None if t is None else str(t) if ntriples else t.value for t in row))


@functools.lru_cache(maxsize=None)
def _row_type(names: tuple[str, ...]):
    return namedtuple("Row", names)


def _records(doc_ids) -> list[URIRef]:
    return [record_iri(d) for d in doc_ids]


class Stored(NamedTuple):
    """What the store holds of a document: its record hash, whether its pass is pending, and
    (once its graph is written) where it was read from and the hash of its text."""

    hash: str
    pending: bool
    source: str | None = None
    text_hash: str | None = None


def stored_hashes(store: Store, doc_ids: list[str]) -> dict[str, Stored]:
    """{doc id: Stored} for the documents of `doc_ids` the store has."""
    rows = _select(store, "?d ?h ?p ?src ?text", "g", _records(doc_ids),
                   f"""GRAPH ?g {{ ?d <{CG.recordHash}> ?h OPTIONAL {{ ?d <{CG.pending}> ?p }} }}
                       OPTIONAL {{ GRAPH ?dg {{ ?d <{DCTERMS.source}> ?src ; <{CG.contentHash}> ?text }} }}""")
    return {doc_id_of(row.d): Stored(str(row.h), row.p is not None, _str(row.src), _str(row.text)) for row in rows}


def _str(term) -> str | None:
    return None if term is None else str(term)


def source_of(location: str) -> str:
    """Where a document comes from, for telling two articles under one id apart: its file
    (a JSON Lines file without the line number) or its URL."""
    return re.sub(r":\d+$", "", location) if "://" not in location else location


def pending_documents(store: Store) -> set[str]:
    rows = store.query(f"SELECT DISTINCT ?d WHERE {{ GRAPH ?g {{ ?d <{CG.pending}> ?p }} }}")
    return {doc_id_of(row.d) for row in rows}


def stored_keys(store: Store, doc_ids: set[str]) -> set[str]:
    rows = _select(store, "DISTINCT ?k", "g", _records(doc_ids), f"GRAPH ?g {{ ?d <{CG.touchKey}> ?k }}")
    return {str(row.k) for row in rows}


def documents_with_keys(store: Store, keys: set[str]) -> set[str]:
    rows = _select(store, "DISTINCT ?d", "k", [Literal(k) for k in keys], f"GRAPH ?g {{ ?d <{CG.touchKey}> ?k }}")
    return {doc_id_of(row.d) for row in rows}


def event_partners(store: Store, doc_ids: set[str]) -> tuple[set[str], set[str]]:
    """The events that report claims of `doc_ids`, and every document those events report from."""
    rows = list(_select(store, "DISTINCT ?e ?d2", "d", [document_iri(d) for d in doc_ids],
                        f"""GRAPH ?g {{ ?c <{CG.inDocument}> ?d }}
                        GRAPH <{EVENTS_GRAPH}> {{ ?c <{CG.reportOf}> ?e . ?c2 <{CG.reportOf}> ?e }}
                        GRAPH ?g2 {{ ?c2 <{CG.inDocument}> ?d2 }}"""))
    return {str(row.e) for row in rows}, {doc_id_of(row.d2) for row in rows}


def load_records(store: Store, doc_ids: set[str]) -> dict[str, tuple[Document, list[Claim], str]]:
    """{doc id: (document, claims as extracted, content hash)}."""
    out = {}
    for row in _select(store, "?d ?r ?h", "g", _records(doc_ids),
                       f"GRAPH ?g {{ ?d <{CG.record}> ?r ; <{CG.recordHash}> ?h }}"):
        document, claims = load_record(str(row.r))
        out[doc_id_of(row.d)] = (document, claims, str(row.h))
    return out


def stored_digests(store: Store, doc_ids: set[str]) -> dict[str, str]:
    rows = _select(store, "?d ?x", "g", _records(doc_ids), f"GRAPH ?g {{ ?d <{CG.passDigest}> ?x }}")
    return {doc_id_of(row.d): str(row.x) for row in rows}


def use_literal(use: AgentUse, count: int) -> Literal:
    """How a record (or the totals) holds `count` uses of an agent: `cg:agentUse` on the agent."""
    return Literal(f"{use.encode()}\x1f{count}")


def _uses(rows) -> dict[str, Counter]:
    """{agent IRI: Counter[AgentUse]} from rows of an agent (`a`) and a use literal's value (`u`)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        text, _, count = row.u.rpartition("\x1f")
        out[row.a][AgentUse.decode(row.a, text)] += int(count)
    return out


def _adjusted(totals: dict[str, Counter], less: dict[str, Counter],
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
    return _uses(_select(store, "?a ?u", "g", _records(doc_ids), f"GRAPH ?g {{ ?a <{CG.agentUse}> ?u }}"))


def total_uses(store: Store, agents: set[str]) -> dict[str, Counter]:
    """{agent IRI: Counter[AgentUse]} summed over every record (the totals the store keeps)."""
    return _uses(_select(store, "?a ?u", "a", [URIRef(a) for a in agents],
                         f"GRAPH <{TOTALS_GRAPH}> {{ ?a <{CG.agentUse}> ?u }}"))


def totals_update(totals: dict[str, Counter]) -> str:
    """Replace the totals of the agents of `totals` (an agent no record names any more goes)."""
    operations = [f"DELETE WHERE {{ GRAPH <{TOTALS_GRAPH}> {{ <{a}> <{CG.agentUse}> ?u }} }}" for a in sorted(totals)]
    graph = Graph()
    for agent, counted in totals.items():
        for use, count in counted.items():
            if count > 0:
                graph.add((URIRef(agent), CG.agentUse, use_literal(use, count)))
    if len(graph):
        operations.append(f"INSERT DATA {{ GRAPH <{TOTALS_GRAPH}> {{\n{ntriples(graph)}\n}} }}")
    return " ;\n".join(operations)


STALE = f"<{TOTALS_GRAPH}> <{CG.stale}> true"  # set while a pass writes records and totals


def count_uses(store: Store) -> int:
    """Sum every agent's uses over all the records again (after a pass was killed between its
    records and its totals, or in a store that has no totals yet); returns the agents counted."""
    records = [URIRef(row.g) for row in _select(store, "DISTINCT ?g", "p", [CG.recordHash], "GRAPH ?g { ?d ?p ?h }")]
    totals = _uses(_select(store, "?a ?u", "g", records, f"GRAPH ?g {{ ?a <{CG.agentUse}> ?u }}"))
    store.update(f"DROP SILENT GRAPH <{TOTALS_GRAPH}>" + (" ;\n" + totals_update(totals) if totals else ""))
    return len(totals)


def totals_stale(store: Store) -> bool:
    return bool(store.terms(f"SELECT ?p WHERE {{ GRAPH <{TOTALS_GRAPH}> {{ {STALE.replace('true', '?p')} }} }}"))


def _ready(store: Store, gazetteer: Gazetteer) -> None:
    """Before a pass: records keyed by this scheme, and totals that are the sum of the records."""
    upgrade_keys(store, gazetteer)
    if totals_stale(store):
        count_uses(store)


def known_titles(store: Store, items: list[events.BatchItem], gazetteer: Gazetteer,
                 exclude: set[str]) -> set[tuple[crossdoc.RoleKey, str]]:
    """The (role key, name) pairs that documents outside `exclude` teach about the titles the
    `items` name no one by (from their records: those documents are not read again)."""
    wanted = {f"t:{key[0]}|{q}" for item in items for key in crossdoc.bare_titles(item, gazetteer) for q in key[1]}
    skip = {str(document_iri(d)) for d in exclude}
    rows = _select(store, "DISTINCT ?d ?n", "k", [Literal(k) for k in wanted],
                   f"GRAPH ?g {{ ?d <{CG.touchKey}> ?k ; <{CG.titleName}> ?n }}")
    return {decode_title(str(row.n)) for row in rows if str(row.d) not in skip}


# --- the keys' scheme -----------------------------------------------------------------------
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
            _add_title_names(graph, doc, item, gazetteer)
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


# --- writing --------------------------------------------------------------------------------
def record_graph(document: Document, claims: list[Claim], digest: str, keys: set[str],
                 uses: Counter | None = None, pass_digest_value: str | None = None, pending: bool = True,
                 rows: str | None = None, gazetteer: Gazetteer = EMPTY) -> Graph:
    graph = Graph(identifier=record_iri(document.doc_id))
    doc = document_iri(document.doc_id)
    graph.add((doc, CG.recordHash, Literal(digest)))
    graph.add((doc, CG.record, Literal(dump_record(document, claims))))
    for key in sorted(keys):
        graph.add((doc, CG.touchKey, Literal(key)))
    _add_title_names(graph, doc, events.BatchItem(document, claims), gazetteer)
    for use, count in (uses or {}).items():
        graph.add((URIRef(use.iri), CG.agentUse, use_literal(use, count)))
    if pass_digest_value:
        graph.add((doc, CG.passDigest, Literal(pass_digest_value)))
    if rows is not None:
        graph.add((doc, CG.claimRows, Literal(rows)))
    if pending:
        graph.add((doc, CG.pending, Literal(True)))
    return graph


def pass_digest(item: events.BatchItem, inferred: str | None) -> str:
    """A digest of what the cross-document pass gave a document (its claims as named and dated,
    its inferred date): when it is the same as last time, the document's graph stands."""
    return hashlib.sha256(repr((item.document.doc_id, item.claims, inferred)).encode("utf-8")).hexdigest()


def agents_update(agents: set[str], described: Graph) -> str:
    """Replace the descriptions of `agents` in graph/agents by `described`."""
    operations = [f"DELETE WHERE {{ GRAPH <{AGENTS_GRAPH}> {{ <{a}> ?p ?o }} }}" for a in sorted(agents)]
    if len(described):
        operations.append(f"INSERT DATA {{ GRAPH <{AGENTS_GRAPH}> {{\n{ntriples(described)}\n}} }}")
    return " ;\n".join(operations)


def events_removal(event_nodes: set[str]) -> str:
    """Take events out of graph/events, with their reports' links to them."""
    operations = []
    for event in sorted(event_nodes):
        operations.append(f"DELETE WHERE {{ GRAPH <{EVENTS_GRAPH}> {{ <{event}> ?p ?o }} }}")
        operations.append(f"DELETE WHERE {{ GRAPH <{EVENTS_GRAPH}> {{ ?c <{CG.reportOf}> <{event}> }} }}")
    return " ;\n".join(operations)


def stored_event_lines(store: Store, event_nodes: set[str]) -> dict[str, set[str]]:
    """{event IRI: the N-Triples lines graph/events holds about it (its triples and its reports'
    links to it)} for the events of `event_nodes` the store has."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, "?e ?s ?p ?o", "e", [URIRef(e) for e in event_nodes],
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
    operations = []
    if removed:
        operations.append(f"DELETE DATA {{ GRAPH <{EVENTS_GRAPH}> {{\n" + "\n".join(removed) + "\n} }")
    if added:
        operations.append(f"INSERT DATA {{ GRAPH <{EVENTS_GRAPH}> {{\n" + "\n".join(added) + "\n} }")
    return changed, " ;\n".join(operations)


def clear_pending(doc_ids: set[str]) -> str:
    return " ;\n".join(f"DELETE WHERE {{ GRAPH <{record_iri(d)}> {{ ?d <{CG.pending}> ?p }} }}"
                       for d in sorted(doc_ids))


@dataclass
class Settled:
    """What one cross-document pass did."""

    scope: set[str] = field(default_factory=set)
    rewritten: set[str] = field(default_factory=set)  # documents whose graph was written
    claims: dict[str, list[Claim]] = field(default_factory=dict)  # doc id → claims after the pass
    events: list[events.Event] = field(default_factory=list)
    events_graph: Graph = field(default_factory=Graph)  # the events written (those that changed)
    failed: dict[str, str] = field(default_factory=dict)  # doc id → why its graph could not be made
    graphs: dict[str, Graph] = field(default_factory=dict)  # doc id → its graph plus its agents (to validate)
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
    writes: dict[str, tuple[Graph, Graph]] = {}
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
    adjusted = _adjusted(total_uses(store, touched), old_uses, new_uses)
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
    store.update(" ;\n".join(op for op in (agents_update(touched, described), totals_update(uses),
                                             f"DELETE DATA {{ GRAPH <{TOTALS_GRAPH}> {{ {STALE} }} }}") if op))
    events_graph = builder.events_graph(out.events)
    changed, update = events_diff(stored_event_lines(store, old_events), event_lines(events_graph))
    if update:
        store.update(update)
    out.agents = set(touched)
    out.event_nodes = changed
    # the events as written, for validation: those the pass changed (with their reports' links)
    for s, p, o in events_graph:
        if str(o if p == CG.reportOf else s) in changed:
            out.events_graph.add((s, p, o))
    store.update(clear_pending(seeds | out.scope))
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


def with_agents(graph: Graph, described: Graph, uses: Counter) -> Graph:
    """A document's graph, once written, given the descriptions of the agents it names (what its
    shapes need to validate it)."""
    for iri in {URIRef(use.iri) for use in uses}:
        for p, o in described.predicate_objects(iri):
            graph.add((iri, p, o))
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
    totals = _adjusted(total_uses(store, agents), removed_uses)
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
