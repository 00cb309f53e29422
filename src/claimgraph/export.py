"""Export the store (or a graph file) as Turtle, TriG, JSON-LD or N-Triples; the internal record
graphs are left out, and the output is sorted, so the same store exports the same bytes."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .errors import GraphError
from .store import Store, write_atomic

EXPORT_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
                  "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS}


def export(store: Store, fmt: str, out: str | Path | None = None) -> bytes:
    if fmt not in EXPORT_FORMATS:
        raise GraphError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    data = store.serialize(EXPORT_FORMATS[fmt])
    if out is not None:
        write_atomic(Path(out), data)
    return data
