"""Syntax of attribution: where in the parse the words are that name the source.

The subject, passive agent, clitic or postposed subject of a reporting verb, the subject a
participle or infinitive inherits, and the noun phrase around a head token (without
appositions, clauses and relay phrases). `source.py` turns these tokens into agents.
"""
from __future__ import annotations

from spacy.tokens import Token

from .context import Context, governing_verb, lemma, lower


NP_KEEP = {"compound", "amod", "flat", "flat:name", "flat:foreign", "nmod", "case", "det", "nummod", "prep",
           "pobj", "poss", "cc", "conj", "fixed", "nn", "name", "npadvmod", "quantmod", "det:poss", "dep", "nmod:poss"}


NP_CUT = {"appos", "acl", "acl:relcl", "relcl", "punct", "advcl", "parataxis", "ccomp", "xcomp", "dislocated"}


SUBJECTS = {"nsubj", "nsubj:pass", "nsubjpass", "csubj", "expl:subj"}


AGENTS = {"agent", "obl:agent"}


def np_tokens(head: Token) -> list[Token]:
    """The noun phrase headed by `head`, without appositions, clauses and punctuation."""
    keep = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            dep = child.dep_.lower()
            if dep in NP_CUT or child.is_space:
                continue
            if dep == "nmod" and _relay_phrase(child):
                continue
            if dep in NP_KEEP or (child.i < head.i and dep not in SUBJECTS):
                if child.pos_ in ("VERB", "AUX") and dep not in ("amod",):
                    continue
                keep.append(child)
                stack.append(child)
    keep.sort(key=lambda t: t.i)
    # contiguous run around the head
    run = [head]
    ids = {t.i for t in keep}
    i = head.i - 1
    while i in ids:
        run.insert(0, head.doc[i])
        i -= 1
    i = head.i + 1
    while i in ids:
        run.append(head.doc[i])
        i += 1
    while run and (run[0].pos_ in ("DET", "ADP", "CCONJ", "PUNCT", "ADV") or run[0].is_punct):
        run = run[1:]
    while run and (run[-1].pos_ in ("ADP", "CCONJ", "DET", "PART") or run[-1].is_punct
                   or run[-1].text in ("'s", "’s", "'")):
        run = run[:-1]  # 'the senator's' → 'the senator'
    while run and run[0].pos_ in ("PART",):
        run = run[1:]
    return run or [head]


MEDIA_HEADS = {"agence", "agency", "journal", "quotidien", "chaîne", "radio", "télévision", "newspaper", "broadcaster"}


def _relay_phrase(token: Token) -> bool:
    """'… à l'agence Reuters' hanging off a speaker's noun phrase: a relay, not part of the name."""
    has_to = any(c.dep_ == "case" and c.text.lower() in ("à", "au", "aux", "auprès") for c in token.children)
    return has_to and token.lemma_.lower() in MEDIA_HEADS


def relay_heads(head: Token) -> list[Token]:
    return [c for c in head.children if c.dep_ == "nmod" and _relay_phrase(c)]


def with_entity(tokens: list[Token], head: Token) -> list[Token]:
    """The noun phrase, stretched to the whole named entity its head is part of when a bad parse
    cut the name ('Front' of 'L'organisation Front Uni')."""
    if not head.ent_type_ or head.ent_type_ in ("PERSON", "PER"):
        return tokens
    doc = head.doc
    if head.ent_iob_ not in ("B", "I"):
        return tokens
    # the entity's bounds from the IOB tags around the head (what doc.ents is made of, without
    # making every entity of the document at each call)
    ent_start = head.i
    while doc[ent_start].ent_iob_ == "I" and ent_start > 0:
        ent_start -= 1
    ent_end = head.i + 1
    while ent_end < len(doc) and doc[ent_end].ent_iob_ == "I":
        ent_end += 1
    if ent_start >= tokens[0].i and ent_end <= tokens[-1].i + 1:
        return tokens
    lo, hi = min(ent_start, tokens[0].i), max(ent_end, tokens[-1].i + 1)
    return [t for t in doc[lo:hi]]


def text_of(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text.strip()


def direct_subject(verb: Token) -> Token | None:
    """The verb's own passive agent or subject, without climbing."""
    agent = agent_of(verb)
    if agent is not None:
        return agent
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS and not c.dep_.endswith("pass")]
    if not subjects:  # the parser hung the subject on the auxiliary ('Ana Velez a … sommé')
        subjects = [c for aux in verb.children if aux.dep_.startswith("aux") for c in aux.children
                    if c.dep_ in SUBJECTS and not c.dep_.endswith("pass")]
    if len(subjects) > 1:  # 'Ces derniers jours, Ana Velez a sommé …': a fronted time phrase parsed as subject
        named = [c for c in subjects if c.pos_ in ("PROPN", "PRON") or c.ent_type_]
        subjects = named or subjects
    return subjects[0] if subjects else None


CLITICS = {"-il": "il", "-elle": "elle", "-ils": "ils", "-elles": "elles", "-on": "on", "-t-il": "il",
           "-t-elle": "elle", "-t-on": "on"}


