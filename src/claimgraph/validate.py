"""Validation: SHACL shapes (pySHACL), then the `*-violation.rq` checks (must return no rows)."""
from __future__ import annotations

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


def validate_graph(data: Graph, checks: bool = True) -> Report:
    """SHACL shapes on `data`, then (unless `checks` is false) the violation queries."""
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
        violations.extend(run_checks(data))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(conforms=bool(conforms) and not violations, violations=violations)


def run_checks(data: Graph) -> list[Violation]:
    from .query import load_query

    found = []
    for path in sorted((paths.queries() / "checks").glob("*-violation.rq")):
        prepared = load_query(str(path)).prepared
        for row in data.query(prepared):
            values = [str(v) for v in row if v is not None]
            found.append(Violation(values[0] if values else "?", None, " ".join(values[1:]) or path.stem, path.name))
    return found


def validate_store(store: Store) -> Report:
    return validate_graph(store.union())
