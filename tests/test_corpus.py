"""A fixed sample of 20 real articles (../shared/corpora/news.jsonl) builds end to end:
no crash, no time-out, and the graph conforms."""
import random
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "news.jsonl"


@pytest.mark.skipif(not CORPUS.is_file(), reason=f"the real-article corpus is not at {CORPUS}")
def test_a_fixed_sample_of_real_articles_builds_and_conforms(tmp_path):
    from claimgraph.pipeline import build

    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    sample = random.Random(20).sample(lines, 20)
    batch = tmp_path / "sample.jsonl"
    batch.write_text("\n".join(sample) + "\n", encoding="utf-8")
    result = build([str(batch)], tmp_path / "out")
    assert [s for s in result.skipped if s.cause != "input"] == []
    assert len(result.documents) + len(result.skipped) == 20 and len(result.documents) >= 18
    assert result.report.conforms, result.report.text()
    assert result.claims
