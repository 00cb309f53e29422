"""Articles per second of a build whose extraction runs on a Dask cluster (a LocalCluster of 1
and 2 worker processes on this machine) against `--jobs 2`, on the same corpus articles, each
into a fresh store, in one run.

    python bench/cluster.py [--sample 200] [--corpus PATH]
"""
from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "news.jsonl"))
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    from claimgraph.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with open(args.corpus, encoding="utf-8") as source:
            sample.write_text("".join(itertools.islice(source, args.sample)), encoding="utf-8")
        print(f"{args.sample} articles of {args.corpus}")
        print(f"{'run':<22} {'seconds':>8} {'articles/s':>11}")

        def timed(label: str, **kwargs) -> None:
            started = time.perf_counter()
            result = build([str(sample)], None, store=Path(tmp) / label.replace(" ", "_"), validate=False, **kwargs)
            seconds = time.perf_counter() - started
            done = len(result.documents)
            result.store.close()
            print(f"{label:<22} {seconds:>8.1f} {done / seconds:>11.2f}", flush=True)

        timed("--jobs 2", jobs=2)
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                              host="127.0.0.1") as cluster, Client(cluster) as client:
                client.run(lambda: __import__("claimgraph.nlp").nlp.pipeline("en"))  # load the pipelines first,
                client.run(lambda: __import__("claimgraph.nlp").nlp.pipeline("fr"))  # as a long-lived cluster has
                timed(f"dask, {workers} worker{'s' if workers > 1 else ''}", dask=client)


if __name__ == "__main__":
    main()
