"""Cue: the reporting word of a speech act ("said", "a affirmé", "according to", "selon").

Find matches first (`find_cues`), then decide which ones start a mention of their own
(`keep_mentions`): a cue inside a quotation, inside another cue's reported content, or a
participle that only restates its head ("…, saying …") does not.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .context import Context, ancestors, lemma, lower, within
from .nominal import find_nominal_cues

CONTENT_DEPS = {"ccomp", "xcomp", "obj", "dobj", "dep", "obl:arg", "iobj", "attr", "oprd"}
PARTICIPLE_DEPS = {"advcl", "acl", "xcomp", "conj", "pcomp"}
MODALS = {"could", "might", "may", "pouvoir", "devoir", "would", "should"}


@dataclass
class Cue:
    token: Token
    kind: str  # verb | according | attitude
    text: str
    source_head: Token | None = None
    content_heads: list[Token] = field(default_factory=list)
    secondary_of: "Cue | None" = None

    @property
    def i(self) -> int:
        return self.token.i


def _negated(verb: Token, ctx: Context) -> bool:
    """'did not say', 'n'a pas dit', 'without specifying', 'sans préciser'."""
    if any(c.dep_ in ("neg", "advmod") and lower(c) in ("not", "n't", "never", "pas", "jamais", "guère", "non")
           for c in verb.children):
        return True
    if any(c.dep_ in ("mark", "case") and lower(c) in ctx.words("privative_preps") for c in verb.children):
        return True
    if any(c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") and any(lower(d) in ("no", "aucun", "aucune", "nul", "nulle")
                                                                 for d in c.children) for c in verb.children):
        return True  # 'No official has confirmed the figure', 'aucun responsable n'a confirmé'
    return verb.dep_ == "pcomp" and lower(verb.head) in ctx.words("privative_preps")


def _non_assertive(verb: Token, ctx: Context) -> bool:
    """The speech act is only aimed at, wanted or refused: 'aims to be reassuring', 'declined to
    comment', 'refuse de commenter'."""
    return verb.dep_ in ("xcomp", "ccomp", "obj", "acl") and verb.head.i != verb.i \
        and ctx.is_word(verb.head, "non_assertive_heads") and verb.head.i < verb.i


