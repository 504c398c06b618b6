"""Entity resolution against the store's own indexes, for one import at a time.

:class:`graph.resolve.Resolver` answers from dictionaries filled with every stored
name, in store order (entity keys by rowid, then aliases by id), which took 7.5 s
to build for a 100k-entity graph before each import. :class:`StoreResolver` gives
the same answers while reading only what the new document's names can reach:

* exact and typed keys: ``entities.key`` and ``aliases.folded`` (indexed) with the
  entity's current types;
* short forms (an existing 掌阅科技 for an incoming 掌阅): the persisted table
  ``resolve_shorts`` (short key, type, long key), filled for rows added since the
  last import (watermarks in ``resolve_marks``); rows of deleted aliases are left
  there and never match, since every candidate is checked against the live rows;
* fuzzy blocks (same type, same first or last two characters, a length that can
  reach the threshold): the persisted table ``resolve_names`` (type, side, two
  characters, length, key), kept by triggers on ``aliases`` and ``entities`` so that
  every key of every entity of a fuzzy type is there under each of its types. Rows
  are never deleted (a removed document, a type an entity lost): it is a superset,
  and the keys that pass the fuzzy threshold are checked against the live rows, as
  short forms are. So a block is one range scan, with no type check per stored name.

"First owner wins" becomes "lowest store order wins" (``ord``: entity rowid, then
:data:`ALIAS_ORD` + alias id); what the document being imported adds goes to an
in-memory :class:`Resolver` consulted after the store, as it comes later in order.

>>> import sqlite3                                                        # doctest: +SKIP
>>> r = StoreResolver(conn)       # inside the import transaction        # doctest: +SKIP
>>> r.resolve(["掌阅"], ["Company"]).how                                   # doctest: +SKIP
'short'
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz, process

from graph.resolve import (
    FUZZY_THRESHOLD,
    FUZZY_TYPES,
    SHORT_SUFFIXES,
    Match,
    Resolver,
    match_in_order,
    name_key,
    short_forms,
    split_name,
)
from graph.textnorm import t2s

ALIAS_ORD = 1 << 40  # alias rows come after every entity row in store order
# the types that have short forms at all (the others have no suffixes to strip)
_ALL_TYPES = tuple(t for t, sufs in SHORT_SUFFIXES.items() if sufs)

DDL = """
CREATE TABLE IF NOT EXISTS resolve_shorts (
    short TEXT NOT NULL,     -- a short form of key for stype (graph.resolve.short_forms)
    stype TEXT NOT NULL,
    key TEXT NOT NULL,       -- entities.key or aliases.folded
    PRIMARY KEY (short, stype, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS resolve_marks (
    name TEXT PRIMARY KEY,   -- 'entities' (last rowid indexed) or 'aliases' (last id)
    value INTEGER NOT NULL
);
"""

_FUZZY_IN = ", ".join(f"'{t}'" for t in sorted(FUZZY_TYPES))


def _names_insert(key: str, types: str, source: str = "", where: str = "") -> str:
    """INSERTs of the two block rows (head, tail) of each (fuzzy type, key): ``key`` and
    ``types`` (the entity's JSON types) are expressions over ``source`` (FROM items). One
    statement per side: a joined two-row side table cost a trigger twice as much. A damaged
    types value gives no rows: the reads that decode it say the file is damaged."""
    grams = (("^", f"substr({key}, 1, 2)"), ("$", f"substr({key}, -2)"))
    return ";\n".join(
        f"""INSERT OR IGNORE INTO resolve_names SELECT j.value, '{side}', {gram}, length({key}), {key}
FROM {source + ", " if source else ""}json_each(CASE WHEN json_valid({types}) THEN {types} ELSE '[]' END) j
WHERE {key} != '' AND j.value IN ({_FUZZY_IN}){" AND " + where if where else ""}"""
        for side, gram in grams
    )


_ALIAS_ROWS = _names_insert("new.folded", "e.types", "entities e", "e.iri = new.iri")
_ENTITY_NAMES = "(SELECT new.key AS key UNION SELECT folded FROM aliases WHERE iri = new.iri) k"
# the fuzzy blocks: every (type, key) that was ever live, a superset (see the module doc)
NAMES_DDL = (
    """CREATE TABLE IF NOT EXISTS resolve_names (
    stype TEXT NOT NULL,     -- a type in graph.resolve.FUZZY_TYPES of an entity with this key
    side TEXT NOT NULL,      -- '^': gram is the first two characters of key; '$': the last two
    gram TEXT NOT NULL,
    len INTEGER NOT NULL,    -- length(key)
    key TEXT NOT NULL,       -- entities.key or aliases.folded
    PRIMARY KEY (stype, side, gram, len, key)
) WITHOUT ROWID""",
    f"""CREATE TRIGGER IF NOT EXISTS resolve_names_ai AFTER INSERT ON aliases BEGIN
{_ALIAS_ROWS};
END""",
    f"""CREATE TRIGGER IF NOT EXISTS resolve_names_au AFTER UPDATE OF iri, folded ON aliases BEGIN
{_ALIAS_ROWS};
END""",
    f"""CREATE TRIGGER IF NOT EXISTS resolve_names_ei AFTER INSERT ON entities BEGIN
{_names_insert("new.key", "new.types")};
END""",
    # a type gained (or a new key): every name of the entity joins that type's blocks
    f"""CREATE TRIGGER IF NOT EXISTS resolve_names_eu AFTER UPDATE OF types, key ON entities
WHEN new.types != old.types OR new.key != old.key BEGIN
{_names_insert("k.key", "new.types", _ENTITY_NAMES)};
END""",
)
# for a file made before the table: every stored name under its entity's types
_NAMES_FILL = _names_insert(
    "k.key",
    "e.types",
    "(SELECT iri, key FROM entities UNION SELECT iri, folded FROM aliases) k JOIN entities e ON e.iri = k.iri",
).split(";\n")
# expression indexes the fuzzy blocks were read through before resolve_names (each cost
# every insert into aliases and entities an update): dropped when resolve_names is made
_OLD_INDEXES = ("aliases_head", "aliases_tail", "entities_head", "entities_tail")

Row = tuple[int, str, tuple[str, ...]]  # (ord, iri, types of the entity)


def ensure_index(conn: sqlite3.Connection) -> int:
    """Create the index tables if needed and add the short forms of rows added since last time.

    Returns the number of keys indexed. Call inside a write transaction.
    """
    if not _has_tables(conn):
        for stmt in DDL.split(";"):  # not executescript: it would commit the caller's transaction
            if stmt.strip():
                conn.execute(stmt)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'resolve_names_eu'").fetchone() is None:
        for stmt in (*NAMES_DDL, *_NAMES_FILL):
            conn.execute(stmt)
        for name in _OLD_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
    marks = dict(conn.execute("SELECT name, value FROM resolve_marks"))
    n = 0
    for table, col, idcol in (("entities", "key", "rowid"), ("aliases", "folded", "id")):
        last = marks.get(table, 0)
        rows = conn.execute(
            f"SELECT {idcol}, {col} FROM {table} WHERE {idcol} > ? ORDER BY {idcol}", (last,)
        ).fetchall()
        if not rows:
            continue
        keys = {k for _, k in rows if k}
        # most rows of an import name known entities again (a hub, in every report)
        keys -= _indexed(conn, keys, marks)
        conn.executemany(
            "INSERT OR IGNORE INTO resolve_shorts VALUES (?, ?, ?)",
            [(short, t, k) for k in keys for t, short in short_forms(k, _ALL_TYPES)],
        )
        conn.execute("INSERT OR REPLACE INTO resolve_marks VALUES (?, ?)", (table, rows[-1][0]))
        marks[table] = rows[-1][0]
        n += len(keys)
    return n


def _indexed(conn: sqlite3.Connection, keys: set[str], marks: dict[str, int]) -> set[str]:
    """Those of ``keys`` that a row at or below the watermarks has: their short forms are in
    ``resolve_shorts`` already (rows are never taken out of it)."""
    out: set[str] = set()
    ks = sorted(keys)
    for i in range(0, len(ks), 400):
        chunk = ks[i : i + 400]
        marks_sql = ",".join("?" * len(chunk))
        for sql, mark in (
            (f"SELECT key FROM entities WHERE key IN ({marks_sql}) AND rowid <= ?", "entities"),
            (f"SELECT DISTINCT folded FROM aliases WHERE folded IN ({marks_sql}) AND id <= ?", "aliases"),
        ):
            out.update(r[0] for r in conn.execute(sql, (*chunk, marks.get(mark, 0))))
    return out


def _has_tables(conn: sqlite3.Connection) -> bool:
    names = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE name IN ('resolve_shorts', 'resolve_marks')"
        )
    }
    return len(names) == 2


class StoreResolver:
    """:class:`graph.resolve.Resolver`'s ``resolve``/``add`` over a store connection."""

    def __init__(
        self, conn: sqlite3.Connection, threshold: float = FUZZY_THRESHOLD, *, replacing: str | None = None
    ) -> None:
        self.conn = conn
        self.threshold = threshold
        self.local = Resolver(threshold=threshold)  # what this import adds, after the store
        self._rows: dict[str, list[Row]] = {}
        self._types: dict[str, tuple[str, ...]] = {}  # json text -> decoded
        self._stored_types: dict[str, set[str]] = {}
        self._keys: dict[tuple[str, str, str, int], list[str]] = {}  # (type, side, gram, len) -> keys
        self._longs: dict[tuple[str, str], list[str]] = {}  # (short, type) -> long keys (prefetched)
        self._longs_done: set[str] = set()  # shorts whose long keys are all in _longs
        self._iri_types: dict[str, tuple[str, ...]] = {}  # types of the entities of the rows read
        ensure_index(conn)
        # a document being replaced loses its aliases before its names are resolved; the
        # in-memory resolver was loaded before that, so these rows still count
        self._ghost: list[tuple[str, Row]] = []
        if replacing is not None:
            self._ghost = [
                (k, (ALIAS_ORD + aid, iri, self._decode(types)))
                for aid, k, iri, types in conn.execute(
                    "SELECT a.id, a.folded, a.iri, e.types FROM aliases a LEFT JOIN entities e ON e.iri = a.iri"
                    " WHERE a.doc = (SELECT id FROM documents WHERE name = ?) AND a.folded != ''",
                    (replacing,),
                )
            ]

    # -- store lookups -----------------------------------------------------------
    def _decode(self, text: str | None) -> tuple[str, ...]:
        if text is None:
            return ()
        t = self._types.get(text)
        if t is None:
            t = self._types[text] = tuple(json.loads(text))
        return t

    def _rows_of(self, keys: Iterable[str]) -> None:
        missing = [k for k in dict.fromkeys(keys) if k and k not in self._rows]
        for i in range(0, len(missing), 400):
            chunk = missing[i : i + 400]
            marks = ",".join("?" * len(chunk))
            found: dict[str, list[Row]] = {k: [] for k in chunk}
            for rid, k, iri, types in self.conn.execute(
                f"SELECT rowid, key, iri, types FROM entities WHERE key IN ({marks})", chunk
            ):
                found[k].append((rid, iri, self._decode(types)))
            # every document naming an entity adds an alias row: only each entity's first counts
            for aid, k, iri, types in self.conn.execute(
                f"SELECT min(a.id), a.folded, a.iri, e.types FROM aliases a LEFT JOIN entities e ON e.iri = a.iri"
                f" WHERE a.folded IN ({marks}) GROUP BY a.folded, a.iri",
                chunk,
            ):
                found[k].append((ALIAS_ORD + aid, iri, self._decode(types)))
            for k, row in self._ghost:
                if k in found:
                    found[k].append(row)
            for k, rows in found.items():
                rows = sorted(set(rows))
                self._rows[k] = rows
                for _, iri, types in rows:
                    self._iri_types.setdefault(iri, types)

    def rows(self, key: str) -> list[Row]:
        """Stored rows with this key, in store order."""
        if key not in self._rows:
            self._rows_of([key])
        return self._rows[key]

    def _first(self, keys: Iterable[str], t: str | None) -> str | None:
        best: Row | None = None
        for k in keys:
            for row in self.rows(k):
                if t is None or t in row[2]:
                    if best is None or row[0] < best[0]:
                        best = row
                    break
        return best[1] if best else None

    def _strong(self, k: str) -> str | None:
        return self._first([k], None) or self.local.strong.get(k)

    def _typed(self, t: str, k: str) -> str | None:
        return self._first([k], t) or self.local.typed.get((t, k))

    def _weak(self, t: str, short: str) -> str | None:
        if short in self._longs_done:
            longs = self._longs.get((short, t), [])
        else:
            longs = [
                r[0]
                for r in self.conn.execute(
                    "SELECT key FROM resolve_shorts WHERE short = ? AND stype = ?", (short, t)
                )
            ]
        self._rows_of(longs)
        return self._first(longs, t) or self.local.weak.get((t, short))

    def _stored_keys(self, t: str, side: str, gram: str, m: int) -> list[str]:
        """Keys of length ``m`` that start (``^``) or end (``$``) with ``gram`` and were ever
        names of a type-``t`` entity: a superset of the live block (checked in :meth:`_block`)."""
        b = (t, side, gram, m)
        keys = self._keys.get(b)
        if keys is None:
            keys = [
                r[0]
                for r in self.conn.execute(
                    "SELECT key FROM resolve_names WHERE stype = ? AND side = ? AND gram = ? AND len = ?", b
                )
            ]
            pick = (lambda k: k[:2] == gram) if side == "^" else (lambda k: k[-2:] == gram)
            keys += [k for k, row in self._ghost if len(k) == m and pick(k) and t in row[2]]
            self._keys[b] = keys
        return keys

    def _block(self, t: str, side: str, gram: str, m: int, k: str) -> dict[str, tuple[int, str]]:
        """key -> (order, iri) of the type-``t`` keys of that side and length that score at least
        the threshold against ``k``: the store's (the lowest order wins, as the first add did),
        then this import's. The others could never be returned, so they are left out."""
        stored = self._stored_keys(t, side, gram, m)
        passing = [
            c
            for c, _, _ in process.extract(
                k, stored, scorer=fuzz.ratio, score_cutoff=self.threshold, limit=None
            )
        ]
        block: dict[str, tuple[int, str]] = {}
        if passing:
            self._rows_of(passing)
            for c in passing:
                row = next((r for r in self.rows(c) if t in r[2]), None)  # live, and of that type
                if row is not None:
                    block.setdefault(c, (row[0], row[1]))
        local_keys = self.local._by_len.get((t, side, gram), {}).get(m, ())
        if local_keys:
            local = self.local._blocks[(t, side, gram)]
            for c in local_keys:
                if c not in block:
                    block[c] = (2 * ALIAS_ORD + self.local._order[(t, c)], local[c])
        return block

    def _fuzzy_top(self, t: str, k: str, limit: int) -> list[tuple[str, str, float]]:
        """As :meth:`graph.resolve.Resolver._fuzzy_top`, over the store's blocks."""
        n = len(k)
        found: dict[str, tuple[float, int, int, str]] = {}
        lengths = [
            m
            for m in range(1, 2 * n + 2)
            if 100.0 * (1.0 - (abs(n - m) or 2) / (n + m)) >= self.threshold - 1e-6
        ]
        for side_i, (side, gram) in enumerate((("^", k[:2]), ("$", k[-2:]))):
            for m in lengths:
                block = self._block(t, side, gram, m, k)
                if not block:
                    continue
                cands = sorted(block, key=lambda c, blk=block: blk[c][0])
                for cand, score, _ in process.extract(
                    k, cands, scorer=fuzz.ratio, score_cutoff=self.threshold, limit=limit
                ):
                    # a key of the tail block is in the head block of its length iff it starts alike
                    in_head = side_i == 0 or cand[:2] == k[:2]
                    rank = (-score, 0 if in_head else 1, block[cand][0], block[cand][1])
                    if cand not in found or rank < found[cand]:
                        found[cand] = rank
        top = sorted(found.items(), key=lambda kv: kv[1])[:limit]
        return [(cand, r[3], -r[0]) for cand, r in top]

    def prefetch(self, ex: Any) -> None:
        """Read, in a few batched queries, the rows that the names of ``ex`` (a DocExtraction) can reach."""
        keys: set[str] = set()
        typed: list[tuple[str, list[str]]] = []
        for e in ex.entities:
            primary, extra, _ = split_name(e.name)
            ks = {name_key(n) for n in (e.name, primary, t2s(primary), *extra, *e.aliases)} - {""}
            keys |= ks
            typed += [(k, list(e.types)) for k in ks]
        keys |= {name_key(n) for r in ex.relations for n in (r.s, r.o)} - {""}
        shorts = {short for k, types in typed for _, short in short_forms(k, types)}
        self._rows_of(sorted(keys | shorts))
        wanted = sorted(keys)
        for i in range(0, len(wanted), 400):
            chunk = wanted[i : i + 400]
            for short, t, long in self.conn.execute(
                f"SELECT short, stype, key FROM resolve_shorts WHERE short IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                self._longs.setdefault((short, t), []).append(long)
            self._longs_done.update(chunk)
        self._rows_of(sorted({k for ls in self._longs.values() for k in ls}))

    # -- the Resolver interface ----------------------------------------------------
    def add(self, iri: str, names: Iterable[str], types: Iterable[str]) -> None:
        """Index ``names`` for ``iri`` for the rest of this import (the store has the rest)."""
        if iri not in self.local.types:
            known = self._iri_types.get(iri)  # read with its rows (the import writes entities later)
            if known is None:
                row = self.conn.execute("SELECT types FROM entities WHERE iri = ?", (iri,)).fetchone()
                known = self._decode(row[0]) if row else ()
            self.local.types[iri] = set(known)
        self.local.add(iri, names, types)

    def resolve(self, names: Iterable[str], types: Iterable[str]) -> Match | None:
        """The entity that ``names`` refer to, as :meth:`graph.resolve.Resolver.resolve` decides."""
        keys = [k for k in dict.fromkeys(name_key(n) for n in names) if k]
        self._rows_of(keys)
        return match_in_order(
            keys,
            list(types),
            strong=self._strong,
            typed=self._typed,
            weak=self._weak,
            fuzzy_top=self._fuzzy_top,
            before_short=lambda forms: self._rows_of(s for _, s in forms),
        )
