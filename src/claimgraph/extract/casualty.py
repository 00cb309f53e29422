"""Casualty counts: a definite number of people killed, injured or displaced."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .. import lexicon as lexicons
from . import numbers
from .context import Context, lemma, lower

NUMBERISH_POS = ("NUM",)


@dataclass
class Count:
    tokens: list[Token]  # the number words
    value: float
    qualifier: str | None
    approx: bool
    victim: Token | None
    outcome: str | None
    left: int  # first token index of the mention (qualifier or number)
    rule: str = "victim"  # how the count was read: victim | tally | subset | elliptical


A_NUMBER = frozenset(numbers.DOZEN) | {"million", "millions", "dozen"}  # 'a dozen', 'un million'


def _is_number_token(token: Token, ctx: Context) -> bool:
    low = ctx.lowers[token.i]
    if low in numbers.DOZEN or low in numbers.SCALE:
        return True
    if token.pos_ == "DET" or low in ("a", "an", "un", "une", "one"):
        return False  # articles: 'un bombardement' is not a count
    if token.like_num or token.pos_ in NUMBERISH_POS or ("-" in low and len(low) < 40):
        return numbers.word_value(token.text, ctx.document.language) is not None
    return False


def _number_runs(sent: Span, ctx: Context) -> list[list[Token]]:
    runs: list[list[Token]] = []
    current: list[Token] = []
    lowers = ctx.lowers
    for token in ctx.of(sent):
        if _is_number_token(token, ctx) or (current and lowers[token.i] == "-"):
            current.append(token)
            continue
        if not current and lowers[token.i] in ("a", "an", "one", "une", "un") and token.i + 1 < sent.end \
                and lowers[token.i + 1] in A_NUMBER:
            current.append(token)
            continue
        if current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _victim(run: list[Token], ctx: Context) -> Token | None:
    last = run[-1]
    candidates = []
    if last.dep_ in ("nummod", "det", "quantmod", "nmod", "amod", "compound") and last.head.i > last.i:
        candidates.append(last.head)
    for child in last.children:  # 'a dozen of soldiers', 'une douzaine de soldats'
        if child.dep_ in ("nmod", "prep", "pobj"):
            candidates.append(child)
            candidates.extend(c for c in child.children if c.dep_ == "pobj")
    doc = last.doc
    for t in doc[last.i + 1:min(last.i + 4, last.sent.end)]:
        if t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB"):
            candidates.append(t)
            if t.pos_ == "NOUN" and t.dep_ != "compound":
                break
    for cand in candidates:
        if ctx.is_word(cand, "casualty_nouns"):
            return cand
    return None


def _tally_victim(run: list[Token], sent: Span, ctx: Context) -> Token | None:
    """A toll given by a tally construction: the number after 'to', 'at', 'à', 'de' or a copula,
    and a tally noun earlier in its clause ('bring the number of soldiers killed to 53', 'put
    the toll at 57', 'the death toll was 12', 'le bilan s'élève à 27 morts', 'porte le nombre de
    civils tués à 12'). The victims are the casualty noun after the tally noun; else the tally
    noun itself stands for them ('the death toll')."""
    doc = run[0].doc
    before = [lower(t) for t in doc[max(sent.start, run[0].i - 3):run[0].i]]
    if not any(w in TALLY_LINKS for w in before):
        return None
    for token in reversed(doc[max(sent.start, run[0].i - 12):run[0].i]):
        if not (ctx.is_word(token, "count_nouns") or ctx.is_word(token, "tally_nouns")):
            continue
        for t in doc[token.i + 1:min(run[0].i, token.i + 5)]:
            if ctx.is_word(t, "casualty_nouns"):
                return t
        return token
    return None


TALLY_LINKS = {"to", "at", "was", "is", "stands", "stood", "reached", "à", "de", "d'", "est", "était", "atteint"}


def _outcome_of_word(token: Token, ctx: Context) -> str | None:
    """killed, injured or displaced: an outcome word, or any form of a killing, wounding or dying verb."""
    for outcome, words in ctx.lex["outcome_words"].items():
        if lemma(token) in words or lower(token) in words:
            return outcome
    if token.pos_ in ("VERB", "ADJ", "AUX"):
        for key in ("kill_verbs", "die_verbs"):
            for outcome, words in ctx.lex.get(key, {}).items():
                if ctx.is_word_in(token, words):
                    return outcome
    return None


def _outcome(run: list[Token], victim: Token | None, ctx: Context) -> str | None:
    if victim is not None:
        own = ctx.lex["victim_outcome_nouns"].get(lemma(victim)) or ctx.lex["victim_outcome_nouns"].get(lower(victim))
        if own and own != "displaced":
            return own  # '20 dead', '12 blessés'
        if own == "displaced":  # 'refugees', 'migrants' are displaced, unless they were killed or hurt
            return _outcome(run, None, ctx) if _outcome(run, None, ctx) in ("killed", "injured") else own
        # the verb the victim is subject/object of, or a participle modifying it
        if victim.dep_ in ("nsubj", "nsubj:pass", "nsubjpass", "obj", "dobj") and victim.head.pos_ in ("VERB", "ADJ", "AUX"):
            found = _outcome_of_word(victim.head, ctx)
            if found:
                return found
            for conj in victim.head.children:
                if conj.dep_ == "conj":
                    found = _outcome_of_word(conj, ctx)
                    if found:
                        return found
        for child in victim.children:
            if child.dep_ in ("acl", "amod", "relcl", "acl:relcl") and child.pos_ in ("VERB", "ADJ"):
                found = _outcome_of_word(child, ctx)
                if found:
                    return found
        # 'the death(s) of N soldiers', 'le décès de N soldats'
        head = victim.head
        if victim.dep_ in ("pobj", "nmod") and head.pos_ == "ADP":
            head = head.head
        if head.i != victim.i:
            found = _outcome_of_word(head, ctx)
            if found and head.pos_ == "NOUN":
                return found
    # nearest outcome word in the clause: after the number first, then before it
    doc = run[0].doc
    sent = run[-1].sent
    after = doc[run[-1].i + 1:min(sent.end, run[-1].i + 8)]
    for t in after:
        if t.is_punct and t.text in (";",):
            break
        found = _outcome_of_word(t, ctx)
        if found and t.pos_ in ("VERB", "ADJ", "NOUN"):
            return found
    for t in reversed(doc[max(sent.start, run[0].i - 6):run[0].i]):
        found = _outcome_of_word(t, ctx)
        if found and t.pos_ in ("VERB", "NOUN", "ADJ"):
            return found
    return None


def _patient_noun(run: list[Token], ctx: Context) -> Token | None:
    """The noun the number counts when it is what an outcome verb acts on: any noun for a killing,
    wounding or dying verb ('four engineers were assassinated': what such verbs hit are people),
    a person or nationality noun for the others ('300 Ruritanians fled')."""
    last = run[-1]
    noun = last.head if last.dep_ in ("nummod", "quantmod", "det") and last.head.pos_ in ("NOUN", "PROPN") else None
    if noun is None:
        return None
    holder = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ in ("nmod", "pobj") and ctx.is_word(holder, "body_nouns"):
        return noun  # 'the bodies of 23 passengers', 'les corps de 12 pêcheurs'
    if noun.dep_ not in ("nsubjpass", "nsubj:pass", "dobj", "obj", "nsubj"):
        return None
    verb = noun.head
    if verb.pos_ not in ("VERB", "AUX") or _outcome_of_word(verb, ctx) is None:
        return None
    if verb.pos_ == "VERB" and not (ctx.is_word(noun, "person_nouns") or noun.ent_type_ == "NORP"
                                    or lexicons.country_of(lower(noun), ctx.document.language)
                                    or any(ctx.is_word_in(verb, words) for key in ("kill_verbs", "die_verbs")
                                           for words in ctx.lex.get(key, {}).values())):
        return None  # a noun any outcome verb acts on must be people ('300 Ruritanians fled', not '40 houses')
    return noun


def _bare_outcome(run: list[Token], ctx: Context) -> str | None:
    """The outcome of a verb whose subject or object is the number itself."""
    last = run[-1]
    if last.dep_ not in ("dobj", "obj", "nsubj", "nsubjpass", "nsubj:pass"):
        return None
    head = last.head
    if head.pos_ not in ("VERB", "ADJ", "AUX"):
        return None
    found = _outcome_of_word(head, ctx)
    if found in ("killed", "injured"):
        return found
    return None


def _qualifier(first: Token, ctx: Context) -> tuple[str | None, int]:
    anchor = first
    while anchor.i > 0 and anchor.doc[anchor.i - 1].is_space:  # 'at least  40' (two spaces)
        anchor = anchor.doc[anchor.i - 1]
    for group in ("min", "min_plus_one", "nearly", "about", "max", "max_minus_one"):
        phrase = ctx.phrase_before(anchor, "qualifiers", group)
        if phrase:
            return group, anchor.i - len(phrase)
    return None, first.i


def find_counts(sent: Span, ctx: Context, date_spans: list[tuple[int, int]]) -> list[Count]:
    counts: list[Count] = []
    language = ctx.document.language
    previous: Count | None = None
    for run in _number_runs(sent, ctx):
        if any(s <= run[0].idx < e for s, e in date_spans):
            continue
        words = [t.text for t in run if t.text != "-"]
        lowered = [w.lower() for w in words]
        if all(w in ctx.words("vague_quantities") or w in numbers.SCALE for w in lowered):
            continue  # 'thousands', 'des milliers': not a definite number ('a million', 'un million' are)
        value = numbers.phrase_value(words, language)
        if value is None or value < 1:
            continue
        if run[-1].i + 1 < sent.end and lower(sent.doc[run[-1].i + 1]) in ("%", "percent", "pour", "km", "kilometres",
                                                                              "kilometers", "ans", "years", "year", "h", "heures", "hours"):
            continue
        if 1900 <= value <= 2100 and len(run) == 1 and run[0].text.isdigit():
            continue
        victim = _victim(run, ctx) or _patient_noun(run, ctx)
        rule = "victim"
        if victim is None:
            victim, rule = _tally_victim(run, sent, ctx), "tally"
        approx = lowered[-1] in numbers.APPROX_NOUNS
        if victim is None:
            # 'dont près d'un million …', 'including 12 …': a subset of the previous count
            before = [lower(t) for t in sent.doc[max(sent.start, run[0].i - 3):run[0].i]]
            if previous is not None and any(w in ("dont", "including", "among", "parmi") for w in before):
                qualifier, left = _qualifier(run[0], ctx)
                counts.append(Count(run, value, qualifier, approx, previous.victim, previous.outcome, left, "subset"))
                continue
            # a count of an outcome word itself, after a first count ('… killed and 45 injured')
            outcome = _outcome(run, None, ctx)
            nxt = sent.doc[run[-1].i + 1] if run[-1].i + 1 < sent.end else None
            if outcome and nxt is not None and _outcome_of_word(nxt, ctx) == outcome and previous is not None:
                qualifier, left = _qualifier(run[0], ctx)
                counts.append(Count(run, value, qualifier, approx, previous.victim, outcome, left, "elliptical"))
                continue
            # the number alone is the victim of an outcome verb: 'Storm kills 14', '30 killed in …',
            # 'injuring 12', 'two more died'
            bare = _bare_outcome(run, ctx)
            if bare is not None:
                qualifier, left = _qualifier(run[0], ctx)
                count = Count(run, value, qualifier, approx, None, bare, left, "bare")
                counts.append(count)
                previous = count
            continue
        outcome = _outcome(run, victim, ctx)
        if outcome is None:
            continue
        qualifier, left = _qualifier(run[0], ctx)
        count = Count(run, value, qualifier, approx, victim, outcome, left, rule)
        counts.append(count)
        previous = count
    return counts


def victim_phrase(count: Count, ctx: Context) -> str | None:
    """'Turkish soldiers', 'soldats turcs', 'Syrian regime fighters' (the victim noun and its modifiers)."""
    victim = count.victim
    if victim is None:
        return None
    doc = victim.doc
    ids = {victim.i}
    for child in victim.children:
        if child.dep_ in ("amod", "compound", "nmod") and abs(child.i - victim.i) <= 3 and not child.like_num \
                and child.pos_ in ("ADJ", "PROPN", "NOUN"):
            if child.dep_ == "nmod" and any(c.dep_ == "case" for c in child.children):
                continue
            ids.update(t.i for t in child.subtree if abs(t.i - victim.i) <= 3)
    lo, hi = min(ids), max(ids)
    tokens = [t for t in doc[lo:hi + 1] if not t.like_num and lower(t) not in ("-",)]
    words = [t for t in tokens if t.i not in {r.i for r in count.tokens}]
    return " ".join(t.text for t in words) or victim.text


def is_cumulative(sent: Span, ctx: Context) -> bool:
    """A running total: a marker ('since', 'so far', 'au total'), or a tally noun raised to a
    new figure ('bring the number … to', 'the toll rose to', 'porte le bilan à', 'le bilan
    s'alourdit à')."""
    for token in ctx.of(sent):
        if (ctx.is_word(token, "count_nouns") or ctx.is_word(token, "tally_nouns")) \
                and ctx.is_word(token.head, "toll_raise_verbs"):
            return True
    lowered = ctx.lowers[sent.start:sent.end]
    for phrase in ctx.lex["cumulative_markers"]:
        n = len(phrase)
        for i in range(len(lowered) - n + 1):
            if lowered[i:i + n] == [w.lower() for w in phrase]:
                return True
    return False


def victim_group(count: Count, ctx: Context) -> str | None:
    """Who was hit, normalised across languages for event clustering: 'military|Turkey',
    'civilians|', '|Syria'. Looks at the victim noun and its neighbours ('soldats turcs',
    'Turkish soldiers'), then at 'dans les rangs des forces turques' / 'among Turkish troops'."""
    victim = count.victim
    if victim is None:
        return None
    doc, sent = victim.doc, victim.sent
    modifiers = [c for c in victim.children if c.dep_ in ("compound", "amod", "nmod") and c.i < victim.i]
    category = next((_category(c, ctx) for c in modifiers if _category(c, ctx)), None) or _category(victim, ctx)
    country = None
    for t in doc[max(sent.start, victim.i - 3):min(sent.end, victim.i + 3)]:
        country = country or _demonym(t, ctx)
    if country is None or category is None:
        for t in doc[count.tokens[-1].i + 1:sent.end]:
            phrase = ctx.phrase_at(t, "ranks_markers")
            if phrase is None:
                continue
            for u in doc[t.i + len(phrase):min(sent.end, t.i + len(phrase) + 5)]:
                country = country or _demonym(u, ctx)
                category = category or _category(u, ctx)
            break
    if country is None and category is None:
        return None
    return f"{category or ''}|{country or ''}"


def _category(token: Token, ctx: Context) -> str | None:
    for category, words in ctx.lex["victim_categories"].items():
        if lower(token) in words or lemma(token) in words:
            return category
    return None


def _demonym(token: Token, ctx: Context) -> str | None:
    return lexicons.country_of(lower(token), ctx.document.language)


def fraction_of(count: Count, ctx: Context) -> float:
    """'Half of the 8,000 residents', 'un tiers des 900 habitants': the share of the number."""
    doc = count.tokens[0].doc
    before = [lower(t) for t in doc[max(count.tokens[0].sent.start, count.left - 4):count.left]]
    for word, share in ctx.lex.get("fractions", {}).items():
        if word in before and any(w in ("of", "de", "des", "du", "d'") for w in before[before.index(word) + 1:]):
            return share
    return 1.0
