"""Shapes (PASS/FAIL pairs), queries, round trips, determinism, ontology sync."""
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from claimgraph import query as queries
from claimgraph.errors import QueryError
from claimgraph.export import export
from claimgraph.namespaces import CG
from claimgraph.store import Store
from claimgraph.validate import validate_graph

HERE = Path(__file__).parent
ROOT = HERE.parent


def test_pass_example_conforms():
    report = validate_graph(Graph().parse(HERE / "shapes" / "pass.ttl"))
    assert report.conforms, report.text()


def test_fail_example_fails_on_the_expected_paths():
    report = validate_graph(Graph().parse(HERE / "shapes" / "fail.ttl"))
    assert not report.conforms
    failed = {(v.focus.rsplit("/", 1)[-1], (v.path or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]) for v in report.violations}
    expected = {("twoDocs", "inDocument"), ("badCounts", "countMin"), ("badCounts", "outcome"),
                ("badCounts", "eventDate"), ("negative", "countMin"), ("hop", "wasAttributedTo"),
                ("twoLabels", "label")}
    assert expected <= failed, failed
    focus = {v.focus.rsplit("/", 1)[-1] for v in report.violations}
    assert {"outside", "orphan"} <= focus  # span past the end; neither attributed nor unattributed
    assert {"loopA", "loopB"} <= focus  # a cyclic relay chain
    assert "emptyEvent" in focus  # an event with no report
    assert "pass" not in focus


def test_seed_graph_conforms(seeds_build):
    result, _out = seeds_build
    assert result.report.conforms, result.report.text()
    assert len(result.documents) == 5 and not result.skipped


@pytest.mark.parametrize("path", sorted((ROOT / "queries").rglob("*.rq")), ids=lambda p: p.name)
def test_every_query_has_a_header_parses_and_runs(path, seeds_build):
    result, out = seeds_build
    query = queries.load_query(str(path))
    assert query.purpose, f"{path.name} needs a '# purpose:' header line"
    rows = list(queries.run(result.store, query, {}))
    if path.name.endswith("-violation.rq"):
        assert rows == []


def test_claims_table_has_one_row_per_claim(seeds_build):
    result, out = seeds_build
    store = Store.from_file(out / "graph.ttl")
    names, rows = queries.rows(queries.run(store, queries.load_query("claims_table")))
    assert names[:5] == ["doc", "kind", "start", "end", "source"]
    assert len(rows) == len(result.claims)
    counts = {k: sum(1 for r in rows if r[1] == k) for k in ("statement", "casualty", "threat")}
    assert counts == dict(result.by_kind())


def test_parameters_are_bound_not_pasted(seeds_build):
    result, _ = seeds_build
    q = queries.load_query("who_said_what")
    _, rows = queries.rows(queries.run(result.store, q, {"agentName": "Kremlin"}))
    assert rows and all(r[1] == "Kremlin" for r in rows)
    injection = '" } UNION { ?s ?p ?o } #'
    with pytest.raises(QueryError, match="no agent named"):  # an agent parameter must name an agent
        queries.run(result.store, q, {"agentName": injection})
    from rdflib import Literal

    rows = result.store.query("SELECT ?l WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l "
                              "FILTER (?l = ?x) }", {"x": Literal(injection)})
    assert len(rows) == 0  # a value is one RDF term, never query text
    with pytest.raises(QueryError):
        queries.run(result.store, q, {"nope": "x"})


def test_attribution_chain_follows_relays(seeds_build):
    result, _ = seeds_build
    q = queries.load_query("attribution_chain")
    _, rows = queries.rows(queries.run(result.store, q, {"agentName": "Anadolu"}))
    roles = [(r[4], r[5]) for r in rows]
    assert ("Anadolu", "relay") in roles
    assert any(role == "original source" and label != "Anadolu" for label, role in roles)


