"""The only place that chains the stages: ingest → extract → record → cross-document pass → store → validate."""
from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import archive, events
from . import gazetteer as gazetteer_data
from .ingest import read_documents
from .model import GraphBuilder, graph_iri
from .errors import NothingToBuild
from .records import Claim, Document, Extraction, Notice, Skipped
from .store import RemoteStore, Store, connect, is_remote, write_many_atomic
from .validate import Report, run_checks, shacl, validate_graph
from .workers import DEFAULT_DOC_TIMEOUT, DaskExtractor, Extractor, collector_tuned


@dataclass
class BuildResult:
    store: Store
    documents: list[str] = field(default_factory=list)  # read and (re-)extracted by this build
    unchanged: list[str] = field(default_factory=list)  # read, already in the store with the same content
    rewritten: set[str] = field(default_factory=set)  # whose graph the cross-document pass wrote again
    languages: dict[str, str] = field(default_factory=dict)  # document id → language
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)  # documents stored under another id than their own
    claims: list[Claim] = field(default_factory=list)
    events: list[events.Event] = field(default_factory=list)
    report: Report | None = None
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    timings: Counter = field(default_factory=Counter)  # seconds per stage: read, spacy, rules, batch, graph, write, validate
    checked: dict[str, set] = field(default_factory=lambda: {"agent": set(), "event": set()})  # what the store checks look at

    def by_kind(self) -> Counter:
        return Counter(c.kind for c in self.claims)


CHUNK_SIZE = 100  # documents extracted and settled together (workers extract the next meanwhile)
# each chunk after the first doubles, up to CHUNK_GROWTH times the first: a chunk's cross-document
# pass costs about the same whatever its size (its scope is mostly the stored documents that the
# chunk's days, counts and events relate it to), so a long build makes fewer passes, while a
# short one is still settled in small chunks and its workers start on the next chunk early
CHUNK_GROWTH = 4


def extraction_of(language: str) -> Extraction:
    """What the claims of a `language` article are made with (the prov:Activity's record)."""
    from . import __version__, nlp

    pipeline_name, spacy_version = nlp.describe(language)
    return Extraction(__version__, pipeline_name, spacy_version)


def build(inputs: Iterable[str], out_dir: str | Path | None = None, *, store: str | Path | Store | None = None,
          validate: bool = True, progress: bool = False, gazetteer_path: str | None = None,
          default_date: str | None = None, doc_timeout: float | None = DEFAULT_DOC_TIMEOUT, jobs: int = 1,
          chunk_size: int = CHUNK_SIZE, allow_private: bool = False, dask=None) -> BuildResult:
    """Add the inputs to the archive: read them, extract the claims of every new or changed
    document (`jobs` worker processes), run the cross-document pass on what they touch (each
    document's graph written with its record in its own transaction), and validate what was
    written.

    `store` is the store folder (default `out_dir/store`; with neither, an in-memory store);
    with `out_dir`, `graph.ttl` and `graph.trig` are exported there too (both written, then both
    moved into place). `default_date` stands in for the publication date of articles that carry
    none; a document whose extraction takes longer than `doc_timeout` seconds is skipped, the
    batch goes on. URLs on private networks are fetched only with `allow_private`. With `dask`
    (a scheduler address, or a `distributed.Client`), extraction runs on that Dask cluster instead
    of `jobs` local processes. Documents are extracted and settled in chunks: `chunk_size` first,
    each next chunk twice the last, up to `CHUNK_GROWTH` times `chunk_size`.

    A build that reads no document raises `NothingToBuild` and leaves the store and the exports
    as they were."""
    from . import __version__

    started = time.perf_counter()
    items = iter(read_documents(list(inputs), allow_private=allow_private))
    head = _until_first_document(items)
    if not any(isinstance(item, Document) for item in head):
        raise NothingToBuild([item for item in head if isinstance(item, Skipped)])
    items = itertools.chain(head, items)
    gazetteer = gazetteer_data.load(gazetteer_path)
    created = None
    if not isinstance(store, (Store, RemoteStore)):
        location = store if store is not None else (Path(out_dir) / "store" if out_dir is not None else None)
        if location is not None and not is_remote(location):
            location = Path(location)
            created = location if not location.exists() else None
        store = connect(location)
    result = BuildResult(store=store)
    result.report = Report(conforms=True) if validate else None
    timings = result.timings
    builder = GraphBuilder(gazetteer, gazetteer_data.graph(gazetteer_path))
    if progress:
        from tqdm import tqdm

        items = tqdm(items, unit="doc", desc="documents", leave=False)
    extractor = DaskExtractor(dask, doc_timeout, gazetteer_path) if dask is not None else \
        Extractor(jobs, doc_timeout, gazetteer_path)
    with extractor, collector_tuned():
        # workers extract the next chunk while this process records and settles the last one
        previous, size = None, chunk_size
        while True:
            mark = time.perf_counter()
            chunk = list(itertools.islice(items, size))
            size = min(2 * size, CHUNK_GROWTH * chunk_size)
            timings["read"] += time.perf_counter() - mark
            current = _start_chunk(result, chunk, extractor, __version__) if chunk else None
            if previous is not None:
                _finish_chunk(result, *previous, builder, gazetteer, default_date, validate)
            if current is None:
                break
            previous = current
    pending = archive.pending_documents(store)
    if not result.documents and not result.unchanged and not pending:
        # every document read was skipped: nothing changed, nothing is exported
        store.close()
        if created is not None:
            import shutil

            shutil.rmtree(created, ignore_errors=True)
        raise NothingToBuild(result.skipped)
    if pending:  # an earlier build was stopped before its cross-document pass
        _settle(result, {}, builder, gazetteer, default_date, validate)
    mark = time.perf_counter()
    if validate:
        # the store-wide rules on what this build wrote (agents described, events made): the rest
        # of the store is as the builds before left it, and each of those checked what it wrote
        found = run_checks(store, scope="store", focus=result.checked)
        result.report.violations.extend(found)
        result.report.conforms = result.report.conforms and not found
    timings["validate"] += time.perf_counter() - mark
    mark = time.perf_counter()
    if out_dir is not None:
        out = Path(out_dir)
        exports = {out / "graph.ttl": store.serialize_as(".ttl"), out / "graph.trig": store.serialize_as(".trig")}
        result.outputs.extend(write_many_atomic(exports))
    store.flush()
    timings["write"] += time.perf_counter() - mark
    result.seconds = time.perf_counter() - started
    return result


