"""The database schema, as numbered migrations.

The schema version lives in SQLite's ``PRAGMA user_version``. Migrations only ever add: a new
version appends a script here (and a line to CHANGELOG.md); existing scripts never change, so a
database written by any earlier version upgrades in place without losing anything.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the initial schema.
    """
    CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        status TEXT NOT NULL DEFAULT 'running',   -- running | done | failed
        model TEXT NOT NULL,
        workers INTEGER NOT NULL,
        codebook TEXT,
        inputs TEXT NOT NULL,                     -- JSON list of the paths given
        versions TEXT NOT NULL,                   -- JSON: package and model versions
        methods TEXT NOT NULL,                    -- JSON: strategy names used per stage
        articles INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        problems INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,                      -- sha256 of the raw text
        source TEXT NOT NULL,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        url TEXT,
        title TEXT,
        outlet TEXT,
        author TEXT,
        published TEXT,
        fetched TEXT,
        language TEXT,
        raw_text TEXT NOT NULL,
        text TEXT NOT NULL,
        body_start INTEGER NOT NULL DEFAULT 0,
        segments TEXT NOT NULL,                   -- JSON [[start, raw_start, length], ...]
        repeated_paragraphs INTEGER NOT NULL DEFAULT 0,
        analysis_key TEXT NOT NULL,               -- what produced the records (model, codebook, version)
        run_id TEXT REFERENCES runs(id),
        updated TEXT NOT NULL
    );
    CREATE INDEX articles_source ON articles(source);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE removed_lines (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        reason TEXT NOT NULL,
        raw_start INTEGER NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    CREATE TABLE actors (
        id TEXT PRIMARY KEY,                      -- derived from the canonical name's key
        name TEXT NOT NULL,
        type TEXT NOT NULL
    );
    CREATE TABLE article_actors (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        name TEXT NOT NULL,                       -- the canonical name within that article
        type TEXT NOT NULL,
        PRIMARY KEY (article_id, actor_id)
    );
    CREATE INDEX article_actors_actor ON article_actors(actor_id);
    CREATE TABLE actor_aliases (
        actor_id TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        PRIMARY KEY (actor_id, article_id, alias)
    );
    CREATE INDEX actor_aliases_alias ON actor_aliases(alias);
    CREATE TABLE actor_roles (
        actor_id TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        PRIMARY KEY (actor_id, article_id, role)
    );
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (article_id, start, end, actor_id)
    );
    CREATE INDEX mentions_actor ON mentions(actor_id);
    CREATE TABLE quotes (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        speaker TEXT,
        actor_id TEXT,
        speaker_mention TEXT,
        speaker_start INTEGER,
        speaker_end INTEGER,
        cue TEXT,
        cue_start INTEGER,
        cue_end INTEGER,
        evidence TEXT NOT NULL,
        date TEXT,
        date_granularity TEXT,
        date_text TEXT,
        confidence REAL NOT NULL,
        method TEXT NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_actor ON quotes(actor_id);
    CREATE TABLE stances (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        actor TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        proposition TEXT NOT NULL,
        polarity TEXT NOT NULL CHECK (polarity IN ('support', 'oppose')),
        evidence TEXT NOT NULL,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        quote_id TEXT,
        reporter TEXT,
        date TEXT,
        confidence REAL NOT NULL,
        method TEXT NOT NULL
    );
    CREATE INDEX stances_article ON stances(article_id);
    CREATE INDEX stances_actor ON stances(actor_id);
    CREATE INDEX stances_proposition ON stances(proposition);
    CREATE TABLE propositions (
        id TEXT PRIMARY KEY,
        statement TEXT NOT NULL,
        keywords TEXT NOT NULL,                   -- JSON list
        support_examples TEXT NOT NULL,           -- JSON list
        oppose_examples TEXT NOT NULL,            -- JSON list
        description TEXT,
        codebook TEXT NOT NULL,                   -- the file it was read from
        updated TEXT NOT NULL
    );
    CREATE TABLE problems (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT REFERENCES runs(id),
        source TEXT NOT NULL,
        stage TEXT NOT NULL,
        message TEXT NOT NULL,
        article_id TEXT,
        created TEXT NOT NULL
    );
    CREATE INDEX problems_run ON problems(run_id);
    """,
    # 2: near-duplicate and syndicated copies, grouped over the whole corpus after each run.
    """
    CREATE TABLE duplicate_groups (
        group_id TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,                       -- exact | near
        similarity REAL NOT NULL,                 -- to the group's original (1.0 for the original)
        original INTEGER NOT NULL,                -- 1 for the earliest-published member
        PRIMARY KEY (group_id, article_id)
    );
    CREATE INDEX duplicate_groups_article ON duplicate_groups(article_id);
    """,
    # 3: the analyst's corrections, and full-text search over articles and quotes.
    """
    -- Corrections are the analyst's own records. They have no foreign keys on purpose: a re-run
    -- replaces an article's automatic records, never the corrections made to them.
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created TEXT NOT NULL,
        author TEXT,
        kind TEXT NOT NULL,                       -- quote.reject, stance.polarity, actor.merge, ...
        target TEXT NOT NULL,                     -- the quote, stance, actor or article id
        article_id TEXT,
        payload TEXT NOT NULL,                    -- JSON: the new values
        anchor TEXT NOT NULL,                     -- JSON: the target as it was, to find it again
        note TEXT
    );
    CREATE INDEX corrections_target ON corrections(target);
    -- Search: one row per article (title, body) and per quote (speaker, text). search_docs maps
    -- the index's rowids to records, so an article's rows are found by index when it is rewritten.
    CREATE TABLE search_docs (
        rowid INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,                       -- article | quote
        ref TEXT NOT NULL,                        -- the article or quote id
        article_id TEXT NOT NULL
    );
    CREATE INDEX search_docs_article ON search_docs(article_id);
    CREATE INDEX search_docs_ref ON search_docs(ref);
    CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
    CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
        INSERT INTO search_docs (kind, ref, article_id) VALUES ('article', new.id, new.id);
        INSERT INTO search_index (rowid, title, body)
            VALUES (last_insert_rowid(), coalesce(new.title, ''), substr(new.text, new.body_start + 1));
    END;
    CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
        DELETE FROM search_index WHERE rowid IN (SELECT rowid FROM search_docs WHERE article_id = old.id);
        DELETE FROM search_docs WHERE article_id = old.id;
    END;
    CREATE TRIGGER quotes_search_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO search_docs (kind, ref, article_id) VALUES ('quote', new.id, new.article_id);
        INSERT INTO search_index (rowid, title, body)
            VALUES (last_insert_rowid(), coalesce(new.speaker, ''), new.text);
    END;
    CREATE TRIGGER quotes_search_delete AFTER DELETE ON quotes BEGIN
        DELETE FROM search_index WHERE rowid IN (SELECT rowid FROM search_docs WHERE kind = 'quote' AND ref = old.id);
        DELETE FROM search_docs WHERE kind = 'quote' AND ref = old.id;
    END;
    INSERT INTO search_docs (kind, ref, article_id) SELECT 'article', id, id FROM articles;
    INSERT INTO search_docs (kind, ref, article_id) SELECT 'quote', id, article_id FROM quotes;
    INSERT INTO search_index (rowid, title, body)
        SELECT d.rowid, coalesce(a.title, ''), substr(a.text, a.body_start + 1)
        FROM search_docs d JOIN articles a ON a.id = d.ref WHERE d.kind = 'article';
    INSERT INTO search_index (rowid, title, body)
        SELECT d.rowid, coalesce(q.speaker, ''), q.text
        FROM search_docs d JOIN quotes q ON q.id = d.ref WHERE d.kind = 'quote';
    """,
    # The outlet or agency that relayed a quote ("..., the Guardian reported"), not its speaker.
    """
    ALTER TABLE quotes ADD COLUMN channel TEXT;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
