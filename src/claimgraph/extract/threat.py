"""Threats: an actor announces harm or a hostile action against a target, maybe on a condition."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .. import lexicon as lexicons
from .context import Context, is_conditional, lemma, lower
from .cue import is_passive
from .syntax import np_tokens, text_of

ACTOR_DEPS = ("nsubj", "nsubj:pass", "nsubjpass")
TARGET_PREPS = {"against", "on", "contre", "sur", "with", "avec", "to", "vers", "towards", "en", "into"}


@dataclass
class ThreatMatch:
    trigger: Token
    action: str
    target: str | None
    condition: str | None
    actor: Token | None
    via_threat_verb: bool
    rule: str = "verb"  # verb (a threat verb) | stop_preventing | announced (a future hostile act)


def _irrealis(verb: Token, ctx: Context) -> bool:
    """Future, conditional or modal: announced, not done."""
    if "Fut" in verb.morph.get("Tense") or is_conditional(verb, ctx):
        return True
    for child in verb.children:
        if child.dep_.startswith("aux") and (lower(child) in ctx.words("future_markers")
                                               or "Fut" in child.morph.get("Tense") or "Cnd" in child.morph.get("Mood")):
            return True
    head = verb.head
    if verb.dep_ in ("xcomp",) and head.i != verb.i:
        if lower(head) in ctx.words("future_markers") or "Fut" in head.morph.get("Tense") \
                or "Cnd" in head.morph.get("Mood") or lemma(head) in ("aller", "go", "pouvoir", "vouloir", "want"):
            return _irrealis(head, ctx) or lemma(head) in ("aller",)
    return False


def _stop_preventing(sent: Span, ctx: Context) -> Token | None:
    """Ceasing to hold people back, in any person and tense: a holding-back verb under 'no
    longer' / 'ne … plus' ('will no longer prevent', 'n'empêcherait plus', 'ne plus retenir'),
    under a verb of stopping ('stop preventing', 'cesser de retenir'), or opening the borders
    ('open its borders', 'ouvrir les frontières', 'laisser passer')."""
    for token in ctx.of(sent):
        if token.pos_ not in ("VERB", "AUX"):
            continue
        if ctx.is_word(token, "stop_verbs"):
            if _no_longer(token, sent, ctx):
                return token
            head = token.head
            if token.dep_ in ("xcomp", "ccomp", "obj", "dobj") and ctx.is_word(head, "cease_verbs"):
                return head
        if ctx.is_word(token, "open_verbs") and any(ctx.is_word(c, "border_nouns") for c in token.children
                                                    if c.dep_ in ("obj", "dobj", "xcomp")) \
                and (_irrealis(token, ctx) or "Inf" in token.morph.get("VerbForm")):
            return token  # announced, not done ('whoever opens the borders')
    return None


def _no_longer(verb: Token, sent: Span, ctx: Context) -> bool:
    window = [lower(t) for t in verb.doc[max(sent.start, verb.i - 4):min(sent.end, verb.i + 2)]]
    if ctx.document.language == "fr":
        return "plus" in window and ("ne" in window or "n'" in window)
    return any(a == "no" and b == "longer" for a, b in zip(window, window[1:])) or \
        ("not" in window or "n't" in window) and "anymore" in window


def _target(verb: Token, ctx: Context) -> str | None:
    for child in verb.children:
        if child.dep_ in ("obj", "dobj") and child.pos_ in ("NOUN", "PROPN") and ctx.is_word(verb, "object_is_target"):
            return text_of(np_tokens(child))
        if child.dep_ in ("obj", "dobj") and child.pos_ in ("NOUN", "PROPN") and \
                (child.pos_ == "PROPN" or child.ent_type_ or ctx.is_word(child, "target_heads")):
            return text_of(np_tokens(child))
    places = [t for t in verb.subtree if t.ent_type_ in ("GPE", "LOC", "ORG") and not _locative(t)
              and t.head.dep_ != "nsubj"]
    for t in verb.subtree:
        if lower(t) in TARGET_PREPS or t.dep_ == "case":
            obj = t.head if t.dep_ == "case" else next((c for c in t.children if c.dep_ == "pobj"), None)
            if obj is not None and (obj.ent_type_ in ("GPE", "LOC", "ORG", "NORP") or lemma(obj) in ("pays", "country", "countries")):
                return text_of(np_tokens(obj))
    if places:
        return text_of(np_tokens(places[0]))
    return None


LOCATIVE = {"in", "en", "dans", "inside", "within"}


def _locative(token: Token) -> bool:
    """'in Syria', 'en Syrie', 'dans la région': where something happens, not whom it is aimed at."""
    if any(c.dep_ == "case" and lower(c) in LOCATIVE for c in token.children):
        return True
    return token.dep_ == "pobj" and lower(token.head) in LOCATIVE


def _condition(sent: Span, trigger: Token, ctx: Context) -> str | None:
    doc = sent.doc
    for token in ctx.of(sent):
        phrase = ctx.phrase_at(token, "condition_markers")
        if not phrase:
            continue
        word = lower(token)
        if word in ("sinon", "otherwise", "or"):
            # 'sommé le régime de retirer ses forces …, menaçant sinon de …': the unmet demand
            demand = [c for c in trigger.head.children if c.dep_ in ("xcomp", "ccomp", "obl:arg")] \
                if trigger.head.i != trigger.i else []
            if demand:
                sub = list(demand[0].subtree)
                return "if not: " + doc[sub[0].i:sub[-1].i + 1].text
            continue
        if word in ("should",):
            continue
        # the clause or phrase introduced by the marker
        end = token.i + len(phrase)
        stop = end
        depth_head = token.head
        region = [t for t in depth_head.subtree] if token.dep_ in ("mark", "case", "prep") else []
        if token.dep_ == "prep":
            region = list(token.subtree)
        if region:
            lo, hi = region[0].i, region[-1].i + 1
            lo = min(lo, token.i)
        else:
            lo, hi = token.i, end
            while hi < sent.end and not (doc[hi].is_punct and doc[hi].text in (",", ";", ".")):
                hi += 1
        if hi - lo <= len(phrase):
            hi = stop
            while hi < sent.end and not (doc[hi].is_punct and doc[hi].text in (",", ";", ".")):
                hi += 1
        text = doc[lo:hi].text.strip(" ,.\"“”«»")
        if trigger.i in range(lo, hi) and hi - lo > 12:
            continue
        return text or None
    return None


def find_threats(sent: Span, ctx: Context, has_speech: bool) -> list[ThreatMatch]:
    matches: list[ThreatMatch] = []
    tokens = ctx.of(sent)
    stop = _stop_preventing(sent, ctx)  # once per sentence, not once per threat verb
    # 1. a threat verb: 'threatened', 'menace d'ouvrir', 'menaçant de recourir à la force', 'warned that …'
    # (only a word of one of the three lists can be one: the others are passed over at once)
    candidates = ctx.matching("threat_verbs") | ctx.matching("commissive_verbs") | ctx.matching("directive_verbs")
    for token in ctx.tokens_among(candidates, sent):
        # promising ('vowed to strike') or ordering and inciting ('urged its supporters to attack') a
        # hostile act is a threat; so is threatening anything
        directive = ctx.is_word(token, "directive_verbs") and token.pos_ == "VERB"
        commissive = ctx.is_word(token, "commissive_verbs") or directive
        if not (ctx.is_word(token, "threat_verbs") or commissive) or token.pos_ not in ("VERB", "ADJ", "NOUN"):
            continue
        if token.pos_ == "NOUN" and not _owned_intention(token):
            continue  # 'la menace des auteurs isolés' is a danger; 'ses menaces de créer une crise' a threat
        if is_passive(token) and not _speaking_agent(token, ctx):
            continue  # 'un avion menacé par un missile'; 'was threatened' with no one named
        action_head = next((c for c in token.children if c.dep_ in ("xcomp", "ccomp", "obl:arg", "advcl", "acl")), None)
        hostile = None
        scope = list(action_head.subtree) if action_head is not None else tokens
        for t in scope:
            if ctx.is_word(t, "hostile_actions") and t.i != token.i and _acted(t) \
                    and (not directive or t.pos_ == "VERB"):
                hostile = t  # (an order to act: 'urged … to attack', not 'called for an end to the offensive')
                break
        if hostile is None and stop is None and (commissive or ctx.is_word(token, "warning_verbs")):
            continue  # a promise or a warning is a threat only when what it announces is hostile
        head = hostile or action_head or token
        action = text_of([t for t in head.subtree]) if head.i != token.i else None
        if action is None:
            continue
        target = _target(head, ctx) or _target(token, ctx)
        if target is None:
            target = _demanded_target(token, ctx)
        if target is None and token.head.i != token.i:
            target = next((text_of(np_tokens(c)) for c in token.head.children if c.dep_ in ("obj", "dobj")), None)
        matches.append(ThreatMatch(token, action, target, _condition(sent, token, ctx), None, True))
        return matches
    # 2. stopping to hold back migrants or refugees: 'would no longer prevent', 'ne plus retenir'
    if stop is not None:
        verb = stop if stop.pos_ in ("VERB",) else stop.head
        for t in sent[stop.i - sent.start:]:
            if t.pos_ == "VERB":
                verb = t
                break
        sub = list(verb.subtree)
        action = sent.doc[min(stop.i, sub[0].i):sub[-1].i + 1].text
        target = None
        # where they would go: in the verb's clause, else later in the sentence ('…, qui pourraient déferler sur …')
        # (not where they are held now: 'retenir en Syrie'; not the actor itself)
        for t in list(verb.subtree) + list(sent.doc[verb.i + 1:sent.end]):
            if t.head == verb or t.dep_ in ACTOR_DEPS:
                continue
            if t.ent_type_ in ("LOC", "GPE") or lemma(t) in ("pays", "country"):
                target = text_of(np_tokens(t))
                break
        matches.append(ThreatMatch(stop, action, target, _condition(sent, stop, ctx), _actor(verb), False,
                                   "stop_preventing"))
        return matches
    # 3. a hostile action announced in the future or conditional: 'will strike', 'seront punis'
    for token in tokens:
        if not ctx.is_word(token, "hostile_actions"):
            continue
        verb = token if token.pos_ in ("VERB",) else token.head
        for _ in range(2):  # 'envisagerait des actions de représailles': the noun's governing verb
            if verb.pos_ in ("NOUN",) and verb.head.i != verb.i:
                verb = verb.head
        if verb.pos_ not in ("VERB", "AUX") or not _irrealis(verb, ctx):
            continue
        actor = _actor(verb)
        if actor is not None and (ctx.is_word(actor, "non_speakers") or ctx.is_word(actor, "attack_nouns")):
            continue  # 'the attacks may trigger a reaction', 'rising seas threaten': no one announces anything
        if actor is None and not has_speech and "Pass" not in verb.morph.get("Voice") \
                and not any(c.dep_ in ("nsubj:pass", "nsubjpass", "aux:pass", "auxpass") for c in verb.children):
            continue
        if actor is not None and not (actor.pos_ in ("PROPN", "PRON") or actor.ent_type_) and not has_speech:
            if not ctx.is_word(actor, "titles"):
                continue  # 'the storm will hit …': only named actors, or anyone inside reported speech
        if token.pos_ == "NOUN":
            action = text_of(np_tokens(token))
        else:
            sub = list(verb.subtree)
            action = sent.doc[verb.i:sub[-1].i + 1].text if sub[-1].i > verb.i else verb.text
        target = None
        if ctx.is_word(token, "retaliation_words"):  # revenge is aimed at whoever is blamed for the attack
            target = blamed_party(ctx, before=sent.end)
        target = target or _target(verb, ctx)
        matches.append(ThreatMatch(token, action.strip(" ,.\"“”"), target, _condition(sent, verb, ctx),
                                   actor, False, "announced"))
        return matches
    return matches


def _speaking_agent(verb: Token, ctx: Context) -> bool:
    agent = next((c for c in verb.children if c.dep_ in ("obl:agent", "agent")), None)
    if agent is not None and agent.dep_ == "agent":
        agent = next((c for c in agent.children if c.dep_ == "pobj"), None)
    return agent is not None and (agent.pos_ in ("PROPN", "PRON") or bool(agent.ent_type_)
                                  or ctx.is_word(agent, "agent_nouns") or ctx.is_word(agent, "titles"))


def _owned_intention(noun: Token) -> bool:
    """'ses menaces de créer …', 'his threat to strike …', 'the group's threats to …': a threat
    noun with an owner and an announced act."""
    owner = any(c.dep_ in ("det:poss", "poss", "nmod:poss") or (c.dep_ == "det" and lower(c) in ("ses", "sa", "son", "leur",
                                                                                                 "leurs", "his", "her", "its", "their"))
                for c in noun.children)
    act = any(c.pos_ in ("VERB", "AUX") and c.dep_ in ("acl", "xcomp", "nmod", "advcl", "ccomp") for c in noun.children)
    doc = noun.doc
    if not act and noun.i + 2 < len(doc):  # the infinitive hung on the verb: 'a rappelé ses menaces de bombarder'
        act = lower(doc[noun.i + 1]) in ("de", "d'", "to") and doc[noun.i + 2].pos_ == "VERB"
    return owner and act


def _acted(token: Token) -> bool:
    """A hostile word that is an act someone does (a verb, or a noun it governs: 'launch an
    attack'), not the subject of some other statement ('a terror attack strengthens the case')."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.dep_ not in ("nsubj", "nsubj:pass", "nsubjpass", "csubj")


def blamed_party(ctx: Context, before: int) -> str | None:
    """Whom the article blames for the attack, for a retaliation with no named target ('seront
    punis', 'des représailles'): 'frappes attribuées au régime syrien', 'strikes carried out
    by the Syrian regime', 'un bombardement aérien syrien'. The nearest such mention before."""
    doc = ctx.doc
    found = None
    for token in doc[:before]:
        if lower(token) not in ctx.words("attack_nouns"):
            continue
        named = None
        for t in doc[token.i + 1:min(len(doc), token.i + 6)]:
            if t.is_punct:
                break
            length = _blamed_on(t, ctx)
            if length and t.i + length < len(doc):
                head = doc[t.i + length]
                while head.pos_ in ("DET", "ADJ") and head.i + 1 < len(doc):
                    head = doc[head.i + 1]
                if head.pos_ in ("NOUN", "PROPN"):
                    named = text_of(np_tokens(head))
                break
        if named is None:  # 'un bombardement aérien syrien', 'a Russian air strike'
            for t in doc[max(0, token.i - 2):min(len(doc), token.i + 4)]:
                named = named or lexicons.country_of(lower(t), ctx.document.language)
        found = named or found
    return found


def _blamed_on(token: Token, ctx: Context) -> int:
    """How many words say who did it ('attribuées au', 'carried out by', 'blamed on', 'by'), any
    form of the verb; 0 if none."""
    doc = token.doc
    if lower(token) in ("by", "par"):
        return 1
    if not ctx.is_word(token, "blame_verbs"):
        return 0
    i = token.i + 1
    while i < len(doc) and i - token.i <= 2 and lower(doc[i]) in ("out", "up"):
        i += 1
    if i < len(doc) and lower(doc[i]) in ("à", "au", "aux", "par", "to", "on", "by"):
        return i + 1 - token.i
    return 0


def _demanded_target(token: Token, ctx: Context) -> str | None:
    """'a sommé le régime de retirer ses forces …, menaçant sinon de …': who was given the ultimatum."""
    for ancestor in token.ancestors:
        if ancestor.pos_ == "VERB" and ctx.is_word(ancestor, "demand_verbs"):
            obj = next((c for c in ancestor.children if c.dep_ in ("obj", "dobj")), None)
            if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                return text_of(np_tokens(obj))
    return None


def english_target(target: str | None, ctx: Context) -> str | None:
    """Targets named the same way in every language: a gazetteer place by its English label
    ('l'Europe' → 'Europe'), a noun with a nationality in English ('pays européens' →
    'European countries', 'régime syrien' → 'Syrian regime'); anything else as written."""
    if not target:
        return target
    words = target.replace("’", "'").split()
    while len(words) > 1 and words[0].lower() in ctx.words("determiners"):
        words = words[1:]
    entry = ctx.gazetteer.lookup(" ".join(words), ("Place",))
    if entry is not None:
        return entry.label("en")
    nouns = ctx.lex.get("target_nouns", {})
    if len(words) == 2 and words[0].lower() in nouns:
        country = lexicons.country_of(words[1], ctx.document.language)
        if country is not None:
            return f"{lexicons.english_adjective(country)} {nouns[words[0].lower()]}"
    return " ".join(words)


def _actor(verb: Token) -> Token | None:
    tok = verb
    for _ in range(4):
        for child in tok.children:
            if child.dep_ in ("nsubj",):
                return child
        if tok.dep_ in ("xcomp", "conj", "ccomp") and tok.head.i != tok.i:
            tok = tok.head
            continue
        if tok.dep_ in ("acl", "amod") and tok.head.pos_ == "PROPN":
            return tok.head  # 'Kandor envisagerait …' parsed as a name modified by the verb
        break
    return None
