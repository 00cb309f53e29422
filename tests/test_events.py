"""Events across articles, batch dating, and the queries and trace built on them."""
from __future__ import annotations

from click.testing import CliRunner

from claimgraph import events, pipeline, query as queries
from claimgraph.cli import main
from claimgraph.ingest import from_text
from claimgraph.records import AgentRef, Claim


def _doc(doc_id, text="x" * 400, date=None, language="en"):
    return from_text(text, doc_id=doc_id, location=doc_id, language=language, date=date)


def _toll(doc_id, start, lo, hi=None, *, date=None, date_text=None, group="military|Peru", outcome="killed",
          cumulative=False, source=None):
    return Claim(doc_id=doc_id, kind="casualty", start=start, end=start + 10, count_min=lo, count_max=hi,
                 outcome=outcome, victim_group=group, date=date, date_text=date_text, cumulative=cumulative,
                 source=AgentRef(source) if source else None)


# --- clustering on plain records (no spaCy) ----------------------------------------------------
def test_reports_of_one_day_gather_whatever_their_counts():
    items = [events.BatchItem(_doc("a"), [_toll("a", 0, 12, 12, date="2021-05-04", date_text="mardi 4 mai")]),
             events.BatchItem(_doc("b"), [_toll("b", 0, 15, None, date="2021-05-04", date_text="Tuesday")]),
             events.BatchItem(_doc("c"), [_toll("c", 0, 17, 17, date="2021-05-05", date_text="5 mai")])]
    found = events.cluster(items)
    assert len(found) == 1 and found[0].date == "2021-05-04"
    assert sorted(c.count_min for c in found[0].reports) == [12, 15, 17]


def test_other_victims_other_day_and_cumulative_tolls_stay_apart():
    items = [events.BatchItem(_doc("a"), [
        _toll("a", 0, 12, date="2021-05-04", date_text="Tuesday"),
        _toll("a", 20, 40, date="2021-05-04", date_text="Tuesday", group="civilians|Peru"),
        _toll("a", 40, 9, date="2021-05-10", date_text="Monday"),
        _toll("a", 60, 120, date="2021-05", cumulative=True)])]
    found = events.cluster(items)
    assert sorted(sorted(c.count_min for c in e.reports) for e in found) == [[9], [12], [40]]
    assert all(not c.cumulative for e in found for c in e.reports)


def test_a_report_without_a_day_joins_only_on_a_repeated_count():
    items = [events.BatchItem(_doc("a"), [_toll("a", 0, 12, date="2021-05-04", date_text="4 May")]),
             events.BatchItem(_doc("b"), [_toll("b", 0, 12, date="2021-05")]),
             events.BatchItem(_doc("c"), [_toll("c", 0, 30, date="2021-05")])]
    found = events.cluster(items)
    joined = next(e for e in found if len(e.reports) == 2)
    assert {c.doc_id for c in joined.reports} == {"a", "b"}
    assert len(found) == 2  # the 30 of article c is another incident for all we know


def test_an_undated_article_is_anchored_by_the_event_it_shares():
    english = "At least 15 soldiers were killed on Tuesday. On Wednesday the army said it would respond."
    items = [events.BatchItem(_doc("fr", date="2021-05-06", language="fr"),
                              [_toll("fr", 0, 12, date="2021-05-04", date_text="mardi 4 mai")]),
             events.BatchItem(_doc("en", english), [_toll("en", 0, 15, date_text="Tuesday"),
                                                    Claim("en", "threat", 29, 89, AgentRef("army"), date_text="Wednesday")])]
    items, found, inferred = events.process(items)
    assert inferred == {"en": "2021-05-05"}  # Tuesday is the 4th, so the article's Wednesday is the 5th
    threat = next(c for i in items for c in i.claims if c.kind == "threat")
    assert threat.date == "2021-05-05"
    assert len(found) == 1 and len(found[0].reports) == 2


