"""The views of issue 12 without a browser: the report's content and links, the network's
typed nodes and readable labels, grouping past the node limit, GEXF and GraphML types, the
drawings' legend, terminal tables within 100 columns and plain JSON values.
(tests/test_browser.py opens the pages in headless Chromium.)"""
from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from claimgraph import query as queries
from claimgraph.cli import main
from claimgraph.store import open_readable
from claimgraph.viz import data, network, report

ROOT = Path(__file__).resolve().parents[1]
DAY = "2020-02-27"
HASHLIKE = re.compile(r"[0-9a-f]{12,}")


@pytest.fixture(scope="module")
def store_dir(seeds_build):
    _result, out = seeds_build
    return str(out / "store")


@pytest.fixture(scope="module")
def store(store_dir):
    return open_readable(store_dir)


def _run(*args):
    return CliRunner().invoke(main, list(args))


def test_the_day_holds_the_22_29_31_33_accounts_with_their_sources(store):
    claims = data.claims(store, day=DAY)
    by_count = {}
    for claim in claims:
        by_count.setdefault(claim.count_min, set()).add(claim.source_label)
    assert {22, 29, 31, 33} <= set(by_count)
    assert "Syrian Observatory for Human Rights" in by_count[31]
    assert "gouverneur de la province turque de Hatay" in by_count[29]
    assert all(c.event_date == DAY for c in claims)


def test_the_report_links_every_view_and_fetches_nothing(store):
    page, info = report.build(store, day=DAY)
    assert info["events"] == 1 and info["claims"] >= 8 and info["texts"] == info["articles"]
    targets = set(re.findall(r"href='#([^']+)'", page))
    ids = set(re.findall(r"id='([^']+)'", page))
    assert targets and targets <= ids, targets - ids
    claims = data.claims(store, day=DAY)
    for claim in claims:  # each report: a timeline mark, a table row and its words highlighted
        assert f"data-claim='{claim.short}'" in page
        assert f"id='{report.row_anchor(claim)}'" in page and f"id='{report.anchor(claim)}'" in page
    assert "<svg class='timeline'" in page and "Conflicting counts" in page
    # nothing outside the file: no src= at all, no link to a remote style or script
    assert not re.search(r"\bsrc=", page) and not re.search(r"<link\b", page)
    assert "Content-Security-Policy" in page


def test_highlighting_keeps_the_text_and_marks_the_exact_words(store):
    claims = data.claims(store, day=DAY)
    texts = data.article_texts(store, {c.document for c in claims})
    for document, text in texts.items():
        mine = [c for c in claims if c.document == document]
        marked = report.highlight(text, mine)
        without_labels = re.sub(r"<sup class='who'>.*?</sup>", "", marked)
        assert html.unescape(re.sub(r"<[^>]+>", "", without_labels)) == text
        for claim in mine:
            inside = re.search(rf"<mark id='{report.anchor(claim)}'[^>]*>(.*?)</mark>", marked, re.DOTALL)
            assert inside and claim.words in html.unescape(re.sub(r"<[^>]+>", "", inside.group(1)))


def test_overlapping_claims_are_all_marked():
    base = dict(kind="statement", doc="d", document="urn:d", headline="", published="", language="en",
                words="", prefix="", suffix="", source=None)
    text = "The army said at least 7 soldiers were killed in the ambush."
    outer = data.Claim(iri="urn:c/aaaa", start=0, end=len(text), **base)
    inner = data.Claim(iri="urn:c/bbbb", start=14, end=40, **{**base, "kind": "casualty"})
    marked = report.highlight(text, [outer, inner])
    assert "id='claim-aaaa'" in marked and "id='claim-bbbb'" in marked
    assert html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<sup class='who'>.*?</sup>", "", marked))) == text


def test_a_moved_article_is_shown_in_its_stored_context(tmp_path):
    from claimgraph.pipeline import build

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "seeds" / "002_4d4afa6866b2c351.txt", folder / "a.txt")
    build([str(folder)], tmp_path / "out")
    (folder / "a.txt").unlink()
    result = _run("report", "--store", str(tmp_path / "out" / "store"), "--day", DAY, "--out",
                  str(tmp_path / "r.html"))
    assert result.exit_code == 0 and "not at hand" in result.output, result.output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "its file moved or changed" in page and "Au moins 29 soldats turcs" in page


def test_report_command_scopes_and_errors(store_dir, tmp_path):
    event = data.claims(open_readable(store_dir), day=DAY)[0].event.rsplit("/", 1)[-1]
    result = _run("report", "--store", store_dir, "--event", event[:6], "--out", str(tmp_path / "e.html"))
    assert result.exit_code == 0 and "1 event(s)" in result.output
    assert _run("report", "--store", store_dir, "--day", "2020-02-30", "--out", str(tmp_path / "x.html")).exit_code == 2
    assert _run("report", "--store", store_dir, "--event", "ffffff", "--out", str(tmp_path / "x.html")).exit_code == 2
    empty = _run("report", "--store", store_dir, "--day", "1999-01-01", "--out", str(tmp_path / "n.html"))
    assert empty.exit_code == 1 and (tmp_path / "n.html").exists()
    whole = _run("report", "--store", store_dir, "--out", str(tmp_path / "all.html"))
    assert whole.exit_code == 0 and "event(s)" in whole.output


