"""Extraction: a parsed article → claim mentions (statements, casualty counts, threats).

`extract(document, gazetteer)` parses the document's masked text with spaCy and returns
frozen `Claim` records; no spaCy object leaves this package. Attribution follows BBC
citron's decomposition: cue (`cue.py`) → source (`source.py`) → content; casualties
(`casualty.py`) and threats (`threat.py`) take the source of the speech act that
reports them, or none (the article's own claim).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .. import lexicon as lexicons
from ..identity import EMPTY, Gazetteer
from ..records import AgentRef, Claim, Document, Hop
from . import casualty as casualty_rules
from . import threat as threat_rules
from .context import Context, governing_verb, is_conditional, lemma, lower
from .cue import Cue, find_cues, keep_mentions
from .posts import embedded_posts
from .single import find_single_victims
from .source import (SourceResolver, after_content, clitic_subject, direct_subject, inverted_subject, preceding_speaker,
                     relay_heads, subject_of)

RELCL = ("relcl", "acl:relcl")
RELAY_DEPS = ("dative", "iobj", "obl", "obl:arg", "obl:mod", "prep", "dobj", "obj")


@dataclass
class Statement:
    cue: Cue | None
    source: AgentRef | None
    start: int
    end: int
    via: tuple[Hop, ...] = ()
    emit: bool = True  # False for tallies with no issuer ('selon le bilan actuel')
    sent_ids: set[int] = field(default_factory=set)
    rule: str = "statement.verb"


def extract(document: Document, gazetteer: Gazetteer = EMPTY) -> list[Claim]:
    """Claim mentions of one document."""
    from .. import nlp

    return extract_doc(document, nlp.parse(document.masked, document.language), gazetteer)


def extract_doc(document: Document, doc: Doc, gazetteer: Gazetteer = EMPTY) -> list[Claim]:
    ctx = Context(document, doc, gazetteer)
    resolver = SourceResolver(ctx)
    sents = [s for s in doc.sents if s.text.strip()]
    per_sentence: list[list[Statement]] = []
    all_cues: list[list[Cue]] = []
    for idx, sent in enumerate(sents):
        cues = find_cues(sent, ctx)
        kept = keep_mentions(list(cues), ctx)
        all_cues.append(cues)
        per_sentence.append(_statements(sent, idx, sents, kept, ctx, resolver))
        _note_subjects(sent, resolver)
    _bylines(sents, per_sentence, ctx, resolver)

    claims: list[Claim] = []
    for idx, sent in enumerate(sents):
        for st in per_sentence[idx]:
            if st.emit and st.source is not None:
                claims.append(_claim(document, "statement", st.start, st.end, st, ctx))
        claims.extend(_casualties(sent, all_cues[idx], per_sentence[idx], ctx, resolver, document))
        covering = [st for sts in per_sentence for st in sts
                    if st.emit and st.source is not None and st.start <= sent.start_char and sent.end_char - 1 <= st.end + 1]
        covering += [st for st in per_sentence[idx] if st.emit and st.source is not None and st not in covering]
        claims.extend(_threats(sent, covering, ctx, resolver, document))
    claims.extend(embedded_posts(document))
    return _dedupe(claims)


# statements ----------------------------------------------------------------------------------
def _statements(sent: Span, idx: int, sents: list[Span], cues: list[Cue], ctx: Context,
                resolver: SourceResolver) -> list[Statement]:
    out: list[Statement] = []
    lo, hi = _trimmed(sent)
    resolved: dict[int, AgentRef | None] = {}
    for cue in cues:
        quoted = _quoted_as_saying(cue, ctx) if cue.kind == "verb" else None
        if quoted is not None:  # 'the newspaper quoted a nurse as saying …': the nurse spoke, the paper relayed
            speaker, relay = quoted
            source = resolver.resolve(speaker)
            relayed = resolver.resolve(relay, remember=False) if relay is not None else None
            start, end = _region(cue, cues, lo, hi, sent, ctx.document.masked)
            via = (Hop(agent=relayed, cue=cue.text),) if relayed is not None and source is not None else ()
            resolved[cue.token.i] = source
            out.append(Statement(cue, source, start, end, via, source is not None, rule="statement.quoted_as"))
            continue
        source = _cue_source(cue, ctx, resolver, resolved)
        resolved[cue.token.i] = source
        emit = source is not None
        if cue.kind == "according" and source is None:
            emit = False
        start, end = _region(cue, cues, lo, hi, sent, ctx.document.masked)
        # a quotation that opened in an earlier sentence belongs to this speech act
        for qs, qe in ctx.quotes:
            if qs < start <= qe and qs >= (sents[idx - 1].start_char if idx else 0) - 2000:
                start = min(start, qs)
        out.append(Statement(cue, source, start, end, _relays(cue, sent, ctx, resolver, source), emit,
                             rule=f"statement.{cue.kind}" + (".secondary" if cue.secondary_of is not None else "")))
    return out


def _quoted_as_saying(cue: Cue, ctx: Context) -> tuple[Token, Token | None] | None:
    """'X quoted Y as saying …', 'X a cité Y comme disant …': (Y, X) when the pattern holds."""
    verb = cue.token
    if lemma(verb) not in ("quote", "cite", "citer"):
        return None
    speaker = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    as_saying = any(lower(c) in ("as", "comme") and any(ctx.is_word(g, "speech_verbs") for g in c.subtree)
                    for c in verb.children)
    if speaker is None or not as_saying:
        return None
    return speaker, direct_subject(verb)


def _trimmed(sent: Span) -> tuple[int, int]:
    tokens = [t for t in sent if not t.is_space]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _region(cue: Cue, cues: list[Cue], lo: int, hi: int, sent: Span, text: str) -> tuple[int, int]:
    cue_tokens = {c.token.i for c in cues}

    def sub_region(c: Cue) -> tuple[int, int]:
        anchor = c.token.head if c.token.dep_ in RELCL else c.token
        sub = [t for t in anchor.subtree if not t.is_space]
        if c.token.dep_ in ("conj",):
            sub = [t for t in sub if t.i >= c.token.i or t in c.token.subtree]
        # a later coordinated speech act is a mention of its own ('…; bemoaned …; and said …')
        for child in c.token.children:
            if child.dep_ == "conj" and child.i in cue_tokens and child.i > c.token.i:
                sub = [t for t in sub if t.i < child.left_edge.i]
        while len(sub) > 1 and (sub[-1].is_punct or sub[-1].pos_ == "CCONJ"):
            sub = sub[:-1]
        return sub[0].idx, sub[-1].idx + len(sub[-1].text)

    if cue.secondary_of is not None:
        return sub_region(cue)
    start, end = lo, hi
    for other in cues:
        if other.secondary_of is None or other is cue:
            continue
        s, e = sub_region(other)
        if s > cue.token.idx:
            end = min(end, s)  # a later second act ends this one
        elif e <= cue.token.idx:
            start = max(start, e)
    while end > start and text[end - 1] in " ,;":
        end -= 1
    return start, end


def _cue_source(cue: Cue, ctx: Context, resolver: SourceResolver, resolved: dict) -> AgentRef | None:
    if cue.kind in ("according", "noun"):
        return resolver.resolve(cue.source_head) if cue.source_head is not None else None
    if cue.kind == "attitude":
        head = cue.token if cue.token.pos_ == "VERB" else cue.token.head
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        return resolver.resolve(subj) if subj is not None else None
    verb = cue.token.head if cue.token.dep_.startswith("aux") else cue.token  # 'ayant fait état de'

    def agentive(token: Token | None, direct: bool = False) -> Token | None:
        return token if token is not None and _can_speak(token, ctx, direct) else None

    threat_like = ctx.is_word(verb, "threat_verbs") or ctx.is_word(verb, "warning_verbs")
    # 'Rising sea levels threaten our coast': only someone who can speak threatens as a speech act
    head = clitic_subject(verb) or agentive(direct_subject(verb), direct=not threat_like)
    if head is None and verb.dep_ in ("acl", "amod") and "Part" in verb.morph.get("VerbForm"):
        # 'Turquie, accusée de soutenir … par la Russie': the passive agent further down
        head = agentive(next((t for t in verb.subtree if t.dep_ in ("obl:agent", "agent")), None))
    if head is None and after_content(verb) and not _nonfinite(verb):
        head = agentive(inverted_subject(verb, ctx), direct=True)  # '…," wrote a reader
    if head is None and verb.dep_ in ("acl",) and verb.head.pos_ in ("NOUN", "PROPN") \
            and "Past" not in verb.morph.get("Tense") and verb.i - verb.head.i <= 4:
        head = agentive(verb.head)  # 'une ONG, ayant fait état de …', 'the minister, saying …'
    if head is None:
        head = agentive(subject_of(verb))
    if head is None and cue.secondary_of is not None and resolved.get(cue.secondary_of.token.i) is not None:
        return resolved[cue.secondary_of.token.i]  # 'Using an expression to describe …, he said': the frame's speaker
    if head is not None and ctx.in_quote(head) and not ctx.in_quote(cue.token):
        head = None  # a subject inside the quotation is not the speaker ('« Nous … », a affirmé X')
    if head is None:
        head = _preceding_person(verb, ctx)  # 'l'influent sénateur Lindsey Graham, proche allié de Trump a menacé'
    if head is None:
        head = agentive(inverted_subject(verb, ctx))
    if head is None and cue.secondary_of is None:
        head = agentive(preceding_speaker(verb))
    if head is None and cue.secondary_of is None:
        # a mis-parsed clause: the nearest noun before the verb, outside any prepositional phrase
        # and any quotation, that can speak ('Côté réactions, le secrétaire général de l'ONU, appelle …')
        head = next((t for t in reversed(verb.doc[verb.sent.start:verb.i])
                     if t.pos_ in ("NOUN", "PROPN") and not any(c.dep_ == "case" for c in t.children)
                     and t.dep_ not in ("nmod", "flat:name", "compound", "pobj") and not ctx.in_quote(t)
                     and _can_speak(t, ctx)), None)
    if head is None and cue.secondary_of is not None:
        return resolved.get(cue.secondary_of.token.i)
    if head is None:
        return None
    return resolver.resolve(head)


def _nonfinite(verb: Token) -> bool:
    """A participle, gerund or infinitive ('…, accusing the owners'): no postposed subject."""
    forms = verb.morph.get("VerbForm")
    return verb.tag_ in ("VBG", "VB") or "Ger" in forms or "Inf" in forms or \
        ("Part" in forms and not any(c.dep_.startswith("aux") for c in verb.children))


def _preceding_person(verb: Token, ctx: Context) -> Token | None:
    """The person named last before the verb in its clause, when the parse gave it no usable
    subject: not inside a quotation or a prepositional phrase ('allié de Trump'), and with no
    finite verb in between."""
    for person in reversed(ctx.persons):
        if person.end > verb.i or person.start < verb.sent.start:
            continue
        root = person.root
        if ctx.in_quote(root) or any(c.dep_ == "case" for c in root.children) or \
                (person.start > 0 and lower(verb.doc[person.start - 1]) in ("de", "d'", "of", "by", "par", "à", "to")):
            continue
        between = verb.doc[person.end:verb.i]
        if any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") and not t.dep_.startswith("aux")
               for t in between):
            return None
        return root
    return None


def _can_speak(token: Token, ctx: Context, direct: bool = False) -> bool:
    """Whether the word can name someone who speaks: a name, a pronoun, an entity, a title or
    an agent noun ('officials', 'le ministère'); not 'deaths', 'bombings', 'missile', nor
    a topic marker ('Côté réactions, …'). The reporting verb's own subject (`direct`) speaks
    whatever its noun ('the fishermen', 'la grand-mère', a sentence-initial name the tagger
    missed) unless it is a time, a number or a thing that cannot speak."""
    if ctx.phrase_at(token, "topic_markers") or lower(token) in ctx.words("topic_markers"):
        return False
    if direct and token.pos_ in ("NOUN", "PROPN") and not token.like_num \
            and token.ent_type_ not in ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL") \
            and not ctx.is_word(token, "non_speakers") and not ctx.is_word(token, "weekdays"):
        return True
    if token.pos_ in ("PRON",) or lower(token) in ctx.words("pronouns"):
        return True
    if token.ent_type_ in ("PERSON", "PER", "ORG", "GPE", "NORP", "LOC"):
        return True
    if token.pos_ == "PROPN" and token.i != token.sent.start:
        return True
    return any(ctx.is_word(token, key) for key in ("titles", "agent_nouns", "document_nouns", "tally_nouns",
                                                   "media_nouns")) or ctx.gazetteer.lookup(token.text) is not None


def _relays(cue: Cue, sent: Span, ctx: Context, resolver: SourceResolver, source: AgentRef | None) -> tuple[Hop, ...]:
    """'told Reuters', 'a déclaré … à l'agence Anadolu', 'Interrogé par Reuters, …'."""
    hops: list[Hop] = []
    if cue.kind != "verb":
        return ()
    candidates: list[tuple[Token, str]] = []
    for child in cue.token.children:
        if child.dep_ in RELAY_DEPS:
            if child.dep_ == "prep" and lower(child) in ctx.words("relay_preps") | {"to"}:
                candidates.extend((c, cue.token.text) for c in child.children if c.dep_ == "pobj")
            elif child.dep_ in ("dative", "iobj") or any(lower(c) in ctx.words("relay_preps") for c in child.children
                                                          if c.dep_ == "case"):
                candidates.append((child, cue.token.text))
            elif child.dep_ in ("dobj", "obj") and lemma(cue.token) == "tell":
                candidates.append((child, cue.token.text))
    speaker = subject_of(cue.token) or inverted_subject(cue.token, ctx)
    if speaker is not None:
        for head in relay_heads(speaker):
            candidates.append((head, cue.token.text))
    for token in sent:
        phrase = ctx.phrase_at(token, "interviewed_by")
        if phrase:
            after = sent.doc[token.i + len(phrase):min(sent.end, token.i + len(phrase) + 6)]
            noun = next((t for t in after if t.pos_ in ("PROPN", "NOUN")), None)
            if noun is not None:
                candidates.append((noun, sent.doc[token.i:token.i + len(phrase)].text))
    seen = set()
    for head, cue_text in candidates:
        agent = resolver.resolve(head, remember=False)
        if agent is None or agent.kind != "media" or agent.name in seen:
            continue
        if source is not None and source.name == agent.name:
            continue
        seen.add(agent.name)
        hops.append(Hop(agent=agent, cue=cue_text))
    return tuple(hops)


