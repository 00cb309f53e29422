"""Numbers in running text (digits and number words, English and French) and their qualifiers.

Number words are read with text2num (`text_to_num.alpha2digit`), a maintained library;
this module only handles what it leaves: digit grouping ("689,000", "3,7 millions") and
"a dozen" / "une douzaine".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import alpha2digit

SCALE = {"million": 1_000_000, "millions": 1_000_000, "milliard": 1_000_000_000, "milliards": 1_000_000_000,
         "billion": 1_000_000_000, "billions": 1_000_000_000, "thousand": 1000, "mille": 1000,
         "hundred": 100, "cent": 100}
DOZEN = {"dozen": 12, "douzaine": 12, "score": 20, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
         "cinquantaine": 50, "centaine": 100, "dizaine": 10, "quinzaine": 15}
APPROX_NOUNS = {"vingtaine", "trentaine", "quarantaine", "cinquantaine", "centaine", "dizaine", "quinzaine"}
_ONE = {"a", "an", "one", "un", "une"}


def _digits(token: str, language: str) -> float | None:
    text = token.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+", text) and language == "en":
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d{1,3}([.\u202f ]\d{3})+", text) and language == "fr":
        return float(re.sub(r"[.\u202f ]", "", text))
    if re.fullmatch(r"\d+([.,]\d+)?", text):
        if language == "fr":
            text = text.replace(",", ".")
        elif re.fullmatch(r"\d+,\d+", text):
            return None
        return float(text)
    return None


def word_value(word: str, language: str) -> float | None:
    """The value of a single word or digit string, None if it is not a number."""
    low = word.lower()
    value = _digits(low, language)
    if value is not None:
        return value
    if low in DOZEN:
        return float(DOZEN[low])
    if low in SCALE:
        return float(SCALE[low])
    converted = alpha2digit(low, language, threshold=0)
    converted = converted.strip()
    if re.fullmatch(r"\d+", converted) and converted != low:
        return float(converted)
    if low in ("one", "un", "une"):
        return 1.0
    return None


def phrase_value(words: list[str], language: str) -> float | None:
    """Value of a run of number words ("vingt-deux", "3,7 millions", "a dozen", "689,000")."""
    if not words:
        return None
    text = " ".join(words)
    lowered = [w.lower() for w in words]
    if lowered[-1] in DOZEN and all(w in _ONE for w in lowered[:-1]):
        return float(DOZEN[lowered[-1]])
    if lowered[-1] in SCALE and len(words) >= 2:
        base = phrase_value(words[:-1], language)
        if base is None and all(w in _ONE for w in lowered[:-1]):
            base = 1.0
        return None if base is None else base * SCALE[lowered[-1]]
    if len(words) == 1:
        return word_value(words[0], language)
    converted = alpha2digit(text, language, threshold=0).strip()
    if re.fullmatch(r"\d+", converted):
        return float(converted)
    return None


@dataclass(frozen=True)
class Bounds:
    count_min: int | None
    count_max: int | None


def bounds(value: float, qualifier: str | None, approx_noun: bool = False) -> Bounds:
    """Count bounds for a value under a qualifier (see ../shared/eval/SCHEMA.md)."""
    n = int(round(value))
    if qualifier is None and approx_noun:
        qualifier = "about"
    if qualifier == "min":
        return Bounds(n, None)
    if qualifier == "min_plus_one":
        return Bounds(n + 1, None)
    if qualifier == "nearly":
        return Bounds(int(round(n * 0.9)), n)
    if qualifier == "about":
        return Bounds(int(round(n * 0.9)), int(round(n * 1.1)))
    if qualifier == "max":
        return Bounds(None, n)
    if qualifier == "max_minus_one":
        return Bounds(None, n - 1)
    return Bounds(n, n)
