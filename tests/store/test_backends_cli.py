"""Every command that names a database, on SQLite and on PostgreSQL: the same demo database
(copied into each backend) gives the same output as the SQLite file it was copied from."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from stancemap.cli import cli

READS = {
    "export-jsonl": ["export", "--format", "jsonl"],
    "export-uncorrected": ["export", "--format", "jsonl", "--no-corrections"],
    "actors": ["actors", "--merged"],
    "network": ["network", "--format", "statements"],
    "table": ["table", "--format", "jsonl"],
    "coalitions": ["coalitions", "--format", "json"],
    "compare-variants": ["compare", "--what", "variants", "--format", "jsonl"],
    "compare-sources": ["compare", "--what", "sources", "--format", "jsonl"],
    "compare-stances": ["compare", "--what", "stances", "--format", "jsonl"],
    "corrections-list": ["corrections", "list"],
    "codebook-suggest": ["codebook", "suggest", "--top", "3"],
}


def invoke(args: list[str]):
    return CliRunner().invoke(cli, args)


# The SQLite file is the reference, so these run on PostgreSQL only.
@pytest.mark.parametrize("backend", ["postgresql"])
@pytest.mark.parametrize("command", sorted(READS))
def test_backends_read_commands_match_sqlite(command, backend, demo_target, demo_db):
    args = READS[command]
    expected = invoke([*args, "--db", str(demo_db)])
    assert expected.exit_code == 0, expected.output
    got = invoke([*args, "--db", demo_target])
    assert got.exit_code == 0, got.output
    if command == "codebook-suggest":  # its first line names the database
        assert got.stdout.split("\n", 1)[1] == expected.stdout.split("\n", 1)[1]
    else:
        assert got.stdout == expected.stdout
    assert got.stdout.strip() or command == "corrections-list"


@pytest.mark.parametrize("backend", ["postgresql"])
def test_backends_report_matches_sqlite(backend, demo_target, demo_db, tmp_path):
    mine, theirs = tmp_path / "mine.html", tmp_path / "theirs.html"
    assert invoke(["report", "--db", str(demo_db), "-o", str(theirs)]).exit_code == 0
    result = invoke(["report", "--db", demo_target, "-o", str(mine)])
    assert result.exit_code == 0, result.output
    # The report names its database and the time it was made; the rest is the same.
    strip = re.compile(r"(Database: [^<]*|\d{4}-\d\d-\d\d \d\d:\d\d UTC)")
    assert strip.sub("", mine.read_text()) == strip.sub("", theirs.read_text())


def test_backends_check_and_corrections_round_trip(backend, demo_target, tmp_path):
    result = invoke(["check", "--db", demo_target])
    assert result.exit_code == 0 and "ok" in result.output
    stance = json.loads(invoke(["export", "--db", demo_target, "--format", "jsonl"]).stdout
                        .splitlines()[0])["stances"][0]
    flipped = "oppose" if stance["polarity"] == "support" else "support"
    added = invoke(["corrections", "add", "--db", demo_target, "stance.polarity", stance["id"],
                    "--set", f"polarity={flipped}"])
    assert added.exit_code == 0, added.output
    out = tmp_path / "c.jsonl"
    assert invoke(["corrections", "export", "--db", demo_target, "-o", str(out)]).exit_code == 0
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["payload"] == {"polarity": flipped} and record["id"] >= 1
    again = invoke(["corrections", "import", "--db", demo_target, str(out)])
    assert again.exit_code == 0 and "1 already there" in again.output
    exported = json.loads(invoke(["export", "--db", demo_target, "--format", "jsonl"])
                          .stdout.splitlines()[0])
    assert any(s["id"] == stance["id"] and s["polarity"] == flipped for s in exported["stances"])
    undo = invoke(["corrections", "undo", "--db", demo_target, str(record["id"])])
    assert undo.exit_code == 0, undo.output


def test_backends_serve_lists_and_searches(backend, demo_target):
    from fastapi.testclient import TestClient

    from stancemap.app import create_app

    client = TestClient(create_app(demo_target), base_url="http://127.0.0.1")
    for path in ("/", "/articles", "/quotes", "/stances", "/actors", "/propositions",
                 "/api/articles", "/api/quotes", "/api/stances", "/api/actors", "/api/propositions", "/api/corrections"):
        assert client.get(path).status_code == 200, path
    hits = client.get("/api/search", params={"q": "referendum"}).json()
    assert hits and all("\x02" in h["snippet"] or h["snippet"] for h in hits)


def test_backends_a_missing_postgres_schema_is_refused(backend, new_db):
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    result = invoke(["export", "--db", new_db()])
    assert result.exit_code == 1
    assert "not a stancemap database" in result.output


def test_backends_unsupported_urls_are_refused(tmp_path):
    result = invoke(["export", "--db", "mysql://u@h/d"])
    assert result.exit_code == 1 and "unsupported database URL" in result.output
    assert not (tmp_path / "mysql:").exists()


@pytest.mark.model
def test_backends_run_stores_and_reruns_update(backend, new_db, demo_corpus, tmp_path):
    target = new_db()
    inputs = [str(demo_corpus / "01_memorandum_signed.txt"), str(demo_corpus / "02_halvik_best_deal.txt")]
    args = ["run", *inputs, "--codebook", str(demo_corpus / "codebook.yaml"), "--db", target, "--quiet"]
    first = invoke(args)
    assert first.exit_code == 0, first.output
    counts = json.loads(invoke(["export", "--db", target, "--format", "jsonl"]).stdout.splitlines()[0])
    again = invoke([*args, "--force"])
    assert again.exit_code == 0, again.output
    lines = invoke(["export", "--db", target, "--format", "jsonl"]).stdout.splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["quotes"] == counts["quotes"]
    if backend == "postgresql":
        assert "password" not in first.output
