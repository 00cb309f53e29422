"""Speech acts expressed by a noun: 'issued a warning that …', 'leveled sharp criticism at …',
'his promise to build a wall', 'ses propos sur …', 'a formulé des critiques contre …'.

Two shapes, both with reported content (a clause, an infinitive, a quotation, a colon, or the
person or thing the words were aimed at), so that 'issued a statement on Monday' with no
content is not a statement:

- a speech noun that is the object of a light verb ('make', 'issue', 'level', 'voice',
  'faire', 'émettre', 'formuler'): the verb's subject spoke;
- a speech noun with an owner ('his promise to …', 'X's warning that …', 'ses accusations
  contre …'): the owner spoke.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from .context import Context, lower

CONTENT_DEPS = {"ccomp", "acl", "xcomp", "advcl"}  # not a relative clause: it describes the words
OWNER_DETS = {"his", "her", "its", "their", "ses", "son", "sa", "leur", "leurs"}
SUBJECTS = ("nsubj",)


def _has_content(noun: Token, verb: Token | None, ctx: Context, targets: bool = True) -> bool:
    """A clause, an infinitive, a quotation or a colon after the noun; with `targets`, also the
    person or thing the words were aimed at ('criticism at …', 'des critiques contre …')."""
    doc = noun.doc
    for head in (noun, verb):
        if head is None:
            continue
        for child in head.children:
            if child.dep_ in CONTENT_DEPS and child.pos_ in ("VERB", "AUX") and child.i > noun.i:
                return True
            if targets and child.dep_ in ("prep", "nmod", "obl", "obl:arg") and child.i > noun.i:
                marker = lower(child) if child.dep_ == "prep" else \
                    next((lower(c) for c in child.children if c.dep_ == "case"), "")
                party = next((c for c in child.children if c.dep_ == "pobj"), None) if child.dep_ == "prep" else child
                if marker in ctx.words("speech_noun_targets") and party is not None and _a_party(party, ctx):
                    return True
    after = doc[noun.i + 1:min(len(doc), noun.i + 3)]
    return any(t.text in (":",) or ctx.in_quote(t) for t in after) or \
        (noun.i + 2 < len(doc) and lower(doc[noun.i + 1]) in ("that", "que", "qu'", "to", "de", "d'")
         and doc[noun.i + 2].pos_ in ("VERB", "AUX") + (("PRON", "DET", "NOUN", "PROPN") if targets else ()))


def _a_party(token: Token, ctx: Context) -> bool:
    """Someone words can be aimed at: a name, a pronoun, an entity, an agent noun (not 'a conference')."""
    if token.ent_type_ in ("DATE", "TIME") or ctx.is_word(token, "weekdays"):
        return False
    return token.pos_ in ("PROPN", "PRON") or token.ent_type_ in ("PERSON", "PER", "ORG", "GPE", "NORP", "LOC") \
        or ctx.is_word(token, "agent_nouns") or ctx.is_word(token, "titles") or ctx.is_word(token, "person_nouns")


def _owner(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ in ("poss", "nmod:poss"):
            return child
        if child.dep_ in ("det", "det:poss") and lower(child) in OWNER_DETS:
            return child
    return None


def find_nominal_cues(sent: Span, ctx: Context) -> list[tuple[Token, Token, str]]:
    """(cue anchor, source head, cue words) for each nominal speech act in the sentence."""
    found = []
    for noun in ctx.of(sent):
        if noun.pos_ != "NOUN" or ctx.in_quote(noun) or not ctx.is_word(noun, "speech_nouns"):
            continue
        verb = noun.head if noun.dep_ in ("dobj", "obj") and noun.head.pos_ == "VERB" else None
        if verb is not None and ctx.is_word(verb, "light_verbs"):
            if any(c.dep_ in ("neg",) or lower(c) in ("not", "n't", "never", "pas", "jamais") for c in verb.children):
                continue
            subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
            if subject is None and verb.dep_ in ("conj", "advcl", "xcomp"):
                subject = next((c for c in verb.head.children if c.dep_ in SUBJECTS), None)
            if subject is not None and _has_content(noun, verb, ctx):
                found.append((verb, subject, verb.doc[verb.i:noun.i + 1].text))
            continue
        owner = _owner(noun)  # 'his promise to build a wall', 'X's claim that …' (what was said, not whom at)
        if owner is not None and _has_content(noun, None, ctx, targets=False):
            found.append((noun, owner, noun.doc[owner.i:noun.i + 1].text if owner.i < noun.i else noun.text))
    return found
