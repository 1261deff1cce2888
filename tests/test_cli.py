"""Commands as a user runs them: exit codes, where data and messages go."""

import json

import pytest
from click.testing import CliRunner

from stancemap.cli import cli


def test_cli_export_of_missing_db_names_the_file(tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "none.db" in result.output and "no such database" in result.output


def test_cli_codebook_check_lists_propositions(demo_corpus):
    result = CliRunner().invoke(cli, ["codebook", "check", str(demo_corpus / "codebook.yaml")])
    assert result.exit_code == 0
    assert "approve-northern-link" in result.stdout
    assert "valid" in result.stderr and "valid" not in result.stdout


def test_cli_codebook_check_rejects_bad_yaml(tmp_path):
    bad = tmp_path / "cb.yaml"
    bad.write_text("propositions: [\n")
    result = CliRunner().invoke(cli, ["codebook", "check", str(bad)])
    assert result.exit_code == 1
    assert "cb.yaml" in result.output


@pytest.mark.model
def test_cli_demo_writes_db_export_and_report(tmp_path):
    out = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("demo.db", "demo.jsonl", "report.html", "corpus/codebook.yaml"):
        assert (out / name).is_file(), name
    assert "report.html" in result.stderr
    records = [json.loads(line) for line in (out / "demo.jsonl").read_text().splitlines()]
    assert len(records) == 15
    assert sum(len(r["quotes"]) for r in records) > 100
    assert sum(len(r["stances"]) for r in records) > 30
    copies = {r["source"][:2]: r["duplicates"] for r in records if r["duplicates"]}
    assert set(copies) == {"08", "09"}  # 09 is a syndicated rewrite of 08
    assert copies["08"]["original"] and not copies["09"]["original"]
    html = (out / "report.html").read_text()
    assert "Near copies" in html
    assert "Velmora" in html or "Northern Link" in html


def test_cli_actors_lists_merged_identities(fresh_db, make_result):
    from stancemap.model import RunInfo

    fresh_db.start_run(RunInfo(id="r", started="t", model="m", workers=1, codebook=None, inputs=()))
    fresh_db.write_article(make_result(), run_id="r", analysis_key="k")
    path = fresh_db.target
    result = CliRunner().invoke(cli, ["actors", "--db", path, "--merged"])
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()
    assert header.split("\t")[:3] == ["id", "name", "type"]
    assert "Ana Lund" in row and "Lund" in row.split("\t")[6]
    as_json = CliRunner().invoke(cli, ["actors", "--db", path, "--format", "jsonl"])
    assert json.loads(as_json.stdout.splitlines()[0])["name"] == "Ana Lund"
