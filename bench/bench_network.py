"""Discourse networks at scale: every network type and normalization on synthetic statements.

Usage:
    python bench/bench_network.py [--statements N] [--actors N] [--propositions N] [--seed N]

Generates N statements (default 10,000 by 200 actors on 20 propositions, over a year, in
articles of about five statements each; every actor leans to one side of each proposition) and
times, without any store access: the two-mode network with each qualifier, each one-mode type
with each normalization, the actor x proposition table by month, coalitions, monthly windows,
and each writer. Prints seconds per build, nodes and edges. Target: seconds, not minutes.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stancemap.network import (Statement, aggregate, coalitions, onemode, twomode,  # noqa: E402
                               windows, write_edges_csv, write_gexf, write_graphml,
                               write_matrix_csv, write_statements_csv)


def synthetic(n: int, actors: int, propositions: int, seed: int) -> list[Statement]:
    rng = random.Random(seed)
    lean = {(a, p): rng.random() for a in range(actors) for p in range(propositions)}
    outlets = [f"Outlet {i}" for i in range(12)]
    start = date(2026, 1, 1)
    out = []
    for i in range(n):
        a, p = rng.randrange(actors), rng.randrange(propositions)
        article = i // 5
        day = (start + timedelta(days=article % 365)).isoformat()
        out.append(Statement(
            id=f"s{i}", article_id=f"art{article}", actor_id=f"actor{a}", actor=f"Actor {a}",
            actor_type=("person", "organization", "country")[a % 3], proposition=f"prop{p}",
            polarity="support" if rng.random() < lean[(a, p)] else "oppose", date=day,
            outlet=outlets[article % len(outlets)], source=f"art{article}.txt",
            title=f"Article {article}", evidence=f"Sentence {i}.", published=day, confidence=0.7,
            method="synthetic"))
    return out


def timed(label: str, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    size = ""
    if hasattr(result, "number_of_edges"):
        size = f"{result.number_of_nodes()} nodes, {result.number_of_edges()} edges"
    elif isinstance(result, list):
        size = f"{len(result)} items"
    print(f"{label:<44} {seconds:7.3f} s  {size}")
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--actors", type=int, default=200)
    parser.add_argument("--propositions", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    statements = synthetic(args.statements, args.actors, args.propositions, args.seed)
    print(f"{len(statements)} statements, {args.actors} actors, {args.propositions} propositions")
    total = 0.0
    for qualifier in ("combine", "subtract", "support", "oppose"):
        _, s = timed(f"twomode qualifier={qualifier}", twomode, statements, qualifier=qualifier)
        total += s
    graph = None
    for kind in ("congruence", "conflict", "subtract"):
        for normalization in ("none", "average", "jaccard", "cosine"):
            g, s = timed(f"onemode {kind} normalization={normalization}", onemode, statements,
                         type=kind, normalization=normalization)
            total += s
            graph = graph or g
    for duplicates in ("outlet-day", "none"):
        _, s = timed(f"onemode congruence duplicates={duplicates}", onemode, statements,
                     duplicates=duplicates)
        total += s
    for label, function, kwargs in (("aggregate window=month", aggregate, {"window": "month"}),
                                    ("coalitions", coalitions, {}),
                                    ("windows 30 days, step 30", windows, {"size_days": 30, "step_days": 30})):
        _, s = timed(label, function, statements, **kwargs)
        total += s
    for label, writer, obj in (("write graphml (congruence)", write_graphml, graph),
                               ("write gexf (congruence)", write_gexf, graph),
                               ("write csv edges (congruence)", write_edges_csv, graph),
                               ("write csv matrix (congruence)", write_matrix_csv, graph),
                               ("write statements csv", write_statements_csv, statements)):
        _, s = timed(label, writer, obj, io.StringIO())
        total += s
    print(f"{'total':<44} {total:7.3f} s")


if __name__ == "__main__":
    main()
