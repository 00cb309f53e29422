"""The archive's bookkeeping: what a build changed, what that touches, and the cross-document
pass over only that.

Each document has an internal record graph (`cgid:record/{doc}`, never exported) with:

- `cg:recordHash`: a hash of the document as read (text and metadata) and of claimgraph's version; a document read
  again with the same hash is not extracted again;
- `cg:record`: its extraction (document and claims before the cross-document pass, JSON), so the
  cross-document pass can run again without spaCy;
- `cg:touchKey`: the keys that relate it to other documents (see `keys_of`): the days of its
  reports of killed or injured people and of its publication, when it has such reports
  (`d:2020-02-27`), the counts they offer or need in a month or year (`mc:2020-02|22-22`,
  `mn:…`, `yc:2020|22-22`, `yn:…`), and the titles it names people by (`t:governor|Kandor`) or
  names no one by (`tb:governor|Kandor`);
- `cg:titleName`: the people it names with a title (role key and name), read by passes over
  other documents that name no one by that title;
- `cg:agentUse`: on each agent it names, how it names it (the input of the agent's description);
- `cg:passDigest`: a digest of what the cross-document pass gave it last time (claims, inferred
  date): when a later pass gives the same, its graph is not made again;
- `cg:claimRows`: its rows of the claims table, written with its graph (see table.py);
- `cg:pending`: set until the cross-document pass that follows its extraction is written, so a
  build that was killed is finished by the next one.

Three more internal graphs: `cgid:record/~agents` holds each agent's uses summed over every
record (a pass reads those totals, not every record naming a popular agent; `cg:stale` on it
while a pass writes records and totals makes the next pass count them again),
`cgid:record/~events` a digest of each event written (a pass writes only the events whose
digest changed, see `written_events`), and `cgid:record/~archive` the scheme of the keys (a
store keyed by an earlier one is keyed again).

The cross-document pass (titles → names, article dates, events) runs on the *scope* of a
change: the changed documents, the documents related to them by a key (reports within three
days of theirs; reports giving no day that need a count they offer in a month, and the other
way round; documents naming no one by a title they name someone by), every document that shares
an event with those, and so on for the days and counts of every document taken in. Casualty
reports join an event only within a day or two of each other (or, giving no day, within their
month and with a count the event has), and titles only match titles with a qualifier in common,
so documents outside the scope cannot be affected; the names titles are given and the agents'
uses come from records and totals, not from taking their documents in.
"""
from __future__ import annotations

from .keys import DAY_WINDOW, UNDATED, around, keys_of
from .passes import KEY_SCHEME, MAX_ROUNDS, Settled, remove, settle, upgrade_keys, with_agents
from .recorded import (SCHEME_GRAPH, Stored, content_hash, difference_update, doc_id_of, known_titles, load_records,
                       pass_digest, pending_documents, record_graph, record_iri, source_of, stored_digests,
                       stored_hashes, stored_keys, use_literal)
from .totals import STALE, TOTALS_GRAPH, count_uses, record_uses, total_uses, totals_stale, totals_update
from .written_events import (EVENT_DIGESTS, event_digest, event_lines, events_diff, events_removal, events_to_write,
                             stored_event_digests, stored_event_lines)

__all__ = [
    "DAY_WINDOW", "UNDATED", "around", "keys_of", "KEY_SCHEME", "MAX_ROUNDS", "Settled",
    "event_lines", "events_diff", "events_removal", "remove", "settle", "stored_event_lines", "upgrade_keys",
    "with_agents", "SCHEME_GRAPH", "Stored", "content_hash", "difference_update", "doc_id_of", "known_titles",
    "load_records", "pass_digest", "pending_documents", "record_graph", "record_iri", "source_of", "stored_digests",
    "stored_hashes", "stored_keys", "use_literal", "STALE", "TOTALS_GRAPH", "count_uses", "record_uses",
    "total_uses", "totals_stale", "totals_update", "EVENT_DIGESTS", "event_digest", "events_to_write",
    "stored_event_digests"
]
