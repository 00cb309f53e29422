"""The claims table's view (table.py) gives the text the query gives, and only answers when it
covers the store."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph import query as queries
from claimgraph import table
from claimgraph.archive import record_iri
from claimgraph.namespaces import CG
from claimgraph.pipeline import build
from claimgraph.store import Store

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "dev.jsonl"


def _query_text(store, fmt: str) -> str:
    claims_table = queries.load_query("claims_table")
    return store.execute(claims_table.text, {}, fmt=fmt)


def _view_text(store, fmt: str) -> str:
    return queries.run_serialized(store, queries.load_query("claims_table"), {}, fmt)


def _same_table(store) -> None:
    assert table.csv_text(store) is not None, "the view should cover a store built by this version"
    for fmt in ("csv", "json"):
        assert _view_text(store, fmt) == _query_text(store, fmt)


def test_the_view_gives_the_querys_text_on_the_seeds(seeds_build):
    result, _ = seeds_build
    _same_table(result.store)


@pytest.mark.skipif(not DEV.is_file(), reason="no ../shared/eval/dev")
def test_the_view_gives_the_querys_text_on_the_dev_set():
    result = build([str(DEV)], None, validate=False)
    assert len(result.claims) > 200
    _same_table(result.store)


def test_the_view_follows_an_agents_new_label_and_a_removed_document(tmp_path):
    """Labels are read when the table is (a later document can change an agent's label, and
    the rows of earlier documents stay as they were written); a removed document's rows go."""
    from claimgraph.pipeline import remove

    first = tmp_path / "a.txt"
    first.write_text("Le porte-parole Jean Dupont a déclaré jeudi que 12 civils avaient été tués à Alep.\n",
                     encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_text("Selon Dupont, 12 civils ont été tués à Alep. « Nous ne céderons pas », a dit Dupont.\n",
                      encoding="utf-8")
    store_dir = tmp_path / "store"
    build([str(first)], store=store_dir, validate=False).store.close()
    result = build([str(second)], store=store_dir, validate=False)
    store = result.store
    _same_table(store)
    store.update("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                 "DELETE { GRAPH ?g { ?a rdfs:label ?old } } INSERT { GRAPH ?g { ?a rdfs:label \"J. Dupont\" } } "
                 "WHERE { GRAPH ?g { ?a rdfs:label ?old FILTER (?old = \"Jean Dupont\") } }")
    text = _view_text(store, "csv")
    assert "\r\na,casualty,0,82,J. Dupont," in text and "Jean Dupont" not in text
    _same_table(store)
    store.close()
    remove(["a"], store_dir)
    with Store.open(store_dir) as store:
        _same_table(store)
        text = _view_text(store, "csv")
        assert "\r\nb,casualty," in text and "\r\na," not in text


def test_without_a_documents_rows_the_query_answers(seeds_build):
    """A store whose records lack rows (built before the view, or stopped before its
    cross-document pass) is answered by the query."""
    result, _ = seeds_build
    store = Store()
    store._store.extend(result.store._store.quads_for_pattern(None, None, None, None))
    doc = sorted(g for g in store.graph_names() if "/record/" in g)[0].rsplit("/record/", 1)[1]
    store.update(f"DELETE WHERE {{ GRAPH <{record_iri(doc)}> {{ ?d <{CG.claimRows}> ?rows }} }}")
    assert table.csv_text(store) is None and table.json_text(store) is None
    assert _view_text(store, "csv") == _query_text(store, "csv")


def test_rows_that_tie_before_their_source_are_ordered_by_its_label():
    """Claims on one span with one cue, from sources whose IRIs sort the other way round from
    their labels (agent/de-gaulle < agent/zeta-omega, "Zeta Omega" < "de Gaulle"): the order is
    the labels' (the query's), and an unattributed claim comes in its place as "(article)".
    Values with commas, quotes and line breaks are quoted as Oxigraph quotes them."""
    from claimgraph import archive, gazetteer as gazetteer_data, pipeline
    from claimgraph.ingest import from_text
    from claimgraph.model import GraphBuilder
    from claimgraph.records import AgentRef, Claim, Hop

    text = 'Zeta Omega and de Gaulle both said, "firmly", that\nthe talks had failed, officials reported.'
    document = from_text(text, doc_id="tie", location="test", language="en", date="2021-05-04")
    cue = 'said, "firmly"'
    claims = [Claim(doc_id="tie", kind="statement", start=0, end=len(text), source=AgentRef(name=name, kind="person"),
                    cue=cue, content="the talks had failed", rule="statement.verb",
                    via=(Hop(AgentRef(name="officials", kind="government"), "reported"),))
              for name in ("de Gaulle", "Zeta Omega")]
    claims.append(Claim(doc_id="tie", kind="statement", start=0, end=len(text), source=None, cue=cue,
                        content="the talks\nhad failed", rule="statement.verb"))
    gazetteer = gazetteer_data.load(None)
    store = Store()
    builder = GraphBuilder(gazetteer, gazetteer_data.graph(None))
    pipeline._record(store, document, claims, "h-tie", gazetteer)
    archive.settle(store, builder, gazetteer, seeds={"tie"}, memory={"tie": (document, claims, "h-tie")})
    stored = store.query(f"SELECT ?r WHERE {{ ?d <{CG.claimRows}> ?r }}").rows[0].r
    assert str(stored).startswith('["tie", true]\n')
    view = table.csv_text(store)
    assert [line.split(",")[4] for line in view.split("\r\n")[1:-1]] == ["(article)", "Zeta Omega", "de Gaulle"]
    assert ',"said, ""firmly""",' in view
    _same_table(store)
