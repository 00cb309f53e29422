"""Build the real-article corpus end to end: speed, skips, crashes, time-outs, SHACL.

usage: python bench/corpus.py [--sample N] [--seed S] [--corpus FILE] [--validate document|batch|none]
                              [--doc-timeout SECONDS]

Reads ../shared/corpora/news.jsonl (3,224 real articles, English and French; or a sample of
N of them drawn with a fixed seed), builds them with `claimgraph.pipeline.build` in one
batch, and prints: documents per second, the share of time in spaCy, the rules, the batch
pass, RDF and validation, the skipped documents with their reasons (crashes and time-outs
counted apart), and the SHACL result. `--validate document` (the default) checks each
document's graph on its own (shapes and the per-graph violation queries) plus the events
graph, and the store-wide checks once, so the cost stays linear in documents;
`batch` validates the whole union at once (slow past a few hundred articles).

One run on a shared 2-core machine: quote ratios, not absolute seconds.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from claimgraph.pipeline import build
from claimgraph.validate import run_checks, validate_graph

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "news.jsonl"


def sample_records(path: Path, size: int | None, seed: int) -> list[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if size is not None and size < len(lines):
        lines = random.Random(seed).sample(lines, size)
    return lines


def validate_per_document(result) -> tuple[int, int, Counter]:
    """(graphs that conform, graphs checked, violations by message, store-wide check violations):
    the shapes on each named graph, the violation queries once on the store."""
    conforming, checked, messages = 0, 0, Counter()
    dataset = result.store.dataset
    for name in result.store.document_graphs():
        report = validate_graph(dataset.graph(name), checks="graph")
        checked += 1
        conforming += report.conforms
        for violation in report.violations:
            messages[violation.message[:100]] += 1
    # the rules that cross graphs ('# scope: store' checks) run once, on the whole store
    checks = run_checks(result.store.dataset, scope="store")
    for violation in checks:
        messages[violation.message[:100]] += 1
    return conforming, checked, messages, len(checks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="build N articles drawn with --seed (default: all)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--validate", choices=["document", "batch", "none"], default="document")
    parser.add_argument("--doc-timeout", type=float, default=60.0)
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_file():
        raise SystemExit(f"no corpus at {corpus}")
    lines = sample_records(corpus, args.sample, args.seed)
    languages = Counter(json.loads(line).get("language") for line in lines)
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch.jsonl"
        batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
        started = time.perf_counter()
        result = build([str(batch)], None, validate=args.validate == "batch", doc_timeout=args.doc_timeout)
        elapsed = time.perf_counter() - started
    timings = result.timings
    if args.validate == "document":
        mark = time.perf_counter()
        conforming, checked, messages, failed_checks = validate_per_document(result)
        timings["validate"] += time.perf_counter() - mark
    total = sum(timings.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    skipped = Counter(s.cause for s in result.skipped)
    kinds = result.by_kind()
    print(f"articles: {len(lines)} ({', '.join(f'{k} {v}' for k, v in sorted(languages.items()))})")
    print(f"built: {len(result.documents)}; skipped: {len(result.skipped)} "
          f"(input {skipped.get('input', 0)}, crashes {skipped.get('error', 0)}, "
          f"time-outs {skipped.get('timeout', 0)})")
    for s in result.skipped:
        print(f"  skipped [{s.cause}] {s.location}: {s.reason[:160]}")
    print(f"claims: {sum(kinds.values())} (statement {kinds.get('statement', 0)}, "
          f"casualty {kinds.get('casualty', 0)}, threat {kinds.get('threat', 0)}); events: {len(result.events)}")
    print(f"build: {elapsed:.1f} s, {len(result.documents) / elapsed:.2f} documents/s (without validation); "
          f"peak RSS {peak:.0f} MiB")
    print("time shares: " + ", ".join(f"{stage} {timings[stage] / total:.0%} ({timings[stage]:.1f} s)"
                                      for stage in ("read", "spacy", "rules", "batch", "graph", "write", "validate")
                                      if stage in timings))
    if args.validate == "document":
        print(f"SHACL: {conforming}/{checked} graphs conform (each document graph and the events graph); "
              f"store-wide checks: {failed_checks} violations")
        for message, count in messages.most_common(10):
            print(f"  {count} × {message}")
        failed = checked - conforming + failed_checks
    elif args.validate == "batch":
        print("SHACL: " + ("conforms" if result.report.conforms else
                           f"does not conform ({len(result.report.violations)} violations)"))
        failed = 0 if result.report.conforms else 1
    else:
        failed = 0
    sys.exit(1 if skipped.get("error") or skipped.get("timeout") or failed else 0)


if __name__ == "__main__":
    main()
