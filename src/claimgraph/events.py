"""Events: casualty reports from many articles that tell of the same incident.

The batch pass after extraction, on plain records (no spaCy, no rdflib):

1. `date_batch` dates the articles that carry no day-precise publication date. An
   explicit day without a year ('Wednesday February 12') takes the year of the batch's
   dated articles (or `--date`), moved to the nearest year on which the named weekday
   falls. An article that only says 'Thursday' is anchored through an event: when its
   report joins an incident that other articles date to a Thursday, that Thursday is its
   anchor and its other weekdays ('on Friday') fall in the same week.
2. `cluster` gathers single-incident reports (not cumulative tolls, not stocks of
   displaced people) into events. Reports agree on the outcome, on the victims (category
   and nationality, when both sides say them) and on the place (when both are gazetteer
   places). A report joins an event when its own date is within a day of the event's, or
   its weekday is the event's weekday, or - when it gives no day - it repeats a count the
   event already has. Blocking by outcome keeps the comparison small at scale; counts are
   not required to agree, since conflicting counts are what users look for.

An event's date is the most frequent day its dated reports give; a report that gives no
day of its own takes the event's day.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from . import dates as date_rules
from .identity import EMPTY, Gazetteer
from .records import Claim, Document

EVENT_OUTCOMES = ("killed", "injured")


@dataclass
class Event:
    outcome: str
    reports: list[Claim] = field(default_factory=list)
    date: str | None = None
    _traits: tuple | None = field(default=None, repr=False, compare=False)  # see traits()

    @property
    def key(self) -> tuple:
        first = min(self.reports, key=lambda c: (c.doc_id, c.start))
        return (self.outcome, self.date or "", first.doc_id, first.start)

    def victims(self) -> str | None:
        return _most_common(c.victims for c in self.reports)

    def location(self) -> str | None:
        return _most_common(c.location for c in self.reports)

    def counts(self) -> set[tuple[int | None, int | None]]:
        return {(c.count_min, c.count_max) for c in self.reports}

    def traits(self) -> set[tuple[str | None, str | None, str | None]]:
        """The (victims' category, their country, place) of its reports, each once: what a
        report must agree with to join it (kept while no report joins)."""
        if self._traits is None or self._traits[0] != len(self.reports):
            self._traits = (len(self.reports), {(*_split(c.victim_group), c.location) for c in self.reports})
        return self._traits[1]


@dataclass(frozen=True)
class BatchItem:
    document: Document
    claims: list[Claim]


# --- dating articles ----------------------------------------------------------------------
def batch_year(items: list[BatchItem], default_date: str | None = None) -> int | None:
    """The year most of the batch's articles were published in (or that of `default_date`)."""
    years = Counter(int(i.document.date[:4]) for i in items if i.document.date)
    if years:
        return years.most_common(1)[0][0]
    parts = date_rules.parse_iso(default_date)
    return parts[0] if parts else None


def _day_precise(value: str | None) -> bool:
    return bool(value) and len(value) == 10


def redate(item: BatchItem, published: str | None, year_hint: int | None) -> tuple[BatchItem, str | None]:
    """The article's claims dated again against `published` (inferred) and `year_hint`;
    also the reference day the article's dates were resolved against."""
    doc = item.document
    found = date_rules.DocumentDates(doc.masked, doc.language, published, year_hint)
    claims = []
    for claim in item.claims:
        if claim.kind == "statement":
            claims.append(claim)
            continue
        mention = next((m for m in found.in_span(claim.start, claim.end) if m.text == claim.date_text), None) \
            if claim.date_text is not None else None
        value = (found.resolve(mention) if mention is not None else None) or found.reference
        claims.append(replace(claim, date=date_rules.month_of(value) if claim.cumulative else value))
    return BatchItem(doc, claims), found.reference


def date_batch(items: list[BatchItem], gazetteer: Gazetteer = EMPTY,
               default_date: str | None = None) -> tuple[list[BatchItem], dict[str, str]]:
    """Date the undated articles of a batch; returns the items and {doc_id: inferred date}."""
    year = batch_year(items, default_date)
    inferred: dict[str, str] = {}
    out: list[BatchItem] = []
    for item in items:
        doc = item.document
        if _day_precise(doc.date):
            out.append(item)
            continue
        published = doc.date or default_date
        item, reference = redate(item, published, year if not published else None)
        if _day_precise(reference) and reference != published:
            inferred[doc.doc_id] = reference
        out.append(item)
    # weekday-only articles: anchor them on the incidents the batch dates
    events = cluster(out, gazetteer)
    event_of = {_claim_key(c): e for e in events for c in e.reports}
    for index, item in enumerate(out):
        doc = item.document
        if _day_precise(doc.date) or doc.doc_id in inferred:
            continue
        anchor = _weekday_anchor(item, event_of)
        if anchor is None:
            continue
        offsets = [(m.weekday - anchor.weekday()) % 7
                   for m in date_rules.find_dates(doc.masked, doc.language, None) if m.weekday is not None and not m.future]
        reference = (anchor + dt.timedelta(days=max(offsets, default=0))).isoformat()
        inferred[doc.doc_id] = reference
        out[index], _ = redate(item, reference, None)
    return out, inferred


def _weekday_anchor(item: BatchItem, event_of: dict) -> dt.date | None:
    for claim in item.claims:
        event = event_of.get(_claim_key(claim))
        weekday = _weekday(claim)
        if event is None or weekday is None or not _day_precise(event.date):
            continue
        day = dt.date.fromisoformat(event.date)
        if day.weekday() == weekday:
            return day
    return None


# --- clustering ---------------------------------------------------------------------------
def eventful(claim: Claim) -> bool:
    """A report that can join an event: a single-incident count of killed or injured people."""
    return claim.kind == "casualty" and claim.outcome in EVENT_OUTCOMES and not claim.cumulative


def cluster(items: list[BatchItem], gazetteer: Gazetteer = EMPTY) -> list[Event]:
    """Group single-incident casualty reports of the batch into events."""
    by_outcome: dict[str, list[Claim]] = defaultdict(list)
    for item in items:
        for claim in item.claims:
            if eventful(claim):
                by_outcome[claim.outcome].append(claim)
    events: list[Event] = []
    for outcome, claims in sorted(by_outcome.items()):
        events.extend(_cluster_outcome(outcome, claims, gazetteer))
    for event in events:
        days = Counter(c.date for c in event.reports if own_day(c))
        if days:
            event.date = sorted(days.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        else:
            event.date = _most_common(c.date for c in event.reports)
    return sorted(events, key=lambda e: e.key)


def _cluster_outcome(outcome: str, claims: list[Claim], gazetteer: Gazetteer) -> list[Event]:
    events: list[Event] = []
    dated = sorted((c for c in claims if own_day(c)), key=lambda c: (c.date, c.doc_id, c.start))
    # claims come in date order, and a report joins an event only within a day of its day: an
    # event whose day is more than a day behind the current claim can take no more reports
    active: list[tuple[Event, list]] = []  # (event, [its day]) in creation order
    for claim in dated:
        day = dt.date.fromisoformat(claim.date)
        active = [(e, d) for e, d in active if (day - d[0]).days <= 1]
        match = next((e for e, d in active if abs((day - d[0]).days) <= 1 and _compatible(claim, e, gazetteer)),
                     None)
        if match is None:
            match = Event(outcome)
            events.append(match)
            active.append((match, [day]))
        match.reports.append(claim)
        for e, d in active:
            if e is match:
                d[0] = _event_day(e)
    pending = [c for c in claims if not own_day(c)]
    pending.sort(key=lambda c: (_weekday(c) is None, c.doc_id, c.start))
    # reports with no day of their own do not move an event's day: index the events by it
    days = {id(e): _event_day(e) for e in events}
    by_month: dict[str, list[Event]] = defaultdict(list)
    by_year: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_month[days[id(event)].isoformat()[:7]].append(event)
        by_year[days[id(event)].isoformat()[:4]].append(event)
    # what a report giving no day is matched on, kept up to date as reports join
    docs = {id(e): {c.doc_id for c in e.reports} for e in events}
    counts = {id(e): e.counts() for e in events}
    # a report with no weekday can join only an event of its period that has its count or its
    # article: the events by (count or article, period), so it is not tried against every event
    # of its month; and it is tried again only once one of those has changed (`stamp`)
    order = {id(e): index for index, e in enumerate(events)}
    having: dict[tuple, list[Event]] = defaultdict(list)
    stamp: dict[tuple, int] = defaultdict(int)
    indexed: set[tuple] = set()

    def index(event: Event, keys: list[tuple], now: int) -> None:
        """Index `event` by `keys` (those it just gained) in each period it is in; mark every
        key it has as changed `now`."""
        day = days[id(event)].isoformat()
        periods = ("", day[:4], day[:7])
        for key in keys:
            for period in periods:
                if (key, period, id(event)) not in indexed:
                    indexed.add((key, period, id(event)))
                    having[key + (period,)].append(event)
        for key in [("count", c) for c in counts[id(event)]] + [("doc", d) for d in docs[id(event)]]:
            for period in periods:
                stamp[key + (period,)] = now

    for event in events:
        index(event, [("count", c) for c in counts[id(event)]] + [("doc", d) for d in docs[id(event)]], 0)
    weekdays = {id(c): _weekday(c) for c in pending}
    tried: dict[int, int] = {}  # claim → when it was last tried
    now = 0
    changed = True
    while pending and changed:
        changed = False
        left = []
        for claim in pending:
            if weekdays[id(claim)] is None or _day_precise(claim.date):
                period = "" if not claim.date else claim.date[:7] if len(claim.date) >= 7 else claim.date[:4]
                keys = [("count", (claim.count_min, claim.count_max), period), ("doc", claim.doc_id, period)]
                if id(claim) in tried and all(stamp[key] < tried[id(claim)] for key in keys):
                    left.append(claim)  # no event it could join has changed since: it joins none
                    continue
                found = {id(e): e for key in keys for e in having[key]}
                pool = sorted(found.values(), key=lambda e: order[id(e)])
            elif not claim.date:
                pool = events
            elif len(claim.date) >= 7:
                pool = by_month.get(claim.date[:7], [])
            else:
                pool = by_year.get(claim.date[:4], [])
            now += 1
            tried[id(claim)] = now
            candidates = [e for e in pool if _joins(claim, days[id(e)], docs[id(e)], counts[id(e)])
                          and _compatible(claim, e, gazetteer)]
            if len(candidates) > 1:  # prefer the event that already has this count
                same = [e for e in candidates if (claim.count_min, claim.count_max) in counts[id(e)]]
                candidates = same if len(same) == 1 else candidates
            if len(candidates) == 1:
                joined = candidates[0]
                joined.reports.append(claim)
                docs[id(joined)].add(claim.doc_id)
                counts[id(joined)].add((claim.count_min, claim.count_max))
                now += 1
                index(joined, [("count", (claim.count_min, claim.count_max)), ("doc", claim.doc_id)], now)
                changed = True
            else:
                left.append(claim)
        pending = left
    for claim in pending:  # an incident no other report dates: its own event
        events.append(Event(outcome, [claim]))
    return events


def _joins(claim: Claim, day: dt.date | None, docs: set[str], counts: set[tuple]) -> bool:
    """Whether a report that gives no day can join the event of `day` that reports from `docs`
    with `counts`."""
    weekday = _weekday(claim)
    if claim.date and day is not None and not claim.date.startswith(day.isoformat()[:7]) \
            and not day.isoformat().startswith(claim.date):
        return False
    if weekday is not None and day is not None and not _day_precise(claim.date):
        return day.weekday() == weekday
    if claim.doc_id in docs:
        return True  # the article already reports this incident, and gives no other day
    return (claim.count_min, claim.count_max) in counts


def _near_day(claim: Claim, event: Event) -> bool:
    day = _event_day(event)
    return day is not None and abs((dt.date.fromisoformat(claim.date) - day).days) <= 1


def _event_day(event: Event) -> dt.date | None:
    days = Counter(c.date for c in event.reports if own_day(c))
    if not days:
        return None
    return dt.date.fromisoformat(days.most_common(1)[0][0])


def _compatible(claim: Claim, event: Event, gazetteer: Gazetteer) -> bool:
    category, country = _split(claim.victim_group)
    for other_category, other_country, other_location in event.traits():
        if category and other_category and category != other_category:
            return False
        if country and other_country and country != other_country:
            return False
        if not _same_place(claim.location, other_location, gazetteer):
            return False
    return True


def _same_place(a: str | None, b: str | None, gazetteer: Gazetteer) -> bool:
    if not a or not b:
        return True
    ea, eb = gazetteer.lookup(a, ("Place",)), gazetteer.lookup(b, ("Place",))
    if ea is None or eb is None:
        return True  # free text ('provence', 'Idleb province'): no evidence against
    return ea.iri == eb.iri


def own_day(claim: Claim) -> bool:
    """The report dates the incident itself, to the day ('jeudi 27 février', 'Thursday')."""
    return claim.date_text is not None and _day_precise(claim.date)


def _weekday(claim: Claim) -> int | None:
    if not claim.date_text:
        return None
    for language in date_rules.WEEKDAYS:
        for index, name in enumerate(date_rules.WEEKDAYS[language]):
            if name in claim.date_text.lower():
                return index
    return None


def _claim_key(claim: Claim) -> tuple:
    return (claim.doc_id, claim.kind, claim.start, claim.end, claim.count_min, claim.outcome)


def _split(group: str | None) -> tuple[str | None, str | None]:
    if not group:
        return None, None
    category, _, country = group.partition("|")
    return category or None, country or None


def _most_common(values) -> str | None:
    counted = Counter(v for v in values if v)
    if not counted:
        return None
    return sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def date_reports(events: list[Event]) -> dict[tuple, str]:
    """{claim key: event date} for the reports that give no day of their own."""
    out = {}
    for event in events:
        if not _day_precise(event.date):
            continue
        for claim in event.reports:
            if not own_day(claim):
                out[_claim_key(claim)] = event.date
    return out


def apply_event_dates(items: list[BatchItem], events: list[Event]) -> list[BatchItem]:
    dated = date_reports(events)
    out = []
    for item in items:
        claims = [replace(c, date=dated[_claim_key(c)]) if _claim_key(c) in dated else c for c in item.claims]
        out.append(BatchItem(item.document, claims))
    return out


def process(items: list[BatchItem], gazetteer: Gazetteer = EMPTY,
            default_date: str | None = None) -> tuple[list[BatchItem], list[Event], dict[str, str]]:
    """The whole batch pass: date the articles, cluster, give reports their event's day."""
    items, inferred = date_batch(items, gazetteer, default_date)
    events = cluster(items, gazetteer)
    items = apply_event_dates(items, events)
    events = cluster(items, gazetteer)
    return items, events, inferred
