"""Model: plain records → RDF (PROV-O, W3C Web Annotation, schema.org, DCTERMS, SKOS).

IRIs are deterministic: a document is `id/doc/{doc_id}`, a claim
`id/claim/{sha1(doc_id, kind, start, end, …)}`, an agent its gazetteer IRI or
`id/agent/{slug}`. Building twice gives the same graph.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from .identity import Gazetteer, agent_key
from .namespaces import CG, ID, OA, SCHEMA
from .records import AgentRef, Claim, Document, Extraction
from .store.terms import to_ox
from .triples import Terms, Triples

if TYPE_CHECKING:
    from .events import Event

CLASS_OF_KIND = {"statement": CG.StatementClaim, "casualty": CG.CasualtyClaim, "threat": CG.ThreatClaim}
OUTCOMES = {"killed": CG.Killed, "injured": CG.Injured, "displaced": CG.Displaced}
TOLL_PREDICATE = {"killed": CG.deathToll, "injured": CG.injuredCount, "displaced": CG.displacedCount}
AGENT_CLASS = {"person": CG.Person, "organisation": CG.Organisation, "government": CG.Government,
               "media": CG.Media, "ngo": CG.NGO, "agent": PROV.Agent, "place": CG.Place}
CONTEXT_CHARS = 32
EVENTS_GRAPH = ID["graph/events"]
AGENTS_GRAPH = ID["graph/agents"]
SOFTWARE_PREFIX = str(ID["software/claimgraph/"])
# the same terms as Oxigraph's, for the document graphs (see triples.py)
_RDF, _XSD, _CG, _PROV, _OA, _SCHEMA, _DCTERMS = (Terms(ns) for ns in (RDF, XSD, CG, PROV, OA, SCHEMA, DCTERMS))
_CLASS_OF_KIND = {kind: to_ox(iri) for kind, iri in CLASS_OF_KIND.items()}
_OUTCOMES = {outcome: to_ox(iri) for outcome, iri in OUTCOMES.items()}
_TOLL_PREDICATE = {outcome: to_ox(iri) for outcome, iri in TOLL_PREDICATE.items()}
_TRUE, _FALSE = ox.Literal(True), ox.Literal(False)
GAZETTEER_KIND = {"Person": "person", "Organisation": "organisation", "Government": "government",
                  "Media": "media", "NGO": "ngo", "Place": "place"}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in (("cg", CG._NS), ("prov", PROV), ("oa", OA), ("schema", SCHEMA), ("dcterms", DCTERMS),
                       ("skos", SKOS), ("owl", OWL), ("cgid", ID), ("xsd", XSD)):
        graph.bind(prefix, ns, override=True)
    return graph


def digest(*parts: object, length: int = 16) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:length]


def document_iri(doc_id: str) -> URIRef:
    return ID[f"doc/{doc_id}"]


def graph_iri(doc_id: str) -> URIRef:
    return ID[f"graph/{doc_id}"]


def claim_iri(claim: Claim) -> URIRef:
    return ID[f"claim/{digest(*claim.identity())}"]


def event_iri(event: Event) -> URIRef:
    return ID[f"event/{digest(*event.key)}"]


def slug(name: str) -> str:
    return agent_key(name) or digest(name, length=8)


def date_literal(value: str | None) -> Literal | None:
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return None


def _name_like(surface: str) -> bool:
    """A surface form worth recording as a name of the agent: not a bare pronoun ('he', 'elle')."""
    return any(ch.isupper() for ch in surface) or len(surface.split()) > 1


@dataclass(frozen=True)
class AgentUse:
    """One way a document names an agent: the description of an agent (its label, types and
    surface forms) is made from the uses of every document that names it."""

    iri: str
    kind: str
    name: str
    surface: str | None = None
    title: str | None = None

    def encode(self) -> str:
        return "\x1f".join((self.kind, self.name, self.surface or "", self.title or ""))

    @classmethod
    def decode(cls, iri: str, text: str) -> "AgentUse":
        kind, name, surface, title = text.split("\x1f")
        return cls(iri, kind, name, surface or None, title or None)


class GraphBuilder:
    """Builds one document's graph, and the descriptions of the agents documents name; agents
    are resolved against the gazetteer."""

    def __init__(self, gazetteer: Gazetteer, gazetteer_graph: Graph | None = None):
        self.gazetteer = gazetteer
        self.gazetteer_graph = gazetteer_graph
        self.uses: Counter[AgentUse] = Counter()  # the agents named by the graph being built
        self._by_iri = {entry.iri: entry for entry in gazetteer.entries}

    def agent(self, agent: AgentRef) -> URIRef:
        """The agent's IRI (its gazetteer entry's, else one made from its name); the use is
        recorded for `describe_agents`."""
        iri = self.iri_of(agent)
        self.uses[AgentUse(str(iri), agent.kind, agent.name, agent.surface, agent.title)] += 1
        return iri

    def iri_of(self, agent: AgentRef) -> URIRef:
        """The agent's IRI: its gazetteer entry's, else one made from its name."""
        entry = self.gazetteer.lookup(agent.name)
        return URIRef(entry.iri) if entry is not None else ID[f"agent/{slug(agent.name)}"]

    def describe_agents(self, uses: dict[str, Counter]) -> Graph:
        """One description per agent from all its uses ({iri: Counter[AgentUse]}): its types,
        one label (the gazetteer's, else the name written most often, then the capitalised
        one, then the first in order), the other words it was named by, its links."""
        graph = bind_prefixes(Graph(identifier=AGENTS_GRAPH))
        for iri_text, counted in uses.items():
            iri = URIRef(iri_text)
            if iri_text.startswith(SOFTWARE_PREFIX):
                version = iri_text[len(SOFTWARE_PREFIX):]
                graph.add((iri, RDF.type, PROV.SoftwareAgent))
                graph.add((iri, RDF.type, PROV.Agent))
                graph.add((iri, RDFS.label, Literal(f"claimgraph {version}")))
                graph.add((iri, SCHEMA.softwareVersion, Literal(version)))
                continue
            entry = self._by_iri.get(iri_text)
            if entry is not None:
                kinds = {GAZETTEER_KIND.get(entry.kind, "agent")}
                label = entry.label("en")
                if self.gazetteer_graph is not None:
                    for p, o in self.gazetteer_graph.predicate_objects(iri):
                        if p in (OWL.sameAs, SKOS.closeMatch, SKOS.prefLabel):
                            graph.add((iri, p, o))
            else:
                names = Counter()
                for use, count in counted.items():
                    names[use.name] += count
                label = min(names, key=lambda name: (-names[name], not name[:1].isupper(), name))
                kinds = {use.kind for use in counted}
            graph.add((iri, RDF.type, PROV.Agent))
            for kind in sorted(kinds):
                graph.add((iri, RDF.type, AGENT_CLASS.get(kind, PROV.Agent)))
            graph.add((iri, RDFS.label, Literal(label)))
            for use in counted:
                for form in (use.surface, use.title):  # the words and the title it was named by
                    if form and form != label and _name_like(form):
                        graph.add((iri, CG.surfaceForm, Literal(form)))
        return graph

    def document_graph(self, document: Document, claims: list[Claim], inferred_date: str | None = None,
                       extraction: Extraction | None = None) -> Triples:
        """The document's graph, made as Oxigraph terms: it is only written and validated."""
        graph = Triples(graph_iri(document.doc_id))
        self.uses = Counter()
        doc = to_ox(document_iri(document.doc_id))
        activity = self._activity(graph, document, extraction) if extraction is not None else None
        graph.add((doc, _RDF.type, _SCHEMA.NewsArticle))
        graph.add((doc, _RDF.type, _PROV.Entity))  # used by the extraction (PROV tools read it)
        graph.add((doc, _DCTERMS.identifier, ox.Literal(document.doc_id)))
        graph.add((doc, _DCTERMS.language, ox.Literal(document.language)))
        graph.add((doc, _DCTERMS.source, ox.Literal(document.location)))
        graph.add((doc, _DCTERMS.format, ox.Literal(document.media_type)))
        graph.add((doc, _CG.textLength, ox.Literal(str(len(document.text)), datatype=_XSD.integer)))
        graph.add((doc, _CG.contentHash, ox.Literal(hashlib.sha256(document.text.encode("utf-8")).hexdigest())))
        published = date_literal(document.date)
        if published is not None:
            graph.add((doc, _SCHEMA.datePublished, to_ox(published)))
        inferred = date_literal(inferred_date)
        if inferred is not None:
            graph.add((doc, _CG.inferredDate, to_ox(inferred)))
        if document.title:
            graph.add((doc, _SCHEMA.headline, ox.Literal(document.title)))
        if document.media_type == "text/html" or "://" in document.location:
            # the main text taken from a web page is saved nowhere else: the offsets count into it
            graph.add((doc, _SCHEMA.text, ox.Literal(document.text)))
        if document.url:
            graph.add((doc, _SCHEMA.url, ox.NamedNode(document.url)))
        if document.publisher:
            graph.add((doc, _SCHEMA.publisher, to_ox(self.agent(AgentRef(name=document.publisher, kind="media")))))
        for claim in claims:
            node = self.add_claim(graph, document, claim)
            if activity is not None:
                graph.add((node, _PROV.wasGeneratedBy, activity))
        return graph

    def _activity(self, graph: Triples, document: Document, extraction: Extraction) -> ox.NamedNode:
        """The extraction run (a prov:Activity) that used the article and generated its claims,
        associated with claimgraph at its version; records the spaCy pipeline."""
        activity = to_ox(ID[f"extraction/{document.doc_id}/{digest(extraction.version, extraction.pipeline, extraction.spacy_version, length=12)}"])
        software = ID[f"software/claimgraph/{extraction.version}"]
        graph.add((activity, _RDF.type, _PROV.Activity))
        graph.add((activity, _RDF.type, _CG.Extraction))
        graph.add((activity, _PROV.used, to_ox(document_iri(document.doc_id))))
        graph.add((activity, _PROV.wasAssociatedWith, to_ox(software)))
        graph.add((activity, _CG.pipeline, ox.Literal(extraction.pipeline)))
        graph.add((activity, _CG.spacyVersion, ox.Literal(extraction.spacy_version)))
        self.uses[AgentUse(str(software), "software", f"claimgraph {extraction.version}")] += 1
        return activity

    def add_claim(self, graph: Triples, document: Document, claim: Claim) -> ox.NamedNode:
        iri = str(claim_iri(claim))
        node = ox.NamedNode(iri)
        doc = to_ox(document_iri(document.doc_id))
        graph.add((node, _RDF.type, _CLASS_OF_KIND[claim.kind]))
        graph.add((node, _RDF.type, _PROV.Entity))
        graph.add((node, _CG.inDocument, doc))
        # the span: W3C Web Annotation specific resource with position and quote selectors
        target = ox.NamedNode(f"{iri}/evidence")
        position, quote = ox.NamedNode(f"{iri}/position"), ox.NamedNode(f"{iri}/quote")
        graph.add((node, _CG.evidence, target))
        graph.add((target, _RDF.type, _OA.SpecificResource))
        # the span and its selectors are PROV entities too, so PROV tools keep every node
        graph.add((target, _RDF.type, _PROV.Entity))
        graph.add((target, _OA.hasSource, doc))
        graph.add((target, _OA.hasSelector, position))
        graph.add((target, _OA.hasSelector, quote))
        graph.add((position, _RDF.type, _OA.TextPositionSelector))
        graph.add((position, _RDF.type, _PROV.Entity))
        graph.add((position, _OA.start, ox.Literal(str(claim.start), datatype=_XSD.nonNegativeInteger)))
        graph.add((position, _OA.end, ox.Literal(str(claim.end), datatype=_XSD.nonNegativeInteger)))
        text = document.text
        graph.add((quote, _RDF.type, _OA.TextQuoteSelector))
        graph.add((quote, _RDF.type, _PROV.Entity))
        # the same span as a W3C Web Annotation (annotation tools load these): the claim describes it
        annotation = ox.NamedNode(f"{iri}/annotation")
        graph.add((annotation, _RDF.type, _OA.Annotation))
        graph.add((annotation, _RDF.type, _PROV.Entity))
        graph.add((annotation, _OA.hasTarget, target))
        graph.add((annotation, _OA.hasBody, node))
        graph.add((annotation, _OA.motivatedBy, _OA.describing))
        graph.add((quote, _OA.exact, ox.Literal(text[claim.start:claim.end])))
        graph.add((quote, _OA.prefix, ox.Literal(text[max(0, claim.start - CONTEXT_CHARS):claim.start])))
        graph.add((quote, _OA.suffix, ox.Literal(text[claim.end:claim.end + CONTEXT_CHARS])))
        # attribution
        source = to_ox(self.agent(claim.source)) if claim.source is not None else None
        if source is not None:
            graph.add((node, _PROV.wasAttributedTo, source))
        else:
            graph.add((node, _CG.unattributed, _TRUE))
        previous = None
        for index, hop in enumerate(claim.via, start=1):
            relay = ox.NamedNode(f"{iri}/hop/{index}")
            graph.add((relay, _RDF.type, _CG.Relay))
            graph.add((relay, _RDF.type, _PROV.Entity))
            graph.add((relay, _CG.hopIndex, ox.Literal(str(index), datatype=_XSD.integer)))
            graph.add((relay, _PROV.wasAttributedTo, to_ox(self.agent(hop.agent))))
            if hop.cue:
                graph.add((relay, _CG.cue, ox.Literal(hop.cue)))
            if previous is not None:
                graph.add((relay, _PROV.wasDerivedFrom, previous))
            graph.add((node, _CG.relayedBy, relay))
            previous = relay
        if previous is not None:
            graph.add((node, _PROV.wasDerivedFrom, previous))
        for prop, value in ((_CG.cue, claim.cue), (_CG.rule, claim.rule), (_CG.channel, claim.channel),
                            (_CG.victims, claim.victims), (_CG.location, claim.location), (_CG.target, claim.target),
                            (_CG.action, claim.action), (_CG.condition, claim.condition)):
            if value:
                graph.add((node, prop, ox.Literal(value)))
        graph.add((node, _CG.hedged, _TRUE if claim.hedged else _FALSE))
        date = date_literal(claim.date)
        if date is not None:
            graph.add((node, _CG.eventDate, to_ox(date)))
        if claim.date_text:
            graph.add((node, _CG.dateText, ox.Literal(claim.date_text)))
        self._assertion(graph, node, claim, source)
        return node

    def events_graph(self, events: list[Event]) -> Graph:
        """The batch's events, each linked to its reports (claims live in their documents' graphs)."""
        graph = bind_prefixes(Graph(identifier=EVENTS_GRAPH))
        for event in events:
            node = event_iri(event)
            graph.add((node, RDF.type, CG.Event))
            graph.add((node, RDF.type, PROV.Entity))
            graph.add((node, CG.outcome, OUTCOMES[event.outcome]))
            victims, location = event.victims(), event.location()
            label = " ".join(p for p in (victims or "people", event.outcome, f"in {location}" if location else "",
                                         f"on {event.date}" if event.date else "") if p)
            graph.add((node, RDFS.label, Literal(label)))
            for prop, value in ((CG.victims, victims), (CG.location, location)):
                if value:
                    graph.add((node, prop, Literal(value)))
            date = date_literal(event.date)
            if date is not None:
                graph.add((node, CG.eventDate, date))
            graph.add((node, CG.reportCount, Literal(len(event.reports), datatype=XSD.integer)))
            for claim in event.reports:
                graph.add((claim_iri(claim), CG.reportOf, node))
        return graph

    def _assertion(self, graph: Triples, node: ox.NamedNode, claim: Claim, source: ox.NamedNode | None) -> None:
        statement = ox.NamedNode(f"{node.value}/assertion")
        if claim.kind == "casualty":
            incident = ox.NamedNode(f"{node.value}/incident")
            graph.add((node, _CG.about, incident))
            graph.add((incident, _RDF.type, _CG.Incident))
            graph.add((incident, _RDF.type, _PROV.Entity))
            if claim.count_min is not None:
                graph.add((node, _CG.countMin, ox.Literal(str(claim.count_min), datatype=_XSD.integer)))
            if claim.count_max is not None:
                graph.add((node, _CG.countMax, ox.Literal(str(claim.count_max), datatype=_XSD.integer)))
            graph.add((node, _CG.outcome, _OUTCOMES[claim.outcome]))
            graph.add((node, _CG.cumulative, _TRUE if claim.cumulative else _FALSE))
            value = claim.count_min if claim.count_min is not None else claim.count_max
            subject, predicate = incident, _TOLL_PREDICATE[claim.outcome]
            obj = ox.Literal(str(value), datatype=_XSD.integer)
        elif claim.kind == "threat":
            subject = source if source is not None else node
            predicate, obj = _CG.threatens, ox.Literal(claim.target or claim.action or "")
        else:
            subject = source if source is not None else node
            predicate, obj = _CG.says, ox.Literal(claim.content or "")
        graph.add((node, _CG.asserts, statement))
        graph.add((statement, _RDF.type, _RDF.Statement))
        graph.add((statement, _RDF.type, _PROV.Entity))
        graph.add((statement, _RDF.subject, subject))
        graph.add((statement, _RDF.predicate, predicate))
        graph.add((statement, _RDF.object, obj))
