"""The review app's long lists, one page at a time: filtered, sorted and cut in SQL.

The analyst's corrections are applied to the records of the articles they touch only (the
"affected" articles: those of corrected records, of added stances, and every article of an actor
a merge or split moves). Records of every other article are exactly as stored, so their
filtering, sorting, counting and paging run in the database; the affected records are computed
with the corrections layer and merged in by the same sort key. The cost of a page grows with the
number of affected articles, not with the size of the corpus.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from ..review import Reviewed
from ..review.view import dedupe_stances
from ..store import SQLiteStore
from . import cache

QUOTE_COLUMNS = ("SELECT q.*, coalesce(a.name, q.speaker) AS actor_name, ar.title AS article_title,"
                 " ar.outlet AS outlet, ar.published AS published, ar.source AS source"
                 " FROM quotes q LEFT JOIN actors a ON a.id = q.actor_id"
                 " JOIN articles ar ON ar.id = q.article_id")
STANCE_COLUMNS = ("SELECT s.*, coalesce(a.name, s.actor) AS actor_name, ar.title AS article_title,"
                  " ar.outlet AS outlet, ar.published AS published, ar.source AS source"
                  " FROM stances s LEFT JOIN actors a ON a.id = s.actor_id"
                  " JOIN articles ar ON ar.id = s.article_id")
ARTICLE_COLUMNS = ("SELECT ar.id, ar.source, ar.path, ar.format, ar.url, ar.title, ar.outlet, ar.author,"
                   " ar.published, ar.fetched, ar.language, ar.repeated_paragraphs, ar.updated"
                   " FROM articles ar")
# Sort orders: SQL, and the same as a Python key (text compares by code point on both sides).
# Articles by date, source and id (index articles_order), then each article's records by place
# (quotes_article_order, stances_article_order): pages walk the indexes instead of sorting.
QUOTE_ORDER = "coalesce(ar.published, ''), ar.source, ar.id, q.start, q.id"
STANCE_ORDER = ("coalesce(ar.published, ''), ar.source, ar.id, s.evidence_start, s.id")
ARTICLE_ORDER = "coalesce(ar.published, ''), ar.source, ar.id"


def quote_key(q: dict) -> tuple:
    return (q.get("published") or "", q.get("source") or "", q["article_id"], q["start"], q["id"])


def stance_key(s: dict) -> tuple:
    start = s.get("evidence_start")
    return (s.get("published") or "", s.get("source") or "", s["article_id"],
            -1 if start is None else start, s["id"])


def article_key(a: dict) -> tuple:
    return (a.get("published") or "", a.get("source") or "", a["id"])


@dataclass
class Affected:
    """The corrections layer and the articles whose records it changes."""

    reviewed: Reviewed
    articles: set[str] | frozenset[str]

    @classmethod
    def of(cls, store: SQLiteStore) -> Affected:
        """The affected articles of this store now (computed once per store and state of the
        corrections: a request that lists several things computes it once)."""
        made = tuple(store.db.execute("SELECT count(*), max(id), max(created) FROM corrections").fetchone())
        memo = getattr(store, "_affected", None)
        if memo is not None and memo[0] == made:
            return memo[1]
        if made[0] == 0:
            value = cls(Reviewed(store, corrections=[], targets={}), set())
        else:
            # Which records the corrections apply to, and the articles they touch, change only
            # with the data: worked out once per change, shared by the requests until then.
            corrections, targets, articles = cache.cached(store, "affected", lambda: cls._resolve(store))
            value = cls(Reviewed(store, corrections=corrections, targets=targets), articles)
        store._affected = (made, value)
        return value

    @classmethod
    def _resolve(cls, store: SQLiteStore) -> tuple[list, dict, frozenset]:
        rv = cls._compute(store)
        return rv.reviewed.corrections, rv.reviewed._targets, frozenset(rv.articles)

    @classmethod
    def _compute(cls, store: SQLiteStore) -> Affected:
        rv = Reviewed(store)
        articles = {c.article_id for c in rv.corrections if c.article_id}
        ids = list(rv._by_target)
        db = store.db
        for chunk in _chunks(ids):
            marks = ", ".join("?" * len(chunk))
            for table in ("quotes", "stances"):
                articles |= {r[0] for r in db.execute(
                    f"SELECT DISTINCT article_id FROM {table} WHERE id IN ({marks})", chunk)}
            articles |= {r[0] for r in db.execute(
                f"SELECT DISTINCT article_id FROM stances WHERE quote_id IN ({marks})", chunk)}
        actors = {x for c in rv._actor_ops for x in (c.target, c.payload.get("into"),
                                                      c.payload.get("actor_id")) if x}
        for chunk in _chunks(sorted(actors)):
            marks = ", ".join("?" * len(chunk))
            for table in ("quotes", "stances", "article_actors"):
                articles |= {r[0] for r in db.execute(
                    f"SELECT DISTINCT article_id FROM {table} WHERE actor_id IN ({marks})", chunk)}
        return cls(rv, articles)

    def excluded(self, column: str) -> tuple[str, list[str]]:
        """A condition leaving out the affected articles' records, and its values."""
        if not self.articles:
            return "", []
        ids = sorted(self.articles)
        return f" AND {column} NOT IN ({', '.join('?' * len(ids))})", ids


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _in(column: str, ids: list[str]) -> str:
    return f"{column} IN ({', '.join('?' * len(ids))})"


