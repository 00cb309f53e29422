"""The archive at scale: build speed against raw spaCy, both cores, incremental cost, queries.

usage: python bench/archive.py [--sizes 250,1000,all] [--jobs 1,2] [--base 2500] [--add 10]
                               [--claims 10000,100000,1000000] [--query-up-to 100000]
                               [--skip build,incremental,queries]

1. build: the first N articles of ../shared/corpora/news.jsonl (a fixed shuffle), each build
   in a fresh store and its own process (`claimgraph build --store … --jobs J`, validation on):
   seconds, articles/s, peak RSS (the process and its workers), and the ratio to raw spaCy
   (`nlp.pipe` over the same texts with the same two pipelines as their packages ship them,
   models loaded in both) measured in the same run; the CPU seconds (user + system, workers
   included) of the build and of raw spaCy, whose ratio a loaded machine disturbs less than the
   wall-clock one; and the ratio to raw spaCy whose lemmatiser's word lists are sets, as the
   build makes them (`nlp.indexed_lemmas`: the same lemmas, faster): that ratio leaves the
   lemmatiser's gain out and shows the build's own overhead. With 2 jobs, also raw spaCy in two
   processes at once, each on half the articles: how much two processes can gain over one here.
2. incremental: a store of BASE articles, then ADD other articles added to it, against the same
   ADD articles built alone in a fresh store (both whole `claimgraph build` processes, one job).
3. queries: synthetic stores of 10k / 100k / 1M claims, made by copying the corpus store's
   document graphs under new IRIs (same shape as real ones, agents and events shared), then
   `claims_table` as `claimgraph query claims_table --format csv` runs it (read from its view,
   table.py) and as the query evaluated by Oxigraph (one run, up to --query-up-to claims), and
   `attribution_chain` for one claim, each the best of 3 runs; and the store-wide checks, on the
   whole store (`claimgraph validate`) and on what a build of 10 documents wrote (its agents and events).

One run on a shared 2-core machine: quote ratios measured in the same run, not absolute seconds.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "news.jsonl"
SEED = 8


def corpus_lines() -> list[str]:
    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    random.Random(SEED).shuffle(lines)
    return lines


class Measured(NamedTuple):
    seconds: float  # wall
    peak_mib: float  # peak RSS of the process or of its largest child
    cpu: float  # user + system seconds of the process and its children
    output: str


def run_measured(command: list[str]) -> Measured:
    """Wall seconds, peak RSS in MiB, CPU seconds (GNU time), output. Both the builds and the
    spaCy baseline run with one BLAS thread (as claimgraph sets it)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", *command], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    peak_kib, user, system = done.stderr.strip().splitlines()[-1].split()
    return Measured(elapsed, int(peak_kib) / 1024, float(user) + float(system), done.stdout)


def build_command(batch: Path, store: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "claimgraph.cli", "build", str(batch), "--store", str(store),
            "--jobs", str(jobs), "--quiet"]


SPACY_ONLY = """
import importlib, json, sys
from claimgraph.nlp import PIPELINES, indexed_lemmas
records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
for language in ("en", "fr"):
    texts = [r["text"] for r in records if r.get("language") == language]
    for name in PIPELINES[language]:  # the packages the build loads, as they ship
        try:
            model = importlib.import_module(name).load()
            if sys.argv[2:] == ["sets"]:  # the lemmatiser's word lists as the build makes them
                indexed_lemmas(model)
            break
        except ImportError:
            continue
    for _ in model.pipe(texts, batch_size=16):
        pass
"""


def bench_build(sizes: list[str], jobs_list: list[int], tmp: Path) -> None:
    lines = corpus_lines()
    print("== build (each in a fresh store and its own process; validation on)")
    print(f"{'articles':>8} {'jobs':>4} {'seconds':>8} {'art/s':>7} {'peak MiB':>9} {'spaCy s':>8} {'ratio':>6} "
          f"{'vs 1 job':>8} {'CPU s':>7} {'spaCy CPU s':>11} {'CPU ratio':>9} {'spaCy MiB':>9} "
          f"{'spaCy+sets s':>12} {'ratio to it':>11}")
    for size in sizes:
        count = len(lines) if size == "all" else int(size)
        batch = tmp / f"batch-{count}.jsonl"
        batch.write_text("\n".join(lines[:count]) + "\n", encoding="utf-8")
        spacy = run_measured([sys.executable, "-c", SPACY_ONLY, str(batch)])
        sets = run_measured([sys.executable, "-c", SPACY_ONLY, str(batch), "sets"])
        one = None
        for jobs in jobs_list:
            store = tmp / f"store-{count}-{jobs}"
            built = run_measured(build_command(batch, store, jobs))
            seconds = built.seconds
            one = seconds if jobs == 1 else one
            speedup = f"{one / seconds:.2f}x" if one and jobs != 1 else ""
            print(f"{count:>8} {jobs:>4} {seconds:>8.1f} {count / seconds:>7.2f} {built.peak_mib:>9.0f} "
                  f"{spacy.seconds:>8.1f} {seconds / spacy.seconds:>6.2f} {speedup:>8} {built.cpu:>7.1f} "
                  f"{spacy.cpu:>11.1f} {built.cpu / spacy.cpu:>9.2f} {spacy.peak_mib:>9.0f} "
                  f"{sets.seconds:>12.1f} {seconds / sets.seconds:>11.2f}", flush=True)
            shacl = next((line for line in built.output.splitlines() if line.startswith("SHACL")), "")
            if "conforms" in shacl and "not" in shacl:
                print(f"         {shacl}")
        if any(jobs > 1 for jobs in jobs_list):
            halves = spacy_in_two(lines[:count], tmp)
            print(f"         raw spaCy in 2 processes at once (half the articles each): {halves:.1f} s, "
                  f"{spacy.seconds / halves:.2f}x one process (what two processes gain here on spaCy alone)", flush=True)


