"""What the terminal shows: query results as `rich` tables at most 100 columns wide (one block
per row when the columns cannot fit), IRIs as short ids or prefixed names, and `--format json`
as plain values (numbers as numbers, dates as ISO strings, IRIs as strings)."""
from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import os
import shutil
import sys

from rdflib import BNode, Literal, URIRef

from .namespaces import ID

MAX_WIDTH = 100
CELL_CHARS = 160  # longer texts end with … (the full text: --format csv or json)
MIN_COLUMN = 14  # a column narrower than this (or its header) shows rows as blocks instead
PREFIXES = {
    "https://w3id.org/claimgraph/ontology#": "cg:", "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/ns/oa#": "oa:", "https://schema.org/": "schema:", "http://purl.org/dc/terms/": "dcterms:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:", "http://www.w3.org/2004/02/skos/core#": "skos:",
}
OWN = str(ID)


def width() -> int:
    """100 columns, or fewer when the terminal is narrower (COLUMNS is honoured)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return min(MAX_WIDTH, int(os.environ["COLUMNS"]))
    if sys.stdout.isatty():
        return min(MAX_WIDTH, shutil.get_terminal_size((MAX_WIDTH, 24)).columns)
    return MAX_WIDTH


def short(term) -> str:
    """A term as a person reads it: claimgraph's own IRIs by their id (what --param, trace and
    report take), vocabulary IRIs as prefixed names, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(OWN):
            return text.rsplit("/", 1)[-1]
        for namespace, prefix in PREFIXES.items():
            if text.startswith(namespace):
                return prefix + text[len(namespace):]
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def plain(term):
    """A term as a JSON value: integers and decimals as numbers, booleans, dates as ISO strings."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool) or isinstance(value, int):
            return value
        if isinstance(value, (float, decimal.Decimal)):
            number = float(value)
            return int(number) if number.is_integer() and isinstance(value, decimal.Decimal) else number
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            return value.isoformat()
        return str(term)
    return str(term)


def json_rows(result) -> str:
    """SELECT results as a JSON array of objects, one per row (unbound values are null)."""
    names = [str(v) for v in result.vars]
    return json.dumps([{name: plain(value) for name, value in zip(names, row)} for row in result],
                      ensure_ascii=False, indent=1) + "\n"


def _cut(text: str, limit: int = CELL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def table(result, columns: int | None = None) -> str:
    """SELECT results as a table that fits `columns` (default: `width()`); a block per row,
    `name: value` lines, when the columns cannot each get a few characters."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    columns = columns or width()
    names = [str(v) for v in result.vars]
    rows = [[_cut(short(value)) for value in row] for row in result]
    buffer = io.StringIO()
    console = Console(file=buffer, width=columns, color_system=None, force_terminal=False, legacy_windows=False,
                      soft_wrap=False, emoji=False, highlight=False)
    wanted = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    needed = sum(min(w, MIN_COLUMN) for w in wanted) + 3 * len(names)
    if needed <= columns:
        grid = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
        for name, most in zip(names, wanted):
            grid.add_column(name, overflow="fold", min_width=min(len(name), MIN_COLUMN), max_width=max(MIN_COLUMN, min(most, 60)))
        for row in rows:
            grid.add_row(*row)
        console.print(grid)
    else:  # too many columns for the width: one block per row
        key_width = max(len(n) for n in names)
        for number, row in enumerate(rows, 1):
            console.rule(f"row {number}", align="left", characters="─")
            block = Table.grid(padding=(0, 1))
            block.add_column(width=key_width, style="bold", no_wrap=True)
            block.add_column(overflow="fold")
            for name, value in zip(names, row):
                if value:
                    block.add_row(name, value)
            console.print(block)
    console.print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def tree(entries: list[dict], columns: int | None = None) -> str:
    """`trace` entries (queries/attribution_chain rows per claim) as rich trees: the claim, its
    words, then the article and each relay down to the original source."""
    from rich.console import Console
    from rich.tree import Tree

    buffer = io.StringIO()
    console = Console(file=buffer, width=columns or width(), color_system=None, force_terminal=False,
                      emoji=False, highlight=False)
    for entry in entries:
        root = Tree(f"{entry['kind']} claim {entry['claim'].rsplit('/', 1)[-1]} in {entry['doc']}")
        root.add(f"“{_cut(entry['words'], 300)}”")
        node = root
        for hop in entry["hops"]:
            cue = f" ({hop['cue']})" if hop["cue"] else ""
            node = node.add(f"{hop['role']}: {hop['agent']}{cue}")
        console.print(root)
        console.print()
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