def date_condition(expression: str, f) -> tuple[str, list]:
    """SQL for :meth:`Filters.date_ok` on ``expression`` (a YYYY[-MM[-DD]] text)."""
    if not (f.date_from or f.date_to):
        return "", []
    sql = f" AND coalesce({expression}, '') != ''"
    params: list = []
    if f.date_from:
        sql += (f" AND substr({expression}, 1, length(?)) >= substr(?, 1, length({expression}))")
        params += [f.date_from, f.date_from]
    if f.date_to:
        sql += (f" AND substr({expression}, 1, length(?)) <= substr(?, 1, length({expression}))")
        params += [f.date_to, f.date_to]
    return sql, params


# Counting every match of a list costs a read of all of them (a million quotes: about a second),
# so a page counts up to COUNT_CAP past its own end and says when there are more ("more").
COUNT_CAP = 10_000


def _count(store: SQLiteStore, select: str, params: list, cap: int | None) -> int:
    if cap is None:
        return store.db.execute(f"SELECT count(*) FROM ({select}) t", params).fetchone()[0]
    return store.db.execute(f"SELECT count(*) FROM ({select} LIMIT ?) t", [*params, cap]).fetchone()[0]


def merge_page(fetch: Callable[[int, int], list[dict]], count: Callable[[int | None], int], extra: list[dict],
               key: Callable[[dict], tuple], limit: int, offset: int, *, exact: bool = False) -> dict:
    """One page of the SQL rows (``fetch(start, n)``, sorted by ``key``; ``count(cap)`` of them,
    at most ``cap``; ``exact`` counts them all, else ``more`` says the total is a lower bound)
    merged with ``extra`` (few records, any order) by ``key``.

    A SQL row at SQL index i sits at i + (extras before it); the page's SQL rows lie within SQL
    indexes [offset - len(extra), offset + limit), so only that window is fetched.
    """
    extra = sorted(extra, key=key)
    keys = [key(e) for e in extra]
    start = max(0, offset - len(extra))
    want = offset + limit - start
    window = fetch(start, want) if want > 0 else []
    window_keys = [key(r) for r in window]
    placed: list[tuple[int, dict]] = []
    for i, row in enumerate(window):
        at = start + i + bisect_left(keys, window_keys[i])
        if offset <= at < offset + limit:
            placed.append((at, row))
    full = len(window) == want
    for j, e in enumerate(extra):
        if start and window_keys and keys[j] < window_keys[0]:
            continue  # before the window: before this page
        if full and window_keys and keys[j] > window_keys[-1]:
            continue  # after the window: after this page
        at = start + bisect_left(window_keys, keys[j]) + j
        if offset <= at < offset + limit:
            placed.append((at, e))
    placed.sort(key=lambda p: p[0])
    cap = None if exact else offset + limit + COUNT_CAP
    counted = count(None if cap is None else cap + 1)
    more = cap is not None and counted > cap
    counted = min(counted, cap) if cap is not None else counted
    return {"items": [p[1] for p in placed], "total": counted + len(extra), "more": more,
            "limit": limit, "offset": offset}


# -- quotes ----------------------------------------------------------------------------------

