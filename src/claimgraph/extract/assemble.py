"""Claim records from a sentence's statements, casualty counts and threats: spans, sources
through the covering speech act, dates, places, hedging; duplicates removed."""
from __future__ import annotations

from spacy.tokens import Span, Token

from .. import lexicon as lexicons
from ..records import Claim, Document
from . import casualty as casualty_rules
from . import threat as threat_rules
from .context import Context, governing_verb, is_conditional, lower, within
from .cue import Cue
from .single import find_single_victims
from .source import SourceResolver
from .syntax import after_content, direct_subject
from .statements import Statement, trimmed


def _covers(cue: Cue, token: Token) -> bool:
    if cue.kind == "according":
        anchor = cue.source_head.head if cue.source_head is not None else cue.token.head
        if cue.token.dep_ == "prep":
            anchor = cue.token.head
        anchor = governing_verb(anchor)
        return within(token, anchor)
    if cue.kind != "verb":
        return False
    verb = cue.token.head if cue.token.dep_.startswith("aux") else cue.token
    if token.i < verb.i and after_content(verb) and direct_subject(verb) is None:
        return True  # '…, rapportent les autorités': a final frame over what precedes
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "obj", "dobj", "obl:arg", "dep", "nmod", "obl") and within(token, child):
            return True
    if verb.dep_ in ("parataxis", "ccomp", "dep", "conj") and within(token, verb.head) \
            and not within(token, verb):
        return True
    return False


def casualties(sent: Span, cues: list[Cue], statements: list[Statement], ctx: Context,
                resolver: SourceResolver, document: Document) -> list[Claim]:
    date_spans = [(d.start, d.end) for d in ctx.dates.in_span(sent.start_char, sent.end_char)]
    counts = casualty_rules.find_counts(sent, ctx, date_spans)
    counted = {c.victim.i for c in counts if c.victim is not None}
    counts = sorted(counts + find_single_victims(sent, ctx, counted), key=lambda c: c.left)
    if not counts:
        return []
    lo, hi = trimmed(sent)
    cumulative = casualty_rules.is_cumulative(sent, ctx)
    location = _location(sent, ctx)
    out = []
    by_cue = {id(st.cue): st for st in statements if st.cue is not None}
    for i, count in enumerate(counts):
        start = lo if i == 0 else sent.doc[count.left].idx
        end = sent.doc[counts[i + 1].left].idx if i + 1 < len(counts) else hi
        while end > start and ctx.document.masked[end - 1] in " ,;":
            end -= 1
        source, cue_text, via, cue_start, frame = None, None, (), None, "unattributed"
        for cue in cues:
            if _covers(cue, count.tokens[-1]):
                cue_start, frame = cue.token.idx, cue.kind
                st = by_cue.get(id(cue))
                source = st.source if st is not None else None
                via = st.via if st is not None else ()
                cue_text = cue.text
                if st is None and cue.kind == "according":
                    source = resolver.resolve(cue.source_head, remember=False) if cue.source_head is not None else None
                break
        bounds = casualty_rules.numbers.bounds(count.value * casualty_rules.fraction_of(count, ctx),
                                               count.qualifier, count.approx)
        date, date_text = ctx.dates.date_of(sent.start_char, sent.end_char, cumulative and count.rule != "single",
                                            skip=lambda mention: _dates_report(mention, cues, ctx),
                                            anchor=governing_verb(count.tokens[-1]).idx,
                                            prefer=_dates_of(governing_verb(count.tokens[-1]), ctx))
        out.append(Claim(
            doc_id=document.doc_id, kind="casualty", start=start, end=end, source=source, cue=cue_text, via=via,
            hedged=_hedged(sent, start, end, ctx), count_min=bounds.count_min, count_max=bounds.count_max,
            victims=casualty_rules.victim_phrase(count, ctx), victim_group=casualty_rules.victim_group(count, ctx),
            outcome=count.outcome, location=location,
            date=date, date_text=date_text, cumulative=cumulative, content=ctx.document.text[start:end],
            cue_start=cue_start, rule=f"casualty.{count.rule}.{frame}"))
    return out


def _dates_report(mention, cues: list[Cue], ctx: Context) -> bool:
    """The date is the report's, not the event's: 'an NGO reported on Friday', 'accused … on Friday'."""
    span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    token = governing_verb(span.root)
    reporting = {c.token.i for c in cues} | {c.token.head.i for c in cues if c.token.dep_.startswith("aux")}
    return token.i in reporting


