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
class Notice:
    """Something a build did that the user should know of (a document stored under another id)."""

    location: str
    message: str


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


# --- the record of one document's extraction, as stored in the archive ---------------------
def dump_record(document: Document, claims: list[Claim]) -> str:
    """JSON for a document and its claims as extracted (before the cross-document pass).
    The masked text is kept as the ranges that were blanked, not as a second copy."""
    import json
    from dataclasses import asdict

    fields = asdict(document)
    masked = fields.pop("masked")
    fields["blanked"] = _blanked_ranges(document.text, masked)
    return json.dumps({"document": fields, "claims": [_claim_dict(c) for c in claims]}, ensure_ascii=False,
                      separators=(",", ":"))


def load_record(text: str) -> tuple[Document, list[Claim]]:
    import json

    data = json.loads(text)
    fields = dict(data["document"])
    blanked = fields.pop("blanked")
    chars = list(fields["text"])
    for start, end in blanked:
        chars[start:end] = " " * (end - start)
    document = Document(**fields, masked="".join(chars))
    return document, [_claim_from(c) for c in data["claims"]]


def _blanked_ranges(text: str, masked: str) -> list[list[int]]:
    ranges: list[list[int]] = []
    if text == masked:  # most articles have nothing blanked: one comparison, not one per character
        return ranges
    for i, (a, b) in enumerate(zip(text, masked)):
        if a != b:
            if ranges and ranges[-1][1] == i:
                ranges[-1][1] = i + 1
            else:
                ranges.append([i, i + 1])
    return ranges


def _agent_dict(agent: AgentRef | None) -> dict | None:
    from dataclasses import asdict

    return None if agent is None else {k: v for k, v in asdict(agent).items() if v is not None}


def _claim_dict(claim: Claim) -> dict:
    from dataclasses import fields

    out = {}
    for f in fields(claim):
        value = getattr(claim, f.name)
        if f.name == "source":
            value = _agent_dict(value)
        elif f.name == "via":
            value = [{"agent": _agent_dict(h.agent), "cue": h.cue} for h in value]
        if value is not None and value != () and value != []:
            out[f.name] = value
    return out


def _claim_from(data: dict) -> Claim:
    data = dict(data)
    data["source"] = AgentRef(**data["source"]) if data.get("source") is not None else None
    data["via"] = tuple(Hop(AgentRef(**h["agent"]), h.get("cue")) for h in data.get("via", ()))
    return Claim(**data)
