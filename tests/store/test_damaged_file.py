"""A damaged graph file gives a StoreError naming the file, never sqlite3/JSON tracebacks;
a file this process may not write opens read-only."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from store_helpers import doc_a, doc_b

import graph.store.store as store_module
from graph.cli import main
from graph.store import Store, StoreError


@pytest.fixture
def built(tmp_path: Path) -> Path:
    db = tmp_path / "g.db"
    with Store(db) as st:
        st.import_extraction(doc_a())
        st.import_extraction(doc_b())
    return db


def _damage(db: Path, sql: str) -> None:
    c = sqlite3.connect(db)
    c.execute("PRAGMA foreign_keys = OFF")
    c.execute(sql)
    c.commit()
    c.close()


DAMAGE = {
    "dropped relations": "DROP TABLE relations",
    "dropped aliases": "DROP TABLE aliases",
    "bad types JSON": "UPDATE entities SET types = '[bad' WHERE id = (SELECT min(id) FROM entities)",
    "bad attrs JSON": "UPDATE entities SET attrs = '{x' WHERE id = (SELECT min(id) FROM entities)",
    "bad funding JSON": "UPDATE funding_rounds SET attrs = '{x'",
}


@pytest.mark.parametrize("sql", DAMAGE.values(), ids=DAMAGE.keys())
def test_every_read_says_the_file_is_damaged(built: Path, sql: str) -> None:
    _damage(built, sql)
    try:
        st = Store(built)
    except StoreError as e:  # a missing table is found at open
        assert "is damaged" in str(e) and str(built) in str(e)
        return
    with st:
        for call in (st.snapshot, st.stats, lambda: st.import_extraction(doc_a())):
            try:
                call()
            except StoreError as e:
                assert "is damaged" in str(e) and str(built) in str(e), e
        with pytest.raises(StoreError, match="is damaged"):
            st.stats()


@pytest.mark.parametrize("command", [["stats"], ["search", "百度"], ["build", "REPORT"], ["query", "ASK { ?s ?p ?o }"]])
def test_cli_on_a_damaged_file_gives_one_line(built: Path, tmp_path: Path, capsys, command: list[str]) -> None:
    _damage(built, DAMAGE["bad types JSON"])
    report = tmp_path / "r.txt"
    report.write_text("百度发布文心一言大模型。\n", encoding="utf-8")
    argv = [str(report) if a == "REPORT" else a for a in command]
    code = main([*argv, "--db", str(built)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "is damaged: a stored JSON value does not parse" in err


def test_read_only_file_opens_read_only(built: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    # os.access stands in for chmod: root may write any file, so chmod alone cannot test this
    real = store_module.os.access
    monkeypatch.setattr(store_module.os, "access", lambda p, mode: False if mode == store_module.os.W_OK else real(p, mode))
    with Store(built) as st:
        assert st.readonly
        assert st.stats()["documents"] == 2
        iri = next(iter(st.snapshot().nodes))
        with pytest.raises(StoreError, match="read-only"):
            st.rename(iri, "新名字")
    report = tmp_path / "r.txt"
    report.write_text("百度发布文心一言大模型。\n", encoding="utf-8")
    assert main(["build", str(report), "--db", str(built)]) == 1
    assert "is read-only" in capsys.readouterr().err
    assert main(["stats", "--db", str(built)]) == 0


def test_a_copy_of_an_intact_file_still_opens(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(built, copy)
    with Store(copy) as st:
        assert st.stats()["documents"] == 2
