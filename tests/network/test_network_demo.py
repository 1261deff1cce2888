"""Networks of the demo corpus, checked against edges worked out by hand from its stored stances.

The checks use stances on the drevnia-reliable proposition that match the corpus's gold
annotations (one per article after the default duplicate rule):
  Oksana Ridel:  support in 05                 Bartol Krenz:  oppose in 05
  Tomas Rieger:  oppose in 08 and 09           Drevnia:       support in 08 and 09
  Mira Stenholt: support in 08 and 09
"""

import pytest
from click.testing import CliRunner

from stancemap.cli import cli
from stancemap.network import coalitions, load_statements, onemode, twomode
from stancemap.store import open_store

pytestmark = pytest.mark.model
PROPOSITION = "drevnia-reliable"


@pytest.fixture(scope="module")
def demo_statements(demo_db):
    with open_store(demo_db, readonly=True) as store:
        return load_statements(store)


@pytest.fixture(scope="module")
def drevnia(demo_statements):
    return [s for s in demo_statements if s.proposition == PROPOSITION]


def edge(graph, a, b):
    ids = {graph.nodes[n]["label"]: n for n in graph.nodes}
    return graph.get_edge_data(ids[a], ids[b])


@pytest.fixture(scope="module")
def halden(drevnia):
    """The two articles on the Halden report (08 and its rewrite 09)."""
    return [s for s in drevnia if s.source[:2] in ("08", "09")]


def test_demo_congruence_edge(halden):
    e = edge(onemode(halden, type="congruence"), "Drevnia", "Mira Stenholt")
    assert (e["weight"], e["propositions"]) == (4, PROPOSITION)  # 2 supports x 2 supports


def test_demo_conflict_edges(drevnia):
    g = onemode(drevnia, type="conflict")
    assert edge(g, "Oksana Ridel", "Tomas Rieger")["weight"] == 2  # 1 support x 2 opposes
    assert edge(g, "Oksana Ridel", "Bartol Krenz")["weight"] == 1  # 1 support x 1 oppose
    assert edge(onemode(drevnia, type="congruence"), "Oksana Ridel", "Tomas Rieger") is None


def test_demo_conflict_edge_in_two_articles(halden):
    e = edge(onemode(halden, type="conflict"), "Tomas Rieger", "Drevnia")
    assert (e["weight"], e["congruence"]) == (4, 0)  # 2 opposes x 2 supports


def test_demo_twomode_and_camps(demo_statements):
    g = twomode(demo_statements)
    ids = {d["label"]: n for n, d in g.nodes(data=True) if d["kind"] == "actor"}
    rieger = g.edges[ids["Tomas Rieger"], "proposition:" + PROPOSITION]
    assert (rieger["oppose"], rieger["polarity"]) == (2, "oppose")
    camps = coalitions(demo_statements)
    members = [a["id"] for c in camps for a in c["actors"]]
    assert sorted(members) == sorted({s.actor_id for s in demo_statements})  # each actor once
    assert camps == coalitions(demo_statements)


def test_demo_cli_graphml(demo_db, tmp_path):
    import networkx as nx

    out = tmp_path / "demo.graphml"
    result = CliRunner().invoke(cli, ["network", "--db", str(demo_db), "--type", "subtract", "-o", str(out)])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    assert graph.number_of_nodes() > 20 and any(w < 0 for _, _, w in graph.edges(data="weight"))
