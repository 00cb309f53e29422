"""One error hierarchy for the library; the CLI maps it to exit code 2."""


class Error(Exception):
    """Base class of every error claimgraph raises on purpose."""


class IngestError(Error):
    """A document could not be read, fetched or decoded."""


class UnsupportedLanguageError(IngestError):
    """The document's language has no pipeline (only English and French have one)."""


class ModelNotInstalledError(Error):
    """A spaCy pipeline package is missing."""


class QueryError(Error):
    """A query file is unknown, does not parse, or got a bad parameter."""


class GraphError(Error):
    """A graph file is missing or does not parse."""


class DocumentTimeout(Error):
    """A document's extraction ran past its time limit (`build --doc-timeout`)."""


class QueryTimeout(QueryError):
    """A query ran past its time limit (`--timeout`)."""


class UnsafeQueryError(QueryError):
    """A query asks for something claimgraph never does: SERVICE, LOAD, or FROM a graph the
    store does not hold (nothing is ever fetched)."""


class NothingToBuild(Error):
    """A build read no document: the store and the exports are left as they were."""

    def __init__(self, skipped: list):
        self.skipped = skipped
        super().__init__("no document was read" + (f" ({len(skipped)} skipped)" if skipped else "")
                         + "; the store and the exports are unchanged")
