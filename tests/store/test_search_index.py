"""The name index on real temporary databases: bigram fragments, fuzzy fallback, upgrade of schema 2."""

from __future__ import annotations

import sqlite3

import pytest
from store_helpers import doc_a, doc_b, ent, make_doc

from graph.model import DocExtraction
from graph.store import Store, StoreError
from graph.store.schema import SCHEMA_VERSION


def names_doc(name: str, *names: str, type_: str = "Company") -> DocExtraction:
    return DocExtraction(make_doc(name, "".join(names)), [ent(n, type_) for n in names], [])


def labels(st: Store, q: str, limit: int = 20) -> list[str]:
    return [h.label for h in st.search(q, limit=limit)]


def test_two_char_fragment_inside_longer_names(store):
    store.import_extraction(names_doc("a.txt", "智星云科技", "海天科技集团", "科技", "明华智能", "云海科技"))
    found = labels(store, "科技")
    assert found[0] == "科技"  # exact first
    assert set(found) == {"科技", "智星云科技", "海天科技集团", "云海科技"}
    assert labels(store, "星云") == ["智星云科技"]  # in the middle
    assert labels(store, "集团") == ["海天科技集团"]  # at the end
    assert labels(store, "云海")[0] == "云海科技"  # prefix before fragment
    assert labels(store, "天科") == ["海天科技集团"]
    assert labels(store, "龙马") == []


def test_ranking_exact_prefix_fragment_and_length(store):
    # Policy: no short forms, so resolution keeps 星云 and 星云科技 apart
    names = ("星云", "星云科技", "智星云", "星云科技集团", "大智星云科技")
    store.import_extraction(names_doc("a.txt", *names, type_="Policy"))
    assert labels(store, "星云") == ["星云", "星云科技", "星云科技集团", "智星云", "大智星云科技"]
    assert labels(store, "星云", limit=2) == ["星云", "星云科技"]


def test_common_fragment_many_names(store):
    stems = "智星云海天光明华新达通信远航元正和安泰恒瑞博睿思创宏图盛泽峰岚启辰"
    names = [a + b + "科技" for a in stems for b in stems if a != b]  # 930 names
    store.import_extraction(names_doc("a.txt", *names, "科技"))
    hits = labels(store, "科技", limit=5)
    assert hits[0] == "科技" and len(hits) == 5 and all("科技" in h for h in hits)
    assert labels(store, "云海科")[0] == "云海科技"


def test_bigram_index_follows_edits_and_reimport(store):
    store.import_extraction(doc_a())
    baidu = store.search("百度")[0].iri
    store.rename(baidu, "百度智能云")
    assert store.search("能云")[0].iri == baidu
    store.undo()
    assert store.search("能云") == []
    assert store.search("百度")[0].iri == baidu
    # a changed document replaces its names in the index too
    d = doc_a()
    store.import_extraction(DocExtraction(make_doc("a.txt", "新内容"), [ent("字节跳动", "Company")], []))
    assert store.search("跳动") and store.search("文心") == []
    store.import_extraction(d)
    assert store.search("文心")[0].label == "文心一言"
    n = store.db.conn.execute("SELECT count(*) FROM name_bigrams").fetchone()[0]
    expected = sum(
        len({f[i : i + 2] for i in range(len(f) - 1)})
        for (f,) in store.db.conn.execute("SELECT folded FROM aliases")
    )
    assert n == expected  # nothing left behind


def test_fuzzy_only_when_no_fragment_hits(store, monkeypatch):
    store.import_extraction(names_doc("a.txt", "DeepSeek", "DeepSpeed", "Anthropic"))
    calls = []
    real = Store._fuzzy_hits

    def spy(self, q, limit):
        calls.append(q)
        return real(self, q, limit)

    monkeypatch.setattr(Store, "_fuzzy_hits", spy)
    assert labels(store, "deeps") == ["DeepSeek", "DeepSpeed"]  # fragments: no fuzzy pass
    assert labels(store, "seek") == ["DeepSeek"]
    assert calls == []
    assert labels(store, "antrhopic") == ["Anthropic"]  # no fragment: fuzzy finds the typo
    assert calls == ["antrhopic"]
    hit = store.search("antrhopic")[0]
    assert hit.score < 60  # below any fragment hit


def test_fuzzy_candidates_from_many_names(store):
    names = [f"Kavon{i}Labs" for i in range(300)] + ["Zhipu Qingyan"]
    store.import_extraction(names_doc("a.txt", *names))
    assert labels(store, "zhipu qinyan")[0] == "Zhipu Qingyan"
    assert labels(store, "kavon17lbas")[0] == "Kavon17Labs"


def test_traditional_and_case_through_the_index(store):
    store.import_extraction(doc_a())
    store.import_extraction(doc_b())
    assert labels(store, "節跳")[0] == "字节跳动"
    assert labels(store, "ＯＯＮＳ")[0] == "月之暗面"
    assert labels(store, "樹科")[0] == "宇树科技"


def _downgrade_to_2(path) -> None:
    """Make a schema-2 file of a schema-3 one: what a development build wrote."""
    c = sqlite3.connect(path)
    c.executescript(
        "DROP TABLE name_bigrams; DROP INDEX relations_sp; DROP INDEX relations_o; "
        "CREATE INDEX relations_sp ON relations(s, p); CREATE INDEX relations_o ON relations(o); "
        "PRAGMA user_version = 2;"
    )
    c.close()


def test_schema_2_is_upgraded_on_open(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as st:
        st.import_extraction(doc_a())
        before = {h.iri for h in st.search("跳动")}
    _downgrade_to_2(path)
    with pytest.raises(StoreError, match="without read-only"):
        Store(path, readonly=True)
    with Store(path) as st:
        c = st.db.conn
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {h.iri for h in st.search("跳动")} == before
        cols = [r[2] for r in c.execute("PRAGMA index_info(relations_sp)")]
        assert cols == ["s", "p", "o"]
        assert len(st.neighbourhood(before.pop(), 1)) == 2
    with Store(path, readonly=True) as ro:
        assert ro.search("跳动")


def test_prefix_range_end():
    from graph.store.store import _upper

    assert _upper("ab") == "ac" and _upper("百度") > "百度科技"
    assert _upper("a\ud7ff") == "a\ue000"  # never a surrogate: it could not be encoded for SQLite
