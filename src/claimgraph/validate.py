"""Validation: SHACL shapes (pySHACL), then the `*-violation.rq` checks (must return no rows)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import SH

from . import paths
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
def ontology_graph() -> Graph:
    return Graph().parse(paths.ontology(), format="turtle")


def validate_graph(data: Graph, checks: bool | str = True) -> Report:
    """SHACL shapes on `data`, then the violation queries: all of them (`checks=True`), none
    (`False`), or those of one scope (`"graph"`: the rules that hold within one document graph)."""
    import pyshacl

    conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
        inference="none", advanced=True, allow_warnings=True)
    violations = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        shape = results.value(result, SH.sourceShape)
        violations.append(Violation(str(focus), str(path) if path is not None else None, str(message or ""),
                                    str(shape)))
    if checks:
        violations.extend(run_checks(data, scope=None if checks is True else checks))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(conforms=bool(conforms) and not violations, violations=violations)


def check_scope(text: str) -> str:
    """'store' for a check whose rule crosses named graphs (a '# scope: store' header line), else 'graph'."""
    return "store" if re.search(r"^#\s*scope\s*:\s*store\b", text, re.MULTILINE) else "graph"


def run_checks(data: Graph, scope: str | None = None) -> list[Violation]:
    """The `queries/checks/*-violation.rq` queries on `data` (those of `scope` only, if given)."""
    from .query import load_query

    found = []
    for path in sorted((paths.queries() / "checks").glob("*-violation.rq")):
        query = load_query(str(path))
        if scope is not None and check_scope(query.text) != scope:
            continue
        prepared = query.prepared
        for row in data.query(prepared):
            values = [str(v) for v in row if v is not None]
            found.append(Violation(values[0] if values else "?", None, " ".join(values[1:]) or path.stem, path.name))
    return found


def validate_store(store: Store) -> Report:
    """Each named graph on its own (shapes and per-graph checks: cost linear in documents),
    then the store-wide checks once; a store with no named graphs (a Turtle file) as one graph."""
    names = store.document_graphs()
    if not names:
        return validate_graph(store.union())
    violations: list[Violation] = []
    conforms = True
    for name in names:
        # a standalone copy: queries on a named graph of a large dataset scan the whole dataset,
        # which made validation grow with the square of the documents
        graph = Graph()
        for triple in store.dataset.graph(name):
            graph.add(triple)
        report = validate_graph(graph, checks="graph")
        conforms = conforms and report.conforms
        violations.extend(report.violations)
    violations.extend(run_checks(store.dataset, scope="store"))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(conforms=conforms and not violations, violations=violations)
