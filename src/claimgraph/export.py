"""Export a graph file to Turtle, TriG, JSON-LD or N-Triples."""
from __future__ import annotations

from pathlib import Path

from .errors import GraphError
from .store import Store, write_atomic

EXPORT_FORMATS = {"ttl": "turtle", "trig": "trig", "jsonld": "json-ld", "nt": "nt"}


def export(store: Store, fmt: str, out: str | Path | None = None) -> str:
    if fmt not in EXPORT_FORMATS:
        raise GraphError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    text = store.serialize(EXPORT_FORMATS[fmt])
    if out is not None:
        write_atomic(Path(out), text)
    return text
