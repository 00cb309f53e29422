from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """The seed articles built once for the whole session."""
    from claimgraph.pipeline import build

    out = tmp_path_factory.mktemp("out")
    return build([str(SEEDS)], out), out


def claims_of(text: str, language: str, date: str | None = None):
    from claimgraph import gazetteer
    from claimgraph.extract import extract
    from claimgraph.ingest import from_text

    document = from_text(text, doc_id="t", location="test", language=language, date=date)
    return extract(document, gazetteer.load())


def only(claims, kind):
    return [c for c in claims if c.kind == kind]
