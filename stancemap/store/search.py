"""Full-text search over the store, safe against hostile queries.

What a user types becomes an FTS5 query in which every word is quoted (:func:`fts_query`) on
SQLite, and a tsquery built from bound values (:func:`tsquery`) on PostgreSQL, so nothing can
break the query syntax. Cost is bounded three ways: the query's length and number of
terms are capped (:class:`SearchQueryError` names the cap), the query runs under an SQLite progress
handler that stops it after :data:`SEARCH_SECONDS` (:class:`SearchTimeout`), and a caller may pass
a ``threading.Event`` that stops it at once when set, e.g. when the client has gone
(:class:`SearchCancelled`).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time

from ..errors import StancemapError

# Caps on what one search may ask. A 1,600-term OR query cost 33 s of CPU in snippet()/bm25();
# at these caps every query measured under 1 s on a 10,000-article database
# (bench/bench_search.py), and a real search is a few words.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12
# A prefix search on one or two letters expands to most of the vocabulary.
MIN_PREFIX_CHARS = 3
# Wall-clock budget of one search (seconds): a safety net above the measured worst case of a
# query within the caps (bench/bench_search.py), not a limit a real search meets.
SEARCH_SECONDS = 3.0
# Ranking (bm25) costs per matching document: one common word in all 60,000 documents of a
# 10,000-article database took 200 ms to rank, twelve OR'ed ones 520 ms, while finding the
# matches took 2-33 ms (bench/bench_search.py). A search matching more documents than this is
# ranked among the most recently stored this many of its matches.
RANK_MAX_MATCHES = 20_000
# SQLite virtual-machine steps between two checks of the budget and the cancel flag: about a
# millisecond of work, so a stop takes effect at once without slowing the search measurably.
PROGRESS_STEPS = 10_000

_QUERY_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


class SearchQueryError(StancemapError, ValueError):
    """The search terms are over a cap or cannot be searched for; the message says which."""


class SearchTimeout(StancemapError):
    """The search ran past its time budget and was stopped."""


class SearchCancelled(StancemapError):
    """The search was stopped because its caller asked (the client went away)."""


def parse_query(query: str) -> list[str | tuple[str, bool]]:
    """What a user typed as terms, each (text, is_prefix), with "OR" between some of them.

    ``OR`` between terms is kept; a trailing ``*`` makes a prefix search. Raises
    SearchQueryError over :data:`MAX_QUERY_CHARS` characters or :data:`MAX_QUERY_TERMS` terms.
    """
    query = query or ""
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryError(f"the search is too long ({len(query)} characters); use at most "
                               f"{MAX_QUERY_CHARS} characters")
    query = query.replace("\x00", " ")  # FTS5 reads a NUL as the end of the query string
    parts: list[str] = []
    terms = 0
    for phrase, word in _QUERY_TOKEN.findall(query):
        if word == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        text = phrase if phrase else word
        prefix = bool(word) and word.endswith("*") and len(word) > 1
        text = text.rstrip("*") if prefix else text
        text = text.strip()
        if not text or not any(ch.isalnum() for ch in text):
            continue
        if prefix and sum(ch.isalnum() for ch in text) < MIN_PREFIX_CHARS:
            raise SearchQueryError(f"'{word}' is too short for a prefix search; give at least "
                                   f"{MIN_PREFIX_CHARS} letters before the *")
        terms += 1
        parts.append((text, prefix))
    if terms > MAX_QUERY_TERMS:
        raise SearchQueryError(f"the search has {terms} words or phrases; use at most "
                               f"{MAX_QUERY_TERMS} words or phrases")
    while parts and parts[-1] == "OR":
        parts.pop()
    while parts and parts[0] == "OR":
        parts.pop(0)
    return parts


def fts_query(query: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word or "phrase" quoted, ANDed
    (see :func:`parse_query`)."""
    return " ".join(p if p == "OR" else '"' + p[0].replace('"', '""') + '"' + ("*" if p[1] else "")
                    for p in parse_query(query))


