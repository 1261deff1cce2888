"""The actors list with reviewed counts, without reading every record on each request.

What :meth:`stancemap.review.Reviewed.actors` gives, computed in two parts: the stored counts
of every actor (quotes, stances, and the articles that name it or hold its records), read in
SQL once per change of the stored data (:mod:`.cache`); and, per request, the records of the
articles corrections touch (:class:`.lists.Affected`), whose stored counts are taken out and
whose reviewed counts are put in. Every record of an actor a merge or split moves lies in those
articles, so the actors the corrections restructure are counted from reviewed records only.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from ..review.view import apply_actor_ops
from ..store import SQLiteStore
from . import cache, lists

STORED_SQL = """
SELECT a.id, a.name, a.type,
    coalesce(q.n, 0) AS quotes, coalesce(s.n, 0) AS stances, coalesce(x.n, 0) AS articles
FROM actors a
LEFT JOIN (SELECT actor_id, count(*) AS n FROM quotes WHERE actor_id IS NOT NULL GROUP BY actor_id) q
    ON q.actor_id = a.id
LEFT JOIN (SELECT actor_id, count(*) AS n FROM stances GROUP BY actor_id) s ON s.actor_id = a.id
LEFT JOIN (SELECT actor_id, count(*) AS n FROM (
        SELECT actor_id, article_id FROM article_actors
        UNION SELECT actor_id, article_id FROM quotes WHERE actor_id IS NOT NULL
        UNION SELECT actor_id, article_id FROM stances) u GROUP BY actor_id) x ON x.actor_id = a.id
"""


def stored(store: SQLiteStore) -> list[dict]:
    """Every stored actor with aliases, roles and stored counts (articles: those that name it
    or hold its quotes or stances)."""
    rows = store.db.execute(STORED_SQL).fetchall()
    aliases = store._names_by_actor("actor_aliases", "alias")
    roles = store._names_by_actor("actor_roles", "role")
    return [{**dict(r), "aliases": aliases.get(r["id"], []), "roles": roles.get(r["id"], [])} for r in rows]


def SORT_KEY(a: dict) -> tuple:  # noqa: N802 - a key function, used as a constant
    return (-a["quotes"], -a["stances"], -a["articles"], a["name"], a["id"])


def _sort(records: list[dict]) -> list[dict]:
    return sorted(records, key=SORT_KEY)


def reviewed_actors(store: SQLiteStore) -> list[dict]:
    """The actors as :meth:`Reviewed.actors` lists them (most quoted first)."""
    base = cache.cached(store, "stored-actors", lambda: stored(store), corrections=False)
    if not store.db.execute("SELECT 1 FROM corrections LIMIT 1").fetchone():
        return cache.cached(store, "actors-sorted", lambda: _sort([{**a, "merged": [], "review": "auto"} for a in base]),
                            corrections=False)
    aff = lists.Affected.of(store)
    rv = aff.reviewed
    ids = sorted(aff.articles)
    # Stored contributions of the touched articles, per actor, taken out ...
    minus_q: dict[str, int] = defaultdict(int)
    minus_s: dict[str, int] = defaultdict(int)
    minus_a: dict[str, set[str]] = defaultdict(set)
    # ... and their reviewed contributions put in.
    plus_q: dict[str, int] = defaultdict(int)
    plus_s: dict[str, int] = defaultdict(int)
    plus_a: dict[str, set[str]] = defaultdict(set)
    for chunk in lists._chunks(ids):
        marks = lists._in("article_id", chunk)
        for r in store.db.execute(f"SELECT actor_id, article_id FROM quotes WHERE {marks} AND actor_id IS NOT NULL", chunk):
            minus_q[r[0]] += 1
            minus_a[r[0]].add(r[1])
        for r in store.db.execute(f"SELECT actor_id, article_id FROM stances WHERE {marks}", chunk):
            minus_s[r[0]] += 1
            minus_a[r[0]].add(r[1])
        for r in store.db.execute(f"SELECT actor_id, article_id FROM article_actors WHERE {marks}", chunk):
            minus_a[r[0]].add(r[1])
            plus_a[rv.actor_of(r[0], article_id=r[1])].add(r[1])
        quotes = [rv._quote(r) for r in store.db.execute(
            f"{lists.QUOTE_COLUMNS} WHERE {lists._in('q.article_id', chunk)}", chunk).fetchall()]
        for q in quotes:
            if q["review"] != "rejected" and q["actor_id"]:
                plus_q[q["actor_id"]] += 1
                plus_a[q["actor_id"]].add(q["article_id"])
        for s in lists._stances_of(store, rv, chunk):
            if s["review"] != "rejected":
                plus_s[s["actor_id"]] += 1
                plus_a[s["actor_id"]].add(s["article_id"])

    def counted(a: dict) -> dict:
        aid = a["id"]
        return {**a, "quotes": a["quotes"] - minus_q[aid] + plus_q[aid],
                "stances": a["stances"] - minus_s[aid] + plus_s[aid],
                "articles": a["articles"] - len(minus_a[aid]) + len(plus_a[aid])}

    # The structure of Reviewed.actors: merges, splits and actors corrections introduce. Only
    # the actors whose counts or records change are copied; the rest keep the cached order.
    changed = set(minus_q) | set(minus_s) | set(minus_a) | set(plus_q) | set(plus_s) | set(plus_a)
    for c in rv._actor_ops:
        changed |= {c.target, c.payload.get("into"), c.payload.get("actor_id")}
    changed.discard(None)
    ordered = cache.cached(store, "actors-sorted", lambda: _sort([{**a, "merged": [], "review": "auto"} for a in base]), corrections=False)
    by_id = {a["id"]: {**a, "aliases": list(a["aliases"]), "roles": list(a["roles"]), "merged": [],
                       "review": "auto"} for a in ordered if a["id"] in changed}
    apply_actor_ops(by_id, rv._actor_ops, new_actor={"quotes": 0, "stances": 0, "articles": 0})
    unchanged = {a["id"] for a in ordered} - changed
    for c in rv.corrections:
        if c.kind in ("quote.speaker", "stance.add"):
            aid = rv.actor_of(c.payload["actor_id"])
            if aid not in by_id and aid not in unchanged:
                by_id[aid] = {"id": aid, "name": rv._names.get(aid, c.payload["name"]), "type": "unknown",
                              "aliases": [c.payload["name"]], "roles": [], "merged": [], "review": "added",
                              "quotes": 0, "stances": 0, "articles": 0}
    # Every record of an actor a merge or split moves lies in the touched articles, so its
    # counts there are reviewed ones and a merged-away actor adds nothing stored elsewhere.
    moved = _sort([counted(a) for a in by_id.values()])
    kept = [a for a in ordered if a["id"] not in changed]
    return list(heapq.merge(kept, moved, key=SORT_KEY))
