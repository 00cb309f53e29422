"""Exports: JSON-LD compacted with claimgraph's published context, round trips, the same bytes
for the same store."""
from __future__ import annotations

import json

from rdflib import Dataset


def _quads(dataset) -> set:
    return {(s, p, o, c) for s, p, o, c in dataset.quads((None, None, None, None))}


def test_json_ld_uses_the_context_and_round_trips(seeds_build):
    from claimgraph.export import context, export
    from claimgraph.store import Store

    _result, out = seeds_build
    store = Store.open(out / "store")
    data = export(store, "jsonld")
    assert data == export(store, "jsonld")  # the same store, the same bytes
    document = json.loads(data)
    assert document["@context"] == context()
    expanded = store.serialize(__import__("pyoxigraph").RdfFormat.JSON_LD)
    assert len(data) < 0.7 * len(expanded)  # compact keys and IRIs: readable, and smaller
    claims = [node for graph in document["graph"] for node in graph.get("graph", [])
              if "StatementClaim" in node.get("type", []) or "CasualtyClaim" in node.get("type", [])]
    assert claims and all(node["id"].startswith("cgid:claim/") and "wasGeneratedBy" in node for node in claims)
    counts = [node["countMin"] for node in claims if "countMin" in node]
    assert counts and all(isinstance(c, int) for c in counts)  # numbers as JSON numbers
    parsed = Dataset()
    parsed.parse(data=data.decode("utf-8"), format="json-ld")
    assert _quads(parsed) == _quads(store.dataset())


def test_the_context_has_a_short_key_for_every_property_the_graphs_use(seeds_build):
    from claimgraph.export import context
    from claimgraph.store import Store

    _result, out = seeds_build
    ctx = context()
    keyed = set()
    for name, value in ctx.items():
        if name.startswith("@"):
            continue
        iri = value if isinstance(value, str) else value.get("@id", "")
        prefix, _, local = iri.partition(":")
        if isinstance(ctx.get(prefix), str):
            iri = ctx[prefix] + local
        keyed.add(iri)
    used = {str(q[1]) for q in Store.open(out / "store").dataset().quads((None, None, None, None))}
    reified = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#" + n for n in ("type", "subject", "predicate", "object")}
    assert sorted(used - keyed - reified) == []
