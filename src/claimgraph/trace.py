"""`claimgraph trace ID`: a claim's path from its original source to the article, as a tree.

ID is a claim IRI, a short id (the start of the claim's hash), or an agent name (every
claim that agent made or relayed; any of its names, case- and accent-insensitively:
`names.find_agents`). The rows come from queries/attribution_chain.rq, so
the terminal tree and the query always agree.
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import Literal

from . import query as queries
from .errors import QueryError
from .namespaces import CG, ID
from .store import Store

CLAIM_PREFIX = str(ID["claim/"])


def resolve_claims(store: Store, ident: str) -> tuple[dict[str, str], str | None]:
    """The bindings for attribution_chain: a claim (full or short id), else an agent name."""
    ident = ident.strip()
    if ident.startswith(("http://", "https://")):
        return {"claim": ident}, None
    short = ident.lower()
    if len(short) >= 4 and all(c in "0123456789abcdef" for c in short):
        rows = store.query(f"""SELECT DISTINCT ?claim WHERE {{ ?claim <{CG.inDocument}> ?doc
                               FILTER (STRSTARTS(STR(?claim), ?prefix)) }}""",
                           {"prefix": Literal(CLAIM_PREFIX + short)})
        found = sorted(str(row.claim) for row in rows)
        if len(found) == 1:
            return {"claim": found[0]}, None
        if len(found) > 1:
            raise QueryError(f"short id {ident!r} matches {len(found)} claims; give more characters")
    from .names import find_agents

    if not find_agents(store, ident):
        return None, ident
    return {"agentName": ident}, ident


def chains(store: Store, ident: str) -> list[dict]:
    """One entry per claim: its kind, document, words and hops (article first, original source last)."""
    bindings, _ = resolve_claims(store, ident)
    if bindings is None:
        return []
    result = queries.run(store, queries.load_query("attribution_chain"), bindings)
    by_claim: dict[str, dict] = {}
    hops: dict[str, list] = defaultdict(list)
    for row in result:
        claim = str(row.claim)
        by_claim.setdefault(claim, {"claim": claim, "kind": str(row.kind), "doc": str(row.doc),
                                    "words": str(row.words) if row.words is not None else ""})
        hops[claim].append((int(row.hop), str(row.role), str(row.agentLabel),
                            str(row.cue) if row.cue is not None else None))
    out = []
    for claim, entry in by_claim.items():
        ordered = sorted(set(hops[claim]), key=lambda h: -h[0])  # article (1000) → relays → source (0)
        entry["hops"] = [{"hop": h, "role": role, "agent": agent, "cue": cue} for h, role, agent, cue in ordered]
        out.append(entry)
    return sorted(out, key=lambda e: (e["doc"], e["claim"]))


def render(entries: list[dict], width: int = 100) -> str:
    lines = []
    for entry in entries:
        words = " ".join(entry["words"].split())
        if len(words) > width:
            words = words[:width - 1] + "…"
        short = entry["claim"].rsplit("/", 1)[-1]
        lines.append(f"{entry['kind']} claim {short} in {entry['doc']}")
        lines.append(f"  “{words}”")
        for depth, hop in enumerate(entry["hops"]):
            cue = f" ({hop['cue']})" if hop["cue"] else ""
            lines.append("  " + "   " * depth + "└─ " + f"{hop['role']}: {hop['agent']}{cue}")
        lines.append("")
    return "\n".join(lines)