def _quote_where(f, aff: Affected) -> tuple[str, list]:
    sql, params = " WHERE 1 = 1", []
    if f.article:
        sql += " AND q.article_id = ?"
        params.append(f.article)
    if f.actor:
        sql += " AND q.actor_id = ?"
        params.append(f.actor)
    if f.outlet:
        sql += " AND coalesce(ar.outlet, '') = ?"
        params.append(f.outlet)
    if f.proposition:
        sql += " AND q.id IN (SELECT quote_id FROM stances WHERE proposition = ? AND quote_id IS NOT NULL)"
        params.append(f.proposition)
    date_sql, date_params = date_condition("coalesce(q.date, ar.published)", f)
    excl_sql, excl_params = aff.excluded("q.article_id")
    return sql + date_sql + excl_sql, params + date_params + excl_params


def _source(selective: bool, table: str, alias: str) -> str:
    """The FROM clause of a list's key scan: articles in index order driving the records' own
    index when nothing selects few records (CROSS JOIN fixes that order on SQLite; PostgreSQL
    plans it freely), a plain join otherwise."""
    if selective:
        return f" FROM {table} {alias} JOIN articles ar ON ar.id = {alias}.article_id"
    return f" FROM articles ar CROSS JOIN {table} {alias}"


def _page_rows(store: SQLiteStore, columns: str, alias: str, ids: list[str], key: Callable,
               convert: Callable) -> list[dict]:
    """The full rows of a page's ids, in the page's order."""
    if not ids:
        return []
    rows = [convert(r) for r in store.db.execute(f"{columns} WHERE {_in(alias + '.id', ids)}", ids).fetchall()]
    return sorted(rows, key=key)


def quotes_page(store: SQLiteStore, f, limit: int, offset: int, *, keep: Callable, exact: bool = False) -> dict:
    """A page of :func:`stancemap.app.data.quotes` (``keep``: its outlet and date filter)."""
    aff = Affected.of(store)
    rv = aff.reviewed
    where, params = _quote_where(f, aff)
    source = _source(bool(f.article or f.actor or f.proposition), "quotes", "q")

    def fetch(start: int, n: int) -> list[dict]:
        # The page's ids from the indexes alone, then their rows.
        ids = [r[0] for r in store.db.execute(
            f"SELECT q.id{source}{where} AND q.article_id = ar.id ORDER BY {QUOTE_ORDER} LIMIT ? OFFSET ?",
            [*params, n, start])]
        return _page_rows(store, QUOTE_COLUMNS, "q", ids, quote_key, rv._quote)

    def count(cap: int | None) -> int:
        return _count(store, f"SELECT 1{source}{where} AND q.article_id = ar.id", params, cap)

    extra: list[dict] = []
    articles = sorted(aid for aid in aff.articles if not f.article or aid == f.article)
    for chunk in _chunks(articles):
        rows = store.db.execute(f"{QUOTE_COLUMNS} WHERE {_in('q.article_id', chunk)}", chunk).fetchall()
        quotes = [rv._quote(r) for r in rows]
        quotes = [q for q in quotes if (f.rejected or q["review"] != "rejected")
                  and (f.actor is None or q["actor_id"] == f.actor)]
        if f.proposition:
            with_stance = {s["quote_id"] for s in _stances_of(store, rv, chunk)
                           if s["proposition"] == f.proposition and s["review"] != "rejected"
                           and s.get("quote_id")}
            quotes = [q for q in quotes if q["id"] in with_stance]
        extra += keep(quotes, f)
    return merge_page(fetch, count, extra, quote_key, limit, offset, exact=exact)


# -- stances ---------------------------------------------------------------------------------

def _stances_of(store: SQLiteStore, rv: Reviewed, articles: list[str]) -> list[dict]:
    """The reviewed stances of these articles, rejected included, as Reviewed.stances gives them."""
    rows = [rv._stance(r) for r in store.db.execute(
        f"{STANCE_COLUMNS} WHERE {_in('s.article_id', articles)}", articles).fetchall()]
    wanted = set(articles)
    rows += [s for s in rv._extra_stances(None) if s["article_id"] in wanted]
    return dedupe_stances(rows)


