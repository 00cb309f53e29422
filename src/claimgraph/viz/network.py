"""The attribution network as a networkx graph: agents, claims, articles and events as typed
nodes with readable labels, and the edges said → (claim) → relayed by → in article / reports.

Every node has `kind` (person, government, ngo, media, organisation, agent, statement, casualty,
threat, article, event, group) and `label`; claims carry their words, source, chain, article,
publication date and counts as typed values (integers as integers), so GEXF and GraphML keep
them. Past `max_nodes` the claims are grouped (one node per source, kind and event or article),
then the least active sources are left out, and the graph says so in `graph["note"]`.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

import networkx as nx

from .data import Claim

MAX_NODES = 2000
HASH_SUFFIX = re.compile(r"[_-][0-9a-f]{12,}$")


def article_label(claim: Claim) -> str:
    if claim.headline:
        return shorten(claim.headline, 48)
    name = HASH_SUFFIX.sub("", claim.doc) or claim.doc
    return f"article {shorten(name, 30)}" + (f" ({claim.published})" if claim.published else "")


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def claim_label(claim: Claim) -> str:
    """'≥29 killed', or the first words of a statement or threat."""
    if claim.kind == "casualty" and claim.count:
        return f"{claim.count} {claim.outcome or 'casualties'}"
    return "“" + shorten(claim.words, 32) + "”"


def chain_text(claim: Claim) -> str:
    return " → ".join([claim.source_label] + [a.label for a in claim.chain] + [article_label(claim)])


def build(claims: list[Claim], *, max_nodes: int = MAX_NODES) -> nx.DiGraph:
    g = _detailed(claims)
    if g.number_of_nodes() > max_nodes:
        g = _grouped(claims, max_nodes)
    g.graph["claims"] = len(claims)
    return g


def _add_agent(g: nx.DiGraph, agent, count_as: str) -> None:
    if agent.iri not in g:
        g.add_node(agent.iri, kind=agent.type, label=agent.label, iri=agent.iri, said=0, relayed=0)
    g.nodes[agent.iri][count_as] += 1


def _add_context(g: nx.DiGraph, claim: Claim, node: str) -> None:
    if claim.document not in g:
        g.add_node(claim.document, kind="article", label=article_label(claim), doc=claim.doc, iri=claim.document,
                   published=claim.published, language=claim.language, **_start(claim.published))
    g.add_edge(node, claim.document, relation="inArticle")
    if claim.event:
        if claim.event not in g:
            g.add_node(claim.event, kind="event", label=claim.event_label, iri=claim.event, date=claim.event_date,
                       **_start(claim.event_date))
        g.add_edge(node, claim.event, relation="reportOf")


def _start(day: str) -> dict:
    """GEXF's dynamic `start` (Gephi's timeline) when the date is a full day."""
    return {"start": day} if len(day) == 10 else {}


def _detailed(claims: list[Claim]) -> nx.DiGraph:
    g = nx.DiGraph(note="")
    for claim in claims:
        attributes = dict(kind=claim.kind, label=claim_label(claim), words=claim.words, source=claim.source_label,
                          chain=chain_text(claim), article=article_label(claim), doc=claim.doc,
                          published=claim.published, iri=claim.iri, short=claim.short)
        if claim.count_min is not None:
            attributes["count_min"] = claim.count_min
        if claim.count_max is not None:
            attributes["count_max"] = claim.count_max
        if claim.outcome:
            attributes["outcome"] = claim.outcome
        if claim.event_label:
            attributes["event"] = claim.event_label
        g.add_node(claim.iri, **attributes, **_start(claim.published))
        if claim.source is not None:
            _add_agent(g, claim.source, "said")
            g.add_edge(claim.source.iri, claim.iri, relation="said")
        previous = claim.source.iri if claim.source is not None else None
        for relay in claim.chain:
            _add_agent(g, relay, "relayed")
            g.add_edge(claim.iri, relay.iri, relation="relayedBy")
            if previous is not None and previous != relay.iri:
                g.add_edge(previous, relay.iri, relation="relayedTo")
            previous = relay.iri
        _add_context(g, claim, claim.iri)
    return g


def _grouped(claims: list[Claim], max_nodes: int) -> nx.DiGraph:
    """Claims grouped: one node per (source, kind, event — or article when no event). The most
    active sources keep their own nodes; the others are pooled by type ('other persons (212)'),
    their claims grouped per kind, until the graph fits. Article nodes are dropped when they alone
    would take more than a third of the nodes. Nothing is left out: every claim is in a group."""
    from .data import Agent

    activity = Counter(c.source.iri for c in claims if c.source)
    ranked = [iri for iri, _ in activity.most_common()]
    sources = {c.source.iri: c.source for c in claims if c.source}
    with_articles = len({c.document for c in claims}) <= max_nodes // 3
    keep = len(ranked)
    while True:
        kept = set(ranked[:keep])
        pooled_types = Counter(sources[iri].type for iri in ranked[keep:])
        g = nx.DiGraph(note="")
        groups: dict[tuple, list[Claim]] = defaultdict(list)
        for claim in claims:
            if claim.source is None or claim.source.iri in kept:
                owner = claim.source.iri if claim.source else ""
                context = claim.event or (claim.document if with_articles else "")
            else:
                owner = f"pool:{claim.source.type}"
                context = ""
            groups[(owner, claim.kind, context)].append(claim)
        for (owner, kind, context), members in groups.items():
            node = f"group:{owner}|{kind}|{context}"
            counts = [c.count_min for c in members if c.count_min is not None]
            names = sorted({c.source_label for c in members})
            attributes = dict(kind="group", claim_kind=kind, claims=len(members),
                              source=names[0] if len(names) == 1 else f"{len(names)} sources",
                              label=f"{len(members)} {kind} claim{'s' if len(members) != 1 else ''}"
                              + (f" ({min(counts)}–{max(counts)})" if counts and min(counts) != max(counts)
                                 else f" ({counts[0]})" if counts else ""),
                              words=" | ".join(shorten(c.words, 80) for c in members[:5])
                              + (" | …" if len(members) > 5 else ""))
            if counts:
                attributes["count_min"], attributes["count_max"] = min(counts), max(counts)
            if len(names) > 1:
                attributes["sources"] = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
            g.add_node(node, **attributes)
            if owner.startswith("pool:"):
                kind_of_agent = owner[5:]
                agent = Agent(owner, f"other {KIND_PLURALS.get(kind_of_agent, kind_of_agent + 's')} "
                                     f"({pooled_types[kind_of_agent]})", kind_of_agent)
            else:
                agent = sources.get(owner)
            if agent is not None:
                _add_agent(g, agent, "said")
                g.nodes[agent.iri]["said"] += len(members) - 1
                g.add_edge(agent.iri, node, relation="said", weight=len(members))
            for claim in members:
                for relay in claim.chain:
                    if relay.iri in kept or relay.iri in g:
                        _add_agent(g, relay, "relayed")
                        g.add_edge(node, relay.iri, relation="relayedBy")
                if context:
                    _add_context(g, claim, node)
        if g.number_of_nodes() <= max_nodes or keep == 0:
            break
        keep = keep * 2 // 3
    pooled = len(ranked) - keep
    g.graph["note"] = (f"{len(claims):,} claims grouped by source, kind and event"
                       + (" (or article)" if with_articles else "") + f" to stay under {max_nodes:,} nodes"
                       + (f"; the {pooled:,} least active sources pooled by type" if pooled else "")
                       + ("" if with_articles else "; articles left out") +
                       ". Filter with --event, --day, --agent or --kind to see single claims.")
    return g


KIND_PLURALS = {"person": "persons", "government": "governments", "ngo": "NGOs", "media": "media",
                "organisation": "organisations", "agent": "sources"}


def layout(g: nx.DiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions (a force-directed layout, the same for the same graph)."""
    if g.number_of_nodes() == 0:
        return {}
    undirected = g.to_undirected(as_view=True)
    if g.number_of_nodes() < 500:  # networkx's dense Fruchterman-Reingold (numpy)
        k = 1.6 / max(1, g.number_of_nodes()) ** 0.5
        return nx.spring_layout(undirected, seed=seed, k=k, iterations=80)
    # larger: ForceAtlas2 (numpy too, hubs pushed apart; spring_layout would need scipy there, and was no faster)
    positions = nx.forceatlas2_layout(undirected, seed=seed, max_iter=60, distributed_action=True)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {node: (float((x - cx) * 2 / span), float((y - cy) * 2 / span)) for node, (x, y) in positions.items()}
