"""claimgraph: news articles to a claim-provenance knowledge graph."""

__version__ = "0.1.0"
