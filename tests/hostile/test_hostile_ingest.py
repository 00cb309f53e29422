"""Hostile input files and records: each broken one is one `skipped` line, the rest goes on,
metadata is checked at ingest, and no two articles share an id in silence."""
from __future__ import annotations

import json
import os

import pytest

from claimgraph.ingest import MAX_TEXT_CHARS, clean_iri, iso_date, read_documents
from claimgraph.records import Document, Notice, Skipped

GOOD = "The minister said the talks would resume on Monday."


def _read(*paths):
    items = list(read_documents([str(p) for p in paths]))
    return ([i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Skipped)],
            [i for i in items if isinstance(i, Notice)])


@pytest.mark.parametrize("record, reason", [
    ({"language": 7}, "language must be a string"),
    ({"date": "not a date"}, "not a date as YYYY"),
    ({"date": 2020}, "a date must be a string"),
    ({"date": "2020-02-30"}, "not a calendar date"),
    ({"date": "2020-13"}, "not a calendar date"),
    ({"title": ["a"]}, "title must be a string"),
    ({"id": None}, 'needs an "id"'),
    ({"id": {"a": 1}}, 'needs an "id"'),
    ({"text": 12}, 'needs a "text" string'),
])
def test_malformed_metadata_skips_that_record_only(tmp_path, record, reason):
    path = tmp_path / "batch.jsonl"
    bad = {"id": "bad", "text": GOOD, **record}
    path.write_text(json.dumps({"id": "good", "text": GOOD}) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    docs, skipped, _ = _read(path)
    assert [d.doc_id for d in docs] == ["good"]
    [skip] = skipped
    assert skip.location.endswith("batch.jsonl:2") and reason in skip.reason


def test_dates_are_checked_and_normalised():
    assert iso_date("2020") == "2020" and iso_date("2020-02") == "2020-02"
    assert iso_date("2020-02-27T10:15:00Z") == "2020-02-27" and iso_date(" 2020-02-29 ") == "2020-02-29"
    for bad in ("2019-02-29", "27/02/2020", "", "2020-2-7", None, 2020):
        with pytest.raises(ValueError):
            iso_date(bad)


def test_urls_are_made_iris_or_dropped(tmp_path):
    assert clean_iri("https://example.org/a b?q=<x>") == "https://example.org/a%20b?q=%3Cx%3E"
    assert clean_iri("http://user:pw@example.org/a") == "http://example.org/a"
    assert clean_iri("javascript:alert(1)") is None and clean_iri("not a url") is None and clean_iri(7) is None
    assert clean_iri("http://[::1") is None
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "a", "text": GOOD, "url": "http://exa mple.org/a|b"}) + "\n", encoding="utf-8")
    [doc], [], [] = _read(path)
    assert doc.url == "http://exa%20mple.org/a%7Cb"


def test_html_with_a_bad_canonical_url_is_kept_without_it(tmp_path):
    from claimgraph.pipeline import build

    (tmp_path / "a.html").write_text(
        '<html><head><title>Strike</title><link rel="canonical" href="http://exa mple.org/{a}">'
        '<meta property="og:url" content="ht tp://broken"></head><body><article><p>At least 12 civilians were '
        "killed on Monday, the health ministry said in a statement to reporters in the city.</p></article>"
        "</body></html>", encoding="utf-8")
    result = build([str(tmp_path / "a.html")], None)
    assert result.documents == ["a"] and result.report.conforms


def test_lone_surrogates_and_nul_keep_every_offset(tmp_path):
    text = "The minister said \ud800 the talks\x00 would resume on Monday."
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "s", "text": text}) + "\n", encoding="utf-8")
    [doc], [], [] = _read(path)
    assert len(doc.text) == len(text) and doc.text[18] == "\ufffd" and "\x00" in doc.text


def test_too_long_text_says_so_in_our_words(tmp_path):
    (tmp_path / "long.txt").write_text("The minister said the talks would resume. " * (MAX_TEXT_CHARS // 40),
                                       encoding="utf-8")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    docs, [skipped], _ = _read(tmp_path)
    assert [d.doc_id for d in docs] == ["ok"]
    assert "longer than the limit of 1,000,000" in skipped.reason and "E088" not in skipped.reason


def test_unreadable_file_and_folder_are_reported(tmp_path, monkeypatch):
    """Permissions cannot be taken from root (CI runs as root): the operating system's refusal is
    made by the functions that meet it, for these two paths only."""
    import pathlib

    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "locked.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "hidden.txt").write_text(GOOD, encoding="utf-8")
    real_read, real_scandir = pathlib.Path.read_bytes, os.scandir

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    def scandir(path="."):
        if str(path).endswith("private"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "scandir", scandir)
    docs, skipped, _ = _read(tmp_path)
    assert [d.doc_id for d in docs] == ["ok"]
    reasons = {s.location.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert reasons == {"private": "cannot read the folder: Permission denied",
                       "locked.txt": "cannot read the file: Permission denied"}


def test_ids_that_sanitise_alike_are_all_kept_with_a_note(tmp_path):
    for folder, name, text in (("a", "same.txt", GOOD), ("b", "same.txt", "The mayor said the bridge was open."),
                               ("c", "x y.txt", "The governor said the road was closed."),
                               ("c", "x_y.txt", "The army said the border was calm.")):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / name).write_text(text, encoding="utf-8")
    (tmp_path / "d.jsonl").write_text("\n".join(json.dumps({"id": i, "text": f"The envoy said {n} talks began."})
                                                for n, i in enumerate(["###", "@@@"])) + "\n", encoding="utf-8")
    docs, skipped, notices = _read(tmp_path)
    ids = [d.doc_id for d in docs]
    assert len(ids) == 6 == len(set(ids)) and skipped == []
    assert len(notices) == 3 and all("stored as" in n.message for n in notices)


def test_a_hostile_html_file_sinks_only_itself(tmp_path):
    (tmp_path / "deep.html").write_text("<div>" * 200_000 + "x", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    docs, skipped, _ = _read(tmp_path)
    assert [d.doc_id for d in docs] == ["ok"] and len(skipped) == 1