def _under_modal(verb: Token) -> bool:
    if any(c.dep_ in ("aux", "aux:tense") and lemma(c) in MODALS for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and lemma(head) in MODALS


def cue_text(verb: Token) -> str:
    """The cue as written: auxiliaries + verb (+ 'état de' for 'faire état de')."""
    auxes = [c for c in verb.children if c.dep_.startswith("aux") and c.i < verb.i and verb.i - c.i <= 3]
    start = min([verb.i] + [a.i for a in auxes])
    end = verb.i + 1
    doc = verb.doc
    if lemma(verb) == "faire" and end < len(doc) and lower(doc[end]) == "état":
        end += 1
        if end < len(doc) and lower(doc[end]) in ("de", "d'", "du", "des"):
            end += 1
    return doc[start:end].text


CLITIC_SUBJECTS = {"-il", "-elle", "-ils", "-elles", "-on", "-t-il", "-t-elle", "-t-on", "-je", "-nous", "-vous"}


def is_clitic_subject(token: Token) -> bool:
    """'-elle' in 'a-t-elle', '-il' in 'assure-t-il' (the euphonic '-t' alone is not one)."""
    return lower(token) in CLITIC_SUBJECTS


def verbal_context(token: Token) -> bool:
    """A word the tagger did not call a verb, used as one: after an auxiliary ('a-t-elle
    constaté', 'ont souligné'), before a clitic subject ('assure-t-il'), or right after a closing
    quotation and a comma ('…", constaté')."""
    doc = token.doc
    i = token.i - 1
    while i >= 0 and (lower(doc[i]) in ("-t",) or is_clitic_subject(doc[i]) or doc[i].pos_ == "ADV"):
        i -= 1
    if i >= 0 and (doc[i].pos_ == "AUX" or lemma(doc[i]) in ("avoir", "être", "have", "be")) and doc[i].i < token.i:
        return True
    nxt = doc[token.i + 1:token.i + 3]
    if any(is_clitic_subject(t) for t in nxt):
        return True
    return token.i >= 2 and doc[token.i - 1].text == "," and doc[token.i - 2].text in ('"', "”", "»", "''")


def _phrasal(token: Token, ctx: Context) -> bool:
    """A several-word reporting verb: the verb's lemma, then its particle or noun within the next
    four words ('a mis en garde', 'pointed out', 'laid out', 'went on to say')."""
    for words in ctx.phrases_of("speech_verbs").get(lemma(token), ()):
        rest = [lower(t) for t in token.doc[token.i + 1:min(token.sent.end, token.i + 5)]
                if t.pos_ not in ("ADV", "PUNCT")]
        if rest[:len(words) - 1] == list(words[1:]):
            return True
    return False


def _reflexive_ok(token: Token, ctx: Context) -> bool:
    """A verb listed only reflexively ('s'inquiéter', 'se dire') reports speech with its 'se'."""
    if not ctx.is_word_in(token, ctx.words("reflexive_speech_verbs")) or ctx.is_word_in(token, _plain(ctx)):
        return True  # 'déclarer' is listed by itself as well as in 'se déclarer'
    doc = token.doc
    return any(lower(t) in ("se", "s'", "me", "m'", "nous", "vous", "te", "t'")
               for t in doc[max(token.sent.start, token.i - 3):token.i])


def _plain(ctx: Context) -> frozenset[str]:
    """The reporting verbs listed without 'se'."""
    key = ("plain", "speech_verbs")
    if key not in ctx._phrases:
        ctx._phrases[key] = frozenset(w.lower() for w in ctx.lex.get("speech_verbs", [])
                                      if not w.startswith(("se ", "s'")))
    return ctx._phrases[key]


def _is_speech_verb(token: Token, ctx: Context) -> bool:
    if lemma(token) == "faire" and token.pos_ in ("VERB", "AUX"):
        return any(lower(c) == "état" for c in token.children) or \
            (token.i + 1 < len(token.doc) and lower(token.doc[token.i + 1]) == "état")
    if token.pos_ in ("PROPN", "PUNCT", "NUM", "DET", "PRON", "SPACE"):
        return False  # 'Twitter' the platform is no verb
    if not (ctx.is_word(token, "speech_verbs") or _phrasal(token, ctx)):
        return False
    if not _reflexive_ok(token, ctx):
        return False
    if token.pos_ in ("VERB", "AUX"):
        return True
    if any(c.dep_ == "det" for c in token.children):
        return False  # 'l'annonce', 'the report': a noun
    if verbal_context(token):
        return True  # a mis-tagged verb: 'a-t-elle constaté' (NOUN), 'a réagi' (ADJ)
    return token.pos_ in ("ADJ", "NOUN") and token.dep_ in ("acl", "amod", "ROOT", "advcl", "conj")


def content_heads(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in CONTENT_DEPS]


def _content_ok(verb: Token, ctx: Context, sent: Span) -> bool:
    """Verbs such as 'call' or 'répondre' only report speech with content or a quote."""
    if ctx.is_word(verb, "clause_required"):  # 'concluded that …' reports; 'concluded an agreement' does not
        return any(c.dep_ in ("ccomp", "parataxis") for c in verb.children) or _quoted_after(verb, ctx)
    if ctx.is_word(verb, "publication_verbs"):
        # 'posted a message' or 'published a photo' reports nothing; 'posted that …', 'posted: "…"',
        # 'a message saying …' does
        objects = [c for c in verb.children if c.dep_ in ("obj", "dobj")]
        if any(ctx.is_word(o, "medium_nouns") for o in objects):
            return any(c.dep_ in ("ccomp", "parataxis") for c in verb.children) or _quoted_after(verb, ctx) \
                or any(c.dep_ in ("acl", "relcl", "acl:relcl") for o in objects for c in o.children) \
                or bool(ctx.sentence_quotes(sent))
    if not ctx.is_word(verb, "content_required"):
        return True
    if is_passive(verb) and any(c.dep_ in ("agent", "obl:agent") for c in verb.children):
        return True  # 'This is tweeted by several people': the subject is what was said
    if lemma(verb) in ("call", "appeler"):
        # 'called on X to', 'called for', 'a appelé tous les combattants à …' (at any distance),
        # 'called the defeat a wake-up call' (an object and its predicate)
        doc = verb.doc
        nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
        if nxt is not None and lower(nxt) in ("on", "for", "upon") and not any(
                t.ent_type_ in ("DATE", "TIME") for t in doc[verb.i + 2:min(len(doc), verb.i + 4)]):
            return True  # 'called on X to …', 'called for calm' (not 'called on Sunday')
        if any(lower(c) in ("à", "au", "aux") and c.dep_ in ("mark", "case") for c in verb.subtree if c.i > verb.i):
            return True
        return any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in verb.children) and \
            any(c.dep_ in ("dobj", "obj") for c in verb.children)
    return bool(content_heads(verb)) or bool(ctx.sentence_quotes(sent))