def test_a_day_without_year_takes_the_batch_year_where_the_weekday_fits():
    text = "The minister spoke on Wednesday February 12 in Lima and warned rebels they would be crushed."
    items = [events.BatchItem(_doc("dated", date="2020-03-01"), []),
             events.BatchItem(_doc("undated", text), [Claim("undated", "threat", 0, len(text), AgentRef("minister"),
                                                            date_text="Wednesday February 12")])]
    items, _found, inferred = events.process(items)
    assert inferred == {"undated": "2020-02-12"}  # 12 Feb 2020 was a Wednesday
    assert items[1].claims[0].date == "2020-02-12"


# --- end to end on articles written for the tests -----------------------------------------------
FRENCH = ("Au moins 12 policiers ont été tués mardi 4 mai dans un attentat à Lima, selon le ministère de l'Intérieur.\n\n"
          "Le président a promis que les auteurs seraient punis.")
ENGLISH = ("At least 15 police officers were killed in Lima on Tuesday, a hospital source told Reuters. "
           "On Wednesday, the interior ministry said 14 police officers had died.")


def test_conflicting_counts_and_timeline_across_languages(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fr.txt").write_text(" date 2021-05-05 " + FRENCH, encoding="utf-8")
    (tmp_path / "in" / "en.txt").write_text(ENGLISH, encoding="utf-8")
    result = pipeline.build([str(tmp_path / "in")], tmp_path / "out")
    assert result.report.conforms, result.report.text()
    rows = list(queries.run(result.store, queries.load_query("conflicting_counts"), {"day": "2021-05-04"}))
    counts = sorted(int(r.count_min) for r in rows)
    assert counts == [12, 14, 15], counts
    vias = {int(r.count_min): str(r.via) for r in rows if r.via is not None}
    assert vias.get(15) == "Reuters"
    timeline = list(queries.run(result.store, queries.load_query("toll_timeline"), {}))
    published = [str(r.published) for r in timeline]
    assert published == sorted(published) and "2021-05-05" in published


# --- the seeds: the 27 February 2020 strike ------------------------------------------------------
def test_seed_strike_of_27_february_gathers_every_account(seeds_build):
    result, _ = seeds_build
    rows = list(queries.run(result.store, queries.load_query("conflicting_counts"), {"day": "2020-02-27"}))
    by_count = {}
    for row in rows:
        by_count.setdefault(int(row.count_min), set()).add(str(row.source))
    assert {22, 29, 31, 33} <= set(by_count), by_count  # 'more than 30' is 31
    assert "Syrian Observatory for Human Rights" in by_count[31]
    assert len({str(r.event) for r in rows}) == 1


def test_seed_queries_for_sources_unattributed_and_merged_actors(seeds_build):
    result, _ = seeds_build
    sources = {str(r.source): r for r in queries.run(result.store, queries.load_query("sources_relied_on"), {})}
    assert "Reuters" not in sources and "Reuters" in str(sources["membre de l'administration turc"].via)
    unattributed = list(queries.run(result.store, queries.load_query("unattributed_claims"), {"kindName": "casualty"}))
    assert unattributed and all(str(r.kind) == "casualty" for r in unattributed)
    merged = {str(r.label): str(r.surface_forms) for r in queries.run(result.store, queries.load_query("merged_actors"), {})}
    assert "président turc" in merged["Recep Tayyip Erdogan"].split("|")
    assert "he" not in merged["Recep Tayyip Erdogan"].split("|")  # pronouns are not names


def test_trace_prints_the_chain_from_article_to_original_source(seeds_build):
    _, out = seeds_build
    runner = CliRunner()
    result = runner.invoke(main, ["trace", "Reuters", "--graph", str(out / "graph.trig")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    article = next(i for i, l in enumerate(lines) if "article:" in l)
    assert "relay: Reuters" in lines[article + 1] and "original source:" in lines[article + 2]
    short = lines[0].split()[2]
    again = runner.invoke(main, ["trace", short[:8], "--graph", str(out / "graph.trig")])
    assert again.exit_code == 0 and again.output.splitlines()[0] == lines[0]
    assert runner.invoke(main, ["trace", "Nobody Atall", "--graph", str(out / "graph.trig")]).exit_code == 1
