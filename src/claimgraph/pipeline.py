"""The only place that chains the stages: ingest → extract → model → store → validate."""
from __future__ import annotations

import signal
import threading
import time
from collections import Counter
from contextlib import contextmanager
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import crossdoc, events
from . import gazetteer as gazetteer_data
from .ingest import read_documents
from .model import GraphBuilder
from .records import Claim, Document, Extraction, Skipped
from .errors import DocumentTimeout
from .store import Store
from .validate import Report, validate_store


@dataclass
class BuildResult:
    store: Store
    documents: list[str] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)  # document id → language
    skipped: list[Skipped] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[events.Event] = field(default_factory=list)
    report: Report | None = None
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    timings: Counter = field(default_factory=Counter)  # seconds per stage: read, spacy, rules, batch, graph, write, validate

    def by_kind(self) -> Counter:
        return Counter(c.kind for c in self.claims)


DEFAULT_DOC_TIMEOUT = 60.0


def extract_claims(document: Document, gazetteer=None, timings: Counter | None = None) -> list[Claim]:
    """Parse one document and run the extraction rules on it; `timings` adds up the seconds
    spent in spaCy ('spacy') and in claimgraph's rules ('rules')."""
    from . import nlp
    from .extract import extract_doc

    started = time.perf_counter()
    doc = nlp.parse(document.masked, document.language)
    parsed = time.perf_counter()
    claims = extract_doc(document, doc, gazetteer if gazetteer is not None else gazetteer_data.load())
    if timings is not None:
        timings["spacy"] += parsed - started
        timings["rules"] += time.perf_counter() - parsed
    return claims


def extraction_of(language: str) -> Extraction:
    """What the claims of a `language` article are made with (the prov:Activity's record)."""
    from . import __version__, nlp

    pipeline_name, spacy_version = nlp.describe(language)
    return Extraction(__version__, pipeline_name, spacy_version)


@contextmanager
def time_limit(seconds: float | None):
    """Raise `DocumentTimeout` in the body after `seconds` of wall time (main thread, POSIX;
    elsewhere, or with no limit, the body runs unbounded)."""
    usable = seconds and seconds > 0 and hasattr(signal, "setitimer") \
        and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(signum, frame):
        raise DocumentTimeout(f"extraction took longer than {seconds:g} s (--doc-timeout)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def build(inputs: Iterable[str], out_dir: str | Path | None = None, *, validate: bool = True,
          progress: bool = False, gazetteer_path: str | None = None, default_date: str | None = None,
          doc_timeout: float | None = DEFAULT_DOC_TIMEOUT) -> BuildResult:
    """Read every input, extract claims, date and cluster them across the batch, build one
    named graph per document plus one for the events, write and validate.

    `default_date` stands in for the publication date of articles that carry none; a document
    whose extraction takes longer than `doc_timeout` seconds is skipped, the batch goes on."""
    started = time.perf_counter()
    gazetteer = gazetteer_data.load(gazetteer_path)
    result = BuildResult(store=Store())
    timings = result.timings
    items = iter(read_documents(list(inputs)))
    if progress:
        from tqdm import tqdm

        items = tqdm(items, unit="doc", desc="documents", leave=False)
    extracted: list[events.BatchItem] = []
    while True:
        mark = time.perf_counter()
        item = next(items, None)
        timings["read"] += time.perf_counter() - mark
        if item is None:
            break
        if isinstance(item, Skipped):
            result.skipped.append(item)
            continue
        try:
            with time_limit(doc_timeout):
                claims = extract_claims(item, gazetteer, timings)
            extracted.append(events.BatchItem(item, claims))
        except DocumentTimeout as exc:
            result.skipped.append(Skipped(item.location, str(exc), "timeout"))
        except Exception as exc:  # one broken document never sinks the batch
            result.skipped.append(Skipped(item.location, f"extraction failed: {type(exc).__name__}: {exc}", "error"))
    mark = time.perf_counter()
    extracted = crossdoc.unify_titles(extracted, gazetteer)
    extracted, result.events, inferred = events.process(extracted, gazetteer, default_date)
    timings["batch"] += time.perf_counter() - mark
    mark = time.perf_counter()
    builder = GraphBuilder(gazetteer, gazetteer_data.graph(gazetteer_path), crossdoc.canonical_labels(extracted))
    for entry in extracted:
        try:
            graph = builder.document_graph(entry.document, entry.claims, inferred.get(entry.document.doc_id),
                                           extraction_of(entry.document.language))
        except Exception as exc:
            result.skipped.append(Skipped(entry.document.location, f"graph failed: {type(exc).__name__}: {exc}",
                                          "error"))
            continue
        result.store.replace_document(graph)
        result.documents.append(entry.document.doc_id)
        result.languages[entry.document.doc_id] = entry.document.language
        result.claims.extend(entry.claims)
    # a document that failed at the graph stage leaves no trace: its reports leave their events
    kept = set(result.documents)
    for event in result.events:
        event.reports = [claim for claim in event.reports if claim.doc_id in kept]
    result.events = [event for event in result.events if event.reports]
    result.store.replace_document(builder.events_graph(result.events))
    timings["graph"] += time.perf_counter() - mark
    mark = time.perf_counter()
    if out_dir is not None:
        out = Path(out_dir)
        result.outputs.append(result.store.save(out / "graph.ttl"))
        result.outputs.append(result.store.save(out / "graph.trig"))
    timings["write"] += time.perf_counter() - mark
    mark = time.perf_counter()
    if validate:
        result.report = validate_store(result.store)
    timings["validate"] += time.perf_counter() - mark
    result.seconds = time.perf_counter() - started
    return result
