"""Where the project's data files are: ontology/ and queries/ at the top of the checkout.

Set CLAIMGRAPH_HOME to use another copy (for example a customised shapes file).
"""
from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    env = os.environ.get("CLAIMGRAPH_HOME")
    candidates = [Path(env)] if env else []
    candidates += [Path(__file__).resolve().parents[2], Path.cwd()]
    for candidate in candidates:
        if (candidate / "ontology" / "shapes.ttl").is_file() and (candidate / "queries").is_dir():
            return candidate
    raise FileNotFoundError("cannot find the claimgraph ontology/ and queries/ folders; set CLAIMGRAPH_HOME")


def ontology(name: str = "claimgraph.ttl") -> Path:
    return home() / "ontology" / name


def queries() -> Path:
    return home() / "queries"
