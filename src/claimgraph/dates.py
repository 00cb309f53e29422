"""Dates of events and threats, resolved against the publication date and the document.

Explicit day-and-month expressions are parsed with dateparser (a maintained parser);
a bare weekday ("Thursday", "jeudi") is resolved to an explicit date in the same
document that falls on that weekday, else to the last such day on or before the
document's reference day. Dates announced for the future ("le 5 mars prochain",
"next Monday") are read but never used as the document's reference.

`DocumentDates` is the one entry point: extraction builds it with the publication date
from the metadata; the batch pass (`claimgraph.events`) builds it again with a date it
inferred for an undated article, and the same rules re-date that article's claims.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

WEEKDAYS = {
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}
MONTHS = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
}
FUTURE_AFTER = {"en": ("next",), "fr": ("prochain", "prochaine", "à venir")}
FUTURE_BEFORE = {"en": ("next", "upcoming", "coming"), "fr": ("prochain", "prochaine")}


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets in the text searched
    end: int
    value: str | None  # ISO date when resolved (YYYY-MM-DD or YYYY-MM)
    weekday: int | None = None  # 0 = Monday: the named weekday, bare or explicit
    text: str = ""
    future: bool = False  # 'le 5 mars prochain', 'next Monday'


@lru_cache(maxsize=None)
def _patterns(language: str) -> tuple[re.Pattern, re.Pattern]:
    days = "|".join(WEEKDAYS[language])
    months = "|".join(MONTHS[language])
    if language == "fr":
        explicit = rf"\b(?:(?:{days})\s+)?(?:1er|\d{{1,2}})\s+(?:{months})(?:\s+\d{{4}})?\b"
    else:
        explicit = (rf"\b(?:(?:{days}),?\s+)?(?:(?:{months})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
                    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})(?:,?\s+\d{{4}})?)\b")
    weekday = rf"\b(?:{days})\b"
    return re.compile(explicit, re.IGNORECASE), re.compile(weekday, re.IGNORECASE)


def parse_iso(value: str | None) -> tuple[int, int, int | None] | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None


def _weekday_in(phrase: str, language: str) -> int | None:
    low = phrase.lower()
    for index, name in enumerate(WEEKDAYS[language]):
        if re.search(rf"\b{name}\b", low):
            return index
    return None


def _is_future(text: str, start: int, end: int, language: str) -> bool:
    after = text[end:end + 14].lower().split()
    before = text[max(0, start - 12):start].lower().split()
    return bool((after and after[0].strip(",.;") in FUTURE_AFTER[language])
                or (before and before[-1] in FUTURE_BEFORE[language]))


def find_dates(text: str, language: str, published: str | None, year_hint: int | None = None) -> list[DateMention]:
    """Date expressions in `text`: explicit days, months ('en février 2005', 'in November'),
    relative days ('trois jours plus tôt', 'yesterday', 'le lendemain') and bare weekdays.

    A day or month without a year takes the year last written before it in the text ('Le 7
    janvier 2015, … puis le 9 janvier'), else its latest occurrence not after publication.
    Without a publication date, `year_hint` (e.g. the year of the other articles of the
    batch) stands in; a named weekday then picks the nearest year on which it falls."""
    import dateparser

    explicit, weekday = _patterns(language)
    pub = parse_iso(published)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    years: list[tuple[int, int]] = []  # (offset, year) of the dates written with a year

    def context_year(at: int) -> int | None:
        """The year of the last date written with one in the same paragraph, not far before."""
        for pos, year in reversed(years):
            if at - CONTEXT_CHARS <= pos < at and "\n\n" not in text[pos:at]:
                return year
        return None

    for m in explicit.finditer(text):
        phrase = m.group(0)
        has_year = re.search(r"\d{4}", phrase) is not None
        named_day = _weekday_in(phrase, language)
        value = None
        if has_year or pub or year_hint:
            year = pub[0] if pub else (year_hint or 2000)
            base = dt.datetime(year, pub[1] if pub else 6, (pub[2] or 28) if pub else 15)
            cleaned = re.sub(rf"\b(?:{'|'.join(WEEKDAYS[language])})\b,?", "", phrase, flags=re.IGNORECASE)
            parsed = dateparser.parse(cleaned.strip(), languages=[language],
                                      settings={"RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first",
                                                "REQUIRE_PARTS": ["day", "month"]})
            if parsed is not None:
                day = parsed.date()
                future = _is_future(text, m.start(), m.end(), language)
                if not has_year and context_year(m.start()) and not future:
                    day = _with_year(day, context_year(m.start())) or day
                elif not has_year and pub:
                    day = _latest_not_after(day, pub) if not future else _nearest_year(day, pub)
                elif not has_year:
                    day = _year_for_weekday(day, year_hint, named_day)
                value = day.isoformat() if day else None
        found.append(DateMention(m.start(), m.end(), value, named_day, phrase,
                                 _is_future(text, m.start(), m.end(), language)))
        taken.append((m.start(), m.end()))
        if has_year and value:
            years.append((m.start(), int(value[:4])))
    for m in _month_pattern(language).finditer(text):
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            continue
        month = MONTHS[language].index(m.group("month").lower()) + 1
        year = int(m.group("year")) if m.group("year") else context_year(m.start())
        if year is None and pub:
            year = pub[0] if month <= pub[1] else pub[0] - 1  # the latest such month not after publication
        value = f"{year:04d}-{month:02d}" if year else None
        found.append(DateMention(m.start(), m.end(), value, None, m.group(0)))
        taken.append((m.start(), m.end()))
        if m.group("year"):
            years.append((m.start(), int(m.group("year"))))
    previous_day: str | None = None
    for m in sorted(_relative_pattern(language).finditer(text), key=lambda m: m.start()):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value = _relative_value(m, language, published, _last_day(found, m.start()) or previous_day)
        found.append(DateMention(m.start(), m.end(), value, None, m.group(0)))
        taken.append((m.start(), m.end()))
        previous_day = value or previous_day
    for m in weekday.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        found.append(DateMention(m.start(), m.end(), None, WEEKDAYS[language].index(m.group(0).lower()),
                                 m.group(0), _is_future(text, m.start(), m.end(), language)))
    return sorted(found, key=lambda d: d.start)


NARRATIVE_CHARS = 400  # how far back a day named in the paragraph still dates an undated sentence
CONTEXT_CHARS = 1000  # how far back (in one paragraph) a written year sets the year of a date without one
NUMBER_WORDS = {
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "a": 1},
    "fr": {"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
           "dix": 10},
}
ONE_DAY = {
    "en": {"yesterday": -1, "the day before": -1, "the previous day": -1, "the next day": 1,
           "the following day": 1, "the day after": 1},
    "fr": {"hier": -1, "avant-hier": -2, "la veille": -1, "le lendemain": 1, "le surlendemain": 2},
}
# 'la veille', 'le lendemain' count from the day the text was last talking about, not from publication
CONTEXT_RELATIVE = {"the day before", "the previous day", "the next day", "the following day", "the day after",
                    "la veille", "le lendemain", "le surlendemain"}


@lru_cache(maxsize=None)
def _month_pattern(language: str) -> re.Pattern:
    months = "|".join(MONTHS[language])
    if language == "fr":
        lead = r"(?:en|depuis|début|fin|mi-|courant|jusqu'en|d'|de|dès)"
        tail = r"(?:\s+(?P<year>\d{4})|\s+dernier)?"
    else:
        lead = r"(?:in|since|early|late|mid-|until|by|last|this|of|from|during)"
        tail = r"(?:,?\s+(?P<year>\d{4}))?"
    return re.compile(rf"(?:\b{lead}\s*)(?P<month>{months})\b{tail}"
                      + (r"" if language == "fr" else "") , re.IGNORECASE)


@lru_cache(maxsize=None)
def _relative_pattern(language: str) -> re.Pattern:
    numbers = "|".join(list(NUMBER_WORDS[language]) + [r"\d{1,2}"])
    single = "|".join(re.escape(w) for w in sorted(ONE_DAY[language], key=len, reverse=True))
    if language == "fr":
        counted = (rf"(?P<n>{numbers})\s+jours?\s+(?:plus\s+tôt|auparavant|avant)"
                   rf"|il\s+y\s+a\s+(?P<ago>{numbers})\s+jours?")
    else:
        counted = (rf"(?P<n>{numbers})\s+days?\s+(?:earlier|before|previously)"
                   rf"|(?P<ago>{numbers})\s+days?\s+ago")
    return re.compile(rf"\b(?:{counted}|(?P<one>{single}))\b", re.IGNORECASE)


def _relative_value(m: re.Match, language: str, published: str | None, context_day: str | None) -> str | None:
    if m.group("one"):
        phrase = m.group("one").lower()
        base = context_day if phrase in CONTEXT_RELATIVE and context_day else published
        offset = ONE_DAY[language][phrase]
    else:
        # 'N days ago' counts from publication; 'N days earlier' from the day the text talks about
        word = (m.group("n") or m.group("ago") or "").lower()
        count = int(word) if word.isdigit() else NUMBER_WORDS[language].get(word)
        if count is None:
            return None
        base = published if m.group("ago") else (context_day or published)
        offset = -count
    parts = parse_iso(base)
    if not parts or not parts[2]:
        return None
    return (dt.date(*parts) + dt.timedelta(days=offset)).isoformat()


def _last_day(found: list[DateMention], before: int) -> str | None:
    days = [d for d in found if d.start < before and d.value and len(d.value) == 10]
    return max(days, key=lambda d: d.start).value if days else None


def _with_year(day: dt.date, year: int) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:
        return None


def _latest_not_after(day: dt.date, pub: tuple[int, int, int | None]) -> dt.date:
    """A day-and-month without year in a past narrative: its latest occurrence not after the
    publication (a few days of slack for the publication's own time zone)."""
    anchor = dt.date(pub[0], pub[1], pub[2] or 28) + dt.timedelta(days=2)
    for year in (pub[0], pub[0] - 1):
        candidate = _with_year(day, year)
        if candidate is not None and candidate <= anchor:
            return candidate
    return _nearest_year(day, pub)


def _nearest_year(day: dt.date, pub: tuple[int, int, int | None]) -> dt.date:
    """A day-and-month without year: the occurrence nearest the publication date."""
    anchor = dt.date(pub[0], pub[1], pub[2] or 15)
    candidates = []
    for year in (pub[0] - 1, pub[0], pub[0] + 1):
        try:
            candidates.append(day.replace(year=year))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - anchor).days))


