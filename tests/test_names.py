"""Names users type: agents by any of their names, case- and accent-insensitively, 'did you
mean' when nothing matches; parameter values checked, with a clear error and exit 2."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from claimgraph.cli import main


@pytest.fixture(scope="module")
def store(seeds_build):
    _result, out = seeds_build
    return str(out / "store")


def _run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("typed", ["Erdogan", "erdogan", "ERDOĞAN", "recep tayyip erdoğan", "le président Erdogan"])
def test_trace_finds_an_agent_by_any_of_its_names(store, typed):
    result = _run("trace", typed, "--store", store)
    assert result.exit_code == 0 and "Recep Tayyip Erdogan" in result.output, result.output


def test_a_near_miss_says_did_you_mean(store):
    result = _run("trace", "Erdgan", "--store", store)
    assert result.exit_code == 1 and "did you mean 'Recep Tayyip Erdogan'" in result.output
    result = _run("query", "who_said_what", "--store", store, "--param", "agentName=Erdgan")
    assert result.exit_code == 2 and "no agent named 'Erdgan'; did you mean 'Recep Tayyip Erdogan'" in result.output


def test_agent_parameters_take_any_name(store):
    exact = _run("query", "who_said_what", "--store", store, "--param", "agentName=Recep Tayyip Erdogan",
                 "--format", "csv")
    typed = _run("query", "who_said_what", "--store", store, "--param", "agentName=erdoğan", "--format", "csv")
    assert exact.exit_code == typed.exit_code == 0 and exact.output == typed.output
    assert exact.output.count("\n") > 2


@pytest.mark.parametrize("query, param, message", [
    ("conflicting_counts", "day=2020-13-45", "not a calendar date"),
    ("conflicting_counts", "day=27/02/2020", "give a day as YYYY-MM-DD"),
    ("toll_timeline", "day=2020-02", "is not a day"),
    ("toll_timeline", "event=deadbeef", "no event 'deadbeef' in the store"),
    ("conflicting_counts", "event=https://example.org/nope", "no event"),
    ("casualty_reports", "outcomeName=dead", "not one of killed, injured, displaced"),
    ("sources_relied_on", "kindName=rumour", "not one of statement, casualty, threat"),
    ("attribution_chain", "claim=ffffffffffff", "no claim"),
])
def test_bad_parameter_values_are_clear_errors(store, query, param, message):
    result = _run("query", query, "--store", store, "--param", param)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output, result.output


def test_an_event_by_its_short_id(store):
    rows = _run("query", "toll_timeline", "--store", store, "--format", "csv").output.splitlines()
    event = rows[1].split(",")[0]
    short = event.rsplit("/", 1)[1]
    by_iri = _run("query", "toll_timeline", "--store", store, "--param", f"event={event}", "--format", "csv")
    by_id = _run("query", "toll_timeline", "--store", store, "--param", f"event={short}", "--format", "csv")
    assert by_iri.exit_code == by_id.exit_code == 0 and by_iri.output == by_id.output
    assert len(by_id.output.splitlines()) >= 2