def spacy_in_two(lines: list[str], tmp: Path) -> float:
    """Wall seconds of raw spaCy run by two processes at once, each on every other article."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    halves = []
    for index in range(2):
        half = tmp / f"half-{index}.jsonl"
        half.write_text("\n".join(lines[index::2]) + "\n", encoding="utf-8")
        halves.append(half)
    started = time.perf_counter()
    processes = [subprocess.Popen([sys.executable, "-c", SPACY_ONLY, str(half)], env=env) for half in halves]
    if any(process.wait() != 0 for process in processes):
        raise SystemExit("raw spaCy failed")
    return time.perf_counter() - started


def bench_incremental(base: int, add: int, tmp: Path) -> None:
    lines = corpus_lines()
    base_batch, add_batch = tmp / "base.jsonl", tmp / "add.jsonl"
    base_batch.write_text("\n".join(lines[:base]) + "\n", encoding="utf-8")
    add_batch.write_text("\n".join(lines[base:base + add]) + "\n", encoding="utf-8")
    store = tmp / "store-incremental"
    print(f"== incremental: {add} articles added to a store of {base}, against the {add} built alone (one job)")
    seconds = run_measured(build_command(base_batch, store, 2)).seconds
    print(f"store of {base}: built in {seconds:.1f} s (2 jobs)")
    added, _, _, out_added = run_measured(build_command(add_batch, store, 1))
    alone = run_measured(build_command(add_batch, tmp / "store-alone", 1)).seconds
    again = run_measured(build_command(add_batch, store, 1)).seconds
    print(f"add {add} to {base}: {added:.1f} s; the {add} alone: {alone:.1f} s; ratio {added / alone:.2f}")
    print(f"the same {add} again (unchanged, nothing extracted): {again:.1f} s")
    print("  " + " | ".join(line for line in out_added.splitlines() if line.startswith(("documents", "SHACL"))))


def synthetic_store(template: Path, claims_wanted: int, target: Path) -> int:
    """A store of about `claims_wanted` claims: copies of the template store's document graphs,
    their records and the events under new IRIs (agents shared); returns the number of claims."""
    import pyoxigraph as ox

    from claimgraph.store import Store

    with Store.open(template) as store:
        quads = store._store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()
        per_copy = len(store.query("PREFIX cg: <https://w3id.org/claimgraph/ontology#> "
                                   "SELECT ?c WHERE { ?c cg:inDocument ?d }"))
    agents = [q for q in quads if q.endswith("/graph/agents> .")]
    body = [q for q in quads if not q.endswith("/graph/agents> .")]
    copies = max(1, round(claims_wanted / per_copy))
    out = ox.Store(str(target))
    out.bulk_load(input="\n".join(agents).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    for index in range(copies):
        text = "\n".join(body)
        if index:
            for kind in ("doc/", "claim/", "graph/", "record/", "event/", "extraction/"):
                text = text.replace(f"/claimgraph/id/{kind}", f"/claimgraph/id/{kind}c{index}-")
            text = text.replace(f"/claimgraph/id/graph/c{index}-agents", "/claimgraph/id/graph/agents")
            # each copy its own article ids (dcterms:identifier, and the claims table's view)
            text = text.replace('<http://purl.org/dc/terms/identifier> "', f'<http://purl.org/dc/terms/identifier> "c{index}-')
            text = "\n".join(_renamed_view(line, f"c{index}-") if "#claimRows>" in line else line
                             for line in text.split("\n"))
        out.bulk_load(input=text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    out.flush()
    del out
    return copies * per_copy


def _renamed_view(line: str, prefix: str) -> str:
    """An N-Quads line holding a document's rows of the claims table (table.py), its article id
    prefixed."""
    import pyoxigraph as ox

    quad = next(iter(ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_QUADS)))
    head, _, block = quad.object.value.partition("\n")
    old, resort = json.loads(head)
    block = "".join(prefix + row + "\r\n" if row.startswith(old + ",") else row + "\r\n"
                    for row in block.split("\r\n")[:-1])
    text = json.dumps([prefix + old, resort], ensure_ascii=False) + "\n" + block
    renamed = ox.Quad(quad.subject, quad.predicate, ox.Literal(text), quad.graph_name)
    return ox.serialize([renamed], format=ox.RdfFormat.N_QUADS).decode("utf-8").strip()


def best_of(runs: int, action) -> tuple[float, int]:
    best, rows = float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = action()
        best = min(best, time.perf_counter() - started)
    return best, rows


def ten_documents_focus(store) -> dict[str, list[str]]:
    """What a build of 10 documents has the store-wide checks look at: the agents its claims
    name and the events they report (as `pipeline.build` passes them to `run_checks`)."""
    rows = store.query("""PREFIX cg: <https://w3id.org/claimgraph/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT DISTINCT ?a ?e WHERE {
          { SELECT ?d WHERE { ?d cg:recordHash ?h } LIMIT 10 }
          ?c cg:inDocument ?d .
          { ?c prov:wasAttributedTo ?a } UNION { ?c cg:relayedBy/prov:wasAttributedTo ?a } UNION { ?c cg:reportOf ?e } }""")
    return {"agent": sorted({str(r.a) for r in rows if r.a is not None}),
            "event": sorted({str(r.e) for r in rows if r.e is not None})}


def bench_queries(sizes: list[int], tmp: Path, template: Path, sparql_up_to: int) -> None:
    from claimgraph import query as queries
    from claimgraph.store import Store
    from claimgraph.validate import run_checks

    print(f"== queries on synthetic stores (copies of {template.name}'s document graphs)")
    print(f"{'claims':>9} {'quads':>11} {'load s':>7} {'claims_table s':>15} {'rows':>9} {'as query s':>15} "
          f"{'attribution_chain ms':>21} {'store checks s':>15} {'10 docs checks s':>18}")
    table, chain = queries.load_query("claims_table"), queries.load_query("attribution_chain")
    for size in sizes:
        target = tmp / f"synthetic-{size}"
        started = time.perf_counter()
        claims = synthetic_store(template, size, target)
        load = time.perf_counter() - started
        with Store.open(target) as store:
            one = str(next(iter(store.query("PREFIX cg: <https://w3id.org/claimgraph/ontology#> "
                                            "SELECT ?c WHERE { ?c cg:inDocument ?d } LIMIT 1"))).c)
            # as `claimgraph query claims_table --format csv` runs it (from its view, table.py)
            seconds, rows = best_of(3, lambda: queries.run_serialized(store, table, {}, "csv").count("\r\n") - 1)
            if claims <= sparql_up_to:  # the query itself, evaluated by Oxigraph (one run)
                evaluated, _ = best_of(1, lambda: len(store.execute(table.text, {}, fmt="csv")))
                same = store.execute(table.text, {}, fmt="csv") == queries.run_serialized(store, table, {}, "csv")
                evaluated_text = f"{evaluated:.2f}" + (" same" if same else " DIFFERENT")
            else:
                evaluated_text = "-"
            chain_seconds, _ = best_of(3, lambda: len(queries.run(store, chain, {"claim": one})))
            checks, _ = best_of(1, lambda: len(run_checks(store, scope="store")))
            focus = ten_documents_focus(store)
            focused, _ = best_of(3, lambda: len(run_checks(store, scope="store", focus=focus)))
            print(f"{claims:>9} {len(store):>11} {load:>7.1f} {seconds:>15.2f} {rows:>9} {evaluated_text:>15} "
                  f"{chain_seconds * 1000:>21.1f} {checks:>15.2f} {focused:>18.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000,all")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--base", type=int, default=2500)
    parser.add_argument("--add", type=int, default=10)
    parser.add_argument("--claims", default="10000,100000,1000000")
    parser.add_argument("--query-up-to", type=int, default=100_000,
                        help="evaluate claims_table as a query too, up to this many claims (it takes minutes at 1M)")
    parser.add_argument("--skip", default="", help="comma-separated: build, incremental, queries")
    parser.add_argument("--tmp", help="work folder (default: a temporary one, removed at the end)")
    parser.add_argument("--template", help="a store to copy for the query benchmark (default: build 1,000 articles)")
    args = parser.parse_args()
    if not CORPUS.is_file():
        raise SystemExit(f"no corpus at {CORPUS}")
    skip = set(filter(None, args.skip.split(",")))
    if args.tmp:
        Path(args.tmp).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.tmp) as folder:
        tmp = Path(folder)
        if "build" not in skip:
            bench_build(args.sizes.split(","), [int(j) for j in args.jobs.split(",")], tmp)
        if "incremental" not in skip:
            bench_incremental(args.base, args.add, tmp)
        if "queries" not in skip:
            template = Path(args.template) if args.template else tmp / "store-template"
            if not args.template:
                batch = tmp / "template.jsonl"
                batch.write_text("\n".join(corpus_lines()[:1000]) + "\n", encoding="utf-8")
                subprocess.run(build_command(batch, template, 2) + ["--no-validate"], check=True, capture_output=True)
            bench_queries([int(s) for s in args.claims.split(",")], tmp, template, args.query_up_to)


if __name__ == "__main__":
    main()
