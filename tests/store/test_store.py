"""Store on real temporary databases: import, re-import, rollback, search, snapshot."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from store_helpers import TEXT_A, doc_a, doc_b, ent, make_doc, rel

from graph.model import DocExtraction
from graph.store import Store, StoreError
from graph.store.schema import SCHEMA_VERSION, TABLES


def by_label(st: Store) -> dict:
    return {n.label: n for n in st.snapshot().nodes.values()}


def counts(st: Store) -> dict:
    """Row counts of every table the store owns, name indexes included."""
    c = st.db.conn
    return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_import_and_snapshot(store):
    r = store.import_extraction(doc_a())
    assert (r.status, r.entities, r.relations) == ("imported", 6, 3)  # duplicate relation stored once
    nodes = by_label(store)
    assert set(nodes) == {"百度", "文心一言", "字节跳动", "云雀大模型", "月之暗面", "红杉资本"}
    assert "MoonShot AI" in nodes["月之暗面"].aliases
    snap = store.snapshot()
    inv = next(e for e in snap.edges if e.p == "investsIn")
    assert inv.id.startswith("r") and inv.doc == store.documents()[0].id
    assert dict(inv.attrs) == {
        "round": "A轮",
        "amount": "10亿",
        "currency": "CNY",
        "date": "2024-02",
        "lead": True,
    }
    assert inv.year == 2024  # from the funding date, not the document's 2023
    dev = next(e for e in snap.edges if e.p == "develops" and e.s == nodes["百度"].iri)
    assert dev.year == 2023 and dev.confidence == 0.9 and dev.evidence == "百度发布文心一言。"
    assert store.document_text(dev.doc) == TEXT_A
    doc = store.documents()[0]
    assert (doc.name, doc.year) == ("a.txt", 2023)


def test_cross_document_resolution(store):
    store.import_extraction(doc_a())
    store.import_extraction(doc_b())
    nodes = by_label(store)
    # Baidu/百度, 字節跳動/字节跳动, Moonshot AI/月之暗面 joined; GPT-4 and GPT-4o kept apart
    assert {"Baidu", "字節跳動"} <= set(nodes["百度"].aliases) | set(nodes["字节跳动"].aliases)
    assert len(nodes["百度"].docs) == 2 and len(nodes["月之暗面"].docs) == 2
    assert "GPT-4" in nodes and "GPT-4o" in nodes and nodes["GPT-4"].iri != nodes["GPT-4o"].iri
    assert "Unitree" in nodes["宇树科技"].aliases and "宇樹科技" in nodes["宇树科技"].aliases
    assert "Baidu" not in nodes and "字節跳動" not in nodes
    part = next(e for e in store.snapshot().edges if e.p == "partnersWith")
    assert (part.s, part.o) == (nodes["百度"].iri, nodes["字节跳动"].iri)


def test_reimport_unchanged_is_skipped(store):
    store.import_extraction(doc_a())
    before = counts(store)
    snap = store.snapshot()
    assert store.document_status("a.txt", doc_a().doc.sha256) == "unchanged"
    assert store.import_extraction(doc_a()).status == "unchanged"
    assert counts(store) == before
    assert store.snapshot() == snap


def test_reimport_changed_replaces_only_its_own(store):
    store.import_extraction(doc_a())
    store.import_extraction(doc_b())
    b_edges = {(e.s, e.p, e.o) for e in store.snapshot().edges if e.doc == 2}
    text = TEXT_A + "百度推出文心一格。"
    ex = doc_a(text)
    ex.entities.append(ent("文心一格", "Product", text=text))
    ex.relations = [rel("百度", "offers", "文心一格", "a.txt", "百度推出文心一格。", block=3)]
    assert store.document_status("a.txt", ex.doc.sha256) == "changed"
    r = store.import_extraction(ex)
    assert r.status == "replaced"
    snap = store.snapshot()
    a_edges = [e for e in snap.edges if e.doc == 1]
    assert [(snap.nodes[e.s].label, e.p, snap.nodes[e.o].label) for e in a_edges] == [
        ("百度", "offers", "文心一格")
    ]
    assert {(e.s, e.p, e.o) for e in snap.edges if e.doc == 2} == b_edges
    assert [d.id for d in store.documents()] == [1, 2]  # the document keeps its id
    assert store.document_text(1) == text
    labels = by_label(store)
    assert "红杉资本" in labels  # still extracted as an entity of the new version
    assert "云雀大模型" in labels
    # an entity no document names any more drops out of the snapshot
    ex2 = doc_a(TEXT_A + "x")
    ex2.entities = [e for e in ex2.entities if e.name != "云雀大模型"]
    ex2.relations = []
    store.import_extraction(ex2)
    assert "云雀大模型" not in by_label(store)
    assert "百度" in by_label(store)


def test_failed_import_leaves_graph_as_it_was(store, monkeypatch):
    store.import_extraction(doc_a())
    before, snap = counts(store), store.snapshot()
    real = store._refresh_entities

    def boom(*a, **k):
        real(*a, **k)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_refresh_entities", boom)
    with pytest.raises(StoreError, match="disk on fire") as ei:
        store.import_extraction(doc_b())
    assert "b.txt" in str(ei.value)
    changed = doc_a(TEXT_A + "！")
    with pytest.raises(StoreError):
        store.import_extraction(changed)
    monkeypatch.undo()
    assert counts(store) == before
    assert store.snapshot() == snap
    assert store.document_status("a.txt", doc_a().doc.sha256) == "unchanged"
    # and the store is still usable, with a resolver that forgot the failed names
    assert store.import_extraction(doc_b()).status == "imported"
    assert "GPT-4o" in by_label(store)


def test_failed_import_from_bad_relation_rolls_back(store):
    store.import_extraction(doc_a())
    before = counts(store)
    ex = doc_b()
    ex.relations.append(dataclasses.replace(ex.relations[0], attrs={"date": object()}, block=9))
    ex.relations.append(dataclasses.replace(ex.relations[0], confidence="high", block=10))  # not a number
    with pytest.raises(StoreError):
        store.import_extraction(ex)
    assert counts(store) == before


def test_relation_to_unlisted_entity_creates_it(store):
    d = make_doc("c.txt", "智谱AI发布GLM。")
    ex = DocExtraction(
        d, [ent("智谱AI", "Company")], [rel("智谱AI", "develops", "GLM-4", "c.txt", "智谱AI发布GLM。")]
    )
    store.import_extraction(ex)
    nodes = by_label(store)
    assert nodes["GLM-4"].types == ()
    assert nodes["GLM-4"].type == "Thing"


def test_remove_document(store):
    store.import_extraction(doc_a())
    store.import_extraction(doc_b())
    iris = {n.label: n.iri for n in store.snapshot().nodes.values()}
    store.remove_document(2)
    assert [d.name for d in store.documents()] == ["a.txt"]
    nodes = by_label(store)
    assert "OpenAI" not in nodes and nodes["百度"].docs == (1,)
    assert "Baidu" not in nodes["百度"].aliases
    assert all(e.doc == 1 for e in store.snapshot().edges)
    with pytest.raises(ValueError):
        store.remove_document(99)
    store.import_extraction(doc_b())
    assert {n.label: n.iri for n in store.snapshot().nodes.values()} == iris  # same IRIs again


def test_entity_mentions(store):
    store.import_extraction(doc_a())
    store.import_extraction(doc_b())
    iri = by_label(store)["百度"].iri
    m = store.entity_mentions(iri)
    assert (1, 0, 2) in m
    assert any(d == 2 for d, _, _ in m)
    s, e = m[0][1:]
    assert store.document_text(m[0][0])[s:e] == "百度"


def test_stats(store):
    store.import_extraction(doc_a())
    s = store.stats()
    assert s["documents"] == 1 and s["entities"] == 6 and s["relations"] == 3
    assert s["entities_by_type"] == {"Company": 3, "AIModel": 2, "Investor": 1}
    assert s["relations_by_predicate"] == {"develops": 2, "investsIn": 1}
    assert s["edits"] == 0


def test_iris_stable_across_fresh_rebuild(tmp_path):
    def build(path, order):
        with Store(path) as st:
            for ex in order:
                st.import_extraction(ex)
            return {n.label: n.iri for n in st.snapshot().nodes.values()}

    first = build(tmp_path / "1.db", [doc_a(), doc_b()])
    again = build(tmp_path / "2.db", [doc_a(), doc_b()])
    assert first == again
    assert all(i.startswith("https://zhitu.app/id/") for i in first.values())
    # most entities do not depend on the order either
    reverse = build(tmp_path / "3.db", [doc_b(), doc_a()])
    same = {k for k in first if reverse.get(k) == first[k]}
    assert {"文心一言", "红杉资本", "OpenAI", "GPT-4", "GPT-4o", "宇树科技", "字节跳动"} <= same


def test_in_memory_store():
    with Store(":memory:") as st:
        st.import_extraction(doc_a())
        assert st.search("百度")[0].label == "百度"


# -- search -----------------------------------------------------------------------


@pytest.fixture
def searchable(store):
    store.import_extraction(doc_a())
    store.import_extraction(doc_b())
    return store


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("百度", "百度"),  # two characters
        ("字節跳動", "字节跳动"),  # Traditional input
        ("字节", "字节跳动"),  # two-char prefix
        ("跳动", "字节跳动"),  # two-char fragment
        ("暗面", "月之暗面"),
        ("moonshot", "月之暗面"),  # fragment of an alias, case-insensitive
        ("MOONSHOT ai", "月之暗面"),
        ("ｍｏｏｎｓｈｏｔ", "月之暗面"),  # full width
        ("baidu", "百度"),
        ("unitree", "宇树科技"),
        ("宇樹", "宇树科技"),
        ("红杉", "红杉资本"),
        ("云雀大模型", "云雀大模型"),
        ("openia", "OpenAI"),  # typo: fuzzy
    ],
)
def test_search_finds(searchable, query, label):
    hits = searchable.search(query)
    assert hits, query
    assert hits[0].label == label


def test_search_ranking(searchable):
    hits = searchable.search("gpt-4")
    assert [h.label for h in hits[:2]] == ["GPT-4", "GPT-4o"]  # exact before prefix
    assert hits[0].score > hits[1].score
    assert hits[0].type == "AIModel" and hits[0].matched == "GPT-4"
    assert searchable.search("   ") == [] and searchable.search("百度", limit=0) == []
    assert searchable.search("完全不存在的名字") == []
    assert len(searchable.search("a", limit=2)) <= 2


def test_search_fragment_beats_fuzzy(store):
    d = make_doc("c.txt", "x")
    store.import_extraction(
        DocExtraction(d, [ent("DeepSeek", "Company"), ent("DeepSpeed", "Technology")], [])
    )
    hits = store.search("deepseek")
    assert hits[0].label == "DeepSeek" and hits[0].score >= 100


# -- opening, locking, corruption -----------------------------------------------------


def test_locked_database_gives_clear_error(tmp_path):
    path = tmp_path / "locked.db"
    Store(path).close()
    other = sqlite3.connect(path)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with Store(path, timeout=0.1) as st:
            with pytest.raises(StoreError, match="locked") as ei:
                st.import_extraction(doc_a())
            assert str(path) in str(ei.value)
            assert st.documents() == []  # readers still work in WAL mode
    finally:
        other.rollback()
        other.close()


def test_locked_new_database(tmp_path):
    path = tmp_path / "new.db"
    other = sqlite3.connect(path)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked") as ei:
            Store(path, timeout=0.1)
        assert str(path) in str(ei.value)
    finally:
        other.rollback()
        other.close()


def test_garbage_file_gives_clear_error(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not sqlite at all \x00\x01\x02" * 100)
    with pytest.raises(StoreError, match="not a Zhitu graph or is corrupt") as ei:
        Store(path)
    assert str(path) in str(ei.value)


def test_foreign_sqlite_file_refused(tmp_path):
    path = tmp_path / "other.db"
    c = sqlite3.connect(path)
    c.execute("CREATE TABLE invoices (id INTEGER)")
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="another program"):
        Store(path)


def test_newer_schema_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    c = sqlite3.connect(path)
    c.execute("PRAGMA user_version = 99")
    c.close()
    with pytest.raises(StoreError, match="newer Zhitu"):
        Store(path)


def test_development_schema_refused(tmp_path):
    path = tmp_path / "dev.db"
    Store(path).close()
    c = sqlite3.connect(path)
    c.execute("PRAGMA user_version = 1")
    c.close()
    with pytest.raises(StoreError, match="rebuild"):
        Store(path)


def test_readonly(tmp_path):
    path = tmp_path / "ro.db"
    with Store(path) as st:
        st.import_extraction(doc_a())
    with Store(path, readonly=True) as ro:
        assert len(ro.snapshot().nodes) == 6
        assert ro.search("百度")
        with pytest.raises(StoreError, match="read-only"):
            ro.import_extraction(doc_b())
        with pytest.raises(StoreError, match="read-only"):
            ro.rename(ro.search("百度")[0].iri, "Baidu")
    with pytest.raises(StoreError, match="no such"):
        Store(tmp_path / "missing.db", readonly=True)


def test_schema_and_pragmas(store):
    c = store.db.conn
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    idx = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"relations_sp", "relations_o", "aliases_folded"} <= idx
