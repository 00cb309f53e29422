"""The archive: incremental builds give what one build gives, unchanged documents cost nothing,
removal undoes an addition, worker processes change nothing, and a killed build is finished by
the next one."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimgraph.export import export
from claimgraph.model import document_iri
from claimgraph.namespaces import CG
from claimgraph.pipeline import build, remove
from claimgraph.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def exported(store_dir: Path) -> bytes:
    with Store.open(store_dir) as store:
        return export(store, "nq")


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The seeds built in one go (no validation: the seeds' validation is tested elsewhere)."""
    store = tmp_path_factory.mktemp("whole") / "store"
    result = build([str(p) for p in SEEDS], store=store, validate=False)
    result.store.close()
    return store


def test_adding_in_two_builds_gives_what_one_build_gives(whole, tmp_path):
    store = tmp_path / "store"
    first = build([str(p) for p in SEEDS[:2]], store=store, validate=False)
    first.store.close()
    second = build([str(p) for p in SEEDS[2:]], store=store, validate=False)
    second.store.close()
    assert len(second.documents) == 3
    assert exported(store) == exported(whole)


def test_chunks_double_from_the_first_and_give_what_one_build_gives(whole, tmp_path, monkeypatch):
    from claimgraph import archive

    sizes = []
    settle = archive.settle

    def counted(*args, seeds, **kwargs):
        sizes.append(len(seeds))
        return settle(*args, seeds=seeds, **kwargs)

    monkeypatch.setattr(archive, "settle", counted)
    result = build([str(p) for p in SEEDS], store=tmp_path / "store", validate=False, chunk_size=1)
    result.store.close()
    assert sizes == [1, 2, 2]  # 1, then 2, then 4 (the cap: CHUNK_GROWTH × 1) of which 2 are left
    assert exported(tmp_path / "store") == exported(whole)