def _until_first_document(items) -> list:
    """The items up to and including the first document (all of them if there is none)."""
    head = []
    for item in items:
        head.append(item)
        if isinstance(item, Document):
            break
    return head


def _start_chunk(result: BuildResult, chunk: list, extractor: Extractor, version: str):
    """Sort a chunk into skipped, unchanged and to-do documents, and start extracting the to-do."""
    documents = []
    for item in chunk:
        if isinstance(item, Skipped):
            result.skipped.append(item)
        elif isinstance(item, Notice):
            result.notices.append(item)
        else:
            documents.append(item)
    documents = _distinct_ids(result, documents)
    stored = archive.stored_hashes(result.store, [d.doc_id for d in documents])
    todo = []
    for document in documents:
        digest = archive.content_hash(document, version)
        previous = stored.get(document.doc_id)
        if previous is not None and previous.hash == digest and not previous.pending:
            result.unchanged.append(document.doc_id)
        else:
            todo.append((document, digest))
    return todo, extractor.submit([d for d, _ in todo])


def _distinct_ids(result: BuildResult, documents: list[Document]) -> list[Document]:
    """The documents, where one whose id the store already gives to another article (another
    file, another text) takes its id plus its text's hash, with a notice: a collision never
    replaces an article silently. The same file changed, or the same text read from elsewhere,
    keeps its id."""
    from dataclasses import replace

    from .ingest import text_hash

    stored = archive.stored_hashes(result.store, [d.doc_id for d in documents])
    out = []
    for document in documents:
        previous = stored.get(document.doc_id)
        if previous is not None and previous.source is not None and previous.text_hash is not None:
            digest = text_hash(document.text)
            if (archive.source_of(previous.source) != archive.source_of(document.location)
                    and previous.text_hash != digest):
                renamed = replace(document, doc_id=f"{document.doc_id}-{digest[:8]}")
                result.notices.append(Notice(document.location, f"id {document.doc_id!r} is taken by "
                                                                 f"{previous.source}; stored as {renamed.doc_id!r}"))
                document = renamed
        out.append(document)
    return out


def _finish_chunk(result: BuildResult, todo: list, outcomes, builder: GraphBuilder, gazetteer,
                  default_date: str | None, validate: bool) -> None:
    """Settle the chunk's extracted documents: the pass writes each one's graph and record in
    one transaction (a document the store refuses is skipped, the others go on)."""
    store, timings = result.store, result.timings
    memory = {}
    for (document, digest), (outcome, spent) in zip(todo, outcomes()):
        timings.update(spent)
        if isinstance(outcome, Skipped):
            result.skipped.append(outcome)
            continue
        memory[document.doc_id] = (document, outcome, digest)
    if memory:
        _settle(result, memory, builder, gazetteer, default_date, validate)
    mark = time.perf_counter()
    store.flush()  # RocksDB's write buffers to disk, so they do not pile up in memory over a long build
    timings["write"] += time.perf_counter() - mark


