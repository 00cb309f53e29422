"""Storage: the Oxigraph archive (`Store`), graph files read into memory, atomic writes."""
from .oxigraph import (FORMATS, GRAPH_PREFIX, RECORD_PREFIX, Store, bind_values, prefixes, write_atomic,
                       write_many_atomic)
from .terms import Result

__all__ = ["FORMATS", "GRAPH_PREFIX", "RECORD_PREFIX", "Result", "Store", "bind_values", "open_readable",
           "prefixes", "write_atomic", "write_many_atomic"]


def open_readable(store: str | None = None, graph: str | None = None) -> Store:
    """The store at `store` (a folder built by `claimgraph build`), or a graph file read into
    memory (`graph`); one of the two."""
    if graph is not None:
        return Store.from_file(graph)
    return Store.open(store)
