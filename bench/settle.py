"""The archive's bookkeeping without spaCy: the cross-document pass chunk by chunk, and whether
chunks give what one pass gives.

usage: python bench/settle.py STORE [--articles N] [--chunk 100] [--disk] [--compare]
                              [--order FILE.jsonl | --by-date] [--from-corpus N [--jobs J]]

Reads the extraction records of the first N documents of STORE (a store built by
`claimgraph build`, in the order its records sort by id, in the order of `--order FILE.jsonl`, or
with `--by-date` in the order of their publication dates, as an archive fed day by day grows),
then records and settles them again in a fresh store, CHUNK at a time, with validation, as a
build does after extraction: for each chunk, the size of the pass's scope, the graphs written,
the events of the scope and those the pass changed (taken out, changed or added), the seconds
spent writing, building graphs, validating and in the pass (cumulative), and the peak RSS.
`--disk` uses a store on disk (as `build --store` does) instead of one in memory.

`--compare` settles the same records in one pass and in chunks (in memory, no validation) and
prints how many exported quads differ: an incremental archive should give what one build gives.

`--from-corpus N` first makes STORE, when it does not exist, from the first N articles of
bench/archive.py's shuffle of ../shared/corpora/news.jsonl (`claimgraph build … --jobs J`,
default 2), and takes their order: the records are then settled in the order a build of that
batch reads them.

One run on a shared 2-core machine: quote ratios, not absolute seconds.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from claimgraph import archive, gazetteer as gazetteer_data, pipeline
from claimgraph.model import GraphBuilder
from claimgraph.store import Store, connect
from claimgraph.validate import Report


def read_records(store_dir: Path, articles: int, order: Path | None,
                 by_date: bool = False) -> tuple[list[str], dict]:
    with Store.open(store_dir) as store:
        ids = sorted(archive.doc_id_of(row.d) for row in store.query(
            "SELECT ?d WHERE { GRAPH ?g { ?d <https://w3id.org/claimgraph/ontology#recordHash> ?h } }"))
        if order is not None:
            wanted = [str(json.loads(line)["id"]) for line in order.read_text(encoding="utf-8").splitlines() if line]
            present = set(ids)
            ids = [d for d in wanted if d in present]
        if by_date:  # undated last, as they come in no day's batch
            records = archive.load_records(store, set(ids))
            ids.sort(key=lambda d: (records[d][0].date is None, records[d][0].date or "", d))
        ids = ids[:articles]
        return ids, archive.load_records(store, set(ids))


def settle_in_chunks(ids: list[str], records: dict, chunk: int, store, validate: bool, report=None) -> Store:
    gazetteer = gazetteer_data.load(None)
    builder = GraphBuilder(gazetteer, gazetteer_data.graph(None))
    result = pipeline.BuildResult(store=store, report=Report(conforms=True))
    for start in range(0, len(ids), chunk):
        mark = time.perf_counter()
        memory = {}
        for doc_id in ids[start:start + chunk]:  # as a build settles what it extracted (not recorded yet)
            memory[doc_id] = records[doc_id]
        before = set(result.rewritten)
        pipeline._settle(result, memory, builder, gazetteer, None, validate)
        store.flush()
        if report is not None:
            report(start, len(memory), result, len(result.rewritten - before), time.perf_counter() - mark)
    return result


def from_corpus(store: Path, articles: int, jobs: int) -> Path:
    """The batch of the first `articles` of bench/archive.py's shuffle (beside STORE), and STORE
    built from it if it does not exist yet."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from archive import build_command, corpus_lines

    batch = store.with_name(f"{store.name}-batch.jsonl")
    batch.write_text("\n".join(corpus_lines()[:articles]) + "\n", encoding="utf-8")
    if not store.exists():
        mark = time.perf_counter()
        subprocess.run(build_command(batch, store, jobs), check=True, capture_output=True)
        print(f"built {store} from the first {articles} articles of the shuffle in {time.perf_counter() - mark:.1f} s")
    return batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--chunk", type=int, default=pipeline.CHUNK_SIZE)
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--order", type=Path, help="a JSON Lines file whose ids give the order of the documents")
    order.add_argument("--by-date", action="store_true", help="the documents in the order of their publication dates")
    parser.add_argument("--disk", action="store_true")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--from-corpus", type=int, metavar="N")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.from_corpus:
        args.order = from_corpus(args.store, args.from_corpus, args.jobs)
    ids, records = read_records(args.store, args.articles, args.order, args.by_date)
    print(f"{len(ids)} documents' records from {args.store}")
    if args.compare:
        exports = []
        for chunk in (len(ids), args.chunk):
            store = connect(None)
            settle_in_chunks(ids, records, chunk, store, validate=False)
            exports.append(set(store.serialize_as(".nq").decode("utf-8").splitlines()))
        whole, chunked = exports
        print(f"one pass: {len(whole)} quads; chunks of {args.chunk}: {len(chunked)}; "
              f"only in one pass: {len(whole - chunked)}; only in chunks: {len(chunked - whole)}")
        return
    print(f"{'from':>6} {'docs':>5} {'scope':>6} {'written':>8} {'events':>7} {'changed':>8} {'seconds':>8} "
          f"{'write':>6} {'graph':>6} {'validate':>9} {'pass':>6} {'peak MiB':>9}")

    def report(start, docs, result, written, seconds):
        timings = result.timings
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{start:>6} {docs:>5} {scope[-1]:>6} {written:>8} {events[-1][0]:>7} {events[-1][1]:>8} "
              f"{seconds:>8.2f} {timings['write']:>6.1f} {timings['graph']:>6.1f} {timings['validate']:>9.1f} "
              f"{timings['batch']:>6.1f} {peak:>9.0f}", flush=True)

    scope: list[int] = [0]
    events: list[tuple[int, int]] = [(0, 0)]  # the pass's events, and those it changed
    settle = archive.settle

    def measured(*positional, **keywords):
        settled = settle(*positional, **keywords)
        scope.append(len(settled.scope))
        events.append((len(settled.events), len(settled.event_nodes)))
        return settled

    archive.settle = measured
    with tempfile.TemporaryDirectory() as folder:
        store = connect(Path(folder) / "store") if args.disk else connect(None)
        result = settle_in_chunks(ids, records, args.chunk, store, validate=True, report=report)
        print("SHACL:", "conforms" if result.report.conforms else f"{len(result.report.violations)} violations")
        store.close()


if __name__ == "__main__":
    main()