def test_an_unchanged_document_is_not_extracted_again(whole, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(whole, store)
    before = exported(store)
    again = build([str(p) for p in SEEDS], store=store)
    again.store.close()
    assert again.documents == [] and len(again.unchanged) == len(SEEDS) and not again.rewritten
    assert again.timings["spacy"] == 0
    assert again.report.conforms, again.report.text()
    assert exported(store) == before


def test_a_changed_document_replaces_its_graph(tmp_path):
    import gc

    collector = gc.get_threshold()
    inputs = tmp_path / "in"
    inputs.mkdir()
    article = inputs / "a.txt"
    article.write_text("At least 7 soldiers were killed in the ambush on Monday, the army said.", encoding="utf-8")
    store = tmp_path / "store"
    build([str(inputs)], store=store).store.close()
    article.write_text("At least 9 soldiers were killed in the ambush on Monday, the army said.", encoding="utf-8")
    result = build([str(inputs)], store=store)
    assert result.documents == ["a"] and result.report.conforms, result.report.text()
    rows = list(result.store.query("PREFIX cg: <https://w3id.org/claimgraph/ontology#> "
                                   "SELECT ?n WHERE { ?c cg:countMin ?n }"))
    assert [int(r.n) for r in rows] == [9]
    result.store.close()
    assert gc.get_threshold() == collector and gc.get_freeze_count() == 0  # the collector as it was


def test_replace_adds_new_graphs_and_replaces_stored_ones():
    """`Store.replace` adds graphs the store lacks as quads and drops and inserts the others,
    each call in one transaction: what the store holds after is what was given, no more."""
    from rdflib import Graph, Literal, URIRef

    from claimgraph.store import connect

    def graph(value):
        out = Graph()
        out.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal(value)))
        return out

    store = connect(None)
    g, h = URIRef("http://example.org/g"), URIRef("http://example.org/h")
    store.replace({g: graph("one")})
    store.replace({g: graph("two"), h: graph("one")})
    rows = store.query("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert sorted((str(r.g), str(r.o)) for r in rows) == [(str(g), "two"), (str(h), "one")]
    store.replace({g: None, h: graph("three")})
    rows = store.query("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert sorted((str(r.g), str(r.o)) for r in rows) == [(str(h), "three")]


def test_a_difference_update_changes_only_what_a_graph_says_of_its_subjects(tmp_path):
    """What a graph says of some subjects (the agents' descriptions, their totals) is brought to
    the new triples by DELETE DATA and INSERT DATA of what differs; other subjects are left alone,
    and nothing changed is no update."""
    from rdflib import Literal, URIRef

    from claimgraph.archive import difference_update

    ex = "http://example.org/"
    g, a, b, other, label = URIRef(ex + "g"), URIRef(ex + "a"), URIRef(ex + "b"), URIRef(ex + "o"), URIRef(ex + "label")
    store = Store(tmp_path / "store")
    store.update(f'INSERT DATA {{ GRAPH <{g}> {{ <{a}> <{label}> "A", "old" . <{b}> <{label}> "B \\"q\\"\\nété" . '
                 f'<{other}> <{label}> "kept" }} }}')
    new = [(a, label, Literal("A")), (a, label, Literal("new")), (b, label, Literal('B "q"\nété'))]
    update = difference_update(store, g, {a, b}, new)
    assert "DELETE DATA" in update and "INSERT DATA" in update and '"A"' not in update and "été" not in update
    store.update(update)
    rows = store.query(f"SELECT ?s ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    assert sorted((str(r.s), str(r.o)) for r in rows) == [(str(a), "A"), (str(a), "new"), (str(b), 'B "q"\nété'),
                                                           (str(other), "kept")]
    assert difference_update(store, g, {a, b}, new) == ""
    store.update(difference_update(store, g, {b}, []))  # a subject described no more loses its triples
    assert {str(r.s) for r in store.query(f"SELECT ?s WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")} == {str(a), str(other)}
    store.close()


def test_replace_brings_a_stored_graph_to_the_new_one_by_its_differences(tmp_path):
    """A graph written again keeps the quads it shares with the new one, loses those that went and
    gains those that came (literals with quotes, line breaks and accents included), whether the
    store has it or not, on disk; a graph with blank nodes is put whole."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    from claimgraph.triples import Triples

    def triples(name, values):
        out = Triples(URIRef(name))
        for value in values:
            out.add((ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal(value)))
        return out

    def held(store, name):
        return sorted(q.object.value for q in store._store.quads_for_pattern(None, None, None, ox.NamedNode(name)))

    store = Store(tmp_path / "store")
    g, h = "http://example.org/g", "http://example.org/h"
    odd = 'il a dit « non »\n"quoted" \\ été'
    store.replace({URIRef(g): triples(g, ["kept", "gone", odd])})
    store.replace({URIRef(g): triples(g, ["kept", "came", odd + "!"]), URIRef(h): triples(h, ["new"])})
    assert held(store, g) == sorted(["kept", "came", odd + "!"]) and held(store, h) == ["new"]
    store.replace({URIRef(g): triples(g, ["kept", "came", odd + "!"])})  # nothing changed: nothing written
    assert held(store, g) == sorted(["kept", "came", odd + "!"])
    blank = Graph()
    blank.add((BNode(), URIRef("http://example.org/p"), Literal("blank")))
    store.replace({URIRef(g): blank})
    assert held(store, g) == ["blank"] and len(store) == 2
    store.close()


def test_removing_a_document_undoes_adding_it(whole, tmp_path):
    without = tmp_path / "without"
    build([str(p) for p in SEEDS[1:]], store=without, validate=False).store.close()
    store = tmp_path / "store"
    shutil.copytree(whole, store)
    doc_id = SEEDS[0].stem
    removed, _settled = remove([doc_id, "no-such-document"], store)
    assert removed == [doc_id]
    assert exported(store) == exported(without)


def test_two_worker_processes_give_what_one_gives(whole, tmp_path):
    store = tmp_path / "store"
    result = build([str(p) for p in SEEDS], store=store, validate=False, jobs=2)
    result.store.close()
    assert exported(store) == exported(whole)


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.exists() else 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_killed_build_leaves_a_store_the_next_build_finishes(whole, tmp_path):
    """Kill real build processes (SIGKILL) while they write (once the store has grown, then a
    little later); after each kill the store opens, and the next build ends with the store one
    uninterrupted build gives."""
    store = tmp_path / "store"
    command = [sys.executable, "-m", "claimgraph.cli", "build", *map(str, SEEDS), "--store", str(store),
               "--no-validate", "--quiet", "--jobs", "1"]
    kills = 0
    for extra in (0.0, 1.5):
        before = _size(store)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        deadline = time.monotonic() + 120
        while _size(store) <= before and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(extra)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        with Store(store):
            pass  # the store opens (read-write, as the next build opens it) after a kill
    assert kills >= 1, "the builds ended before they could be killed"
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert exported(store) == exported(whole)


# --- the scope of a change, on plain records (no spaCy) ---------------------------------------
def _toll(doc_id, count, date, date_text=None):
    from claimgraph.records import Claim

    return Claim(doc_id=doc_id, kind="casualty", start=0, end=10, count_min=count, count_max=count,
                 outcome="killed", victim_group="military|Peru", date=date, date_text=date_text, source=None)


def _item(doc_id, date, claims):
    from claimgraph.events import BatchItem
    from claimgraph.ingest import from_text

    return BatchItem(from_text("x" * 400, doc_id=doc_id, location=doc_id, language="en", date=date), claims)


def _settled_in(*batches, items):
    """`items` recorded and settled batch after batch (lists of doc ids) in a fresh in-memory
    store: the last pass, and the exported quads."""
    from claimgraph import archive, gazetteer as gazetteer_data, pipeline
    from claimgraph.model import GraphBuilder
    from claimgraph.store import connect

    records = {i.document.doc_id: (i.document, i.claims, "h-" + i.document.doc_id) for i in items}
    gazetteer = gazetteer_data.load(None)
    store = connect(None)
    builder = GraphBuilder(gazetteer, gazetteer_data.graph(None))
    for batch in batches:
        for doc_id in batch:
            pipeline._record(store, *records[doc_id], gazetteer)
        settled = archive.settle(store, builder, gazetteer, seeds=set(batch), memory={d: records[d] for d in batch})
    return settled, set(store.serialize_as(".nq").decode("utf-8").splitlines())


def test_days_relate_only_articles_whose_reports_can_join_an_event():
    from claimgraph import archive
    from claimgraph.records import Claim

    statement = Claim(doc_id="s", kind="statement", start=0, end=10, source=None)
    assert archive.keys_of(_item("s", "2021-05-04", [statement])) == set()
    assert archive.keys_of(_item("u", None, [statement])) == {archive.UNDATED}
    assert archive.keys_of(_item("a", "2021-05-06", [_toll("a", 12, "2021-05-04", "Tuesday")])) == \
        {"d:2021-05-04", "d:2021-05-06", "mc:2021-05|12-12", "yc:2021|12-12"}
    # a report at the turn of a month may join an event dated the day before or after; one that
    # gives only its year needs an event of its year with its count
    assert archive.keys_of(_item("b", "2021-05-01", [_toll("b", 12, "2021")])) == \
        {"d:2021-05-01", "mc:2021-04|12-12", "mc:2021-05|12-12", "yc:2021|12-12", "yn:2021|12-12"}
    assert "mn:2021-05|12-12" in archive.keys_of(_item("c", "2021-05-01", [_toll("c", 12, "2021-05-01")]))
    # a count offered touches the reports that need it, and the other way round; not the others
    assert archive.around({"yc:2021|3-3", "mn:2021-05|4-4", "d:2021-05-04"}) == \
        {"yn:2021|3-3", "mc:2021-05|4-4"} | {f"d:2021-05-0{day}" for day in range(1, 8)}


def test_a_title_relates_the_documents_that_name_no_one_by_it_to_those_that_name_someone():
    from claimgraph import archive, gazetteer as gazetteer_data
    from claimgraph.records import AgentRef, Claim

    gazetteer = gazetteer_data.load(None)
    bare = AgentRef("the Syrian president", kind="person", title="the Syrian president")
    named = AgentRef("Ana Velez", kind="person", title="Syrian President")
    x = _item("x", "2021-05-04", [Claim(doc_id="x", kind="statement", start=0, end=10, source=bare)])
    y = _item("y", "2021-06-20", [Claim(doc_id="y", kind="statement", start=0, end=10, source=named)])
    assert archive.keys_of(x, gazetteer=gazetteer) == {"tb:president|Syria"}
    assert archive.keys_of(y, gazetteer=gazetteer) == {"t:president|Syria"}
    # a new name touches the documents that may take it; a new bare title reads names from records
    assert archive.around({"t:president|Syria"}) == {"tb:president|Syria"}
    assert archive.around({"tb:president|Syria"}) == set()


def test_a_report_giving_no_day_joins_its_months_event_whichever_build_adds_it():
    """A report dated only by its article's day joins, by its count, the event of its month that
    another article dates: added in two builds, as in one (weeks apart, beyond the day window)."""
    dated = _item("a", "2021-05-04", [_toll("a", 12, "2021-05-04", "mardi 4 mai")])
    later = _item("b", "2021-05-25", [_toll("b", 12, "2021-05-25")])

    def built(*batches):
        return _settled_in(*batches, items=(dated, later))

    together, quads = built(["a", "b"])
    assert len(together.events) == 1 and len(together.events[0].reports) == 2
    apart, quads_apart = built(["a"], ["b"])
    assert "a" in apart.scope and len(apart.events) == 1 and len(apart.events[0].reports) == 2
    assert quads_apart == quads


def test_a_build_finds_a_span_outside_its_article_in_the_graphs_it_wrote():
    """The per-graph checks run once per chunk on the document graphs where the store holds them;
    a graph that breaks one is reported, the others are not."""
    from dataclasses import replace

    from claimgraph import gazetteer as gazetteer_data, pipeline
    from claimgraph.model import GraphBuilder
    from claimgraph.store import connect
    from claimgraph.validate import Report

    good = _item("good", "2021-05-04", [_toll("good", 12, "2021-05-04", "Tuesday")])
    broken = _item("broken", "2021-05-04", [replace(_toll("broken", 7, "2021-05-04", "Tuesday"), start=395, end=405)])
    gazetteer = gazetteer_data.load(None)
    store = connect(None)
    result = pipeline.BuildResult(store=store, report=Report(conforms=True))
    memory = {}
    for item in (good, broken):
        record = (item.document, item.claims, "h-" + item.document.doc_id)
        pipeline._record(store, *record, gazetteer)
        memory[item.document.doc_id] = record
    pipeline._settle(result, memory, GraphBuilder(gazetteer, gazetteer_data.graph(None)), gazetteer, None, True)
    assert not result.report.conforms
    assert {v.source for v in result.report.violations} == {"span-violation.rq", "quote-length-violation.rq"}
    rows = store.query("SELECT ?c WHERE { ?c <https://w3id.org/claimgraph/ontology#inDocument> "
                       "<https://w3id.org/claimgraph/id/doc/broken> }")
    assert {v.focus for v in result.report.violations} == {str(row.c) for row in rows}
    assert result.documents == ["broken", "good"]


def test_a_document_taken_in_again_keeps_the_name_its_title_was_given():
    """X names 'the Syrian president' and reports three deaths, giving no day; Y, published weeks
    later, names him (President Ana Velez); W reports three deaths on the day before X's. Adding
    W takes X in again (its report joins W's event and takes its day): X must be made again with
    the name Y gives its title, read from Y's record without taking Y in, or it loses the name."""
    from dataclasses import replace

    from claimgraph.records import AgentRef, Claim

    bare = AgentRef("the Syrian president", kind="person", title="the Syrian president")
    named = AgentRef("Ana Velez", kind="person", title="Syrian President")
    x = _item("x", "2021-05-04", [replace(_toll("x", 3, "2021-05-04"), source=bare)])
    y = _item("y", "2021-06-20", [Claim(doc_id="y", kind="statement", start=0, end=10, source=named)])
    w = _item("w", "2021-05-04", [_toll("w", 3, "2021-05-03", "Monday")])

    together = _settled_in(["x", "y", "w"], items=(x, y, w))[1]
    assert any("/agent/ana-velez>" in quad and '"the Syrian president"' in quad for quad in together)
    last, apart = _settled_in(["x"], ["y"], ["w"], items=(x, y, w))
    assert last.scope == {"x", "w"} and "x" in last.rewritten
    assert apart == together


def test_a_store_keyed_by_an_earlier_scheme_is_keyed_again():
    """Records keyed before counts and title sides (mo:, t: only) get this scheme's keys and
    title names from their records, once: the next pass finds their neighbours."""
    from claimgraph import archive, gazetteer as gazetteer_data, pipeline
    from claimgraph.records import AgentRef, Claim
    from claimgraph.store import connect

    gazetteer = gazetteer_data.load(None)
    named = AgentRef("Ana Velez", kind="person", title="Syrian President")
    items = [_item("a", "2021-05-04", [_toll("a", 12, "2021-05-04", "Tuesday")]),
             _item("y", "2021-06-20", [Claim(doc_id="y", kind="statement", start=0, end=10, source=named)])]
    store = connect(None)
    for item in items:
        pipeline._record(store, item.document, item.claims, "h", gazetteer)
    expected = store.serialize_as(".nq")
    store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?d <{CG.touchKey}> ?k }} }} ;"
                 f"DELETE WHERE {{ GRAPH ?g {{ ?d <{CG.titleName}> ?k }} }} ;"
                 f"INSERT DATA {{ GRAPH <{archive.record_iri('a')}> {{ <{document_iri('a')}> "
                 f"<{CG.touchKey}> \"mo:2021-05\" }} }}")
    assert archive.upgrade_keys(store, gazetteer) == 2
    assert store.serialize_as(".nq") == expected  # record graphs are not exported: compare them
    assert archive.stored_keys(store, {"a"}) == archive.keys_of(items[0], gazetteer=gazetteer)
    assert archive.stored_keys(store, {"y"}) == {"t:president|Syria"}
    assert archive.upgrade_keys(store, gazetteer) == 0