def tsquery(query: str) -> tuple[str, dict[str, str]]:
    """What a user typed as a PostgreSQL tsquery expression over bound values, and the values:
    a phrase or word is ``phraseto_tsquery``, a prefix ``word:*``; AND binds tighter than OR,
    as in FTS5. ("", {}) when there is nothing to search for."""
    groups: list[list[str]] = [[]]
    values: dict[str, str] = {}
    for part in parse_query(query):
        if part == "OR":
            groups.append([])
            continue
        text, prefix = part
        name = f"t{len(values)}"
        if prefix:
            values[name] = text.casefold()
            groups[-1].append(f"to_tsquery('simple', quote_literal(:{name}) || ':*')")
        else:
            values[name] = text
            groups[-1].append(f"phraseto_tsquery('simple', :{name})")
    groups = [g for g in groups if g]
    if not groups:
        return "", {}
    return " || ".join("(" + " && ".join(g) + ")" for g in groups), values


# The rowid from which matches are ranked: the RANK_MAX_MATCHES-th newest match (FTS5 walks
# matches by rowid cheaply, without ranking them).
FLOOR_SQL = ("SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid DESC"
             " LIMIT 1 OFFSET ?")
# Ranked inside FTS5 ("ORDER BY rank" with the weights as a rank function): FTS5 then hands rows
# over best first and the snippet is made for the returned page only. Ranking with bm25() in the
# select list made SQLite sort every match with its snippet: 157 ms on 300 articles for 12 common
# words, growing with the number of matches (bench/bench_search.py).
SEARCH_SQL = (
    "SELECT d.kind, d.ref, d.article_id, a.title, a.outlet, a.published, q.speaker, s.snippet,"
    " s.score FROM (SELECT rowid AS rid, snippet(search_index, 1, char(2), char(3), '…', 16)"
    " AS snippet, rank AS score FROM search_index WHERE search_index MATCH ?"
    " AND rank MATCH 'bm25(2.0, 1.0)' AND rowid >= ? ORDER BY rank LIMIT ? OFFSET ?) AS s"
    " JOIN search_docs d ON d.rowid = s.rid"
    " JOIN articles a ON a.id = d.article_id"
    " LEFT JOIN quotes q ON d.kind = 'quote' AND q.id = d.ref"
    " ORDER BY s.score")


def run_search(db: sqlite3.Connection, query: str, *, limit: int = 50, offset: int = 0,
               cancel: threading.Event | None = None,
               budget: float | None = None) -> list[dict]:
    """Hits for ``query`` (see :meth:`SQLiteStore.search`), best first, under the time budget.

    A query matching more than RANK_MAX_MATCHES documents is ranked among the newest of them.
    """
    match = fts_query(query)
    if not match:
        return []
    seconds = SEARCH_SECONDS if budget is None else budget
    deadline = time.monotonic() + seconds
    stopped: list[str] = []

    def check() -> int:
        if cancel is not None and cancel.is_set():
            stopped.append("cancelled")
            return 1
        if time.monotonic() > deadline:
            stopped.append("timeout")
            return 1
        return 0

    db.set_progress_handler(check, PROGRESS_STEPS)
    cur = db.cursor()
    cur.row_factory = sqlite3.Row
    try:
        if check():
            raise sqlite3.OperationalError("interrupted")
        floor = cur.execute(FLOOR_SQL, (match, RANK_MAX_MATCHES - 1)).fetchone()
        rows = cur.execute(SEARCH_SQL, (match, floor[0] if floor else -2**63, limit, offset)).fetchall()
    except sqlite3.OperationalError as err:
        if stopped and stopped[-1] == "cancelled":
            raise SearchCancelled("the search was cancelled") from err
        if stopped:
            raise SearchTimeout(f"the search took longer than {seconds:g} s and was stopped; "
                                "use fewer words, longer prefixes or a phrase") from err
        raise
    finally:
        cur.close()
        db.set_progress_handler(None, 0)
    return [{"kind": r["kind"], "id": r["ref"], "article_id": r["article_id"], "title": r["title"],
             "outlet": r["outlet"], "published": r["published"], "speaker": r["speaker"],
             "snippet": r["snippet"], "score": round(-r["score"], 4)} for r in rows]


