"""Colours shared by every view: one per node kind, and one per source (stable across runs:
taken from the name's hash, so a source keeps its colour in every report)."""
from __future__ import annotations

import hashlib

KIND_COLOURS = {
    "agent": "#7f8c9a", "person": "#4c72b0", "government": "#2a9d8f", "ngo": "#64b5cd", "media": "#8172b3",
    "organisation": "#937860", "statement": "#55a868", "casualty": "#c44e52", "threat": "#dd8452",
    "article": "#8c8c8c", "event": "#d4a017", "group": "#bbbbbb",
}
KIND_NAMES = {
    "person": "person", "government": "government", "ngo": "NGO", "media": "media (outlet, agency)",
    "organisation": "organisation", "agent": "other source", "statement": "statement claim",
    "casualty": "casualty claim", "threat": "threat claim", "article": "article", "event": "event",
    "group": "claims grouped (coloured by kind)",
}

# Tableau 10 and its light half: distinguishable, and readable on white
SOURCE_PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                  "#9c755f", "#bab0ac", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#17becf"]


def colour_for(source: str) -> str:
    if source == "(article)":
        return "#7f7f7f"
    index = int(hashlib.sha1(source.encode("utf-8")).hexdigest(), 16) % len(SOURCE_PALETTE)
    return SOURCE_PALETTE[index]


def assign(sources) -> dict[str, str]:
    """Distinct colours for the sources of one view, in the order given (the hash past 16)."""
    colours, used = {}, 0
    for source in sources:
        if source in colours:
            continue
        if source == "(article)":
            colours[source] = colour_for(source)
        elif used < len(SOURCE_PALETTE):
            colours[source] = SOURCE_PALETTE[used]
            used += 1
        else:
            colours[source] = colour_for(source)
    return colours
