"""The claimgraph ontology namespace, typed: a misspelt term fails loudly.

Kept in sync with ontology/claimgraph.ttl by tests/test_ontology.py.
"""
from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class CG(DefinedNamespace):
    _fail = True
    _NS = Namespace("https://w3id.org/claimgraph/ontology#")

    CasualtyClaim: URIRef
    Claim: URIRef
    Displaced: URIRef
    Event: URIRef
    Extraction: URIRef
    Government: URIRef
    Incident: URIRef
    Injured: URIRef
    Killed: URIRef
    Media: URIRef
    NGO: URIRef
    Organisation: URIRef
    Outcome: URIRef
    Outcomes: URIRef
    Person: URIRef
    Place: URIRef
    Relay: URIRef
    StatementClaim: URIRef
    ThreatClaim: URIRef
    about: URIRef
    action: URIRef
    asserts: URIRef
    channel: URIRef
    condition: URIRef
    contentHash: URIRef
    recordHash: URIRef
    record: URIRef
    touchKey: URIRef
    titleName: URIRef
    agentUse: URIRef
    passDigest: URIRef
    eventDigest: URIRef
    claimRows: URIRef
    pending: URIRef
    stale: URIRef
    countMax: URIRef
    countMin: URIRef
    cue: URIRef
    cumulative: URIRef
    dateText: URIRef
    deathToll: URIRef
    displacedCount: URIRef
    eventDate: URIRef
    evidence: URIRef
    hedged: URIRef
    hopIndex: URIRef
    inDocument: URIRef
    inferredDate: URIRef
    injuredCount: URIRef
    location: URIRef
    outcome: URIRef
    pipeline: URIRef
    place: URIRef
    relayedBy: URIRef
    reportCount: URIRef
    reportOf: URIRef
    roleLabel: URIRef
    rule: URIRef
    says: URIRef
    spacyVersion: URIRef
    surfaceForm: URIRef
    target: URIRef
    textLength: URIRef
    threatens: URIRef
    unattributed: URIRef
    victims: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
ID = Namespace("https://w3id.org/claimgraph/id/")
