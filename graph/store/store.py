"""The SQLite store: documents, resolved entities, relations with provenance, user edits.

>>> from graph.store import Store                      # doctest: +SKIP
>>> with Store("graph.db") as st:                       # doctest: +SKIP
...     st.import_extraction(ex).status
...     st.search("百度")[0].label
'imported'
'百度'
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process

from graph.model import (
    ENTITY_TYPES,
    FUNDING_KEYS,
    PREDICATES,
    DocExtraction,
    DocumentInfo,
    Edge,
    ImportResult,
    Node,
    SearchHit,
    Snapshot,
)
from graph.resolve import Resolver, lang_of, mint_iri, name_key, split_name
from graph.store.edits import EditState
from graph.store.guard import damaged, guard_methods, missing_tables
from graph.store.resolver import StoreResolver, ensure_index
from graph.store.schema import DDL, MIGRATE_2_TO_3, SCHEMA_VERSION, TABLES
from graph.textnorm import t2s

_CHUNK = 500  # bound parameters per IN (...) query
_FUZZY_CANDIDATES = 500  # names sharing the most bigrams with a query that go to rapidfuzz
_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class _WalkContext:
    """The active edits as :meth:`Store.neighbourhood` needs them, keyed by entity id."""

    state: EditState
    ids: dict[str, int]  # iri -> entity id, for every iri an edit names
    group: dict[int, list[int]]  # entity id -> ids of its merge group (merged entities only)
    uadj: dict[int, set[int]]  # added edges (either direction), between canonical entities
    deleted: list[int]  # relation ids hidden by delete_edge


class StoreError(Exception):
    """A graph file that cannot be used: locked, not a database, newer schema, read-only, or a failed write."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(items: Sequence[Any], n: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def bigrams(folded: str) -> set[str]:
    """The distinct two-character pieces of a folded name (what ``name_bigrams`` indexes).

    >>> sorted(bigrams("百度百度"))
    ['度百', '百度']
    """
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


def _bigram_rows(rows: Iterable[tuple[int, str]]) -> list[tuple[str, int, int]]:
    """(gram, len, alias id) rows of ``name_bigrams`` for (alias id, folded) pairs."""
    return [(g, len(f), i) for i, f in rows for g in bigrams(f)]