def _note_subjects(sent: Span, resolver: SourceResolver) -> None:
    for token in sent:
        if token.dep_ in ("nsubj",) and token.head.dep_ == "ROOT" and (token.pos_ == "PROPN" or token.ent_type_):
            resolver.note_subject(token)
            return


def _bylines(sents: list[Span], per_sentence: list[list[Statement]], ctx: Context, resolver: SourceResolver) -> None:
    """A pull quote followed by its byline: 'Nos soldats seront vengés.Fahrettin Altun, directeur …'."""
    text = ctx.document.masked
    for idx in range(len(sents) - 1):
        sent, nxt = sents[idx], sents[idx + 1]
        if per_sentence[idx] or per_sentence[idx + 1]:
            continue
        gap = text[sent.end_char:nxt.start_char]
        if "\n" in gap or "\n" in text[sent.start_char:sent.end_char].strip():
            continue
        after = text[nxt.end_char:nxt.end_char + 2]
        if after and "\n" not in after and nxt.end_char < len(text.rstrip()):
            continue
        if any(t.pos_ in ("VERB", "AUX") for t in nxt):
            continue
        names = [e for e in nxt.ents if e.label_ in ("PERSON", "PER") and e.start == nxt.start]
        if not names or not any(t.text == "," for t in nxt):
            continue
        person = resolver.person(names[0].text, names[0].start_char, names[0].end_char)
        resolver.antecedents.append(person)
        start = _trimmed(sent)[0]
        end = _trimmed(nxt)[1]
        per_sentence[idx].append(Statement(None, person, start, end, rule="statement.byline"))