def test_network_nodes_are_typed_and_labelled_for_people(store):
    g = network.build(data.claims(store))
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"statement", "casualty", "threat", "article", "event"} <= kinds
    assert kinds & {"person", "government", "ngo", "media", "organisation"}
    for node, attributes in g.nodes(data=True):
        assert attributes["label"] and not HASHLIKE.search(attributes["label"]), (node, attributes["label"])
    relations = {d["relation"] for _, _, d in g.edges(data=True)}
    assert {"said", "relayedBy", "inArticle", "reportOf"} <= relations
    casualty = [d for _, d in g.nodes(data=True) if d["kind"] == "casualty" and d.get("count_min") == 29]
    assert casualty and casualty[0]["label"].startswith("≥29") and isinstance(casualty[0]["count_min"], int)


def _synthetic(n_claims: int, n_sources: int) -> list[data.Claim]:
    claims = []
    for i in range(n_claims):
        source = data.Agent(f"urn:agent/{i % n_sources}", f"Source {i % n_sources}", "person")
        claims.append(data.Claim(
            iri=f"urn:claim/{i:08d}", kind=("statement", "casualty", "threat")[i % 3], doc=f"doc{i // 4}",
            document=f"urn:doc/{i // 4}", headline=f"Article {i // 4}", published="2020-02-27", language="en",
            start=0, end=5, words=f"words {i}", prefix="", suffix="", source=source,
            count_min=i % 50 if i % 3 == 1 else None, event=f"urn:event/{i % 40}", event_label=f"Event {i % 40}",
            event_date="2020-02-27"))
    return claims


def test_large_networks_are_grouped_under_the_node_limit():
    claims = _synthetic(6000, 400)
    g = network.build(claims, max_nodes=2000)
    assert g.number_of_nodes() <= 2000 and "grouped" in g.graph["note"]
    assert sum(d.get("claims", 0) for _, d in g.nodes(data=True) if d["kind"] == "group") == 6000
    tight = network.build(claims, max_nodes=300)
    assert tight.number_of_nodes() <= 300 and "least active sources pooled by type" in tight.graph["note"]
    assert sum(d.get("claims", 0) for _, d in tight.nodes(data=True) if d["kind"] == "group") == 6000
    assert any(d["label"].startswith("other persons (") for _, d in tight.nodes(data=True))


def test_gexf_and_graphml_keep_types(store_dir, tmp_path):
    for suffix in ("gexf", "graphml"):
        result = _run("viz", "--store", store_dir, "--out", str(tmp_path / f"g.{suffix}"))
        assert result.exit_code == 0, result.output
    root = ET.parse(tmp_path / "g.gexf").getroot()
    ns = {"g": root.tag.split("}")[0].strip("{")}
    types = {a.get("title"): a.get("type") for a in root.iter(f"{{{ns['g']}}}attribute")}
    assert types["count_min"] in ("integer", "long") and types["kind"] == "string"
    labels = [node.get("label") for node in root.iter(f"{{{ns['g']}}}node")]  # Gephi's node labels
    assert "Syrian Observatory for Human Rights" in labels and not any(HASHLIKE.search(x) for x in labels)
    graph = root.find("g:graph", ns)
    assert graph.get("timeformat") == "date" and graph.get("mode") == "dynamic"
    read = nx.read_gexf(tmp_path / "g.gexf")
    counts = [d["count_min"] for _, d in read.nodes(data=True) if "count_min" in d]
    assert counts and all(isinstance(c, int) for c in counts)
    starts = [d["start"] for _, d in read.nodes(data=True) if "start" in d]
    assert starts and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) for s in starts)
    graphml = nx.read_graphml(tmp_path / "g.graphml")
    assert all(isinstance(d["count_min"], int) for _, d in graphml.nodes(data=True) if "count_min" in d)


def test_drawings_have_the_legend(store_dir, tmp_path):
    assert _run("viz", "--store", store_dir, "--day", DAY, "--out", str(tmp_path / "g.svg")).exit_code == 0
    svg = (tmp_path / "g.svg").read_text(encoding="utf-8")
    for entry in ("casualty claim", "article", "event", "said (source"):
        assert entry in svg
    assert "Syrian Observatory for Human Rights" in svg and "≥29 killed" in svg
    result = _run("viz", "--store", store_dir, "--out", str(tmp_path / "g.png"))
    assert result.exit_code == 0 and (tmp_path / "g.png").read_bytes()[:4] == b"\x89PNG"
    bad = _run("viz", "--store", store_dir, "--out", str(tmp_path / "g.jpg"))
    assert bad.exit_code == 2 and "unknown visualisation format" in bad.output
    agent = _run("viz", "--store", store_dir, "--agent", "Erdgan", "--out", str(tmp_path / "g.html"))
    assert agent.exit_code == 2 and "did you mean 'Recep Tayyip Erdogan'" in agent.output


@pytest.mark.parametrize("name", queries.available())
def test_terminal_tables_fit_100_columns(store_dir, name):
    result = _run("query", name, "--store", store_dir)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "https://w3id.org/claimgraph/id/" not in result.output


def test_json_gives_plain_values(store_dir):
    result = _run("query", "toll_timeline", "--store", store_dir, "--param", f"day={DAY}", "--format", "json")
    rows = json.loads(result.output)
    assert rows and all(isinstance(r["count_min"], int) for r in rows if r["count_min"] is not None)
    assert {22, 29, 31, 33} <= {r["count_min"] for r in rows}
    sparql = json.loads(_run("query", "toll_timeline", "--store", store_dir, "--param", f"day={DAY}",
                             "--format", "sparql-json").output)
    assert sparql["head"]["vars"][0] == "event" and len(sparql["results"]["bindings"]) == len(rows)


def test_trace_is_a_tree_within_100_columns(store_dir):
    result = _run("trace", "Erdogan", "--store", store_dir)
    assert result.exit_code == 0 and "└── " in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100
