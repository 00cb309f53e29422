"""Generated texts through extraction and the graph: no exception, no hang, every span inside
the text and equal to its quote selector, and the graph the same after Turtle, TriG and JSON-LD.

`CLAIMGRAPH_FUZZ_EXAMPLES` sets the number of cases (default 1,000). The cases are derandomised,
so every run replays the same texts (`pytest tests/hostile/test_fuzz.py`); with
`CLAIMGRAPH_FUZZ_RANDOM=1` each run draws new ones (a longer campaign)."""
from __future__ import annotations

import os
import signal
from functools import lru_cache

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("CLAIMGRAPH_FUZZ_EXAMPLES", "1000"))
RANDOM = bool(os.environ.get("CLAIMGRAPH_FUZZ_RANDOM"))
CASE_SECONDS = 20  # a case that runs longer is a hang

WORDS = [
    # sources, cues, verbs, nouns of both languages
    "The governor", "the ministry", "Reuters", "AFP", "le gouverneur", "selon", "according to", "said", "told",
    "a déclaré", "a affirmé", "ont été tués", "were killed", "killed", "wounded", "blessés", "morts", "soldiers",
    "soldats", "civilians", "civils", "threatened", "a menacé", "warned", "would respond", "if", "si",
    "at least", "au moins", "more than", "plus de", "dozens", "des dizaines", "Turkey", "Syrie", "Idlib",
    # numbers and dates, well formed or not
    "12", "1,5", "1.000", "22", "33", "twenty-two", "vingt-deux", "100,000", "-3", "10e9", "99999999999999999999",
    "Friday", "vendredi", "27 février", "February 27", "2020-02-30", "31/02/2020", "jeudi 27", "last week", "hier",
    # quotes and punctuation
    '"', "“", "”", "«", "»", "'", "‘", "’", "«\u00a0", "\u00a0»", ".", ",", ";", ":", "!", "?", "…", "-", "—", "(", ")",
    "\n", "\n\n", "\t", " ", "",
    # hostile characters
    "\x00", "\ud800", "\udfff", "\u200b", "\ufeff", "\u202e", "😀", "Ⅻ", "٣", "𝟏𝟐", "<b>", "</tweet>", "&amp;",
]
FRAGMENT = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
LONG_SENTENCE = st.builds(lambda word, n: " ".join([word] * n), st.sampled_from(WORDS[:40]), st.integers(200, 800))
TEXT = st.one_of(st.lists(FRAGMENT, max_size=80).map(" ".join), st.lists(FRAGMENT, max_size=80).map("".join),
                 st.lists(st.one_of(FRAGMENT, LONG_SENTENCE), max_size=4).map(" ".join))


@lru_cache(maxsize=1)
def _builder():
    from claimgraph import gazetteer
    from claimgraph.model import GraphBuilder

    return gazetteer.load(), GraphBuilder(gazetteer.load(), gazetteer.graph(None))


@pytest.fixture(scope="module")
def alarm():
    def expired(signum, frame):
        raise TimeoutError(f"a case ran past {CASE_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expired)
    yield
    signal.signal(signal.SIGALRM, previous)


def _triples(data: bytes, fmt) -> set:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt)}


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, database=None,
          suppress_health_check=list(HealthCheck))
@given(text=TEXT, language=st.sampled_from(["en", "fr"]), date=st.sampled_from([None, "2020-02-28", "2020"]))
def test_generated_texts(alarm, text, language, date):
    from claimgraph.errors import IngestError
    from claimgraph.extract import extract
    from claimgraph.ingest import from_text
    from claimgraph.pipeline import extraction_of
    from claimgraph.store import Store

    gazetteer, builder = _builder()
    signal.alarm(CASE_SECONDS)
    try:
        try:
            document = from_text(text, doc_id="fuzz", location="fuzz.txt", language=language, date=date)
        except IngestError:
            return
        assert len(document.text) == len(document.masked) == len(text)
        if not document.masked.strip():
            return
        claims = extract(document, gazetteer)
        for claim in claims:
            assert 0 <= claim.start < claim.end <= len(document.text), claim
            for agent in [claim.source] + [hop.agent for hop in claim.via]:
                if agent is not None and agent.start is not None:
                    assert 0 <= agent.start < agent.end <= len(document.text), agent
        graph = builder.document_graph(document, claims, None, extraction_of(language))
    finally:
        signal.alarm(0)
    store = Store.of_graph(graph)
    selectors = store.query("""PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?start ?end ?exact WHERE { ?target oa:hasSelector ?p, ?q .
          ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }""")
    assert len(selectors) == len(claims)
    for row in selectors:
        assert document.text[int(row.start):int(row.end)] == str(row.exact)
    original = _triples(store.serialize(ox.RdfFormat.N_TRIPLES), ox.RdfFormat.N_TRIPLES)
    assert len(original) == len(graph)
    for fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD):
        assert _triples(store.serialize(fmt), fmt) == original, fmt
