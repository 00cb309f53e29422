"""Queries and graph files never reach out, never run without end, and every query form prints."""
from __future__ import annotations

import http.server
import json
import threading
import time

import pytest
from click.testing import CliRunner

from claimgraph.cli import main

TTL = "\n".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" ." for i in range(400))


@pytest.fixture()
def listener():
    """A loopback server that counts the requests it gets (none is expected)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"name": "http://schema.org/name"}}')

        do_POST = do_GET

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()


@pytest.fixture()
def graph(tmp_path):
    path = tmp_path / "g.ttl"
    path.write_text(TTL, encoding="utf-8")
    return path


def _query(tmp_path, graph, text, *options):
    rq = tmp_path / "q.rq"
    rq.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["query", str(rq), "--graph", str(graph), *options])


@pytest.mark.parametrize("template, refused", [
    ("SELECT * WHERE {{ SERVICE <{base}/sparql> {{ ?s ?p ?o }} }}", "SERVICE is refused"),
    ("SELECT * WHERE {{ service   <{base}/sparql> {{ ?s ?p ?o }} }}", "SERVICE is refused"),
    ("SELECT * FROM <{base}/g.ttl> WHERE {{ ?s ?p ?o }}", "is not a graph of this store"),
    ("SELECT * FROM NAMED <file:///etc/passwd> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "is not a graph of this store"),
    ("PREFIX x: <{base}/> SELECT * FROM x:g WHERE {{ ?s ?p ?o }}", "is not a graph of this store"),
    ("LOAD <{base}/x.ttl>", "LOAD is refused"),
])
def test_queries_never_fetch(tmp_path, graph, listener, template, refused):
    base, hits = listener
    result = _query(tmp_path, graph, template.format(base=base))
    assert result.exit_code == 2 and refused in result.output, result.output
    assert hits == []


def test_keywords_in_strings_comments_and_names_are_not_refused(tmp_path, graph):
    text = """# a SERVICE in a comment, FROM <http://example.org/> too
    SELECT ?service WHERE { ?service ?p ?o FILTER (?o != "SERVICE <http://x/> LOAD") } LIMIT 1"""
    result = _query(tmp_path, graph, text)
    assert result.exit_code == 0 and "(1 row)" in result.output


def test_from_a_graph_of_the_store_is_allowed(seeds_build):
    _result, out = seeds_build
    from claimgraph.store import Store

    store = Store.open(out / "store")
    name = next(g for g in store.graph_names() if "/graph/" in g and not g.endswith(("agents", "events")))
    store.close()
    rq = out / "from.rq"
    rq.write_text(f"SELECT (COUNT(*) AS ?n) FROM <{name}> WHERE {{ ?s ?p ?o }}", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(rq), "--store", str(out / "store"), "--format", "csv"])
    assert result.exit_code == 0 and int(result.output.split()[1]) > 10


def test_a_remote_json_ld_context_is_not_fetched(tmp_path, listener):
    base, hits = listener
    path = tmp_path / "g.jsonld"
    path.write_text(json.dumps({"@context": f"{base}/context.jsonld", "@id": "http://example.org/a", "name": "A"}),
                    encoding="utf-8")
    for command in (["validate", str(path)], ["export", "--graph", str(path)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2 and "never fetches" in result.output
    assert hits == []


def test_rdf_xml_entity_expansion_is_refused_and_abbreviations_pass(tmp_path):
    levels = ['<!ENTITY a "aaaaaaaaaa">'] + [f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                                             for i in range(9)]
    body = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">' \
           '<rdf:Description rdf:about="http://example.org/x"><ex:p>{}</ex:p></rdf:Description></rdf:RDF>'
    laughs = tmp_path / "laughs.rdf"
    laughs.write_text(f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [{"".join(levels)}]>' + body.format("&j;"),
                      encoding="utf-8")
    external = tmp_path / "external.rdf"
    external.write_text('<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                        + body.format("&x;"), encoding="utf-8")
    started = time.monotonic()
    for path in (laughs, external):
        result = CliRunner().invoke(main, ["export", "--graph", str(path)])
        assert result.exit_code == 2 and "entit" in result.output, result.output
    assert time.monotonic() - started < 5
    plain = tmp_path / "plain.rdf"
    plain.write_text('<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY ex "http://example.org/">]>'
                     + body.format("&ex;y"), encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "--graph", str(plain), "--format", "nt"])
    assert result.exit_code == 0 and '"http://example.org/y"' in result.output


def test_a_cartesian_query_stops_at_its_time_limit(tmp_path, graph):
    started = time.monotonic()
    result = _query(tmp_path, graph, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                    "--timeout", "1")
    assert result.exit_code == 2 and "time limit of 1 s" in result.output
    assert time.monotonic() - started < 10


def test_ask_construct_and_describe_print(tmp_path, graph):
    result = _query(tmp_path, graph, "ASK { ?s ?p \"7\" }")
    assert result.exit_code == 0 and result.output.strip() == "true"
    result = _query(tmp_path, graph, "ASK { ?s ?p \"7\" }", "--format", "sparql-json")
    assert json.loads(result.output)["boolean"] is True
    result = _query(tmp_path, graph, "ASK { ?s ?p \"7\" }", "--format", "json")
    assert json.loads(result.output) is True
    result = _query(tmp_path, graph, "CONSTRUCT { ?s a <http://example.org/T> } WHERE { ?s ?p \"7\" }")
    assert result.exit_code == 0 and "<http://example.org/s7> a <http://example.org/T>" in result.output
    result = _query(tmp_path, graph, "DESCRIBE <http://example.org/s8>", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output)[0]["@id"] == "http://example.org/s8"
    result = _query(tmp_path, graph, "ASK { ?s ?p ?o }", "--format", "csv")
    assert result.exit_code == 0 and "true" in result.output


@pytest.mark.parametrize("name", ["../secret", "/etc/passwd", "checks/../../x", "claims_table.rq", "..\\x"])
def test_query_names_cannot_escape_the_queries_folder(graph, name):
    result = CliRunner().invoke(main, ["query", name, "--graph", str(graph)])
    assert result.exit_code == 2 and "Traceback" not in result.output
