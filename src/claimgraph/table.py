"""The claims table kept as a view: each document's rows of `queries/claims_table.rq`, written
in its record graph (`cg:claimRows`) in the same transaction as its graph, so that the whole
table is read back without evaluating the query.

Why: the query joins sixteen properties of every claim, and Oxigraph reads every term of every
row from RocksDB (seconds at 100k claims on disk). The view reads one literal per document and
the agents' labels (`bench/archive.py` prints both).

A document's rows are stored as the SPARQL CSV they become, already in the query's order, with
two slots per row: the source's IRI and the relays' IRIs. Labels are filled in from graph/agents
(where claimgraph describes every agent) when the table is read, since a later document can
change an agent's label. Rows that tie on the keys before the source (start, kind, end, cue) are
sorted again once the labels are known.

The view answers only when it covers the store: every document recorded has its rows (a store
built before the view existed, or one whose build was stopped before its cross-document pass,
does not), no two documents share an identifier, and every agent has one label. Otherwise the
query runs. `tests/test_table.py` checks that both give the same text, CSV and JSON.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from .model import AGENTS_GRAPH, claim_iri, date_literal
from .namespaces import CG, ID
from .records import AgentRef, Claim, Document

COLUMNS = ("doc", "kind", "start", "end", "source", "via", "cue", "count_min", "count_max", "victims", "outcome",
           "location", "date", "target", "action", "condition", "rule")
HEADER = ",".join(COLUMNS) + "\r\n"
XSD = "http://www.w3.org/2001/XMLSchema#"
ROWS = str(CG.claimRows)
RECORD_HASH = str(CG.recordHash)
IDENTIFIER = "http://purl.org/dc/terms/identifier"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SLOT = "\x00"  # around a slot of a stored row: "s" + the source's IRI ("s" alone: none), "v" + the relays'
# IRIs; claimgraph's own agent IRIs are written "~" + what follows id/agent/ (_short)
HOPS = "\x1f"
UNATTRIBUTED = "(article)"
AGENT_PREFIX = str(ID["agent/"])


def rows_literal(document: Document, claims: Iterable[Claim], agent_iri: Callable[[AgentRef], str]) -> str | None:
    """The document's rows as stored: a JSON line [its id, whether its rows must be sorted again
    when read], then its rows as SPARQL CSV, in the query's order, the source and relays left as
    slots holding agent IRIs (their labels are filled in when the table is read). None when a
    value holds a slot's mark (the document then has no view, and the query answers)."""
    if SLOT in document.doc_id:
        return None
    rows, seen = [], set()
    for claim in claims:
        node = claim_iri(claim)
        if node in seen:  # two mentions with one identity are one node in the graph
            continue
        seen.add(node)
        casualty = claim.kind == "casualty"
        date = date_literal(claim.date)
        source = _short(agent_iri(claim.source)) if claim.source is not None else None
        via = [_short(agent_iri(hop.agent)) for hop in claim.via]
        values = [claim.cue or None, claim.count_min if casualty else None, claim.count_max if casualty else None,
                  claim.victims or None, claim.outcome if casualty else None, claim.location or None,
                  str(date) if date is not None else None, claim.target or None, claim.action or None,
                  claim.condition or None, claim.rule or None]
        if any(SLOT in str(v) or HOPS in str(v) for v in [*values, source, *via]):
            return None
        rows.append((claim.kind, claim.start, claim.end, source, via, values))
    # ORDER BY ?doc ?start ?kind ?end ?cue ?source ?count_min ?count_max ?outcome ?target ?rule:
    # the source's label is only known when the table is read; rows that tie before it are sorted then
    rows.sort(key=lambda r: _key((r[1], r[0], r[2], r[5][0], r[3], r[5][1], r[5][2], r[5][4], r[5][7],
                                  r[5][10], *r[5], tuple(r[4]))))
    ties = {(r[1], r[0], r[2], r[5][0]) for r in rows}
    doc = _cell(document.doc_id)
    block = "".join(f"{doc},{_cell(kind)},{start},{end},{SLOT}s{source or ''}{SLOT},{SLOT}v{HOPS.join(via)}{SLOT},"
                    + ",".join(_cell(v) for v in values) + "\r\n"
                    for kind, start, end, source, via, values in rows)
    # a JSON header line (no line break in it), then the rows as they are: nothing to unescape
    return json.dumps([document.doc_id, len(ties) < len(rows)], ensure_ascii=False) + "\n" + block


