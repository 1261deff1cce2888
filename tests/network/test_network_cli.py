"""The `network`, `table` and `coalitions` commands as a user runs them."""

import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from stancemap.cli import cli
from stancemap.network import load_statements


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_load_statements_reads_the_store(small_db):
    from stancemap.store import open_store

    with open_store(small_db, readonly=True) as store:
        statements = load_statements(store)
    assert len(statements) == 5
    cole = next(s for s in statements if s.actor_id == "cole")
    assert (cole.actor, cole.actor_type, cole.proposition, cole.polarity) == ("Ida Cole", "person", "plan", "oppose")
    assert cole.date == "2026-03-03" == cole.published  # no statement date: the article's
    assert (cole.outlet, cole.source) == ("Daily", "a.txt") and cole.title == "Headline 3"


def test_cli_network_graphml_to_stdout(small_db):
    result = invoke("network", "--db", small_db)
    assert result.exit_code == 0, result.output
    graph = nx.parse_graphml(result.stdout)
    assert graph.edges["berg", "lund"]["weight"] == 2
    assert graph.nodes["cole"]["label"] == "Ida Cole"


def test_cli_network_csv_matrix_and_statements(small_db, tmp_path):
    out = tmp_path / "conflict.csv"
    result = invoke("network", "--db", small_db, "--type", "conflict", "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert sorted((r["source_label"], r["target_label"], r["weight"]) for r in rows) == [
        ("Ana Lund", "Ida Cole", "1"), ("Ida Cole", "Per Berg", "1")]
    assert "2 edges" in result.stderr
    matrix = invoke("network", "--db", small_db, "--type", "twomode", "--qualifier", "subtract",
                    "--format", "matrix").stdout
    assert list(csv.reader(io.StringIO(matrix))) == [
        ["", "plan", "tax"], ["Ana Lund", "1", "-1"], ["Ida Cole", "-1", "0"], ["Per Berg", "1", "-1"]]
    rows = list(csv.DictReader(io.StringIO(
        invoke("network", "--db", small_db, "--format", "statements", "--end", "2026-03-02").stdout)))
    assert sorted(r["id"] for r in rows) == ["berg-1", "berg-2", "lund-1", "lund-2"]


def test_cli_network_gexf_with_normalization(small_db, tmp_path):
    out = tmp_path / "n.gexf"
    result = invoke("network", "--db", small_db, "--format", "gexf", "--normalization", "average", "-o", out)
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(out).edges["berg", "lund"]["weight"] == 1.0


def test_cli_network_errors_exit_1(small_db, tmp_path):
    result = invoke("network", "--db", small_db, "--start", "2026-31-01")
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.output
    result = invoke("network", "--db", small_db, "--type", "twomode", "--normalization", "jaccard")
    assert result.exit_code == 1 and "twomode" in result.output
    result = invoke("network", "--db", tmp_path / "none.db")
    assert result.exit_code == 1 and "no such database" in result.output


def test_cli_table(small_db):
    result = invoke("table", "--db", small_db)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:7] == ["actor_id", "actor", "proposition", "support", "oppose", "net", "first"]
    assert lines[1].split("\t")[:6] == ["lund", "Ana Lund", "plan", "1", "0", "1"]
    rows = [json.loads(line) for line in invoke("table", "--db", small_db, "--window", "day",
                                                  "--format", "jsonl").stdout.splitlines()]
    assert {(r["actor_id"], r["period"]) for r in rows} >= {("cole", "2026-03-03"), ("berg", "2026-03-02")}
    rows = list(csv.DictReader(io.StringIO(invoke("table", "--db", small_db, "--format", "csv").stdout)))
    assert rows[-1]["actor"] == "Per Berg" and rows[-1]["evidence"] == "berg-2"


def test_cli_coalitions(small_db):
    result = invoke("coalitions", "--db", small_db)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:4] == [
        "camp 1: 2 actors, 4 statements, cohesion 1.00",
        "  actors:   Ana Lund, Per Berg",
        "  supports: plan",
        "  opposes:  tax"]
    camps = json.loads(invoke("coalitions", "--db", small_db, "--format", "json", "--min-size", "2").stdout)
    assert [[a["id"] for a in c["actors"]] for c in camps] == [["lund", "berg"]]


@pytest.mark.parametrize("command", ["network", "table", "coalitions"])
def test_cli_help_has_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output
