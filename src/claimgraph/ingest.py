"""Ingest: files, folders, JSON Lines records and URLs → `Document` records.

Offsets are sacred: `Document.text` is the text exactly as read, and `Document.masked`
has the same length with the metadata header and page boilerplate blanked by spaces,
so any span found in `masked` is a valid code-point span of `text`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from . import lexicon
from .errors import IngestError
from .records import Document, Notice, Skipped

SUPPORTED_LANGUAGES = ("en", "fr")
FILE_SUFFIXES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html", ".jsonl": "application/jsonl"}
MAX_TEXT_CHARS = 1_000_000  # an article's text (spaCy's own limit; the longest corpus article has 60k)
MAX_FILE_BYTES = 20 * 1024 * 1024  # a .txt or .html file (markup included); .jsonl files are read line by line

# ` date 2020-02` at the very start of a .txt file: metadata, not article text.
_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}(?:-\d{2}){0,2})\b[ \t]*", re.IGNORECASE)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def iter_locations(inputs: Iterable[str]) -> Iterator[str | Skipped]:
    """Expand the command-line inputs: URLs as they are, folders to their files (sorted); a
    folder that cannot be read is reported, not passed over in silence."""
    for item in inputs:
        if is_url(item):
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            unreadable: list[Skipped] = []
            files = sorted(_walk(path, unreadable))
            yield from unreadable
            if not files and not unreadable:
                yield Skipped(str(path), "folder holds no .txt, .html or .jsonl file")
            yield from (str(p) for p in files)
        elif path.is_file():
            yield str(path)
        else:
            yield Skipped(item, "no such file or folder")


def _walk(folder: Path, unreadable: list[Skipped]) -> Iterator[Path]:
    def failed(exc: OSError) -> None:
        unreadable.append(Skipped(exc.filename or str(folder), f"cannot read the folder: {exc.strerror or exc}"))

    for root, _dirs, names in os.walk(folder, onerror=failed):
        for name in names:
            candidate = Path(root) / name
            if candidate.suffix.lower() in FILE_SUFFIXES and candidate.is_file():
                yield candidate


def read_documents(inputs: Iterable[str], *, allow_private: bool = False) -> Iterator[Document | Skipped | Notice]:
    """Every document the inputs hold; a broken one becomes a `Skipped`, the rest go on. Two
    different articles under one id are both kept: the second gets its text's hash appended to
    its id, and a `Notice` says so."""
    seen: dict[str, tuple[str, str]] = {}  # document id → hash of its text, where it was read
    for location in iter_locations(inputs):
        if isinstance(location, Skipped):
            yield location
            continue
        for item in _guarded(read_location(location, allow_private=allow_private), location):
            if isinstance(item, Document):
                digest = text_hash(item.text)
                if item.doc_id in seen and seen[item.doc_id][0] == digest:
                    item = Skipped(item.location, f"duplicate of document {item.doc_id!r} (same id, same text)")
                elif item.doc_id in seen:
                    # another article under an id already taken: kept, under the id plus its text's hash
                    first = seen[item.doc_id][1]
                    item = replace(item, doc_id=f"{item.doc_id}-{digest[:8]}")
                    yield Notice(item.location, f"id taken by {first}; stored as {item.doc_id!r}")
                    seen[item.doc_id] = (digest, item.location)
                else:
                    seen[item.doc_id] = (digest, item.location)
            yield item


def _guarded(items: Iterator[Document | Skipped], location: str) -> Iterator[Document | Skipped]:
    """The items of one location, read lazily (a JSON Lines file of any size); a failure that
    stops the reading becomes one `Skipped`."""
    try:
        yield from items
    except IngestError as exc:
        yield Skipped(location, str(exc))
    except (Exception, RecursionError) as exc:  # a parser's crash on a hostile file sinks that file only
        yield Skipped(location, f"cannot read: {type(exc).__name__}: {exc}", "error")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_location(location: str, *, allow_private: bool = False) -> Iterator[Document | Skipped]:
    if is_url(location):
        yield _checked(_from_url(location, allow_private))
        return
    path = Path(location)
    suffix = path.suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}; use .txt, .html or .jsonl")
    try:
        if suffix == ".jsonl":
            with path.open("rb") as handle:
                yield from _from_jsonl(handle, location)
            return
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(f"file of {size:,} bytes is larger than the limit of {MAX_FILE_BYTES:,}; not read")
        raw = _read_utf8(path.read_bytes(), location)
    except OSError as exc:
        raise IngestError(f"cannot read the file: {exc.strerror or exc}") from exc
    if suffix in (".html", ".htm"):
        yield _checked(from_html(raw, doc_id=path.stem, location=location))
    else:
        yield _checked(from_text(raw, doc_id=path.stem, location=location))


def _checked(doc: Document | Skipped) -> Document | Skipped:
    if isinstance(doc, Skipped):
        return doc
    if len(doc.text) > MAX_TEXT_CHARS:
        return Skipped(doc.location, f"text of {len(doc.text):,} characters is longer than the limit of "
                                     f"{MAX_TEXT_CHARS:,}; split the article or leave it out")
    if not doc.masked.strip():
        return Skipped(doc.location, "no article text")
    if doc.language not in SUPPORTED_LANGUAGES:
        return Skipped(doc.location, f"language {doc.language!r} is not supported (only English and French)")
    return doc


def iso_date(value) -> str:
    """A publication date as YYYY, YYYY-MM or YYYY-MM-DD, checked against the calendar; an ISO
    date-time gives its date. `ValueError` says what is wrong."""
    if not isinstance(value, str):
        raise ValueError(f"a date must be a string such as \"2020-02-27\", got {value!r}")
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return text
        if re.fullmatch(r"\d{4}-\d{2}", text):
            dt.date.fromisoformat(text + "-01")
            return text
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?", text):
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date") from None
    raise ValueError(f"{value!r} is not a date as YYYY, YYYY-MM or YYYY-MM-DD")


def clean_iri(value) -> str | None:
    """An http(s) URL as an IRI an RDF store accepts: credentials dropped, characters IRIs may not
    hold percent-encoded; None when it cannot be one."""
    import pyoxigraph

    from .fetch import strip_credentials

    if not isinstance(value, str) or not value.strip():
        return None
    try:
        url = strip_credentials(value.strip())
        if urlparse(url).scheme.lower() not in ("http", "https"):
            return None
        url = re.sub(r'[\x00-\x20<>"{}|\\^`\x7f]', lambda m: "%{:02X}".format(ord(m.group(0))), url)
        pyoxigraph.NamedNode(url)
    except ValueError:
        return None
    return url


def clean_text(text: str) -> str:
    """The text with lone surrogates (which JSON may carry, and UTF-8 cannot) replaced by U+FFFD,
    one code point for one: every offset stays the same."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return re.sub(r"[\ud800-\udfff]", "\ufffd", text)


