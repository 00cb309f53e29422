import http.server
import json
import threading

import pytest

from claimgraph.ingest import from_text, read_documents, mask_boilerplate
from claimgraph.records import Document, Skipped


def test_date_header_is_metadata_and_offsets_count_from_file_start():
    text = " date 2021-03 Three people were killed, officials said.\n"
    doc = from_text(text, doc_id="x", location="x.txt")
    assert doc.date == "2021-03"
    assert len(doc.masked) == len(text)
    assert "date" not in doc.masked
    start = doc.masked.index("Three")
    assert doc.text[start:start + 5] == "Three"


def test_boilerplate_lines_are_blanked_keeping_offsets():
    text = "Soldiers were killed.\n\nI subscribe\n\nDownload the app\n"
    masked = mask_boilerplate(text)
    assert len(masked) == len(text)
    assert "subscribe" not in masked and "Download" not in masked
    assert masked.startswith("Soldiers were killed.")


def test_batch_goes_on_after_broken_files(tmp_path):
    (tmp_path / "good.txt").write_text("The minister said the talks would resume on Monday.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Le ministre a déclaré".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "german.txt").write_text("Der Minister sagte am Montag, die Gespräche würden fortgesetzt.", encoding="utf-8")
    (tmp_path / "records.jsonl").write_text(
        json.dumps({"id": "r1", "text": "Le ministre a déclaré que les discussions reprendraient lundi.",
                    "date": "2021-04-02"}) + "\n{not json\n" + json.dumps({"text": "no id"}) + "\n", encoding="utf-8")
    items = list(read_documents([str(tmp_path), str(tmp_path / "missing.txt")]))
    docs = {i.doc_id: i for i in items if isinstance(i, Document)}
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert set(docs) == {"good", "r1"}
    assert docs["r1"].language == "fr" and docs["r1"].date == "2021-04-02"
    reasons = " ".join(s.reason for s in skipped)
    assert "UTF-8" in reasons and "no article text" in reasons and "not supported" in reasons
    assert "bad JSON Lines record" in reasons and "no such file" in reasons


HTML = """<html><head><title>Strike kills 12 civilians</title>
<meta property="og:site_name" content="Example News"><meta name="date" content="2021-05-04"></head>
<body><nav>Home | World | Subscribe</nav><article><h1>Strike kills 12 civilians</h1>
<p>At least 12 civilians were killed in an air strike on the town on Monday, the health ministry said in a statement.</p>
<p>The governor told reporters that rescue teams were still searching the rubble for survivors.</p>
</article><footer>Download the app</footer></body></html>"""


@pytest.fixture()
def local_server(tmp_path):
    (tmp_path / "article.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "big.txt").write_text("x" * (6 * 1024 * 1024), encoding="utf-8")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_and_html_main_text(local_server):
    items = list(read_documents([f"{local_server}/article.html", f"{local_server}/big.txt",
                                 f"{local_server}/missing.html"], allow_private=True))
    docs = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(docs) == 1
    doc = docs[0]
    assert "At least 12 civilians were killed" in doc.text
    assert "Home | World" not in doc.text
    assert doc.title == "Strike kills 12 civilians" and doc.media_type == "text/html"
    assert {s.location.rsplit("/", 1)[-1] for s in skipped} == {"big.txt", "missing.html"}
    assert any("larger than" in s.reason for s in skipped)
    assert any("404" in s.reason for s in skipped)


def test_two_articles_under_one_id_are_both_kept_and_a_repeat_is_skipped(tmp_path):
    import json

    from claimgraph.ingest import read_documents
    from claimgraph.records import Document, Skipped

    records = [{"id": "a1", "text": "The mayor said the bridge was open.", "language": "en"},
               {"id": "a1", "text": "The mayor said the bridge was open.", "language": "en"},
               {"id": "a1", "text": "The governor said the road was closed.", "language": "en"}]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    items = list(read_documents([str(path)]))
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.doc_id for d in docs][0] == "a1" and len(docs) == 2 and docs[1].doc_id.startswith("a1-")
    assert [i.reason for i in items if isinstance(i, Skipped)] == ["duplicate of document 'a1' (same id, same text)"]