def _year_for_weekday(day: dt.date, year_hint: int | None, weekday: int | None) -> dt.date | None:
    """No publication date: the hinted year, moved to the nearest year where the named weekday fits."""
    if year_hint is None:
        return None
    for delta in (0, -1, 1, -2, 2, -3, 3):
        try:
            candidate = day.replace(year=year_hint + delta)
        except ValueError:
            continue
        if weekday is None or candidate.weekday() == weekday:
            return candidate
    return None


def resolve_weekday(weekday: int, anchors: list[str], reference: str | None, published_day: bool = False) -> str | None:
    """A bare weekday: the last one on or before a day-precise publication date; in an article
    without one, an explicit date of the document on that weekday, else the last one on or
    before the (day-precise) reference date."""
    for value in ([] if published_day else anchors):
        parts = parse_iso(value)
        if parts and parts[2] and dt.date(*parts).weekday() == weekday:
            return value
    ref = parse_iso(reference)
    if ref and ref[2]:
        day = dt.date(*ref)
        return (day - dt.timedelta(days=(day.weekday() - weekday) % 7)).isoformat()
    return None


def month_of(value: str | None) -> str | None:
    parts = parse_iso(value)
    return f"{parts[0]:04d}-{parts[1]:02d}" if parts else None


def _not_after(value: str, published: str | None) -> bool:
    """`value` is not later than the publication date (compared at the publication's precision)."""
    if not published:
        return True
    return value[:len(published)] <= published


