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
# lexicon lists of verbs, matched in every person and tense
VERB_KEYS = frozenset({"speech_verbs", "content_required", "clause_required", "new_content_participles",
                       "non_assertive_heads", "relay_verbs", "threat_verbs", "hostile_actions", "object_is_target",
                       "demand_verbs", "retaliation_words", "stop_verbs", "directive_verbs"})


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
        self._phrases: dict[tuple, dict[str, list[tuple[str, ...]]]] = {}
        # per-token lower-case forms and sentence starts, computed once (token.sent is a scan)
        self.lowers = [lower(t) for t in self.doc]
        self.sent_start = [0] * len(self.doc)
        for sent in self.doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_start[i] = sent.start

    # lexicon helpers -------------------------------------------------------------------------
    def words(self, key: str) -> frozenset[str]:
        if key not in self._sets:
            self._sets[key] = frozenset(w.lower() for w in self.lex.get(key, []))
        return self._sets[key]

    def is_word(self, token: Token, key: str) -> bool:
        """Whether the token's lemma or form is in the lexicon list `key`; for French verb lists,
        any inflection of a listed infinitive (the small model's lemmas are often wrong)."""
        words = self.words(key)
        if lemma(token) in words or lower(token) in words:
            return True
        if key in VERB_KEYS and self.document.language == "fr":
            return not words.isdisjoint(lexicons.french_infinitives(lower(token)))
        return False

    def _index(self, key: str, group: str | None, at_end: bool) -> dict[str, list[tuple[str, ...]]]:
        """Lexicon phrases keyed by their first (or last) word, longest first."""
        cache_key = (key, group, at_end)
        if cache_key not in self._phrases:
            phrases = self.lex[key][group] if group else self.lex[key]
            index: dict[str, list[tuple[str, ...]]] = {}
            for phrase in sorted(phrases, key=len, reverse=True):
                words = tuple(w.lower().replace("’", "'") for w in phrase)
                index.setdefault(words[-1] if at_end else words[0], []).append(words)
            self._phrases[cache_key] = index
        return self._phrases[cache_key]

    def phrase_before(self, token: Token, key: str, group: str | None = None) -> list[str] | None:
        """A lexicon phrase ending just before `token` (longest first)."""
        i = token.i
        if i == 0:
            return None
        for words in self._index(key, group, True).get(self.lowers[i - 1], ()):
            n = len(words)
            if i - n >= self.sent_start[i] and tuple(self.lowers[i - n:i]) == words:
                return list(words)
        return None

    def phrase_at(self, token: Token, key: str) -> list[str] | None:
        """A lexicon phrase starting at `token` (longest first)."""
        i = token.i
        for words in self._index(key, None, False).get(self.lowers[i], ()):
            if tuple(self.lowers[i:i + len(words)]) == words:
                return list(words)
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


def governing_verb(token: Token, limit: int = 64) -> Token:
    """The nearest verb (or auxiliary) at or above `token`, else the root of its sentence.

    spaCy builds a new `Token` object at every access, so tokens are compared by index
    (`.i`), never with `is`; the climb is bounded whatever the parse."""
    for _ in range(limit):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            return token
        token = token.head
    return token
