"""Extraction: a parsed article → claim mentions (statements, casualty counts and threats).

`extract(document, gazetteer)` parses the document's masked text with spaCy and returns
frozen `Claim` records; no spaCy object leaves this package. Attribution follows BBC
citron's decomposition: cue (`cue.py`, `nominal.py`) → source (`source.py`) → content
(`statements.py`); casualties (`casualty.py`, `single.py`) and threats (`threat.py`) take
the source of the speech act that reports them, or none (the article's own claim), in
`assemble.py`; embedded posts are read by `posts.py`.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..identity import EMPTY, Gazetteer
from ..records import Claim, Document
from .assemble import casualties, dedupe, statement_claim, threats
from .context import Context
from .cue import Cue, find_cues, keep_mentions
from .posts import embedded_posts
from .source import SourceResolver
from .statements import Statement, bylines, note_subjects, statements


COVER_REACH = 12  # sentences


def extract(document: Document, gazetteer: Gazetteer = EMPTY) -> list[Claim]:
    """Claim mentions of one document."""
    from .. import nlp

    return extract_doc(document, nlp.parse(document.masked, document.language), gazetteer)


def extract_doc(document: Document, doc: Doc, gazetteer: Gazetteer = EMPTY) -> list[Claim]:
    ctx = Context(document, doc, gazetteer)
    resolver = SourceResolver(ctx)
    sents = [s for s in doc.sents if s.text.strip()]
    per_sentence: list[list[Statement]] = []
    all_cues: list[list[Cue]] = []
    for idx, sent in enumerate(sents):
        cues = find_cues(sent, ctx)
        kept = keep_mentions(list(cues), ctx)
        all_cues.append(cues)
        per_sentence.append(statements(sent, idx, sents, kept, ctx, resolver))
        note_subjects(sent, resolver)
    bylines(sents, per_sentence, ctx, resolver)

    claims: list[Claim] = []
    for idx, sent in enumerate(sents):
        for st in per_sentence[idx]:
            if st.emit and st.source is not None:
                claims.append(statement_claim(document, "statement", st.start, st.end, st, ctx))
        claims.extend(casualties(sent, all_cues[idx], per_sentence[idx], ctx, resolver, document))
        # speech acts whose span covers this sentence: its own, or a later one whose quotation
        # opened here (a quotation reaches back a few sentences at most)
        covering = [st for sts in per_sentence[idx:idx + COVER_REACH] for st in sts
                    if st.emit and st.source is not None and st.start <= sent.start_char and sent.end_char - 1 <= st.end + 1]
        covering += [st for st in per_sentence[idx] if st.emit and st.source is not None and st not in covering]
        claims.extend(threats(sent, covering, ctx, resolver, document))
    claims.extend(embedded_posts(document))
    return dedupe(claims)