def _stance_where(f, aff: Affected) -> tuple[str, list]:
    sql, params = " WHERE 1 = 1", []
    for column, value in (("s.article_id", f.article), ("s.actor_id", f.actor),
                          ("s.proposition", f.proposition)):
        if value:
            sql += f" AND {column} = ?"
            params.append(value)
    if f.outlet:
        sql += " AND coalesce(ar.outlet, '') = ?"
        params.append(f.outlet)
    date_sql, date_params = date_condition("coalesce(s.date, ar.published)", f)
    excl_sql, excl_params = aff.excluded("s.article_id")
    return sql + date_sql + excl_sql, params + date_params + excl_params


def stances_page(store: SQLiteStore, f, limit: int, offset: int, *, keep: Callable, exact: bool = False) -> dict:
    """A page of :func:`stancemap.app.data.stances`."""
    aff = Affected.of(store)
    rv = aff.reviewed
    where, params = _stance_where(f, aff)
    source = _source(bool(f.article or f.actor), "stances", "s")

    def fetch(start: int, n: int) -> list[dict]:
        ids = [r[0] for r in store.db.execute(
            f"SELECT s.id{source}{where} AND s.article_id = ar.id ORDER BY {STANCE_ORDER} LIMIT ? OFFSET ?",
            [*params, n, start])]
        return _page_rows(store, STANCE_COLUMNS, "s", ids, stance_key, rv._stance)

    def count(cap: int | None) -> int:
        return _count(store, f"SELECT 1{source}{where} AND s.article_id = ar.id", params, cap)

    extra: list[dict] = []
    articles = sorted(aid for aid in aff.articles if not f.article or aid == f.article)
    for chunk in _chunks(articles):
        stances = [s for s in _stances_of(store, rv, chunk)
                   if (f.rejected or s["review"] != "rejected")
                   and (f.actor is None or s["actor_id"] == f.actor)
                   and (f.proposition is None or s["proposition"] == f.proposition)]
        extra += keep(stances, f)
    return merge_page(fetch, count, extra, stance_key, limit, offset, exact=exact)


# -- articles --------------------------------------------------------------------------------

def articles_page(store: SQLiteStore, f, limit: int, offset: int, *, summary: Callable,
                  legacy: Callable) -> dict:
    """A page of :func:`stancemap.app.data.articles`; ``legacy(articles)`` computes the affected
    articles' rows (with reviewed counts) the way the full list does."""
    aff = Affected.of(store)
    sql, params = " WHERE 1 = 1", []
    if f.outlet:
        sql += " AND coalesce(ar.outlet, '') = ?"
        params.append(f.outlet)
    date_sql, date_params = date_condition("ar.published", f)
    sql, params = sql + date_sql, params + date_params
    if f.actor:
        stance_actor = " AND proposition = ?" if f.proposition else ""
        sql += (" AND (ar.id IN (SELECT article_id FROM quotes WHERE actor_id = ?)"
                f" OR ar.id IN (SELECT article_id FROM stances WHERE actor_id = ?{stance_actor})"
                " OR ar.id IN (SELECT article_id FROM article_actors WHERE actor_id = ?))")
        params += [f.actor, f.actor, *([f.proposition] if f.proposition else []), f.actor]
    if f.proposition:
        sql += " AND ar.id IN (SELECT article_id FROM stances WHERE proposition = ?"
        sql += " AND actor_id = ?)" if f.actor else ")"
        params += [f.proposition, *([f.actor] if f.actor else [])]
    excl_sql, excl_params = aff.excluded("ar.id")
    where, params = sql + excl_sql, params + excl_params

    def fetch(start: int, n: int) -> list[dict]:
        ids = [r[0] for r in store.db.execute(
            f"SELECT ar.id FROM articles ar{where} ORDER BY {ARTICLE_ORDER} LIMIT ? OFFSET ?", [*params, n, start])]
        if not ids:
            return []
        rows = _page_rows(store, ARTICLE_COLUMNS, "ar", ids, article_key, summary)
        quotes = _counts(store, "quotes", ids, actor=f.actor)
        stances = _counts(store, "stances", ids, actor=f.actor, proposition=f.proposition)
        return [{**a, "quotes": quotes.get(a["id"], 0), "stances": stances.get(a["id"], 0)} for a in rows]

    def count(cap: int | None) -> int:
        return _count(store, f"SELECT 1 FROM articles ar{where}", params, cap)

    extra = legacy(aff, sorted(aff.articles)) if aff.articles else []
    return merge_page(fetch, count, extra, article_key, limit, offset)


