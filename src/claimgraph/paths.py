"""Where claimgraph's data files are: the ontology (`ontology/`: classes, shapes, JSON-LD context)
and the queries (`queries/`). In the checkout they sit at its top; an installed wheel ships them
inside the package (`claimgraph.ontology`, `claimgraph.queries`), found through importlib.

Set CLAIMGRAPH_HOME to a folder holding `ontology/` and `queries/` to use another copy (for
example a customised shapes file).
"""
from __future__ import annotations

import os
from functools import lru_cache
import importlib.util
from pathlib import Path


@lru_cache(maxsize=None)
def _folder(kind: str) -> Path:
    env = os.environ.get("CLAIMGRAPH_HOME")
    if env:
        folder = Path(env) / kind
        if not folder.is_dir():
            raise FileNotFoundError(f"CLAIMGRAPH_HOME={env} has no {kind}/ folder")
        return folder
    spec = importlib.util.find_spec(f"claimgraph.{kind}")  # a data-only package: its folder
    if spec is not None and spec.submodule_search_locations:
        folder = Path(list(spec.submodule_search_locations)[0])
    else:
        folder = Path(__file__).resolve().parents[2] / kind  # a source tree on sys.path, not installed
    if not folder.is_dir():
        raise FileNotFoundError(f"cannot find claimgraph's {kind}/ folder; reinstall claimgraph or set CLAIMGRAPH_HOME")
    return folder


def ontology(name: str = "claimgraph.ttl") -> Path:
    return _folder("ontology") / name


def queries() -> Path:
    return _folder("queries")
