"""Build the real-article corpus end to end: speed, skips, crashes, time-outs, SHACL.

usage: python bench/corpus.py [--sample N] [--seed S] [--corpus FILE] [--no-validate] [--doc-timeout SECONDS]
                              [--jobs N]

Reads ../shared/corpora/news.jsonl (3,224 real articles, English and French; or a sample of
N of them drawn with a fixed seed), builds them with `claimgraph.pipeline.build` in one
batch into a fresh store, and prints: documents per second, the share of time in spaCy, the rules, the batch
pass, RDF and validation, the skipped documents with their reasons (crashes and time-outs
counted apart), and the SHACL result: as `claimgraph build` does, each document's graph is
validated on its own (shapes and per-graph checks) and the store-wide checks run once, so
the cost stays linear in documents.

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

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "news.jsonl"


def sample_records(path: Path, size: int | None, seed: int) -> list[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if size is not None and size < len(lines):
        lines = random.Random(seed).sample(lines, size)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="build N articles drawn with --seed (default: all)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--no-validate", action="store_true", help="skip SHACL and the violation checks")
    parser.add_argument("--doc-timeout", type=float, default=60.0)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for extraction")
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
        result = build([str(batch)], None, store=Path(tmp) / "store", validate=not args.no_validate,
                       doc_timeout=args.doc_timeout, jobs=args.jobs)
        elapsed = time.perf_counter() - started
        events = len(result.store.query("PREFIX cg: <https://w3id.org/claimgraph/ontology#> "
                                        "SELECT ?e WHERE { ?e a cg:Event }"))
        result.store.close()
    timings = result.timings
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
          f"casualty {kinds.get('casualty', 0)}, threat {kinds.get('threat', 0)}); events: {events}")
    print(f"build: {elapsed:.1f} s, {len(result.documents) / elapsed:.2f} documents/s "
          f"({'validation included' if result.report is not None else 'no validation'}); "
          f"peak RSS {peak:.0f} MiB")
    print("time shares: " + ", ".join(f"{stage} {timings[stage] / total:.0%} ({timings[stage]:.1f} s)"
                                      for stage in ("read", "spacy", "rules", "batch", "graph", "write", "validate")
                                      if stage in timings))
    failed = 0
    if result.report is not None:
        messages = Counter(v.message[:100] for v in result.report.violations)
        failed = len(result.report.violations)
        print(f"SHACL: {'conforms' if result.report.conforms else 'does not conform'} "
              f"({len(result.documents)} document graphs, each validated on its own with its agents, the events, "
              f"then the store-wide checks; "
              f"{failed} violations)")
        for message, count in messages.most_common(10):
            print(f"  {count} × {message}")
    sys.exit(1 if skipped.get("error") or skipped.get("timeout") or failed else 0)


if __name__ == "__main__":
    main()
