"""Extraction batches: one language to a batch, outcomes given back in the documents' order."""
from __future__ import annotations

from pathlib import Path

from claimgraph.ingest import read_documents
from claimgraph.records import Document
from claimgraph.workers import BATCH_SIZE, DEFAULT_DOC_TIMEOUT, Extractor, batched

ROOT = Path(__file__).resolve().parents[1]


def _documents(languages: str) -> list[Document]:
    return [Document(doc_id=f"d{i}", text="x", masked="x", language={"e": "en", "f": "fr"}[c], location=f"d{i}")
            for i, c in enumerate(languages)]


def test_batches_hold_one_language_and_outcomes_come_back_in_order():
    documents = _documents("efef" * (BATCH_SIZE // 2) + "eeff")
    batches, restore = batched(documents)
    assert sum(len({d.language for d in batch}) > 1 for batch in batches) <= 1  # only where one language ends
    assert [d.doc_id for batch in batches for d in batch if d.language == "en"] == \
        [d.doc_id for d in documents if d.language == "en"]  # each language in its order
    outcomes = [d.doc_id for batch in batches for d in batch]  # an outcome per document, as the batches give them
    assert restore(outcomes) == [d.doc_id for d in documents]


def test_extracting_interleaved_languages_gives_each_document_its_own_claims():
    seeds = [d for d in read_documents([str(ROOT / "seeds")]) if isinstance(d, Document)]
    english = [d for d in seeds if d.language == "en"]
    french = [d for d in seeds if d.language == "fr"]
    interleaved = [french[0], english[0], french[1], english[1], french[2]]
    with Extractor(1, DEFAULT_DOC_TIMEOUT, None) as extractor:
        outcomes = extractor.submit(interleaved)()
        alone = [extractor.submit([d])()[0] for d in interleaved]
    for document, (claims, _), (claims_alone, _) in zip(interleaved, outcomes, alone):
        assert claims and {c.doc_id for c in claims} == {document.doc_id}
        assert claims == claims_alone
