"""Validation: SHACL shapes, then the `*-violation.rq` checks (must return no rows).

The shapes are checked by pyshacl-turbo (a Rust SHACL engine with pySHACL's API), about eight
times faster than pySHACL (21 against 162 ms a graph on 20 corpus graphs, bench/shacl_engines.py); `tests/test_shacl_engines.py` (and, on many more graphs,
`bench/shacl_engines.py`) shows that both engines give the same verdict and the same violations
on the seeds' graphs and on every mutation of them. `CLAIMGRAPH_SHACL=pyshacl` selects pySHACL.
The checks run in Oxigraph."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from . import paths
from .errors import Error
from .store import Store


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    source: str  # the shape or check that found it


@dataclass
class Report:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def text(self, limit: int = 50) -> str:
        if self.conforms:
            return "Conforms: the graph satisfies ontology/shapes.ttl and every violation check."
        lines = [f"Does not conform: {len(self.violations)} violation(s)."]
        for v in self.violations[:limit]:
            where = f" path {v.path}" if v.path else ""
            lines.append(f"- {v.focus}{where}: {v.message} [{v.source}]")
        if len(self.violations) > limit:
            lines.append(f"… and {len(self.violations) - limit} more")
        return "\n".join(lines)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The shapes, parsed once (read-only: validation never changes it)."""
    return Graph().parse(paths.ontology("shapes.ttl"), format="turtle")


@lru_cache(maxsize=1)
def compiled_shapes():
    """The shapes compiled by pyshacl-turbo once: `pyshacl_turbo.validate` compiles them again
    for every graph, about a quarter of its time on a corpus document graph."""
    from pyshacl_turbo import CompiledShapes

    return CompiledShapes(shapes_graph(), advanced=True)


ENGINES = ("pyshacl-turbo", "pyshacl")


def engine() -> str:
    chosen = os.environ.get("CLAIMGRAPH_SHACL", ENGINES[0])
    if chosen not in ENGINES:
        raise Error(f"CLAIMGRAPH_SHACL={chosen!r}: use one of {', '.join(ENGINES)}")
    return chosen


def shacl(data, engine_name: str | None = None) -> tuple[bool, list[Violation]]:
    """The shapes on `data` (an rdflib Graph, or a document graph of Oxigraph terms:
    triples.Triples): whether it conforms, and its violations."""
    # no ontology mixed in: every node carries its classes explicitly (a cg:Person is also a
    # prov:Agent), and mixing the ontology into each graph costs more than the validation
    if (engine_name or engine()) == "pyshacl":
        from pyshacl import validate

        if not isinstance(data, Graph):
            data = data.to_rdflib()
        conforms, results, _text = validate(data, shacl_graph=shapes_graph(), inference="none", advanced=True,
                                            allow_warnings=True)
    else:
        from pyshacl_turbo import ValidationFailure

        if not isinstance(data, Graph):
            # the triples as N-Triples, which the engine parses itself (made by Oxigraph, in
            # Rust): no rdflib graph is made, and none is read term by term
            from pyshacl_turbo.rdf import Input

            data = Input(data.ntriples(), "nt", None, {})
        try:  # what pyshacl_turbo.validate does, with the shapes compiled once
            conforms, results, _text = compiled_shapes().validate(data, allow_warnings=True,
                                                                  _normalize_report_literals=True)
        except ValidationFailure as failure:
            return False, [Violation("?", None, str(failure), "pyshacl-turbo")]
    violations = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        shape = results.value(result, SH.sourceShape)
        violations.append(Violation(str(focus), str(path) if path is not None else None, str(message or ""),
                                    str(shape)))
    return bool(conforms), violations


def validate_graph(data: Graph, checks: bool | str = True) -> Report:
    """SHACL shapes on `data`, then the violation queries: all of them (`checks=True`), none
    (`False`), or those of one scope (`"graph"`: the rules that hold within one document graph)."""
    conforms, violations = shacl(data)
    if checks:
        violations.extend(run_checks(Store.of_graph(data), scope=None if checks is True else checks))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(conforms=bool(conforms) and not violations, violations=violations)


def check_scope(text: str) -> str:
    """'store' for a check whose rule crosses named graphs (a '# scope: store' header line), else 'graph'."""
    return "store" if re.search(r"^#\s*scope\s*:\s*store\b", text, re.MULTILINE) else "graph"


_FOCUS = re.compile(r"^#\s*focus\s*:\s*\?(\w+)", re.MULTILINE)


def check_focus(text: str) -> str | None:
    """The variable a store-wide check can be bound to (a '# focus: ?agent' header line): what a
    build changed (the agents it described again, the events it made again) is all it can break."""
    match = _FOCUS.search(text)
    return match.group(1) if match else None


def run_checks(data, scope: str | None = None, graphs: list | None = None,
               focus: dict[str, list] | None = None) -> list[Violation]:
    """The `queries/checks/*-violation.rq` queries on `data`, an rdflib Graph or a Store (those
    of `scope` only, if given); on a Store, `graphs` runs them within each of these named graphs
    (a build checks the document graphs it wrote where they are, with no copy), and `focus`
    ({variable: IRIs}) runs a check that declares that focus variable on those nodes only."""
    from .query import load_query

    found = []
    for path in sorted((paths.queries() / "checks").glob("*-violation.rq")):
        query = load_query(str(path))
        if scope is not None and check_scope(query.text) != scope:
            continue
        name = check_focus(query.text) if focus is not None else None
        if isinstance(data, Graph):
            rows = data.query(query.prepared)
        elif name is not None and name in focus:
            nodes = [URIRef(str(node)) for node in sorted(focus[name])]
            rows = data.query(query.text, {name: nodes}) if nodes else []
        elif graphs is None:
            rows = data.query(query.text)
        else:
            rows = [row for graph in graphs for row in data.query(in_graph(query.text, graph))]
        for row in rows:
            values = [str(v) for v in row if v is not None]
            found.append(Violation(values[0] if values else "?", None, " ".join(values[1:]) or path.stem, path.name))
    return found