def is_passive(verb: Token) -> bool:
    """A passive auxiliary ('were blamed', 'a été tué'), or a passive subject with no 'avoir' /
    'have' auxiliary (the French tagger's Voice=Pass on every past participle is not evidence)."""
    if any(c.dep_ in ("auxpass", "aux:pass") for c in verb.children):
        return True
    perfect = any(c.dep_.startswith("aux") and lemma(c) in ("avoir", "have") for c in verb.children)
    return not perfect and any(c.dep_ in ("nsubjpass", "nsubj:pass") for c in verb.children)


def _passive_without_agent(verb: Token) -> bool:
    return is_passive(verb) and not any(c.dep_ in ("agent", "obl:agent") for c in verb.children)


def _quoted_after(verb: Token, ctx: Context) -> bool:
    """A quotation or a colon right after the verb, or a quotation the verb closes ('"…," he continued')."""
    doc = verb.doc
    nxt = doc[verb.i + 1:min(len(doc), verb.i + 3)]
    if any(t.text in (":",) or ctx.in_quote(t) for t in nxt):
        return True
    i = verb.i - 1
    while i >= 0 and doc[i].dep_.startswith("aux"):
        i -= 1
    return i >= 1 and doc[i].text == "," and ctx.in_quote(doc[i - 1]) is not None or \
        (i >= 0 and doc[i].text in ('"', "”", "»", "''"))


def _cue_candidates(ctx: Context) -> frozenset[int]:
    """The tokens of the document that can be a cue of `find_cues`' loop: the first word of an
    'according to' phrase, a reporting verb (listed, the verb of a several-word one, or 'faire'
    of 'faire état') or an attitude word. Found once per document; no other token can be one."""
    key = ("cue candidates",)
    found = ctx._phrases.get(key)
    if found is None:
        according = ctx._index("according_to", None, False)
        phrasal = ctx.phrases_of("speech_verbs")
        indices = set(ctx.matching("speech_verbs") | ctx.matching("attitude_cues"))
        indices.update(i for i, (form, base) in enumerate(zip(ctx.lowers, ctx.lemmas))
                       if base == "faire" or base in phrasal or form in according)
        found = ctx._phrases[key] = frozenset(indices)
    return found


