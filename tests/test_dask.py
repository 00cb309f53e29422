"""Extraction on a Dask distributed cluster: a LocalCluster of two worker processes on this
machine gives the same graph as a local build; the per-document time limit holds in the
workers' threads."""
from __future__ import annotations

import threading
import time

import pytest

from conftest import SEEDS


def test_a_dask_build_gives_the_graph_of_a_local_build(seeds_build, tmp_path):
    from distributed import Client, LocalCluster

    from claimgraph.pipeline import build

    _result, out = seeds_build
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        result = build([str(SEEDS)], tmp_path / "out", dask=client)
        assert len(client.scheduler_info()["workers"]) == 2
    assert sorted(result.documents) == sorted(_result.documents) and result.report.conforms
    result.store.close()
    for name in ("graph.trig", "graph.ttl"):
        assert (tmp_path / "out" / name).read_bytes() == (out / name).read_bytes()


def test_the_time_limit_holds_in_a_worker_thread():
    from claimgraph.errors import DocumentTimeout
    from claimgraph.workers import time_limit

    outcome = {}

    def slow():
        started = time.perf_counter()
        try:
            with time_limit(0.5):
                while time.perf_counter() - started < 10:  # Python work, as the rules are
                    sum(range(1000))
        except DocumentTimeout as exc:
            outcome["error"] = str(exc)
        outcome["seconds"] = time.perf_counter() - started

    thread = threading.Thread(target=slow)
    thread.start()
    thread.join(15)
    assert "longer than 0.5 s" in outcome["error"] and outcome["seconds"] < 3


def test_an_unknown_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from claimgraph import workers
    from claimgraph.cli import main

    monkeypatch.setattr(workers, "DASK_CONNECT_TIMEOUT", "2s")
    (tmp_path / "a.txt").write_text("The minister said the talks would resume on Monday.", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--store", str(tmp_path / "s"),
                                       "--dask", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in result.output
    assert "Traceback" not in result.output


pytestmark = pytest.mark.filterwarnings("ignore")
