"""Counts with no number: named or singular victims of an outcome verb.

'Le général Qassem Soleimani a été tué', 'en tuant un policier', 'a cyclist was killed',
'la mort d'un soldat', 'Soleimani ainsi qu'un dirigeant pro-iranien ont été tués' (two). The
victim is the patient of a killing or wounding verb (its object, its passive subject, the noun
a participle modifies) or the subject of a dying verb, and must be a person: a name, or a
singular noun phrase headed by a person noun. Coordinated singular victims add up; a plural
without a number ('les frères Kouachi') is no definite count and is left alone. Negated,
conditional, future and intended acts ('menace de tuer', 'could be killed') are not counts.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from .. import lexicon as lexicons
from .casualty import Count
from .cue import is_passive
from .context import Context, is_conditional, lemma, lower

PATIENT_DEPS = ("obj", "dobj")
PASSIVE_SUBJECTS = ("nsubj:pass", "nsubjpass")
SUBJECTS = ("nsubj", "nsubj:pass", "nsubjpass")
NEGATIONS = {"not", "n't", "never", "pas", "jamais", "plus", "guère"}
MODALS = {"could", "might", "may", "can", "would", "should", "must", "pouvoir", "devoir", "aller", "risquer"}
NO_ONE = {"no", "aucun", "aucune", "nul", "nulle", "none"}
REALIS_MARKERS = {"avant", "après", "before", "after", "en", "by", "while", "sans"}


def _verb_outcome(token: Token, ctx: Context, key: str) -> str | None:
    """The outcome a verb inflicts; two-word entries ('shoot dead', 'gun down') match the verb's
    lemma and a particle or complement among its children."""
    for outcome, single, phrases in _outcome_words(ctx, key):
        if ctx.is_word_in(token, single):
            return outcome
        for phrase in phrases:
            if lemma(token) == phrase[0] and any(lower(c) == phrase[1] for c in token.children):
                return outcome
    return None


def _outcome_words(ctx: Context, key: str) -> list[tuple[str, frozenset[str], list[list[str]]]]:
    """(outcome, its one-word verbs, its two-word entries split) of the lexicon list `key`, once per document."""
    cache_key = ("outcomes", key)
    if cache_key not in ctx._phrases:
        ctx._phrases[cache_key] = [(outcome, frozenset(w for w in words if " " not in w),
                                    [w.split() for w in words if " " in w])
                                   for outcome, words in ctx.lex.get(key, {}).items()]
    return ctx._phrases[cache_key]


def _asserted(verb: Token, ctx: Context) -> bool:
    """Done, not threatened, wished or denied."""
    if any(lower(c) in NEGATIONS and c.dep_ in ("advmod", "neg") for c in verb.children):
        return False
    if is_conditional(verb, ctx) or "Fut" in verb.morph.get("Tense"):
        return False
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and (lemma(head) in MODALS or is_conditional(head, ctx)
                                            or "Fut" in head.morph.get("Tense")):
        return False  # 'pourrait être blessé', 'might be killed'
    if any(c.dep_ in SUBJECTS and any(lower(d) in NO_ONE for d in c.children) for c in verb.children):
        return False  # 'no officer was killed', 'aucun soldat n'a été tué'
    for child in verb.children:
        if child.dep_.startswith("aux") and (lemma(child) in ("will", "would", "could", "might", "may", "can",
                                                                "pouvoir", "devoir", "aller")
                                             or "Fut" in child.morph.get("Tense") or is_conditional(child, ctx)):
            return False
    if "Inf" in verb.morph.get("VerbForm") or verb.tag_ == "VB":
        # an infinitive is a fact only after 'avant de', 'after', … ('avant d'être tués'), never
        # under an intention ('menace de tuer', 'vowed to kill')
        marks = [lower(c) for c in verb.children if c.dep_ in ("mark", "case", "aux") and c.i < verb.i]
        return any(m in REALIS_MARKERS for m in marks) or lower(verb.doc[verb.i - 1]) in REALIS_MARKERS
    return True


def _is_person(token: Token, ctx: Context) -> bool:
    """A name, a person noun ('policière', 'cyclist') or a nationality noun ('l'Iranien')."""
    if ctx.in_person(token.i):
        return True
    return token.pos_ not in ("PRON", "DET", "ADP", "PUNCT", "NUM") and (ctx.is_word(token, "person_nouns")
                                                       or lexicons.country_of(lower(token), ctx.document.language)
                                                       is not None)


def _singular(token: Token, ctx: Context) -> bool:
    """One person: singular, with no number of its own ('trois jihadistes' is a numeric count)."""
    if "Plur" in token.morph.get("Number") or any(c.dep_ == "nummod" or (c.like_num and c.dep_ != "det")
                                                    for c in token.children):
        return False
    if ctx.in_person(token.i):
        return True
    determiners = [lower(c) for c in token.children if c.dep_ in ("det", "det:poss", "poss")]
    return not any(d in ("les", "des", "ces", "the", "these", "those", "some", "several") for d in determiners) \
        and not lower(token).endswith("s") or lower(token) in ("fils",)


def _indefinite(token: Token) -> bool:
    return any(c.dep_ == "det" and lower(c) in ("un", "une", "a", "an") for c in token.children)


def _victims(head: Token, ctx: Context) -> list[Token] | None:
    """The victim and its coordinated victims, all singular persons; None if any is not."""
    found = [head]
    found += [c for c in head.children if c.dep_ == "conj"]
    if not all(_is_person(t, ctx) and _singular(t, ctx) for t in found):
        return None
    return found


def _passive(verb: Token) -> bool:
    if is_passive(verb):
        return True
    before = verb.doc[max(verb.sent.start, verb.i - 2):verb.i]
    return "Part" in verb.morph.get("VerbForm") and any(lower(t) in ("été", "was", "were", "been", "être", "be")
                                                         for t in before)


def _patient(verb: Token) -> Token | None:
    passive = _passive(verb)
    if passive:
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if subject is not None:
            return subject
    else:
        obj = next((c for c in verb.children if c.dep_ in PATIENT_DEPS), None)
        if obj is None:  # 'ont tué le 27 décembre un sous-traitant': the object taken for a modifier
            obj = next((c for c in verb.children if c.dep_ in ("obl:mod", "obl", "npadvmod") and c.i > verb.i
                        and c.pos_ in ("NOUN", "PROPN") and not any(g.dep_ == "case" for g in c.children)), None)
        if obj is not None:
            return obj
    if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # 'Soleimani tué sur ordre de …', 'l'autre grande figure tuée'
    if passive and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i != verb.i:
        # 'un jihadiste … a tué deux personnes, avant d'être abattu': the subject of the main verb
        subject = next((c for c in verb.head.children if c.dep_ in ("nsubj",)), None)
        if subject is not None:
            return subject
    if passive:  # a parse with the subject hung elsewhere: the last subject before the verb
        return next((t for t in reversed(verb.doc[verb.sent.start:verb.i]) if t.dep_ in SUBJECTS), None)
    return None


def _candidates(ctx: Context) -> frozenset[int]:
    """The tokens of the document that `find_single_victims` can take: a killing or dying verb
    (one of its words, or the verb of a two-word entry) or a death noun. Found once per document."""
    key = ("single victim candidates",)
    found = ctx._phrases.get(key)
    if found is None:
        words: set[str] = set()
        firsts: set[str] = set()
        for key_of_verbs in ("kill_verbs", "die_verbs"):
            for _outcome, single, phrases in _outcome_words(ctx, key_of_verbs):
                words |= single
                firsts.update(phrase[0] for phrase in phrases)
        indices = set(ctx.indices_of(frozenset(words), ctx.french) | ctx.matching("death_nouns"))
        indices.update(i for i, base in enumerate(ctx.lemmas) if base in firsts)
        found = ctx._phrases[key] = frozenset(indices)
    return found


def find_single_victims(sent: Span, ctx: Context, counted: set[int]) -> list[Count]:
    """Counts of named or singular victims in the sentence (token indices in `counted` are
    already victims of a numeric count)."""
    out: list[Count] = []
    for token in ctx.tokens_among(_candidates(ctx), sent):
        victim = None
        outcome = None
        if token.pos_ in ("VERB", "ADJ", "AUX") or "Part" in token.morph.get("VerbForm"):
            outcome = _verb_outcome(token, ctx, "kill_verbs")
            if outcome is not None:
                victim = _patient(token)
            else:
                outcome = _verb_outcome(token, ctx, "die_verbs")
                if outcome is not None:  # 'a cyclist died' (not 'X est mort depuis': a death, not a toll)
                    victim = next((c for c in token.children if c.dep_ == "nsubj" and _indefinite(c)), None)
            if victim is not None and not _asserted(token, ctx):
                victim = None
        elif token.pos_ == "NOUN" and ctx.is_word(token, "death_nouns"):
            # 'la mort d'un soldat', 'the death of a cyclist'
            outcome = "killed"
            for child in token.children:
                if child.dep_ in ("nmod",) and any(lower(c) in ("de", "d'") for c in child.children):
                    victim = child
                elif child.dep_ == "prep" and lower(child) == "of":
                    victim = next((c for c in child.children if c.dep_ == "pobj"), None)
            if victim is not None and not _indefinite(victim):
                victim = None  # 'la mort du général Soleimani' refers back to a death, it does not report one
        if victim is None or victim.i in counted:
            continue
        victims = _victims(victim, ctx)
        if victims is None:
            continue
        # where the mention starts: its clause's marker ('avant d'être abattu'), else the victim or the verb
        marks = [c.i for c in token.children if c.dep_ == "mark" and c.i < token.i]
        left = min(marks) if marks else min([token.i] + [t.left_edge.i for t in victims])
        out.append(Count([victim], float(len(victims)), None, False, victim, outcome, left, "single"))
        counted.update(t.i for t in victims)
    return out
