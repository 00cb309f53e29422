"""Extraction, in this process or in worker processes, in batches.

spaCy parses the documents of a batch together (`nlp.pipe`: batched matrix work, about 30 %
faster than one document at a time on the corpus), then the rules run document by document,
each under its time limit (`--doc-timeout`). A batch is parsed under a budget of its size times
the limit; when it runs past it, or fails on one document, its documents are parsed again one by
one, each under its own limit, so the slow or broken one is skipped and the others are kept.
"""
from __future__ import annotations

import gc
import signal
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager

from . import gazetteer as gazetteer_data
from .errors import DocumentTimeout
from .records import Claim, Document, Skipped

DEFAULT_DOC_TIMEOUT = 60.0
BATCH_SIZE = 16  # documents parsed together, and sent to a worker together
DASK_CONNECT_TIMEOUT = "30s"  # `build --dask`: how long to try reaching the scheduler

Outcome = tuple[list[Claim] | Skipped, Counter]  # claims (or why not), seconds by stage
# Python's cyclic garbage collector runs every 700 allocations by default: a one-job build of
# 1,000 corpus articles ran it about 6,300 times, 10 s in all. During a build it runs every
# 50,000 allocations (79 runs, 4.5 s), and the pipelines, once loaded, are frozen out of its
# walks (`gc.freeze`). The cost: dead spaCy docs and rdflib graphs wait longer to be collected,
# and the peak RSS rises (954 against 790 MiB at 1,000 articles). `python bench/collector.py`
# prints these figures. The older generations keep their default ratios (10, 10): rarer full
# collections let dead graphs' cycles pile up (1,176 MiB).
GC_THRESHOLDS = (50_000, 10, 10)


@contextmanager
def collector_tuned():
    """The garbage collector as a build wants it (GC_THRESHOLDS), as it was afterwards (what the
    build froze is unfrozen, unless the caller had frozen objects of its own: `gc.unfreeze`
    would unfreeze those too)."""
    previous, frozen = gc.get_threshold(), gc.get_freeze_count()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        if not frozen:
            gc.unfreeze()


@contextmanager
def time_limit(seconds: float | None):
    """Raise `DocumentTimeout` in the body after `seconds` of wall time: by SIGALRM in the main
    thread (POSIX); in another thread (a Dask worker runs tasks in threads) by a timer that raises
    the exception in that thread, which it meets at its next Python instruction."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        with _thread_time_limit(seconds):
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


@contextmanager
def _thread_time_limit(seconds: float):
    import ctypes

    class Expired(DocumentTimeout):
        def __init__(self, *args):
            super().__init__(f"extraction took longer than {seconds:g} s (--doc-timeout)")

    target, lock, state = threading.get_ident(), threading.Lock(), {"done": False}

    def expire():
        with lock:
            if not state["done"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(Expired))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        timer.cancel()


def run_rules(document: Document, doc, gazetteer) -> list[Claim]:
    """The extraction rules on one parsed document."""
    from .extract import extract_doc

    return extract_doc(document, doc, gazetteer)


def extract_batch(documents: list[Document], doc_timeout: float | None, gazetteer) -> list[Outcome]:
    """Each document's claims (or why it was skipped), in order."""
    from . import nlp

    by_language: dict[str, list[int]] = defaultdict(list)
    for index, document in enumerate(documents):
        by_language[document.language].append(index)
    out: list[Outcome | None] = [None] * len(documents)
    for language, indices in by_language.items():
        started = time.perf_counter()
        try:
            with time_limit(doc_timeout * len(indices) if doc_timeout else None):
                parsed = nlp.parse_many([documents[i].masked for i in indices], language)
        except Exception:  # too slow or broken as a batch: one by one, each under its own limit
            parsed = [None] * len(indices)
        share = (time.perf_counter() - started) / len(indices) if parsed[0] is not None else 0.0
        for index, doc in zip(indices, parsed):
            out[index] = _extract_one(documents[index], doc, share, doc_timeout, gazetteer)
    return out


def _extract_one(document: Document, doc, parse_seconds: float, doc_timeout: float | None, gazetteer) -> Outcome:
    from . import nlp

    spent: Counter = Counter({"spacy": parse_seconds})
    try:
        with time_limit(doc_timeout):
            if doc is None:
                started = time.perf_counter()
                doc = nlp.parse(document.masked, document.language)
                spent["spacy"] += time.perf_counter() - started
            started = time.perf_counter()
            claims = run_rules(document, doc, gazetteer)
            spent["rules"] += time.perf_counter() - started
            return claims, spent
    except DocumentTimeout as exc:
        return Skipped(document.location, str(exc), "timeout"), spent
    except Exception as exc:  # one broken document never sinks the batch
        return Skipped(document.location, f"extraction failed: {type(exc).__name__}: {exc}", "error"), spent


