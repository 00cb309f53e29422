"""The wheel works outside the checkout: built from a copy of the sources, installed into a fresh
venv (its dependencies taken from this environment, nothing downloaded), every command run on
the seeds from a folder that is not the checkout."""
from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("src", "ontology", "queries"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(tmp / "dist"), "-q"], check=True, capture_output=True)
    [wheel] = (tmp / "dist").glob("claimgraph-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # the dependencies (spaCy, its pipelines, rdflib, …) from this environment, after the venv's own
    (Path(purelib) / "claimgraph-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], check=True,
                   capture_output=True)
    work = tmp / "work"
    work.mkdir()
    return venv / "bin" / "claimgraph", python, work


def _run(installed, *args, expect=0):
    claimgraph, _python, work = installed
    done = subprocess.run([str(claimgraph), *args], cwd=work, capture_output=True, text=True, timeout=300)
    assert done.returncode == expect, (args, done.stdout[-2000:], done.stderr[-2000:])
    return done.stdout


def test_the_data_files_come_from_the_installed_package(installed):
    _claimgraph, python, work = installed
    where = subprocess.run([str(python), "-c", "from claimgraph import paths, gazetteer, lexicon; "
                            "print(paths.ontology('shapes.ttl')); print(paths.queries()); import claimgraph; "
                            "print(claimgraph.__file__)"],
                           cwd=work, capture_output=True, text=True, check=True).stdout.split()
    assert all(str(ROOT) not in line and "site-packages" in line for line in where), where


def test_every_command_works_from_the_wheel(installed):
    from claimgraph import __version__

    assert _run(installed, "--version").strip() == f"claimgraph, version {__version__}"
    output = _run(installed, "build", str(ROOT / "seeds"), "--out", "out", "--quiet", "--jobs", "1")
    assert "SHACL: conforms" in output
    table = _run(installed, "query", "claims_table", "--store", "out/store", "--format", "csv")
    assert table.startswith("doc,kind,start,end") and table.count("\n") > 50
    assert "Conforms" in _run(installed, "validate", "--store", "out/store")
    assert "Conforms" in _run(installed, "validate", "out/graph.ttl")
    claim = next(line for line in _run(installed, "query", "attribution_chain", "--store", "out/store",
                                       "--format", "csv").splitlines()[1:] if "/claim/" in line)
    short = claim.split("/claim/")[1][:8]
    assert "claim" in _run(installed, "trace", short, "--store", "out/store")
    assert _run(installed, "export", "--store", "out/store", "--format", "jsonld").startswith(("[", "{"))
    assert "wrote" in _run(installed, "viz", "--store", "out/store", "--out", "g.graphml")
    # the bundled renderer ships in the wheel: the page carries vis-network inline
    assert "wrote" in _run(installed, "viz", "--store", "out/store", "--out", "g.html")
    assert "vis-network" in (installed[2] / "g.html").read_text(encoding="utf-8")
    assert "wrote" in _run(installed, "report", "--store", "out/store", "--day", "2020-02-27", "--out", "r.html")
    doc = table.splitlines()[1].split(",")[0]
    assert f"removed {doc}" in _run(installed, "remove", doc, "--store", "out/store")
