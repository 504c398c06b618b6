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
from graph.resolve import FUZZY_TYPES, SHORT_SUFFIXES, Resolver, mint_iri, name_key, short_forms
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


def _typo_probes(conn: sqlite3.Connection) -> list[tuple[list[str], list[str]]]:
    """Every stored name with one character changed, under each fuzzy type: reaches every block."""
    names = {r[0] for r in conn.execute("SELECT alias FROM aliases UNION SELECT label FROM entities")}
    out = []
    for n in sorted(names):
        mid = len(n) // 2
        for t in sorted(FUZZY_TYPES):
            out.append(([n[:mid] + "x" + n[mid + 1 :]], [t]))
    return out


def _how(db: Path, names: list[str], types: list[str]) -> str | None:
    """The store resolver's answer, checked against the whole-store resolver's."""
    conn = sqlite3.connect(db)
    try:
        a, b = _reference(conn).resolve(names, types), StoreResolver(conn).resolve(names, types)
        conn.commit()  # the resolver catches its tables up
    finally:
        conn.close()
    assert _same(a, b), (names, types, a, b)
    return b.how if b else None


def test_persisted_blocks_never_go_stale(tmp_path: Path) -> None:
    """resolve_names follows a type gained from another document, a removed document, a rename
    and its undo, a merge and a retype, and is rebuilt for a file made before it existed."""
    one = DocExtraction(
        document_from_text("one.txt", "第一份手写文档。"),
        [
            Entity("Lingyi Wanwu Partners", ["Company"], {"Zero One Everything Partners"}),
            Entity("Moonlight Robotics Foundry", ["Company"]),
        ],
        [],
    )
    two = DocExtraction(
        document_from_text("two.txt", "第二份手写文档。"),
        [
            Entity("Lingyi Wanwu Partners", ["Investor"]),
            Entity("掌阅科技", ["Company"], {"Zhangyue Technology"}),
        ],
        [],
    )
    db = tmp_path / "g.db"
    gained = (["Zero One Everythin Partners"], ["Investor"])  # the alias from one.txt, the type from two.txt
    renamed = (["Silverline Robotic Foundry"], ["Company"])
    with Store(db) as st:
        st.import_extraction(one)
        st.import_extraction(two)
        conn = st._conn
        assert _how(db, *gained) == "fuzzy"
        st.remove_document(next(d.id for d in st.documents() if d.name == "two.txt"))
        assert _how(db, *gained) is None  # its row stays in resolve_names, but the type is gone
        st.import_extraction(two)
        moon = st.search("Moonlight Robotics Foundry")[0].iri
        assert _how(db, *renamed) is None
        st.rename(moon, "Silverline Robotics Foundry")
        assert _how(db, *renamed) == "fuzzy"
        st.undo()
        assert _how(db, *renamed) is None
        st.redo()
        lingyi = st.search("Lingyi Wanwu Partners")[0].iri
        st.merge(moon, lingyi)
        st.retype(moon, ["Product"])
        for probe in _typo_probes(conn):
            _how(db, *probe)
        # every live key's short forms are indexed (the catch-up skips keys seen before)
        live = {r[0] for r in conn.execute("SELECT key FROM entities UNION SELECT folded FROM aliases")}
        want = {(short, t, k) for k in live if k for t, short in short_forms(k, SHORT_SUFFIXES)}
        assert want and want <= set(conn.execute("SELECT short, stype, key FROM resolve_shorts"))
        # a file written before resolve_names: the first resolver fills it with the same rows
        rows = set(conn.execute("SELECT * FROM resolve_names"))
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            if name.startswith("resolve_names"):
                conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE resolve_names")
        conn.commit()
        assert _how(db, *gained) == "fuzzy"
        refilled = set(conn.execute("SELECT * FROM resolve_names"))
        assert refilled <= rows and {r[4] for r in refilled} >= {
            "silverlineroboticsfoundry",
            "zerooneeverythingpartners",
        }
        for probe in _typo_probes(conn):
            _how(db, *probe)