def batched(documents: list[Document]):
    """The documents in batches of BATCH_SIZE, those of one language together (a batch of two
    languages is parsed as two smaller ones: 597 corpus articles took 40.5 and 41.3 s of spaCy in
    batches as they come, 39.7 and 40.4 s in one-language batches, `bench/extract_speed.py
    FILE.jsonl --batches --repeat 2`), and a function that puts the batches' outcomes back in the
    documents' order."""
    order = sorted(range(len(documents)), key=lambda i: documents[i].language)  # stable: in order within a language
    ordered = [documents[i] for i in order]
    batches = [ordered[i:i + BATCH_SIZE] for i in range(0, len(ordered), BATCH_SIZE)]

    def restore(outcomes: list) -> list:
        out = [None] * len(outcomes)
        for position, outcome in zip(order, outcomes):
            out[position] = outcome
        return out

    return batches, restore


class Extractor:
    """Extraction of documents in order, in this process (`jobs` 1) or in `jobs` worker
    processes (spawned: each loads its own spaCy pipelines), in batches of BATCH_SIZE."""

    def __init__(self, jobs: int, doc_timeout: float | None, gazetteer_path: str | None):
        self.jobs = max(1, jobs)
        self.doc_timeout = doc_timeout
        self.gazetteer_path = gazetteer_path
        self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def submit(self, documents: list[Document]):
        """Start extracting `documents`; returns a function that waits for their outcomes, in order."""
        batches, restore = batched(documents)
        if self.jobs == 1 or not documents:
            gazetteer = gazetteer_data.load(self.gazetteer_path)
            return lambda: restore(self._in_process(batches, gazetteer))
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(self.gazetteer_path,))
        futures = [self._pool.submit(_extract_in_worker, batch, self.doc_timeout) for batch in batches]
        return lambda: restore([o for future in futures for o in future.result()])

    def _in_process(self, batches: list[list[Document]], gazetteer) -> list[Outcome]:
        return _freezing_loaded(lambda: [o for batch in batches for o in extract_batch(batch, self.doc_timeout,
                                                                                        gazetteer)])


_WORKER_GAZETTEER = None


def _init_worker(gazetteer_path: str | None) -> None:
    global _WORKER_GAZETTEER
    _WORKER_GAZETTEER = gazetteer_data.load(gazetteer_path)
    gc.set_threshold(*GC_THRESHOLDS)


def _extract_in_worker(documents: list[Document], doc_timeout: float | None) -> list[Outcome]:
    return _freezing_loaded(lambda: extract_batch(documents, doc_timeout, _WORKER_GAZETTEER))


def _freezing_loaded(extract):
    """`extract()`; when it loaded a pipeline, what is alive then (the pipelines) stays out of
    the garbage collector's walks from then on."""
    from . import nlp

    loaded = nlp.pipeline.cache_info().currsize
    out = extract()
    if nlp.pipeline.cache_info().currsize != loaded:
        gc.collect()  # what is garbage now is not frozen with the pipelines
        gc.freeze()
    return out


class DaskExtractor:
    """Extraction on a Dask distributed cluster (`build --dask tcp://SCHEDULER:8786`): each batch
    of documents is one task; a worker parses and runs the rules (each document under its time
    limit) and returns plain outcomes — claim records, or why a document was skipped — and the
    cross-document pass, the writes and validation run here, once per chunk. Workers need
    claimgraph and its spaCy pipelines installed (the same `pip install`); the gazetteer is sent
    to every worker once."""

    def __init__(self, cluster, doc_timeout: float | None, gazetteer_path: str | None):
        try:
            from distributed import Client
        except ImportError as exc:
            from .errors import Error

            raise Error("--dask needs Dask: pip install 'claimgraph[dask]' "
                        "(dask==2026.8.0 distributed==2026.8.0)") from exc
        self._own = not isinstance(cluster, Client)
        try:
            self.client = Client(cluster, timeout=DASK_CONNECT_TIMEOUT) if self._own else cluster
        except (OSError, TimeoutError) as exc:
            from .errors import Error

            raise Error(f"cannot reach the Dask scheduler at {cluster}: {exc}") from exc
        self.doc_timeout = doc_timeout
        self._gazetteer = self.client.scatter(gazetteer_data.load(gazetteer_path), broadcast=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._own:
            self.client.close()

    def submit(self, documents: list[Document]):
        batches, restore = batched(documents)
        futures = [self.client.submit(extract_batch, batch, self.doc_timeout, self._gazetteer, pure=False)
                   for batch in batches]
        return lambda: restore([o for future in futures for o in future.result()])
