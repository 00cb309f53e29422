"""Per-document state shared by the extraction rules: lexicon, quotes, dates, speakers."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .. import lexicon as lexicons
from ..identity import EMPTY, Gazetteer, normalize
from ..records import AgentRef, Document
from .. import dates
from . import quotes


def lower(token: Token) -> str:
    return token.text.lower().replace("’", "'")


def lemma(token: Token) -> str:
    return token.lemma_.lower().replace("’", "'")


COND_ENDINGS = ("ait", "aient", "ais", "ions", "iez")


def is_conditional(token: Token, ctx: "Context") -> bool:
    """Conditional mood, from the parser's morphology or, where the small models call it an
    imperfect, from the form: the infinitive plus an imperfect ending ('envisager' →
    'envisagerait', 'prendre' → 'prendrait'), or a listed irregular form ('pourrait')."""
    if "Cnd" in token.morph.get("Mood"):
        return True
    low = lower(token)
    if low in ctx.words("conditional_forms"):
        return True
    if ctx.document.language != "fr" or token.pos_ not in ("VERB", "AUX"):
        return False
    stem = lemma(token)
    stem = stem[:-1] if stem.endswith("re") else stem
    return any(low == stem + ending for ending in COND_ENDINGS) and stem.endswith("r")


@dataclass
class Context:
    document: Document
    doc: Doc
    gazetteer: Gazetteer = EMPTY
    lex: dict = field(init=False)
    quotes: list[tuple[int, int]] = field(init=False)
    dates: dates.DocumentDates = field(init=False)
    speakers: list[AgentRef] = field(default_factory=list)  # resolved sources, in text order
    norm_text: str = field(init=False)

    def __post_init__(self) -> None:
        self.lex = lexicons.load(self.document.language)
        self.quotes = quotes.quote_spans(self.document.masked)
        self.dates = dates.DocumentDates(self.document.masked, self.document.language, self.document.date)
        self.norm_text = normalize(self.document.masked)
        self._sets: dict[str, frozenset] = {}

    # lexicon helpers -------------------------------------------------------------------------
    def words(self, key: str) -> frozenset[str]:
        if key not in self._sets:
            self._sets[key] = frozenset(w.lower() for w in self.lex.get(key, []))
        return self._sets[key]

    def is_word(self, token: Token, key: str) -> bool:
        words = self.words(key)
        return lemma(token) in words or lower(token) in words

    def phrase_before(self, token: Token, key: str, group: str | None = None) -> list[str] | None:
        """A lexicon phrase ending just before `token` (longest first)."""
        phrases = self.lex[key][group] if group else self.lex[key]
        for phrase in sorted(phrases, key=len, reverse=True):
            n = len(phrase)
            if token.i - n < token.sent.start:
                continue
            window = [lower(t) for t in self.doc[token.i - n:token.i]]
            if window == [w.lower() for w in phrase]:
                return phrase
        return None

    def phrase_at(self, token: Token, key: str) -> list[str] | None:
        """A lexicon phrase starting at `token` (longest first)."""
        for phrase in sorted(self.lex[key], key=len, reverse=True):
            n = len(phrase)
            window = [lower(t) for t in self.doc[token.i:token.i + n]]
            if window == [w.lower() for w in phrase]:
                return phrase
        return None

    # text helpers ---------------------------------------------------------------------------
    def in_quote(self, token: Token) -> tuple[int, int] | None:
        start = token.idx
        for s, e in self.quotes:
            if s < start < e - 1:
                return (s, e)
        return None

    def sentence_quotes(self, sent: Span) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self.quotes if s < sent.end_char and e > sent.start_char]
