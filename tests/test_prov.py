"""The graph read by the W3C PROV reference library (`prov`): every activity, entity, agent,
usage, generation, attribution and derivation is there, and no node is dropped."""
from __future__ import annotations

import warnings
from collections import Counter

from rdflib import Dataset
from rdflib.namespace import PROV, RDF


def test_prov_tools_read_the_whole_graph(seeds_build):
    from prov.model import ProvDocument

    _result, out = seeds_build
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        document = ProvDocument.deserialize(source=str(out / "graph.trig"), format="rdf", rdf_format="trig")
    dropped = [str(w.message) for w in caught if "not converted" in str(w.message)]
    assert dropped == []
    records = list(document.flattened().get_records())
    kinds = Counter(type(r).__name__ for r in records)

    data = Dataset()
    data.parse(out / "graph.trig", format="trig")
    triples = {(s, p, o) for s, p, o, _g in data.quads((None, None, None, None))}

    def count(predicate, obj=None):
        return len({(s, o) for s, p, o in triples if p == predicate and (obj is None or o == obj)})

    documents = len(list(_result.documents))
    assert kinds["ProvActivity"] == count(RDF.type, PROV.Activity) == documents
    assert kinds["ProvUsage"] == count(PROV.used) == documents
    assert kinds["ProvAssociation"] == count(PROV.wasAssociatedWith) == documents
    assert kinds["ProvEntity"] == count(RDF.type, PROV.Entity)
    assert kinds["ProvAgent"] == len({s for s, p, o in triples if p == RDF.type and o in (PROV.Agent,)})
    assert kinds["ProvGeneration"] == count(PROV.wasGeneratedBy) > 50
    assert kinds["ProvAttribution"] == count(PROV.wasAttributedTo) > 50
    assert kinds["ProvDerivation"] == count(PROV.wasDerivedFrom) > 0
    # nothing dropped: every node the graph describes is a PROV element
    elements = {r.identifier.uri for r in records if type(r).__name__ in ("ProvEntity", "ProvAgent", "ProvActivity")}
    assert {str(s) for s, _p, _o in triples} <= elements
