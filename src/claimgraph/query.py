"""Queries: `.rq` files with a header comment; run in Oxigraph with their parameters bound as
values (and prepared once by rdflib for the checks run on one document graph).

Header format (comment lines at the top of the file):

    # purpose: one line saying what the query answers
    # param ?name (TYPE): what the value means [optional]

TYPE says what a value must be, checked before the query runs (a bad value is a clear error):
`iri`, `integer`, `string`, `string a|b|c` (one of these words), `date` (YYYY-MM-DD on the
calendar), `event` and `claim` (an IRI, or the short id at its end, of one in the store),
`agent` (a name of an agent in the store, matched by any label, gazetteer name or surface form,
case- and accent-insensitively: bound to the labels of every agent it names).

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
from .errors import QueryError, UnsafeQueryError
from .namespaces import ID

GRAPH_EXAMPLE = str(ID["graph/DOC"])

_PARAM = re.compile(r"#\s*param\s+\?(\w+)\s*\(((?:iri|string|integer|date|event|claim|agent)(?:\s+[\w|]+)?)\)\s*:\s*(.*)",
                    re.IGNORECASE)
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

    def bindings(self, values: dict[str, str], store=None) -> dict:
        """The parameters as RDF terms (a list of terms for an agent that several names fit),
        each value checked against its type (and against the store, when given)."""
        declared = {p.name: p for p in self.params}
        out = {}
        for name, raw in values.items():
            param = declared.get(name.lstrip("?"))
            if param is None:
                known = ", ".join(declared) or "none"
                raise QueryError(f"{self.name} has no parameter {name!r} (parameters: {known})")
            out[param.name] = convert(raw, param.type, store, param.name)
        missing = [p.name for p in self.params if not p.optional and p.name not in out]
        if missing:
            raise QueryError(f"{self.name} needs --param {missing[0]}=VALUE")
        return out


_CLASS_OF = {"event": "https://w3id.org/claimgraph/ontology#Event"}


def convert(raw: str, kind: str, store=None, name: str = "value"):
    """`raw` as the RDF term a parameter of type `kind` takes; `QueryError` when it cannot be one."""
    base, _, choices = kind.partition(" ")
    if base == "integer":
        try:
            return Literal(int(raw))
        except ValueError as exc:
            raise QueryError(f"--param {name}: {raw!r} is not an integer") from exc
    if base == "date":
        from .ingest import iso_date

        try:
            day = iso_date(raw)
        except ValueError as exc:
            raise QueryError(f"--param {name}: {exc}; give a day as YYYY-MM-DD") from None
        if len(day) != 10:
            raise QueryError(f"--param {name}: {raw!r} is not a day; give YYYY-MM-DD")
        return Literal(day)
    if base == "string" and choices:
        allowed = choices.split("|")
        if raw.strip().lower() not in allowed:
            raise QueryError(f"--param {name}: {raw!r} is not one of {', '.join(allowed)}")
        return Literal(raw.strip().lower())
    if base in ("event", "claim"):
        return _node(raw, base, store, name)
    if base == "agent":
        if store is None:
            return Literal(raw)
        from .names import did_you_mean, find_agents

        found = find_agents(store, raw)
        if not found:
            raise QueryError(f"--param {name}: no agent named {raw!r}{did_you_mean(store, raw)}")
        return sorted({Literal(agent.label) for agent in found})
    if base == "iri":
        return _iri(raw, name)
    return Literal(raw)


def _iri(raw: str, name: str) -> URIRef:
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(raw)
    except ValueError:
        raise QueryError(f"--param {name}: {raw!r} is not an IRI") from None
    return URIRef(raw)


def _node(raw: str, kind: str, store, name: str) -> URIRef:
    """An event or claim of the store, by IRI or by the short id at the end of its IRI."""
    raw = raw.strip()
    if store is None:
        return _iri(raw, name)
    prefix = str(ID[f"{kind}/"])
    if kind == "event":
        pattern = f"?node a <{_CLASS_OF['event']}>"
    else:
        pattern = "?node <https://w3id.org/claimgraph/ontology#inDocument> ?document"
    full = raw if "://" in raw else prefix + raw
    # the IRI itself first: an index look-up (a prefix search below reads every node of the kind)
    if len(store.query(f"SELECT ?node WHERE {{ {pattern} }} LIMIT 1", {"node": _iri(full, name)})):
        return URIRef(full)
    found = [] if "://" in raw else [str(row.node) for row in store.query(
        f"SELECT DISTINCT ?node WHERE {{ {pattern} FILTER (STRSTARTS(STR(?node), ?start)) }} LIMIT 3",
        {"start": Literal(full)}) if "/" not in str(row.node)[len(prefix):]]
    if len(found) == 1:
        return URIRef(found[0])
    if found:
        raise QueryError(f"--param {name}: {raw!r} fits several {kind}s; give more of its id")
    raise QueryError(f"--param {name}: no {kind} {raw!r} in the store")


@lru_cache(maxsize=64)
def _prepare(text: str, where: str):
    try:
        return prepareQuery(text)
    except Exception as exc:  # pyparsing raises its own exception types
        raise QueryError(f"{where} does not parse: {exc}") from exc


def available() -> list[str]:
    return sorted(p.stem for p in paths.queries().glob("*.rq"))


_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


def is_name(value: str) -> bool:
    """Whether `value` is a query NAME (a file of queries/), not a path."""
    return bool(_NAME.fullmatch(value))


def load_query(name_or_path: str) -> QueryFile:
    """A query by NAME (a file of queries/: letters, digits, '_' and '-' only, so a name never
    reaches outside that folder) or by path to a .rq file of the user's."""
    if name_or_path.endswith(".rq"):
        path = Path(name_or_path)
        if not path.is_file():
            raise QueryError(f"no query file {name_or_path!r}")
    elif _NAME.fullmatch(name_or_path):
        path = paths.queries() / f"{name_or_path}.rq"
        if not path.is_file():
            raise QueryError(f"no query {name_or_path!r}; known queries: {', '.join(available())}")
    else:
        raise QueryError(f"{name_or_path!r} is neither a query name (letters, digits, '_', '-'; known: "
                         f"{', '.join(available())}) nor a .rq file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read {path}: {exc}") from exc
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


