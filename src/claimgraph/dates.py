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
    """Date expressions in `text`, explicit ones resolved with the publication year.

    Without a publication date, `year_hint` (e.g. the year of the other articles of the
    batch) stands in; a named weekday then picks the nearest year on which it falls."""
    import dateparser

    explicit, weekday = _patterns(language)
    pub = parse_iso(published)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
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
                if not has_year and pub:
                    day = _nearest_year(day, pub)
                elif not has_year:
                    day = _year_for_weekday(day, year_hint, named_day)
                value = day.isoformat() if day else None
        found.append(DateMention(m.start(), m.end(), value, named_day, phrase,
                                 _is_future(text, m.start(), m.end(), language)))
        taken.append((m.start(), m.end()))
    for m in weekday.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        found.append(DateMention(m.start(), m.end(), None, WEEKDAYS[language].index(m.group(0).lower()),
                                 m.group(0), _is_future(text, m.start(), m.end(), language)))
    return sorted(found, key=lambda d: d.start)


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


def resolve_weekday(weekday: int, anchors: list[str], reference: str | None) -> str | None:
    """A bare weekday: an explicit date of the document on that weekday, else the last one
    on or before the (day-precise) reference date."""
    for value in anchors:
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
            return resolve_weekday(mention.weekday, self.anchors, self.reference)
        return None

    def date_of(self, start: int, end: int, cumulative: bool = False,
                skip: Callable[[DateMention], bool] | None = None) -> tuple[str | None, str | None]:
        """(ISO date, the date words) of a claim span: its first resolvable date, else the
        document's reference date. A cumulative toll ('since early February') is dated to
        the month. `skip` drops dates that belong to something else (the report's own day)."""
        first = None
        for mention in self.in_span(start, end):
            if skip is not None and skip(mention):
                continue
            first = first or mention
            value = self.resolve(mention)
            if value:
                return (month_of(value) if cumulative else value), mention.text
        value = self.reference
        return (month_of(value) if cumulative else value), (first.text if first else None)
