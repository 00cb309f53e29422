"""Quotation spans: the scan that jumps from mark to mark finds what a scan of every character finds."""
from hypothesis import given, settings, strategies as st

from claimgraph.extract.quotes import DOUBLED, PAIRS, STRAIGHT, quote_spans


def spans_char_by_char(text: str) -> list[tuple[int, int]]:
    """The rule read one character at a time (the scan as first written)."""
    spans, open_at, closer, i = [], None, "", 0
    while i < len(text):
        ch, doubled = text[i], text[i:i + 2] in DOUBLED
        if open_at is not None:
            if ch == closer or (closer == STRAIGHT and (ch == "”" or doubled)):
                end = i + (2 if doubled and closer == STRAIGHT else 1)
                spans.append((open_at, end))
                open_at, i = None, end
                continue
            if ch == "\n" and text[i + 1:i + 2] == "\n":
                open_at = None
            i += 1
            continue
        if ch in PAIRS:
            open_at, closer = i, PAIRS[ch]
        elif ch == STRAIGHT or doubled:
            open_at, closer = i, STRAIGHT
            i += 1 if doubled else 0
        i += 1
    return spans


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.text(alphabet="“”«»„\"'`\n a.", max_size=40))
def test_jumping_scan_finds_the_spans_of_the_character_scan(text):
    assert quote_spans(text) == spans_char_by_char(text)


def test_quote_marks_of_both_languages():
    text = "He said “we will go” and « nous irons » then ''fine'' and \"done\"\n\n\"open"
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["“we will go”", "« nous irons »", "''fine''", '"done"']
