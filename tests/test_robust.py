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
