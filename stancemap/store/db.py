"""The store: SQLite (one file) or PostgreSQL, versioned schema, one transaction per article."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy.engine import make_url

from ..errors import StoreError, damaged_message
from ..model import ArticleResult, Codebook, Problem, RunInfo
from .migrations import SCHEMA_VERSION, script
from .search import fts_query, run_search, run_search_postgres  # noqa: F401 - fts_query is part of the store's API
from .sql import DB_ERRORS, Row, display_name, is_postgres_url, is_url, open_database

log = logging.getLogger(__name__)


# The advisory lock PostgreSQL migrations run under (any constant; "stancemap" in ASCII digits).
POSTGRES_LOCK = 7_384_122_311


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """The store behind every command, on SQLite or PostgreSQL (see :mod:`stancemap.store.sql`).

    ``readonly`` opens a SQLite file with ``mode=ro`` and a PostgreSQL session read-only
    (exports, report). ``db`` is the connection (:class:`~stancemap.store.sql.Database`);
    ``target`` what the user gave, ``name`` the same without a URL's password; ``path`` the
    SQLite file, or None on PostgreSQL.
    """

    def __init__(self, target: str | Path, *, readonly: bool = False) -> None:
        self.readonly = readonly
        self.target = str(target)  # what opens it again (a URL keeps its password here)
        self.name = display_name(target)
        if not is_url(str(target)) or str(target).startswith("sqlite:"):
            path = Path(make_url(str(target)).database) if str(target).startswith("sqlite:") else Path(target)
            self._check_file(path, readonly=readonly)
            if not readonly:
                path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db, self.path = open_database(target, readonly=readonly)
        except StoreError as err:
            if is_postgres_url(str(target)):
                raise
            cause = getattr(err.__cause__, "orig", None)
            if isinstance(cause, sqlite3.DatabaseError) and "malformed" in str(cause):
                raise StoreError(damaged_message(self.name, cause)) from err
            raise StoreError(f"{self.name}: cannot open the database ({err}); is it a stancemap "
                             "SQLite file?") from err
        try:
            self._migrate()
        except DB_ERRORS as err:
            self.db.close()
            if self.db.postgres:
                raise StoreError(f"{self.name}: cannot read the database ({err})") from err
            raise StoreError(f"{self.name}: cannot open the database ({err}); is it a stancemap "
                             "SQLite file?") from err
        except BaseException:
            self.db.close()
            raise

    @staticmethod
    def _check_file(path: Path, *, readonly: bool) -> None:
        if readonly and not path.exists():
            raise StoreError(f"{path}: no such database; create it with `stancemap run ... --db {path}`")
        if readonly and path.is_file() and path.stat().st_size == 0:
            raise StoreError(f"{path}: an empty file (0 bytes), not a stancemap database; give "
                             "the file `stancemap run --db` wrote")

    @property
    def dialect(self) -> str:
        """sqlite | postgresql"""
        return self.db.dialect

    # -- schema -----------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        if self.db.postgres:
            if not self._has_table("stancemap_schema"):
                return 0
            row = self.db.execute("SELECT max(version) FROM stancemap_schema").fetchone()
            return row[0] or 0
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _has_table(self, name: str) -> bool:
        if self.db.postgres:
            return self.db.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0]
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                               (name,)).fetchone() is not None

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.name}: written by a newer stancemap (schema {version}, this one "
                             f"knows up to {SCHEMA_VERSION}); upgrade stancemap to read it")
        if version == SCHEMA_VERSION:
            return
        if self.readonly and version == 0 and not self._has_table("articles"):
            where = "the database `stancemap run --db` wrote" if self.db.postgres else \
                "the file `stancemap run --db` wrote"
            raise StoreError(f"{self.name}: not a stancemap database (no stancemap tables); give {where}")
        if self.readonly:
            raise StoreError(f"{self.name}: schema {version} is older than {SCHEMA_VERSION}; run "
                             "any `stancemap run` on it once to upgrade it")
        if self.db.postgres:
            self._migrate_postgres()
            return
        for number in range(version, SCHEMA_VERSION):
            log.info("migrating %s to schema %d", self.name, number + 1)
            self.db.executescript("BEGIN;" + script(number, "sqlite")
                                  + f";PRAGMA user_version = {number + 1};COMMIT;")

    def _migrate_postgres(self) -> None:
        """Each missing migration in its own transaction, under a lock so that two processes
        opening a new database at once migrate it once."""
        with self.db:
            self.db.execute("SELECT pg_advisory_xact_lock(?)", (POSTGRES_LOCK,))
            self.db.execute("CREATE TABLE IF NOT EXISTS stancemap_schema (version INTEGER NOT NULL,"
                            " applied TEXT NOT NULL)")
        while (version := self.schema_version) < SCHEMA_VERSION:
            with self.db:
                self.db.execute("SELECT pg_advisory_xact_lock(?)", (POSTGRES_LOCK,))
                if self.schema_version != version:
                    continue
                log.info("migrating %s to schema %d", self.name, version + 1)
                self.db.executescript(script(version, "postgresql"))
                self.db.execute("INSERT INTO stancemap_schema (version, applied) VALUES (?, ?)",
                                (version + 1, now()))

    def close(self) -> None:
        self.db.close()

    def check(self, *, quick: bool = False) -> list[str]:
        """What the database's own check finds wrong with it ([] when it is sound).

        On SQLite, ``quick`` runs ``PRAGMA quick_check`` (no index cross-check: about as fast as
        reading the file once) instead of ``integrity_check``. PostgreSQL guards its own pages
        (checksums, WAL); there the check reads every table once and verifies that the schema is
        the one this stancemap writes.
        """
        if self.db.postgres:
            problems = []
            for table in ("articles", "quotes", "stances", "actors", "corrections", "search_docs"):
                try:
                    self.db.execute(f"SELECT count(*) FROM {table}").fetchone()
                except DB_ERRORS as err:
                    problems.append(f"{table}: {err}")
            return problems
        pragma = "quick_check" if quick else "integrity_check"
        try:
            rows = [r[0] for r in self.db.execute(f"PRAGMA {pragma}(100)")]
        except sqlite3.DatabaseError as err:
            return [str(err)]
        return [] if rows == ["ok"] else rows

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------

    def start_run(self, run: RunInfo) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO runs (id, started, model, workers, codebook, inputs, versions, methods)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (run.id, run.started, run.model, run.workers, run.codebook,
                 json.dumps(list(run.inputs)), json.dumps(run.versions), json.dumps(run.methods)))

    def finish_run(self, run: RunInfo, *, status: str, skipped: int = 0) -> None:
        with self.db:
            self.db.execute(
                "UPDATE runs SET finished = ?, status = ?, articles = ?, skipped = ?, problems = ?"
                " WHERE id = ?",
                (run.finished or now(), status, run.articles, skipped, run.problems, run.id))

    def save_codebook(self, codebook: Codebook) -> None:
        """Store the codebook's propositions (updated in place; propositions never vanish)."""
        stamp = now()
        with self.db:
            self.db.executemany(
                "INSERT INTO propositions (id, statement, keywords, support_examples, oppose_examples,"
                " description, codebook, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET statement = excluded.statement,"
                " keywords = excluded.keywords, support_examples = excluded.support_examples,"
                " oppose_examples = excluded.oppose_examples, description = excluded.description,"
                " codebook = excluded.codebook, updated = excluded.updated",
                [(p.id, p.statement, json.dumps(list(p.keywords)), json.dumps(list(p.support_examples)),
                  json.dumps(list(p.oppose_examples)), p.description, codebook.path, stamp)
                 for p in codebook.propositions])

    def analysis_key(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT analysis_key FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def write_article(self, result: ArticleResult, *, run_id: str, analysis_key: str) -> None:
        """Replace everything stored for this article, in one transaction.

        If anything fails, the transaction rolls back and the article's earlier records stay.
        """
        a = result.article
        try:
            with self.db:
                self._write_article(result, run_id=run_id, analysis_key=analysis_key)
        except DB_ERRORS as err:
            raise StoreError(f"{a.source}: cannot store the article ({_message(err)})") from err

    def _write_article(self, result: ArticleResult, *, run_id: str, analysis_key: str) -> None:
        a = result.article
        db = self.db
        db.execute("DELETE FROM articles WHERE id = ?", (a.id,))  # cascades to its records
        db.execute(
            "INSERT INTO articles (id, source, path, format, url, title, outlet, author, published,"
            " fetched, language, raw_text, text, body_start, segments, repeated_paragraphs,"
            " analysis_key, run_id, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (a.id, a.source, a.path, a.format, a.url, a.title, a.outlet, a.author, a.published,
             a.fetched, a.language, a.raw_text, a.text, a.body_start,
             json.dumps([[s.start, s.raw_start, s.length] for s in a.segments]),
             a.repeated_paragraphs, analysis_key, run_id, now()))
        db.executemany(
            "INSERT INTO removed_lines (article_id, position, text, reason, raw_start) VALUES (?, ?, ?, ?, ?)",
            [(a.id, i, line.text, line.reason, line.raw_start) for i, line in enumerate(a.removed_lines)])
        # Each key once (the last record given wins, as a replace would), then plain inserts and
        # upserts that both SQLite and PostgreSQL run: INSERT ... ON CONFLICT.
        actors = {actor.id: actor for actor in result.actors}
        db.executemany("INSERT INTO actors (id, name, type) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                       [(x.id, x.name, x.type) for x in actors.values()])
        db.executemany("INSERT INTO article_actors (article_id, actor_id, name, type) VALUES (?, ?, ?, ?)",
                       [(a.id, x.id, x.name, x.type) for x in actors.values()])
        db.executemany(
            "INSERT INTO actor_aliases (actor_id, article_id, alias) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(actor.id, a.id, alias) for actor in result.actors for alias in sorted({actor.name, *actor.aliases})])
        db.executemany(
            "INSERT INTO actor_roles (actor_id, article_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(actor.id, a.id, role) for actor in result.actors for role in actor.roles])
        db.executemany(
            'INSERT INTO mentions (article_id, actor_id, start, "end", text, kind)'
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(a.id, actor.id, m.start, m.end, m.text, m.kind) for actor in result.actors for m in actor.mentions])
        quotes = {q.id: q for q in result.quotes}
        db.executemany("DELETE FROM quotes WHERE id = ?", [(qid,) for qid in quotes])  # another article's
        db.executemany(
            'INSERT INTO quotes (id, article_id, type, text, start, "end", speaker, actor_id,'
            " speaker_mention, speaker_start, speaker_end, cue, cue_start, cue_end, evidence, date,"
            " date_granularity, date_text, confidence, method, channel)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(q.id, a.id, q.type, q.text, q.start, q.end, q.speaker, q.actor_id, q.speaker_mention,
              *(q.speaker_span or (None, None)), q.cue, *(q.cue_span or (None, None)), q.evidence,
              q.date, q.date_granularity, q.date_text, q.confidence, q.method, q.channel)
             for q in quotes.values()])
        stances = {s.id: s for s in result.stances}
        db.executemany("DELETE FROM stances WHERE id = ?", [(sid,) for sid in stances])
        db.executemany(
            "INSERT INTO stances (id, article_id, actor, actor_id, proposition, polarity,"
            " evidence, evidence_start, evidence_end, quote_id, reporter, date, confidence, method)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(s.id, a.id, s.actor, s.actor_id, s.proposition, s.polarity, s.evidence,
              s.evidence_start, s.evidence_end, s.quote_id, s.reporter, s.date, s.confidence, s.method)
             for s in stances.values()])
        # Stance holders the actor stage did not list still get an actor row.
        db.executemany("INSERT INTO actors (id, name, type) VALUES (?, ?, 'unknown')"
                       " ON CONFLICT (id) DO NOTHING",
                       list({s.actor_id: (s.actor_id, s.actor) for s in stances.values()}.values()))

    def article_bodies(self) -> Iterator[tuple[str, str, str | None]]:
        """(id, cleaned body, published) of every stored article, for corpus-wide passes."""
        for row in self.db.iterate("SELECT id, substr(text, body_start + 1), published FROM articles"
                                   " ORDER BY id"):
            yield row[0], row[1], row[2]

    def replace_duplicate_groups(self, groups: Iterable[tuple[str, str, Iterable[tuple[str, float, bool]]]]) -> int:
        """Store the corpus's duplicate groups, replacing the previous grouping in one transaction.

        ``groups`` holds (group_id, kind, [(article_id, similarity, is_original), ...]).
        """
        n = 0
        with self.db:
            self.db.execute("DELETE FROM duplicate_groups")
            for group_id, kind, members in groups:
                self.db.executemany(
                    "INSERT INTO duplicate_groups (group_id, article_id, kind, similarity, original)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [(group_id, article_id, kind, similarity, int(original))
                     for article_id, similarity, original in members])
                n += 1
        return n

    def duplicate_groups(self, article_id: str | None = None) -> list[dict]:
        """Each group with its members (original first): id, source, outlet, title, published;
        with ``article_id``, only the groups that article is in."""
        where, params = "", ()
        if article_id is not None:
            where = " WHERE g.group_id IN (SELECT group_id FROM duplicate_groups WHERE article_id = ?)"
            params = (article_id,)
        rows = self.db.execute(
            "SELECT g.group_id, g.kind, g.similarity, g.original, a.id, a.source, a.outlet, a.title,"
            " a.published FROM duplicate_groups g JOIN articles a ON a.id = g.article_id" + where +
            " ORDER BY g.group_id, g.original DESC, a.published, a.source", params).fetchall()
        groups: dict[str, dict] = {}
        for r in rows:
            group = groups.setdefault(r["group_id"], {"id": r["group_id"], "kind": r["kind"], "members": []})
            group["members"].append({"article_id": r["id"], "source": r["source"], "outlet": r["outlet"],
                                     "title": r["title"], "published": r["published"],
                                     "similarity": r["similarity"], "original": bool(r["original"])})
        return list(groups.values())

    def add_problem(self, problem: Problem, *, run_id: str | None) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO problems (run_id, source, stage, message, article_id, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, problem.source, problem.stage, problem.message, problem.article_id, now()))

    def refresh_actor_names(self) -> None:
        """Give each actor the canonical name most articles use (ties: the longest)."""
        with self.db:
            rows = self.db.execute(
                "SELECT actor_id, name, type, count(*) AS n FROM article_actors"
                " GROUP BY actor_id, name, type").fetchall()
            names: dict[str, list[str]] = {}
            for r in rows:
                names.setdefault(r["actor_id"], []).append(r["name"].casefold())
            best: dict[str, tuple[bool, int, int, str, str]] = {}
            for r in rows:
                # A lone surname ranks below the full names that end with it ("Halvik" after
                # "Teodor Halvik"), however many articles use it.
                word = r["name"].casefold()
                surname_form = " " not in word and any(
                    other.endswith(" " + word) for other in names[r["actor_id"]])
                key = (not surname_form, r["n"], len(r["name"]), r["name"], r["type"])
                if r["actor_id"] not in best or key > best[r["actor_id"]]:
                    best[r["actor_id"]] = key
            self.db.executemany("UPDATE actors SET name = ?, type = ? WHERE id = ?",
                                [(v[3], v[4], k) for k, v in best.items()])

    def article_actor_rows(self) -> list[Row]:
        """Every (article, actor) pair with the name and type the article gives the actor."""
        return self.db.execute("SELECT article_id, actor_id, name, type FROM article_actors").fetchall()

    def actor_names(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT id, name FROM actors")}

    def reassign_actors(self, moves: Iterable) -> None:
        """Move each article's records of an actor to another id (``moves``: objects with
        ``article_id``, ``name``, ``type``, ``old`` and ``new``), in one transaction; actors left
        with no article are deleted."""
        moves = list(moves)
        if not moves:
            return
        with self.db:
            for m in moves:
                self.db.execute("INSERT INTO actors (id, name, type) VALUES (?, ?, ?)"
                                " ON CONFLICT (id) DO NOTHING", (m.new, m.name, m.type))
                for table in ("quotes", "stances"):
                    self.db.execute(f"UPDATE {table} SET actor_id = ? WHERE article_id = ? AND actor_id = ?",
                                    (m.new, m.article_id, m.old))
                for table, key in MOVE_KEYS.items():
                    # Rows the new id already has stay; the old id's copies of them are deleted.
                    same = "".join(f" AND x.{c} = {table}.{c}" for c in key)
                    self.db.execute(f"UPDATE {table} SET actor_id = ? WHERE article_id = ? AND actor_id = ?"
                                    f" AND NOT EXISTS (SELECT 1 FROM {table} x WHERE x.article_id = ?"
                                    f" AND x.actor_id = ?{same})",
                                    (m.new, m.article_id, m.old, m.article_id, m.new))
                    self.db.execute(f"DELETE FROM {table} WHERE article_id = ? AND actor_id = ?", (m.article_id, m.old))
            for old in {m.old for m in moves}:
                self.db.execute("DELETE FROM actors WHERE id = ? AND NOT EXISTS"
                                " (SELECT 1 FROM article_actors WHERE actor_id = ?)", (old, old))

    # -- reading ----------------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {"articles", "actors", "quotes", "stances", "problems", "runs", "propositions",
                         "corrections"}:
            raise ValueError(table)
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def articles(self) -> Iterator[Row]:
        yield from self.db.iterate(
            "SELECT * FROM articles ORDER BY coalesce(published, ''), source, id")

    def article_summaries(self) -> list[Row]:
        """Every article without its texts (raw, cleaned, segments), in the order of :meth:`articles`."""
        return self.db.execute(
            "SELECT id, source, path, format, url, title, outlet, author, published, fetched, language,"
            " repeated_paragraphs, updated FROM articles ORDER BY coalesce(published, ''), source, id").fetchall()

    def article(self, article_id: str) -> Row | None:
        return self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()

    def outlets(self) -> list[str]:
        """The outlets of the stored articles, sorted."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL AND outlet != '' ORDER BY outlet")]

    def removed_lines(self, article_id: str) -> list[Row]:
        return self.db.execute("SELECT * FROM removed_lines WHERE article_id = ? ORDER BY position",
                               (article_id,)).fetchall()

    def quotes(self, article_id: str | None = None) -> list[Row]:
        sql = ("SELECT q.*, coalesce(a.name, q.speaker) AS actor_name, ar.title AS article_title,"
               " ar.outlet AS outlet, ar.published AS published, ar.source AS source"
               " FROM quotes q LEFT JOIN actors a ON a.id = q.actor_id"
               " JOIN articles ar ON ar.id = q.article_id")
        if article_id is not None:
            return self.db.execute(sql + " WHERE q.article_id = ? ORDER BY q.start", (article_id,)).fetchall()
        # Ties broken by id and NULL dates first, so both backends list records alike.
        return self.db.execute(sql + " ORDER BY coalesce(ar.published, ''), ar.source, ar.id, q.start, q.id").fetchall()

    def stances(self, article_id: str | None = None) -> list[Row]:
        sql = ("SELECT s.*, coalesce(a.name, s.actor) AS actor_name, ar.title AS article_title,"
               " ar.outlet AS outlet, ar.published AS published, ar.source AS source"
               " FROM stances s LEFT JOIN actors a ON a.id = s.actor_id"
               " JOIN articles ar ON ar.id = s.article_id")
        if article_id is not None:
            return self.db.execute(sql + " WHERE s.article_id = ?"
                                   " ORDER BY s.evidence_start, s.actor, s.proposition, s.polarity, s.id",
                                   (article_id,)).fetchall()
        return self.db.execute(sql + " ORDER BY s.proposition, coalesce(ar.published, ''), ar.source,"
                               " s.article_id, s.evidence_start, s.id").fetchall()

    def _names_by_actor(self, table: str, column: str, article_id: str | None = None) -> dict[str, list[str]]:
        """Each actor's distinct aliases or roles, sorted: one query, not one per actor."""
        if article_id is None:
            rows = self.db.execute(f"SELECT DISTINCT actor_id, {column} FROM {table}")
        else:
            rows = self.db.execute(f"SELECT actor_id, {column} FROM {table} WHERE article_id = ?",
                                   (article_id,))
        out: dict[str, set[str]] = {}
        for r in rows:
            out.setdefault(r[0], set()).add(r[1])
        return {k: sorted(v) for k, v in out.items()}

    def article_actors(self, article_id: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT aa.actor_id, coalesce(a.name, aa.name) AS name, aa.type FROM article_actors aa"
            " LEFT JOIN actors a ON a.id = aa.actor_id WHERE aa.article_id = ? ORDER BY name",
            (article_id,)).fetchall()
        aliases = self._names_by_actor("actor_aliases", "alias", article_id)
        roles = self._names_by_actor("actor_roles", "role", article_id)
        return [{"id": r["actor_id"], "name": r["name"], "type": r["type"],
                 "aliases": aliases.get(r["actor_id"], []), "roles": roles.get(r["actor_id"], [])}
                for r in rows]

    def article_ids_naming(self, actor_id: str) -> set[str]:
        """The ids of the articles that name this actor."""
        return {r[0] for r in self.db.execute("SELECT article_id FROM article_actors WHERE actor_id = ?",
                                              (actor_id,))}

    def actors(self) -> list[dict]:
        """Every actor with its aliases, roles and counts of articles, quotes and stances."""
        rows = self.db.execute(
            "SELECT a.id, a.name, a.type,"
            " (SELECT count(*) FROM article_actors x WHERE x.actor_id = a.id) AS articles,"
            " (SELECT count(*) FROM quotes q WHERE q.actor_id = a.id) AS quotes,"
            " (SELECT count(*) FROM stances s WHERE s.actor_id = a.id) AS stances"
            " FROM actors a ORDER BY quotes DESC, stances DESC, articles DESC, a.name").fetchall()
        aliases = self._names_by_actor("actor_aliases", "alias")
        roles = self._names_by_actor("actor_roles", "role")
        return [{**dict(r), "aliases": aliases.get(r["id"], []), "roles": roles.get(r["id"], [])}
                for r in rows]

    def propositions(self) -> list[Row]:
        return self.db.execute("SELECT id, statement, keywords, support_examples, oppose_examples,"
                               " description, codebook, updated FROM propositions ORDER BY rowid").fetchall()

    def problems(self, run_id: str | None = None) -> list[Row]:
        if run_id is None:
            return self.db.execute("SELECT * FROM problems ORDER BY id").fetchall()
        return self.db.execute("SELECT * FROM problems WHERE run_id = ? ORDER BY id", (run_id,)).fetchall()

    def search(self, query: str, *, limit: int = 50, offset: int = 0,
               cancel: threading.Event | None = None) -> list[dict]:
        """Full-text search over article titles and bodies and quote texts, best matches first.

        ``query`` is what a user types: words (all must match), "quoted phrases", ``word*``
        prefixes and OR; nothing in it can break the search syntax. Each hit has kind
        (article | quote), id, article_id, title, outlet, published, speaker (quotes) and
        snippet, in which the matched words are wrapped in \x02 and \x03 (escape the snippet
        before turning those into markup). Over the caps it raises SearchQueryError; past its
        time budget SearchTimeout; once ``cancel`` is set SearchCancelled (see
        :mod:`stancemap.store.search`).
        """
        if self.db.postgres:
            return run_search_postgres(self.db, query, limit=limit, offset=offset, cancel=cancel)
        return run_search(self.db.dbapi, query, limit=limit, offset=offset, cancel=cancel)

    def runs(self) -> list[Row]:
        return self.db.execute("SELECT * FROM runs ORDER BY started").fetchall()


# The other key columns of each per-article actor table (after article_id and actor_id).
MOVE_KEYS = {"article_actors": (), "actor_aliases": ("alias",), "actor_roles": ("role",),
             "mentions": ("start", '"end"')}

# The store's old name, from when SQLite was its only backend.
SQLiteStore = Store


def _message(err: BaseException) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def open_store(target: str | Path, *, readonly: bool = False) -> Store:
    """Open the store a ``--db`` value names: a SQLite file path (or ``sqlite:///path``), or a
    ``postgresql://user@host:port/name`` URL."""
    return Store(target, readonly=readonly)
