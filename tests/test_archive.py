"""The archive: incremental builds give what one build gives, unchanged documents cost nothing,
removal undoes an addition, worker processes change nothing, and a killed build is finished by
the next one."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimgraph.export import export
from claimgraph.pipeline import build, remove
from claimgraph.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def exported(store_dir: Path) -> bytes:
    with Store.open(store_dir) as store:
        return export(store, "nq")


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The seeds built in one go (no validation: the seeds' validation is tested elsewhere)."""
    store = tmp_path_factory.mktemp("whole") / "store"
    result = build([str(p) for p in SEEDS], store=store, validate=False)
    result.store.close()
    return store


def test_adding_in_two_builds_gives_what_one_build_gives(whole, tmp_path):
    store = tmp_path / "store"
    first = build([str(p) for p in SEEDS[:2]], store=store, validate=False)
    first.store.close()
    second = build([str(p) for p in SEEDS[2:]], store=store, validate=False)
    second.store.close()
    assert len(second.documents) == 3
    assert exported(store) == exported(whole)


def test_an_unchanged_document_is_not_extracted_again(whole, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(whole, store)
    before = exported(store)
    again = build([str(p) for p in SEEDS], store=store)
    again.store.close()
    assert again.documents == [] and len(again.unchanged) == len(SEEDS) and not again.rewritten
    assert again.timings["spacy"] == 0
    assert again.report.conforms, again.report.text()
    assert exported(store) == before


def test_a_changed_document_replaces_its_graph(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    article = inputs / "a.txt"
    article.write_text("At least 7 soldiers were killed in the ambush on Monday, the army said.", encoding="utf-8")
    store = tmp_path / "store"
    build([str(inputs)], store=store).store.close()
    article.write_text("At least 9 soldiers were killed in the ambush on Monday, the army said.", encoding="utf-8")
    result = build([str(inputs)], store=store)
    assert result.documents == ["a"] and result.report.conforms, result.report.text()
    rows = list(result.store.query("PREFIX cg: <https://w3id.org/claimgraph/ontology#> "
                                   "SELECT ?n WHERE { ?c cg:countMin ?n }"))
    assert [int(r.n) for r in rows] == [9]
    result.store.close()


def test_removing_a_document_undoes_adding_it(whole, tmp_path):
    without = tmp_path / "without"
    build([str(p) for p in SEEDS[1:]], store=without, validate=False).store.close()
    store = tmp_path / "store"
    shutil.copytree(whole, store)
    doc_id = SEEDS[0].stem
    removed, _settled = remove([doc_id, "no-such-document"], store)
    assert removed == [doc_id]
    assert exported(store) == exported(without)


def test_two_worker_processes_give_what_one_gives(whole, tmp_path):
    store = tmp_path / "store"
    result = build([str(p) for p in SEEDS], store=store, validate=False, jobs=2)
    result.store.close()
    assert exported(store) == exported(whole)


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.exists() else 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_killed_build_leaves_a_store_the_next_build_finishes(whole, tmp_path):
    """Kill real build processes (SIGKILL) while they write (once the store has grown, then a
    little later); after each kill the store opens, and the next build ends with the store one
    uninterrupted build gives."""
    store = tmp_path / "store"
    command = [sys.executable, "-m", "claimgraph.cli", "build", *map(str, SEEDS), "--store", str(store),
               "--no-validate", "--quiet", "--jobs", "1"]
    kills = 0
    for extra in (0.0, 1.5):
        before = _size(store)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        deadline = time.monotonic() + 120
        while _size(store) <= before and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(extra)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        with Store(store):
            pass  # the store opens (read-write, as the next build opens it) after a kill
    assert kills >= 1, "the builds ended before they could be killed"
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert exported(store) == exported(whole)
