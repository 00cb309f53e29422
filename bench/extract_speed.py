"""Extraction speed: articles per second, and the rule layer's cost next to spaCy's own.

usage: python bench/extract_speed.py [INPUT] [--repeat N] [--batches]

Prints, for one run on this machine: spaCy parsing alone, the claimgraph rules alone
(on the already parsed documents) and both together. INPUT is what `claimgraph build` reads
(a folder, a file, a .jsonl file). `--batches` instead times spaCy on the documents in batches of
16 as they come (a batch of two languages is parsed as two smaller ones) and in batches of one
language (as the build makes them, `workers.batched`), alternately, `--repeat` times each.
Machines are shared and noisy: quote the ratio of one run, not absolute seconds across runs.
"""
from __future__ import annotations

import argparse
import time

from claimgraph import events, gazetteer, nlp
from claimgraph.extract import extract_doc
from claimgraph.ingest import read_documents
from claimgraph.records import Document


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default="seeds")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batches", action="store_true", help="spaCy in mixed against one-language batches")
    args = parser.parse_args()
    documents = [d for d in read_documents([args.folder]) if isinstance(d, Document)]
    if args.batches:
        compare_batches(documents, args.repeat)
        return
    gaz = gazetteer.load()
    for language in {d.language for d in documents}:
        nlp.pipeline(language)  # load models outside the timing
    import dateparser

    dateparser.parse("3 mars 2020", languages=["fr"])  # dateparser builds its tables once per process
    parse_s = rules_s = batch_s = 0.0
    claims = 0
    for _ in range(args.repeat):
        items = []
        for document in documents:
            t0 = time.perf_counter()
            doc = nlp.parse(document.masked, document.language)
            t1 = time.perf_counter()
            found = extract_doc(document, doc, gaz)
            t2 = time.perf_counter()
            claims += len(found)
            items.append(events.BatchItem(document, found))
            parse_s += t1 - t0
            rules_s += t2 - t1
        t3 = time.perf_counter()
        events.process(items, gaz)  # dating undated articles, clustering events
        batch_s += time.perf_counter() - t3
    n = len(documents) * args.repeat
    print(f"documents: {len(documents)} x {args.repeat} runs; claim mentions per run: {claims // args.repeat}")
    print(f"spaCy parse : {n / parse_s:8.1f} articles/s")
    print(f"rules only  : {n / rules_s:8.1f} articles/s")
    print(f"end to end  : {n / (parse_s + rules_s):8.1f} articles/s")
    print(f"batch pass  : {n / batch_s:8.1f} articles/s (dating and event clustering)")
    print(f"rule layer cost / spaCy cost = {rules_s / parse_s:.2f}; with the batch pass {(rules_s + batch_s) / parse_s:.2f}")


def compare_batches(documents: list[Document], repeat: int) -> None:
    from collections import defaultdict

    from claimgraph.workers import BATCH_SIZE, batched

    for language in {d.language for d in documents}:
        nlp.pipeline(language)  # load models outside the timing

    def parse(batches: list[list[Document]]) -> float:
        started = time.perf_counter()
        for batch in batches:
            by_language = defaultdict(list)
            for document in batch:
                by_language[document.language].append(document.masked)
            for language, texts in by_language.items():
                nlp.parse_many(texts, language)
        return time.perf_counter() - started

    mixed = [documents[i:i + BATCH_SIZE] for i in range(0, len(documents), BATCH_SIZE)]
    grouped, _ = batched(documents)
    print(f"documents: {len(documents)}; spaCy seconds, mixed batches against one-language batches:")
    for run in range(repeat):
        print(f"  run {run + 1}: mixed {parse(mixed):.1f} s, one language {parse(grouped):.1f} s", flush=True)


if __name__ == "__main__":
    main()