DEFAULT_TIMEOUT = 60.0  # seconds (`query --timeout`)


def run(store, query: QueryFile, values: dict[str, str] | None = None, *, timeout: float | None = DEFAULT_TIMEOUT):
    """The query's results from a Store (Oxigraph), its parameters bound as values, checked by
    `guard` and evaluated under `timeout` seconds: rows for SELECT, a bool for ASK, triples for
    CONSTRUCT and DESCRIBE."""
    guard(query.text, store)
    return store.execute(query.text, query.bindings(values or {}, store), timeout=timeout)


def run_serialized(store, query: QueryFile, values: dict[str, str] | None, fmt: str, *,
                   timeout: float | None = DEFAULT_TIMEOUT) -> str:
    """The query's results as SPARQL CSV or JSON (Turtle or JSON-LD for CONSTRUCT and DESCRIBE),
    written by the store (fast on large results). The shipped `claims_table` is read from its
    view (table.py) when the view covers the store: the same text, without evaluating the join."""
    guard(query.text, store)
    viewed = from_view(store, query, values, fmt)
    if viewed is not None:
        return viewed
    return store.execute(query.text, query.bindings(values or {}, store), fmt=fmt, timeout=timeout)


def from_view(store, query: QueryFile, values: dict | None, fmt: str) -> str | None:
    """The shipped `claims_table`'s results (csv or json) read from its view (table.py), or None
    when this query, these values, this format or this store are not ones the view answers."""
    if fmt not in ("csv", "json") or not has_view(query, values):
        return None
    from . import table

    return table.csv_text(store) if fmt == "csv" else table.json_text(store)


def has_view(query: QueryFile, values: dict | None) -> bool:
    """Whether the query, with these values, is one a view may answer (the shipped
    `claims_table`, with no parameter)."""
    return not values and _is_shipped(query, "claims_table")


def _is_shipped(query: QueryFile, name: str) -> bool:
    """Whether `query` is the text of the packaged query `name` (table.py's rows are that query's)."""
    return query.text == _shipped_text(name)


@lru_cache(maxsize=8)
def _shipped_text(name: str) -> str | None:
    try:
        return (paths.queries() / f"{name}.rq").read_text(encoding="utf-8")
    except OSError:
        return None


# strings and comments (blanked before looking for keywords) and IRIs (kept), in one pass
_LEXEMES = re.compile(r"""(?P<string>'{3}(?:[^'\\]|\\.|'(?!''))*'{3}|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}"""
                      r"""|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
                      r"""|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)|(?P<comment>\#[^\n]*)""", re.DOTALL)
_KEYWORD = r"(?<![?$\w:])({})\b"
_PREFIX_DECL = re.compile(r"(?<![?$\w:])PREFIX\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_FROM = re.compile(_KEYWORD.format("FROM") + r"\s+(?:NAMED\s+)?(<[^>]*>|[\w.-]*:[\w.-]*)", re.IGNORECASE)


def code_of(text: str) -> str:
    """The query with its strings and comments blanked (same length): what is left is syntax."""
    return _LEXEMES.sub(lambda m: m.group(0) if m.lastgroup == "iri" else " " * len(m.group(0)), text)


def guard(text: str, store=None) -> None:
    """Refuse what would make a query reach outside the store: SERVICE (another endpoint), LOAD,
    and FROM / FROM NAMED with a graph the store does not hold (claimgraph never fetches; a
    store's own graphs may be named)."""
    code = code_of(text)
    for keyword in ("SERVICE", "LOAD"):
        if re.search(_KEYWORD.format(keyword), code, re.IGNORECASE):
            raise UnsafeQueryError(f"{keyword} is refused: claimgraph queries only read the store, never the network")
    froms = list(_FROM.finditer(code))
    if not froms:
        return
    declared = {m.group(1): m.group(2) for m in _PREFIX_DECL.finditer(code)}
    names = set(store.graph_names()) if store is not None else set()
    for match in froms:
        ref = match.group(2)
        if ref.startswith("<"):
            iri = ref[1:-1]
        else:
            prefix, _, local = ref.partition(":")
            iri = declared[prefix] + local if prefix in declared else ref
        if iri not in names:
            raise UnsafeQueryError(f"FROM <{iri}> is refused: it is not a graph of this store, and claimgraph "
                                   "never fetches one (name a document graph, e.g. FROM <" + GRAPH_EXAMPLE + ">)")


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
        from .terminal import json_rows

        return json_rows(result)
    from .terminal import table

    return table(result)