def test_store_checks_look_at_what_a_build_wrote():
    """The store-wide rules find an agent with two labels and an event with no report, over the
    whole store or bound to those nodes; bound to other nodes, they look at nothing else."""
    from claimgraph.validate import run_checks

    store = Store()
    store.update("""PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        INSERT DATA {
          GRAPH <https://w3id.org/claimgraph/id/graph/agents> {
            <urn:a:twice> a prov:Agent ; rdfs:label "Ann", "Anne" . <urn:a:once> a prov:Agent ; rdfs:label "Bob" . }
          GRAPH <https://w3id.org/claimgraph/id/graph/events> { <urn:e:alone> a cg:Event . } }""")
    found = {(v.focus, v.source) for v in run_checks(store, scope="store")}
    assert found == {("urn:a:twice", "agent-label-violation.rq"), ("urn:e:alone", "event-report-violation.rq")}
    focused = run_checks(store, scope="store", focus={"agent": {"urn:a:twice"}, "event": {"urn:e:alone"}})
    assert {(v.focus, v.source) for v in focused} == found
    assert run_checks(store, scope="store", focus={"agent": {"urn:a:once"}, "event": set()}) == []


def test_an_incremental_build_checks_the_agents_and_events_it_wrote(tmp_path):
    def batch(name, records):
        path = tmp_path / name
        path.write_text("".join(json.dumps({"language": "fr", **r}) + "\n" for r in records), encoding="utf-8")
        return str(path)

    first = build([batch("first.jsonl", [
        {"id": "alep1", "date": "2020-02-27", "text": "Selon l'OSDH, 12 civils ont été tués jeudi à Alep."},
        {"id": "alep2", "date": "2020-02-28", "text": "Le gouverneur Ali Hassan a déclaré que 14 civils avaient été tués jeudi à Alep."}])],
        store=tmp_path / "store")
    events = {str(row.e) for row in first.store.query(
        "SELECT ?e WHERE { ?e a <https://w3id.org/claimgraph/ontology#Event> }")}
    assert events and first.checked["event"] == events and first.checked["agent"]
    first.store.close()
    # three years later: it touches none of the first build's days, agents or events
    second = build([batch("second.jsonl", [
        {"id": "lyon", "date": "2023-06-05", "text": "Le maire Paul Martin a annoncé lundi que 4 personnes avaient été blessées à Lyon."}])],
        store=tmp_path / "store")
    assert second.report.conforms
    assert second.checked["event"] and not second.checked["event"] & events
    assert any("martin" in a for a in second.checked["agent"])
    assert not any("hassan" in a for a in second.checked["agent"]) and any("hassan" in a for a in first.checked["agent"])


