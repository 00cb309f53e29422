"""Ingest: files, folders, JSON Lines records and URLs → `Document` records.

Offsets are sacred: `Document.text` is the text exactly as read, and `Document.masked`
has the same length with the metadata header and page boilerplate blanked by spaces,
so any span found in `masked` is a valid code-point span of `text`.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from . import lexicon
from .errors import IngestError
from .records import Document, Skipped

SUPPORTED_LANGUAGES = ("en", "fr")
FILE_SUFFIXES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html", ".jsonl": "application/jsonl"}
MAX_FETCH_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT = (5, 30)  # connect, read (seconds)

# ` date 2020-02` at the very start of a .txt file: metadata, not article text.
_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}(?:-\d{2}){0,2})\b[ \t]*", re.IGNORECASE)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def iter_locations(inputs: Iterable[str]) -> Iterator[str | Skipped]:
    """Expand the command-line inputs: URLs as they are, folders to their readable files."""
    for item in inputs:
        if is_url(item):
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FILE_SUFFIXES)
            if not files:
                yield Skipped(str(path), "folder holds no .txt, .html or .jsonl file")
            yield from (str(p) for p in files)
        elif path.is_file():
            yield str(path)
        else:
            yield Skipped(item, "no such file or folder")


def read_documents(inputs: Iterable[str]) -> Iterator[Document | Skipped]:
    """Every document the inputs hold; a broken one becomes a `Skipped`, the rest go on."""
    seen: dict[str, str] = {}  # document id → hash of its text
    for location in iter_locations(inputs):
        if isinstance(location, Skipped):
            yield location
            continue
        try:
            items = list(read_location(location))
        except IngestError as exc:
            yield Skipped(location, str(exc))
            continue
        for item in items:
            if isinstance(item, Document):
                digest = hashlib.sha256(item.text.encode("utf-8")).hexdigest()
                if seen.get(item.doc_id) == digest:
                    item = Skipped(item.location, f"duplicate of document {item.doc_id!r} (same id, same text)")
                elif item.doc_id in seen:
                    # another article under an id already taken: kept, under the id plus its text's hash
                    item = replace(item, doc_id=f"{item.doc_id}-{digest[:8]}")
                    seen[item.doc_id] = digest
                else:
                    seen[item.doc_id] = digest
            yield item


def read_location(location: str) -> Iterator[Document | Skipped]:
    if is_url(location):
        yield _checked(_from_url(location))
        return
    path = Path(location)
    suffix = path.suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}; use .txt, .html or .jsonl")
    raw = _read_utf8(path.read_bytes(), location)
    if suffix == ".jsonl":
        yield from _from_jsonl(raw, location)
    elif suffix in (".html", ".htm"):
        yield _checked(from_html(raw, doc_id=path.stem, location=location))
    else:
        yield _checked(from_text(raw, doc_id=path.stem, location=location))


def _checked(doc: Document | Skipped) -> Document | Skipped:
    if isinstance(doc, Skipped):
        return doc
    if not doc.masked.strip():
        return Skipped(doc.location, "no article text")
    if doc.language not in SUPPORTED_LANGUAGES:
        return Skipped(doc.location, f"language {doc.language!r} is not supported (only English and French)")
    return doc


def from_text(text: str, *, doc_id: str, location: str, language: str | None = None,
              date: str | None = None, publisher: str | None = None, url: str | None = None,
              title: str | None = None) -> Document:
    """A plain-text article; a leading ` date YYYY-MM[-DD]` is read as metadata and masked."""
    masked = text
    header = _HEADER.match(text)
    if header:
        date = date or header.group(1)
        masked = " " * header.end() + text[header.end():]
    masked = mask_boilerplate(masked)
    return Document(
        doc_id=_safe_id(doc_id), text=text, masked=masked,
        language=(language or detect_language(masked)).lower()[:2],
        location=location, date=date, publisher=publisher, url=url, title=title,
    )


def from_html(html: str, *, doc_id: str, location: str, url: str | None = None) -> Document | Skipped:
    """Main text and metadata of a web page, with trafilatura (no hand-written tag stripping)."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            include_tables=False, favor_precision=True)
    if extracted is None:
        return Skipped(location, "no main text found in the HTML page")
    meta = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = meta.get("text") or ""
    title = meta.get("title")
    body = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    doc = from_text(body, doc_id=doc_id, location=location, date=meta.get("date"),
                    publisher=meta.get("sitename") or meta.get("hostname"), url=url or meta.get("url"),
                    title=title, language=meta.get("language") or None)
    return Document(**{**doc.__dict__, "media_type": "text/html"})


