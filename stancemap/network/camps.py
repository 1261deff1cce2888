"""Camps of actors: communities of the signed actor network, with what each camp stands for."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from .build import onemode
from .statements import NetworkError, Statement, prepare

SEED = 7  # Louvain's random order is seeded, so the same statements give the same camps


def coalitions(statements: Iterable[Statement], *, seed: int = SEED, resolution: float = 1.0,
               **onemode_kwargs) -> list[dict]:
    """Camps found by Louvain community detection on the positive part of the subtract network.

    ``onemode_kwargs`` are those of :func:`onemode` (normalization, duplicates, start, end); the
    type is always subtract (agreements minus disagreements). Each camp: ``id`` (1 for the
    largest), ``actors`` (id, name, type), ``supports`` and ``opposes`` (the propositions most of
    its members who took a side support or oppose), ``statements``, and ``cohesion``:
    (agreements - disagreements) / (agreements + disagreements) over its member pairs, from
    -1 to 1, None when no two members share a proposition. Actors linked to no one with a
    positive weight form camps of one. Deterministic for a given ``seed``.
    """
    kind = onemode_kwargs.pop("type", "subtract")
    if kind != "subtract":
        raise NetworkError(f"coalitions are found on the subtract network, not on {kind!r}")
    statements = list(statements)
    graph = onemode(statements, type="subtract", **onemode_kwargs)
    kept = prepare(statements, duplicates=onemode_kwargs.get("duplicates", "article"),
                   start=onemode_kwargs.get("start"), end=onemode_kwargs.get("end"))
    positive = nx.Graph()
    positive.add_nodes_from(sorted(graph.nodes))
    positive.add_weighted_edges_from(sorted((u, v, w) if u < v else (v, u, w)
                                            for u, v, w in graph.edges(data="weight") if w > 0))
    if positive.number_of_edges():
        groups = nx.community.louvain_communities(positive, weight="weight", seed=seed,
                                                  resolution=resolution)
    else:
        groups = [{n} for n in positive.nodes]

    cells: dict[str, dict[str, list[int]]] = {}  # actor -> proposition -> [support, oppose]
    for s in kept:
        cell = cells.setdefault(s.actor_id, {}).setdefault(s.proposition, [0, 0])
        cell[0 if s.polarity == "support" else 1] += 1

    def label(actor_id: str) -> str:
        return graph.nodes[actor_id]["label"]

    ordered = sorted((sorted(g, key=lambda a: (label(a).casefold(), a)) for g in groups),
                     key=lambda g: (-len(g), label(g[0]).casefold(), g[0]))
    camps = []
    for number, members in enumerate(ordered, 1):
        sides: dict[str, list[int]] = {}
        for actor_id in members:
            for proposition, (support, oppose) in cells.get(actor_id, {}).items():
                side = sides.setdefault(proposition, [0, 0])
                if support > oppose:
                    side[0] += 1
                elif oppose > support:
                    side[1] += 1
        agree = clash = 0
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                for proposition, (si, oi) in cells.get(i, {}).items():
                    sj, oj = cells.get(j, {}).get(proposition, (0, 0))
                    agree += si * sj + oi * oj
                    clash += si * oj + oi * sj
        camps.append({
            "id": number,
            "actors": [{"id": a, "name": label(a), "type": graph.nodes[a]["type"]} for a in members],
            "supports": sorted(p for p, (s, o) in sides.items() if s > o),
            "opposes": sorted(p for p, (s, o) in sides.items() if o > s),
            "statements": sum(graph.nodes[a]["statements"] for a in members),
            "cohesion": (agree - clash) / (agree + clash) if agree + clash else None,
        })
    return camps