# PostgreSQL: the newest RANK_MAX_MATCHES matches (found through the GIN index) are ranked with
# ts_rank (title weight 1.0, body 0.5, as bm25(2.0, 1.0) weighs them on SQLite), and the snippet
# is made for the returned page only, from the first SNIPPET_CHARS characters of the text.
SNIPPET_CHARS = 100_000
HEADLINE_OPTIONS = ("StartSel=\x02, StopSel=\x03, MaxWords=16, MinWords=6, ShortWord=0, "
                    "MaxFragments=1, FragmentDelimiter=\u2026")
POSTGRES_SEARCH_SQL = """
WITH q AS (SELECT {query} AS query),
matches AS (
    SELECT d.rowid, d.kind, d.ref, d.article_id, d.document FROM search_docs d, q
    WHERE d.document @@ q.query ORDER BY d.rowid DESC LIMIT :cap),
page AS (
    SELECT m.rowid, m.kind, m.ref, m.article_id, ts_rank('{{0.5, 0, 0, 1.0}}', m.document, q.query) AS score
    FROM matches m, q ORDER BY score DESC, m.rowid DESC LIMIT :limit OFFSET :offset)
SELECT p.kind, p.ref, p.article_id, a.title, a.outlet, a.published, qt.speaker, p.score,
    ts_headline('simple', CASE WHEN p.kind = 'quote' THEN qt.text
                          ELSE substr(a.text, a.body_start + 1, :snippet_chars) END,
                q.query, :options) AS snippet
FROM page p CROSS JOIN q JOIN articles a ON a.id = p.article_id
LEFT JOIN quotes qt ON p.kind = 'quote' AND qt.id = p.ref
ORDER BY p.score DESC, p.rowid DESC
"""


def run_search_postgres(db, query: str, *, limit: int = 50, offset: int = 0,
                        cancel: threading.Event | None = None,
                        budget: float | None = None) -> list[dict]:
    """:func:`run_search` on PostgreSQL (``db``: a :class:`stancemap.store.sql.Database`): the
    budget is the statement's timeout, and ``cancel`` cancels the running statement."""
    import psycopg

    expression, values = tsquery(query)
    if not expression:
        return []
    seconds = SEARCH_SECONDS if budget is None else budget
    if cancel is not None and cancel.is_set():
        raise SearchCancelled("the search was cancelled")
    sql = POSTGRES_SEARCH_SQL.format(query=expression)
    done = threading.Event()
    connection = None

    def watch() -> None:
        while not done.wait(0.05):
            if cancel is not None and cancel.is_set():
                connection.cancel_safe(timeout=1.0)
                return

    try:
        with db:
            connection = db.dbapi
            db.execute(f"SET LOCAL statement_timeout = {max(1, int(seconds * 1000))}")
            watcher = threading.Thread(target=watch, daemon=True) if cancel is not None else None
            if watcher is not None:
                watcher.start()
            try:
                rows = db.execute(sql, {**values, "cap": RANK_MAX_MATCHES, "limit": limit,
                                        "offset": offset, "snippet_chars": SNIPPET_CHARS,
                                        "options": HEADLINE_OPTIONS}).fetchall()
            finally:
                done.set()
    except psycopg.errors.QueryCanceled as err:
        if cancel is not None and cancel.is_set():
            raise SearchCancelled("the search was cancelled") from err
        raise SearchTimeout(f"the search took longer than {seconds:g} s and was stopped; "
                            "use fewer words, longer prefixes or a phrase") from err
    return [{"kind": r["kind"], "id": r["ref"], "article_id": r["article_id"], "title": r["title"],
             "outlet": r["outlet"], "published": r["published"], "speaker": r["speaker"],
             "snippet": r["snippet"], "score": round(float(r["score"]), 4)} for r in rows]