def find_cues(sent: Span, ctx: Context) -> list[Cue]:
    cues: list[Cue] = []
    quotes_here = ctx.sentence_quotes(sent)
    for token in ctx.tokens_among(_cue_candidates(ctx), sent):
        if token.is_space or ctx.in_quote(token):
            continue
        phrase = ctx.phrase_at(token, "according_to")
        if phrase:
            head = _according_object(token, len(phrase))
            if head is not None:
                cues.append(Cue(token, "according", sent.doc[token.i:token.i + len(phrase)].text, head))
            continue
        if _is_speech_verb(token, ctx):
            if _negated(token, ctx) or _under_modal(token) or _non_assertive(token, ctx) \
                    or not _content_ok(token, ctx, sent):
                continue
            if token.tag_ in ("VBN",) and token.dep_ in ("amod", "acl") and not any(c.dep_ == "agent" for c in token.children):
                continue
            if _passive_without_agent(token):
                continue  # 'were blamed', 'is briefed', 'ont été jugés': the subject is not the speaker
            if token.dep_ in ("acl", "amod") and token.pos_ in ("VERB", "ADJ") and ctx.document.language == "fr" \
                    and not any(c.dep_ == "obl:agent" for c in token.children) and "Part" in token.morph.get("VerbForm"):
                continue
            cues.append(Cue(token, "verb", cue_text(token), None, content_heads(token)))
        elif ctx.is_word(token, "attitude_cues") and quotes_here:
            cues.append(Cue(token, "attitude", token.text))
    frame = _opinion_frame(sent, ctx)
    if frame is not None:  # 'Pour les syndicats, la réforme est injuste.'
        cues.append(frame)
    taken = {c.token.i for c in cues}
    for anchor, source_head, words in find_nominal_cues(sent, ctx):
        if anchor.i not in taken:  # 'issued a warning that …', 'his promise to …'
            cues.append(Cue(anchor, "noun", words, source_head))
    return sorted(cues, key=lambda c: c.token.i)


def _opinion_frame(sent: Span, ctx: Context) -> Cue | None:
    """A sentence opened by 'Pour X,' / 'For X,' where X can speak: X's view."""
    tokens = [t for t in ctx.of(sent) if not t.is_space]
    if len(tokens) < 5 or lower(tokens[0]) not in ctx.words("opinion_frames"):
        return None
    comma = next((t for t in tokens[1:8] if t.text == ","), None)
    if comma is None:
        return None
    inside = tokens[1:comma.i - tokens[0].i]
    if any(t.pos_ in ("VERB", "AUX") for t in inside):
        return None  # 'Pour veiller sur …,': a purpose
    ids = {t.i for t in inside}
    heads = [t for t in inside if t.pos_ in ("NOUN", "PROPN") and t.head.i not in ids]  # the phrase's root
    if not heads:
        return None
    head = heads[0]
    speaks = head.pos_ in ("PROPN", "PRON") or head.ent_type_ in ("PERSON", "PER", "ORG", "NORP", "GPE") or any(
        ctx.is_word(head, key) for key in ("titles", "agent_nouns", "person_nouns"))
    if not speaks or ctx.is_word(head, "weekdays"):
        return None
    return Cue(tokens[0], "according", tokens[0].text, head)


def _according_object(token: Token, length: int) -> Token | None:
    """The noun after 'according to' / 'selon' / 'd'après'."""
    last = token.doc[token.i + length - 1]
    for candidate in (last, token):
        objects = [c for c in candidate.children if c.dep_ in ("pobj", "obj", "nmod")]
        if objects:
            return objects[0]
    if token.dep_ == "case" and token.head.i > token.i:
        return token.head
    if last.dep_ == "case" and last.head.i > last.i:
        return last.head
    for t in token.doc[token.i + length:token.i + length + 4]:
        if t.pos_ in ("NOUN", "PROPN"):
            return t
    return None


