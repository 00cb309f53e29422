"""The claims table kept as a view: each document's rows of `queries/claims_table.rq`, written
in its record graph (`cg:claimRows`, JSON) in the same transaction as its graph, so that the
whole table is read back without evaluating the query.

Why: the query joins sixteen properties of every claim; Oxigraph evaluates it in about 16 s for
100k claims on disk, and reads every term of every row from RocksDB. The view reads one literal
per document and the agents' labels (`bench/archive.py` prints both).

What is stored is what the document graph says (model.py writes the same values), except the
agents' labels: a row keeps its source's and relays' IRIs, and their labels are read from the
agents graph when the table is read, since a later document can change an agent's label.

The view answers only when it covers the store: every document recorded has its rows (a store
built before the view existed, or one whose build was stopped before its cross-document pass,
does not), and every agent has one label. Otherwise the query runs. `tests/test_table.py` checks
that both give the same text, CSV and JSON, on the seeds and the dev set.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from .model import claim_iri, date_literal
from .namespaces import CG
from .records import AgentRef, Claim, Document

COLUMNS = ("doc", "kind", "start", "end", "source", "via", "cue", "count_min", "count_max", "victims", "outcome",
           "location", "date", "target", "action", "condition", "rule")
XSD = "http://www.w3.org/2001/XMLSchema#"
ROWS = str(CG.claimRows)
RECORD_HASH = str(CG.recordHash)
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
# a stored row: kind, start, end, source IRI, [relay IRIs], then the other columns from cue to rule
# (a date as [lexical form, datatype]); None where the graph has no value
_KIND, _START, _END, _SOURCE, _VIA, _CUE, _MIN, _MAX, _VICTIMS, _OUTCOME, _LOCATION, _DATE, _TARGET, _ACTION, \
    _CONDITION, _RULE = range(16)


def rows_literal(document: Document, claims: Iterable[Claim], agent_iri: Callable[[AgentRef], str]) -> str:
    """The document's rows as stored (JSON): one per claim node, with the values its graph gets."""
    rows, seen = [], set()
    for claim in claims:
        node = claim_iri(claim)
        if node in seen:  # two mentions with one identity are one node in the graph
            continue
        seen.add(node)
        casualty = claim.kind == "casualty"
        date = date_literal(claim.date)
        rows.append([claim.kind, claim.start, claim.end,
                     agent_iri(claim.source) if claim.source is not None else None,
                     [agent_iri(hop.agent) for hop in claim.via],
                     claim.cue or None,
                     claim.count_min if casualty else None, claim.count_max if casualty else None,
                     claim.victims or None, claim.outcome if casualty else None, claim.location or None,
                     [str(date), str(date.datatype)] if date is not None else None,
                     claim.target or None, claim.action or None, claim.condition or None, claim.rule or None])
    return json.dumps({"doc": document.doc_id, "rows": rows}, ensure_ascii=False, separators=(",", ":"))


def read(store) -> list[list] | None:
    """Every row of the claims table, in the query's order (values as in the query's solutions,
    numbers as int), or None when the view does not cover the store."""
    raw = getattr(store, "_store", None)
    if raw is None:  # a remote store: the endpoint evaluates the query
        return None
    import pyoxigraph as ox

    recorded = sum(1 for _ in raw.quads_for_pattern(None, ox.NamedNode(RECORD_HASH), None, None))
    stored = [quad.object.value for quad in raw.quads_for_pattern(None, ox.NamedNode(ROWS), None, None)]
    if len(stored) != recorded:
        return None
    labels: dict[str, str] = {}
    for quad in raw.quads_for_pattern(None, ox.NamedNode(LABEL), None, None):
        subject = quad.subject.value
        if subject in labels and labels[subject] != quad.object.value:
            return None  # several labels make several rows: the query knows how
        labels[subject] = quad.object.value
    by_doc: dict[str, list] = {}
    for text in stored:
        view = json.loads(text)
        by_doc.setdefault(view["doc"], []).extend(view["rows"])
    out = []
    for doc in sorted(by_doc):
        rows = []
        for row in by_doc[doc]:
            source = row[_SOURCE]
            source = labels.get(source) if source is not None else "(article)"
            if source is None:
                return None  # an agent without a label: the query decides
            via = [labels.get(hop) for hop in row[_VIA]]
            rows.append([doc, row[_KIND], row[_START], row[_END], source,
                         "|".join(v for v in via if v is not None) if any(v is not None for v in via) else None,
                         *row[_CUE:]])
        rows.sort(key=_order)
        out.extend(rows)
    return out


def _order(row: list) -> tuple:
    # ORDER BY ?doc ?start ?kind ?end ?cue ?source ?count_min ?count_max ?outcome ?target ?rule,
    # unbound first; then the other columns, so that the order is total
    return tuple((value is not None, value if value is not None else "") for value in
                 (row[2], row[1], row[3], row[6], row[4], row[7], row[8], row[10], row[13], row[16],
                  row[5], row[9], row[11], row[12] and row[12][0], row[14], row[15]))


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(rows: list[list]) -> str:
    """SPARQL CSV, as Oxigraph writes it."""
    lines = [",".join(COLUMNS)]
    for row in rows:
        lines.append(",".join(_cell(value[0] if isinstance(value, list) else value) for value in row))
    return "\r\n".join(lines) + "\r\n"


# offsets are xsd:nonNegativeInteger in the graph; Oxigraph keeps every integer as xsd:integer
_TYPES = {name: XSD + "integer" for name in ("start", "end", "count_min", "count_max")}


def json_text(rows: list[list]) -> str:
    """SPARQL JSON results, as Oxigraph writes them."""
    bindings = []
    for row in rows:
        binding = {}
        for name, value in zip(COLUMNS, row):
            if value is None:
                continue
            if isinstance(value, list):  # a date: lexical form and datatype
                binding[name] = {"type": "literal", "value": value[0], "datatype": value[1]}
            elif name in _TYPES:
                binding[name] = {"type": "literal", "value": str(value), "datatype": _TYPES[name]}
            else:
                binding[name] = {"type": "literal", "value": value}
        bindings.append(binding)
    return json.dumps({"head": {"vars": list(COLUMNS)}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":"))
