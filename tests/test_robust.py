"""Extraction never hangs: token comparisons by index, bounded climbs (one-line reproducers)."""
import signal

import pytest
from conftest import claims_of


@pytest.fixture
def deadline():
    """Fail (instead of hanging the suite) when the body runs past 20 s."""
    def expired(signum, frame):
        raise TimeoutError("extraction did not finish within 20 s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("text, language", [
    ("Friday 12 soldiers killed in", "en"),
    ("Friday, 12 soldiers dead.", "en"),
    ("1,5 blessés vendredi", "fr"),
    ("Vendredi 12 soldats tués dans", "fr"),
])
def test_casualty_date_on_a_verbless_sentence_terminates(deadline, text, language):
    claims_of(text, language, date="2020-02-28")


def test_governing_verb_stops_at_the_root():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from claimgraph.extract.context import governing_verb

    doc = Doc(Vocab(), words=["Friday", "12", "soldiers"], heads=[2, 2, 2], deps=["npadvmod", "nummod", "ROOT"],
              pos=["PROPN", "NUM", "NOUN"])
    assert governing_verb(doc[0]).i == 2
    assert governing_verb(doc[2]).i == 2


def test_build_skips_a_document_past_its_time_limit(tmp_path, monkeypatch):
    import time

    from claimgraph import pipeline, workers

    (tmp_path / "slow.txt").write_text("The mayor said the bridge would reopen on Monday.", encoding="utf-8")
    (tmp_path / "fast.txt").write_text("The minister said the school would close on Friday.", encoding="utf-8")
    real = workers.run_rules

    def rules(document, doc, gazetteer):  # the rules stand still on one document
        if document.doc_id == "slow":
            time.sleep(30)
        return real(document, doc, gazetteer)

    monkeypatch.setattr(workers, "run_rules", rules)
    started = time.perf_counter()
    result = pipeline.build([str(tmp_path)], None, validate=False, doc_timeout=1.0)
    assert time.perf_counter() - started < 20
    assert result.documents == ["fast"]
    [skipped] = result.skipped
    assert skipped.cause == "timeout" and skipped.location.endswith("slow.txt")
    assert "longer than 1 s" in skipped.reason


def test_sentence_starts_are_set_in_linear_time():
    import time

    from claimgraph import nlp

    pipeline = nlp.pipeline("en")
    paragraph = "The mayor said the bridge would reopen. \"We are ready,\" she added.\n"

    def seconds(n: int) -> float:
        doc = pipeline.make_doc(paragraph * n)
        started = time.perf_counter()
        nlp.sentence_fixes(doc)
        return time.perf_counter() - started

    seconds(10)
    small, large = seconds(300), seconds(3000)  # about 20k and 200k characters
    assert large < 30 * small + 0.05, (small, large)
    doc = nlp.sentence_fixes(pipeline.make_doc(paragraph * 2))
    assert [s.text.strip() for s in doc.sents][:3] == ["The mayor said the bridge would reopen.",
                                                       "\"We are ready,\" she added.",
                                                       "The mayor said the bridge would reopen."]


def test_no_identity_comparison_of_spacy_tokens_in_the_code():
    """spaCy builds a new Token at every access: 'head is not token' is always true (an endless climb)."""
    import re
    from pathlib import Path

    import claimgraph

    pattern = re.compile(r"\.(head|token)\s+is\s+(not\s+)?\w+|\bis\s+(not\s+)?\w+\.head\b")
    offending = [f"{path.name}:{n}: {line.strip()}"
                 for path in Path(claimgraph.__file__).parent.rglob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line) and "None" not in line]
    assert offending == []


def test_a_batch_that_cannot_be_parsed_together_is_parsed_one_by_one(tmp_path, monkeypatch):
    """When spaCy fails on a batch (one document too long for it, say), every document is parsed
    again on its own: the good ones are kept, only the bad one is skipped."""
    from claimgraph import nlp, pipeline

    for name, text in (("a", "The mayor said the bridge would reopen on Monday."),
                       ("b", "The minister said the school would close on Friday.")):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c.txt").write_text("The governor said the road would open. " * 40, encoding="utf-8")
    real_parse = nlp.parse

    def parse_many(texts, language):
        raise ValueError("[E088] Text of length 1600 exceeds maximum")

    def parse(text, language):
        if len(text) > 1000:
            raise ValueError("[E088] Text of length 1600 exceeds maximum")
        return real_parse(text, language)

    monkeypatch.setattr(nlp, "parse_many", parse_many)
    monkeypatch.setattr(nlp, "parse", parse)
    result = pipeline.build([str(tmp_path)], None, validate=False)
    assert result.documents == ["a", "b"]
    [skipped] = result.skipped
    assert skipped.location.endswith("c.txt") and "E088" in skipped.reason
