"""Embedded posts: a tweet kept as markup in the article text is a statement of its author.

News corpora and scraped pages keep embedded social-media posts as elements such as
`<tweet id="…" author="@name" datetime="…">text</tweet>`; ingest blanks the tags (so the
parser reads only the post's words), and this rule makes the whole element a statement
attributed to the author, with the cue 'tweet'.
"""
from __future__ import annotations

import re

from ..records import AgentRef, Claim, Document

_POST = re.compile(r"<(tweet|post)\b([^<>]*)>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_AUTHOR = re.compile(r"""\b(?:tweet-)?(?:author|user|screen_name|username)\s*=\s*["']([^"'<>]{1,80})["']""",
                     re.IGNORECASE)


def embedded_posts(document: Document) -> list[Claim]:
    claims = []
    for match in _POST.finditer(document.text):
        author = _AUTHOR.search(match.group(2))
        words = match.group(3).strip()
        if author is None or not words:
            continue
        name = author.group(1).strip()
        if not name or len(name.split()) > 6:
            continue
        claims.append(Claim(doc_id=document.doc_id, kind="statement", start=match.start(), end=match.end(),
                            source=AgentRef(name=name, kind="person", surface=name), cue="tweet",
                            channel="tweet", content=words, cue_start=match.start(), rule="statement.embedded_post"))
    return claims
