"""Source: who a cue makes responsible for the words, as a canonical `AgentRef`.

The subject (or passive agent, or the object of "according to"/"selon") gives a noun
phrase; a person named inside it or in apposition wins over the title; pronouns and
"the statement" point back to the nearest earlier speaker; titles resolve to the name
the same article gives (in-document title map, then the gazetteer's role labels, only
when the article names that person).
"""
from __future__ import annotations

from dataclasses import replace

import re

from spacy.tokens import Span, Token

from ..identity import normalize
from ..records import AgentRef
from .context import Context, lemma, lower
from .syntax import CLITICS, SUBJECTS, main_clause, with_entity, agent_of, np_tokens, text_of

KIND_OF_LABEL = {"PERSON": "person", "PER": "person", "ORG": "organisation", "GPE": "government", "LOC": "government",
                 "NORP": "government"}

ENTRY_KIND = {"Person": "person", "Organisation": "organisation", "Government": "government", "Media": "media",
              "NGO": "ngo", "Place": "place"}

ORGANISATION_REACH = 400  # tokens: how far back 'the group' looks for the group it refers to

POSSESSIVES = {"his": "he", "her": "she", "its": "it", "their": "they", "son": "son", "sa": "sa", "ses": "ses",
               "leur": "ils", "leurs": "ils"}

RELATIVES = {"who", "which", "that", "qui", "lequel", "laquelle", "lesquels", "lesquelles"}

PERSONAL_GENDER = {"he": "m", "il": "m", "she": "f", "elle": "f"}

HONORIFICS = {"mr": "m", "m": "m", "monsieur": "m", "sir": "m", "ms": "f", "mrs": "f", "miss": "f", "mme": "f",
              "madame": "f", "mlle": "f", "mademoiselle": "f", "dame": "f"}


