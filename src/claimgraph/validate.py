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


def run_checks(data, scope: str | None = None) -> list[Violation]:
    """The `queries/checks/*-violation.rq` queries on `data`, an rdflib Graph or a Store (those
    of `scope` only, if given)."""
    from .query import load_query

    found = []
    for path in sorted((paths.queries() / "checks").glob("*-violation.rq")):
        query = load_query(str(path))
        if scope is not None and check_scope(query.text) != scope:
            continue
        rows = data.query(query.text) if isinstance(data, Store) else data.query(query.prepared)
        for row in rows:
            values = [str(v) for v in row if v is not None]
            found.append(Violation(values[0] if values else "?", None, " ".join(values[1:]) or path.stem, path.name))
    return found


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
    for name in names:
        graph = store.graph(name)
        if name == AGENTS_GRAPH:
            report = validate_graph(graph, checks=False)
        elif name == EVENTS_GRAPH:
            report = validate_graph(graph, checks=False)
        else:
            for node in set(graph.objects()) & described:
                for p, o in agents.predicate_objects(node):
                    graph.add((node, p, o))
            report = validate_graph(graph, checks="graph")
        conforms = conforms and report.conforms
        violations.extend(report.violations)
    violations.extend(run_checks(store, scope="store"))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(conforms=conforms and not violations, violations=violations)
