"""Dates of events and threats, resolved against the publication date and the document.

Explicit day-and-month expressions are parsed with dateparser (a maintained parser);
a bare weekday ("Thursday", "jeudi") is resolved to an explicit date in the same
document that falls on that weekday, else to the last such day before publication.
"""
from __future__ import annotations

import datetime as dt
import re
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


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets in the text searched
    end: int
    value: str | None  # ISO date when resolved (YYYY-MM-DD or YYYY-MM)
    weekday: int | None = None  # 0 = Monday, for bare weekdays


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


def find_dates(text: str, language: str, published: str | None) -> list[DateMention]:
    """Date expressions in `text`, explicit ones resolved with the publication year."""
    import dateparser

    explicit, weekday = _patterns(language)
    pub = parse_iso(published)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in explicit.finditer(text):
        phrase = m.group(0)
        has_year = re.search(r"\d{4}", phrase) is not None
        value = None
        if has_year or pub:
            base = dt.datetime(pub[0], pub[1], pub[2] or 28) if pub else dt.datetime(2000, 1, 1)
            cleaned = re.sub(rf"\b(?:{'|'.join(WEEKDAYS[language])})\b,?", "", phrase, flags=re.IGNORECASE)
            parsed = dateparser.parse(cleaned.strip(), languages=[language],
                                      settings={"RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first",
                                                "REQUIRE_PARTS": ["day", "month"]})
            if parsed is not None:
                if not has_year and pub:
                    parsed = _nearest_year(parsed.date(), pub)
                value = parsed.strftime("%Y-%m-%d") if hasattr(parsed, "strftime") else None
        found.append(DateMention(m.start(), m.end(), value))
        taken.append((m.start(), m.end()))
    for m in weekday.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        found.append(DateMention(m.start(), m.end(), None, WEEKDAYS[language].index(m.group(0).lower())))
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


def resolve_weekday(weekday: int, anchors: list[str], published: str | None) -> str | None:
    """A bare weekday: an explicit date of the document on that weekday, else the last one
    on or before the (day-precise) publication date."""
    for value in anchors:
        parts = parse_iso(value)
        if parts and parts[2] and dt.date(*parts).weekday() == weekday:
            return value
    pub = parse_iso(published)
    if pub and pub[2]:
        day = dt.date(*pub)
        return (day - dt.timedelta(days=(day.weekday() - weekday) % 7)).isoformat()
    return None


def month_of(value: str | None) -> str | None:
    parts = parse_iso(value)
    return f"{parts[0]:04d}-{parts[1]:02d}" if parts else None