# casualties ----------------------------------------------------------------------------------
def _covers(cue: Cue, token: Token) -> bool:
    if cue.kind == "according":
        anchor = cue.source_head.head if cue.source_head is not None else cue.token.head
        if cue.token.dep_ == "prep":
            anchor = cue.token.head
        anchor = governing_verb(anchor)
        return token in anchor.subtree
    if cue.kind != "verb":
        return False
    verb = cue.token.head if cue.token.dep_.startswith("aux") else cue.token
    if token.i < verb.i and after_content(verb) and direct_subject(verb) is None:
        return True  # '…, rapportent les autorités': a final frame over what precedes
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "obj", "dobj", "obl:arg", "dep", "nmod", "obl") and token in child.subtree:
            return True
    if verb.dep_ in ("parataxis", "ccomp", "dep", "conj") and token in verb.head.subtree \
            and token not in verb.subtree:
        return True
    return False


def _casualties(sent: Span, cues: list[Cue], statements: list[Statement], ctx: Context,
                resolver: SourceResolver, document: Document) -> list[Claim]:
    date_spans = [(d.start, d.end) for d in ctx.dates.in_span(sent.start_char, sent.end_char)]
    counts = casualty_rules.find_counts(sent, ctx, date_spans)
    counted = {c.victim.i for c in counts if c.victim is not None}
    counts = sorted(counts + find_single_victims(sent, ctx, counted), key=lambda c: c.left)
    lo, hi = _trimmed(sent)
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


