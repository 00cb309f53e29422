"""claimgraph: news articles to a claim-provenance knowledge graph."""
import os

# The small spaCy pipelines multiply small matrices: OpenBLAS threads only get in each other's
# way (and in the way of --jobs worker processes). Measured by bench/archive.py's spaCy baseline
# conditions: one thread parses the same articles faster. A value the user sets is kept.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

__version__ = "0.2.0"
