"""Saved views live in the graph file (schema 4); schema-3 files get the table on open."""

from __future__ import annotations

import sqlite3

from graph.api import Workspace
from graph.store import Store
from graph.store.schema import SCHEMA_VERSION


def test_saved_views_round_trip_and_survive_reopening(tmp_path) -> None:
    db = tmp_path / "g.db"
    with Workspace(db) as ws:
        ws.save_view("投资", {"scope": ["a"], "zoom": 1.5})
        ws.save_view("", {"scope": None})
        ws.save_view("投资", {"scope": ["a", "b"], "zoom": 2.0})
    with Workspace(db) as ws:
        assert ws.view_names() == ["投资"]  # the last picture ('') is not listed
        assert ws.load_view("投资") == {"scope": ["a", "b"], "zoom": 2.0}
        assert ws.load_view("") == {"scope": None}
        ws.delete_view("投资")
        assert ws.view_names() == [] and ws.load_view("投资") is None


def test_schema_3_file_gets_the_views_table(tmp_path) -> None:
    db = tmp_path / "g.db"
    Store(db).close()
    c = sqlite3.connect(db)
    c.executescript("DROP TABLE views; PRAGMA user_version = 3;")
    c.close()
    with Store(db, readonly=True) as st:  # read-only: readable, no views
        assert st.view_names() == []
    with Store(db) as st:
        st.save_view("v", "{}")
    c = sqlite3.connect(db)
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    c.close()
