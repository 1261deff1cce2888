"""One connection to a stancemap database, SQLite or PostgreSQL, through SQLAlchemy Core.

``--db`` names either a SQLite file (a path, or ``sqlite:///path``) or a PostgreSQL database
(``postgresql://user@host:5432/name``; psycopg 3 is the driver). Every store method and every
module reading the store goes through :class:`Database`, which takes SQL in either placeholder
style -- positional ``?`` with a tuple, or named ``:name`` with a dict (SQLAlchemy's ``text()``) --
and returns rows readable by position and by column name, like ``sqlite3.Row``.

Transactions: ``with db:`` runs its statements in one transaction (commit on success, rollback on
error), as ``sqlite3``'s connection does. A statement outside such a block is committed at once, so
no reader ever holds a transaction (or a PostgreSQL snapshot) open between requests.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.elements import TextClause

from ..errors import StoreError

# What a failing statement raises: the driver's own exception (sqlite3's or psycopg's), as the
# callers of the SQLite-only store caught sqlite3's.
DB_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, psycopg.Error)
DAMAGED_ERRORS: tuple[type[BaseException], ...] = (sqlite3.DatabaseError, psycopg.DatabaseError)
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def is_postgres_url(target: str | Path) -> bool:
    return isinstance(target, str) and urlsplit(target).scheme.lower() in POSTGRES_SCHEMES


def is_url(target: str | Path) -> bool:
    """Whether ``target`` is a database URL rather than a file path (``C:\\x`` is a path)."""
    if not isinstance(target, str):
        return False
    scheme = urlsplit(target).scheme
    return len(scheme) > 1 and "://" in target


def display_name(target: str | Path) -> str:
    """``target`` as it may be shown or logged: a URL without its password."""
    if is_url(str(target)):
        try:
            return make_url(str(target)).render_as_string(hide_password=True)
        except SQLAlchemyError:
            return str(target).split("@")[-1]
    return str(target)


class Row(tuple):
    """One result row: a tuple that also reads columns by name (``row["title"]``, ``dict(row)``)."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@lru_cache(maxsize=512)
def _row_class(keys: tuple[str, ...]) -> type[Row]:
    index: dict[str, int] = {}
    for i, k in enumerate(keys):
        index.setdefault(k, i)  # a repeated name reads the first column, as sqlite3.Row does
    return type("Row", (Row,), {"__slots__": (), "_index": index})


class Rows:
    """A statement's result, fetched: ``fetchone``, ``fetchall``, iteration, ``lastrowid``."""

    def __init__(self, rows: list[Row], *, rowcount: int, lastrowid: Any) -> None:
        self._rows = rows
        self._pos = 0
        self.rowcount = rowcount
        self._lastrowid = lastrowid

    def fetchone(self) -> Row | None:
        if self._pos >= len(self._rows):
            return None
        self._pos += 1
        return self._rows[self._pos - 1]

    def fetchall(self) -> list[Row]:
        rest = self._rows[self._pos:]
        self._pos = len(self._rows)
        return rest

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid() if callable(self._lastrowid) else self._lastrowid


_NAME = re.compile(r"(?<![:\w\\]):(?=\w)")


@lru_cache(maxsize=2048)
def _positional(sql: str) -> tuple[TextClause, int]:
    """``sql`` with each ``?`` outside quotes as ``:p0``, ``:p1``...; colons in it escaped."""
    out: list[str] = []
    n = 0
    quote = ""
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
            out.append("\\:" if ch == ":" else ch)
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append(f":p{n}")
            n += 1
        elif ch == ":":
            out.append("\\:")
        else:
            out.append(ch)
    return text("".join(out)), n


@lru_cache(maxsize=2048)
def _named(sql: str) -> TextClause:
    return text(sql)


def _statement(sql: str, params: Sequence[Any] | Mapping[str, Any] | None) -> tuple[TextClause, dict]:
    if isinstance(params, Mapping):
        return _named(sql), dict(params)
    stmt, n = _positional(sql)
    params = tuple(params or ())
    if len(params) != n:
        raise StoreError(f"the statement takes {n} values, {len(params)} were given: {sql[:80]}")
    return stmt, {f"p{i}": v for i, v in enumerate(params)}


# One engine per database URL and mode, shared by every store opened on it in this process (the
# review app opens a store per request; PostgreSQL connections then come from the engine's pool).
_ENGINES: dict[tuple[str, bool], Engine] = {}
_ENGINES_LOCK = threading.Lock()


def sqlite_engine(path: Path, *, readonly: bool) -> Engine:
    """An engine on one SQLite file: a fresh sqlite3 connection per store (no pool), with the
    pragmas every stancemap connection needs."""
    def connect() -> sqlite3.Connection:
        if readonly:
            return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        return sqlite3.connect(path, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi: sqlite3.Connection, _record: object) -> None:
        dbapi.execute("PRAGMA foreign_keys = ON")
        # REPLACE then fires delete triggers too, which keep the search index in step.
        dbapi.execute("PRAGMA recursive_triggers = ON")
        if not readonly:
            dbapi.execute("PRAGMA journal_mode = WAL")
            dbapi.execute("PRAGMA busy_timeout = 10000")

    return engine


def postgres_engine(url: str, *, readonly: bool) -> Engine:
    """The process's engine on one PostgreSQL database (pooled connections, psycopg 3)."""
    key = (url, readonly)
    with _ENGINES_LOCK:
        if key in _ENGINES:
            return _ENGINES[key]
        parsed = make_url(url)
        parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, pool_size=10, max_overflow=10, pool_pre_ping=True)
        if readonly:
            @event.listens_for(engine, "connect")
            def _readonly(dbapi: psycopg.Connection, _record: object) -> None:
                with dbapi.cursor() as cur:
                    cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                dbapi.commit()
        _ENGINES[key] = engine
        return engine


