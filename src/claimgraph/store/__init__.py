"""Storage: the Oxigraph archive (`Store`), graph files read into memory, atomic writes."""
from .oxigraph import (FORMATS, GRAPH_PREFIX, RECORD_PREFIX, Store, bind_values, prefixes, write_atomic,
                       write_many_atomic)
from .remote import RemoteStore, is_remote, remote_from_environment
from .terms import Result

__all__ = ["FORMATS", "GRAPH_PREFIX", "RECORD_PREFIX", "RemoteStore", "Result", "Store", "bind_values", "connect",
           "is_remote", "open_readable",
           "prefixes", "write_atomic", "write_many_atomic"]


def open_readable(store: str | None = None, graph: str | None = None):
    """The store at `store` (a folder built by `claimgraph build`, or the URL of a SPARQL server
    holding one), or a graph file read into memory (`graph`); one of the two."""
    if graph is not None:
        return Store.from_file(graph)
    if is_remote(store):
        return remote_from_environment(store, read_only=True)
    return Store.open(store)


def connect(location, *, read_only: bool = False):
    """A writable store: a folder (created if need be), a SPARQL server's URL, or None (in memory)."""
    if is_remote(location):
        return remote_from_environment(location, read_only=read_only)
    return Store(location, read_only=read_only)
