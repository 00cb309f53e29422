"""Per-document state shared by the extraction rules: lexicon, quotes, dates, speakers."""
from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy
from spacy.tokens import Doc, Span, Token

from .. import lexicon as lexicons
from ..identity import EMPTY, Gazetteer, normalize
from ..records import AgentRef, Document
from .. import dates
from . import quotes


def lower(token: Token) -> str:
    return token.text.lower().replace("’", "'")


def within(token: Token, root: Token) -> bool:
    """Whether `token` is in `root`'s subtree: a look-up in `token`'s ancestors (computed once per
    token) rather than a walk of the subtree, which made pairs of cues cubic on very long sentences."""
    return token.i == root.i or root.i in ancestors(token)


def ancestors(token: Token) -> frozenset[int]:
    """The indices of `token`'s ancestors, from a head array read once per document (no Token
    objects are made on the way up)."""
    data = token.doc.user_data
    cache = data.get("claimgraph_ancestors")
    if cache is None:
        heads = (numpy.arange(len(token.doc), dtype="int64") + token.doc.to_array("HEAD").astype("int64")).tolist()
        cache = data["claimgraph_ancestors"] = {"heads": heads}
    found = cache.get(token.i)
    if found is None:
        heads, seen, i = cache["heads"], set(), token.i
        while heads[i] != i and heads[i] not in seen:
            i = heads[i]
            seen.add(i)
        found = cache[token.i] = frozenset(seen)
    return found


def lemma(token: Token) -> str:
    return token.lemma_.lower().replace("’", "'")


