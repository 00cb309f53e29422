"""The archive: an Oxigraph store (pyoxigraph, RocksDB on disk), one named graph per document.

Layout (IRIs under `cgid:`):

- `graph/{doc}`: a document's graph: the article, its claims, spans, relays, extraction;
- `graph/agents`: one description per agent (types, one label, surface forms, links), so a
  union of the graphs never repeats an agent;
- `graph/events`: the incidents that reports from many articles tell of;
- `record/{doc}`: internal bookkeeping, never exported: the document's content hash, its
  extraction record (the input of the cross-document pass), the keys that relate it to
  other documents, the agents it names, and a `pending` flag until its cross-document pass
  has been written.

Every write is one SPARQL UPDATE, which Oxigraph applies in one transaction: a process
killed at any moment leaves the store as it was before that write.
"""
from __future__ import annotations

import glob
import itertools
import os
import re
import tempfile
import threading
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ..errors import GraphError, QueryTimeout
from ..namespaces import ID
from ..query import code_of
from .terms import Result, ntriples, sorted_ntriples, to_ox, to_rdflib

RECORD_PREFIX = str(ID["record/"])
GRAPH_PREFIX = str(ID["graph/"])
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
           ".nq": ox.RdfFormat.N_QUADS, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
           ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML}
QUAD_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD}


