"""The keys that relate a document to others: the days and counts of its reports of killed or
injured people, and its titles (see the package's docstring)."""
from __future__ import annotations

import datetime as dt
import json

from rdflib import Graph, Literal, URIRef

from .. import crossdoc, events
from ..identity import EMPTY, Gazetteer
from ..namespaces import CG
from ..records import Claim


DAY_WINDOW = 3  # days around a changed document's days whose documents join the scope
UNDATED = "undated"


def keys_of(item: events.BatchItem, dated: list[Claim] | None = None, inferred: str | None = None,
            gazetteer: Gazetteer = EMPTY) -> set[str]:
    """The keys relating a document to others: what its reports that can join an event need or
    offer (on the claims as dated by the cross-document pass, `dated`), and the titles it names
    people by. A document with no day yet is `undated`: every pass takes it in, since any new
    article may date it (through the year of the archive or an event on one of its weekdays).

    A report joins an event of a day or two from its own day: `d:` keys, for each day of the
    document's reports (and its own day). A report giving no day joins an event of its month
    (given only a year, of its year) that already has its count: it needs `mn:MONTH|COUNT` (or
    `yn:YEAR|COUNT`), and every report offers `mc:MONTH|COUNT` and `yc:YEAR|COUNT` for the
    months and years of its day and of the days either side (an event takes the day of one of
    its reports). A dated document none of whose claims can join an event (most articles:
    statements, tolls, displaced people) has no such key, so a build does not take in every
    article published around the days it touches, nor every article of a month or year: only
    those that need or offer a count the change offers or needs.

    Titles: `t:ROLE|QUALIFIER` for a person it names with a title, `tb:ROLE|QUALIFIER` for a
    title it names no one by (see `around`)."""
    document = item.document
    keys: set[str] = set()
    day = document.date if document.date and len(document.date) == 10 else inferred
    claims = [claim for claim in (dated if dated is not None else item.claims) if events.eventful(claim)]
    if not day:
        keys.add(UNDATED)
    for claim in claims:
        count = f"{claim.count_min}-{claim.count_max}"
        for value in {claim.date, day} - {None, ""}:
            periods = {value}
            if len(value) == 10:
                keys.add(f"d:{value}")
                periods = set(_days_around(value, 1)) or {value}
            for period in periods:  # what the report offers the reports that give no day
                if len(period) >= 7:
                    keys.add(f"mc:{period[:7]}|{count}")
                keys.add(f"yc:{period[:4]}|{count}")
        value = claim.date or day
        if value and not events.own_day(claim):  # what a report that gives no day needs
            keys.add(f"mn:{value[:7]}|{count}" if len(value) >= 7 else f"yn:{value[:4]}|{count}")
    for key, _ in crossdoc.title_names(item, gazetteer):
        keys.update(f"t:{key[0]}|{q}" for q in key[1])
    for key in crossdoc.bare_titles(item, gazetteer):
        keys.update(f"tb:{key[0]}|{q}" for q in key[1])
    return keys


def _days_around(value: str, width: int) -> list[str]:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return []
    return [(day + dt.timedelta(days=k)).isoformat() for k in range(-width, width + 1)]


def around(keys: set[str]) -> set[str]:
    """The keys of the documents a change with these keys touches: the days within DAY_WINDOW
    of each day, the other side of a count in a month or year, and for a title a person is named by, the
    documents that name no one by it (they may take that name). A document's own titles need no
    neighbours: the names other documents give them are read from their records
    (`title_names`)."""
    out = set()
    for key in keys:
        kind, _, value = key.partition(":")
        if kind == "d":
            out.update(f"d:{day}" for day in _days_around(value, DAY_WINDOW) or [value])
        elif kind in _SIDES:
            out.add(f"{_SIDES[kind]}:{value}")
        elif kind != "tb":
            out.add(key)
    return out


# a report's count offered in a month (year) relates it to the reports that give no day and
# need that count there, and the other way round; a title someone is named by, to the documents
# that name no one by it
_SIDES = {"mc": "mn", "mn": "mc", "yc": "yn", "yn": "yc", "t": "tb"}


def encode_title(key: crossdoc.RoleKey, name: str) -> str:
    return json.dumps([key[0], sorted(key[1]), name], ensure_ascii=False)


def decode_title(text: str) -> tuple[crossdoc.RoleKey, str]:
    concept, qualifiers, name = json.loads(text)
    return (concept, frozenset(qualifiers)), name


def title_name_texts(item: events.BatchItem, gazetteer: Gazetteer) -> list[str]:
    """What a record says of the names the document gives titles (`cg:titleName` values)."""
    return [encode_title(key, name) for key, name in crossdoc.title_names(item, gazetteer)]


def add_title_names(graph: Graph, doc: URIRef, item: events.BatchItem, gazetteer: Gazetteer) -> None:
    for text in title_name_texts(item, gazetteer):
        graph.add((doc, CG.titleName, Literal(text)))
