"""Writers for networks and statements, each to a text stream: GraphML and GEXF (Gephi,
igraph, statnet, networkx, visone), CSV edge lists, CSV matrices and a CSV of statements."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

import networkx as nx

from .statements import STATEMENT_FIELDS, Statement


class _SafeWriter:
    """A CSV writer that keeps spreadsheets from running scraped text as a formula: a text cell
    starting with =, +, -, @, tab or carriage return gets a leading apostrophe (OWASP's advice)."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    @staticmethod
    def _cell(value: object) -> object:
        if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
        return value

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([self._cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def _typed(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes a GraphML/GEXF reader types cleanly: no None values (empty
    strings instead), and every numeric attribute one type per element kind (float if any is)."""
    out = graph.copy()
    out.graph = {k: ("" if v is None else v) for k, v in graph.graph.items()}
    for items in (out.nodes.values(), [d for _, _, d in out.edges(data=True)]):
        items = list(items)
        floats = {k for d in items for k, v in d.items() if isinstance(v, float)}
        for d in items:
            for k, v in list(d.items()):
                if v is None:
                    d[k] = ""
                elif k in floats and isinstance(v, int) and not isinstance(v, bool):
                    d[k] = float(v)
    return out


def write_graphml(graph: nx.Graph, out: TextIO) -> None:
    """GraphML with typed attributes (numbers as int/double), readable by Gephi and igraph."""
    for line in nx.generate_graphml(_typed(graph), prettyprint=True):
        out.write(line + "\n")


def write_gexf(graph: nx.Graph, out: TextIO) -> None:
    """GEXF 1.2, Gephi's own format; node labels are the actors' and propositions' names."""
    for line in nx.generate_gexf(_typed(graph), prettyprint=True):
        out.write(line + "\n")


def _labels(graph: nx.Graph, nodes: list) -> dict:
    """Each node's label, with its id added where two nodes share one."""
    labels = {n: str(graph.nodes[n].get("label", n)) for n in nodes}
    seen: dict[str, int] = {}
    for label in labels.values():
        seen[label] = seen.get(label, 0) + 1
    return {n: (f"{label} ({n})" if seen[label] > 1 else label) for n, label in labels.items()}


def _order(graph: nx.Graph, nodes: Iterable) -> list:
    return sorted(nodes, key=lambda n: (str(graph.nodes[n].get("label", n)).casefold(), str(n)))


def write_edges_csv(graph: nx.Graph, out: TextIO) -> None:
    """One row per edge: source, target, their labels, weight, then every other edge attribute."""
    extra = sorted({k for _, _, d in graph.edges(data=True) for k in d} - {"weight"})
    writer = _SafeWriter(out)
    writer.writerow(["source", "target", "source_label", "target_label", "weight", *extra])
    rank = {n: i for i, n in enumerate(_order(graph, graph.nodes))}
    rows = []
    for u, v, d in graph.edges(data=True):
        if rank[v] < rank[u]:
            u, v = v, u
        rows.append((rank[u], rank[v], u, v, d))
    for _, _, u, v, d in sorted(rows, key=lambda r: r[:2]):
        writer.writerow([u, v, graph.nodes[u].get("label", u), graph.nodes[v].get("label", v),
                         d.get("weight", 1), *("" if d.get(k) is None else d.get(k) for k in extra)])


def write_matrix_csv(graph: nx.Graph, out: TextIO) -> None:
    """The adjacency matrix with labelled rows and columns: actor x actor for a one-mode network,
    actor x proposition for a two-mode one; 0 where there is no edge."""
    if graph.graph.get("network") == "twomode":
        rows = _order(graph, (n for n, k in graph.nodes(data="kind") if k == "actor"))
        cols = _order(graph, (n for n, k in graph.nodes(data="kind") if k == "proposition"))
    else:
        rows = cols = _order(graph, graph.nodes)
    labels = _labels(graph, sorted(set(rows) | set(cols), key=str))
    writer = _SafeWriter(out)
    writer.writerow(["", *(labels[c] for c in cols)])
    for r in rows:
        cells = []
        for c in cols:
            w = graph.edges[r, c].get("weight", 1) if graph.has_edge(r, c) and r != c else 0
            cells.append(w)
        writer.writerow([labels[r], *cells])


def write_statements_csv(statements: Iterable[Statement], out: TextIO) -> int:
    """Every statement with all its attributes, one row each; returns how many were written."""
    writer = _SafeWriter(out)
    writer.writerow(STATEMENT_FIELDS)
    n = 0
    for s in statements:
        writer.writerow(["" if getattr(s, f) is None else getattr(s, f) for f in STATEMENT_FIELDS])
        n += 1
    return n


WRITERS = {"graphml": write_graphml, "gexf": write_gexf, "csv": write_edges_csv,
           "matrix": write_matrix_csv}
