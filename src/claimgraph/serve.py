"""`claimgraph serve`: a read-only SPARQL 1.1 Protocol endpoint over the store.

A small WSGI application on pyoxigraph, served by waitress (a well-kept pure-Python WSGI
server). Oxigraph's own server (the `oxigraph` package) was the other candidate; it was not
chosen because it would run `SERVICE` queries (a request to any URL a query names), it has no
per-query time limit, and it cannot serve claimgraph's named queries with typed parameters.

- `GET /sparql?query=…`, `POST /sparql` (form `query=…`, or a body of type
  `application/sparql-query`): results as SPARQL JSON, XML, CSV or TSV by `Accept` (JSON when
  none is asked for); CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML.
- `GET /queries/NAME?param=value…`: a query of `queries/`, its parameters checked and bound as
  values (never pasted into the query); `GET /queries` lists them with their parameters.
- Updates (`update=`, `application/sparql-update`) are refused with 403; `SERVICE`, `LOAD` and a
  `FROM` graph the store does not hold with 400; a query past its time limit gets 503.
"""
from __future__ import annotations

import json
from urllib.parse import parse_qs

import pyoxigraph as ox

from . import query as queries
from .errors import GraphError, QueryError, QueryTimeout, UnsafeQueryError
from .store import Store
from .store.oxigraph import run_with_deadline

RESULTS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
           "application/sparql-results+xml": ox.QueryResultsFormat.XML, "application/xml": ox.QueryResultsFormat.XML,
           "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV}
GRAPHS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
          "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}
MAX_BODY = 1 << 20  # a query of more than 1 MiB is refused
DEFAULT_TIMEOUT = 30.0


class HttpError(Exception):
    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status


def negotiate(accept: str, offered: dict, default: str) -> str:
    """The first media type of `accept` (by q-value, then order) that is offered."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, position, media))
    for _q, _position, media in sorted(ranked):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*") and _q < 0:
            return default
    if not accept.strip():
        return default
    raise HttpError("406 Not Acceptable", f"none of {accept!r} is offered; use one of {', '.join(offered)}")


class Endpoint:
    """The WSGI application."""

    def __init__(self, store: Store, timeout: float | None = DEFAULT_TIMEOUT):
        self.store = store
        self.timeout = timeout

    def __call__(self, environ, start_response):
        try:
            status, media, body = self.route(environ)
        except HttpError as exc:
            status, media, body = exc.status, "text/plain; charset=utf-8", (str(exc) + "\n").encode("utf-8")
        start_response(status, [("Content-Type", media), ("Content-Length", str(len(body))),
                                ("Access-Control-Allow-Origin", "*")])
        return [body]

    def route(self, environ) -> tuple[str, str, bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "POST", "HEAD"):
            raise HttpError("405 Method Not Allowed", f"{method} is not allowed: this endpoint is read-only")
        args = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).items()}
        accept = environ.get("HTTP_ACCEPT", "")
        if path == "/sparql":
            return self.run(self._sparql_text(environ, method, args), {}, accept)
        if path in ("/queries", "/queries/", "/"):
            listing = {q.name: {"purpose": q.purpose, "params": {p.name: {"type": p.type, "optional": p.optional,
                                                                          "description": p.description}
                                                                 for p in q.params},
                                "url": f"/queries/{q.name}"}
                       for q in (queries.load_query(name) for name in queries.available())}
            return "200 OK", "application/json", json.dumps(listing, indent=1, ensure_ascii=False).encode("utf-8")
        if path.startswith("/queries/"):
            name = path[len("/queries/"):]
            try:
                named = queries.load_query(name) if queries.is_name(name) else None
            except QueryError:
                named = None
            if named is None:
                raise HttpError("404 Not Found", f"no query {name!r}; see /queries")
            values = {k: v for k, v in args.items() if k != "format"}
            return self.run(named.text, values, accept, named)
        raise HttpError("404 Not Found", "try /sparql or /queries")

    def _sparql_text(self, environ, method: str, args: dict) -> str:
        if "update" in args:
            raise HttpError("403 Forbidden", "updates are refused: this endpoint is read-only")
        if method == "POST":
            kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length > MAX_BODY:
                raise HttpError("413 Payload Too Large", f"a query of more than {MAX_BODY} bytes is refused")
            body = environ["wsgi.input"].read(length).decode("utf-8", "replace") if length else ""
            if kind == "application/sparql-update":
                raise HttpError("403 Forbidden", "updates are refused: this endpoint is read-only")
            if kind == "application/sparql-query":
                return body
            form = {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}
            if "update" in form:
                raise HttpError("403 Forbidden", "updates are refused: this endpoint is read-only")
            if "query" in form:
                return form["query"]
        if "query" not in args:
            raise HttpError("400 Bad Request", "give a SPARQL query: /sparql?query=… (SPARQL 1.1 Protocol)")
        return args["query"]

    def run(self, text: str, values: dict, accept: str, named=None) -> tuple[str, str, bytes]:
        try:
            queries.guard(text, self.store)
            bindings = named.bindings(values, self.store) if named is not None else {}
        except UnsafeQueryError as exc:
            raise HttpError("400 Bad Request", str(exc)) from None
        except QueryError as exc:
            raise HttpError("400 Bad Request", str(exc)) from None

        def evaluate():
            if named is not None and queries.has_view(named, values):  # claims_table as CSV or JSON
                media = negotiate(accept, RESULTS, "application/sparql-results+json")
                fmt = {ox.QueryResultsFormat.CSV: "csv", ox.QueryResultsFormat.JSON: "json"}.get(RESULTS[media])
                viewed = queries.from_view(self.store, named, values, fmt) if fmt else None
                if viewed is not None:
                    return media, viewed.encode("utf-8")
            results = self.store.evaluate(text, bindings)
            if isinstance(results, ox.QueryTriples):
                media = negotiate(accept, GRAPHS, "text/turtle")
                return media, ox.serialize(list(results), format=GRAPHS[media])
            media = negotiate(accept, RESULTS, "application/sparql-results+json")
            return media, results.serialize(format=RESULTS[media])

        try:
            media, body = run_with_deadline(evaluate, self.timeout)
        except QueryTimeout as exc:
            raise HttpError("503 Service Unavailable", str(exc)) from None
        except GraphError as exc:
            code = queries.code_of(text).upper()
            if "does not parse" in str(exc) and any(f"{w} " in code for w in ("INSERT", "DELETE", "CLEAR", "DROP")):
                raise HttpError("403 Forbidden", "updates are refused: this endpoint is read-only") from None
            raise HttpError("400 Bad Request", str(exc)) from None
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        return "200 OK", media + charset, body


def serve(store_dir: str, host: str = "127.0.0.1", port: int = 7878, timeout: float | None = DEFAULT_TIMEOUT,
          threads: int = 4) -> None:
    """Serve the store at `store_dir` until interrupted (waitress, `threads` worker threads)."""
    import logging

    import waitress

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # 'task queue depth' under load: not an error
    store = Store.open(store_dir)
    server = waitress.create_server(Endpoint(store, timeout), host=host, port=port, threads=threads,
                                    ident="claimgraph")
    print(f"serving {store_dir} read-only at http://{host}:{server.effective_port}/sparql "
          f"(named queries at /queries)", flush=True)
    try:
        server.run()
    finally:
        server.close()
        store.close()

