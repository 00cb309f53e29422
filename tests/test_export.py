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


def test_every_claim_is_a_web_annotation_with_the_models_required_properties(tmp_path):
    """W3C Web Annotation Data Model: an annotation has a @context, an id (an IRI), the type
    Annotation and at least one target; a TextPositionSelector has start and end, a
    TextQuoteSelector exact. The selectors point at the article's very words."""
    from claimgraph.export import ANNO_CONTEXT, export
    from claimgraph.pipeline import build
    from claimgraph.store import Store

    seeds = __import__("conftest").SEEDS
    build([str(seeds)], None, store=tmp_path / "store").store.close()
    store = Store.open(tmp_path / "store")
    collection = json.loads(export(store, "annotations"))
    assert collection["@context"] == ANNO_CONTEXT and collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    claims = store.query("SELECT ?c WHERE { ?c <https://w3id.org/claimgraph/ontology#inDocument> ?d }")
    assert collection["total"] == len(items) == len(claims) > 50
    texts = {p.stem: p.read_text(encoding="utf-8") for p in seeds.glob("*.txt")}
    for item in items:
        assert item["id"].startswith("https://") and item["type"] == "Annotation"
        assert {b.get("id") for b in item["body"]} & {str(c.c) for c in claims}
        target = item["target"]
        position, quote = target["selector"]
        assert position["type"] == "TextPositionSelector" and quote["type"] == "TextQuoteSelector"
        assert 0 <= position["start"] < position["end"] and isinstance(position["start"], int)
        text = texts[target["source"].rsplit("/", 1)[1]]
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote.get("prefix", ""))


def test_html_inputs_keep_the_text_their_offsets_count_into(tmp_path):
    from claimgraph.pipeline import build

    (tmp_path / "page.html").write_text(
        "<html><head><title>Strike kills 12 civilians</title></head><body><nav>Home | World</nav><article>"
        "<p>At least 12 civilians were killed in an air strike on the town on Monday, the health ministry said "
        "in a statement.</p><p>\"We are searching the rubble,\" the governor told reporters.</p></article>"
        "</body></html>", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("The minister said 7 soldiers were killed on Friday.", encoding="utf-8")
    store = build([str(tmp_path)], None).store
    rows = store.query("""PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX schema: <https://schema.org/>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?doc ?text ?start ?end ?exact WHERE {
          ?target oa:hasSource ?article ; oa:hasSelector ?p, ?q .
          ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact . ?article dcterms:identifier ?doc
          OPTIONAL { ?article schema:text ?text } }""")
    by_doc = {}
    for row in rows:
        by_doc.setdefault(str(row.doc), []).append(row)
    assert set(by_doc) == {"page", "plain"}
    assert all(row.text is None for row in by_doc["plain"])  # the file itself holds a .txt's text
    for row in by_doc["page"]:
        assert str(row.text)[int(row.start):int(row.end)] == str(row.exact)
    assert "Home | World" not in str(by_doc["page"][0].text)


def test_the_same_input_builds_byte_identical_exports(tmp_path):
    import os

    from claimgraph.pipeline import build

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("At least 7 soldiers were killed on Friday, the army said. "
                                           "\"We will respond,\" the minister said.", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("Le gouverneur a déclaré que 9 soldats ont été tués vendredi.",
                                           encoding="utf-8")
    mask = os.umask(0o022)
    try:
        for n in (1, 2):
            build([str(tmp_path / "in")], tmp_path / f"out{n}", jobs=n).store.close()
    finally:
        os.umask(mask)
    for name in ("graph.ttl", "graph.trig"):
        first, second = (tmp_path / f"out{n}" / name for n in (1, 2))
        assert first.read_bytes() == second.read_bytes()
        assert (first.stat().st_mode & 0o777) == 0o644
