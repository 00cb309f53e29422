"""Load the lexicons kept as data files in `claimgraph/lexicons/` (once each)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The JSON lexicon `name` (without `.json`); keys starting with `_` are comments."""
    path = resources.files("claimgraph").joinpath("lexicons", f"{name}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}
