"""Requests per second and latency of `claimgraph serve` on a store, from a bounded load loop on
127.0.0.1: `claims_table` (every claim, CSV) and `attribution_chain` for one claim (JSON).

    python bench/serve.py STORE [--requests 200] [--clients 1,4]
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import requests


def _load(url: str, params: dict, headers: dict, total: int, clients: int) -> tuple[float, list[float]]:
    """`total` requests from `clients` threads; (seconds in all, each request's latency)."""
    session_of = {}

    def one(_):
        import threading

        session = session_of.setdefault(threading.get_ident(), requests.Session())
        started = time.perf_counter()
        response = session.get(url, params=params, headers=headers, timeout=120)
        response.raise_for_status()
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(one, range(total)))
    return time.perf_counter() - started, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", default="1,4")
    args = parser.parse_args()
    process = subprocess.Popen([sys.executable, "-m", "claimgraph.cli", "serve", "--store", args.store, "--port", "0",
                                "--timeout", "120"], stdout=subprocess.PIPE, text=True)
    try:
        base = "http://127.0.0.1:" + re.search(r":(\d+)/sparql", process.stdout.readline()).group(1)
        rows = requests.get(f"{base}/queries/claims_table", headers={"Accept": "text/csv"}, timeout=120).text
        claims = rows.count("\n") - 1
        claim = requests.get(f"{base}/sparql", timeout=60, params={
            "query": "SELECT ?c WHERE { ?c <https://w3id.org/claimgraph/ontology#inDocument> ?d } LIMIT 1"}
        ).json()["results"]["bindings"][0]["c"]["value"]
        print(f"store {args.store}: {claims} claims")
        print(f"{'query':<18} {'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for name, params, headers, total in (
                ("claims_table", {}, {"Accept": "text/csv"}, max(5, args.requests // 20)),
                ("attribution_chain", {"claim": claim}, {"Accept": "application/sparql-results+json"}, args.requests)):
            for clients in (int(c) for c in args.clients.split(",")):
                seconds, latencies = _load(f"{base}/queries/{name}", params, headers, total, clients)
                latencies.sort()
                p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
                print(f"{name:<18} {clients:>7} {total:>8} {total / seconds:>8.1f} "
                      f"{statistics.median(latencies) * 1000:>8.1f} {p95 * 1000:>8.1f}", flush=True)
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