def test_validate_store_runs_the_per_graph_rules_in_each_document_graph(tmp_path):
    """A span moved past its article's end, in the store: `validate --store` reports it on that
    claim (the per-graph rules run inside each document graph, where the store holds it)."""
    from claimgraph.validate import validate_store

    result = build([str(SEEDS[0])], store=tmp_path / "store", validate=False)
    store = result.store
    assert validate_store(store).conforms
    claim = str(next(iter(store.query(
        "SELECT ?c WHERE { ?c <https://w3id.org/claimgraph/ontology#inDocument> ?d } ORDER BY ?c LIMIT 1"))).c)
    store.update(f"""PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        DELETE {{ GRAPH ?g {{ <{claim}/position> oa:end ?end }} }}
        INSERT {{ GRAPH ?g {{ <{claim}/position> oa:end "999999"^^xsd:nonNegativeInteger }} }}
        WHERE {{ GRAPH ?g {{ <{claim}/position> oa:end ?end }} }}""")
    report = validate_store(store)
    assert not report.conforms
    assert {(v.focus, v.source) for v in report.violations if v.source.endswith(".rq")} >= \
        {(claim, "span-violation.rq"), (claim, "quote-length-violation.rq")}


def test_a_pass_writes_only_the_events_it_changed():
    from claimgraph import archive

    old = {"e1": {"<e1> <p> 1 ."}, "e2": {"<e2> <p> 2 ."}, "gone": {"<gone> <p> 3 ."}}
    new = {"e1": {"<e1> <p> 1 ."}, "e2": {"<e2> <p> 2 .", "<c> <reportOf> <e2> ."}, "e3": {"<e3> <p> 4 ."}}
    changed, update = archive.events_diff(old, new)
    assert changed == {"e2", "e3", "gone"}
    assert "<e1>" not in update and "<e2> <p> 2 ." not in update
    deleted, _, inserted = update.partition("INSERT DATA")
    assert "<gone> <p> 3 ." in deleted and "<c> <reportOf> <e2> ." in inserted and "<e3> <p> 4 ." in inserted
    assert archive.events_diff(old, old) == (set(), "")