COND_ENDINGS = ("ait", "aient", "ais", "ions", "iez")
# lexicon lists of verbs, matched in every person and tense
VERB_KEYS = frozenset({"speech_verbs", "content_required", "clause_required", "restating_participles", "reflexive_speech_verbs",
                       "non_assertive_heads", "relay_verbs", "threat_verbs", "hostile_actions", "object_is_target",
                       "demand_verbs", "retaliation_words", "stop_verbs", "directive_verbs", "commissive_verbs",
                       "warning_verbs", "kill_verbs", "die_verbs", "toll_raise_verbs", "stop_verbs", "cease_verbs",
                       "open_verbs", "publication_verbs", "light_verbs", "blame_verbs"})


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
        self._persons: list[Span] | None = None
        self._quote_starts: list[int] | None = None
        self._person_starts: list[int] | None = None
        self._person_tokens: set[int] | None = None
        self._name_endings: dict[tuple[str, ...], str] | None = None
        self._phrases: dict[tuple, dict[str, list[tuple[str, ...]]]] = {}
        # the tokens (spaCy makes a new Token object at each `doc[i]` or iteration), their
        # lower-case forms and lemmas, and sentence starts, computed once (token.sent is a scan)
        self.tokens = list(self.doc)
        self.lowers = [lower(t) for t in self.tokens]
        self.lemmas = [lemma(t) for t in self.tokens]
        self.french = self.document.language == "fr"
        self._matching: dict[str, frozenset[int]] = {}  # lexicon key → indices of the tokens in it
        self._by_word: dict[str, list[int]] | None = None
        self._by_infinitive: dict[str, list[int]] | None = None
        self._sorted: dict[frozenset[int], list[int]] = {}
        self.sent_start = [0] * len(self.doc)
        for sent in self.doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_start[i] = sent.start

    def of(self, span: Span) -> list[Token]:
        """The tokens of a span of this document (made once per document, not per loop)."""
        return self.tokens[span.start:span.end]

    # lexicon helpers -------------------------------------------------------------------------
    def words(self, key: str) -> frozenset[str]:
        """The lexicon list `key`, lower-cased; a reflexive entry ('s'inquiéter', 'se dire')
        also stands under its bare verb (`cue` checks the 'se')."""
        if key not in self._sets:
            words = set()
            for w in self.lex.get(key, []):
                if isinstance(w, str):
                    w = w.lower()
                    words.add(w)
                    for prefix in ("se ", "s'"):
                        if w.startswith(prefix):
                            words.add(w[len(prefix):])
            self._sets[key] = frozenset(words)
        return self._sets[key]

    def is_word(self, token: Token, key: str) -> bool:
        """Whether the token's lemma or form is in the lexicon list `key`; for French verb lists,
        any inflection of a listed infinitive (the small model's lemmas are often wrong)."""
        if token.doc is self.doc:
            found = self._matching.get(key)
            return token.i in (found if found is not None else self.matching(key))
        form, base = lower(token), lemma(token)
        words = self._sets.get(key) or self.words(key)
        if base in words or form in words:
            return True
        if key in VERB_KEYS and self.french:
            return not words.isdisjoint(lexicons.french_infinitives(form))
        return False

    def matching(self, key: str) -> frozenset[int]:
        """The indices of the document's tokens for which `is_word(token, key)` holds, found once
        per list: the list met with the document's words, not each token looked up in the list."""
        found = self._matching.get(key)
        if found is None:
            words = self._sets.get(key) or self.words(key)
            found = self._matching[key] = self.indices_of(words, key in VERB_KEYS and self.french)
        return found

    def indices_of(self, words: frozenset[str], inflections: bool) -> frozenset[int]:
        """The indices of the tokens whose form or lemma is in `words`, or (with `inflections`)
        whose form may inflect an infinitive in `words` (`lexicon.french_infinitives`)."""
        if self._by_word is None:
            self._by_word = defaultdict(list)
            for i, (form, base) in enumerate(zip(self.lowers, self.lemmas)):
                self._by_word[form].append(i)
                if base != form:
                    self._by_word[base].append(i)
        hits: set[int] = set()
        for word in words & self._by_word.keys():
            hits.update(self._by_word[word])
        if inflections:
            if self._by_infinitive is None:
                self._by_infinitive = defaultdict(list)
                for form, indices in self._forms().items():
                    for infinitive in lexicons.french_infinitives(form):
                        self._by_infinitive[infinitive].extend(indices)
            for word in words & self._by_infinitive.keys():
                hits.update(self._by_infinitive[word])
        return frozenset(hits)

    def tokens_among(self, indices: frozenset[int], span: Span) -> list[Token]:
        """The tokens of `span` whose indices are in `indices`, in order (a rule that only acts
        on some words visits those, not every token of the sentence)."""
        ordered = self._sorted.get(indices)
        if ordered is None:
            ordered = self._sorted[indices] = sorted(indices)
        lo, hi = bisect.bisect_left(ordered, span.start), bisect.bisect_left(ordered, span.end)
        return [self.tokens[i] for i in ordered[lo:hi]]

    def _forms(self) -> dict[str, list[int]]:
        forms: dict[str, list[int]] = defaultdict(list)
        for i, form in enumerate(self.lowers):
            forms[form].append(i)
        return forms

    def phrases_of(self, key: str) -> dict[str, list[tuple[str, ...]]]:
        """The several-word entries of a lexicon list, by their first word ('mettre en garde')."""
        cache_key = ("phrases", key)
        if cache_key not in self._phrases:
            index: dict[str, list[tuple[str, ...]]] = {}
            for entry in self.lex.get(key, []):
                if isinstance(entry, str) and " " in entry and not entry.startswith(("se ", "s'")):
                    words = tuple(entry.lower().split())
                    index.setdefault(words[0], []).append(words)
            self._phrases[cache_key] = index
        return self._phrases[cache_key]

    def is_word_in(self, token: Token, words) -> bool:
        """`is_word` against a list that is not a top-level lexicon key (a sub-list of verbs)."""
        words = frozenset(words)
        if token.doc is self.doc:
            form, base = self.lowers[token.i], self.lemmas[token.i]
        else:
            form, base = lower(token), lemma(token)
        if base in words or form in words:
            return True
        return self.french and not words.isdisjoint(lexicons.french_infinitives(form))

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

    # people ---------------------------------------------------------------------------------
    @property
    def persons(self) -> list[Span]:
        """Person names in the document, in text order: the tagger's PERSON/PER entities that
        look like names ('Attaque de Reading', 'Premier ministre' do not) and that the tagger
        does not more often call a place or an organisation ('Clarkston'), plus capitalised names
        right after a title that the tagger missed ('la ministre de l'Intérieur Priti Patel')."""
        if self._persons is None:
            doc = self.doc
            labels: dict[str, Counter] = defaultdict(Counter)
            for ent in doc.ents:
                labels[ent.text][ent.label_] += 1
            found: list[Span] = []
            taken: set[int] = set()
            for ent in doc.ents:
                if ent.label_ not in ("PERSON", "PER") or not _name_shaped(ent):
                    continue
                counts = labels[ent.text]
                if counts["PERSON"] + counts["PER"] < max(counts["GPE"], counts["LOC"], counts["ORG"]):
                    continue
                found.append(ent)
                taken.update(range(ent.start, ent.end))
            titles = self.words("titles")
            tokens = self.tokens
            for k, token in enumerate(tokens):
                if self.lowers[k] not in titles and self.lemmas[k] not in titles:
                    continue
                # skip the title's complement ('de l'Intérieur', 'of State'), then a run of proper nouns
                start = token.i + 1
                while start < min(len(doc), token.i + 6) and tokens[start].pos_ in ("ADP", "DET", "NOUN", "ADJ") \
                        and not tokens[start].is_punct:
                    start += 1
                end = start
                while end < len(doc) and tokens[end].pos_ == "PROPN" and tokens[end].is_title \
                        and tokens[end].ent_type_ not in ("GPE", "LOC") and end not in taken:
                    end += 1
                if end - start >= 2:  # two capitalised words at least: a first name and a surname
                    found.append(Span(doc, start, end, label="PERSON"))
                    taken.update(range(start, end))
            # one name, one referent: a proper noun the tagger missed (or called an organisation)
            # that is a person's name or surname elsewhere in the article is that person
            names = {p.text for p in found}
            surnames = {p.text.split()[-1] for p in found if len(p.text.split()) > 1}
            i = 0
            def name_like(t: Token) -> bool:
                return t.pos_ == "PROPN" or (t.pos_ == "NOUN" and t.text[:1].isupper() and t.text in surnames)

            while i < len(doc):
                if not name_like(tokens[i]) or i in taken:
                    i += 1
                    continue
                end = i
                while end < len(doc) and name_like(tokens[end]) and end not in taken:
                    end += 1
                text = doc[i:end].text
                if end - i <= 3 and (text in names or text in surnames) \
                        and labels[text]["GPE"] + labels[text]["LOC"] == 0:
                    found.append(Span(doc, i, end, label="PERSON"))
                    taken.update(range(i, end))
                i = end
            self._persons = sorted(found, key=lambda span: span.start)
        return self._persons

    def persons_in(self, lo: int, hi: int) -> list[Span]:
        """Person names lying within tokens lo..hi (inclusive); the names are sorted by start."""
        persons = self.persons
        if self._person_starts is None:
            self._person_starts = [p.start for p in persons]
        out = []
        for k in range(bisect.bisect_left(self._person_starts, lo), len(persons)):
            if persons[k].start > hi:
                break
            if persons[k].end - 1 <= hi:
                out.append(persons[k])
        return out

    def in_person(self, i: int) -> bool:
        """Whether token `i` is part of a person name."""
        if self._person_tokens is None:
            self._person_tokens = {t for p in self.persons for t in range(p.start, p.end)}
        return i in self._person_tokens

    # text helpers ---------------------------------------------------------------------------
    def in_quote(self, token: Token) -> tuple[int, int] | None:
        """The quotation `token` lies inside. Quotes are found by one left-to-right scan, so they
        are sorted and do not overlap: only the last one opening before the token can hold it."""
        start = token.idx
        if self._quote_starts is None:
            self._quote_starts = [s for s, _e in self.quotes]
        k = bisect.bisect_left(self._quote_starts, start) - 1
        if k >= 0:
            s, e = self.quotes[k]
            if s < start < e - 1:
                return (s, e)
        return None

    def person_ending_with(self, words: list[str]) -> str | None:
        """The first person name of the document that is longer than `words` and ends with them
        ('Saad Hariri' for 'Hariri'), from an index of name endings built once."""
        if self._name_endings is None:
            self._name_endings = {}
            for person in self.persons:
                full = person.text.split()
                for k in range(1, len(full)):
                    self._name_endings.setdefault(tuple(full[-k:]), person.text)
        return self._name_endings.get(tuple(words))

    def sentence_quotes(self, sent: Span) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self.quotes if s < sent.end_char and e > sent.start_char]


NAME_PARTICLES = {"de", "du", "des", "d'", "la", "le", "van", "von", "der", "den", "al", "al-", "el", "bin", "ben",
                  "ibn", "abu", "abou", "da", "di", "dos", "y", "-", "'s", "’s", ".", "st", "ter"}


def _name_shaped(span: Span) -> bool:
    """A person's name starts with a proper noun and has only capitalised words and particles."""
    first = span[0]
    if first.pos_ != "PROPN" and not (first.is_title and first.pos_ in ("NOUN", "X", "ADJ") and len(span) > 1
                                      and span[1].pos_ == "PROPN"):
        return False
    return all(t.text[:1].isupper() or lower(t) in NAME_PARTICLES or t.is_punct for t in span)


def governing_verb(token: Token, limit: int = 64) -> Token:
    """The nearest verb (or auxiliary) at or above `token`, else the root of its sentence.

    spaCy builds a new `Token` object at every access, so tokens are compared by index
    (`.i`), never with `is`; the climb is bounded whatever the parse."""
    for _ in range(limit):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            return token
        token = token.head
    return token
