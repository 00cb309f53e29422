"""Plain, frozen records passed between stages (no spaCy, no rdflib here)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One article.

    `text` is the document exactly as read (UTF-8 decoded, nothing stripped), so every
    offset is a code-point offset into the original. `masked` has the same length: the
    metadata header and page boilerplate are blanked with spaces, so the NLP stage sees
    only article prose but its offsets still point into `text`.
    """

    doc_id: str
    text: str
    masked: str
    language: str
    location: str  # file path or URL it was read from
    date: str | None = None  # publication date, ISO (YYYY, YYYY-MM or YYYY-MM-DD)
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    media_type: str = "text/plain"


@dataclass(frozen=True)
class Skipped:
    """A document (or record) that was not processed, and why."""

    location: str
    reason: str
    cause: str = "input"  # input (unreadable, unsupported) | timeout | error (a crash of a stage)


@dataclass(frozen=True)
class AgentRef:
    """Who a claim or a hop is attributed to, as the text names them."""

    name: str  # canonical display name (resolved from titles/pronouns when possible)
    kind: str = "agent"  # person, organisation, government, media, ngo, agent
    surface: str | None = None  # the words in the text
    start: int | None = None
    end: int | None = None
    title: str | None = None  # the title words the person was named with ('le gouverneur de Kandor')


@dataclass(frozen=True)
class Hop:
    """An intermediary the claim passed through (news agency, press release …)."""

    agent: AgentRef
    cue: str | None = None


@dataclass(frozen=True)
class Claim:
    """One claim mention: a place in one document where a claim is made."""

    doc_id: str
    kind: str  # statement | casualty | threat
    start: int
    end: int
    source: AgentRef | None  # None = unattributed (the article's own claim)
    cue: str | None = None
    via: tuple[Hop, ...] = ()  # nearest the source first
    channel: str | None = None  # tweet, statement, press conference, phone call, interview
    hedged: bool = False
    content: str | None = None  # the reported words (quote or clause)
    # casualty
    count_min: int | None = None
    count_max: int | None = None
    victims: str | None = None
    victim_group: str | None = None  # 'military|Turkey': category|country, for event clustering
    outcome: str | None = None  # killed | injured | displaced
    location: str | None = None
    date: str | None = None  # ISO date or month of the event / threat
    date_text: str | None = None  # the date words in the span ('jeudi 27 février', 'Thursday')
    cumulative: bool = False
    # threat
    target: str | None = None
    action: str | None = None
    condition: str | None = None
    # how it was found
    cue_start: int | None = None  # offset of the reporting word (two cues can share one span)
    rule: str | None = None  # the extraction rule that produced it ('statement.verb', 'casualty.according', …)

    def identity(self) -> tuple:
        """What distinguishes this claim from any other mention: two claims that differ in any
        of these are different claims, even on the same span."""
        return (self.doc_id, self.kind, self.start, self.end, self.cue_start, self.cue,
                self.source.name if self.source else None, self.count_min, self.count_max, self.outcome,
                self.target, self.action)


@dataclass(frozen=True)
class Extraction:
    """How a document's claims were made: claimgraph's version and the spaCy pipeline."""

    version: str  # claimgraph's version
    pipeline: str  # the spaCy pipeline package and its version ('en_core_web_sm 3.8.0')
    spacy_version: str
