"""The SQLite schema of a Zhitu graph file, versioned with ``PRAGMA user_version``.

Extracted assertions (entity_docs, aliases, mentions, relations, funding_rounds)
belong to one document each and are replaced with it. ``entities`` holds one row per
IRI ever minted (so IRIs outlive the documents that named them) with types and
attributes aggregated over the documents. User edits live in ``edits`` (and
``user_edges`` for added edges) and are applied over the assertions at read time.
"""

from __future__ import annotations

# 2: entities get an integer id; relations point at it
# 3: name_bigrams (two-character fragments), covering relation indexes for neighbourhoods
# 4: views (the explorer's saved views and last picture, JSON)
SCHEMA_VERSION = 4

# Tables the store owns: a file with other tables and user_version 0 is someone else's.
TABLES = (
    "documents",
    "entities",
    "entity_docs",
    "aliases",
    "mentions",
    "relations",
    "funding_rounds",
    "edits",
    "user_edges",
    "names_fts",
    "name_bigrams",
    "views",
)

DDL = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    path TEXT,
    sha256 TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    year INTEGER,
    encoding TEXT NOT NULL DEFAULT '',
    media_type TEXT NOT NULL DEFAULT '',
    text TEXT,
    n_blocks INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,             -- relations refer to this: 8 bytes, not a 50-byte IRI, per end
    iri TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    types TEXT NOT NULL DEFAULT '[]',   -- JSON list, primary type first
    attrs TEXT NOT NULL DEFAULT '{}',   -- JSON object
    key TEXT NOT NULL                   -- graph.resolve.name_key of the label it was minted from
);
CREATE INDEX IF NOT EXISTS entities_key ON entities(key);
-- one row per (entity, document): what that document said about it
CREATE TABLE IF NOT EXISTS entity_docs (
    iri TEXT NOT NULL REFERENCES entities(iri),
    doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    types TEXT NOT NULL DEFAULT '[]',
    attrs TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (iri, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_docs_doc ON entity_docs(doc);
CREATE TABLE IF NOT EXISTS edits (
    id INTEGER PRIMARY KEY,
    op TEXT NOT NULL,
    payload TEXT NOT NULL,              -- JSON
    created_at TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0   -- 0 active, 1 undone (redoable), 2 undone and superseded
);
-- names and aliases; doc is NULL for names added by an edit (rename)
CREATE TABLE IF NOT EXISTS aliases (
    id INTEGER PRIMARY KEY,
    iri TEXT NOT NULL REFERENCES entities(iri),
    alias TEXT NOT NULL,
    folded TEXT NOT NULL,               -- graph.resolve.name_key(alias)
    lang TEXT NOT NULL DEFAULT '',
    doc INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    edit INTEGER REFERENCES edits(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS aliases_folded ON aliases(folded);
CREATE INDEX IF NOT EXISTS aliases_iri ON aliases(iri);
CREATE INDEX IF NOT EXISTS aliases_doc ON aliases(doc);
CREATE TABLE IF NOT EXISTS mentions (
    iri TEXT NOT NULL REFERENCES entities(iri),
    doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    block INTEGER NOT NULL DEFAULT -1,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_iri ON mentions(iri);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc);
CREATE TABLE IF NOT EXISTS relations (
    id INTEGER PRIMARY KEY,
    s INTEGER NOT NULL REFERENCES entities(id),
    p TEXT NOT NULL,
    o INTEGER NOT NULL REFERENCES entities(id),
    doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    block INTEGER NOT NULL DEFAULT -1,
    evidence TEXT NOT NULL DEFAULT '',
    start INTEGER NOT NULL DEFAULT 0,
    "end" INTEGER NOT NULL DEFAULT 0,
    confidence REAL NOT NULL DEFAULT 1.0,
    rule TEXT NOT NULL DEFAULT '',
    UNIQUE (doc, block, s, p, o)
);
-- covering (s, p, o) and (o, s): a neighbourhood walk reads only the indexes
CREATE INDEX IF NOT EXISTS relations_sp ON relations(s, p, o);
CREATE INDEX IF NOT EXISTS relations_o ON relations(o, s);
CREATE TABLE IF NOT EXISTS funding_rounds (
    relation INTEGER PRIMARY KEY REFERENCES relations(id) ON DELETE CASCADE,
    round TEXT,
    amount TEXT,
    currency TEXT,
    date TEXT,
    lead TEXT,
    attrs TEXT NOT NULL DEFAULT '{}'    -- the relation's attrs as given (JSON), for exact round trips
);
CREATE TABLE IF NOT EXISTS user_edges (
    id INTEGER PRIMARY KEY,
    edit INTEGER NOT NULL REFERENCES edits(id) ON DELETE CASCADE,
    s TEXT NOT NULL,
    p TEXT NOT NULL,
    o TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS user_edges_edit ON user_edges(edit);
-- name index: trigram FTS over folded names for queries of 3+ characters
-- (unicode61 finds nothing inside unsegmented Chinese); two-character ones use name_bigrams
CREATE VIRTUAL TABLE IF NOT EXISTS names_fts USING fts5(
    folded, content='aliases', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER IF NOT EXISTS aliases_ai AFTER INSERT ON aliases BEGIN
    INSERT INTO names_fts(rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER IF NOT EXISTS aliases_ad AFTER DELETE ON aliases BEGIN
    INSERT INTO names_fts(names_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
END;
CREATE TRIGGER IF NOT EXISTS aliases_au AFTER UPDATE ON aliases BEGIN
    INSERT INTO names_fts(names_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
    INSERT INTO names_fts(rowid, folded) VALUES (new.id, new.folded);
END;
-- every distinct two-character piece of each folded name (graph.store.store.bigrams),
-- written by the store next to the alias (SQLite triggers cannot split a string).
-- Ordered by name length, so "the shortest names containing 科技" is a range scan, and
-- the length bounds the fuzzy pass's candidates. alias is not a foreign key: search
-- re-checks the fragment, so a row left by an alias deleted behind the store's back is harmless.
CREATE TABLE IF NOT EXISTS name_bigrams (
    gram TEXT NOT NULL,
    len INTEGER NOT NULL,               -- length of the folded name
    alias INTEGER NOT NULL,             -- aliases.id
    PRIMARY KEY (gram, len, alias)
) WITHOUT ROWID;
-- the explorer's named views (visible set, filters, selection, positions, zoom as JSON),
-- kept in the graph file so they travel with it; name '' is the last picture shown
CREATE TABLE IF NOT EXISTS views (
    name TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
"""

# Upgrade of a schema-2 file (done on a writable open, in one transaction): the
# bigram rows are filled by the store afterwards, in the same transaction.
MIGRATE_2_TO_3 = """
DROP INDEX IF EXISTS relations_sp;
DROP INDEX IF EXISTS relations_o;
"""