def _dates_of(verb: Token, ctx: Context):
    """A test for date mentions that modify `verb` itself ('a tué … le 9 janvier'), or that
    frame the sentence up to it ('Le lendemain, X a tué …, puis le 9 janvier, …')."""
    sent = verb.sent
    mentions = ctx.dates.in_span(sent.start_char, sent.end_char)

    def test(mention) -> bool:
        span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return False
        if governing_verb(span.root.head if span.root.pos_ in ("VERB", "AUX") else span.root).i == verb.i:
            return True
        fronted = not ctx.document.masked[sent.start_char:mention.start].strip(" \n\"«“'-—") \
            and ctx.document.masked[mention.end:mention.end + 2].lstrip().startswith(",")
        return fronted and mention.end <= verb.idx and \
            not any(mention.end <= other.start and other.end <= verb.idx for other in mentions)
    return test


def _location(sent: Span, ctx: Context) -> str | None:
    for ent in sent.ents:
        if ent.label_ in ("GPE", "LOC"):
            entry = ctx.gazetteer.lookup(ent.text, ("Place",))
            if entry is not None and entry.kind == "Place":
                if lexicons.is_country(entry.label("en")) and any(e.text != ent.text for e in sent.ents
                                                                 if e.label_ in ("GPE", "LOC")):
                    continue  # a country next to a more precise place: the precise one
                return entry.label("en")
    for ent in sent.ents:
        if ent.label_ in ("GPE", "LOC") and ctx.gazetteer.lookup(ent.text) is None:
            return ent.text
    return None


def threats(sent: Span, covering: list[Statement], ctx: Context, resolver: SourceResolver,
             document: Document) -> list[Claim]:
    matches = threat_rules.find_threats(sent, ctx, bool(covering))
    out = []
    for match in matches[:1]:
        trigger = match.trigger
        st = next((s for s in covering if s.start <= trigger.idx < s.end), None) or (covering[0] if covering else None)
        if st is not None:
            source, cue, start, end, via = st.source, (st.cue.text if st.cue else None), st.start, st.end, st.via
            cue_start = st.cue.token.idx if st.cue else None
        else:
            if match.actor is None:
                continue
            source = resolver.resolve(match.actor, remember=False)
            if source is None:
                continue
            cue = trigger.text if match.via_threat_verb else None
            cue_start = trigger.idx if match.via_threat_verb else None
            start, end = trimmed(sent)
            via = ()
        date, date_text = ctx.dates.date_of(start, end, anchor=trigger.idx,
                                            prefer=_dates_of(governing_verb(trigger), ctx))
        out.append(Claim(doc_id=document.doc_id, kind="threat", start=start, end=end, source=source, cue=cue,
                         via=via, hedged=_hedged(sent, start, end, ctx), target=threat_rules.english_target(match.target, ctx), action=match.action,
                         condition=match.condition, date=date, date_text=date_text, content=ctx.document.text[start:end],
                         cue_start=cue_start, rule=f"threat.{match.rule}"))
    return out


def _hedged(sent: Span, start: int, end: int, ctx: Context) -> bool:
    for token in sent.doc.char_span(start, end, alignment_mode="expand") or sent:
        if ctx.in_quote(token):
            continue
        if lower(token) in ctx.words("hedges") or is_conditional(token, ctx):
            return True
    return False


def _channel(text: str, ctx: Context) -> str | None:
    low = text.lower()
    for channel, words in ctx.lex["channels"].items():
        if any(w in low for w in words):
            return channel
    return None


def statement_claim(document: Document, kind: str, start: int, end: int, st: Statement, ctx: Context) -> Claim:
    sent = ctx.doc.char_span(start, end, alignment_mode="expand")
    return Claim(doc_id=document.doc_id, kind=kind, start=start, end=end, source=st.source,
                 cue=st.cue.text if st.cue else None, via=st.via, channel=_channel(document.masked[start:end], ctx),
                 hedged=_hedged(sent, start, end, ctx) if sent is not None else False,
                 content=document.text[start:end], cue_start=st.cue.token.idx if st.cue else None, rule=st.rule)


def dedupe(claims: list[Claim]) -> list[Claim]:
    seen = set()
    out = []
    for claim in claims:
        key = claim.identity()
        if key in seen:
            continue
        seen.add(key)
        out.append(claim)
    return out