def from_text(text: str, *, doc_id: str, location: str, language: str | None = None,
              date: str | None = None, publisher: str | None = None, url: str | None = None,
              title: str | None = None) -> Document:
    """A plain-text article; a leading ` date YYYY-MM[-DD]` is read as metadata and masked."""
    text = clean_text(text)
    masked = text
    header = _HEADER.match(text)
    if header:
        date = date or header.group(1)
        masked = " " * header.end() + text[header.end():]
    masked = mask_boilerplate(masked)
    for name, value in (("language", language), ("publisher", publisher), ("title", title)):
        if value is not None and not isinstance(value, str):
            raise IngestError(f"{name} must be a string, got {value!r}")
    try:
        date = iso_date(date) if date is not None else None
    except ValueError as exc:
        raise IngestError(f"bad date: {exc}") from exc
    return Document(
        doc_id=_safe_id(doc_id), text=text, masked=masked,
        language=(language or detect_language(masked)).lower()[:2],
        location=location, date=date, publisher=clean_text(publisher) if publisher else None,
        url=clean_iri(url), title=clean_text(title) if title else None,
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
    try:  # a page's own date, when it is one; else none (the article is still read)
        date = iso_date(meta.get("date")) if meta.get("date") else None
    except ValueError:
        date = None
    doc = from_text(body, doc_id=doc_id, location=location, date=date,
                    publisher=meta.get("sitename") or meta.get("hostname"), url=url or meta.get("url"),
                    title=title, language=meta.get("language") or None)
    return Document(**{**doc.__dict__, "media_type": "text/html"})


def _from_jsonl(lines, location: str) -> Iterator[Document | Skipped]:
    for number, raw in enumerate(lines, start=1):
        where = f"{location}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Skipped(where, f"not UTF-8 text ({exc}); re-encode the file as UTF-8")
            continue
        if not line.strip():
            continue
        if len(line) > 4 * MAX_TEXT_CHARS:
            yield Skipped(where, f"record of {len(line):,} characters is longer than the limit; not read")
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("a record must be a JSON object")
            doc_id, text = record.get("id"), record.get("text")
            if doc_id in (None, "") or not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
                raise ValueError('a record needs an "id" (a string or a number)')
            if not isinstance(text, str):
                raise ValueError('a record needs a "text" string')
            document = from_text(text, doc_id=clean_text(str(doc_id)), location=where,
                                 language=record.get("language"), date=record.get("date"),
                                 publisher=record.get("publisher"), url=record.get("url"), title=record.get("title"))
        except (ValueError, RecursionError) as exc:
            yield Skipped(where, f"bad JSON Lines record: {exc}")
            continue
        except IngestError as exc:
            yield Skipped(where, f"bad JSON Lines record: {exc}")
            continue
        except Exception as exc:  # one record's crash sinks that record only
            yield Skipped(where, f"cannot read: {type(exc).__name__}: {exc}", "error")
            continue
        yield _checked(document)


def _from_url(url: str, allow_private: bool = False) -> Document | Skipped:
    from .fetch import fetch

    page = fetch(url, allow_private=allow_private)
    text = _read_utf8(page.body, page.url, page.encoding)
    doc_id = _url_id(page.url)
    if page.media_type == "text/html":
        return from_html(text, doc_id=doc_id, location=page.url, url=page.url)
    return from_text(text, doc_id=doc_id, location=page.url, url=page.url)


def _read_utf8(data: bytes, location: str, encoding: str | None = None) -> str:
    try:
        return data.decode(encoding or "utf-8")
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(f"not UTF-8 text ({exc}); re-encode the file as UTF-8") from exc


def is_url(value: str) -> bool:
    return urlparse(value).scheme in ("http", "https")


def _url_id(url: str) -> str:
    from .fetch import strip_credentials

    url = strip_credentials(url)
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