@pytest.mark.parametrize("fmt", ["ttl", "trig", "jsonld", "nt"])
def test_export_round_trip_is_isomorphic(fmt, seeds_build, tmp_path):
    result, out = seeds_build
    store = Store.from_file(out / "graph.trig")
    path = tmp_path / f"g.{ 'jsonld' if fmt == 'jsonld' else fmt}"
    export(store, fmt, path)
    back = Store.from_file(path).union()
    original = store.union()
    if not isomorphic(original, back):
        _both, first, second = graph_diff(to_isomorphic(original), to_isomorphic(back))
        pytest.fail(f"not isomorphic: only in original {len(first)}, only in copy {len(second)}")


def test_building_twice_gives_the_same_graph(seeds_build, tmp_path):
    from claimgraph.pipeline import build

    first, _ = seeds_build
    second = build([str(ROOT / "seeds")], tmp_path, validate=False)
    a, b = first.store.union(), second.store.union()
    assert isomorphic(a, b)
    assert set(a.subjects()) == set(b.subjects())  # same IRIs, not just the same shape


def test_one_named_graph_per_document_plus_agents_and_events(seeds_build):
    result, out = seeds_build
    store = Store.from_file(out / "graph.trig")
    names = sorted(str(g) for g in store.document_graphs())
    assert names == sorted([f"https://w3id.org/claimgraph/id/graph/{d}" for d in result.documents]
                           + ["https://w3id.org/claimgraph/id/graph/agents",
                              "https://w3id.org/claimgraph/id/graph/events"])


def test_namespace_matches_ontology_and_terms_have_bilingual_docs():
    from rdflib.namespace import RDFS

    onto = Graph().parse(ROOT / "ontology" / "claimgraph.ttl")
    ns = str(CG._NS)
    terms = {str(s)[len(ns):] for s in onto.subjects() if str(s).startswith(ns) and str(s) != ns}
    assert terms == set(CG.__annotations__)
    for term in terms:
        node = URIRef(ns + term)
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in onto.objects(node, prop)}
            assert {"en", "fr"} <= langs, f"cg:{term} needs {prop} in English and French"
    with pytest.raises(AttributeError):
        CG.notATerm  # noqa: B018 - a misspelt term fails loudly


def test_claims_on_one_span_with_two_cues_get_two_iris():
    from claimgraph.model import claim_iri
    from claimgraph.records import AgentRef, Claim

    a = Claim("d", "statement", 0, 40, AgentRef("The mayor"), cue="said", cue_start=10)
    b = Claim("d", "statement", 0, 40, AgentRef("The council"), cue="added", cue_start=25)
    assert claim_iri(a) != claim_iri(b)
    assert claim_iri(a) == claim_iri(Claim("d", "statement", 0, 40, AgentRef("The mayor"), cue="said", cue_start=10))


def test_one_label_per_agent_whatever_the_case(tmp_path):
    from claimgraph.pipeline import build

    (tmp_path / "a.txt").write_text("The Turkish Army said the road was open.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The Turkish army said the road was closed. The Turkish army said so again.",
                                    encoding="utf-8")
    result = build([str(tmp_path)], None)
    assert result.report.conforms, result.report.text()
    names, rows = queries.rows(queries.run(result.store, queries.load_query("claims_table")))
    assert len(rows) == len(result.claims) == 3
    assert {r[names.index("source")] for r in rows} == {"Turkish army"}


def test_every_claim_says_how_it_was_made(seeds_build):
    from rdflib import RDF
    from rdflib.namespace import PROV

    result, _out = seeds_build
    graph = result.store.union()
    claims = {s for cls in (CG.StatementClaim, CG.CasualtyClaim, CG.ThreatClaim) for s in graph.subjects(RDF.type, cls)}
    assert claims
    for claim in claims:
        activity = graph.value(claim, PROV.wasGeneratedBy)
        assert activity is not None and (activity, RDF.type, PROV.Activity) in graph
        assert graph.value(claim, CG.rule) is not None
    activity = graph.value(next(iter(claims)), PROV.wasGeneratedBy)
    assert "core_" in str(graph.value(activity, CG.pipeline))
    software = graph.value(activity, PROV.wasAssociatedWith)
    assert (software, RDF.type, PROV.SoftwareAgent) in graph
    names, rows = queries.rows(queries.run(result.store, queries.load_query("claims_table")))
    assert "rule" in names and all(r[names.index("rule")] for r in rows)
