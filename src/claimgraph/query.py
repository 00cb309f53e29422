"""Queries: `.rq` files with a header comment; run in Oxigraph with their parameters bound as
values (and prepared once by rdflib for the checks run on one document graph).

Header format (comment lines at the top of the file):

    # purpose: one line saying what the query answers
    # param ?name (iri|string|integer): what the value means [optional]

Values are only ever bound as RDF terms (a VALUES block written by Oxigraph), never pasted into
the query's patterns.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from . import paths
from .errors import QueryError

_PARAM = re.compile(r"#\s*param\s+\?(\w+)\s*\((iri|string|integer)\)\s*:\s*(.*)", re.IGNORECASE)
_PURPOSE = re.compile(r"#\s*purpose\s*:\s*(.*)", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    optional: bool


@dataclass(frozen=True)
class QueryFile:
    name: str
    path: Path
    text: str
    purpose: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    @property
    def prepared(self):
        return _prepare(self.text, str(self.path))

    def bindings(self, values: dict[str, str]) -> dict:
        declared = {p.name: p for p in self.params}
        out = {}
        for name, raw in values.items():
            param = declared.get(name.lstrip("?"))
            if param is None:
                known = ", ".join(declared) or "none"
                raise QueryError(f"{self.name} has no parameter {name!r} (parameters: {known})")
            out[param.name] = convert(raw, param.type)
        missing = [p.name for p in self.params if not p.optional and p.name not in out]
        if missing:
            raise QueryError(f"{self.name} needs --param {missing[0]}=VALUE")
        return out


def convert(raw: str, kind: str):
    if kind == "iri":
        return URIRef(raw)
    if kind == "integer":
        try:
            return Literal(int(raw))
        except ValueError as exc:
            raise QueryError(f"{raw!r} is not an integer") from exc
    return Literal(raw)


@lru_cache(maxsize=64)
def _prepare(text: str, where: str):
    try:
        return prepareQuery(text)
    except Exception as exc:  # pyparsing raises its own exception types
        raise QueryError(f"{where} does not parse: {exc}") from exc


def available() -> list[str]:
    return sorted(p.stem for p in paths.queries().glob("*.rq"))


def load_query(name_or_path: str) -> QueryFile:
    """A query by name (from queries/) or by path to a .rq file."""
    path = Path(name_or_path)
    if not path.suffix:
        path = paths.queries() / f"{name_or_path}.rq"
    if not path.is_file():
        raise QueryError(f"no query {name_or_path!r}; known queries: {', '.join(available())}")
    text = path.read_text(encoding="utf-8")
    purpose, params = "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if m := _PURPOSE.match(line):
            purpose = m.group(1).strip()
        elif m := _PARAM.match(line):
            desc = m.group(3).strip()
            params.append(Param(m.group(1), m.group(2).lower(), desc, "[optional]" in desc))
    return QueryFile(path.stem, path, text, purpose, tuple(params))


def run(store, query: QueryFile, values: dict[str, str] | None = None):
    """The query's rows from a Store (Oxigraph), its parameters bound as values."""
    return store.query(query.text, query.bindings(values or {}))


def run_serialized(store, query: QueryFile, values: dict[str, str] | None, fmt: str) -> str:
    """The query's results as SPARQL CSV or JSON, serialised by the store (fast on large results)."""
    return store.query_serialized(query.text, query.bindings(values or {}), fmt)


def rows(result) -> tuple[list[str], list[list[str]]]:
    names = [str(v) for v in result.vars]
    out = []
    for row in result:
        out.append(["" if value is None else str(value) for value in row])
    return names, out


def render(result, fmt: str) -> str:
    names, data = rows(result)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows(data)
        return buffer.getvalue()
    if fmt == "json":
        return result.to_json()
    widths = [min(60, max([len(n)] + [len(r[i]) for r in data])) for i, n in enumerate(names)]

    def line(cells):
        return "  ".join((c if len(c) <= w else c[:w - 1] + "…").ljust(w) for c, w in zip(cells, widths))

    lines = [line(names), line(["-" * w for w in widths])] + [line(r) for r in data]
    lines.append(f"({len(data)} row{'s' if len(data) != 1 else ''})")
    return "\n".join(lines)
