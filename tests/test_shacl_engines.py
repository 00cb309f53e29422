"""pyshacl-turbo (the engine build and validate use) and pySHACL give the same verdict and the
same violations on the seeds' graphs and on every mutation of them (bench/shacl_engines.py runs
the same comparison on corpus graphs)."""
from __future__ import annotations

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV

from claimgraph.model import AGENTS_GRAPH, EVENTS_GRAPH
from claimgraph.namespaces import CG
from claimgraph.validate import engine_agreement, mutations, shacl


def _graphs(store):
    """A document graph cut down to one claim of each kind (with its selectors, relays and
    assertion, the article, the extraction and the agents it names), and one event."""
    agents = store.graph(AGENTS_GRAPH)
    documents = [name for name in store.document_graphs() if name not in (AGENTS_GRAPH, EVENTS_GRAPH)]
    full = Graph()
    for name in documents:
        full += store.graph(name)
    chosen = [str(min(full.subjects(RDF.type, cls))) for cls in (CG.StatementClaim, CG.CasualtyClaim, CG.ThreatClaim)]
    docs = {full.value(URIRef(c), CG.inDocument) for c in chosen}
    graph = Graph()
    for s, p, o in full:
        if any(str(s).startswith(c) for c in chosen) or s in docs or (p == PROV.used and o in docs) \
                or (s, PROV.used, None) in full and any((s, PROV.used, d) in full for d in docs):
            graph.add((s, p, o))
    for node in set(graph.objects()) & set(agents.subjects()):
        for p, o in agents.predicate_objects(node):
            graph.add((node, p, o))
    events = store.graph(EVENTS_GRAPH)
    one = min(events.subjects(RDF.type, CG.Event))  # one event and its report links
    event = Graph(identifier=EVENTS_GRAPH)
    for triple in list(events.triples((one, None, None))) + list(events.triples((None, CG.reportOf, one))):
        event.add(triple)
    return [graph, event]


def test_the_mutations_break_the_shapes(seeds_build):
    result, _ = seeds_build
    graph = _graphs(result.store)[0]
    verdicts = [shacl(mutated, "pyshacl-turbo")[0] for _label, mutated in mutations(graph)]
    assert verdicts[0] is True
    assert verdicts.count(False) > 50  # the cases are FAIL cases as well as PASS cases


def test_both_engines_agree_on_every_case(seeds_build):
    result, _ = seeds_build
    cases, differ = engine_agreement(_graphs(result.store))
    assert cases > 150
    assert differ == []


def test_both_engines_agree_on_the_hand_made_cases():
    from pathlib import Path

    shapes = Path(__file__).parent / "shapes"
    graphs = [Graph(identifier=name).parse(shapes / name) for name in ("pass.ttl", "fail.ttl")]
    cases, differ = engine_agreement(graphs)
    assert differ == [] and cases > 20


def test_a_document_graph_as_built_gets_the_verdict_pyshacl_gives_its_rdflib_copy(seeds_build):
    """The build validates a document's graph as Oxigraph triples (triples.Triples): on every seed
    document, built alone (its agents not described: a FAIL case) and with its language made one
    the shapes refuse, pyshacl-turbo on the triples finds what pySHACL finds on an rdflib copy."""
    from dataclasses import replace

    from claimgraph import archive, gazetteer
    from claimgraph.model import GraphBuilder
    from claimgraph.triples import Triples
    from claimgraph.validate import _verdict

    result, _ = seeds_build
    records = archive.load_records(result.store, set(result.documents))
    builder = GraphBuilder(gazetteer.load(None), gazetteer.graph(None))
    for document, claims, _digest in records.values():
        for variant in (document, replace(document, language="de")):
            graph = builder.document_graph(variant, claims)
            assert isinstance(graph, Triples) and len(graph) > 20
            turbo, reference = _verdict(*shacl(graph, "pyshacl-turbo")), _verdict(*shacl(graph.to_rdflib(), "pyshacl"))
            assert turbo == reference and turbo[0] is False
            if variant is not document:
                assert any(path.endswith("/language") for _focus, path, _shape in turbo[1])
