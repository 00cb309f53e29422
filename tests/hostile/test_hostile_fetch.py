"""URL ingest refuses what a hostile page or link would make it do. Every server here is one the
test starts on 127.0.0.1; a refused address is refused before any connection is made."""
from __future__ import annotations

import http.server
import threading
import time

import pytest

from claimgraph.errors import IngestError
from claimgraph.fetch import fetch, refused_address, strip_credentials

PAGE = b"<html><head><title>Strike</title></head><body><article><p>At least 12 civilians were killed " \
       b"on Monday, the health ministry said in a statement.</p></article></body></html>"


@pytest.fixture()
def server():
    """A loopback server whose routes the test sets; it records every request it gets."""
    routes: dict[str, callable] = {}
    seen: list[tuple[str, dict]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, dict(self.headers)))
            routes.get(self.path, _not_found)(self)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield base, routes, seen
    httpd.shutdown()


def _not_found(handler):
    handler.send_response(404)
    handler.end_headers()


def _page(body=PAGE, content_type="text/html; charset=utf-8"):
    def respond(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return respond


def _redirect(location):
    def respond(handler):
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.end_headers()
    return respond


def test_loopback_is_refused_without_the_override_and_no_request_is_made(server):
    base, routes, seen = server
    routes["/a.html"] = _page()
    for url in (f"{base}/a.html", base.replace("127.0.0.1", "localhost") + "/a.html"):
        with pytest.raises(IngestError, match="loopback address.*--allow-private"):
            fetch(url)
    assert seen == []
    assert b"12 civilians" in fetch(f"{base}/a.html", allow_private=True).body


@pytest.mark.parametrize("address, refused", [
    ("127.0.0.1", "a loopback address"), ("10.1.2.3", "a private address"), ("192.168.0.1", "a private address"),
    ("169.254.169.254", "a link-local address"), ("::1", "a loopback address"), ("fe80::1", "a link-local address"),
    ("fd00::1", "a private address"), ("::ffff:127.0.0.1", "a loopback address"), ("0.0.0.0", "a reserved address"),
    ("224.0.0.1", "a reserved address"), ("93.184.216.34", None), ("2606:4700::1111", None),
])
def test_address_classes(address, refused):
    assert refused_address(address) == refused
    if refused in ("a loopback address", "a private address"):
        assert refused_address(address, allow_private=True) is None
    elif refused is not None:  # link-local (cloud metadata) and reserved stay refused
        assert refused_address(address, allow_private=True) == refused


def test_every_redirect_is_checked(server):
    base, routes, seen = server
    routes["/to-metadata"] = _redirect("http://169.254.169.254/latest/meta-data/")
    routes["/loop"] = _redirect("/loop")
    routes["/to-page"] = _redirect("/a.html")
    routes["/a.html"] = _page()
    with pytest.raises(IngestError, match="link-local"):
        fetch(f"{base}/to-metadata", allow_private=True)
    with pytest.raises(IngestError, match="more than 5 redirects"):
        fetch(f"{base}/loop", allow_private=True)
    assert [path for path, _ in seen].count("/loop") == 6
    page = fetch(f"{base}/to-page", allow_private=True)
    assert page.url == f"{base}/a.html" and page.media_type == "text/html"


def test_a_slow_drip_server_meets_the_deadline(server):
    base, routes, _seen = server

    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        try:
            for _ in range(100):
                handler.wfile.write(b"x" * 10)
                handler.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    routes["/drip"] = drip
    started = time.monotonic()
    with pytest.raises(IngestError, match="not fetched within 1.5 s"):
        fetch(f"{base}/drip", allow_private=True, deadline=1.5)
    assert time.monotonic() - started < 4


def test_size_cap_type_and_status(server):
    base, routes, _seen = server
    routes["/big"] = _page(b"x" * 2048, "text/plain")
    routes["/binary"] = _page(b"\x00\x01", "application/octet-stream")
    routes["/none"] = _page(b"hello", "")
    with pytest.raises(IngestError, match="larger than"):
        fetch(f"{base}/big", allow_private=True, max_bytes=1024)
    with pytest.raises(IngestError, match="application/octet-stream is not an article"):
        fetch(f"{base}/binary", allow_private=True)
    with pytest.raises(IngestError, match=r"\(none\) is not an article"):
        fetch(f"{base}/none", allow_private=True)
    with pytest.raises(IngestError, match="404"):
        fetch(f"{base}/missing", allow_private=True)
    with pytest.raises(IngestError, match="only http and https"):
        fetch("file:///etc/passwd")


def test_credentials_are_neither_sent_nor_stored(server):
    from claimgraph.ingest import read_documents
    from claimgraph.records import Document

    base, routes, seen = server
    routes["/a.html"] = _page()
    url = base.replace("http://", "http://user:secret@") + "/a.html"
    assert strip_credentials(url) == f"{base}/a.html"
    [doc] = [d for d in read_documents([url], allow_private=True) if isinstance(d, Document)]
    assert "secret" not in repr(doc) and doc.url == f"{base}/a.html"
    [(_path, headers)] = seen
    assert "Authorization" not in headers


def test_build_refuses_a_loopback_url_and_goes_on(server, tmp_path):
    from claimgraph.pipeline import build

    base, routes, seen = server
    routes["/a.html"] = _page()
    (tmp_path / "b.txt").write_text("The minister said the school would close on Friday.", encoding="utf-8")
    result = build([f"{base}/a.html", str(tmp_path / "b.txt")], None, validate=False)
    assert result.documents == ["b"] and seen == []
    [skipped] = result.skipped
    assert "loopback" in skipped.reason
    result = build([f"{base}/a.html"], None, validate=False, allow_private=True)
    assert len(result.documents) == 1 and len(seen) == 1