class SourceResolver:
    """Turns a source head token into a canonical AgentRef, with the document's memory."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.titles: dict[str, AgentRef] = {}  # normalized title phrase / head → person
        self.ambiguous_heads: set[str] = set()
        self.antecedents: list[AgentRef] = []
        self._named_people: list[tuple[int, str, bool]] | None = None
        self._genders: dict[str, str] | None = None
        self._learn_titles()

    # titles ---------------------------------------------------------------------------------
    def _learn_titles(self) -> None:
        """'Le gouverneur, Ana Velez', 'Ruritanian Foreign Minister Paul Grant': title → name."""
        titles = self.ctx.words("titles")
        for ent in self.ctx.persons:
            if self.ctx.gazetteer.lookup(ent.text, ("Place",)) is not None:
                continue
            head = ent.root
            title_tokens: list[Token] = []
            if head.dep_ == "appos" and head.head.pos_ == "NOUN":
                title_tokens = np_tokens(head.head)
            else:
                left = [t for t in head.doc[max(ent.sent.start, ent.start - 8):ent.start]]
                while left and not (lemma(left[-1]) in titles or lower(left[-1]) in titles
                                    or left[-1].pos_ in ("ADJ", "NOUN", "PROPN", "ADP", "DET")):
                    left.pop()
                run: list[Token] = []
                for t in reversed(left):
                    if t.is_punct or t.pos_ in ("VERB", "AUX", "PRON", "CCONJ", "SCONJ") or t.ent_type_ in ("PERSON", "PER") \
                            or self.ctx.in_person(t.i):
                        break  # ('King' of 'Pete King' is a name, not a title)
                    run.insert(0, t)
                if any(lemma(t) in titles or lower(t) in titles for t in run):
                    title_tokens = run
            if not title_tokens:
                continue
            person = self._entry_agent(ent.text, "person") or AgentRef(name=ent.text, kind="person")
            key = normalize(text_of(title_tokens))
            if key:
                self.titles[key] = person
                head_title = next((lemma(t) for t in title_tokens if lemma(t) in titles), None)
                if head_title:
                    known = self.titles.setdefault(head_title, person)
                    if known.name != person.name:
                        self.ambiguous_heads.add(head_title)  # two governors: the bare title names no one

    def _names(self, tokens: list[Token]) -> list[Span]:
        """Person names in the phrase; a place the tagger took for a person is not one
        ('le gouverneur de la province de Kandor')."""
        if not tokens:
            return []
        return [n for n in self.ctx.persons_in(tokens[0].i, tokens[-1].i)
                if self.ctx.gazetteer.lookup(n.text, ("Place",)) is None]

    def _definite_organisation(self, head: Token, tokens: list[Token]) -> AgentRef | None:
        """'l'organisation jihadiste', 'the group', 'le mouvement': a definite description of an
        organisation refers back to the last organisation the article named ('Al Qaïda')."""
        ctx = self.ctx
        if not ctx.is_word(head, "organisation_anaphors") or any(t.pos_ == "PROPN" for t in tokens):
            return None
        if not any(c.dep_ == "det" and lower(c) in ("le", "la", "l'", "the", "cette", "ce", "this")
                   for c in head.children):
            return None
        # the same noun named earlier: 'L'organisation terroriste Al Qaïda a indiqué …'
        for earlier in reversed(ctx.doc[max(0, head.i - ORGANISATION_REACH):head.i]):
            if lemma(earlier) != lemma(head):
                continue
            name = [c for c in earlier.children if c.dep_ in ("appos", "flat", "flat:name", "nmod", "compound")
                    and c.pos_ in ("PROPN", "NOUN") and c.text[:1].isupper()
                    and not any(g.dep_ == "case" for g in c.children)]
            if name:
                run = np_tokens(name[0])
                end = run[-1].i + 1
                while end < len(ctx.doc) and ctx.doc[end].text[:1].isupper() and not ctx.doc[end].is_punct:
                    end += 1  # 'Front Uni' although the parser hung 'Uni' elsewhere
                phrase = ctx.doc[run[0].i:end].text
                entry = ctx.gazetteer.lookup(phrase)
                if entry is not None:
                    return AgentRef(name=entry.label("en"), kind=ENTRY_KIND.get(entry.kind, entry.kind))
                return AgentRef(name=phrase, kind="organisation")
        # else the organisation that spoke last
        for agent in reversed(self.antecedents):
            if agent.kind in ("organisation", "ngo") and (agent.start or 0) < head.idx:
                return AgentRef(name=agent.name, kind=agent.kind)
        return None

    def _names_head(self, name: Span, head: Token) -> bool:
        """Whether a person's name in the noun phrase names its head: the head is part of the
        name ('President Vladimir Putin'), or a title the name stands beside ('le ministre
        Mohammad Zarif'); not a name that only modifies another noun ('the Obama administration',
        'le porte-parole de Boris Johnson', 'Officials in Ms. Merkel's government')."""
        if name.start <= head.i < name.end:
            return True
        if not self.ctx.is_word(head, "titles"):
            return False
        root = name.root
        linked = root.head.i == head.i or (name.start == head.i + 1)
        possessive = any(c.dep_ in ("case", "prep") or lower(c) in ("'s", "’s") for c in root.children) \
            or root.dep_ in ("poss", "nmod:poss", "pobj") or (root.dep_ == "nmod" and any(
                lower(t) in ("de", "du", "d'", "of") for t in root.doc[head.i + 1:name.start]))
        return linked and not possessive

    def _entry_agent(self, phrase: str, default_kind: str, surface: str | None = None) -> AgentRef | None:
        entry = self.ctx.gazetteer.lookup(phrase)
        if entry is None and default_kind == "person":
            entry = self.ctx.gazetteer.person(phrase)
        if entry is None:
            return None
        return AgentRef(name=entry.label("en"), kind=ENTRY_KIND.get(entry.kind, entry.kind),
                        surface=surface or phrase)

    def _by_title(self, tokens: list[Token]) -> AgentRef | None:
        phrase = normalize(text_of(tokens))
        if phrase in self.titles:
            return self.titles[phrase]
        for entry in self.ctx.gazetteer.by_role(text_of(tokens)):
            if self.ctx.gazetteer.named_in(entry, self.ctx.norm_text):
                return AgentRef(name=entry.label("en"), kind=ENTRY_KIND.get(entry.kind, entry.kind))
        titles = self.ctx.words("titles")
        heads = [lemma(t) for t in tokens if lemma(t) in titles and t.pos_ == "NOUN"]
        if heads and heads[0] in self.titles and heads[0] not in self.ambiguous_heads \
                and not self._names(tokens):
            return self.titles[heads[0]]  # 'le gouverneur de la province' = 'Le gouverneur, Ana Velez'

        return None

    # main entry -----------------------------------------------------------------------------
    def resolve(self, head: Token, *, remember: bool = True) -> AgentRef | None:
        agent = self._resolve(head)
        if agent is not None and remember:
            self.antecedents.append(agent)
        return agent

    def _resolve(self, head: Token) -> AgentRef | None:
        agent = self._resolve_head(head)
        if agent is not None and agent.kind == "person" and agent.title is None and head.pos_ != "PRON":
            tokens = np_tokens(head)
            if any(self.ctx.is_word(t, "titles") for t in tokens):
                agent = replace(agent, title=text_of(tokens))  # kept for naming the title in other articles
        return agent

    def _resolve_head(self, head: Token) -> AgentRef | None:
        ctx = self.ctx
        if lower(head) in POSSESSIVES:  # 'his promise', 'ses propos': the owner
            return self._personal(head, POSSESSIVES[lower(head)])
        if head.pos_ == "PRON" or lower(head) in ctx.words("pronouns") or lower(head) in CLITICS:
            return self.pronoun(head)
        tokens = with_entity(np_tokens(head), head)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        surface = text_of(tokens)
        # a document noun ("the statement", "le communiqué") stands for its issuer
        if lemma(head) in ctx.words("document_nouns") or lower(head) in ctx.words("document_nouns"):
            issuer = self.issuer_of(head)
            if issuer is not None:
                return issuer
            return self.last_speaker(surface=surface)
        if lemma(head) in ctx.words("tally_nouns") or lower(head) in ctx.words("tally_nouns"):
            return self.issuer_of(head)
        # a name in apposition to a title: 'Le gouverneur, Ana Velez,' (not a name inside the
        # apposition of a name: 'Jennifer Green, director of the Mommy and Me program')
        head_is_name = any(p.start <= head.i < p.end for p in self._names(tokens))
        for child in head.children:
            if child.dep_ == "appos" and not head_is_name:
                names = [n for n in self._names(np_tokens(child)) if n.start <= child.i < n.end]
                if names:
                    return self.person(names[0].text, start, end)
                entry = ctx.gazetteer.lookup(text_of(np_tokens(child)))
                if entry is not None and lemma(head) in ctx.words("titles") | {"ong", "ngo"}:
                    return AgentRef(name=entry.label("en"), kind=ENTRY_KIND.get(entry.kind, entry.kind),
                                    surface=surface, start=start, end=end)
        names = [n for n in self._names(tokens) if self._names_head(n, head)]
        if len(names) >= 2:
            resolved = [self.person(n.text, start, end).name for n in names]
            return AgentRef(name=" and ".join(resolved), kind="person", surface=surface, start=start, end=end)
        if names:
            return self.person(names[0].text, start, end)
        entry = ctx.gazetteer.lookup(surface)
        if entry is None:
            # the noun phrase without leading modifiers, then an acronym in brackets
            core = [t for t in tokens if t.pos_ in ("PROPN", "NOUN", "ADJ", "ADP", "DET") or t.like_num]
            entry = ctx.gazetteer.lookup(text_of(core)) if core else None
        if entry is None:
            bracket = re.search(r"\(\s*([A-Z][A-Za-z.]{1,10})\s*\)", ctx.document.masked[start:end + 12])
            if bracket:
                entry = ctx.gazetteer.lookup(bracket.group(1))
        if entry is not None:
            return AgentRef(name=entry.label("en"), kind=ENTRY_KIND.get(entry.kind, entry.kind), surface=surface,
                            start=start, end=end)
        named = self._definite_organisation(head, tokens)
        if named is not None:
            return AgentRef(name=named.name, kind=named.kind, surface=surface, start=start, end=end)
        titled = self._by_title(tokens)
        if titled is not None:
            return AgentRef(name=titled.name, kind=titled.kind, surface=surface, start=start, end=end)
        return AgentRef(name=surface, kind=self.guess_kind(head, tokens), surface=surface, start=start, end=end)

    def person(self, name: str, start: int, end: int) -> AgentRef:
        """A person by name: the gazetteer's, else the full name the article gives a surname."""
        agent = self._entry_agent(name, "person")
        if agent is not None:
            return AgentRef(name=agent.name, kind=agent.kind, surface=name, start=start, end=end)
        # a surname alone ('Sami', 'M. Hariri'): the full name the document gives
        words = name.split()
        for earlier in reversed(self.antecedents):
            if earlier.kind == "person" and earlier.name.split()[-1] == words[-1] and len(earlier.name) > len(name):
                return AgentRef(name=earlier.name, kind="person", surface=name, start=start, end=end)
        full = self.ctx.person_ending_with(words) if words else None
        if full is not None:
            return AgentRef(name=full, kind="person", surface=name, start=start, end=end)
        return AgentRef(name=name, kind="person", surface=name, start=start, end=end)

    def guess_kind(self, head: Token, tokens: list[Token]) -> str:
        ctx = self.ctx
        if any(lemma(t) in ctx.words("media_nouns") or lower(t) in ctx.words("media_nouns") for t in tokens):
            return "media"
        if lemma(head) in ctx.words("titles") or head.ent_type_ in ("PERSON", "PER"):
            return "person"
        if lower(head) in ("ngo", "ong"):
            return "ngo"
        return KIND_OF_LABEL.get(head.ent_type_, "organisation" if head.pos_ == "PROPN" else "agent")

    def issuer_of(self, noun: Token) -> AgentRef | None:
        """'a press release from the Kremlin', 'un bilan communiqué par le gouverneur', 'the
        senator's letter', 'ses propos'."""
        for child in noun.children:
            if child.dep_ in ("poss", "nmod:poss"):
                return self._resolve(child)
            if lower(child) in POSSESSIVES and child.dep_ in ("det", "det:poss", "poss"):
                return self._personal(child, POSSESSIVES[lower(child)])
            if child.dep_ == "nmod" and any(c.dep_ == "case" and lower(c) in ("par", "by") for c in child.children):
                return self._resolve(child)
            if child.dep_ in ("prep", "nmod") and lower(child) in ("from", "by", "of"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self._resolve(objects[0])
            if child.dep_ in ("nmod",) and any(lower(c) in ("de", "du", "des", "d'") for c in child.children) \
                    and child.pos_ == "PROPN":
                return self._resolve(child)
            if child.dep_ in ("acl", "amod") and child.pos_ in ("VERB", "ADJ"):
                agent = agent_of(child)
                if agent is not None:
                    return self._resolve(agent)
        return None

    def pronoun(self, token: Token) -> AgentRef | None:
        """A relative pronoun points to its antecedent noun, a dislocated topic to the topic;
        a personal pronoun to the last person who spoke or acted (`_personal`)."""
        word = CLITICS.get(lower(token), lower(token))
        if word in RELATIVES and token.dep_ in SUBJECTS and token.head.dep_ in ("relcl", "acl:relcl"):
            return self._resolve(token.head.head)
        # 'Quant à l'OTAN, elle …' / 'As for NATO, it …': a dislocated topic in the sentence
        sent = token.sent
        for t in sent:
            if t.i >= token.i:
                break
            if lower(t) in ("quant", "as") and t.i + 2 < token.i:
                nxt = [x for x in sent if x.i > t.i + 1 and x.pos_ in ("PROPN", "NOUN")]
                if nxt and nxt[0].i < token.i:
                    return self._resolve(nxt[0])
        return self._personal(token, word)

    def _personal(self, token: Token, word: str) -> AgentRef | None:
        """'he', 'she', 'il', 'elle': the most recent person who spoke or was the subject of a
        clause, outside quotations, whose gender (from 'Mr.', 'Mme', 'la ministre') does not
        contradict the pronoun's; then a person merely named; other pronouns: the last speaker
        of the right number."""
        ctx = self.ctx
        plural = word in ctx.words("plural_pronouns")
        here = AgentRef
        if word in PERSONAL_GENDER:
            person = self._last_person(token, PERSONAL_GENDER[word])
            if person is not None:
                return here(name=person, kind="person", surface=token.text, start=token.idx,
                            end=token.idx + len(token.text))
        for agent in reversed(self.antecedents):
            if agent.start is not None and agent.start >= token.idx:
                continue
            if plural and " and " not in agent.name and agent.kind == "person":
                continue
            if not plural and " and " in agent.name:
                continue
            if word in ("he", "she", "il") and agent.kind != "person":
                continue
            if word == "it" and agent.kind == "person":
                continue
            return here(name=agent.name, kind=agent.kind, surface=token.text, start=token.idx,
                        end=token.idx + len(token.text))
        return None

    def _people(self) -> list[tuple[int, str, bool]]:
        """Persons named outside quotations, in text order: (offset, name, in subject position)."""
        if self._named_people is None:
            self._named_people = []
            for ent in self.ctx.persons:
                if self.ctx.in_quote(ent.root) or self.ctx.gazetteer.lookup(ent.text, ("Place",)):
                    continue
                root = ent.root
                if root.dep_ in ("appos", "flat", "flat:name") and root.head.dep_ in SUBJECTS \
                        or root.dep_ == "compound" and self.ctx.is_word(root.head, "titles"):
                    root = root.head  # 'Ms. Alawee', 'President Putin' (not 'the Obama administration')
                # the subject of a main clause (not of a reported one: 'Trump said Assad is stronger')
                subject = root.dep_ in SUBJECTS and main_clause(root.head)
                name = self.person(ent.text, ent.start_char, ent.end_char).name
                self._named_people.append((ent.start_char, name, subject))
        return self._named_people

    def _gender_of(self, name: str) -> str | None:
        """'m' or 'f' when the article gives it: an honorific or a gendered title before the name."""
        if self._genders is None:
            self._genders = {}
            doc = self.ctx.doc
            for ent in self.ctx.persons:
                before = [lower(t).rstrip(".") for t in doc[max(0, ent.start - 3):ent.start]]
                gender = next((HONORIFICS[w] for w in reversed(before) if w in HONORIFICS), None)
                if gender is None and ent.start > 0 and doc[ent.start - 1].pos_ == "NOUN" \
                        and self.ctx.is_word(doc[ent.start - 1], "titles"):
                    morph = doc[ent.start - 1].morph.get("Gender")
                    gender = {"Masc": "m", "Fem": "f"}.get(morph[0]) if morph else None
                if gender is not None:
                    key = self.person(ent.text, ent.start_char, ent.end_char).name
                    self._genders.setdefault(key, gender)
        return self._genders.get(name)

    def _last_person(self, token: Token, gender: str) -> str | None:
        speakers = [(a.start or 0, a.name, True) for a in self.antecedents
                    if a.kind == "person" and " and " not in a.name and (a.start or 0) < token.idx]
        named = [p for p in self._people() if p[0] < token.idx]
        candidates = sorted(speakers + named, key=lambda c: c[0])
        agreeing = [c for c in candidates if self._gender_of(c[1]) in (None, gender)]
        for pool in ([c for c in agreeing if c[2]], agreeing):
            if pool:
                return pool[-1][1]
        return None

    def last_speaker(self, surface: str | None = None) -> AgentRef | None:
        for agent in reversed(self.antecedents):
            return AgentRef(name=agent.name, kind=agent.kind, surface=surface)
        return None

    def note_subject(self, head: Token) -> None:
        """Remember an actor that is the subject of a clause (for later pronouns)."""
        if head.pos_ == "PROPN" or head.ent_type_:
            agent = self._resolve(head)
            if agent is not None:
                self.antecedents.append(agent)
