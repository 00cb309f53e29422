"""`claimgraph serve`: a real server process on 127.0.0.1, queried over HTTP as a SPARQL client
or a browser would (SPARQL 1.1 Protocol), read-only."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time

import pytest
import requests

SELECT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def endpoint(seeds_build):
    _result, out = seeds_build
    process = subprocess.Popen([sys.executable, "-m", "claimgraph.cli", "serve", "--store", str(out / "store"),
                                "--port", "0", "--timeout", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
    assert match, (line, process.stderr.read() if process.poll() is not None else "")
    base = f"http://127.0.0.1:{match.group(1)}"
    yield base, out
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize("accept, check", [
    ("application/sparql-results+json", lambda r: int(r.json()["results"]["bindings"][0]["n"]["value"]) > 1000),
    ("application/sparql-results+xml", lambda r: "<sparql" in r.text and "<binding name=\"n\">" in r.text),
    ("text/csv", lambda r: r.text.splitlines()[0] == "n" and int(r.text.splitlines()[1]) > 1000),
    ("text/tab-separated-values", lambda r: r.text.splitlines()[0] == "?n"),
    ("", lambda r: r.headers["Content-Type"] == "application/sparql-results+json"),
])
def test_select_by_get_and_post_in_every_results_format(endpoint, accept, check):
    base, _out = endpoint
    headers = {"Accept": accept} if accept else {}
    for response in (requests.get(f"{base}/sparql", params={"query": SELECT}, headers=headers, timeout=10),
                     requests.post(f"{base}/sparql", data={"query": SELECT}, headers=headers, timeout=10),
                     requests.post(f"{base}/sparql", data=SELECT.encode(), timeout=10,
                                   headers={**headers, "Content-Type": "application/sparql-query"})):
        assert response.status_code == 200, response.text
        assert check(response)


def test_construct_and_ask(endpoint):
    base, _out = endpoint
    construct = "CONSTRUCT { ?c a <http://example.org/Claim> } WHERE { ?c <https://w3id.org/claimgraph/ontology#cue> ?x }"
    response = requests.get(f"{base}/sparql", params={"query": construct}, headers={"Accept": "text/turtle"}, timeout=10)
    assert response.status_code == 200 and "<http://example.org/Claim>" in response.text
    response = requests.get(f"{base}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert response.json()["boolean"] is True


def test_named_queries_give_the_rows_of_the_command_line(endpoint):
    from claimgraph import query as queries
    from claimgraph.store import Store

    base, out = endpoint
    listing = requests.get(f"{base}/queries", timeout=10).json()
    assert "claims_table" in listing and listing["toll_timeline"]["params"]["day"]["type"] == "date"
    response = requests.get(f"{base}/queries/claims_table", headers={"Accept": "text/csv"}, timeout=10)
    store = Store.open(out / "store")
    expected = queries.run_serialized(store, queries.load_query("claims_table"), {}, "csv")
    evaluated = store.execute(queries.load_query("claims_table").text, {}, fmt="csv")  # not from the view
    store.close()
    assert response.status_code == 200 and response.text == expected == evaluated
    response = requests.get(f"{base}/queries/toll_timeline", params={"day": "2020-02-27"},
                            headers={"Accept": "text/csv"}, timeout=10)
    counts = {row["count_min"] for row in csv.DictReader(io.StringIO(response.text))}
    assert {"22", "29", "33"} <= counts


@pytest.mark.parametrize("method, path, kwargs, status, words", [
    ("get", "/queries/toll_timeline", {"params": {"day": "2020-02-30"}}, 400, "not a calendar date"),
    ("get", "/queries/who_said_what", {"params": {"agentName": "Erdgan"}}, 400, "did you mean"),
    ("get", "/queries/..%2Fsecret", {}, 404, "no query"),
    ("get", "/sparql", {"params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}}, 400,
     "SERVICE is refused"),
    ("post", "/sparql", {"data": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403,
     "read-only"),
    ("post", "/sparql", {"data": {"update": "DROP ALL"}}, 403, "read-only"),
    ("get", "/sparql", {"params": {"query": "SELEKT *"}}, 400, "does not parse"),
    ("get", "/sparql", {"params": {"query": SELECT}, "headers": {"Accept": "image/png"}}, 406, "is offered"),
    ("delete", "/sparql", {}, 405, "read-only"),
    ("get", "/nowhere", {}, 404, "/sparql"),
])
def test_refusals_have_clear_statuses(endpoint, method, path, kwargs, status, words):
    base, _out = endpoint
    response = getattr(requests, method)(base + path, timeout=10, **kwargs)
    assert response.status_code == status and words in response.text, (response.status_code, response.text)


def test_a_query_past_its_time_limit_gets_503_and_the_server_goes_on(endpoint):
    base, _out = endpoint
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    response = requests.get(f"{base}/sparql", params={"query": cartesian}, timeout=30)
    assert response.status_code == 503 and "time limit of 2 s" in response.text
    assert time.monotonic() - started < 10
    assert requests.get(f"{base}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10).status_code == 200