def _totals_and_sums(store_dir: Path):
    from collections import Counter, defaultdict

    from claimgraph import archive

    with Store.open(store_dir) as store:
        ids = {archive.doc_id_of(row.d) for row in store.query(
            f"SELECT ?d WHERE {{ GRAPH ?g {{ ?d <{CG.recordHash}> ?h }} }}")}
        sums = archive.record_uses(store, ids)
        totals = archive.total_uses(store, set(sums) | {row.a for row in store.query(
            f"SELECT DISTINCT ?a WHERE {{ GRAPH <{archive.TOTALS_GRAPH}> {{ ?a ?p ?o }} }}")})
        return {a: +c for a, c in totals.items()}, {a: +c for a, c in sums.items() if +c}


def test_the_agents_totals_are_the_sum_of_the_records_after_adding_and_removing(tmp_path):
    """A pass reads each agent's uses from the store's totals (not from every record naming
    it): after builds that add documents, change one and remove one, the totals are the sums."""
    store = tmp_path / "store"
    for batch in (SEEDS[:2], SEEDS[2:]):
        build([str(p) for p in batch], store=store, validate=False).store.close()
    totals, sums = _totals_and_sums(store)
    assert totals == sums and len(sums) > 5
    changed = tmp_path / SEEDS[0].name
    changed.write_text(SEEDS[0].read_text(encoding="utf-8").replace("Turkish", "Turkish Turkish", 1), encoding="utf-8")
    build([str(changed)], store=store, validate=False).store.close()
    remove([SEEDS[1].stem], store)
    totals, sums = _totals_and_sums(store)
    assert totals == sums