class DocumentDates:
    """The dates of one document, and the date of a claim span resolved against them."""

    def __init__(self, text: str, language: str, published: str | None, year_hint: int | None = None):
        self.text = text
        self.language = language
        self.published = published
        self.year_hint = year_hint
        self.mentions = find_dates(text, language, published, year_hint)
        # explicit past days: the anchors bare weekdays resolve to, and the reference date
        self.anchors = [d.value for d in self.mentions
                        if d.value and len(d.value) == 10 and not d.future and _not_after(d.value, published)]
        pub = parse_iso(published)
        if pub and pub[2]:
            self.reference = published
        elif self.anchors:
            self.reference = self.anchors[0] if published else max(self.anchors)
        else:
            self.reference = published

    def in_span(self, start: int, end: int) -> list[DateMention]:
        return [d for d in self.mentions if start <= d.start and d.end <= end]

    def resolve(self, mention: DateMention) -> str | None:
        if mention.value is not None:
            return mention.value
        if mention.weekday is not None:
            pub = parse_iso(self.published)
            return resolve_weekday(mention.weekday, self.anchors, self.reference, bool(pub and pub[2]))
        return None

    def date_of(self, start: int, end: int, cumulative: bool = False,
                skip: Callable[[DateMention], bool] | None = None, anchor: int | None = None,
                prefer: Callable[[DateMention], bool] | None = None) -> tuple[str | None, str | None]:
        """(ISO date, the date words) of a claim span: its resolvable date that `prefer` accepts
        (a date of the claim's own verb), else the nearest one before `anchor` (the count or
        the verb), else the nearest; the first one without an anchor; else a date given earlier in the
        same paragraph (the narrative's day), else the document's reference date. A cumulative
        toll ('since early February') is dated to the month. `skip` drops dates that belong to
        something else (the report's own day)."""
        first = None
        candidates = []
        for mention in self.in_span(start, end):
            if skip is not None and skip(mention):
                continue
            first = first or mention
            value = self.resolve(mention)
            if value:
                candidates.append((mention, value))
        if candidates:
            preferred = [c for c in candidates if prefer is not None and prefer(c[0])]
            before = [c for c in candidates if anchor is not None and c[0].end <= anchor]
            if preferred or anchor is not None:
                pool = preferred or before or candidates
                mention, value = min(pool, key=lambda c: min(abs(c[0].start - anchor), abs(c[0].end - anchor))) \
                    if anchor is not None else pool[0]
            else:
                mention, value = candidates[0]
            return (month_of(value) if cumulative else value), mention.text
        # a sentence with a date of its own (even one skipped as the report's day) is not the paragraph's
        value = (None if self.in_span(start, end) else self._narrative_day(start)) or self.reference
        return (month_of(value) if cumulative else value), (first.text if first else None)

    def _narrative_day(self, start: int) -> str | None:
        """The day the paragraph was last talking about ('Le 2 février, trois personnes ont été
        blessées … L'assaillant a été tué'), when it names one not long before."""
        for mention in reversed(self.mentions):
            if mention.end > start or mention.future:
                continue
            if start - mention.end > NARRATIVE_CHARS or "\n\n" in self.text[mention.end:start]:
                return None
            value = self.resolve(mention)
            if value and len(value) == 10 and _not_after(value, self.published):
                return value
        return None