def _counts(store: SQLiteStore, table: str, ids: list[str], *, actor: str | None = None,
            proposition: str | None = None) -> dict[str, int]:
    sql = f"SELECT article_id, count(*) FROM {table} WHERE {_in('article_id', ids)}"
    params = list(ids)
    if actor:
        sql += " AND actor_id = ?"
        params.append(actor)
    if proposition:
        sql += " AND proposition = ?"
        params.append(proposition)
    return {r[0]: r[1] for r in store.db.execute(sql + " GROUP BY article_id", params)}


# -- propositions ----------------------------------------------------------------------------

HOLDER_SQL = ("SELECT s.proposition, s.polarity, s.actor_id, min(coalesce(a.name, s.actor)) AS actor,"
              " count(*) AS n, min(nullif(coalesce(s.date, ar.published), '')) AS first,"
              " max(nullif(coalesce(s.date, ar.published), '')) AS last"
              " FROM stances s JOIN articles ar ON ar.id = s.article_id"
              " LEFT JOIN actors a ON a.id = s.actor_id")
EVIDENCE_SQL = ("SELECT * FROM (SELECT s.*, coalesce(a.name, s.actor) AS actor_name,"
                " ar.title AS article_title, ar.outlet AS outlet, ar.published AS published,"
                " ar.source AS source, row_number() OVER (PARTITION BY s.proposition, s.polarity,"
                f" s.actor_id ORDER BY {STANCE_ORDER}) AS rank_in_holder"
                " FROM stances s LEFT JOIN actors a ON a.id = s.actor_id"
                " JOIN articles ar ON ar.id = s.article_id{where}) t WHERE rank_in_holder <= ?")


def holders(store: SQLiteStore, f, *, keep: Callable, evidence: int) -> dict[tuple[str, str], dict]:
    """Per (proposition, polarity), the holders of the stances ``f`` keeps (rejected ones left
    out): {actor_id: {actor, actor_id, evidence_count, first, last, evidence}} with the first
    ``evidence`` stances of each (by the stance order)."""
    aff = Affected.of(store)
    rv = aff.reviewed
    plain = type(f)(actor=f.actor, proposition=f.proposition, outlet=f.outlet, date_from=f.date_from,
                    date_to=f.date_to)
    where, params = _stance_where(plain, aff)
    out: dict[tuple[str, str], dict] = {}

    def holder(prop: str, polarity: str, actor_id: str, name: str) -> dict:
        side = out.setdefault((prop, polarity), {})
        return side.setdefault(actor_id, {"actor": name, "actor_id": actor_id, "evidence_count": 0,
                                          "first": None, "last": None, "evidence": []})

    def dates(h: dict, first: str | None, last: str | None) -> None:
        if first and (h["first"] is None or first < h["first"]):
            h["first"] = first
        if last and (h["last"] is None or last > h["last"]):
            h["last"] = last

    for r in store.db.execute(HOLDER_SQL + where + " GROUP BY s.proposition, s.polarity, s.actor_id", params):
        h = holder(r["proposition"], r["polarity"], r["actor_id"], r["actor"])
        h["evidence_count"] += r["n"]
        dates(h, r["first"], r["last"])
    if evidence:
        for r in store.db.execute(EVIDENCE_SQL.format(where=where), [*params, evidence]):
            s = rv._stance(r)
            s.pop("rank_in_holder", None)
            holder(s["proposition"], s["polarity"], s["actor_id"], s["actor_name"])["evidence"].append(s)
    for chunk in _chunks(sorted(aff.articles)):
        stances = [s for s in _stances_of(store, rv, chunk)
                   if s["review"] != "rejected" and (f.actor is None or s["actor_id"] == f.actor)
                   and (f.proposition is None or s["proposition"] == f.proposition)]
        for s in sorted(keep(stances, f), key=stance_key):
            h = holder(s["proposition"], s["polarity"], s["actor_id"], s.get("actor_name") or s["actor"])
            h["evidence_count"] += 1
            d = s.get("date") or s.get("published")
            dates(h, d, d)
            if evidence:
                h["evidence"].append(s)
    if evidence:
        for side in out.values():
            for h in side.values():
                h["evidence"] = sorted(h["evidence"], key=stance_key)[:evidence]
    return out
