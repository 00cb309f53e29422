"""Canonical identities of actors and places (plain Python; the gazetteer's data).

`gazetteer.load()` reads the bundled Turtle into a `Gazetteer`; extraction receives it
as a plain object and never touches RDF.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

# a leading article is a whole word ('the ', 'le ') or an elided one ("l'", "d'"): never the
# start of a longer word ("Ankara", "autorités", "Lemaire")
_ARTICLES = re.compile(r"^(?:(?:the|an?|les?|la|une?|des|du|de la)\s+|(?:de l'|l'|d'))", re.IGNORECASE)


NAME_CHARS = 200  # strings up to this length (names, titles) are memoised; texts are not


def normalize(text: str) -> str:
    """Case-, accent-, apostrophe- and leading-article-insensitive key for a name."""
    text = text or ""
    return _normalize_name(text) if len(text) <= NAME_CHARS else _normalize(text)


# a pure function asked again and again for the same names; a whole text (normalised once per
# document) is not kept: 65,536 of them would hold a build's every article in memory
@functools.lru_cache(maxsize=1 << 16)
def _normalize_name(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'").lower()
    text = re.sub(r"[^a-z0-9']+", " ", text).strip()
    previous = None
    while previous != text:
        previous, text = text, _ARTICLES.sub("", text).strip()
    return text


def agent_key(name: str) -> str:
    """The key two names of one agent share whatever their case, accents, apostrophes or
    leading article ('the Turkish Army', "l'armée turque" stay apart; 'Turkish army' joins)."""
    return re.sub(r"[^a-z0-9]+", "-", normalize(name)).strip("-")


@dataclass(frozen=True)
class Entry:
    iri: str
    kind: str  # person, organisation, government, media, ngo, place
    labels: tuple[tuple[str, str], ...]  # (language, prefLabel)
    aliases: frozenset[str] = field(default_factory=frozenset)  # normalized
    roles: frozenset[str] = field(default_factory=frozenset)  # normalized role labels

    def label(self, language: str = "en") -> str:
        for lang, text in self.labels:
            if lang == language:
                return text
        return self.labels[0][1]


class Gazetteer:
    """Surface form → entry, and role label → entries."""

    def __init__(self, entries: list[Entry]):
        self.entries = list(entries)
        self._by_alias: dict[str, Entry] = {}
        self._by_role: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for alias in entry.aliases:
                self._by_alias.setdefault(alias, entry)
            for role in entry.roles:
                self._by_role.setdefault(role, []).append(entry)

    def lookup(self, phrase: str, kinds: tuple[str, ...] | None = None) -> Entry | None:
        entry = self._by_alias.get(normalize(phrase))
        if entry and (kinds is None or entry.kind in kinds):
            return entry
        return None

    def person(self, name: str) -> Entry | None:
        """A person by a shorter form of a full name in the gazetteer ('Tayyip Erdogan' →
        Recep Tayyip Erdoğan): the words end the full name; a lone surname only when one
        person has it."""
        exact = self.lookup(name, ("Person",))
        if exact is not None:
            return exact
        words = normalize(name).split()
        if not words:
            return None
        found = set()
        for entry in self.entries:
            if entry.kind != "Person":
                continue
            for alias in entry.aliases:
                full = alias.split()
                if len(full) > len(words) and full[-len(words):] == words:
                    found.add(entry.iri)
                    match = entry
        if len(found) == 1:
            return match
        return None

    def by_role(self, phrase: str) -> list[Entry]:
        return self._by_role.get(normalize(phrase), [])

    def named_in(self, entry: Entry, normalized_text: str) -> bool:
        """Whether any of the entry's names (not roles) occurs in the normalized text."""
        padded = f" {normalized_text} "
        return any(f" {alias} " in padded for alias in entry.aliases if len(alias) > 2)


EMPTY = Gazetteer([])
