"""Writers: GraphML and GEXF read back with networkx, CSV edge lists, matrices, statements."""

import csv
import io

import networkx as nx

from stancemap.network import (onemode, twomode, write_edges_csv, write_gexf, write_graphml,
                               write_matrix_csv, write_statements_csv)


def text(writer, obj):
    out = io.StringIO()
    writer(obj, out)
    return out.getvalue()


def test_graphml_round_trip_keeps_typed_attributes(statements, tmp_path):
    g = onemode(statements, type="subtract", normalization="jaccard")
    path = tmp_path / "n.graphml"
    path.write_text(text(write_graphml, g), encoding="utf-8")
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(g.nodes)
    assert back.edges["a", "c"]["weight"] == g.edges["a", "c"]["weight"] == -0.6
    assert back.nodes["c"]["statements"] == 3 and isinstance(back.nodes["c"]["statements"], int)
    assert back.nodes["c"]["label"] == "Gamma"
    raw = path.read_text()
    assert 'attr.name="weight" attr.type="double"' in raw and "None" not in raw
    unnormalized = text(write_graphml, onemode(statements))
    assert 'attr.name="weight" attr.type="long"' in unnormalized


def test_graphml_escapes_hostile_labels(statements, tmp_path):
    from dataclasses import replace

    hostile = [replace(s, actor='<script>alert("x")</script> & Co') if s.actor_id == "a" else s
               for s in statements]
    raw = text(write_graphml, onemode(hostile))
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    path = tmp_path / "h.graphml"
    path.write_text(raw, encoding="utf-8")
    assert nx.read_graphml(path).nodes["a"]["label"] == '<script>alert("x")</script> & Co'


def test_gexf_round_trip(statements, tmp_path):
    g = twomode(statements)
    path = tmp_path / "n.gexf"
    path.write_text(text(write_gexf, g), encoding="utf-8")
    back = nx.read_gexf(path)
    assert back.number_of_edges() == g.number_of_edges() == 7
    assert back.nodes["actor:c"]["label"] == "Gamma"
    assert back.nodes["proposition:q"]["kind"] == "proposition"
    assert back.edges["actor:c", "proposition:q"]["weight"] == 2
    assert back.edges["actor:c", "proposition:q"]["polarity"] == "support"


def test_edges_csv(statements):
    rows = list(csv.DictReader(io.StringIO(text(write_edges_csv, onemode(statements, type="conflict")))))
    assert [(r["source_label"], r["target_label"], r["weight"]) for r in rows] == [
        ("Alpha", "Gamma", "3"), ("Beta", "Gamma", "3"), ("Delta", "Gamma", "1")]
    assert rows[0]["propositions"] == "p; q" and rows[0]["congruence"] == "0"


def test_matrix_csv_onemode_and_twomode(statements):
    rows = list(csv.reader(io.StringIO(text(write_matrix_csv, onemode(statements, type="subtract")))))
    assert rows == [["", "Alpha", "Beta", "Delta", "Gamma"],
                    ["Alpha", "0", "2", "1", "-3"],
                    ["Beta", "2", "0", "1", "-3"],
                    ["Delta", "1", "1", "0", "-1"],
                    ["Gamma", "-3", "-3", "-1", "0"]]
    rows = list(csv.reader(io.StringIO(text(write_matrix_csv, twomode(statements, qualifier="subtract")))))
    assert rows == [["", "p", "q"], ["Alpha", "1", "-1"], ["Beta", "1", "-1"], ["Delta", "1", "0"],
                    ["Gamma", "-1", "2"]]


def test_matrix_csv_tells_apart_actors_with_one_name(statements):
    from dataclasses import replace

    same = [replace(s, actor="Alpha") if s.actor_id == "b" else s for s in statements]
    header = next(csv.reader(io.StringIO(text(write_matrix_csv, onemode(same)))))
    assert header[1:3] == ["Alpha (a)", "Alpha (b)"]


def test_statements_csv_has_every_attribute(statements):
    out = io.StringIO()
    assert write_statements_csv(statements, out) == 9
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["actor"] == "Alpha" and rows[0]["evidence"] == "Evidence s1"
    assert rows[8]["date"] == "" and rows[8]["outlet"] == "Z"
    assert {"id", "article_id", "actor_type", "polarity", "quote_id", "reporter", "confidence",
            "method", "title", "source"} <= set(rows[0])


def test_csv_cells_cannot_become_spreadsheet_formulas(statements):
    from dataclasses import replace

    hostile = [replace(s, evidence='=HYPERLINK("http://x","y")', actor="@SUM(A1)") for s in statements]
    rows = list(csv.reader(io.StringIO(text(write_statements_csv, hostile))))
    header = rows[0]
    evidence, actor = header.index("evidence"), header.index("actor")
    assert rows[1][evidence] == '\'=HYPERLINK("http://x","y")' and rows[1][actor] == "'@SUM(A1)"