# threats -------------------------------------------------------------------------------------
def _threats(sent: Span, covering: list[Statement], ctx: Context, resolver: SourceResolver,
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
            start, end = _trimmed(sent)
            via = ()
        date, date_text = ctx.dates.date_of(start, end, anchor=trigger.idx,
                                            prefer=_dates_of(governing_verb(trigger), ctx))
        out.append(Claim(doc_id=document.doc_id, kind="threat", start=start, end=end, source=source, cue=cue,
                         via=via, hedged=_hedged(sent, start, end, ctx), target=threat_rules.english_target(match.target, ctx), action=match.action,
                         condition=match.condition, date=date, date_text=date_text, content=ctx.document.text[start:end],
                         cue_start=cue_start, rule=f"threat.{match.rule}"))
    return out


# shared --------------------------------------------------------------------------------------
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


def _claim(document: Document, kind: str, start: int, end: int, st: Statement, ctx: Context) -> Claim:
    sent = ctx.doc.char_span(start, end, alignment_mode="expand")
    return Claim(doc_id=document.doc_id, kind=kind, start=start, end=end, source=st.source,
                 cue=st.cue.text if st.cue else None, via=st.via, channel=_channel(document.masked[start:end], ctx),
                 hedged=_hedged(sent, start, end, ctx) if sent is not None else False,
                 content=document.text[start:end], cue_start=st.cue.token.idx if st.cue else None, rule=st.rule)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen = set()
    out = []
    for claim in claims:
        key = claim.identity()
        if key in seen:
            continue
        seen.add(key)
        out.append(claim)
    return out