def test_totals_left_stale_by_a_killed_pass_are_counted_again(whole, tmp_path):
    from claimgraph import archive

    store_dir = tmp_path / "store"
    shutil.copytree(whole, store_dir)
    with Store.open(store_dir, read_only=False) as store:  # as a pass killed after its records
        store.update(f"DROP GRAPH <{archive.TOTALS_GRAPH}> ; "
                     f"INSERT DATA {{ GRAPH <{archive.TOTALS_GRAPH}> {{ {archive.STALE} }} }}")
        assert archive.totals_stale(store) and archive.pending_documents(store) == set()
    changed = tmp_path / SEEDS[0].name
    changed.write_text(SEEDS[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build([str(changed)], store=store_dir, validate=False).store.close()
    totals, sums = _totals_and_sums(store_dir)
    assert totals == sums and len(sums) > 5
    with Store.open(store_dir) as store:
        assert not archive.totals_stale(store)


def test_a_pass_makes_again_only_the_events_whose_digest_changed():
    """Two batches: the second adds a report to one event; an event of the scope that does not
    change (another day within the window) is neither made nor written again, and the store is
    what one pass gives."""
    from claimgraph import archive, gazetteer as gazetteer_data, pipeline
    from claimgraph.model import GraphBuilder, event_iri
    from claimgraph.store import connect

    items = [_item("a", "2020-02-10", [_toll("a", 3, "2020-02-10", "Monday")]),
             _item("c", "2020-02-12", [_toll("c", 5, "2020-02-12", "Wednesday")]),
             _item("b", "2020-02-10", [_toll("b", 4, "2020-02-10", "Monday")])]
    records = {i.document.doc_id: (i.document, i.claims, "h-" + i.document.doc_id) for i in items}
    gazetteer = gazetteer_data.load(None)
    made: list[set[str]] = []

    class Builder(GraphBuilder):
        def events_graph(self, events):
            made.append({str(event_iri(e)) for e in events})
            return super().events_graph(events)

    store = connect(None)
    builder = Builder(gazetteer, gazetteer_data.graph(None))
    for batch in (["a", "c"], ["b"]):
        for doc_id in batch:
            pipeline._record(store, *records[doc_id], gazetteer)
        settled = archive.settle(store, builder, gazetteer, seeds=set(batch), memory={d: records[d] for d in batch})
    assert settled.scope == {"a", "b", "c"} and len(settled.events) == 2
    of_c = next(str(event_iri(e)) for e in settled.events if e.reports[0].doc_id == "c")
    of_a = next(str(event_iri(e)) for e in settled.events if e.reports[0].doc_id == "a")
    assert made[-1] == {of_a} and settled.event_nodes == {of_a}
    with_digests = set(store.serialize_as(".nq").decode("utf-8").splitlines())
    _, whole = _settled_in(["a", "b", "c"], items=items)
    assert with_digests == whole
    assert set(archive.stored_event_digests(store, {of_a, of_c})) == {of_a, of_c}


def test_a_removed_document_added_again_gives_its_events_back(whole, tmp_path):
    """Removal takes the events' digests with their triples: adding the document again writes
    its events again (a digest left behind would make the pass skip them)."""
    from claimgraph import archive

    store = tmp_path / "store"
    shutil.copytree(whole, store)
    dated = SEEDS[3]  # an article with a date: the pass that adds it takes in what it relates to
    removed, settled = remove([dated.stem], store)
    assert removed == [dated.stem] and settled.event_nodes
    build([str(dated)], store=store, validate=False).store.close()
    assert exported(store) == exported(whole)
    with Store.open(store) as opened:
        assert archive.stored_event_digests(opened, settled.event_nodes)


def test_a_store_without_event_digests_is_written_as_one_with_them(whole, tmp_path):
    """A store written before the digests were kept (none stored): every event of a pass's
    scope is compared line by line, as before, and the result is what one build gives."""
    from claimgraph import archive

    store = tmp_path / "store"
    build([str(p) for p in SEEDS[:2]], store=store, validate=False).store.close()
    with Store.open(store, read_only=False) as opened:
        opened.update(f"DROP GRAPH <{archive.EVENT_DIGESTS}>")
    build([str(p) for p in SEEDS[2:]], store=store, validate=False).store.close()
    assert exported(store) == exported(whole)


@pytest.mark.xfail(strict=True, reason="known limit (README, Archive): an article with no date at all, added after "
                                       "the articles that date it, is not related to them by its keys")
def test_an_article_with_no_date_added_last_is_dated_as_one_build_dates_it(whole, tmp_path):
    undated = SEEDS[0]  # no ` date` line: one build dates it through the events of the others
    assert not undated.read_text(encoding="utf-8").lstrip().startswith("date")
    store = tmp_path / "store"
    shutil.copytree(whole, store)
    remove([undated.stem], store)
    build([str(undated)], store=store, validate=False).store.close()
    assert exported(store) == exported(whole)