def dispose_engine(url: str) -> None:
    """Close the pooled connections of the engines on ``url`` (both modes)."""
    with _ENGINES_LOCK:
        for key in [k for k in _ENGINES if k[0] == url]:
            _ENGINES.pop(key).dispose()


def dispose_engines() -> None:
    """Close every pooled PostgreSQL connection of this process (tests, shutdown)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


class Database:
    """One connection and its transactions; see the module's docstring."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = name
        self.dialect: str = engine.dialect.name  # sqlite | postgresql
        try:
            self.conn: Connection = engine.connect()
        except DBAPIError as err:
            raise StoreError(f"{name}: cannot connect to the database ({_first_line(err.orig)})") from err
        self._depth = 0
        self._tx = None

    @property
    def postgres(self) -> bool:
        return self.dialect == "postgresql"

    @property
    def dbapi(self) -> Any:
        """The driver's own connection (sqlite3 or psycopg), for what SQLAlchemy does not cover."""
        return self.conn.connection.dbapi_connection

    # -- transactions ---------------------------------------------------------------------------

    def __enter__(self) -> Database:
        if self._depth == 0:
            self._end()
            self._tx = self.conn.begin()
        self._depth += 1
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._depth -= 1
        if self._depth:
            return
        tx, self._tx = self._tx, None
        if tx is None or not tx.is_active:
            return
        if exc_type is None:
            try:
                tx.commit()
            except DBAPIError as err:
                raise err.orig from err
        else:
            tx.rollback()

    def _end(self) -> None:
        """Close the implicit transaction of a statement run outside ``with db:``."""
        if self.conn.in_transaction():
            self.conn.commit()

    def _failed(self, err: DBAPIError) -> BaseException:
        if self._depth == 0 and self.conn.in_transaction():
            self.conn.rollback()
        return err.orig if err.orig is not None else err

    # -- statements -----------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> Rows:
        """Run one statement; its rows are fetched before it returns."""
        stmt, binds = _statement(sql, params)
        try:
            result = self.conn.execute(stmt, binds)
            if result.returns_rows:
                cls = _row_class(tuple(result.keys()))
                rows = [cls(r) for r in result.fetchall()]
            else:
                rows = []
            lastrowid: Any = None
            if not result.returns_rows and sql.lstrip()[:6].upper() == "INSERT":
                lastrowid = self._lastval if self.postgres else result.lastrowid
            out = Rows(rows, rowcount=result.rowcount, lastrowid=lastrowid)
            if self._depth == 0:
                self._end()
            return out
        except DBAPIError as err:
            raise self._failed(err) from err

    def _lastval(self) -> Any:
        return self.conn.execute(text("SELECT lastval()")).scalar()

    def executemany(self, sql: str, seq: Iterable[Sequence[Any] | Mapping[str, Any]]) -> None:
        """Run one statement for each set of values (nothing when there are none)."""
        items = list(seq)
        if not items:
            return
        stmt = _statement(sql, items[0])[0]
        batch = [_statement(sql, p)[1] for p in items]
        try:
            self.conn.execute(stmt, batch)
            if self._depth == 0:
                self._end()
        except DBAPIError as err:
            raise self._failed(err) from err

    def iterate(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None,
                *, batch: int = 500) -> Iterator[Row]:
        """The rows of a large result, streamed (a server-side cursor on PostgreSQL), in one
        transaction held until the last row is read."""
        stmt, binds = _statement(sql, params)
        self.__enter__()
        try:
            result = self.conn.execute(stmt, binds,
                                       execution_options={"stream_results": True, "yield_per": batch})
            cls = _row_class(tuple(result.keys()))
            for r in result:
                yield cls(r)
        except DBAPIError as err:
            self.__exit__(type(err), err, None)
            raise (err.orig if err.orig is not None else err) from err
        except BaseException as err:
            self.__exit__(type(err), err, None)
            raise
        else:
            self.__exit__(None, None, None)

    def executescript(self, script: str) -> None:
        """Run several statements, no parameters (migrations); inside the caller's transaction
        on PostgreSQL, with the script's own BEGIN/COMMIT on SQLite."""
        if self.postgres:
            with self.dbapi.cursor() as cur:
                cur.execute(script)
        else:
            self._end()
            self.dbapi.executescript(script)

    def close(self) -> None:
        try:
            if self._tx is not None and self._tx.is_active:
                self._tx.rollback()
            self._end()
        finally:
            self.conn.close()


def _first_line(err: object) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def open_database(target: str | Path, *, readonly: bool) -> tuple[Database, Path | None]:
    """The database ``--db`` names, connected, and its file (None on PostgreSQL).

    No schema is made or checked here (the store does that)."""
    raw = str(target)
    if is_url(raw):
        scheme = urlsplit(raw).scheme.lower()
        if scheme in POSTGRES_SCHEMES:
            try:
                make_url(raw)
            except SQLAlchemyError as err:
                raise StoreError(f"{display_name(raw)}: not a database URL ({err})") from err
            return Database(postgres_engine(raw, readonly=readonly), display_name(raw)), None
        if scheme == "sqlite":
            url: URL = make_url(raw)
            if not url.database:
                raise StoreError(f"{raw}: give a file, as sqlite:///path/to/debate.db")
            target = Path(url.database)
        else:
            raise StoreError(f"{display_name(raw)}: unsupported database URL (use a SQLite file path, "
                             "sqlite:///path or postgresql://user@host/name)")
    path = Path(target)
    return Database(sqlite_engine(path, readonly=readonly), str(path)), path