def _from_jsonl(raw: str, location: str) -> Iterator[Document | Skipped]:
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{location}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("a record must be a JSON object")
            doc_id, text = record.get("id"), record.get("text")
            if not doc_id or not isinstance(text, str):
                raise ValueError('a record needs "id" and "text"')
        except ValueError as exc:
            yield Skipped(where, f"bad JSON Lines record: {exc}")
            continue
        yield _checked(from_text(text, doc_id=str(doc_id), location=where, language=record.get("language"),
                                 date=record.get("date"), publisher=record.get("publisher"),
                                 url=record.get("url"), title=record.get("title")))


def _from_url(url: str) -> Document | Skipped:
    import requests

    try:
        with requests.get(url, timeout=FETCH_TIMEOUT, stream=True,
                          headers={"User-Agent": "claimgraph (+https://github.com/claimgraph)"}) as response:
            response.raise_for_status()
            body = bytearray()
            for chunk in response.iter_content(65536):
                body.extend(chunk)
                if len(body) > MAX_FETCH_BYTES:
                    raise IngestError(f"page larger than {MAX_FETCH_BYTES // (1024 * 1024)} MiB; not read")
            content_type = response.headers.get("Content-Type", "").lower()
            encoding = response.encoding if "charset" in content_type else None
    except requests.RequestException as exc:
        raise IngestError(f"could not fetch {url}: {exc}") from exc
    text = _read_utf8(bytes(body), url, encoding)
    doc_id = _url_id(url)
    if "html" in content_type or text.lstrip()[:1] == "<":
        return from_html(text, doc_id=doc_id, location=url, url=url)
    return from_text(text, doc_id=doc_id, location=url, url=url)


def _read_utf8(data: bytes, location: str, encoding: str | None = None) -> str:
    try:
        return data.decode(encoding or "utf-8")
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(f"not UTF-8 text ({exc}); re-encode the file as UTF-8") from exc


def is_url(value: str) -> bool:
    return urlparse(value).scheme in ("http", "https")


def _url_id(url: str) -> str:
    parsed = urlparse(url)
    stem = Path(parsed.path).stem or parsed.netloc
    return _safe_id(f"{parsed.netloc}_{stem}")


def _safe_id(value: str) -> str:
    return _ID_UNSAFE.sub("_", value).strip("_") or "document"


@lru_cache(maxsize=1)
def _boilerplate_patterns() -> re.Pattern:
    data = lexicon.load("boilerplate")
    return re.compile("|".join(f"(?:{p})" for p in data["line_patterns"]), re.IGNORECASE)


# markup left in plain text ('<tweet author="…">', '</tweet>', '<br/>'): blanked, never parsed as words
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]{0,1000})?/?>")


def mask_boilerplate(text: str) -> str:
    """Blank markup tags and whole lines of page furniture, keeping every offset."""
    text = _MARKUP.sub(lambda m: " " * len(m.group(0)), text)
    pattern = _boilerplate_patterns()
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped and len(stripped) < 160 and pattern.fullmatch(stripped):
            line = " " * len(body) + line[len(body):]
        out.append(line)
    return "".join(out)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid)."""
    import py3langid

    sample = " ".join(text.split())[:5000]
    if not sample:
        return "und"
    language, _score = py3langid.classify(sample)
    return language
