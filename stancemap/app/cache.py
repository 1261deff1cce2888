"""Corpus-wide summaries the app would otherwise recompute on every request (the actors list
with reviewed counts, the overview's counts), kept per process until the data changes.

A summary is keyed by the database and a stamp of what it depends on: the runs (a run starting
or finishing), the number of articles, and the corrections (count, newest id and time). Any
change gives a new stamp and the next request recomputes it once; requests arriving meanwhile
wait for that one computation instead of repeating it. What is kept is bounded by the number of
actors and outlets, not by the number of articles or records.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ..store import SQLiteStore

_VALUES: dict[tuple[str, str], tuple[tuple, Any]] = {}
_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_GUARD = threading.Lock()


def stamp(store: SQLiteStore, *, corrections: bool = True) -> tuple:
    """What the summaries depend on, read in a few cheap queries."""
    db = store.db
    runs = tuple(db.execute("SELECT count(*), max(started), max(finished) FROM runs").fetchone())
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    if not corrections:
        return runs, articles
    made = tuple(db.execute("SELECT count(*), max(id), max(created) FROM corrections").fetchone())
    return runs, articles, made


def cached(store: SQLiteStore, what: str, compute: Callable[[], Any], *, corrections: bool = True) -> Any:
    """``compute()``'s value for this database as it is now, computed once per change (of the
    stored records only, when ``corrections`` is False)."""
    key = (store.target, what)
    with _GUARD:
        lock = _LOCKS.setdefault(key, threading.Lock())
    current = stamp(store, corrections=corrections)
    hit = _VALUES.get(key)
    if hit is not None and hit[0] == current:
        return hit[1]
    with lock:
        hit = _VALUES.get(key)
        if hit is not None and hit[0] == current:
            return hit[1]
        value = compute()
        _VALUES[key] = (current, value)
        return value


def clear() -> None:
    with _GUARD:
        _VALUES.clear()
