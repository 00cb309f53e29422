"""What the views show, read from the store as plain Python values: claims with their words,
source, relay chain, article and event (`claims`), and the articles' texts (`article_texts`).

Two queries, whatever the scope: one row per claim, then the relay hops of those claims. The
scope (an event, a day, agents, kinds) is bound as values, never pasted into the query text.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef

from ..namespaces import CG

KINDS = {str(CG.StatementClaim): "statement", str(CG.CasualtyClaim): "casualty", str(CG.ThreatClaim): "threat"}
AGENT_TYPES = {str(CG.Person): "person", str(CG.Government): "government", str(CG.NGO): "ngo",
               str(CG.Media): "media", str(CG.Organisation): "organisation"}

PREFIXES = """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
"""

CLAIMS = PREFIXES + """
SELECT ?claim ?class ?document ?doc ?headline ?published ?language ?start ?end ?exact ?prefix ?suffix
       ?agent ?agentLabel ?agentClass ?countMin ?countMax ?outcome ?victims ?cue ?event ?eventLabel ?eventDate
WHERE {
  VALUES ?class { cg:StatementClaim cg:CasualtyClaim cg:ThreatClaim }
  ?claim a ?class ; cg:inDocument ?document .
  FILTER (!BOUND(?onlyClass) || ?class = ?onlyClass)
  OPTIONAL { ?claim cg:reportOf ?event . ?event rdfs:label ?eventLabel OPTIONAL { ?event cg:eventDate ?eventDate } }
  FILTER (!BOUND(?onlyEvent) || ?event = ?onlyEvent)
  FILTER (!BOUND(?day) || STR(?eventDate) = STR(?day))
  ?document dcterms:identifier ?doc .
  OPTIONAL { ?document schema:headline ?headline }
  OPTIONAL { ?document dcterms:language ?language }
  OPTIONAL { ?document schema:datePublished ?metadataDate }
  OPTIONAL { ?document cg:inferredDate ?inferredDate }
  BIND (COALESCE(?metadataDate, ?inferredDate) AS ?published)
  ?claim cg:evidence/oa:hasSelector ?position, ?quote .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
  OPTIONAL { ?quote oa:prefix ?prefix }
  OPTIONAL { ?quote oa:suffix ?suffix }
  OPTIONAL { ?claim prov:wasAttributedTo ?agent OPTIONAL { ?agent rdfs:label ?agentLabel }
             OPTIONAL { ?agent a ?agentClass
                        VALUES ?agentClass { cg:Person cg:Government cg:NGO cg:Media cg:Organisation } } }
  OPTIONAL { ?claim cg:countMin ?countMin }
  OPTIONAL { ?claim cg:countMax ?countMax }
  OPTIONAL { ?claim cg:outcome ?outcomeIri BIND (LCASE(STRAFTER(STR(?outcomeIri), "#")) AS ?outcome) }
  OPTIONAL { ?claim cg:victims ?victims }
  OPTIONAL { ?claim cg:cue ?cue }
}
"""

HOPS = PREFIXES + """
SELECT ?claim ?hopIndex ?agent ?label WHERE {
  ?claim cg:relayedBy ?hop . ?hop cg:hopIndex ?hopIndex ; prov:wasAttributedTo ?agent .
  OPTIONAL { ?agent rdfs:label ?label }
}
"""

DOCUMENTS = PREFIXES + """
SELECT ?document ?source ?hash ?text WHERE {
  ?document dcterms:source ?source ; cg:contentHash ?hash .
  OPTIONAL { ?document schema:text ?text }
}
"""


@dataclass
class Agent:
    iri: str
    label: str
    type: str = "agent"


@dataclass
class Claim:
    iri: str
    kind: str
    doc: str  # the article's identifier
    document: str  # its IRI
    headline: str
    published: str  # YYYY[-MM[-DD]], or ""
    language: str
    start: int
    end: int
    words: str
    prefix: str
    suffix: str
    source: Agent | None  # None: the article's own claim
    chain: list[Agent] = field(default_factory=list)  # relays, nearest the source first
    count_min: int | None = None
    count_max: int | None = None
    outcome: str = ""
    victims: str = ""
    cue: str = ""
    event: str = ""
    event_label: str = ""
    event_date: str = ""

    @property
    def short(self) -> str:
        return self.iri.rsplit("/", 1)[-1][:10]

    @property
    def source_label(self) -> str:
        return self.source.label if self.source else "(article)"

    @property
    def count(self) -> str:
        """'22', '20–30' or '>30' as the claim bounds it; '' when it gives no count."""
        if self.count_min is None and self.count_max is None:
            return ""
        if self.count_max is None:
            return f"≥{self.count_min}"
        if self.count_min is None:
            return f"≤{self.count_max}"
        return str(self.count_min) if self.count_min == self.count_max else f"{self.count_min}–{self.count_max}"


def _text(term) -> str:
    return str(term) if term is not None else ""


def _int(term) -> int | None:
    return int(term.toPython()) if term is not None else None


def claims(store, *, event: str | None = None, day: str | None = None, kinds: list[str] | None = None,
           agents: list[str] | None = None) -> list[Claim]:
    """The claims in scope, ordered by event, publication date, article and position.

    event: an event IRI; day: YYYY-MM-DD (the event's date); kinds: statement, casualty, threat;
    agents: IRIs — claims these agents made or relayed."""
    bindings = {}
    if event:
        bindings["onlyEvent"] = URIRef(event)
    if day:
        bindings["day"] = Literal(day)
    wanted_kinds = set(kinds or [])
    found: dict[str, Claim] = {}
    for row in store.query(CLAIMS, bindings):
        iri = str(row.claim)
        kind = KINDS[str(row[1])]
        if wanted_kinds and kind not in wanted_kinds:
            continue
        claim = found.get(iri)
        agent_type = AGENT_TYPES.get(_text(row.agentClass), "agent")
        if claim is not None:  # an agent of two classes, or two labels: keep the most specific type
            if claim.source and claim.source.type == "organisation" and agent_type not in ("agent", "organisation"):
                claim.source.type = agent_type
            continue
        source = None
        if row.agent is not None:
            source = Agent(str(row.agent), _text(row.agentLabel) or str(row.agent).rsplit("/", 1)[-1], agent_type)
        found[iri] = Claim(
            iri=iri, kind=kind, doc=str(row.doc), document=str(row.document), headline=_text(row.headline),
            published=_text(row.published), language=_text(row.language), start=int(row.start.toPython()),
            end=int(row.end.toPython()), words=_text(row.exact), prefix=_text(row.prefix), suffix=_text(row.suffix),
            source=source, count_min=_int(row.countMin), count_max=_int(row.countMax), outcome=_text(row.outcome),
            victims=_text(row.victims), cue=_text(row.cue), event=_text(row.event), event_label=_text(row.eventLabel),
            event_date=_text(row.eventDate))
    if found:
        hops = defaultdict(list)
        for row in store.query(HOPS):
            iri = str(row.claim)
            if iri in found:
                label = _text(row.label) or str(row.agent).rsplit("/", 1)[-1]
                hops[iri].append((int(row.hopIndex.toPython()), Agent(str(row.agent), label)))
        for iri, entries in hops.items():
            found[iri].chain = [agent for _, agent in sorted(entries, key=lambda e: e[0])]
    result = list(found.values())
    if agents:
        wanted = set(agents)
        result = [c for c in result if (c.source and c.source.iri in wanted) or any(a.iri in wanted for a in c.chain)]
    result.sort(key=lambda c: (c.event_date, c.event, c.published == "", c.published, c.doc, c.start, c.iri))
    return result


def article_texts(store, documents: set[str]) -> dict[str, str]:
    """The text of each article (IRI → text) whose offsets the claims count in: the text stored
    with a web page, else the file it was read from when that file still gives the same text
    (its content hash is checked). An article found in neither is left out."""
    from ..ingest import read_location

    texts: dict[str, str] = {}
    wanted_by_file: dict[str, dict[str, str]] = defaultdict(dict)  # file → content hash → document
    for row in store.query(DOCUMENTS):
        document = str(row.document)
        if document not in documents:
            continue
        if row.text is not None:
            texts[document] = str(row.text)
            continue
        source = str(row.source)
        path = source.rsplit(":", 1)[0] if source.rsplit(":", 1)[-1].isdigit() else source
        if "://" not in path and Path(path).is_file():
            wanted_by_file[path][str(row.hash)] = document
    for path, wanted in wanted_by_file.items():
        try:
            for item in read_location(path):
                text = getattr(item, "text", None)
                if text is None:
                    continue
                digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
                if digest in wanted:
                    texts[wanted.pop(digest)] = text
                    if not wanted:
                        break
        except Exception:  # noqa: BLE001 - a file that moved or changed only loses its full text
            continue
    return texts
