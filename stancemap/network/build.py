"""Discourse networks from stance statements, with the semantics of Discourse Network Analyzer.

Actors are linked to the propositions they take positions on (two-mode), or to each other
through the positions they share or contest (one-mode). Every builder applies the same date
filter and duplicate rule first (see :func:`statements.prepare`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

import networkx as nx

from .statements import NetworkError, Statement, day, prepare

QUALIFIERS = ("combine", "subtract", "support", "oppose")
ONEMODE_TYPES = ("congruence", "conflict", "subtract")
NORMALIZATIONS = ("none", "average", "jaccard", "cosine")
ACTOR = "actor:"
PROPOSITION = "proposition:"


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise NetworkError(f"{what}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _actors(statements: list[Statement]) -> dict[str, dict]:
    """Node attributes of every actor: label, type, statements, support, oppose."""
    actors: dict[str, dict] = {}
    names: dict[str, Counter] = {}
    for s in statements:
        a = actors.setdefault(s.actor_id, {"label": s.actor, "type": s.actor_type or "unknown",
                                           "statements": 0, "support": 0, "oppose": 0})
        names.setdefault(s.actor_id, Counter())[s.actor] += 1
        a["statements"] += 1
        a[s.polarity] += 1
    for actor_id, counter in names.items():  # the name most statements use, ties alphabetical
        actors[actor_id]["label"] = min(counter, key=lambda n: (-counter[n], n))
    return actors


def twomode(statements: Iterable[Statement], *, qualifier: str = "combine", duplicates: str = "article",
            start: str | None = None, end: str | None = None) -> nx.Graph:
    """The bipartite actor-proposition network.

    Node ids are ``actor:<id>`` and ``proposition:<id>``; nodes carry kind (actor or
    proposition), label, type, statements, support, oppose. Edge weight by ``qualifier``:
    ``support`` or ``oppose``: how many statements of that polarity (edges only where there are
    some); ``subtract``: support minus oppose; ``combine``: all statements, with ``polarity``
    support, oppose or mixed. Every edge also carries its support and oppose counts.
    """
    _choice(qualifier, QUALIFIERS, "qualifier")
    kept = prepare(statements, duplicates=duplicates, start=start, end=end)
    graph = nx.Graph(network="twomode", qualifier=qualifier, duplicates=duplicates,
                     first_day=start or "", last_day=end or "")
    counts: dict[tuple[str, str], Counter] = {}
    for s in kept:
        counts.setdefault((s.actor_id, s.proposition), Counter())[s.polarity] += 1
    for actor_id, attrs in sorted(_actors(kept).items()):
        graph.add_node(ACTOR + actor_id, kind="actor", **attrs)
    propositions: dict[str, Counter] = {}
    for s in kept:
        propositions.setdefault(s.proposition, Counter())[s.polarity] += 1
    for proposition, c in sorted(propositions.items()):
        graph.add_node(PROPOSITION + proposition, kind="proposition", label=proposition,
                       type="proposition", statements=c["support"] + c["oppose"],
                       support=c["support"], oppose=c["oppose"])
    for (actor_id, proposition), c in sorted(counts.items()):
        support, oppose = c["support"], c["oppose"]
        if qualifier == "support" and not support or qualifier == "oppose" and not oppose:
            continue
        weight = {"support": support, "oppose": oppose, "subtract": support - oppose,
                  "combine": support + oppose}[qualifier]
        attrs = {"weight": weight, "support": support, "oppose": oppose}
        if qualifier == "combine":
            attrs["polarity"] = "mixed" if support and oppose else ("support" if support else "oppose")
        graph.add_edge(ACTOR + actor_id, PROPOSITION + proposition, **attrs)
    return graph


def onemode(statements: Iterable[Statement], *, type: str = "congruence", normalization: str = "none",
            duplicates: str = "article", start: str | None = None, end: str | None = None) -> nx.Graph:
    """The actor network: who agrees (congruence) or disagrees (conflict) with whom.

    As in DNA, with ``a[i][p][q]`` the number of statements of actor i on proposition p with
    polarity q (after the duplicate rule): congruence(i, j) = sum over p, q of
    a[i][p][q] * a[j][p][q]; conflict(i, j) = sum over p of the products for opposite
    polarities; subtract = congruence - conflict (signed). Normalizations divide by, with n the
    actors' statement counts: ``average`` (n_i + n_j) / 2; ``jaccard`` m10 + m01 + m11 over the
    (proposition, polarity) concepts; ``cosine`` n_i * n_j. Edges with weight 0 are left out;
    each edge carries weight, congruence and conflict (raw) and the propositions behind it.
    """
    _choice(type, ONEMODE_TYPES, "type")
    _choice(normalization, NORMALIZATIONS, "normalization")
    kept = prepare(statements, duplicates=duplicates, start=start, end=end)
    actors = _actors(kept)
    graph = nx.Graph(network="onemode", type=type, normalization=normalization, duplicates=duplicates,
                     first_day=start or "", last_day=end or "")
    for actor_id, attrs in sorted(actors.items()):
        graph.add_node(actor_id, **attrs)

    # a[p][actor] = (support count, oppose count)
    by_prop: dict[str, dict[str, list[int]]] = {}
    for s in kept:
        cell = by_prop.setdefault(s.proposition, {}).setdefault(s.actor_id, [0, 0])
        cell[0 if s.polarity == "support" else 1] += 1

    pairs: dict[tuple[str, str], list] = {}  # congruence, conflict, m11, overlap_i, overlap_j, props
    for proposition in sorted(by_prop):
        cells = sorted(by_prop[proposition].items())
        for x in range(len(cells)):
            i, (si, oi) = cells[x]
            for y in range(x + 1, len(cells)):
                j, (sj, oj) = cells[y]
                agree = si * sj + oi * oj
                clash = si * oj + oi * sj
                p = pairs.get((i, j))
                if p is None:
                    p = pairs[(i, j)] = [0, 0, 0, 0, 0, []]
                p[0] += agree
                p[1] += clash
                # Jaccard parts over (proposition, polarity) concepts used by both actors
                if si and sj:
                    p[2] += si * sj
                    p[3] += si
                    p[4] += sj
                if oi and oj:
                    p[2] += oi * oj
                    p[3] += oi
                    p[4] += oj
                p[5].append((proposition, agree, clash))

    for (i, j), (agree, clash, m11, overlap_i, overlap_j, props) in pairs.items():
        raw = {"congruence": agree, "conflict": clash, "subtract": agree - clash}[type]
        if raw == 0:
            continue
        n_i, n_j = actors[i]["statements"], actors[j]["statements"]
        if normalization == "none":
            weight: float = raw
        elif normalization == "average":
            weight = raw / ((n_i + n_j) / 2)
        elif normalization == "jaccard":
            weight = raw / ((n_i - overlap_i) + (n_j - overlap_j) + m11)
        else:
            weight = raw / (n_i * n_j)
        behind = [p for p, a, c in props
                  if (a if type == "congruence" else c if type == "conflict" else a - c)]
        graph.add_edge(i, j, weight=weight, congruence=agree, conflict=clash,
                       propositions="; ".join(behind))
    return graph


def network(statements: Iterable[Statement], *, type: str = "congruence", qualifier: str = "combine",
            normalization: str = "none", duplicates: str = "article", start: str | None = None,
            end: str | None = None) -> nx.Graph:
    """``twomode`` when ``type`` is "twomode", else the one-mode network of that type."""
    if type == "twomode":
        if normalization != "none":
            raise NetworkError("normalization applies to the one-mode networks (congruence, "
                               "conflict, subtract), not to twomode")
        return twomode(statements, qualifier=qualifier, duplicates=duplicates, start=start, end=end)
    return onemode(statements, type=type, normalization=normalization, duplicates=duplicates,
                   start=start, end=end)


def windows(statements: Iterable[Statement], size_days: int, step_days: int, *,
            type: str = "congruence", **options) -> list[tuple[str, str, nx.Graph]]:
    """A sequence of networks over moving time windows: ``(start, end, graph)`` per window.

    Windows span ``size_days`` days (inclusive bounds) and start every ``step_days`` days from
    the first dated statement until the last one is covered. ``type`` and ``options`` are those
    of :func:`network`; undated statements are in no window.
    """
    if size_days < 1 or step_days < 1:
        raise NetworkError(f"window size ({size_days}) and step ({step_days}) must be at least 1 day")
    statements = list(statements)
    days = sorted(d for d in (day(s.date) for s in statements) if d)
    if not days:
        return []
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    out = []
    begin = first
    while True:
        stop = begin + timedelta(days=size_days - 1)
        graph = network(statements, type=type, start=begin.isoformat(), end=stop.isoformat(), **options)
        out.append((begin.isoformat(), stop.isoformat(), graph))
        if stop >= last:
            break
        begin += timedelta(days=step_days)
    return out
