"""Export the store (or a graph file) as TriG, Turtle, JSON-LD, N-Triples or N-Quads; the
internal record graphs are left out, and the output is sorted, so the same store exports the
same bytes.

JSON-LD is compacted with claimgraph's context (`ontology/context.jsonld`, written inline at the
top of the file so that no reader needs to fetch it): short keys for our terms and for PROV,
Web Annotation, schema.org and Dublin Core (`"wasAttributedTo"`, `"exact"`, `"countMin"`),
compact IRIs (`"cgid:claim/…"`), numbers and booleans as JSON values.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from . import paths
from .errors import GraphError
from .store import Store, write_atomic

EXPORT_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
                  "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS, "annotations": None}
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"  # the W3C model's context, named (never fetched)


def export(store: Store, fmt: str, out: str | Path | None = None) -> bytes:
    if fmt not in EXPORT_FORMATS:
        raise GraphError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "jsonld":
        data = jsonld(store)
    elif fmt == "annotations":
        data = annotations(store)
    else:
        data = store.serialize(EXPORT_FORMATS[fmt])
    if out is not None:
        write_atomic(Path(out), data)
    return data


@lru_cache(maxsize=1)
def context() -> dict:
    """claimgraph's JSON-LD context (the value of `@context`)."""
    return json.loads(paths.ontology("context.jsonld").read_text(encoding="utf-8"))["@context"]


def jsonld(store: Store) -> bytes:
    """The exported graphs as JSON-LD compacted with claimgraph's context (rdflib's serializer),
    IRIs written as compact IRIs, node lists sorted."""
    ctx = context()
    text = store.dataset().serialize(format="json-ld", context=ctx, auto_compact=True, use_native_types=True)
    data = json.loads(text)
    prefixes = sorted(((value, name) for name, value in ctx.items()
                       if isinstance(value, str) and value.endswith(("/", "#"))), key=lambda p: -len(p[0]))
    iri_keys = {"id", "@id"} | {name for name, value in ctx.items()
                                if isinstance(value, dict) and value.get("@type") == "@id"}
    data = _tidy(data, prefixes, iri_keys)
    data["@context"] = ctx
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _order(value) -> tuple:
    """Nodes by their id, other values by their JSON text."""
    if isinstance(value, dict) and "id" in value:
        return (0, str(value["id"]), "")
    return (1, "", json.dumps(value, sort_keys=True, ensure_ascii=False))


def _tidy(node, prefixes, iri_keys, key: str | None = None):
    """Compact the IRIs of `id` and IRI-valued keys with the context's prefixes; sort lists
    (JSON-LD arrays are unordered sets unless declared @list, which this context never does)."""
    if isinstance(node, dict):
        return {k: _tidy(v, prefixes, iri_keys, k) for k, v in node.items() if k != "@context"}
    if isinstance(node, list):
        items = [_tidy(v, prefixes, iri_keys, key) for v in node]
        return sorted(items, key=_order)
    if isinstance(node, str) and key in iri_keys:
        for namespace, name in prefixes:
            if node.startswith(namespace) and len(node) > len(namespace):
                return f"{name}:{node[len(namespace):]}"
    return node


ANNOTATIONS_QUERY = """
PREFIX cg: <https://w3id.org/claimgraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?annotation ?claim ?kind ?doc ?url ?start ?end ?exact ?prefix ?suffix ?agent ?cue WHERE {
  VALUES (?class ?kind) { (cg:StatementClaim "statement") (cg:CasualtyClaim "casualty") (cg:ThreatClaim "threat") }
  ?annotation a oa:Annotation ; oa:hasTarget ?target ; oa:hasBody ?claim .
  ?claim a ?class .
  ?target oa:hasSource ?doc ; oa:hasSelector ?position, ?quote .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
  OPTIONAL { ?quote oa:prefix ?prefix } OPTIONAL { ?quote oa:suffix ?suffix }
  OPTIONAL { ?doc schema:url ?url }
  OPTIONAL { ?claim prov:wasAttributedTo/rdfs:label ?agent }
  OPTIONAL { ?claim cg:cue ?cue }
} ORDER BY ?annotation
"""


def annotations(store: Store) -> bytes:
    """Every claim's evidence as a W3C Web Annotation (JSON-LD, an AnnotationCollection): the
    target is the article (its URL when it has one, else its IRI) with a text position and a
    text quote selector; the bodies are the claim and a short description of it."""
    items = []
    for row in store.query(ANNOTATIONS_QUERY):
        words = f"{row.kind} claim" + (f" by {row.agent}" if row.agent is not None else " (the article's own)")
        if row.cue is not None:
            words += f", cue '{row.cue}'"
        quote = {"type": "TextQuoteSelector", "exact": str(row.exact)}
        for key in ("prefix", "suffix"):
            if getattr(row, key) is not None:
                quote[key] = str(getattr(row, key))
        items.append({
            "id": str(row.annotation),
            "type": "Annotation",
            "motivation": "describing",
            "body": [{"id": str(row.claim)},
                     {"type": "TextualBody", "value": words, "format": "text/plain", "purpose": "describing"}],
            "target": {"source": str(row.url if row.url is not None else row.doc),
                       "selector": [{"type": "TextPositionSelector", "start": int(row.start), "end": int(row.end)},
                                    quote]},
        })
    collection = {"@context": ANNO_CONTEXT, "id": "https://w3id.org/claimgraph/id/annotations",
                  "type": "AnnotationCollection", "label": "claimgraph: the evidence of every claim",
                  "total": len(items), "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}}
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
