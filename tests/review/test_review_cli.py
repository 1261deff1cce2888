"""`stancemap corrections` and the export's view of corrections, through the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from stancemap.cli import cli
from stancemap.store import open_store

pytestmark = pytest.mark.model


def _first_stance(db):
    with open_store(db, readonly=True) as store:
        return dict(store.stances()[0])


def test_add_list_export_import_undo(demo_db_copy, tmp_path):
    runner = CliRunner()
    db = str(demo_db_copy)
    s = _first_stance(db)
    flipped = "oppose" if s["polarity"] == "support" else "support"
    result = runner.invoke(cli, ["corrections", "add", "--db", db, "stance.polarity", s["id"],
                                 "--set", f"polarity={flipped}", "--note", "sarcasm"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(cli, ["corrections", "list", "--db", db])
    assert "stance.polarity" in listed.output and "sarcasm" in listed.output and "applied" in listed.output

    exported = runner.invoke(cli, ["export", "--db", db])
    stances = {x["id"]: x for line in exported.output.splitlines() for x in json.loads(line)["stances"]}
    assert stances[s["id"]]["polarity"] == flipped and stances[s["id"]]["review"] == "corrected"
    raw = runner.invoke(cli, ["export", "--db", db, "--no-corrections"])
    stances = {x["id"]: x for line in raw.output.splitlines() for x in json.loads(line)["stances"]}
    assert stances[s["id"]]["polarity"] == s["polarity"] and stances[s["id"]]["review"] == "auto"

    out = tmp_path / "c.jsonl"
    assert runner.invoke(cli, ["corrections", "export", "--db", db, "-o", str(out)]).exit_code == 0
    assert runner.invoke(cli, ["corrections", "import", "--db", db, str(out)]).exit_code == 0
    assert len(runner.invoke(cli, ["corrections", "list", "--db", db, "--format", "jsonl"]).output.splitlines()) == 1

    assert runner.invoke(cli, ["corrections", "undo", "--db", db, "1"]).exit_code == 0
    assert runner.invoke(cli, ["corrections", "list", "--db", db]).output.count("\n") == 1


def test_refusals_name_the_problem(demo_db_copy, tmp_path):
    runner = CliRunner()
    db = str(demo_db_copy)
    result = runner.invoke(cli, ["corrections", "add", "--db", db, "stance.reject", "no-such-id"])
    assert result.exit_code == 1 and "no stance with id 'no-such-id'" in result.output
    result = runner.invoke(cli, ["corrections", "add", "--db", db, "stance.reject", "x", "--set", "oops"])
    assert result.exit_code == 2 and "KEY=VALUE" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "stance.reject", "target": "x"}\nnot json\n')
    result = runner.invoke(cli, ["corrections", "import", "--db", db, str(bad)])
    assert result.exit_code == 1 and "bad.jsonl, line 2: not JSON" in result.output
    result = runner.invoke(cli, ["corrections", "undo", "--db", db, "99"])
    assert result.exit_code == 1 and "no correction with id 99" in result.output
