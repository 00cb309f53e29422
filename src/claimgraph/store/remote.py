"""A store on a SPARQL server (`--store http(s)://HOST/…`): Oxigraph, Fuseki, GraphDB, Virtuoso.

The same interface as the embedded `Store`, over HTTP:

- named graphs are written and read through the SPARQL 1.1 Graph Store HTTP Protocol (PUT and
  DELETE `?graph=IRI`, GET with `Accept: application/n-quads` for exports);
- queries go through the SPARQL 1.1 Protocol (`union-default-graph`, as the embedded store
  queries the union of its graphs), other writes (flags, agent and event descriptions) through
  SPARQL 1.1 Update, one request each (one transaction on Oxigraph);
- time-outs on every request, retries on transient errors (connection refused or reset, 502,
  503, 504; every write is idempotent), and a clear error when the server cannot be reached.

A document's graph is written before its record (the record holds the content hash): a build
stopped in between leaves a document whose record is missing or pending, which the next build
extracts or settles again.

The paths default to Oxigraph's server (`/query`, `/update`, `/store`); another server's are
given to `RemoteStore(url, query=…, update=…, data=…)` (Fuseki: `query`, `update`, `data`).
"""
from __future__ import annotations

import os
from urllib.parse import urljoin

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ..errors import GraphError, QueryTimeout
from .oxigraph import RECORD_PREFIX, Store, bind_values
from .terms import Result, ntriples, to_rdflib

RESULT_TYPES = {"csv": "text/csv", "json": "application/sparql-results+json"}
GRAPH_TYPES = {"ttl": "text/turtle", "json": "application/ld+json", "csv": "text/turtle"}
TIMEOUT = (5.0, 120.0)  # connect, read (seconds)


def is_remote(location) -> bool:
    return isinstance(location, str) and location.startswith(("http://", "https://"))