def _insert_all(conn: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """INSERT dict rows (all with the same keys) with one executemany: sqlite-utils' insert_all
    costs about as much again in Python per row, and its import 0.5 s."""
    rows = list(rows)
    if not rows:
        return
    cols = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' * len(cols))})"
    conn.executemany(sql, [tuple(r[c] for c in cols) for r in rows])


def _json_memo() -> Callable[[str], Any]:
    """``json.loads`` that decodes each distinct text once (callers only read the values).

    >>> load = _json_memo(); load('["a"]') is load('["a"]')
    True
    """
    decoded: dict[str, Any] = {}

    def load(text: str) -> Any:
        v = decoded.get(text)
        if v is None:
            v = decoded[text] = json.loads(text)
        return v

    return load


def _upper(q: str) -> str:
    """The least string above every string that starts with ``q`` (a prefix range's end)."""
    nxt = ord(q[-1]) + 1
    if 0xD800 <= nxt <= 0xDFFF:  # surrogates cannot be encoded: the next character is U+E000
        nxt = 0xE000
    return q[:-1] + chr(nxt) if nxt <= 0x10FFFF else q + "\U0010ffff"


_EDGE_FIELDS = ("id", "s", "p", "o", "confidence", "doc", "evidence", "year", "attrs", "origin")


def _edge_maker() -> Callable[..., Edge]:
    """A faster ``Edge(...)`` for the million edges of a snapshot.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``
    by name (3.7 us an edge here); setting the slots through their descriptors makes
    an equal object in 2 us. Falls back to ``Edge`` if its shape ever changes.
    """
    if (
        tuple(f.name for f in dataclasses.fields(Edge)) != _EDGE_FIELDS
        or "__post_init__" in vars(Edge)
        or tuple(getattr(Edge, "__slots__", ())) != _EDGE_FIELDS
    ):
        return Edge
    new = object.__new__
    set_id, set_s, set_p, set_o, set_c, set_doc, set_ev, set_year, set_attrs, set_origin = (
        getattr(Edge, n).__set__ for n in _EDGE_FIELDS
    )

    def make(
        id: str, s: str, p: str, o: str, confidence: float, doc: int | None,
        evidence: str, year: int | None, attrs: tuple, origin: str,
    ) -> Edge:  # fmt: skip
        e = new(Edge)
        set_id(e, id)
        set_s(e, s)
        set_p(e, p)
        set_o(e, o)
        set_c(e, confidence)
        set_doc(e, doc)
        set_ev(e, evidence)
        set_year(e, year)
        set_attrs(e, attrs)
        set_origin(e, origin)
        return e

    return make


def _year(date: Any) -> int | None:
    m = _YEAR.search(str(date or ""))
    return int(m.group(1)) if m else None


def _order_types(votes: Iterable[list[str]], counts: Iterable[int] | None = None) -> list[str]:
    """Union of type lists: most frequent primary type first, then the rest in first-seen order.

    ``counts`` says how many times each list was given (once each without it); ties go to the
    primary type seen first.

    >>> _order_types([["Company"], ["Investor", "Company"], ["Investor"]])
    ['Investor', 'Company']
    >>> _order_types([["Company"], ["Investor"]], [2, 1])
    ['Company', 'Investor']
    """
    votes = list(votes)
    weights = list(counts) if counts is not None else [1] * len(votes)
    primary_votes: Counter[str] = Counter()
    for v, n in zip(votes, weights, strict=True):
        if v:
            primary_votes[v[0]] += n
    if not primary_votes:
        return []
    out = [primary_votes.most_common(1)[0][0]]
    for v in votes:
        out += [t for t in v if t not in out]
    return out


class Store:
    """One graph file. Thread-safe (one connection behind a lock); also a context manager.

    >>> st = Store(":memory:")
    >>> st.stats()["documents"]
    0
    >>> st.close()
    """

    def __init__(self, path: str | Path, *, readonly: bool = False, timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._lock = threading.RLock()
        self._gen = 0  # bumped on every commit of ours
        self._resolver: Resolver | None = None
        self._resolver_ver: tuple[int, int] | None = None
        self._snap: Snapshot | None = None
        self._snap_ver: tuple[int, int] | None = None
        self._iri_cache: list[str] = [""]  # entity id -> iri (ids start at 1)
        self._walk: tuple[tuple[int, int], _WalkContext] | None = None
        self._db: Any = None  # sqlite_utils.Database, made on first use (its import costs ~0.2 s)
        memory = str(path) == ":memory:"
        if not readonly and not memory and self.path.is_file() and not _writable(self.path):
            readonly = self.readonly = True  # a read-only graph opens read-only; writes say why
        if readonly and not memory and not self.path.is_file():
            raise StoreError(f"{self.path}: no such graph file")
        try:
            if memory:
                conn = sqlite3.connect(":memory:", check_same_thread=False)
            elif readonly:
                uri = self.path.resolve().as_uri() + "?mode=ro"
                if not os.access(self.path.resolve().parent, os.W_OK):
                    uri += "&immutable=1"  # no -shm/-wal can be made beside it: read it as it is
                conn = sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(str(self.path), timeout=timeout, check_same_thread=False)
        except (sqlite3.Error, OSError) as e:
            raise StoreError(f"cannot open {self.path}: {e}") from e
        self._conn = conn
        try:
            self._open(timeout)
        except BaseException as e:
            conn.close()
            if isinstance(e, StoreError):
                raise
            if isinstance(e, sqlite3.Error):
                raise self._error(e, "opening") from e
            raise

    @property
    def db(self) -> Any:
        """The connection as a ``sqlite_utils.Database`` (imported lazily: opening stays fast)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self._conn)
        return self._db

    # -- opening, transactions, errors ------------------------------------------
    def _open(self, timeout: float) -> None:
        c = self._conn
        c.execute("PRAGMA foreign_keys = ON")
        c.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        version = c.execute("PRAGMA user_version").fetchone()[0]  # reads the header: garbage fails here
        if version == 2 and not self.readonly:
            self._migrate_2_to_3(c)
            version = SCHEMA_VERSION
        expected: tuple[str, ...] = TABLES
        if version == 3 and not self.readonly:
            # 3 -> 4 only adds the views table (in DDL, CREATE ... IF NOT EXISTS)
            c.executescript(f"BEGIN IMMEDIATE;\n{DDL}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")
            version = SCHEMA_VERSION
        elif version == 3:
            version = SCHEMA_VERSION  # read-only: readable as is, it just has no saved views
            expected = tuple(t for t in expected if t != "views")
        if 0 < version < SCHEMA_VERSION:
            # only development builds ever wrote schema 1; nothing to migrate in the field
            how = (
                "open it once without read-only to upgrade it, or rebuild it"
                if version == 2
                else "rebuild it"
            )
            raise StoreError(
                f"{self.path} was built by a development version of Zhitu (schema {version}); "
                f"{how} from the reports with `zhitu build`"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer Zhitu (schema {version}, this one reads up to "
                f"{SCHEMA_VERSION}); update Zhitu to open it"
            )
        if version == 0:
            tables = {
                r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
            }
            foreign = {t for t in tables if not t.startswith(("sqlite_", "names_fts"))} - set(TABLES)
            if foreign:
                raise StoreError(f"{self.path} is an SQLite file of another program, not a Zhitu graph")
            if self.readonly:
                raise StoreError(
                    f"{self.path} is not a Zhitu graph (empty database), and it was opened read-only"
                )
            c.executescript(f"BEGIN IMMEDIATE;\n{DDL}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")
        if version == SCHEMA_VERSION:
            gone = missing_tables(c, expected)
            if gone:
                raise StoreError(damaged(self.path, f"table(s) {', '.join(gone)} are missing"))
        if not self.readonly and str(self.path) != ":memory:":
            mode = c.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                c.execute("PRAGMA journal_mode = WAL")
            # checkpoint every 64 MB of WAL, not every 4 MB (SQLite's default): one 1,000-entity
            # import into a 100k graph writes ~15k pages, and the index pages that every
            # import touches are then copied back once per many imports, not once per import
            c.execute("PRAGMA wal_autocheckpoint = 16384")
        c.execute("PRAGMA synchronous = NORMAL")

    @staticmethod
    def _migrate_2_to_3(c: sqlite3.Connection) -> None:
        """Schema 2 -> 3 in one transaction: covering relation indexes, the bigram name index."""
        # executescript leaves the BEGIN open: the bigram rows and the version go in with it
        c.executescript(f"BEGIN IMMEDIATE;\n{MIGRATE_2_TO_3}\n{DDL}")
        try:
            rows = c.execute("SELECT id, folded FROM aliases")
            c.executemany("INSERT OR IGNORE INTO name_bigrams VALUES (?, ?, ?)", _bigram_rows(rows))
            c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _error(self, e: BaseException, action: str) -> StoreError:
        msg = str(e).lower()
        if "locked" in msg or "busy" in msg:
            text = f"{self.path} is locked by another program or Zhitu window; close it and try again"
        elif "not a database" in msg or "malformed" in msg or "encrypted" in msg or "corrupt" in msg:
            text = f"{self.path} is not a Zhitu graph or is corrupt ({e})"
        elif "readonly" in msg or "read-only" in msg:
            text = f"{self.path} is read-only ({e})"
        elif "no such table" in msg or "no such column" in msg:
            text = damaged(self.path, f"part of the graph is missing ({e})")
        elif "unable to open" in msg:
            text = f"cannot open {self.path} ({e})"
        else:
            text = f"{action} failed on {self.path}: {type(e).__name__}: {e}"
        return StoreError(text)

    def _version(self) -> tuple[int, int]:
        """Changes when this or another connection commits: the key of our caches."""
        return (self._conn.execute("PRAGMA data_version").fetchone()[0], self._gen)

    # -- the explorer's saved views (not graph edits: no undo, the snapshot is untouched) ------
    def save_view(self, name: str, data: str) -> None:
        """Store view ``name`` (JSON text), replacing one of that name."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only; saving a view is not possible")
        from datetime import datetime

        with self._lock:
            try:
                with self._conn:  # commits (or rolls back) this one statement
                    self._conn.execute(
                        "INSERT OR REPLACE INTO views(name, data, saved_at) VALUES (?, ?, ?)",
                        (name, data, datetime.now(UTC).isoformat(timespec="seconds")),
                    )
            except sqlite3.Error as e:
                raise self._error(e, "saving a view") from e

    def view_names(self) -> list[str]:
        """Names of the saved views, alphabetically (the last picture, name '', left out)."""
        return [r[0] for r in self._views_read("SELECT name FROM views WHERE name != '' ORDER BY name")]

    def load_view(self, name: str) -> str | None:
        rows = self._views_read("SELECT data FROM views WHERE name = ?", (name,))
        return rows[0][0] if rows else None

    def delete_view(self, name: str) -> None:
        with self._lock:
            try:
                with self._conn:
                    self._conn.execute("DELETE FROM views WHERE name = ?", (name,))
            except sqlite3.Error as e:
                raise self._error(e, "deleting a view") from e

    def _views_read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self._read(sql, params)
        except StoreError:
            if self.readonly:  # a schema-3 file opened read-only has no views table
                return []
            raise

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes when *another* connection commits to the
        file (another process, an import worker), not on this connection's own writes."""
        with self._lock:
            try:
                return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as e:
                raise self._error(e, "reading") from e

    def _invalidate(self) -> None:
        self._resolver = None
        self._snap = None
        self._walk = None
        self._iri_cache = [""]  # a rolled-back insert's ids may be reused

    @contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: committed on success, rolled back (and re-raised as StoreError) on any error."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only; {action} is not possible")
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise self._error(e, action) from e
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as e:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                self._invalidate()
                if isinstance(e, StoreError) or not isinstance(e, Exception):
                    raise
                raise self._error(e, action) from e
            finally:
                self._gen += 1
                self._snap = None

    def _read(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as e:
                raise self._error(e, "reading") from e

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}{', readonly=True' if self.readonly else ''})"

    # -- documents ------------------------------------------------------------
    def document_status(self, name: str, sha256: str) -> Literal["new", "unchanged", "changed"]:
        """Whether a document of this name was imported, and with the same content hash.

        >>> st = Store(":memory:"); st.document_status("a.txt", "00")
        'new'
        """
        rows = self._read("SELECT sha256 FROM documents WHERE name = ?", (name,))
        if not rows:
            return "new"
        return "unchanged" if rows[0][0] == sha256 else "changed"

    def documents(self) -> list[DocumentInfo]:
        """Every imported document, oldest first."""
        rows = self._read(
            "SELECT id, name, sha256, path, title, year, imported_at, n_blocks FROM documents ORDER BY id"
        )
        return [DocumentInfo(*r) for r in rows]

    def document_text(self, doc_id: int) -> str | None:
        """The decoded source text of a document (evidence offsets index into it)."""
        rows = self._read("SELECT text FROM documents WHERE id = ?", (doc_id,))
        return rows[0][0] if rows else None

    # -- import -------------------------------------------------------------------
    def _get_resolver(self, replacing: str | None = None, ex: DocExtraction | None = None) -> StoreResolver:
        """A resolver over the store's name indexes for one import (see graph.store.resolver)."""
        r = StoreResolver(self._conn, replacing=replacing)
        if ex is not None:
            r.prefetch(ex)
        return r

    def import_extraction(self, ex: DocExtraction, *, force: bool = False) -> ImportResult:
        """Store one document's extraction in one transaction.

        Unchanged content (same name and sha256) is skipped; changed content replaces
        only that document's own assertions; user edits are untouched. On any error the
        graph is left exactly as it was and :class:`StoreError` is raised. ``force``
        replaces unchanged content too (re-extraction with new rules or a user lexicon).
        """
        doc = ex.doc
        status = self.document_status(doc.name, doc.sha256)
        if status == "unchanged" and not force:
            return ImportResult(doc.name, "unchanged", message="same content already imported")
        # an import makes ~100k small objects that hold no cycles; in a process that holds
        # many (an extractor, a big corpus) each full collection walks them all: pausing
        # the collector for the transaction takes a second off a 1,000-entity import
        gc_was_on = gc.isenabled()
        gc.disable()
        try:
            with self._write(f"importing {doc.name}") as conn:
                # a forced re-extraction of unchanged content replaces it too
                resolver = self._get_resolver(doc.name if status != "new" else None, ex)
                n_ent, n_rel = self._import(conn, ex, resolver)
        finally:
            if gc_was_on:
                gc.enable()
        return ImportResult(doc.name, "imported" if status == "new" else "replaced", n_ent, n_rel)

    def _import(
        self, conn: sqlite3.Connection, ex: DocExtraction, resolver: StoreResolver
    ) -> tuple[int, int]:
        doc = ex.doc
        row = conn.execute("SELECT id FROM documents WHERE name = ?", (doc.name,)).fetchone()
        values = dict(
            name=doc.name,
            path=doc.path,
            sha256=doc.sha256,
            title=doc.title or "",
            year=doc.year,
            encoding=doc.encoding or "",
            media_type=doc.media_type or "",
            text=doc.text,
            n_blocks=len(doc.blocks),
            imported_at=_now(),
        )
        touched: set[str] = set()
        if row is not None:
            doc_id = row[0]
            touched.update(r[0] for r in conn.execute("SELECT iri FROM entity_docs WHERE doc = ?", (doc_id,)))
            self._delete_doc_rows(conn, doc_id)
            conn.execute(
                f"UPDATE documents SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                (*values.values(), doc_id),
            )
        else:
            doc_id = conn.execute(
                f"INSERT INTO documents ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                tuple(values.values()),
            ).lastrowid

        # -- resolve entities: doc-local names -> iri
        local: dict[str, str] = {}
        contrib: dict[str, dict[str, Any]] = {}
        new_entities: dict[str, dict[str, Any]] = {}

        def place(name: str, aliases: Iterable[str], types: list[str], attrs: dict[str, Any]) -> str:
            primary, extra, more_attrs = split_name(name)
            # display labels in Simplified; the Traditional form stays an alias (zh-Hant)
            names = [t2s(primary), primary, *extra]
            for a in aliases:
                p2, e2, _ = split_name(a)
                names += [p2, *e2]
            names = [n for n in dict.fromkeys(names) if name_key(n)]
            if not names:
                names = [name]
            key_local = [name_key(n) for n in names]
            iri = next((local[k] for k in key_local if k in local), None)
            if iri is None:
                m = resolver.resolve(names, types)
                iri = m.iri if m else mint_iri(name_key(names[0]) or name)
            resolver.add(iri, names, types)
            for k in key_local:
                local.setdefault(k, iri)
            local.setdefault(name_key(name), iri)
            if iri not in new_entities:
                new_entities[iri] = {
                    "iri": iri,
                    "label": names[0],
                    "types": "[]",
                    "attrs": "{}",
                    "key": name_key(names[0]),
                }
            c = contrib.setdefault(iri, {"name": names[0], "types": [], "attrs": {}, "names": []})
            c["types"] += [t for t in types if t not in c["types"]]
            c["attrs"].update({k: v for k, v in {**more_attrs, **attrs}.items() if v not in (None, "")})
            c["names"] += [n for n in names if n not in c["names"]]
            return iri

        mentions: list[tuple] = []
        for e in ex.entities:
            types = [t for t in e.types if t]
            iri = place(e.name, sorted(e.aliases), types, dict(e.attrs))
            mentions += [(iri, doc_id, m.block, m.start, m.end) for m in e.mentions]

        rels: dict[tuple, dict[str, Any]] = {}
        for r in ex.relations:
            s = local.get(name_key(r.s)) or place(r.s, (), [], {})
            o = local.get(name_key(r.o)) or place(r.o, (), [], {})
            k = (r.block, s, r.p, o)
            prev = rels.get(k)
            if prev is None or r.confidence > prev["confidence"]:
                attrs = {
                    **(prev["_attrs"] if prev else {}),
                    **{a: v for a, v in r.attrs.items() if v not in (None, "")},
                }
                rels[k] = {
                    "s": s, "p": r.p, "o": o, "doc": doc_id, "block": r.block, "evidence": r.evidence or "",
                    "start": r.start, "end": r.end, "confidence": float(r.confidence), "rule": r.rule or "",
                    "_attrs": attrs,
                }  # fmt: skip
            else:
                prev["_attrs"] = {
                    **{a: v for a, v in r.attrs.items() if v not in (None, "")},
                    **prev["_attrs"],
                }

        # -- write, set-based
        if new_entities:
            ids = list(new_entities)
            for chunk in _chunks(ids):
                q = f"SELECT iri FROM entities WHERE iri IN ({','.join('?' * len(chunk))})"
                for (iri,) in conn.execute(q, chunk):
                    new_entities.pop(iri, None)
            _insert_all(conn, "entities", new_entities.values())
        _insert_all(
            conn,
            "entity_docs",
            [
                {
                    "iri": iri,
                    "doc": doc_id,
                    "name": c["name"],
                    "types": json.dumps(c["types"], ensure_ascii=False),
                    "attrs": json.dumps(c["attrs"], ensure_ascii=False, default=str),
                }
                for iri, c in contrib.items()
            ],
        )
        alias_rows = []
        for iri, c in contrib.items():
            seen = set()
            for n in c["names"]:
                if n in seen or not name_key(n):
                    continue
                seen.add(n)
                alias_rows.append(
                    {"iri": iri, "alias": n, "folded": name_key(n), "lang": lang_of(n), "doc": doc_id}
                )
        _insert_all(conn, "aliases", alias_rows)
        self._index_names(conn, conn.execute("SELECT id, folded FROM aliases WHERE doc = ?", (doc_id,)))
        ensure_index(conn)  # this document's short forms, now rather than at the next import
        _insert_all(
            conn,
            "mentions",
            [{"iri": m[0], "doc": m[1], "block": m[2], "start": m[3], "end": m[4]} for m in mentions],
        )
        ent_id: dict[str, int] = {}
        ids_needed = sorted(set(contrib))
        for chunk in _chunks(ids_needed):
            q = f"SELECT iri, id FROM entities WHERE iri IN ({','.join('?' * len(chunk))})"
            ent_id.update(conn.execute(q, chunk).fetchall())
        _insert_all(
            conn,
            "relations",
            [
                {**{k: v for k, v in r.items() if k != "_attrs"}, "s": ent_id[r["s"]], "o": ent_id[r["o"]]}
                for r in rels.values()
            ],
        )
        with_attrs = {k: r["_attrs"] for k, r in rels.items() if r["_attrs"]}
        if with_attrs:
            iri_of = {v: k for k, v in ent_id.items()}
            ids = {
                (b, iri_of[s], p, iri_of[o]): rid
                for rid, b, s, p, o in conn.execute(
                    "SELECT id, block, s, p, o FROM relations WHERE doc = ?", (doc_id,)
                )
            }
            _insert_all(
                conn,
                "funding_rounds",
                [
                    {
                        "relation": ids[k],
                        **{f: (None if a.get(f) in (None, "") else str(a.get(f))) for f in FUNDING_KEYS},
                        "attrs": json.dumps(a, ensure_ascii=False, default=str),
                    }
                    for k, a in with_attrs.items()
                ],
            )
        self._refresh_entities(conn, touched | set(contrib))
        return len(contrib), len(rels)

    @staticmethod
    def _index_names(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
        """Add the bigram rows of new aliases (id, folded)."""
        conn.executemany("INSERT OR IGNORE INTO name_bigrams VALUES (?, ?, ?)", _bigram_rows(rows))

    @staticmethod
    def _unindex_names(conn: sqlite3.Connection, where: str, arg: Any) -> None:
        """Drop the bigram rows of the aliases ``WHERE <where>`` (before deleting them)."""
        rows = conn.execute(f"SELECT id, folded FROM aliases WHERE {where}", (arg,)).fetchall()
        conn.executemany(
            "DELETE FROM name_bigrams WHERE gram = ? AND len = ? AND alias = ?", _bigram_rows(rows)
        )

    def _delete_doc_rows(self, conn: sqlite3.Connection, doc_id: int) -> None:
        self._unindex_names(conn, "doc = ?", doc_id)
        conn.execute(
            "DELETE FROM funding_rounds WHERE relation IN (SELECT id FROM relations WHERE doc = ?)", (doc_id,)
        )
        for table in ("relations", "mentions", "aliases", "entity_docs"):
            conn.execute(f"DELETE FROM {table} WHERE doc = ?", (doc_id,))

    def _refresh_entities(self, conn: sqlite3.Connection, iris: set[str]) -> None:
        """Re-aggregate types and attrs of ``iris`` over the documents that still name them."""
        # a hub is named by most documents, nearly always with the same types and no attrs:
        # read each distinct type list once with its count and first document, and only the
        # attrs that are not empty (the decoded values are only read)
        load = _json_memo()

        votes: dict[str, list[tuple[int, list[str], int]]] = defaultdict(list)
        attrs: dict[str, dict[str, Any]] = defaultdict(dict)
        now: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(sorted(iris)):
            marks = ",".join("?" * len(chunk))
            q = f"SELECT iri, types, min(doc), count(*) FROM entity_docs WHERE iri IN ({marks}) GROUP BY iri, types"
            for iri, t, first, n in conn.execute(q, chunk):
                votes[iri].append((first, load(t), n))
            q = f"SELECT iri, attrs FROM entity_docs WHERE iri IN ({marks}) AND attrs != '{{}}' ORDER BY doc"
            for iri, a in conn.execute(q, chunk):
                attrs[iri].update(load(a))
            q = f"SELECT iri, types, attrs FROM entities WHERE iri IN ({marks})"
            now.update((r[0], r[1:]) for r in conn.execute(q, chunk))
        updates = []
        for iri, vs in votes.items():
            vs.sort()  # by first document: the order _order_types sees the votes in
            new = (
                json.dumps(_order_types([v for _, v, _ in vs], [n for _, _, n in vs]), ensure_ascii=False),
                json.dumps(attrs.get(iri, {}), ensure_ascii=False, default=str),
            )
            if now.get(iri) != new:  # an unchanged row is not rewritten: its page stays clean
                updates.append((*new, iri))
        conn.executemany("UPDATE entities SET types = ?, attrs = ? WHERE iri = ?", updates)

    def remove_document(self, doc_id: int) -> None:
        """Forget a document and every assertion it made (entities keep their IRIs; edits stay)."""
        if not self._read("SELECT 1 FROM documents WHERE id = ?", (doc_id,)):
            raise ValueError(f"no document with id {doc_id} in {self.path}")
        with self._write(f"removing document {doc_id}") as conn:
            touched = {r[0] for r in conn.execute("SELECT iri FROM entity_docs WHERE doc = ?", (doc_id,))}
            self._delete_doc_rows(conn, doc_id)
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            self._refresh_entities(conn, touched)
        self._invalidate()

    # -- edits ----------------------------------------------------------------------
    def _edit_rows(self, active_only: bool = True) -> list[tuple[int, str, dict, str, int]]:
        where = "WHERE undone = 0" if active_only else ""
        return [
            (i, op, json.loads(p), at, u)
            for i, op, p, at, u in self._read(
                f"SELECT id, op, payload, created_at, undone FROM edits {where} ORDER BY id"
            )
        ]

    def _raw_types(self, iris: Iterable[str]) -> dict[str, list[str]]:
        ids = sorted(set(iris))
        out: dict[str, list[str]] = {}
        for chunk in _chunks(ids):
            q = f"SELECT iri, types FROM entities WHERE iri IN ({','.join('?' * len(chunk))})"
            out.update((iri, json.loads(t)) for iri, t in self._read(q, chunk))
        return out

    def _edit_state(self) -> EditState:
        rows = self._edit_rows()
        iris: set[str] = set()
        for _, _op, p, _, _ in rows:
            iris.update(v for k, v in p.items() if k in ("keep", "drop", "iri") and isinstance(v, str))
        raw = self._raw_types(iris)
        st = EditState()
        for i, op, p, _, _ in rows:
            st.apply(op, p, i, lambda x: raw.get(x, []))
        return st

    def _require_entity(self, iri: str) -> tuple[str, list[str]]:
        rows = self._read("SELECT label, types FROM entities WHERE iri = ?", (iri,))
        if not rows:
            raise ValueError(f"no entity {iri} in {self.path}")
        return rows[0][0], json.loads(rows[0][1])

    def _log(self, conn: sqlite3.Connection, op: str, payload: dict[str, Any]) -> int:
        conn.execute("UPDATE edits SET undone = 2 WHERE undone = 1")  # a new edit ends the redo chain
        return conn.execute(
            "INSERT INTO edits (op, payload, created_at) VALUES (?, ?, ?)",
            (op, json.dumps(payload, ensure_ascii=False, default=str), _now()),
        ).lastrowid

    def merge(self, keep_iri: str, drop_iri: str) -> int:
        """Merge ``drop_iri`` into ``keep_iri`` (its names become aliases, its edges move). Returns the edit id.

        >>> st.merge(baidu, baidu_dup)                       # doctest: +SKIP
        1
        """
        keep_label, _ = self._require_entity(keep_iri)
        drop_label, _ = self._require_entity(drop_iri)
        st = self._edit_state()
        if st.find(keep_iri) == st.find(drop_iri):
            raise ValueError(f"{drop_label} is already merged with {keep_label}")
        with self._write("merging") as conn:
            return self._log(
                conn,
                "merge",
                {"keep": keep_iri, "drop": drop_iri, "keep_label": keep_label, "drop_label": drop_label},
            )

    def rename(self, iri: str, label: str) -> int:
        """Give an entity a new display label; the old one stays as an alias. Returns the edit id."""
        label = label.strip()
        if not label or not name_key(label):
            raise ValueError("a label must not be empty")
        old, _ = self._require_entity(iri)
        target = self._edit_state().find(iri)
        with self._write("renaming") as conn:
            eid = self._log(conn, "rename", {"iri": target, "label": label, "old_label": old})
            self._add_edit_alias(conn, eid, target, label)
            return eid

    def add_entity(self, label: str, types: list[str]) -> tuple[int, str]:
        """Add an entity the extractor missed (a product no list knows). Returns (edit id, its IRI).

        Its IRI is the one extraction would mint for the name, and its name goes into the
        name index, so a report imported later that names it resolves to it. Undo hides it.
        """
        label = label.strip()
        key = name_key(label)
        if not label or not key:
            raise ValueError("a name must not be empty")
        bad = [t for t in types if t not in ENTITY_TYPES]
        if not types or bad:
            raise ValueError(f"unknown or no types {bad or types}; use some of {', '.join(ENTITY_TYPES)}")
        types = list(dict.fromkeys(types))
        iri = mint_iri(key)
        st = self._edit_state()
        shown = self._read(
            "SELECT 1 FROM entities e WHERE e.iri = ? AND EXISTS (SELECT 1 FROM entity_docs d WHERE d.iri = e.iri)",
            (iri,),
        )
        if shown or iri in st.touched:
            raise ValueError(f"{label} is already in the graph")
        with self._write("adding an entity") as conn:
            conn.execute(
                "INSERT OR IGNORE INTO entities (iri, label, types, attrs, key) VALUES (?, ?, ?, '{}', ?)",
                (iri, label, json.dumps(types, ensure_ascii=False), key),
            )
            eid = self._log(conn, "add_entity", {"iri": iri, "label": label, "types": types})
            self._add_edit_alias(conn, eid, iri, label)
            return eid, iri

    def _add_edit_alias(self, conn: sqlite3.Connection, eid: int, iri: str, label: str) -> None:
        folded = name_key(label)
        aid = conn.execute(
            "INSERT INTO aliases (iri, alias, folded, lang, doc, edit) VALUES (?, ?, ?, ?, NULL, ?)",
            (iri, label, folded, lang_of(label), eid),
        ).lastrowid
        self._index_names(conn, [(aid, folded)])

    def retype(self, iri: str, types: list[str]) -> int:
        """Replace an entity's types (primary first). Returns the edit id."""
        bad = [t for t in types if t not in ENTITY_TYPES]
        if not types or bad:
            raise ValueError(f"unknown or no types {bad or types}; use some of {', '.join(ENTITY_TYPES)}")
        _, old = self._require_entity(iri)
        st = self._edit_state()
        target = st.find(iri)
        with self._write("retyping") as conn:
            return self._log(
                conn, "retype", {"iri": target, "types": list(dict.fromkeys(types)), "old_types": old}
            )

    def delete_edge(self, edge_id: str) -> int:
        """Hide an edge: "r<id>" (an extracted assertion, hidden again after re-import) or "u<id>"."""
        payload = self._delete_payload(edge_id)
        with self._write("deleting an edge") as conn:
            return self._log(conn, "delete_edge", payload)

    def delete_edges(self, edge_ids: Sequence[str]) -> int:
        """Hide several edges as one step: one transaction, and one undo/redo brings them all back.

        Returns the last edit id. (The explorer deletes a fact, all its statements, this way.)
        """
        payloads = [self._delete_payload(e) for e in edge_ids]
        if not payloads:
            raise ValueError("no edges to delete")
        last = 0
        with self._write("deleting edges") as conn:
            group = None
            for p in payloads:
                last = self._log(conn, "delete_edge", {**p, "group": group} if group else p)
                if group is None and len(payloads) > 1:
                    group = f"g{last}"  # the first edit's id names the step
                    conn.execute(
                        "UPDATE edits SET payload = json_set(payload, '$.group', ?) WHERE id = ?", (group, last)
                    )
        return last

    def _delete_payload(self, edge_id: str) -> dict[str, Any]:
        if edge_id.startswith("r") and edge_id[1:].isdigit():
            rows = self._read(
                "SELECT es.iri, r.p, eo.iri, d.name FROM relations r JOIN documents d ON d.id = r.doc "
                "JOIN entities es ON es.id = r.s JOIN entities eo ON eo.id = r.o WHERE r.id = ?",
                (int(edge_id[1:]),),
            )
            if not rows:
                raise ValueError(f"no edge {edge_id} in {self.path}")
            s, p, o, doc_name = rows[0]
            payload = {"edge": edge_id, "s": s, "p": p, "o": o, "doc_name": doc_name}
        elif edge_id.startswith("u") and edge_id[1:].isdigit():
            rows = self._read(
                "SELECT u.s, u.p, u.o FROM user_edges u JOIN edits e ON e.id = u.edit WHERE u.id = ? AND e.undone = 0",
                (int(edge_id[1:]),),
            )
            if not rows:
                raise ValueError(f"no edge {edge_id} in {self.path}")
            payload = {"edge": edge_id, "s": rows[0][0], "p": rows[0][1], "o": rows[0][2]}
        else:
            raise ValueError(f"not an edge id: {edge_id!r} (expected r<n> or u<n>)")
        return payload

    def add_edge(self, s_iri: str, p: str, o_iri: str, *, attrs: dict | None = None, note: str = "") -> int:
        """Add an edge the extractor missed. Returns the edit id; the edge's id is "u<n>"."""
        if p not in PREDICATES:
            raise ValueError(f"unknown relation {p!r}; use one of {', '.join(PREDICATES)}")
        self._require_entity(s_iri)
        self._require_entity(o_iri)
        st = self._edit_state()
        s, o = st.find(s_iri), st.find(o_iri)
        attrs = {k: v for k, v in (attrs or {}).items() if v not in (None, "")}
        with self._write("adding an edge") as conn:
            eid = self._log(conn, "add_edge", {"s": s, "p": p, "o": o, "attrs": attrs, "note": note})
            conn.execute(
                "INSERT INTO user_edges (edit, s, p, o, attrs, note) VALUES (?, ?, ?, ?, ?, ?)",
                (eid, s, p, o, json.dumps(attrs, ensure_ascii=False, default=str), note),
            )
            return eid

    def dismiss_duplicate(self, a_iri: str, b_iri: str, reason: str = "", *, alias: str = "") -> int:
        """Remember that two entities are not one (a rejected duplicate suggestion), or with
        ``alias``, that this alias of ``a_iri`` is right. Returns the edit id."""
        a_label, _ = self._require_entity(a_iri)
        b_label, _ = self._require_entity(b_iri)
        b, b_label = (alias, alias) if alias else (b_iri, b_label)
        with self._write("dismissing a duplicate") as conn:
            return self._log(
                conn,
                "dismiss_duplicate",
                {"a": a_iri, "b": b, "a_label": a_label, "b_label": b_label, "reason": reason},
            )

    def drop_alias(self, iri: str, alias: str) -> int:
        """Hide a wrong alias of an entity (it stays hidden after re-import). Returns the edit id."""
        label, _ = self._require_entity(iri)
        target = self._edit_state().find(iri)
        with self._write("dropping an alias") as conn:
            return self._log(conn, "drop_alias", {"iri": target, "alias": alias, "label": label})

    def dismissed_pairs(self) -> set[frozenset[str]]:
        """Pairs of IRIs the user said are distinct (active dismiss_duplicate edits)."""
        return {
            frozenset((p["a"], p["b"])) for _, op, p, _, _ in self._edit_rows() if op == "dismiss_duplicate"
        }

    def canonical(self, iri: str) -> str:
        """The IRI an entity was merged into (itself when not merged)."""
        return self._edit_state().find(iri)

    def _step(self, undone: int) -> list[tuple[int, str, str]]:
        """The edits of the next step to undo (``undone`` 0) or redo (1): one edit, or a group (:meth:`delete_edges`)."""
        order = "DESC" if undone == 0 else "ASC"
        rows = self._read(f"SELECT id, op, payload FROM edits WHERE undone = ? ORDER BY id {order} LIMIT 1", (undone,))
        if not rows:
            return []
        group = json.loads(rows[0][2]).get("group")
        if not group:
            return rows
        return self._read(
            f"SELECT id, op, payload FROM edits WHERE undone = ? AND payload ->> '$.group' = ? ORDER BY id {order}",
            (undone, group),
        )

    def undo(self) -> bool:
        """Undo the newest active edit (or step of edits); False when there is nothing to undo."""
        rows = self._step(0)
        if not rows:
            return False
        with self._write("undoing") as conn:
            for eid, op, _ in rows:
                conn.execute("UPDATE edits SET undone = 1 WHERE id = ?", (eid,))
                if op in ("rename", "add_entity"):
                    self._unindex_names(conn, "edit = ?", eid)
                    conn.execute("DELETE FROM aliases WHERE edit = ?", (eid,))
        return True

    def redo(self) -> bool:
        """Redo the most recently undone edit (or step of edits); False when there is nothing to redo."""
        rows = self._step(1)
        if not rows:
            return False
        with self._write("redoing") as conn:
            for eid, op, payload in rows:
                conn.execute("UPDATE edits SET undone = 0 WHERE id = ?", (eid,))
                if op in ("rename", "add_entity"):
                    p = json.loads(payload)
                    self._add_edit_alias(conn, eid, p["iri"], p["label"])
        return True

    def edits(self) -> list[dict]:
        """Edit history, newest last: id, op, payload, created_at, undone (bool), state, summary."""
        out = []
        for i, op, p, at, u in self._edit_rows(active_only=False):
            out.append(
                {
                    "id": i,
                    "op": op,
                    "payload": p,
                    "created_at": at,
                    "undone": bool(u),
                    "state": ("active", "undone", "discarded")[u],
                    "summary": _summary(op, p),
                }
            )
        return out

    # -- reading the effective graph -----------------------------------------------
    def snapshot(self) -> Snapshot:
        """The effective graph: extracted assertions with the active user edits applied."""
        with self._lock:
            ver = self._version()
            if self._snap is not None and self._snap_ver == ver:
                return self._snap
            # a million new Edge objects trigger the cyclic GC over and over (they hold
            # no cycles): pausing it halves the build time
            gc_was_on = gc.isenabled()
            gc.disable()
            try:
                snap = self._build_snapshot()
            finally:
                if gc_was_on:
                    gc.enable()
            self._snap, self._snap_ver = snap, ver
            return snap

    def subgraph(self, iris: Iterable[str], around: str | None = None) -> Snapshot:
        """The effective graph restricted to ``iris``: those nodes and the edges between them.

        Equal to ``snapshot()`` cut down to the same nodes (merges, deleted and added
        edges honoured), but read from the indexes: only these entities' rows and the
        relations between them are touched, so it costs the same in a graph of a million
        relations as in one of a thousand. A merged-away IRI stands for the entity it
        was merged into; unknown IRIs are left out. Documents are all listed.

        ``around``: only the edges touching that entity (its neighbours are ``iris``):
        what a detail pane lists, without the edges among a hub's thousands of neighbours.
        """
        with self._lock:
            gc_was_on = gc.isenabled()
            gc.disable()
            try:
                keep = set(iris)
                if around is not None:
                    keep.add(around)
                return self._build_snapshot(keep, around)
            finally:
                if gc_was_on:
                    gc.enable()

    def edge_ends(self, edge_id: str) -> tuple[str, str] | None:
        """The (subject, object) nodes of statement ``edge_id`` ("r12", "u3") in the effective graph."""
        kind, num = edge_id[:1], edge_id[1:]
        if kind not in ("r", "u") or not num.isdigit():
            return None
        if kind == "r":
            rows = self._read(
                "SELECT es.iri, eo.iri FROM relations r JOIN entities es ON es.id = r.s "
                "JOIN entities eo ON eo.id = r.o WHERE r.id = ?",
                (int(num),),
            )
        else:
            rows = self._read("SELECT s, o FROM user_edges WHERE id = ?", (int(num),))
        if not rows:
            return None
        st = self._edit_state()
        return st.find(rows[0][0]), st.find(rows[0][1])

    def _build_snapshot(self, only: set[str] | None = None, around: str | None = None) -> Snapshot:
        st = self._edit_state()
        docs = tuple(self.documents())
        doc_year = {d.id: d.year for d in docs}
        doc_name = {d.id: d.name for d in docs}

        # most rows share a type list and an empty attrs object: decode each text once
        # (the decoded values are only read, never changed)
        load = _json_memo()

        ents: dict[str, tuple[str, list[str], dict]] = {}
        aliases: dict[str, list[str]] = defaultdict(list)
        node_docs: dict[str, set[int]] = defaultdict(set)
        if only is None:
            for iri, label, t, a in self._read(
                "SELECT iri, label, types, attrs FROM entities WHERE iri IN (SELECT iri FROM entity_docs)"
            ):
                ents[iri] = (label, load(t), load(a))
            extra = sorted(set(st.iris()) - ents.keys())
            for chunk in _chunks(extra):
                q = f"SELECT iri, label, types, attrs FROM entities WHERE iri IN ({','.join('?' * len(chunk))})"
                for iri, label, t, a in self._read(q, chunk):
                    ents[iri] = (label, load(t), load(a))
            for iri, alias in self._read("SELECT iri, alias FROM aliases ORDER BY id"):
                aliases[iri].append(alias)
            for iri, d in self._read("SELECT iri, doc FROM entity_docs"):
                node_docs[iri].add(d)
            iri_of = dict(self._read("SELECT id, iri FROM entities"))
        else:
            # the groups of the wanted nodes, each member read by its key (json_each: no 999-parameter cap)
            canon = {st.find(i) for i in only}
            wanted = json.dumps(sorted({m for c in canon for m in st.members(c)}), ensure_ascii=False)
            touched = set(st.iris())
            iri_of = {}
            for eid, iri, label, t, a, named in self._read(
                "SELECT id, iri, label, types, attrs, EXISTS (SELECT 1 FROM entity_docs d WHERE d.iri = e.iri) "
                "FROM entities e WHERE iri IN (SELECT value FROM json_each(?))",
                (wanted,),
            ):
                if named or iri in touched:
                    ents[iri] = (label, load(t), load(a))
                    iri_of[eid] = iri
            # a name recurs once per document: one row per distinct name, in first-seen order
            for iri, alias, _ in self._read(
                "SELECT iri, alias, min(id) AS first FROM aliases WHERE iri IN (SELECT value FROM json_each(?)) "
                "GROUP BY iri, alias ORDER BY first",
                (wanted,),
            ):
                aliases[iri].append(alias)
            for iri, ds in self._read(
                "SELECT iri, group_concat(doc) FROM entity_docs WHERE iri IN (SELECT value FROM json_each(?)) "
                "GROUP BY iri",
                (wanted,),
            ):
                node_docs[iri] = {int(d) for d in ds.split(",")}

        # group members under their canonical iri
        groups: dict[str, list[str]] = {}
        for iri in ents:
            c = st.find(iri)
            if c not in ents:
                continue
            groups.setdefault(c, [])
        for c in groups:
            groups[c] = [m for m in st.members(c) if m in ents] or [c]

        nodes: dict[str, Node] = {}
        for c, members in groups.items():
            label = st.label.get(c, ents[c][0])
            types = st.effective_types(c, lambda m: ents[m][1] if m in ents else [])
            attrs: dict[str, Any] = {}
            names: list[str] = []
            ndocs: set[int] = set()
            for m in reversed(members):  # the kept entity's attributes win
                attrs.update(ents[m][2])
            for m in members:
                names += [ents[m][0], *aliases.get(m, ())]
                ndocs |= node_docs.get(m, set())
            hidden = st.dropped_aliases.get(c, set())
            alias_t = tuple(n for n in dict.fromkeys(names) if n != label and n not in hidden)
            nodes[c] = Node(
                iri=c,
                label=label,
                types=tuple(types),
                aliases=alias_t,
                attrs=tuple((k, str(v)) for k, v in attrs.items()),
                docs=tuple(sorted(ndocs)),
            )

        edges: list[Edge] = []
        if only is None:
            funding = {rid: json.loads(a) for rid, a in self._read("SELECT relation, attrs FROM funding_rounds")}
            sql, params = "SELECT id, s, p, o, confidence, doc, evidence FROM relations ORDER BY id", {}
        else:
            ids = json.dumps(sorted(iri_of))
            cols = "SELECT id, s, p, o, confidence, doc, evidence FROM relations"
            within = "IN (SELECT value FROM json_each(:ids))"
            if around is None:
                sql = f"{cols} WHERE s {within} AND o {within} ORDER BY id"
                params = {"ids": ids}
            else:  # its members' edges, from either end (a self-loop once)
                c = json.dumps(sorted(i for i, iri in iri_of.items() if st.find(iri) == st.find(around)))
                centre = "IN (SELECT value FROM json_each(:c))"
                sql = (
                    f"{cols} WHERE s {centre} AND o {within} "
                    f"UNION ALL {cols} WHERE o {centre} AND s {within} AND s NOT {centre} ORDER BY id"
                )
                params = {"ids": ids, "c": c}
            rows = self._read(sql, params)
            funding = {
                rid: json.loads(a)
                for rid, a in self._read(
                    "SELECT relation, attrs FROM funding_rounds WHERE relation IN (SELECT value FROM json_each(?))",
                    (json.dumps([r[0] for r in rows]),),
                )
            }
        merged = bool(st.parent)
        find = st.find
        deleted = st.deleted_r
        make_edge = _edge_maker()
        with self._lock:  # iterate the cursor: 1M rows never sit in a list twice
            cur = self._conn.execute(sql, params) if only is None else rows
            for rid, s_id, p, o_id, conf, d, ev in cur:
                s, o = iri_of[s_id], iri_of[o_id]
                if deleted and (s, p, o, doc_name.get(d)) in deleted:
                    continue
                if merged:
                    cs, co = find(s), find(o)
                    if cs == co and s != o:
                        continue  # a merge turned it into a self-loop
                else:
                    cs, co = s, o
                a = funding.get(rid)
                if a:
                    year = _year(a.get("date")) or doc_year.get(d)
                    attrs = tuple((k, v) for k, v in a.items() if v not in (None, ""))
                else:
                    year, attrs = doc_year.get(d), ()
                edges.append(make_edge(f"r{rid}", cs, p, co, conf, d, ev, year, attrs, "extracted"))
        if st.user_edits:
            ids = sorted(st.user_edits)
            for chunk in _chunks(ids):
                q = f"SELECT id, s, p, o, attrs, note FROM user_edges WHERE edit IN ({','.join('?' * len(chunk))}) ORDER BY id"
                for uid, s, p, o, a, note in self._read(q, chunk):
                    if uid in st.deleted_u:
                        continue
                    attrs = json.loads(a)
                    edges.append(
                        Edge(
                            id=f"u{uid}",
                            s=st.find(s),
                            p=p,
                            o=st.find(o),
                            confidence=1.0,
                            doc=None,
                            evidence=note,
                            year=_year(attrs.get("date")),
                            attrs=tuple(attrs.items()),
                            origin="user",
                        )
                    )
        # entities only kept alive by an edit that no longer matters, and edge ends
        # whose entity has no document left, are still shown: they carry a user edit
        edges = [e for e in edges if e.s in nodes and e.o in nodes]
        return Snapshot(nodes=nodes, edges=tuple(edges), documents=docs)

    def _walk_context(self) -> _WalkContext:
        """The edit state in entity ids, for :meth:`neighbourhood` (cached until the next change)."""
        ver = self._version()
        if self._walk is not None and self._walk[0] == ver:
            return self._walk[1]
        st = self._edit_state()
        ids: dict[str, int] = {}
        wanted = sorted(set(st.iris()))
        for chunk in _chunks(wanted):
            q = f"SELECT iri, id FROM entities WHERE iri IN ({','.join('?' * len(chunk))})"
            ids.update(self._read(q, chunk))
        group: dict[int, list[int]] = {}
        for members in st.groups().values():
            mids = [ids[m] for m in members if m in ids]
            for i in mids:
                group[i] = mids
        uadj: dict[int, set[int]] = defaultdict(set)
        if st.user_edits:
            ue = sorted(st.user_edits)
            for chunk in _chunks(ue):
                q = f"SELECT id, s, o FROM user_edges WHERE edit IN ({','.join('?' * len(chunk))})"
                for uid, s, o in self._read(q, chunk):
                    s_id, o_id = ids.get(st.find(s)), ids.get(st.find(o))
                    if uid in st.deleted_u or s_id is None or o_id is None:
                        continue
                    uadj[s_id].add(o_id)
                    uadj[o_id].add(s_id)
        deleted: list[int] = []
        if st.deleted_r:
            keys = json.dumps(sorted(st.deleted_r), ensure_ascii=False)
            deleted = [
                r[0]
                for r in self._read(
                    "SELECT r.id FROM json_each(?) j "
                    "JOIN entities es ON es.iri = j.value ->> 0 JOIN entities eo ON eo.iri = j.value ->> 2 "
                    "JOIN documents d ON d.name = j.value ->> 3 "
                    "JOIN relations r ON r.s = es.id AND r.o = eo.id AND r.p = j.value ->> 1 AND r.doc = d.id",
                    (keys,),
                )
            ]
        ctx = _WalkContext(st, ids, group, dict(uadj), deleted)
        self._walk = (ver, ctx)
        return ctx

    def neighbourhood(self, iri: str, hops: int = 1) -> set[str]:
        """IRIs within ``hops`` edges of ``iri`` in the effective graph (either direction), ``iri`` included.

        The same set as an ego network over :meth:`snapshot` (merges, deleted and added
        edges honoured), without building one: each hop is one query over the covering
        relation indexes. Empty when ``iri`` is not a node (unknown, or merged into another).
        """
        with self._lock:
            ctx = self._walk_context()
            st = ctx.state
            if st.find(iri) != iri:
                return set()
            seed = [ctx.ids[m] for m in st.members(iri) if m in ctx.ids]
            if not seed:  # not touched by an edit: a node if some document names it
                row = self._read(
                    "SELECT e.id FROM entities e WHERE e.iri = ? AND EXISTS "
                    "(SELECT 1 FROM entity_docs d WHERE d.iri = e.iri)",
                    (iri,),
                )
                if not row:
                    return set()
                seed = [row[0][0]]
            excl = f"AND id NOT IN ({','.join(map(str, ctx.deleted))})" if ctx.deleted else ""
            step = (
                f"SELECT o FROM relations WHERE s IN (SELECT value FROM json_each(:f)) {excl} "
                f"UNION ALL SELECT s FROM relations WHERE o IN (SELECT value FROM json_each(:f)) {excl}"
            )
            seen, frontier = set(seed), set(seed)
            for _ in range(max(0, hops)):
                found = {r[0] for r in self._read(step, {"f": json.dumps(sorted(frontier))})}
                for i in frontier:
                    found |= ctx.uadj.get(i, set())
                if ctx.group:
                    for i in list(found):
                        found.update(ctx.group.get(i, ()))
                frontier = found - seen
                seen |= frontier
                if not frontier:
                    break
            names = self._iri_names(seen)
            if not st.parent:
                return set(names)
            return {st.find(n) for n in names}

    def adjacency(self, iris: Iterable[str]) -> dict[str, set[str]]:
        """The neighbours (either direction) of each of ``iris`` in the effective graph: one query for all.

        What a breadth-first search over a big graph asks for one layer at a time
        (:func:`graph.paths.layered_shortest_paths`). IRIs that are no node get no entry.
        """
        with self._lock:
            ctx = self._walk_context()
            st = ctx.state
            canon = {st.find(i) for i in iris}
            stands_for: dict[int, str] = {}  # entity id -> the canonical IRI it belongs to
            lookup: list[str] = []
            for c in canon:
                for m in st.members(c):
                    if m in ctx.ids:
                        stands_for[ctx.ids[m]] = c
                    else:
                        lookup.append(m)
            if lookup:
                for iri, eid in self._read(
                    "SELECT e.iri, e.id FROM entities e WHERE e.iri IN (SELECT value FROM json_each(?)) "
                    "AND EXISTS (SELECT 1 FROM entity_docs d WHERE d.iri = e.iri)",
                    (json.dumps(sorted(lookup), ensure_ascii=False),),
                ):
                    stands_for[eid] = st.find(iri)
            if not stands_for:
                return {}
            excl = f"AND id NOT IN ({','.join(map(str, ctx.deleted))})" if ctx.deleted else ""
            rows = self._read(
                f"SELECT s, o FROM relations WHERE s IN (SELECT value FROM json_each(:f)) {excl} "
                f"UNION ALL SELECT o, s FROM relations WHERE o IN (SELECT value FROM json_each(:f)) {excl}",
                {"f": json.dumps(sorted(stands_for))},
            )
            rows += [(f, t) for f in stands_for for t in ctx.uadj.get(f, ())]
            self._iri_names({t for _, t in rows})  # fills the id -> IRI cache
            names = self._iri_cache
            find = st.find if st.parent else (lambda x: x)
            out: dict[str, set[str]] = {c: set() for c in stands_for.values()}
            for f, t in rows:
                c, o = stands_for[f], find(names[t])
                if o != c:
                    out[c].add(o)
            return out

    def _iri_names(self, ids: Iterable[int]) -> list[str]:
        """IRIs of entity ids, from a cache of every id's IRI.

        Entities are never deleted and their IRIs never change, so the cache only ever
        grows: a lookup of thousands of ids costs a list index each, not a B-tree probe.
        """
        names = self._iri_cache
        ids = list(ids)
        if ids and max(ids) >= len(names):
            for i, iri in self._read("SELECT id, iri FROM entities WHERE id >= ? ORDER BY id", (len(names),)):
                names.extend([""] * (i - len(names)))  # ids left unused by a rolled-back insert
                names.append(iri)
        return [names[i] for i in ids if i < len(names) and names[i]]

    def entity_mentions(self, iri: str) -> list[tuple[int, int, int]]:
        """(doc_id, start, end) of every mention of the entity (and of entities merged into it)."""
        st = self._edit_state()
        iris = sorted(set(st.members(iri)) | {iri})
        out: list[tuple[int, int, int]] = []
        for chunk in _chunks(iris):
            q = f'SELECT doc, start, "end" FROM mentions WHERE iri IN ({",".join("?" * len(chunk))})'
            out += self._read(q, chunk)
        return sorted(set(out))

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Entities whose name or alias contains ``text``: exact > prefix > fragment > fuzzy.

        Folding is the same as for resolution (:func:`graph.resolve.name_key`), so
        字節跳動 finds 字节跳动, ｂａｉｄｕ finds Baidu, two-character names work.
        Fuzzy matching (typos, 3+ characters) runs only when no name contains the text.

        >>> [h.label for h in st.search("字節")]            # doctest: +SKIP
        ['字节跳动']
        """
        q = name_key(text)
        if not q or limit <= 0:
            return []
        best: dict[str, tuple[float, str]] = {}
        st = self._edit_state()
        dropped = st.dropped_aliases  # names the user took off an entity (review): not found by them

        def offer(iri: str, alias: str, score: float) -> None:
            if dropped and alias in dropped.get(st.find(iri), ()):
                return
            if iri not in best or score > best[iri][0]:
                best[iri] = (score, alias)

        for iri, alias, folded in self._name_hits(q, max(limit * 10, 200)):
            if folded == q:
                score = 100.0
            elif folded.startswith(q):
                score = 80.0 + 10.0 * len(q) / len(folded)
            else:
                score = 60.0 + 10.0 * len(q) / len(folded)
            offer(iri, alias, score)
        if not best and len(q) >= 3:  # a typo: no name contains it
            for iri, alias, score in self._fuzzy_hits(q, limit * 2):
                offer(iri, alias, score / 2.0)  # below any fragment hit
        if not best:
            return []
        canon: dict[str, tuple[float, str]] = {}
        for iri, (score, alias) in best.items():
            c = st.find(iri)
            if c not in canon or score > canon[c][0]:
                canon[c] = (score, alias)
        if len(canon) > limit:
            # only names within the display-name bonus (0.5) of the limit-th best can make the
            # list: the rest need no label, types or hit object
            floor = sorted((v[0] for v in canon.values()), reverse=True)[limit - 1] - 0.501
            canon = {c: v for c, v in canon.items() if v[0] >= floor}
        info: dict[str, tuple[str, str]] = {}
        ids = sorted(canon)
        for chunk in _chunks(ids):
            q2 = f"SELECT iri, label, types FROM entities WHERE iri IN ({','.join('?' * len(chunk))})"
            info.update((iri, (label, t)) for iri, label, t in self._read(q2, chunk))
        ranked: list[tuple[float, int, str, str, str]] = []
        for c, (score, alias) in canon.items():
            if c not in info:
                continue
            label = st.label.get(c, info[c][0])
            if alias == label:
                score += 0.5  # the display name itself beats an alias at equal rank
            ranked.append((-round(score, 3), len(label), label, c, alias))
        ranked.sort()
        ranked = ranked[:limit]
        top = [r[3] for r in ranked]
        merged_types = self._raw_types(m for c in top for m in st.members(c)) if st.parent else {}

        def raw_types(m: str) -> list[str]:
            if m in merged_types:
                return merged_types[m]
            return json.loads(info[m][1]) if m in info else []

        hits = []
        for neg, _, label, c, alias in ranked:
            types = st.effective_types(c, raw_types)
            hits.append(SearchHit(c, label, types[0] if types else "Thing", alias, -neg))
        return hits

    def _name_hits(self, q: str, n: int) -> list[tuple[str, str, str]]:
        """(iri, alias, folded) of names containing ``q``: exact, then prefix, then fragment hits,
        shortest first within each, at most ``n`` of each.

        Every step is an index range that stops at ``n`` rows, so a fragment in 30,000
        names (科技) costs about what a rare one does.
        """
        # exact and prefix: a range of the folded-name index (exact sorts first: shortest)
        rows = self._read(
            "SELECT a.id, a.iri, a.alias, a.folded FROM aliases a WHERE a.id IN ("
            "SELECT id FROM aliases WHERE folded >= :q AND folded < :hi ORDER BY length(folded) LIMIT :n)",
            {"q": q, "hi": _upper(q), "n": n},
        )
        args = {"q": q, "n": n + len(rows), "m": '"' + q.replace('"', '""') + '"'}
        if len(rows) >= n:
            frag: list[tuple] = []
        elif len(q) == 2:  # bigram index, already in length order; instr() re-checks the row
            frag = self._read(
                "SELECT a.id, a.iri, a.alias, a.folded FROM name_bigrams g CROSS JOIN aliases a "
                "ON a.id = g.alias WHERE g.gram = :q AND instr(a.folded, :q) > 0 ORDER BY g.len LIMIT :n",
                args,
            )
        elif len(q) >= 3:  # trigram FTS
            frag = self._read(
                "SELECT a.id, a.iri, a.alias, a.folded FROM aliases a WHERE a.id IN ("
                "SELECT rowid FROM names_fts WHERE names_fts MATCH :m) ORDER BY length(a.folded) LIMIT :n",
                args,
            )
        else:  # one character: scan the folded names
            frag = self._read(
                "SELECT a.id, a.iri, a.alias, a.folded FROM aliases a WHERE instr(a.folded, :q) > 0 "
                "ORDER BY length(a.folded) LIMIT :n",
                args,
            )
        seen = {r[0] for r in rows}
        out = [r[1:] for r in rows]
        out += [r[1:] for r in frag if r[0] not in seen][:n]
        return out

    def _fuzzy_hits(self, q: str, limit: int) -> list[tuple[str, str, float]]:
        """(iri, alias, ratio) of names within ``fuzz.ratio`` 70 of ``q``.

        Candidates come from the bigram index: names of a length that can reach the
        cutoff, most shared bigrams first, so no pass over every name is needed.
        """
        grams = sorted(bigrams(q))
        if not grams:
            return []
        # ratio = 2 * matches / (len(q) + len(name)) >= 0.7 bounds the name's length
        lo, hi = int(len(q) * 0.7 / 1.3), -(-len(q) * 13 // 7)
        marks = ",".join("?" * len(grams))
        rows = self._read(
            "SELECT a.iri, a.alias, a.folded FROM aliases a WHERE a.id IN ("
            f"SELECT alias FROM name_bigrams WHERE gram IN ({marks}) AND len BETWEEN ? AND ? "
            "GROUP BY alias ORDER BY count(*) DESC LIMIT ?)",
            (*grams, lo, hi, _FUZZY_CANDIDATES),
        )
        owners: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for iri, alias, folded in rows:
            owners[folded].append((iri, alias))
        names = list(owners)
        return [
            (iri, alias, score)
            for _, score, idx in process.extract(q, names, scorer=fuzz.ratio, score_cutoff=70, limit=limit)
            for iri, alias in owners[names[idx]]
        ]

    def totals(self) -> tuple[int, int, int]:
        """(entities, statements, documents) as stored: three counts, no snapshot (see :meth:`stats`)."""
        return tuple(self._read(f"SELECT count(*) FROM {t}")[0][0] for t in ("entities", "relations", "documents"))  # type: ignore[return-value]

    def stats(self) -> dict[str, Any]:
        """Counts over the effective graph.

        Keys: documents, entities, entities_by_type, relations, relations_by_predicate,
        edits (active), edits_undone, mentions, aliases.
        """
        snap = self.snapshot()
        edits = self._read("SELECT undone, count(*) FROM edits GROUP BY undone")
        by_state = dict(edits)
        return {
            "documents": len(snap.documents),
            "entities": len(snap.nodes),
            "entities_by_type": dict(Counter(n.type for n in snap.nodes.values()).most_common()),
            "relations": len(snap.edges),
            "relations_by_predicate": dict(Counter(e.p for e in snap.edges).most_common()),
            "edits": by_state.get(0, 0),
            "edits_undone": by_state.get(1, 0),
            "mentions": self._read("SELECT count(*) FROM mentions")[0][0],
            "aliases": self._read("SELECT count(*) FROM aliases")[0][0],
        }


def _writable(path: Path) -> bool:
    """Can this process write the file and make its journal beside it?"""
    return os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)


# every public method: a damaged file raises StoreError, never OperationalError/JSONDecodeError
guard_methods(
    Store,
    (
        "document_status", "documents", "document_text", "import_extraction", "remove_document",
        "merge", "rename", "retype", "delete_edge", "add_edge", "undo", "redo", "edits",
        "snapshot", "neighbourhood", "entity_mentions", "search", "stats",
    ),
    StoreError,
)  # fmt: skip


def _summary(op: str, p: dict[str, Any]) -> str:
    if op == "merge":
        return f"merge {p.get('drop_label', p['drop'])} into {p.get('keep_label', p['keep'])}"
    if op == "rename":
        return f"rename {p.get('old_label', p['iri'])} to {p['label']}"
    if op == "retype":
        return f"retype {p['iri']} as {', '.join(p['types'])}"
    if op == "delete_edge":
        return f"delete edge {p['edge']} ({p.get('p', '')})"
    if op == "add_edge":
        return f"add edge {p['s']} {p['p']} {p['o']}"
    if op == "add_entity":
        return f"add entity {p['label']} ({', '.join(p['types'])})"
    if op == "drop_alias":
        return f"drop alias {p['alias']} of {p.get('label', p['iri'])}"
    if op == "dismiss_duplicate":
        return f"not duplicates: {p.get('a_label', p['a'])} / {p.get('b_label', p['b'])}"
    return op