def prefixes() -> dict[str, str]:
    from rdflib import XSD
    from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

    from ..namespaces import CG, OA, SCHEMA

    return {"cg": str(CG._NS), "prov": str(PROV), "oa": str(OA), "schema": str(SCHEMA), "dcterms": str(DCTERMS),
            "skos": str(SKOS), "owl": str(OWL), "cgid": str(ID), "xsd": str(XSD),
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


class Store:
    """An Oxigraph store: on disk at `path`, or in memory when `path` is None."""

    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except (OSError, RuntimeError) as exc:
            if "lock" in str(exc).lower():
                raise GraphError(f"the store {path} is in use by another claimgraph process") from exc
            raise GraphError(f"cannot open the store {path}: {exc}") from exc

    @classmethod
    def open(cls, path: str | os.PathLike, *, read_only: bool = True) -> "Store":
        """An existing store (built by `claimgraph build --store DIR`)."""
        if not Path(path).is_dir():
            raise GraphError(f"no store at {path}; build one with `claimgraph build INPUT… --store {path}`")
        return cls(path, read_only=read_only)

    @classmethod
    def from_file(cls, path: str | os.PathLike) -> "Store":
        """A graph file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) in an in-memory store."""
        path = Path(path)
        if not path.is_file():
            raise GraphError(f"no graph file at {path}")
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise GraphError(f"unknown graph format {path.suffix!r}; use one of {', '.join(sorted(FORMATS))}")
        if fmt == ox.RdfFormat.RDF_XML:
            _refuse_xml_entities(path)
        store = cls()
        try:
            store._store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            if "LoadDocumentCallback" in str(exc):
                raise GraphError(f"cannot parse {path}: its JSON-LD @context is remote, and claimgraph never "
                                 "fetches one; put the context in the file") from exc
            raise GraphError(f"cannot parse {path}: {exc}") from exc
        return store

    @classmethod
    def of_graph(cls, graph: Graph) -> "Store":
        """An in-memory store holding `graph` as its default graph (to query it in Oxigraph)."""
        store = cls()
        store._store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)
        return store

    def close(self) -> None:
        if self.path is not None and not self.read_only and not getattr(self, "_closed", False):
            self._store.flush()
        self._closed = True
        self._store = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __len__(self) -> int:
        return len(self._store)

    # reading -----------------------------------------------------------------------------------
    def query(self, text: str, bindings: dict | None = None) -> Result:
        """A SELECT query over the union of all graphs; `bindings` (name → rdflib term) are
        given to the query as a VALUES block (never pasted as text into its patterns)."""
        return Result.from_oxigraph(self._solutions(text, bindings))

    def terms(self, text: str) -> list[tuple]:
        """A SELECT query's rows as Oxigraph terms (None when unbound), not made into rdflib
        terms: for bookkeeping that reads many rows and needs only their values."""
        solutions = self._solutions(text, None)
        width = len(solutions.variables)
        return [tuple(solution[i] for i in range(width)) for solution in solutions]

    def query_serialized(self, text: str, bindings: dict | None, fmt: str) -> str:
        """A SELECT query's results as SPARQL CSV or JSON, written by Oxigraph (no Python rows)."""
        form = {"csv": ox.QueryResultsFormat.CSV, "json": ox.QueryResultsFormat.JSON}[fmt]
        return self._solutions(text, bindings).serialize(format=form).decode("utf-8")

    def _solutions(self, text: str, bindings: dict | None) -> ox.QuerySolutions:
        solutions = self._results(text, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise GraphError("only SELECT queries return rows")
        return solutions

    def evaluate(self, text: str, bindings: dict | None = None):
        """Oxigraph's result of a query of any form (solutions, a boolean, or triples, evaluated
        lazily), its parameters bound as values; `GraphError` when it does not parse."""
        return self._results(text, bindings)

    def _results(self, text: str, bindings: dict | None):
        if bindings:
            text = bind_values(text, bindings)
        try:
            return self._store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise GraphError(f"the query does not parse: {exc}") from exc
        except OSError as exc:
            raise GraphError(f"the query failed: {exc}") from exc
        except RuntimeError as exc:
            raise GraphError(f"the query failed: {exc}") from exc

    def execute(self, text: str, bindings: dict | None = None, *, fmt: str | None = None,
                timeout: float | None = None):
        """A query of any form, evaluated under `timeout` seconds: SELECT gives a `Result`, ASK a
        bool, CONSTRUCT and DESCRIBE a list of triples; with `fmt` (csv, json; ttl or jsonld for
        triples) the text Oxigraph writes instead.

        Oxigraph cannot be interrupted: the query runs in a daemon thread (Oxigraph releases the
        GIL), and past the time limit `QueryTimeout` is raised while that thread is left to end
        with the process."""
        def evaluate():
            results = self._results(text, bindings)
            if isinstance(results, ox.QueryBoolean):
                if fmt is None:
                    return bool(results)
                return results.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")
            if isinstance(results, ox.QueryTriples):
                triples = list(results)
                if fmt is None:
                    return triples
                form = ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE
                return ox.serialize(sorted(triples, key=_quad_key), format=form,
                                    prefixes=prefixes() if form == ox.RdfFormat.TURTLE else None).decode("utf-8")
            if fmt in _RESULT_FORMATS:
                return results.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")
            return Result.from_oxigraph(results)

        return run_with_deadline(evaluate, timeout)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def document_graphs(self) -> list[URIRef]:
        """Every exported named graph (documents, agents, events), not the internal records."""
        return [URIRef(name) for name in self.graph_names() if not name.startswith(RECORD_PREFIX)]

    def graph(self, name) -> Graph:
        """One named graph as an rdflib Graph (for SHACL validation)."""
        out = Graph(identifier=URIRef(str(name)))
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            out.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return out

    def default_graph(self) -> Graph:
        out = Graph()
        for quad in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            out.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return out

    def union(self) -> Graph:
        """Every exported triple as one rdflib Graph (small stores: visualisation, tests)."""
        out = Graph()
        for quad in self._exported_quads():
            out.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return out

    def dataset(self):
        """Every exported quad as an rdflib Dataset (for serialisers Oxigraph lacks: compacted JSON-LD)."""
        from rdflib import Dataset

        out = Dataset()
        for quad in self._exported_quads():
            graph = quad.graph_name
            context = out.graph(URIRef(graph.value)) if isinstance(graph, ox.NamedNode) else out.default_graph
            context.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return out

    def _exported_quads(self):
        for quad in self._store:
            graph = quad.graph_name
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(RECORD_PREFIX):
                continue
            yield quad

    # writing -----------------------------------------------------------------------------------
    def update(self, text: str) -> None:
        """One SPARQL UPDATE: applied in one transaction, or not at all."""
        self._store.update(text)

    def replace(self, graphs: dict, extra: str = "") -> None:
        """Replace each named graph by the given graph (an rdflib Graph or a triples.Triples; None:
        remove it) and run the `extra` update operations, all in one transaction. Graphs the store
        does not have yet are added as quads (`Store.extend`, one transaction too), without
        writing and parsing them as a SPARQL update; graphs it has are brought to the new ones by
        their differences (one update: the quads that went, the quads that came)."""
        names = {name: ox.NamedNode(str(name)) for name in graphs}
        if extra or any(graph is None for graph in graphs.values()):
            self.update(replace_update(graphs, extra))
            return
        quads = {name: _quads(graph, names[name]) for name, graph in graphs.items()}
        if not any(self._store.contains_named_graph(node) for node in names.values()):
            self._store.extend([quad for name in graphs for quad in quads[name]])
            return
        # a graph written again (the cross-document pass changed a date or a name in it): only the
        # quads that differ are deleted and inserted, in one update; where a graph holds blank
        # nodes (never in a build's graphs), or would be left empty, it is dropped and put whole
        operations, whole = [], {}
        for name, node in names.items():
            old = set(self._store.quads_for_pattern(None, None, None, node))
            new = set(quads[name])
            if not new or any(_has_blank(quad) for quad in itertools.chain(old, new)):
                whole[name] = graphs[name]
                continue
            removed, added = old - new, new - old
            if removed:
                operations.append(f"DELETE DATA {{ GRAPH {node} {{\n{sorted_ntriples(removed)}\n}} }}")
            if added:
                operations.append(f"INSERT DATA {{ GRAPH {node} {{\n{sorted_ntriples(added)}\n}} }}")
        if whole:
            operations.append(replace_update(whole))
        if operations:
            self.update(" ;\n".join(operations))

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    # output ------------------------------------------------------------------------------------
    def serialize(self, fmt: ox.RdfFormat) -> bytes:
        if fmt in QUAD_FORMATS:
            quads = sorted(self._exported_quads(), key=_quad_key)
            return ox.serialize(quads, format=fmt, prefixes=prefixes() if fmt != ox.RdfFormat.N_QUADS else None)
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in self._exported_quads()}, key=_quad_key)
        return ox.serialize(triples, format=fmt, prefixes=prefixes() if fmt != ox.RdfFormat.N_TRIPLES else None)

    def serialize_as(self, suffix: str) -> bytes:
        """The exported graphs in the format of a file suffix ('.ttl', '.trig', …)."""
        return self.serialize(FORMATS[suffix])

    def save(self, path: str | os.PathLike, fmt: ox.RdfFormat | None = None) -> Path:
        path = Path(path)
        fmt = fmt or FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
        write_atomic(path, self.serialize(fmt))
        return path