def reports(frame: Cue, other: Cue) -> bool:
    """Whether `frame` reports the clause that holds `other` (so `other` is nested speech)."""
    if frame.kind == "according":
        return False
    if frame.token.i > other.token.i and any(c.dep_ == "mark" for c in frame.token.children):
        return False  # a subordinate verb ('…, qu'ils avaient revendiqués') never reports what precedes it
    for child in frame.token.children:
        if child.dep_ in CONTENT_DEPS and within(other.token, child):
            return True
    if frame.token.dep_ in ("parataxis", "ccomp", "dep") and frame.token.i > other.token.i:
        head = frame.token.head
        if head == other.token:
            return False  # 'the Kremlin said the leaders stressed …': the frame is the other's content
        return within(other.token, head) and not within(other.token, frame.token)
    return False


def keep_mentions(cues: list[Cue], ctx: Context) -> list[Cue]:
    """The cues that start a statement mention of their own."""
    kept: list[Cue] = []
    by_token = {c.token.i: c for c in cues}
    for cue in cues:
        if cue.kind in ("attitude", "noun") and any(c.kind not in ("attitude", "noun") for c in cues):
            continue  # a sentence with a reporting verb reports through it ('aimed his criticism at X, saying …')
        # only a cue above this one, or beside it under a common head, can report it
        above = ancestors(cue.token) | {cue.token.i}
        frame = next((other for other in cues if other is not cue and other.kind == "verb"
                      and (other.token.i in above or other.token.head.i in above) and reports(other, cue)), None)
        if frame is not None:
            if not _misattached_conjunct(cue, ctx):
                continue
            cue.secondary_of = frame  # 'X forecast that the economy would rebound and praised Y'
            kept.append(cue)
            continue
        head_cue = _cue_ancestor(cue, by_token) if cue.kind != "according" else None
        if head_cue is not None:
            # 'said …, saying …' restates; 'denounced the closure, accusing …' and a second verb in
            # the passé composé ('a confirmé … et annoncé …') bring new content
            restating = cue.token.dep_ in PARTICIPLE_DEPS and _present_participle(cue.token) \
                and ctx.is_word(cue.token, "restating_participles")
            if restating:
                continue
            cue.secondary_of = head_cue
        kept.append(cue)
    return kept


def _misattached_conjunct(cue: Cue, ctx: Context) -> bool:
    """A speech verb the parser coordinated with a verb inside another speech act's content,
    although it cannot share that verb's subject: 'Putin forecast that the economy would
    rebound and praised Kerry' (the economy praises no one). It is the frame's second act."""
    verb = cue.token
    if verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") for c in verb.children):
        return False
    if verb.head.pos_ not in ("VERB", "AUX"):
        return True  # coordinated with a noun or a number: 'a rejeté toute responsabilité et déclaré …'
    if "Part" in verb.morph.get("VerbForm") and "Past" in verb.morph.get("Tense") and \
            not any(c.dep_.startswith("aux") for c in verb.children) and \
            lower(verb.doc[verb.i - 1]) in ("et", "and", "puis", "ou"):
        return True  # a bare past participle sharing the frame's auxiliary: 'a relevé que … et réitéré …'
    subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "expl", "expl:subj")), None)
    return subject is not None and subject.pos_ in ("NOUN", "PROPN") and (
        ctx.is_word(subject, "non_speakers") or not (subject.ent_type_ or subject.pos_ == "PROPN"
                                                     or ctx.is_word(subject, "agent_nouns")
                                                     or ctx.is_word(subject, "titles")))


def _present_participle(token: Token) -> bool:
    """'saying', 'disant', 'en précisant' (not the past participle of a compound tense)."""
    if token.tag_ == "VBG" or "Ger" in token.morph.get("VerbForm"):
        return True
    return "Part" in token.morph.get("VerbForm") and ("Pres" in token.morph.get("Tense")
                                                      or lower(token).endswith("ant"))


def _cue_ancestor(cue: Cue, by_token: dict[int, Cue]) -> Cue | None:
    for ancestor in cue.token.ancestors:
        if ancestor.i in by_token and by_token[ancestor.i].kind == "verb":
            return by_token[ancestor.i]
        if ancestor.dep_ == "ROOT":
            break
    return None
