"""Quotation regions of a text, as character spans (opening mark to closing mark)."""
from __future__ import annotations

import re

PAIRS = {"“": "”", "«": "»", "„": "“"}
STRAIGHT = '"'
# typewriter quotes of wire copy: two apostrophes (or two backquotes) stand for a double quote
DOUBLED = ("''", "``")
# the only places where the scan can change state: a quotation mark, a line break, a doubled mark
_MARK = re.compile(r"[“”«»„\"\n]|''|``")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans [start, end) of quotations, marks included; straight quotes pair up in order.

    A paragraph break closes any quotation left open (news copy often drops the mark). The scan
    jumps from mark to mark (a regular expression finds the next one), not character by character.
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    search = _MARK.search
    i = 0
    while (found := search(text, i)) is not None:
        i = found.start()
        ch = text[i]
        doubled = text[i:i + 2] in DOUBLED
        if open_at is not None:
            if ch == closer or (closer == STRAIGHT and (ch == "”" or doubled)):
                end = i + (2 if doubled and closer == STRAIGHT else 1)
                spans.append((open_at, end))
                open_at = None
                i = end
                continue
            if ch == "\n" and text[i + 1:i + 2] == "\n":
                open_at = None
            i += 1
            continue
        if ch in PAIRS:
            open_at, closer = i, PAIRS[ch]
        elif ch == STRAIGHT or doubled:
            open_at, closer = i, STRAIGHT
            if doubled:
                i += 1
        i += 1
    return spans