def clitic_subject(verb: Token) -> Token | None:
    """The inverted clitic subject of 'a-t-elle constaté', 'assure-t-il', 'ont-ils relevé'
    (the euphonic '-t' is skipped; the parser labels these dep, nummod or expl:subj)."""
    doc = verb.doc
    lo = verb.i
    while lo - 1 >= verb.sent.start and (doc[lo - 1].dep_.startswith("aux") or doc[lo - 1].pos_ == "AUX"
                                          or lower(doc[lo - 1]) == "-t" or lower(doc[lo - 1]) in CLITICS):
        lo -= 1
    for t in list(doc[lo:verb.i]) + list(doc[verb.i + 1:min(verb.sent.end, verb.i + 3)]):
        if lower(t) in CLITICS:
            return t
    return None


def after_content(verb: Token) -> bool:
    """'…, said X' / '…", a affirmé X': the verb (with its auxiliaries) follows a comma or a quote."""
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].dep_.startswith("aux"):
        i -= 1
    return i >= verb.sent.start and verb.doc[i].text in (",", '"', "”", "»", "'", "''", "’")


def preceding_speaker(verb: Token) -> Token | None:
    """No subject at all (a parse error): the nearest noun before the verb in apposition or subject role."""
    for t in reversed(verb.doc[verb.sent.start:verb.i]):
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("appos", "nsubj", "ROOT", "conj") \
                and not any(c.dep_ == "case" for c in t.children):
            return t
    return None


def subject_of(verb: Token) -> Token | None:
    """The grammatical source of a verb: passive agent first, then subject, climbing
    through participles, conjunctions and modal/aspect heads when it has none."""
    seen = 0
    tok = verb
    while tok is not None and seen < 6:
        agent = agent_of(tok)
        if agent is not None:
            return agent
        for child in tok.children:
            if child.dep_ in SUBJECTS and not child.dep_.endswith("pass"):
                return child
        for child in tok.children:
            if child.dep_ in ("nsubj:pass", "nsubjpass") and tok.i != verb.i:
                return child
        if tok.dep_ == "xcomp" and tok.head.i != tok.i:
            # object control: 'allowed him to reassure', 'urged the allies to act'
            controller = next((c for c in tok.head.children if c.dep_ in ("dobj", "obj") and c.i < tok.i), None)
            if controller is not None and lemma(tok.head) not in SUBJECT_CONTROL:
                return controller
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.i != tok.head.i:
            tok = tok.head.head  # 'as he did … by announcing …'
            seen += 1
            continue
        if tok.dep_ in ("acl", "relcl") and tok.head.pos_ == "NOUN" and \
                ("Inf" in tok.morph.get("VerbForm") or tok.tag_ == "VB") and tok.head.head.i != tok.head.i:
            # 'went out of his way to say …': the infinitive of a noun inside a clause speaks for
            # that clause's subject
            tok = governing_verb(tok.head.head)
            seen += 1
            continue
        if tok.dep_ in ("conj", "xcomp", "advcl", "acl", "ccomp") and tok.head.i != tok.i:
            if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return None
            tok = tok.head
            seen += 1
            continue
        return None
    return None


# verbs whose object does not do what their infinitive says ('promised him to come': the subject does)


SUBJECT_CONTROL = {"promise", "promettre", "threaten", "menacer", "vow", "jurer", "offer", "proposer"}


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in AGENTS:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                return objects[0] if objects else None
            return child
    return None


def inverted_subject(verb: Token, ctx: Context) -> Token | None:
    """'…", said Paul Grant' / '…, a affirmé Ana Velez': a name right after the verb;
    after a quotation, the first person named in the rest of the clause, past an addressee, a
    date or a place ('…", a réagi à la sortie du tribunal Vincent Courcelle-Labrousse', '…", a
    déclaré l'un de ses amis, Michael Main, à la chaîne …')."""
    if after_content(verb):
        for t in verb.doc[verb.i + 1:verb.sent.end]:
            if t.pos_ in ("VERB",) and "Fin" in t.morph.get("VerbForm") or t.text in (";", ".", "?", "!") \
                    or ctx.in_quote(t):
                break
            person = next((p for p in ctx.persons if p.start == t.i), None)
            if person is not None:
                return person.root
        # no name: the first title or agent noun of the clause not inside a prepositional phrase
        # ('…", a indiqué mardi à la presse locale un adjoint du maire')
        for t in verb.doc[verb.i + 1:verb.sent.end]:
            if t.text in (";", ".", "?", "!") or ctx.in_quote(t) or \
                    t.pos_ == "VERB" and "Fin" in t.morph.get("VerbForm"):
                break
            if t.pos_ == "NOUN" and (ctx.is_word(t, "titles") or ctx.is_word(t, "agent_nouns")
                                     or ctx.is_word(t, "person_nouns")) \
                    and not any(c.dep_ == "case" for c in t.children) \
                    and not (t.i > 0 and lower(t.doc[t.i - 1]) in ("à", "au", "aux", "de", "du", "des", "to", "of")):
                return t
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("obj", "dobj", "nsubj", "appos", "obl", "nmod") and \
                child.pos_ in ("PROPN", "NOUN") and child.i - verb.i <= 3:
            if any(c.dep_ == "case" for c in child.children):
                continue
            return child
    return None


def main_clause(verb: Token) -> bool:
    """The verb heads its sentence, or is coordinated with or adjoined to the verb that does."""
    for _ in range(3):
        if verb.dep_ == "ROOT":
            return True
        if verb.dep_ not in ("conj", "advcl", "parataxis"):
            return False
        verb = verb.head
    return False