_ENTITY = re.compile(rb"""<!ENTITY\s+([\w.:-]+)\s+("[^"]*"|'[^']*')\s*>""")


def _refuse_xml_entities(path: Path) -> None:
    """RDF/XML may declare entities that expand to gigabytes ('billion laughs': entities made of
    entities; or one long entity used many times) or read local files (external entities). Such
    a file is refused before it is parsed; plain abbreviations (`<!ENTITY xsd "http://…#">`, as
    ontology editors write) are let through."""
    data = path.read_bytes()
    declared = data.count(b"<!ENTITY")
    if not declared and not re.search(rb"<!DOCTYPE[^>\[]*\b(SYSTEM|PUBLIC)\b", data):
        return
    entities = _ENTITY.findall(data)
    why = None
    if len(entities) != declared:
        why = "declares parameter or external XML entities"
    elif any(b"&" in value or b"%" in value for _name, value in entities):
        why = "declares XML entities made of other entities"
    elif sum(data.count(b"&" + name + b";") * len(value) for name, value in entities) > max(10 * len(data), 1 << 24):
        why = "uses XML entities that expand to more than ten times its size"
    elif declared == 0:
        why = "names an external DTD"
    if why:
        raise GraphError(f"cannot parse {path}: it {why}; claimgraph refuses such RDF/XML (entity expansion)")


_RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "json": ox.QueryResultsFormat.JSON}


def run_with_deadline(function, timeout: float | None):
    """`function()` in a daemon thread; `QueryTimeout` when it runs past `timeout` seconds."""
    if timeout is None:
        return function()
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = function()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="claimgraph-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise QueryTimeout(f"the query ran past its time limit of {timeout:g} s (--timeout)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _quad_key(quad) -> tuple:
    graph = getattr(quad, "graph_name", None)
    return (str(graph) if graph is not None else "", str(quad.subject), str(quad.predicate), str(quad.object))


def _quads(graph, name: ox.NamedNode):
    """The quads of an rdflib graph, or of a graph of Oxigraph terms (triples.Triples), in `name`."""
    if not isinstance(graph, Graph):
        return graph.quads(name)
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in graph]


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def replace_update(graphs: dict, extra: str = "") -> str:
    operations = [f"DROP SILENT GRAPH {to_ox(URIRef(str(name)))}" for name in graphs]
    inserts = [f"GRAPH {to_ox(URIRef(str(name)))} {{\n{ntriples(graph)}\n}}" for name, graph in graphs.items()
               if graph is not None and len(graph)]
    if inserts:
        operations.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
    if extra:
        operations.append(extra)
    return " ;\n".join(operations)


def where_group(text: str, doing: str) -> tuple[int, int]:
    """The offsets of the opening and closing braces of the query's outermost WHERE group (its
    strings and comments blanked first); `GraphError` ("{doing}: …") when it has none."""
    blank = code_of(text)
    where = re.search(r"\bWHERE\b", blank, re.IGNORECASE)
    opening = blank.find("{", where.end() if where else 0)
    closing = blank.rfind("}")
    if opening < 0 or closing <= opening:
        raise GraphError(f"{doing}: the query has no WHERE group")
    return opening, closing


def bind_values(text: str, bindings: dict) -> str:
    """The query with `VALUES (?a ?b) { (x y) }` at the start of its outermost WHERE group (a list
    of terms for one name gives a row for each):
    the values are RDF terms written by Oxigraph (escaped), joined with the whole pattern, as
    rdflib's initBindings does."""
    brace, _ = where_group(text, "cannot bind parameters")
    names = " ".join(f"?{name}" for name in bindings)
    choices = [value if isinstance(value, (list, tuple)) else [value] for value in bindings.values()]
    rows = " ".join("(" + " ".join(str(to_ox(term)) for term in row) + ")" for row in itertools.product(*choices))
    return f"{text[:brace + 1]} VALUES ({names}) {{ {rows} }}\n{text[brace + 1:]}"


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    write_many_atomic({Path(path): data})


def write_many_atomic(files: dict) -> list[Path]:
    """Write each file ({path: text or bytes}) to a temporary file beside it, then move them all
    into place, one rename each, once every one is written: a build killed while writing leaves
    the old set whole. Temporary files a killed write left behind are removed first. Files get
    the user's umask (not mkstemp's 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    written: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
                stale.unlink(missing_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            written.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.chmod(tmp, 0o666 & ~mask)
        for tmp, path in written:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _path in written:
            Path(tmp).unlink(missing_ok=True)
        raise
    return [path for _tmp, path in written]
