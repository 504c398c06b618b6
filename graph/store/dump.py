"""A canonical, id-free dump of a graph file, to tell whether two builds made the same graph.

Row ids (entity, document, relation, alias ids) depend on insertion order and are
replaced by what they stand for (IRIs, document names); import times are left out.

>>> import tempfile, os                                                     # doctest: +SKIP
>>> dump_store("serial.db") == dump_store("jobs2.db")                       # doctest: +SKIP
True
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

_QUERIES = {
    "documents": "SELECT name, sha256, title, year, encoding, media_type, n_blocks FROM documents",
    "entities": "SELECT iri, label, types, attrs, key FROM entities",
    "entity_docs": "SELECT e.iri, d.name, e.name, e.types, e.attrs FROM entity_docs e JOIN documents d ON d.id = e.doc",
    "aliases": "SELECT a.iri, a.alias, a.folded, a.lang, d.name FROM aliases a LEFT JOIN documents d ON d.id = a.doc",
    "mentions": 'SELECT m.iri, d.name, m.block, m.start, m."end" FROM mentions m JOIN documents d ON d.id = m.doc',
    "relations": (
        'SELECT s.iri, r.p, o.iri, d.name, r.block, r.evidence, r.start, r."end", r.confidence, r.rule,'
        " f.round, f.amount, f.currency, f.date, f.lead, f.attrs"
        " FROM relations r JOIN entities s ON s.id = r.s JOIN entities o ON o.id = r.o"
        " JOIN documents d ON d.id = r.doc LEFT JOIN funding_rounds f ON f.relation = r.id"
    ),
}


def dump_store(path: str | Path) -> dict[str, list[tuple]]:
    """Every extracted row of the graph file at ``path``, ids resolved, each table sorted."""
    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        return {
            table: sorted(
                conn.execute(q).fetchall(), key=lambda r: tuple("" if v is None else str(v) for v in r)
            )
            for table, q in _QUERIES.items()
        }
    finally:
        conn.close()