def csv_text(store) -> str | None:
    """The claims table as SPARQL CSV (as Oxigraph writes it), or None when the view does not
    cover the store."""
    raw = getattr(store, "_store", None)
    if raw is None:  # a remote store: the endpoint evaluates the query
        return None
    # SELECT rather than quads_for_pattern: only the wanted terms are read and decoded
    recorded = int(next(iter(raw.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?d <{RECORD_HASH}> ?h }} }}")))[0].value)
    stored = [solution[0].value for solution in raw.query(f"SELECT ?rows WHERE {{ GRAPH ?g {{ ?d <{ROWS}> ?rows }} }}")]
    if len(stored) != recorded:
        return None
    labels: dict[str, str] = {}
    # agents are described in graph/agents only (archive.settle): their labels are there
    for agent, label in raw.query(f"SELECT ?a ?l WHERE {{ GRAPH <{AGENTS_GRAPH}> {{ ?a <{LABEL}> ?l }} }}"):
        if labels.setdefault(_short(agent.value), label.value) != label.value:
            return None  # several labels make several rows: the query knows how
    views = {}
    for text in stored:
        head, _, block = text.partition("\n")
        doc, resort = json.loads(head)
        if doc in views:
            return None  # two documents with one identifier: their rows interleave, the query knows how
        views[doc] = (block, resort)
    rendered: dict[str, str | None] = {}

    def render(slot: str) -> str | None:
        if slot[0] == "s":
            if len(slot) == 1:
                value = UNATTRIBUTED
            else:
                value = _cell(labels[slot[1:]]) if slot[1:] in labels else None  # no label: the query decides
        else:
            names = [labels[iri] for iri in slot[1:].split(HOPS) if iri in labels] if len(slot) > 1 else []
            value = _cell("|".join(names)) if names else ""
        rendered[slot] = value
        return value

    out = [HEADER]
    for doc in sorted(views):
        block, resort = views[doc]
        parts = block.split(SLOT)
        parts[1::2] = [rendered[slot] if slot in rendered else render(slot) for slot in parts[1::2]]
        if None in parts:
            return None
        text = "".join(parts)
        out.append(_resorted(text) if resort else text)
    return "".join(out)


def _short(iri) -> str:
    """An agent's IRI as a slot holds it: claimgraph's own agent IRIs without their common start."""
    iri = str(iri)
    return "~" + iri[len(AGENT_PREFIX):] if iri.startswith(AGENT_PREFIX) else iri


def _resorted(text: str) -> str:
    """A document's rows in the query's order, now that the sources' labels are known."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows.sort(key=lambda r: _key((int(r[2]), r[1], int(r[3]), r[6] or None, r[4],
                                  int(r[7]) if r[7] else None, int(r[8]) if r[8] else None, r[10] or None,
                                  r[13] or None, r[16] or None, *r)))
    return "".join(",".join(_cell(v) for v in row) + "\r\n" for row in rows)


def _key(values) -> tuple:
    # unbound first, as SPARQL orders
    return tuple((value is not None, value if value is not None else "") for value in values)


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


_TYPES = {name: XSD + "integer" for name in ("start", "end", "count_min", "count_max")}
_DATES = {10: XSD + "date", 7: XSD + "gYearMonth", 4: XSD + "gYear"}


def json_text(store) -> str | None:
    """The claims table as SPARQL JSON results (as Oxigraph writes them), or None when the view
    does not cover the store."""
    import csv

    text = csv_text(store)
    if text is None:
        return None
    bindings = []
    for row in csv.reader(_records(text)):
        binding = {}
        for name, value in zip(COLUMNS, row):
            if value == "":
                continue
            if name in _TYPES:
                binding[name] = {"type": "literal", "value": value, "datatype": _TYPES[name]}
            elif name == "date":
                binding[name] = {"type": "literal", "value": value, "datatype": _DATES[len(value)]}
            else:
                binding[name] = {"type": "literal", "value": value}
        bindings.append(binding)
    return json.dumps({"head": {"vars": list(COLUMNS)}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":"))


def _records(text: str):
    import io

    stream = io.StringIO(text, newline="")
    next(stream)  # the header
    return stream
