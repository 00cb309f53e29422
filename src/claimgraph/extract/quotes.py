"""Quotation regions of a text, as character spans (opening mark to closing mark)."""
from __future__ import annotations

PAIRS = {"“": "”", "«": "»", "„": "“"}
STRAIGHT = '"'


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans [start, end) of quotations, marks included; straight quotes pair up in order.

    A paragraph break closes any quotation left open (news copy often drops the mark).
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for i, ch in enumerate(text):
        if open_at is not None:
            if ch == closer or (closer == STRAIGHT and ch == "”"):
                spans.append((open_at, i + 1))
                open_at = None
            elif ch == "\n" and text[i + 1:i + 2] == "\n":
                open_at = None
            continue
        if ch in PAIRS:
            open_at, closer = i, PAIRS[ch]
        elif ch == STRAIGHT:
            open_at, closer = i, STRAIGHT
    return spans

