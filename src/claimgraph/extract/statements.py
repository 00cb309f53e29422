"""Statements: the speech acts of each sentence, with who made them and through whom.

For every cue (`cue.py`) the source is resolved (`source.py`): the subject, a passive agent,
a postposed or clitic subject, the person named before the verb, then the frame's speaker for
a second act; the mention's span is the sentence, cut where a coordinated second act starts;
relays ('told Reuters', 'à l'agence Anadolu', 'quoted X as saying') become hops.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..records import AgentRef, Hop
from .context import Context, lemma, lower, within
from .cue import Cue
from .source import SourceResolver
from .syntax import (after_content, clitic_subject, direct_subject, inverted_subject, preceding_speaker, relay_heads,
                     subject_of)


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


def statements(sent: Span, idx: int, sents: list[Span], cues: list[Cue], ctx: Context,
                resolver: SourceResolver) -> list[Statement]:
    out: list[Statement] = []
    lo, hi = trimmed(sent)
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
    return _according_relays(out)


def _according_relays(found: list[Statement]) -> list[Statement]:
    """'Selon SITE, un média de l'EI a menacé …', 'According to Reuters, the minister said …': the
    sentence's speaker spoke, and the one it is 'according to' relayed it (the outermost hop). A
    final 'selon X' covering a clause stays a mention of its own."""
    frames = [st for st in found if st.cue is not None and st.cue.kind == "according" and st.source is not None]
    acts = [st for st in found if st.cue is not None and st.cue.kind == "verb" and st.source is not None
            and st.emit]
    if not frames or not acts:
        return found
    relay = frames[0]
    acts = [st for st in acts if st.cue.token.i > relay.cue.token.i]  # a fronted frame: 'Selon X, Y a …'
    if not acts:
        return found
    for st in acts:
        if st.source.name != relay.source.name and all(h.agent.name != relay.source.name for h in st.via):
            st.via = st.via + (Hop(agent=relay.source, cue=relay.cue.text),)
    relay.emit = False
    return found


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


def trimmed(sent: Span) -> tuple[int, int]:
    """The characters from the sentence's first token that is not a space to its last one."""
    doc, first, last = sent.doc, sent.start, sent.end - 1
    while first < last and doc[first].is_space:
        first += 1
    while last > first and doc[last].is_space:
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _region(cue: Cue, cues: list[Cue], lo: int, hi: int, sent: Span, text: str) -> tuple[int, int]:
    cue_tokens = {c.token.i for c in cues}

    def sub_region(c: Cue) -> tuple[int, int]:
        anchor = c.token.head if c.token.dep_ in RELCL else c.token
        sub = [t for t in anchor.subtree if not t.is_space]
        if c.token.dep_ in ("conj",):
            sub = [t for t in sub if t.i >= c.token.i or within(t, c.token)]
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
    for token in ctx.of(sent):
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


def note_subjects(sent: Span, resolver: SourceResolver) -> None:
    for token in resolver.ctx.of(sent):
        if token.dep_ in ("nsubj",) and token.head.dep_ == "ROOT" and (token.pos_ == "PROPN" or token.ent_type_):
            resolver.note_subject(token)
            return


def bylines(sents: list[Span], per_sentence: list[list[Statement]], ctx: Context, resolver: SourceResolver) -> None:
    """A verbless pull quote followed by its byline line, a name and a title: 'Le pont tiendra.
    Ana Velez, maire de Kandor' (the statement is hers)."""
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
        start = trimmed(sent)[0]
        end = trimmed(nxt)[1]
        per_sentence[idx].append(Statement(None, person, start, end, rule="statement.byline"))
