"""One identity per actor across the batch: a title in one article, the name in another.

An article that says 'le gouverneur de la province de Kandor' without a name gets the
name another article of the batch gives with the same title ('Kandor governor Ana
Velez', 'la gouverneure de Kandor, Ana Velez'). Titles are compared as a role key across languages: the role ('governor',
'minister', 'president'), the places and nationalities it is attached to (through the
gazetteer and the demonym lexicon) and the portfolio ('foreign', 'defence'). Two keys
match when the roles agree and one's qualifiers contain the other's; a title that could
be two people is left as it is.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from . import lexicon as lexicons
from .events import BatchItem
from .identity import EMPTY, Gazetteer, agent_key, normalize
from .records import AgentRef, Claim, Hop

RoleKey = tuple[str, frozenset[str]]
_WORD = re.compile(r"[\w'’-]+")


def role_key(phrase: str, language: str, gazetteer: Gazetteer = EMPTY) -> RoleKey | None:
    """('governor', {'Kandor', 'Turkey'}) for 'le gouverneur de la province turque de Kandor'."""
    if language not in ("en", "fr"):
        return None
    lex = lexicons.load(language)
    words = [w.lower().replace("’", "'") for w in _WORD.findall(phrase)]
    concept = next((lex["title_concepts"][w] for w in words if w in lex["title_concepts"]), None)
    if concept is None:
        return None
    qualifiers: set[str] = set()
    for w in words:
        if w in lex["portfolios"]:
            qualifiers.add(lex["portfolios"][w])
        country = lexicons.country_of(w, language)
        if country:
            qualifiers.add(country)
    for size in (1, 2, 3):
        for i in range(len(words) - size + 1):
            entry = gazetteer.lookup(" ".join(words[i:i + size]), ("Place", "Government", "Organisation"))
            if entry is not None:
                qualifiers.add(entry.label("en"))
    if not qualifiers:
        return None  # 'the governor' alone could be anyone's
    return concept, frozenset(qualifiers)


def _matches(a: RoleKey, b: RoleKey) -> bool:
    return a[0] == b[0] and (a[1] <= b[1] or b[1] <= a[1])


def _is_bare_title(agent: AgentRef) -> bool:
    """The agent's name is only its title ('the Congolese defence minister'): no person named."""
    return agent.kind in ("person", "agent") and normalize(agent.title or "") == normalize(agent.name)


def title_names(item: BatchItem, gazetteer: Gazetteer = EMPTY) -> set[tuple[RoleKey, str]]:
    """What an article teaches about titles: (role key, name) for each person it names with a
    title ('Kandor governor Ana Velez')."""
    out = set()
    for agent in _agents(item.claims):
        if agent.kind == "person" and agent.title and not _is_bare_title(agent):
            key = role_key(agent.title, item.document.language, gazetteer)
            if key is not None:
                out.add((key, agent.name))
    return out


def bare_titles(item: BatchItem, gazetteer: Gazetteer = EMPTY) -> set[RoleKey]:
    """The role keys of the titles an article names people by without their name."""
    keys = (role_key(agent.name, item.document.language, gazetteer) for agent in _agents(item.claims)
            if _is_bare_title(agent))
    return {key for key in keys if key is not None}


def unify_titles(items: list[BatchItem], gazetteer: Gazetteer = EMPTY,
                 known: Iterable[tuple[RoleKey, str]] = ()) -> list[BatchItem]:
    """Replace unnamed title agents by the person another article names with that title (an
    article of `items`, or one whose (role key, name) pairs are given in `known`)."""
    learned: dict[RoleKey, set[str]] = defaultdict(set)
    for key, name in known:
        learned[key].add(name)
    for item in items:
        for key, name in title_names(item, gazetteer):
            learned[key].add(name)
    if not learned:
        return items

    def named(agent: AgentRef | None, language: str) -> AgentRef | None:
        if agent is None or not _is_bare_title(agent):
            return agent
        key = role_key(agent.name, language, gazetteer)
        if key is None:
            return agent
        names = set().union(*(names for k, names in learned.items() if _matches(k, key)))
        if len(names) != 1:
            return agent
        return AgentRef(name=next(iter(names)), kind="person", surface=agent.surface or agent.name,
                        start=agent.start, end=agent.end, title=agent.name)

    out = []
    for item in items:
        language = item.document.language
        claims: list[Claim] = []
        for claim in item.claims:
            source = named(claim.source, language)
            via = tuple(Hop(named(h.agent, language), h.cue) for h in claim.via)
            claims.append(claim if (source is claim.source and via == claim.via) else
                          replace(claim, source=source, via=via))
        out.append(BatchItem(item.document, claims))
    return out


def _agents(claims: list[Claim]):
    for claim in claims:
        if claim.source is not None:
            yield claim.source
        for hop in claim.via:
            yield hop.agent


def canonical_labels(items: list[BatchItem]) -> dict[str, str]:
    """One label per agent: names that differ only in case, accents or a leading article
    ('Turkish army', 'Turkish Army') share an agent IRI, and take the form written most often
    (then the capitalised one, then the first in order)."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for item in items:
        if item.document.publisher:
            forms[agent_key(item.document.publisher)][item.document.publisher] += 1
        for agent in _agents(item.claims):
            forms[agent_key(agent.name)][agent.name] += 1
    return {key: min(counter, key=lambda name: (-counter[name], not name[:1].isupper(), name))
            for key, counter in forms.items() if key}
