"""Copy every record of one store into another: SQLite to PostgreSQL and back.

The target must be new (no articles yet); both are at the current schema once opened. Search
indexes are rebuilt by the target's own triggers, and identity counters (corrections, problems)
continue after the copied ids.
"""

from __future__ import annotations

from ..errors import StoreError
from .db import Store

# Parents before children; the search tables are the target's own (triggers fill them).
ORDER = ("runs", "articles", "removed_lines", "actors", "article_actors", "actor_aliases",
         "actor_roles", "mentions", "quotes", "stances", "propositions", "problems",
         "duplicate_groups", "corrections")
SKIP = {"search_docs", "search_index", "stancemap_schema"}
IDENTITY = {"problems": "id", "corrections": "id"}
BATCH = 2_000


def tables(store: Store) -> list[str]:
    """The store's tables in the order a copy writes them (tables added by later migrations last)."""
    if store.db.postgres:
        names = {r[0] for r in store.db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_type = 'BASE TABLE'")}
    else:
        names = {r[0] for r in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")}
    names = {n for n in names if n not in SKIP and not n.startswith("search_index")}
    return [t for t in ORDER if t in names] + sorted(names - set(ORDER))


def _columns(store: Store, table: str) -> list[str]:
    if store.db.postgres:
        cols = [r[0] for r in store.db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = ? ORDER BY ordinal_position", (table,))]
    else:
        cols = [r[1] for r in store.db.execute(f"PRAGMA table_info({table})")]
    return [c for c in cols if c != "rowid"]


def copy_database(source: Store, target: Store) -> dict[str, int]:
    """Copy ``source`` into the empty ``target`` in one transaction; rows copied per table."""
    if target.count("articles") or target.count("runs"):
        raise StoreError(f"{target.name}: already holds records; copy into a new database")
    counts: dict[str, int] = {}
    target_tables = set(tables(target))
    with target.db:
        for table in tables(source):
            if table not in target_tables:
                raise StoreError(f"{target.name}: has no table {table}; is it an older stancemap?")
            columns = _columns(source, table)
            names = ", ".join(f'"{c}"' for c in columns)
            order = " ORDER BY rowid" if table == "propositions" else ""
            insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
            batch: list[tuple] = []
            n = 0
            for row in source.db.iterate(f"SELECT {names} FROM {table}{order}"):
                batch.append(tuple(row))
                if len(batch) >= BATCH:
                    target.db.executemany(insert, batch)
                    n += len(batch)
                    batch = []
            target.db.executemany(insert, batch)
            counts[table] = n + len(batch)
            if table in IDENTITY and target.db.postgres:
                column = IDENTITY[table]
                target.db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                                  f" coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)")
    return counts
