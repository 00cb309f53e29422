"""Python's garbage collector during a build: as Python sets it, and as `claimgraph build` sets it.

usage: python bench/collector.py [--articles 1000] [--variants default,freeze-only,mild,build,rare-full]

Each variant builds the first N articles of ../shared/corpora/news.jsonl (bench/archive.py's
fixed shuffle) in a fresh store, one job, validation on, in its own process, and prints the
build's seconds, the seconds spent in collections (timed by `gc.callbacks`), the collections
run, and the process's peak RSS:

- default: Python's thresholds (700, 10, 10), nothing frozen;
- freeze-only: Python's thresholds, the loaded pipelines frozen out of the collector's walks;
- mild: thresholds (10,000, 10, 10), the loaded pipelines frozen;
- build: `workers.GC_THRESHOLDS`, the loaded pipelines frozen (what `pipeline.build` does);
- rare-full: as build, but full collections 50 times rarer (thresholds 50,000, 50, 100).

One run on a shared 2-core machine: compare variants of the same run, not absolute seconds.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import corpus_lines  # noqa: E402  (the same fixed shuffle)

RUN = """
import gc, json, resource, sys, time
from pathlib import Path
import claimgraph.workers as workers
from claimgraph.pipeline import build

variant, batch, store = sys.argv[1:4]
if variant == "default":
    workers.GC_THRESHOLDS = gc.get_threshold()
    workers._freezing_loaded = lambda extract: extract()
elif variant == "freeze-only":
    workers.GC_THRESHOLDS = gc.get_threshold()
elif variant == "mild":
    workers.GC_THRESHOLDS = (10_000, 10, 10)
elif variant == "rare-full":
    workers.GC_THRESHOLDS = (workers.GC_THRESHOLDS[0], 50, 100)
spent = {"seconds": 0.0, "runs": 0}
started = {}

def timed(phase, info):
    if phase == "start":
        started["at"] = time.perf_counter()
    else:
        spent["seconds"] += time.perf_counter() - started.pop("at", time.perf_counter())
        spent["runs"] += 1

gc.callbacks.append(timed)
mark = time.perf_counter()
result = build([batch], None, store=Path(store), jobs=1)
seconds = time.perf_counter() - mark
result.store.close()
print(json.dumps({"seconds": seconds, "gc": spent["seconds"], "runs": spent["runs"],
                  "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "documents": len(result.documents)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--variants", default="default,freeze-only,mild,build,rare-full")
    args = parser.parse_args()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    print(f"{'variant':>10} {'documents':>9} {'build s':>8} {'in GC s':>8} {'GC runs':>8} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch.jsonl"
        batch.write_text("\n".join(corpus_lines()[:args.articles]) + "\n", encoding="utf-8")
        for variant in args.variants.split(","):
            done = subprocess.run([sys.executable, "-c", RUN, variant, str(batch), str(Path(tmp) / f"store-{variant}")],
                                  capture_output=True, text=True, env=env)
            if done.returncode != 0:
                raise SystemExit(f"{variant} failed:\n{done.stderr[-2000:]}")
            row = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{variant:>10} {row['documents']:>9} {row['seconds']:>8.1f} {row['gc']:>8.1f} {row['runs']:>8} "
                  f"{row['peak']:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
