"""`claimgraph report`: one self-contained HTML page per event (or for the archive) that an
analyst reads — the toll timeline (each report's count bounds against its publication date,
coloured by original source), the conflicting-counts table (count, source, relay chain, article,
date, the exact words) and each article's text with the claims' words highlighted, every view
linked to the others by anchors. No script, font or style is fetched: the page opens from disk.
"""
from __future__ import annotations

import html
from collections import defaultdict
from datetime import datetime, timezone

from .. import __version__
from .data import Claim, article_texts, claims as read_claims
from . import palette

MAX_EVENTS = 40  # events in an archive-wide report (the most reported first)
CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header,main{max-width:1100px;margin:0 auto;padding:0 20px}
header{padding-top:18px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ddd}
h3{font-size:16px;margin:18px 0 6px}
.meta{color:#666;font-size:13px}
nav a{margin-right:14px}
table{border-collapse:collapse;width:100%;font-size:14px;background:#fff}
th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f0f0f0}
td.count{font-weight:600;white-space:nowrap;text-align:right}
tr:target,mark:target{outline:3px solid #f0a202}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:middle}
.chain{color:#555;font-size:13px}
.legend span.item{margin-right:14px;font-size:13px;white-space:nowrap}
svg.timeline{background:#fff;border:1px solid #ddd;max-width:100%}
svg.timeline a:hover circle,svg.timeline a:hover line{stroke-width:5}
article{background:#fff;border:1px solid #ddd;padding:10px 16px;margin:10px 0}
article p{white-space:pre-wrap;margin:0}
mark{background:#fff1a8;padding:0 1px;border-radius:2px}
mark.casualty{background:#ffd0cc}mark.threat{background:#ffe2c2}mark.statement{background:#d8f0d8}
mark.inner{filter:brightness(.9)}
sup.who{font-size:11px;color:#444;background:#eee;border-radius:3px;padding:0 3px;margin-left:2px}
sup.who a{color:#444;text-decoration:none}
.words{font-style:italic}
.empty{color:#888}
"""


def build(store, *, event: str | None = None, day: str | None = None, max_events: int = MAX_EVENTS) -> tuple[str, dict]:
    """The page's HTML, and what it holds (events, claims, articles) for the caller to report."""
    claims = read_claims(store, event=event, day=day)
    events: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.event:
            events[claim.event].append(claim)
    ranked = sorted(events, key=lambda e: (-len(events[e]), events[e][0].event_date, e))
    omitted = max(0, len(ranked) - max_events)
    shown = sorted(ranked[:max_events], key=lambda e: (events[e][0].event_date, e))
    in_scope = [c for e in shown for c in events[e]]
    documents = {c.document for c in in_scope}
    texts = article_texts(store, documents)
    global _colours
    _colours = palette.assign(sorted({c.source_label for c in in_scope}, key=lambda s: (s == "(article)", s)))

    if event or day:
        first = events[shown[0]][0] if shown else None
        title = first.event_label if first and len(shown) == 1 else f"Events of {day or event}"
    else:
        title = "Events in the archive"
    parts = [_head(title)]
    parts.append(f"<header><h1>{_e(title)}</h1><p class='meta'>{len(in_scope)} reports in {len(documents)} "
                 f"articles, {len(shown)} event{'s' if len(shown) != 1 else ''}"
                 + (f" ({omitted} less reported events left out; use --event or --day)" if omitted else "")
                 + f" · claimgraph {__version__} · {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC</p>"
                 "<nav>" + ("<a href='#events'>Events</a>" if len(shown) > 1 else "") + "<a href='#timeline'>Toll timeline</a><a href='#counts'>Conflicting counts</a>"
                 "<a href='#articles'>Articles</a></nav></header><main>")
    if len(shown) > 1:  # a table of contents
        parts.append("<section id='events'><h2>Events</h2><ul>" + "".join(
            f"<li><a href='#timeline-{_slug(e)}'>{_e(events[e][0].event_label)}</a> — {_summary(events[e])}"
            f" (<a href='#counts-{_slug(e)}'>table</a>)</li>" for e in shown) + "</ul></section>")
    if not shown:
        parts.append("<p class='empty'>No event matches: no claim in the store reports an event"
                     + (f" on {_e(day)}" if day else "") + ".</p>")
    parts.append("<section id='timeline'><h2>Toll timeline</h2><p class='meta'>Each report's count against the "
                 "date its article was published: a dot for an exact count, a bar from the lowest to the highest "
                 "count it allows (an arrow: “at least”). Colour: the original source. Click a report for its row."
                 "</p>")
    for iri in shown:
        parts.append(_timeline(iri, events[iri]))
    parts.append("</section><section id='counts'><h2>Conflicting counts</h2>")
    for iri in shown:
        parts.append(_table(iri, events[iri]))
    parts.append("</section><section id='articles'><h2>Articles</h2><p class='meta'>The words of each report "
                 "highlighted in its article, with its source and relay chain; click them for the report's row.</p>")
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for claim in in_scope:
        by_doc[claim.document].append(claim)
    for document in sorted(by_doc, key=lambda d: (by_doc[d][0].published, by_doc[d][0].doc)):
        parts.append(_article(by_doc[document], texts.get(document)))
    parts.append("</section></main></body></html>\n")
    return "".join(parts), {"events": len(shown), "claims": len(in_scope), "articles": len(documents),
                            "omitted_events": omitted, "texts": len(texts)}


_colours: dict[str, str] = {}


def colour_for(source: str) -> str:
    return _colours.get(source) or palette.colour_for(source)


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _head(title: str) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{_e(title)}</title>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            # nothing may be fetched: no remote script, style, font or image
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:\">"
            f"<style>{CSS}</style></head><body>")


def anchor(claim: Claim) -> str:
    return f"claim-{claim.short}"


def row_anchor(claim: Claim) -> str:
    return f"row-{claim.short}"


def _original(claim: Claim) -> str:
    return claim.source_label


def _chain(claim: Claim) -> str:
    """'source ← relay ← article' as the claim travelled (the article last)."""
    hops = [claim.source_label] + [a.label for a in claim.chain]
    return " → ".join(hops) + f" → {claim.doc}"


def _timeline(event: str, claims: list[Claim]) -> str:
    counted = [c for c in claims if c.count_min is not None or c.count_max is not None]
    label = claims[0].event_label
    head = f"<h3 id='timeline-{_slug(event)}'>{_e(label)}</h3><p class='meta'>{_summary(claims)}</p>"
    if not counted:
        return head + "<p class='empty'>No report of this event gives a count.</p>"
    dates = sorted({c.published or "undated" for c in counted}, key=lambda d: (d == "undated", d))
    per_date: dict[str, list[Claim]] = defaultdict(list)
    for claim in counted:
        per_date[claim.published or "undated"].append(claim)
    top = max(max(c.count_min or 0, c.count_max or 0) for c in counted)
    top = max(1, int(top * 1.25) + 1)
    slot = 34
    left, right, upper, lower = 56, 20, 16, 46
    width = left + right + sum(max(1, len(per_date[d])) * slot + 30 for d in dates)
    height = 300
    plot_h = height - upper - lower

    def y(value: float) -> float:
        return upper + plot_h * (1 - value / top)

    svg = [f"<svg class='timeline' role='img' aria-label='toll timeline of {_e(label)}' width='{width}' "
           f"height='{height}' viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg' "
           "font-family='sans-serif' font-size='11'>"]
    for tick in _ticks(top):
        svg.append(f"<line x1='{left}' x2='{width - right}' y1='{y(tick):.1f}' y2='{y(tick):.1f}' stroke='#eee'/>"
                   f"<text x='{left - 6}' y='{y(tick) + 4:.1f}' text-anchor='end' fill='#555'>{tick}</text>")
    svg.append(f"<text x='14' y='{upper + plot_h / 2:.0f}' transform='rotate(-90 14 {upper + plot_h / 2:.0f})' "
               "text-anchor='middle' fill='#555'>count</text>")
    x = left + 15
    sources = []
    for date in dates:
        group = per_date[date]
        group_width = len(group) * slot
        svg.append(f"<text x='{x + group_width / 2:.0f}' y='{height - lower + 18}' text-anchor='middle' "
                   f"fill='#333'>{_e(date if len(date) == 10 or date == 'undated' else date + ' (month)')}</text>"
                   f"<line x1='{x - 8}' x2='{x - 8}' y1='{upper}' y2='{height - lower}' stroke='#f4f4f4'/>")
        for i, claim in enumerate(sorted(group, key=lambda c: (c.count_min or 0, c.source_label))):
            cx = x + i * slot + slot / 2
            colour = colour_for(_original(claim))
            if _original(claim) not in sources:
                sources.append(_original(claim))
            low = claim.count_min if claim.count_min is not None else 0
            tip = (f"{claim.count} — {_chain(claim)} — published {claim.published or 'undated'} — "
                   f"“{claim.words}”")
            mark = [f"<a href='#{row_anchor(claim)}' class='report' data-claim='{claim.short}'>"
                    f"<title>{_e(tip)}</title>"]
            if claim.count_max is not None and claim.count_max != low:
                mark.append(f"<line x1='{cx}' x2='{cx}' y1='{y(low):.1f}' y2='{y(claim.count_max):.1f}' "
                            f"stroke='{colour}' stroke-width='4' stroke-linecap='round'/>")
            elif claim.count_max is None:  # "at least": open upwards
                tip_y = max(upper, y(low) - 22)
                mark.append(f"<line x1='{cx}' x2='{cx}' y1='{y(low):.1f}' y2='{tip_y:.1f}' stroke='{colour}' "
                            f"stroke-width='3'/><path d='M{cx - 5},{tip_y + 6:.1f} L{cx},{tip_y:.1f} "
                            f"L{cx + 5},{tip_y + 6:.1f}' fill='none' stroke='{colour}' stroke-width='2'/>")
            mark.append(f"<circle cx='{cx}' cy='{y(low):.1f}' r='6' fill='{colour}' stroke='#fff' stroke-width='1.5'/>"
                        f"<text x='{cx}' y='{y(low) + 18:.1f}' text-anchor='middle' fill='#222' "
                        f"font-weight='600'>{_e(claim.count)}</text></a>")
            svg.append("".join(mark))
        x += group_width + 30
    svg.append(f"<line x1='{left}' x2='{left}' y1='{upper}' y2='{height - lower}' stroke='#999'/>"
               f"<line x1='{left}' x2='{width - right}' y1='{height - lower}' y2='{height - lower}' stroke='#999'/>"
               f"<text x='{(left + width) / 2:.0f}' y='{height - 8}' text-anchor='middle' fill='#555'>"
               "published</text></svg>")
    legend = "".join(f"<span class='item'><span class='swatch' style='background:{colour_for(s)}'></span>{_e(s)}</span>"
                     for s in sources)
    return head + "".join(svg) + f"<div class='legend'>{legend}</div>"


def _summary(claims: list[Claim]) -> str:
    """'counts from 22 to 33 · 5 sources · 4 articles · published 2020-02 to 2020-02-28'."""
    lows = [c.count_min for c in claims if c.count_min is not None]
    highs = [c.count_max if c.count_max is not None else c.count_min for c in claims if c.count_min is not None]
    dates = sorted(c.published for c in claims if c.published)
    parts = []
    if lows:
        parts.append(f"counts from {min(lows)} to {max(highs)}" if min(lows) != max(highs) else f"count {min(lows)}")
    sources = {c.source_label for c in claims}
    parts.append(f"{len(sources)} source{'s' if len(sources) != 1 else ''}")
    articles = {c.document for c in claims}
    parts.append(f"{len(articles)} article{'s' if len(articles) != 1 else ''}")
    if dates:
        parts.append(f"published {dates[0]}" + (f" to {dates[-1]}" if dates[-1] != dates[0] else ""))
    return _e(" · ".join(parts))


def _ticks(top: int) -> list[int]:
    step = max(1, top // 5)
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if nice >= step:
            step = nice
            break
    return list(range(0, top + 1, step))


def _table(event: str, claims: list[Claim]) -> str:
    rows = [f"<h3 id='counts-{_slug(event)}'>{_e(claims[0].event_label)}</h3><table class='counts'><thead><tr>"
            "<th>count</th><th>source</th><th>relay chain</th><th>article</th><th>published</th><th>the words</th>"
            "</tr></thead><tbody>"]
    ordered = sorted(claims, key=lambda c: (c.count_min is None, c.count_min or 0, c.published, c.doc, c.start))
    for claim in ordered:
        chain = " → ".join([claim.source_label] + [a.label for a in claim.chain] + [claim.doc])
        rows.append(
            f"<tr id='{row_anchor(claim)}' data-claim='{claim.short}'><td class='count'>{_e(claim.count or '—')}</td>"
            f"<td><span class='swatch' style='background:{colour_for(_original(claim))}'></span>"
            f"{_e(claim.source_label)}{' <span class=chain>(' + _e(claim.source.type) + ')</span>' if claim.source else ''}</td>"
            f"<td class='chain'>{_e(chain)}</td>"
            f"<td><a href='#doc-{_slug(claim.doc)}'>{_e(claim.headline or claim.doc)}</a></td>"
            f"<td>{_e(claim.published or 'undated')}</td>"
            f"<td><a class='words' href='#{anchor(claim)}'>“{_e(claim.words)}”</a></td></tr>")
    rows.append("</tbody></table>")
    return "".join(rows)


def _article(claims: list[Claim], text: str | None) -> str:
    first = claims[0]
    head = (f"<article id='doc-{_slug(first.doc)}'><h3>{_e(first.headline or first.doc)}</h3>"
            f"<p class='meta'>{_e(first.doc)} · published {_e(first.published or 'undated')}"
            f"{' · ' + _e(first.language) if first.language else ''}</p>")
    if text is None:  # the file is gone or changed: the words in their stored context
        body = ["<p class='meta'>The article's text is not at hand (its file moved or changed); each report is "
                "shown in the context stored with it.</p>"]
        for claim in sorted(claims, key=lambda c: c.start):
            body.append(f"<p>…{_e(claim.prefix)}{_mark(claim, claim.words)}{_who(claim)}{_e(claim.suffix)}…</p>")
        return head + "".join(body) + "</article>"
    return head + "<p>" + highlight(text, claims) + "</p></article>"


def _mark(claim: Claim, words: str, inner: bool = False) -> str:
    return (f"<mark id='{anchor(claim)}' class='{claim.kind}{' inner' if inner else ''}' data-claim='{claim.short}' "
            f"title='{_e(_chain(claim))}'><a href='#{row_anchor(claim)}' style='color:inherit;"
            f"text-decoration:none'>{_e(words)}</a></mark>")


def _who(claim: Claim) -> str:
    chain = " ← ".join([claim.source_label] + [a.label for a in claim.chain])
    return f"<sup class='who'><a href='#{row_anchor(claim)}'>{_e(claim.count + ' · ' if claim.count else '')}{_e(chain)}</a></sup>"


def highlight(text: str, claims: list[Claim]) -> str:
    """The text with each claim's words in a <mark> (an id to link to) followed by its source and
    chain. Overlapping claims: the outer one is marked, the inner ones' labels follow it."""
    spans = sorted((c for c in claims if 0 <= c.start < c.end <= len(text)), key=lambda c: (c.start, -c.end))
    out, position, i = [], 0, 0
    while i < len(spans):
        outer = spans[i]
        inner = []
        i += 1
        while i < len(spans) and spans[i].start < outer.end:
            inner.append(spans[i])
            outer_end = max(outer.end, spans[i].end)
            if outer_end != outer.end:  # a claim that overhangs: widen the marked stretch
                outer = _widened(outer, outer_end)
            i += 1
        out.append(_e(text[position:outer.start]))
        pieces, cursor = [], outer.start
        for claim in inner:  # the inner claims keep their own id (a link may point at them)
            if claim.start > cursor:
                pieces.append(_e(text[cursor:claim.start]))
            if claim.start >= cursor:
                pieces.append(_mark(claim, text[claim.start:claim.end], inner=True))
                cursor = claim.end
        pieces.append(_e(text[cursor:outer.end]))
        original = getattr(outer, "_original", outer)
        out.append(f"<mark id='{anchor(original)}' class='{original.kind}' data-claim='{original.short}' "
                   f"title='{_e(_chain(original))}'>{''.join(pieces)}</mark>{_who(original)}"
                   + "".join(_who(c) for c in inner))
        position = outer.end
    out.append(_e(text[position:]))
    return "".join(out)


def _widened(claim: Claim, end: int) -> Claim:
    original = getattr(claim, "_original", claim)
    wide = Claim(**{**original.__dict__, "end": end})
    wide._original = original  # type: ignore[attr-defined]
    return wide


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.rsplit("/", 1)[-1])
