"""The store-backed resolver decides as the old whole-store Resolver did, without loading every name."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from graph.ingest import document_from_text
from graph.model import DocExtraction, Entity
from graph.pipeline import build
from graph.resolve import Resolver, mint_iri, name_key
from graph.store import Store
from graph.store.dump import dump_store
from graph.store.resolver import StoreResolver

# long names (fuzzy needs 13+ characters at the threshold), short and long forms, a place prefix
HANDMADE = [
    ("Zhipu Qingyan Assistant", ["Product"]),
    ("Hunyuan Turbo Vision Model", ["AIModel"]),
    ("掌阅科技", ["Company"]),
    ("北京深度求索人工智能基础技术研究有限公司", ["Company"]),
    ("阶跃星辰", ["Company"]),
    ("智源研究院", ["ResearchInstitution"]),
    ("启明创投", ["Investor", "Company"]),
]
PROBES = [
    (["Zhipu Qingyan Asistant"], ["Product"]),  # a typo: fuzzy
    (["Hunyuan Turbo Vsion Model"], ["Product"]),  # fuzzy only within a type: no match
    (["Hunyuan Turbo Vision Modle"], ["AIModel"]),
    (["Hunyuan Turbo Vision Model 2"], ["AIModel"]),  # a version apart: no merge
    (["掌阅"], ["Company"]),  # incoming short form of a stored name (weak)
    (["北京掌阅科技有限公司"], ["Company"]),  # long form with a place (typed short form)
    (["深度求索人工智能基础技术研究"], ["Company"]),
    (["阶跃星辰科技"], ["Company"]),
    (["上海阶跃星辰智能科技有限公司"], ["Company"]),
    (["智源"], ["ResearchInstitution"]),
    (["启明"], ["Investor"]),
    (["启明创投"], ["Person"]),  # exact key, any type
    (["没有这家公司科技"], ["Company"]),
]


def _reference(conn: sqlite3.Connection) -> Resolver:
    """The resolver as the store built it before: every stored key and alias, in store order."""
    r = Resolver()
    types = {iri: json.loads(t) for iri, t in conn.execute("SELECT iri, types FROM entities")}
    for iri, key in conn.execute("SELECT iri, key FROM entities ORDER BY rowid"):
        r.types.setdefault(iri, set()).update(types.get(iri, ()))
        if key:
            r.add_key(iri, key, types.get(iri, ()))
    for iri, folded in conn.execute("SELECT iri, folded FROM aliases ORDER BY id"):
        if folded:
            r.add_key(iri, folded, types.get(iri, ()))
    return r


def _handmade(name: str = "handmade.txt", extra: str = "") -> DocExtraction:
    doc = document_from_text(name, "手写的测试文档，列出一些名称。" + extra)
    return DocExtraction(doc, [Entity(n, t) for n, t in HANDMADE], [])


@pytest.fixture
def db(tmp_path: Path, demo_db: Path) -> Path:
    path = tmp_path / "g.db"
    shutil.copyfile(demo_db, path)
    with Store(path) as st:
        st.import_extraction(_handmade())
    return path


def _probes(conn: sqlite3.Connection) -> list[tuple[list[str], list[str]]]:
    out = list(PROBES)
    for label, types in conn.execute("SELECT label, types FROM entities ORDER BY rowid"):
        t = json.loads(types)
        out.append(([label], t))
        out.append(([label + "有限公司"], t))
        if len(label) >= 6:  # one character changed in the middle
            mid = len(label) // 2
            out.append(([label[:mid] + "x" + label[mid + 1 :]], t))
    return out


def _same(a, b) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and (a.iri, a.how, a.matched) == (b.iri, b.how, b.matched)
    )


def test_same_matches_as_the_whole_store_resolver(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        ref, new = _reference(conn), StoreResolver(conn)
        probes = _probes(conn)
        hows = set()
        for names, types in probes:
            a, b = ref.resolve(names, types), new.resolve(names, types)
            assert _same(a, b), (names, types, a, b)
            hows.add(a.how if a else None)
            # as an import does: the name joins its entity (or a new one) for the next probes
            iri = a.iri if a else mint_iri(name_key(names[0]))
            ref.add(iri, names, types)
            new.add(iri, names, types)
        assert hows == {"exact", "short", "fuzzy", None}  # every path was taken
    finally:
        conn.close()


def test_incremental_import_stores_the_same_graph(tmp_path: Path, demo_dir: Path, monkeypatch) -> None:
    """Imports (a replaced document among them) give the same rows as the old resolver."""
    corpus = tmp_path / "corpus"
    shutil.copytree(demo_dir, corpus)

    def run(db: Path) -> dict:
        with Store(db) as st:
            build([corpus], st)
            st.import_extraction(_handmade())
            st.import_extraction(_handmade(extra="第二版。"))  # replaced: its old names count
        return dump_store(db)

    new = run(tmp_path / "new.db")
    monkeypatch.setattr(Store, "_get_resolver", lambda self, replacing=None, ex=None: _reference(self._conn))
    assert run(tmp_path / "old.db") == new