def in_graph(text: str, graph) -> str:
    """The query with its outermost WHERE group matched inside the named `graph` (`GRAPH <g>
    {…}`): a per-graph rule on that graph only, read through the store's graph index (with the
    graph as a variable or in a FROM list, Oxigraph reads the whole store)."""
    from .store.oxigraph import where_group

    opening, closing = where_group(text, "a check query cannot run in one graph")
    return f"{text[:opening + 1]} GRAPH <{graph}> {{{text[opening + 1:closing]}}}\n{text[closing:]}"


def validate_store(store: Store, progress: bool = False) -> Report:
    """Each document graph on its own with the descriptions of the agents it names (shapes and
    per-graph checks: cost linear in documents), the events graph, then the store-wide checks
    once; a store with no named graphs (a Turtle file) as one graph."""
    from .model import AGENTS_GRAPH, EVENTS_GRAPH

    names = store.document_graphs()
    if not names:
        return validate_graph(store.default_graph())
    agents = store.graph(AGENTS_GRAPH)
    described = set(agents.subjects())
    violations: list[Violation] = []
    conforms = True
    if progress:
        from tqdm import tqdm

        names = tqdm(names, unit="graph", desc="validating", leave=False)
    documents = []
    for name in names:
        graph = store.graph(name)
        if name not in (AGENTS_GRAPH, EVENTS_GRAPH):
            documents.append(name)
            for node in set(graph.objects()) & described:
                for p, o in agents.predicate_objects(node):
                    graph.add((node, p, o))
        report = validate_graph(graph, checks=False)
        conforms = conforms and report.conforms
        violations.extend(report.violations)
    # the per-graph rules inside each document graph, where the store holds it (no copy)
    violations.extend(run_checks(store, scope="graph", graphs=documents))
    violations.extend(run_checks(store, scope="store"))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(conforms=conforms and not violations, violations=violations)


# --- the two engines agree ------------------------------------------------------------------
def mutations(graph: Graph):
    """(label, graph) pairs: `graph` itself, then copies with one thing broken for each predicate
    (all its values dropped, one dropped, an extra string, an extra negative integer, an IRI for
    a value, a value retyped as xsd:string or tagged with a language) and for each class (the
    type dropped): the PASS and FAIL cases of every constraint the shapes put on such a graph."""
    from rdflib import RDF, XSD, Literal, URIRef

    def copy(keep=lambda t: True, extra=()):
        out = Graph()
        for triple in graph:
            if keep(triple):
                out.add(triple)
        for triple in extra:
            out.add(triple)
        return out

    yield "original", graph
    for p in sorted(set(graph.predicates())):
        first = min(graph.triples((None, p, None)))
        yield f"drop {p}", copy(lambda t: t[1] != p)
        yield f"drop one {p}", copy(lambda t: t != first)
        yield f"extra string {p}", copy(extra=[(first[0], p, Literal("extra"))])
        yield f"extra integer {p}", copy(extra=[(first[0], p, Literal(-5))])
        yield f"IRI for {p}", copy(lambda t: t != first, [(first[0], p, URIRef("http://example.org/x"))])
        if isinstance(first[2], Literal):
            yield f"xsd:string for {p}", copy(lambda t: t != first,
                                              [(first[0], p, Literal(str(first[2]), datatype=XSD.string))])
            yield f"language tag for {p}", copy(lambda t: t != first, [(first[0], p, Literal(str(first[2]), lang="en"))])
    for cls in sorted(set(graph.objects(None, RDF.type))):
        yield f"drop type {cls}", copy(lambda t: not (t[1] == RDF.type and t[2] == cls))


def engine_agreement(graphs: list[Graph]) -> tuple[int, list[str]]:
    """Both engines on every mutation of every graph: the number of cases, and those where the
    verdicts or the violations (focus node, path, shape) differ. pyshacl-turbo is run on the
    rdflib graph, and on its triples as a build hands them over (triples.Triples, read as
    N-Triples), against pySHACL on the same data: Oxigraph terms are RDF 1.1 terms, where
    "x"^^xsd:string is "x", so the triples are compared with what they give back in rdflib."""
    from .triples import Triples

    cases, differ = 0, []
    for graph in graphs:
        for label, mutated in mutations(graph):
            cases += 1
            triples = Triples.of(mutated)
            expected = shacl(mutated, ENGINES[1])
            given_back = triples.to_rdflib()
            runs = [(ENGINES[0], shacl(mutated, ENGINES[0]), expected),
                    (f"{ENGINES[0]} on triples", shacl(triples, ENGINES[0]),
                     expected if set(given_back) == set(mutated) else shacl(given_back, ENGINES[1]))]
            for name, found, reference in runs:
                (a_ok, a), (b_ok, b) = _verdict(*found), _verdict(*reference)
                if a_ok != b_ok or a != b:
                    differ.append(f"{graph.identifier} / {label}: {name} {a_ok} {sorted(a - b)[:2]}, "
                                  f"{ENGINES[1]} {b_ok} {sorted(b - a)[:2]}")
    return cases, differ


def _verdict(conforms: bool, violations: list[Violation]) -> tuple[bool, set]:
    # blank-node shapes get engine-specific ids: compare them as 'a blank shape'
    return conforms, {(v.focus, v.path, v.source if v.source.startswith("http") else "_") for v in violations}
