import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(name):
    command = main.commands[name]
    assert command.help and len(command.help) > 20
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"claimgraph {name}\b", readme), f"README does not document `claimgraph {name}`"


def test_build_query_validate_export_viz(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        '"We will respond to any attack," the defence minister of Peru said on Monday. '
        "At least 7 soldiers were killed in the ambush, the army said.", encoding="utf-8")
    (tmp_path / "in" / "broken.txt").write_bytes(b"\xff\xfe\x00bad")
    result = runner.invoke(main, ["build", str(tmp_path / "in"), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "documents read: 1 (new or changed 1, unchanged 0); skipped: 1" in result.output and "SHACL: conforms" in result.output
    assert "casualty 1" in result.output
    graph = str(out / "graph.ttl")
    assert runner.invoke(main, ["validate", graph]).exit_code == 0
    result = runner.invoke(main, ["query", "claims_table", "--graph", graph, "--format", "csv"])
    assert result.exit_code == 0 and result.output.startswith("doc,kind,start,end,source")
    result = runner.invoke(main, ["query", "who_said_what", "--graph", graph, "--param", "bogus=1"])
    assert result.exit_code == 2 and "no parameter" in result.output
    assert runner.invoke(main, ["export", "--graph", graph, "--format", "jsonld", "--out", str(tmp_path / "g.jsonld")]).exit_code == 0
    for name in ("g.graphml", "g.png"):
        assert runner.invoke(main, ["viz", "--graph", graph, "--out", str(tmp_path / name)]).exit_code == 0
        assert (tmp_path / name).stat().st_size > 0


def test_validate_exit_codes(tmp_path):
    runner = CliRunner()
    fail = str(ROOT / "tests" / "shapes" / "fail.ttl")
    assert runner.invoke(main, ["validate", fail]).exit_code == 1
    assert runner.invoke(main, ["validate", str(tmp_path / "missing.ttl")]).exit_code == 2
    (tmp_path / "bad.ttl").write_text("this is not turtle", encoding="utf-8")
    assert runner.invoke(main, ["validate", str(tmp_path / "bad.ttl")]).exit_code == 2
