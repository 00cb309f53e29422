"""What the store holds of each document: its record graph, written and read back (in batches
of SPARQL over Oxigraph terms, never parsed into rdflib)."""
from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter, namedtuple
from dataclasses import asdict
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from .. import crossdoc, events
from ..identity import EMPTY, Gazetteer
from ..model import EVENTS_GRAPH, AgentUse, document_iri
from ..namespaces import CG, ID
from ..records import Claim, Document, dump_record, load_record
from ..store import Store
from ..store.terms import sorted_ntriples, to_ox
from ..triples import Terms, Triples
from .keys import decode_title, title_name_texts


_CG = Terms(CG)
SCHEME_GRAPH = ID["record/~archive"]  # a record graph, never exported; no document id has '~'


def record_iri(doc_id: str) -> URIRef:
    return ID[f"record/{doc_id}"]


def doc_id_of(iri: str) -> str:
    return str(iri)[len(str(ID["doc/"])):]


def content_hash(document: Document, version: str) -> str:
    fields = asdict(document)
    fields.pop("masked")
    return hashlib.sha256(json.dumps([version, fields], sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def select(store: Store, head: str, var: str, terms, pattern: str, *, ntriples: bool = False):
    """The rows of `SELECT {head} WHERE {{ VALUES ?{var} {{…}} {pattern} }}` for every term of
    `terms`, asked 500 at a time: named tuples of strings (IRIs and literals by their value, or
    in N-Triples with `ntriples`; None when unbound), never made into rdflib terms."""
    row_type = _row_type(tuple(name[1:] for name in head.split() if name.startswith("?")))
    for row in select_terms(store, head, var, terms, pattern):
        yield row_type(*(None if t is None else str(t) if ntriples else t.value for t in row))


def select_terms(store: Store, head: str, var: str, terms, pattern: str):
    """The rows of `select`, as tuples of Oxigraph terms."""
    terms = sorted({str(to_ox(t)) for t in terms})  # each once: a value given twice doubles its rows
    for i in range(0, len(terms), 500):
        values = " ".join(terms[i:i + 500])
        yield from store.terms(f"SELECT {head} WHERE {{ VALUES ?{var} {{ {values} }} {pattern} }}")


@functools.lru_cache(maxsize=None)
def _row_type(names: tuple[str, ...]):
    return namedtuple("Row", names)


def difference_update(store: Store, graph: URIRef, subjects, triples) -> str:
    """The update that brings what the named `graph` says of `subjects` to `triples` (rdflib
    terms, about those subjects, no blank nodes): DELETE DATA of the triples that went, INSERT
    DATA of those that came, '' when none did. Deleting every subject's triples and inserting
    them all again costs a pattern per subject and rewrites what did not change."""
    new = {ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples}
    old = {ox.Triple(*row) for row in select_terms(store, "?s ?p ?o", "s", [URIRef(str(s)) for s in subjects],
                                                    f"GRAPH <{graph}> {{ ?s ?p ?o }}")}
    operations = [f"{verb} DATA {{ GRAPH <{graph}> {{\n{sorted_ntriples(changed)}\n}} }}"
                  for verb, changed in (("DELETE", old - new), ("INSERT", new - old)) if changed]
    return " ;\n".join(operations)


def record_names(doc_ids) -> list[URIRef]:
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
    rows = select(store, "?d ?h ?p ?src ?text", "g", record_names(doc_ids),
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
    rows = select(store, "DISTINCT ?k", "g", record_names(doc_ids), f"GRAPH ?g {{ ?d <{CG.touchKey}> ?k }}")
    return {str(row.k) for row in rows}


def documents_with_keys(store: Store, keys: set[str]) -> set[str]:
    rows = select(store, "DISTINCT ?d", "k", [Literal(k) for k in keys], f"GRAPH ?g {{ ?d <{CG.touchKey}> ?k }}")
    return {doc_id_of(row.d) for row in rows}


def event_partners(store: Store, doc_ids: set[str]) -> tuple[set[str], set[str]]:
    """The events that report claims of `doc_ids`, and every document those events report from.
    Two queries (documents → events, events → documents): Oxigraph plans them better than the
    one query that joins both."""
    found = {row.e for row in select(store, "DISTINCT ?e", "d", [document_iri(d) for d in doc_ids],
                                     f"""GRAPH ?g {{ ?c <{CG.inDocument}> ?d }}
                                     GRAPH <{EVENTS_GRAPH}> {{ ?c <{CG.reportOf}> ?e }}""")}
    rows = select(store, "DISTINCT ?d", "e", [URIRef(e) for e in found],
                  f"""GRAPH <{EVENTS_GRAPH}> {{ ?c <{CG.reportOf}> ?e }}
                  GRAPH ?g {{ ?c <{CG.inDocument}> ?d }}""")
    return set(found), {doc_id_of(row.d) for row in rows}


def load_records(store: Store, doc_ids: set[str]) -> dict[str, tuple[Document, list[Claim], str]]:
    """{doc id: (document, claims as extracted, content hash)}."""
    out = {}
    for row in select(store, "?d ?r ?h", "g", record_names(doc_ids),
                       f"GRAPH ?g {{ ?d <{CG.record}> ?r ; <{CG.recordHash}> ?h }}"):
        document, claims = load_record(str(row.r))
        out[doc_id_of(row.d)] = (document, claims, str(row.h))
    return out


def stored_digests(store: Store, doc_ids: set[str]) -> dict[str, str]:
    rows = select(store, "?d ?x", "g", record_names(doc_ids), f"GRAPH ?g {{ ?d <{CG.passDigest}> ?x }}")
    return {doc_id_of(row.d): str(row.x) for row in rows}


def known_titles(store: Store, items: list[events.BatchItem], gazetteer: Gazetteer,
                 exclude: set[str]) -> set[tuple[crossdoc.RoleKey, str]]:
    """The (role key, name) pairs that documents outside `exclude` teach about the titles the
    `items` name no one by (from their records: those documents are not read again)."""
    wanted = {f"t:{key[0]}|{q}" for item in items for key in crossdoc.bare_titles(item, gazetteer) for q in key[1]}
    skip = {str(document_iri(d)) for d in exclude}
    rows = select(store, "DISTINCT ?d ?n", "k", [Literal(k) for k in wanted],
                   f"GRAPH ?g {{ ?d <{CG.touchKey}> ?k ; <{CG.titleName}> ?n }}")
    return {decode_title(str(row.n)) for row in rows if str(row.d) not in skip}


def use_literal(use: AgentUse, count: int) -> Literal:
    """How a record (or the totals) holds `count` uses of an agent: `cg:agentUse` on the agent."""
    return Literal(f"{use.encode()}\x1f{count}")


def record_graph(document: Document, claims: list[Claim], digest: str, keys: set[str],
                 uses: Counter | None = None, pass_digest_value: str | None = None, pending: bool = True,
                 rows: str | None = None, gazetteer: Gazetteer = EMPTY) -> Triples:
    """The document's record graph, made as Oxigraph terms (it is only written)."""
    graph = Triples(record_iri(document.doc_id))
    doc = to_ox(document_iri(document.doc_id))
    graph.add((doc, _CG.recordHash, ox.Literal(digest)))
    graph.add((doc, _CG.record, ox.Literal(dump_record(document, claims))))
    for key in sorted(keys):
        graph.add((doc, _CG.touchKey, ox.Literal(key)))
    for text in title_name_texts(events.BatchItem(document, claims), gazetteer):
        graph.add((doc, _CG.titleName, ox.Literal(text)))
    for use, count in (uses or {}).items():
        graph.add((ox.NamedNode(use.iri), _CG.agentUse, to_ox(use_literal(use, count))))
    if pass_digest_value:
        graph.add((doc, _CG.passDigest, ox.Literal(pass_digest_value)))
    if rows is not None:
        graph.add((doc, _CG.claimRows, ox.Literal(rows)))
    if pending:
        graph.add((doc, _CG.pending, ox.Literal(True)))
    return graph


def pass_digest(item: events.BatchItem, inferred: str | None) -> str:
    """A digest of what the cross-document pass gave a document (its claims as named and dated,
    its inferred date): when it is the same as last time, the document's graph stands."""
    return hashlib.sha256(repr((item.document.doc_id, item.claims, inferred)).encode("utf-8")).hexdigest()


def clear_pending(doc_ids: set[str]) -> str:
    return " ;\n".join(f"DELETE WHERE {{ GRAPH <{record_iri(d)}> {{ ?d <{CG.pending}> ?p }} }}"
                       for d in sorted(doc_ids))