class RemoteStore:
    """A SPARQL server holding the archive."""

    def __init__(self, url: str, *, read_only: bool = False, query: str = "query", update: str = "update",
                 data: str = "store", timeout: tuple[float, float] = TIMEOUT, retries: int = 3):
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        base = url if url.endswith("/") else url + "/"
        self.path = url
        self.read_only = read_only
        self.query_url, self.update_url, self.data_url = (urljoin(base, p) for p in (query, update, data))
        self.timeout = timeout
        self._session = requests.Session()
        self._session.trust_env = False
        retry = Retry(total=retries, connect=retries, read=0, status=retries, backoff_factor=0.5,
                      status_forcelist=(502, 503, 504), allowed_methods=None, raise_on_status=False)
        self._session.mount("http://", HTTPAdapter(max_retries=retry))
        self._session.mount("https://", HTTPAdapter(max_retries=retry))
        self._request("GET", self.query_url, params={"query": "ASK {}"},
                      headers={"Accept": "application/sparql-results+json"})

    # plumbing ----------------------------------------------------------------------------------
    def _request(self, method: str, url: str, *, ok=(200, 201, 204), timeout=None, **kwargs):
        import requests

        try:
            response = self._session.request(method, url, timeout=timeout or self.timeout, **kwargs)
        except requests.Timeout as exc:
            raise QueryTimeout(f"the store at {self.path} did not answer in time ({exc})") from exc
        except requests.RequestException as exc:
            raise GraphError(f"cannot reach the store at {self.path}: {exc}") from exc
        if response.status_code not in ok:
            raise GraphError(f"the store at {self.path} answered {response.status_code} to {method} {url}: "
                             f"{response.text[:300]}")
        return response

    def _query(self, text: str, bindings: dict | None, accept: str, timeout: float | None = None):
        if bindings:
            text = bind_values(text, bindings)
        return self._request("POST", self.query_url, params={"union-default-graph": ""}, data={"query": text},
                             headers={"Accept": accept},
                             timeout=(self.timeout[0], timeout) if timeout else None)

    def _check_writable(self) -> None:
        if self.read_only:
            raise GraphError(f"the store at {self.path} was opened read-only")

    # reading -----------------------------------------------------------------------------------
    def query(self, text: str, bindings: dict | None = None) -> Result:
        response = self._query(text, bindings, "application/sparql-results+json")
        solutions = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        if not isinstance(solutions, ox.QuerySolutions):
            raise GraphError("only SELECT queries return rows")
        return Result.from_oxigraph(solutions)

    def terms(self, text: str) -> list[tuple]:
        """A SELECT query's rows as Oxigraph terms (None when unbound), as `Store.terms`."""
        response = self._query(text, None, "application/sparql-results+json")
        solutions = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        if not isinstance(solutions, ox.QuerySolutions):
            raise GraphError("only SELECT queries return rows")
        width = len(solutions.variables)
        return [tuple(solution[i] for i in range(width)) for solution in solutions]

    def query_serialized(self, text: str, bindings: dict | None, fmt: str) -> str:
        return self._query(text, bindings, RESULT_TYPES[fmt]).text

    def execute(self, text: str, bindings: dict | None = None, *, fmt: str | None = None,
                timeout: float | None = None):
        """As `Store.execute`; the time limit is the read time-out of the request."""
        if fmt is None:
            response = self._query(text, bindings, "application/sparql-results+json, application/n-triples;q=0.9",
                                   timeout)
            if response.headers.get("Content-Type", "").startswith("application/n-triples"):
                return list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
            results = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
            return bool(results) if isinstance(results, ox.QueryBoolean) else Result.from_oxigraph(results)
        accept = f"{RESULT_TYPES.get(fmt, 'application/sparql-results+json')}, {GRAPH_TYPES[fmt]};q=0.9"
        return self._query(text, bindings, accept, timeout).text

    def graph_names(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(row.g) for row in rows if isinstance(row.g, URIRef))

    def document_graphs(self) -> list[URIRef]:
        return [URIRef(name) for name in self.graph_names() if not name.startswith(RECORD_PREFIX)]

    def graph(self, name) -> Graph:
        response = self._request("GET", self.data_url, params={"graph": str(name)},
                                 headers={"Accept": "application/n-triples"}, ok=(200, 404))
        out = Graph(identifier=URIRef(str(name)))
        if response.status_code == 200:
            for triple in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES):
                out.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return out

    def snapshot(self) -> Store:
        """Every quad of the server in an in-memory store (exports, visualisation)."""
        response = self._request("GET", self.data_url, headers={"Accept": "application/n-quads"})
        store = Store()
        store._store.load(response.content, format=ox.RdfFormat.N_QUADS)
        return store

    def default_graph(self) -> Graph:
        return self.snapshot().default_graph()

    def union(self) -> Graph:
        return self.snapshot().union()

    def dataset(self):
        return self.snapshot().dataset()

    def serialize(self, fmt) -> bytes:
        return self.snapshot().serialize(fmt)

    def serialize_as(self, suffix: str) -> bytes:
        return self.snapshot().serialize_as(suffix)

    def save(self, path, fmt=None):
        return self.snapshot().save(path, fmt)

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        return int(rows.rows[0].n)

    # writing -----------------------------------------------------------------------------------
    def update(self, text: str) -> None:
        self._check_writable()
        self._request("POST", self.update_url, data=text.encode("utf-8"),
                      headers={"Content-Type": "application/sparql-update"})

    def replace(self, graphs: dict, extra: str = "") -> None:
        """Each named graph replaced by the given graph (rdflib, or triples.Triples; None: removed)
        with the Graph Store Protocol, records last; then the `extra` update operations."""
        self._check_writable()
        removed = [n for n, g in graphs.items() if g is None or not len(g)]
        written = [n for n in graphs if n not in removed]
        # a record goes first when removed and last when written: a stop in between leaves a
        # document that the next build extracts again, never a record without its graph
        for name in sorted(removed, key=lambda n: not str(n).startswith(RECORD_PREFIX)):
            self._request("DELETE", self.data_url, params={"graph": str(name)}, ok=(200, 204, 404))
        for name in sorted(written, key=lambda n: str(n).startswith(RECORD_PREFIX)):
            graph = graphs[name]
            body = ntriples(graph)
            self._request("PUT", self.data_url, params={"graph": str(name)}, data=body.encode("utf-8"),
                          headers={"Content-Type": "application/n-triples"})
        if extra:
            self.update(extra)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def remote_from_environment(url: str, read_only: bool = False) -> RemoteStore:
    """A RemoteStore with the endpoint paths of `CLAIMGRAPH_SPARQL_PATHS` ('query,update,data'),
    else Oxigraph's."""
    paths = os.environ.get("CLAIMGRAPH_SPARQL_PATHS")
    if paths:
        query, update, data = (p.strip() for p in paths.split(","))
        return RemoteStore(url, read_only=read_only, query=query, update=update, data=data)
    return RemoteStore(url, read_only=read_only)
