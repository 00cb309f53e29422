"""A store on a SPARQL server: a real Oxigraph server (the `oxigraph` package) started on
127.0.0.1 holds the archive; the same builds and queries give the same rows and exports as the
embedded store."""
from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from claimgraph.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.fail("the oxigraph server is not installed (pip install oxigraph==0.5.13; `make test` installs it)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def _run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def both(oxigraph_server, seeds_build):
    """The seeds built into the server; the embedded store of the same build."""
    _result, out = seeds_build
    output = _run("build", SEEDS, "--store", oxigraph_server, "--quiet", "--jobs", "1")
    assert "SHACL: conforms" in output and "new or changed 5" in output
    return oxigraph_server, out / "store"


QUERIES = ["claims_table", "who_said_what", "attribution_chain", "casualty_reports", "conflicting_counts",
           "toll_timeline", "sources_relied_on", "unattributed_claims", "merged_actors"]


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_gives_the_same_rows_on_the_server(both, name):
    remote, local = both
    assert _run("query", name, "--store", remote, "--format", "csv") == \
        _run("query", name, "--store", local, "--format", "csv")


def test_exports_trace_and_validation_are_the_same(both):
    remote, local = both
    for fmt in ("trig", "jsonld", "annotations"):
        assert _run("export", "--store", remote, "--format", fmt) == _run("export", "--store", local, "--format", fmt)
    assert _run("trace", "erdogan", "--store", remote) == _run("trace", "erdogan", "--store", local)
    assert "Conforms" in _run("validate", "--store", remote)
    assert _run("query", "toll_timeline", "--store", remote, "--param", "day=2020-02-27") == \
        _run("query", "toll_timeline", "--store", local, "--param", "day=2020-02-27")


def test_the_archive_is_incremental_on_the_server(both, tmp_path):
    remote, _local = both
    assert "new or changed 0, unchanged 5" in _run("build", SEEDS, "--store", remote, "--quiet", "--jobs", "1")
    (tmp_path / "extra.txt").write_text("The mayor said 4 people were injured in the fire on Monday.", encoding="utf-8")
    assert "new or changed 1, unchanged 0" in _run("build", tmp_path, "--store", remote, "--quiet", "--jobs", "1")
    assert "extra," in _run("query", "claims_table", "--store", remote, "--format", "csv")
    assert "removed extra" in _run("remove", "extra", "--store", remote)
    assert "extra," not in _run("query", "claims_table", "--store", remote, "--format", "csv")


def test_an_unreachable_server_is_a_clear_error():
    port = _free_port()  # nothing listens there
    started = time.monotonic()
    result = CliRunner().invoke(main, ["query", "claims_table", "--store", f"http://127.0.0.1:{port}"])
    assert result.exit_code == 2 and f"cannot reach the store at http://127.0.0.1:{port}" in result.output
    assert time.monotonic() - started < 30


def test_transient_errors_are_retried(both):
    """A loopback proxy in front of the real server answers 503 to every other request."""
    remote, _local = both
    count = {"n": 0}

    class Flaky(http.server.BaseHTTPRequestHandler):
        def _forward(self):
            count["n"] += 1
            if count["n"] % 2 == 1:
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            upstream = requests.request(self.command, remote + self.path, data=body, timeout=30,
                                        headers={k: v for k, v in self.headers.items() if k.lower() != "host"})
            self.send_response(upstream.status_code)
            for key in ("Content-Type",):
                if key in upstream.headers:
                    self.send_header(key, upstream.headers[key])
            self.send_header("Content-Length", str(len(upstream.content)))
            self.end_headers()
            self.wfile.write(upstream.content)

        do_GET = do_POST = do_PUT = do_DELETE = _forward

        def log_message(self, *args):
            pass

    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        flaky = f"http://127.0.0.1:{proxy.server_address[1]}"
        assert _run("query", "claims_table", "--store", flaky, "--format", "csv") == \
            _run("query", "claims_table", "--store", remote, "--format", "csv")
        assert count["n"] >= 4
    finally:
        proxy.shutdown()