def _record(store: Store, document, claims, digest: str, gazetteer) -> None:
    keys = archive.keys_of(events.BatchItem(document, claims), gazetteer=gazetteer)
    record = archive.record_graph(document, claims, digest, keys, gazetteer=gazetteer)
    store.replace({archive.record_iri(document.doc_id): record})


def _settle(result: BuildResult, memory: dict, builder: GraphBuilder, gazetteer, default_date: str | None,
            validate: bool) -> None:
    mark = time.perf_counter()
    before = result.timings["graph"] + result.timings["write"]
    try:
        settled = archive.settle(result.store, builder, gazetteer, seeds=set(memory), memory=memory,
                                 default_date=default_date, extraction_of=extraction_of, timings=result.timings)
    except Exception:  # noqa: BLE001 — one document made the pass fail: find it, the others go on
        # every record of the failed pass is taken out (none drags a later one down), then each
        # document is put back and settled alone
        store = result.store
        pending = archive.pending_documents(store) | set(memory)
        memory = {**archive.load_records(store, pending - set(memory)), **memory}
        store.replace({name: None for d in sorted(pending) for name in (graph_iri(d), archive.record_iri(d))})
        for doc_id in sorted(memory):
            _settle_alone(result, doc_id, memory, builder, gazetteer, default_date, validate)
        return
    finally:
        result.timings["batch"] += time.perf_counter() - mark - (result.timings["graph"] + result.timings["write"] - before)
    _collect(result, settled, memory, validate)


def _settle_alone(result: BuildResult, doc_id: str, memory: dict, builder: GraphBuilder, gazetteer,
                  default_date: str | None, validate: bool) -> None:
    """After a failed cross-document pass: the document's record is put back and the pass run for
    it alone; if it fails again, the document is skipped and leaves no trace."""
    store = result.store
    document, claims, digest = memory[doc_id]
    try:
        _record(store, document, claims, digest, gazetteer)
        settled = archive.settle(store, builder, gazetteer, seeds={doc_id}, memory={doc_id: memory[doc_id]},
                                 default_date=default_date, extraction_of=extraction_of, timings=result.timings)
    except Exception as exc:  # noqa: BLE001
        store.replace({graph_iri(doc_id): None, archive.record_iri(doc_id): None})
        result.skipped.append(Skipped(document.location, f"cross-document pass failed: {type(exc).__name__}: {exc}",
                                      "error"))
        return
    _collect(result, settled, {doc_id: memory[doc_id]}, validate)


def _collect(result: BuildResult, settled: "archive.Settled", memory: dict, validate: bool) -> None:
    for doc_id, reason in sorted(settled.failed.items()):
        location = memory[doc_id][0].location if doc_id in memory else doc_id
        result.skipped.append(Skipped(location, reason, "error"))
    for doc_id in sorted(memory):
        if doc_id in settled.claims:
            result.documents.append(doc_id)
            result.languages[doc_id] = memory[doc_id][0].language
            result.claims.extend(settled.claims[doc_id])
    result.rewritten.update(settled.rewritten)
    result.events = settled.events
    result.checked["agent"] |= settled.agents
    result.checked["event"] |= settled.event_nodes
    if validate:
        mark = time.perf_counter()
        # the shapes on each document graph written (with the agents it names), then each
        # per-graph check inside each of those graphs, where the store holds them
        for doc_id in sorted(settled.graphs):
            conforms, violations = shacl(settled.graphs[doc_id])
            result.report.conforms = result.report.conforms and conforms
            result.report.violations.extend(sorted(violations, key=lambda v: (v.focus, v.path or "", v.message)))
        found = run_checks(result.store, scope="graph", graphs=[graph_iri(d) for d in sorted(settled.graphs)])
        result.report.conforms = result.report.conforms and not found
        result.report.violations.extend(found)
        report = validate_graph(settled.events_graph, checks=False)
        result.report.conforms = result.report.conforms and report.conforms
        result.report.violations.extend(report.violations)
        result.timings["validate"] += time.perf_counter() - mark


def remove(doc_ids: list[str], store: str | Path | Store, *, gazetteer_path: str | None = None,
           default_date: str | None = None) -> tuple[list[str], "archive.Settled"]:
    """Take documents out of the archive; the cross-document pass runs again on what they touched."""
    if not isinstance(store, (Store, RemoteStore)):
        store = connect(store) if is_remote(store) else Store.open(store, read_only=False)
    gazetteer = gazetteer_data.load(gazetteer_path)
    builder = GraphBuilder(gazetteer, gazetteer_data.graph(gazetteer_path))
    removed, settled = archive.remove(store, builder, gazetteer, doc_ids, default_date=default_date,
                                      extraction_of=extraction_of)
    store.flush()
    return removed, settled
