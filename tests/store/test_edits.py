"""User edits: every op, undo/redo, and edits surviving re-import and rebuilds."""

from __future__ import annotations

import pytest
from store_helpers import TEXT_A, doc_a, doc_b

from graph.store import Store, StoreError


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "g.db") as st:
        st.import_extraction(doc_a())
        st.import_extraction(doc_b())
        yield st


def iri(st: Store, label: str) -> str:
    return next(n.iri for n in st.snapshot().nodes.values() if n.label == label)


def edges(st: Store) -> set[tuple[str, str, str]]:
    snap = st.snapshot()
    return {(snap.nodes[e.s].label, e.p, snap.nodes[e.o].label) for e in snap.edges}


def test_merge_undo_redo(store):
    keep, drop = iri(store, "OpenAI"), iri(store, "红杉资本")
    n_before = len(store.snapshot().nodes)
    eid = store.merge(keep, drop)
    assert isinstance(eid, int)
    snap = store.snapshot()
    assert drop not in snap.nodes and len(snap.nodes) == n_before - 1
    node = snap.nodes[keep]
    assert "红杉资本" in node.aliases
    assert set(node.types) == {"Company", "Investor"} and node.type == "Company"
    assert node.docs == (1, 2)
    assert ("OpenAI", "investsIn", "月之暗面") in edges(store)  # edges move to the kept entity
    assert store.search("红杉")[0].iri == keep
    assert any(d == 1 for d, _, _ in store.entity_mentions(keep))
    with pytest.raises(ValueError, match="already merged"):
        store.merge(keep, drop)
    assert store.undo() is True
    assert drop in store.snapshot().nodes
    assert ("红杉资本", "investsIn", "月之暗面") in edges(store)
    assert store.redo() is True
    assert drop not in store.snapshot().nodes
    assert store.redo() is False


def test_merge_removes_self_loops(store):
    baidu, byte = iri(store, "百度"), iri(store, "字节跳动")
    store.merge(baidu, byte)
    assert not any(e.p == "partnersWith" for e in store.snapshot().edges)  # was 百度—字节跳动


def test_rename(store):
    i = iri(store, "百度")
    store.rename(i, "百度公司")
    node = store.snapshot().nodes[i]
    assert node.label == "百度公司" and "百度" in node.aliases
    hit = store.search("百度公司")[0]
    assert (hit.iri, hit.label, hit.score >= 100) == (i, "百度公司", True)
    assert store.search("百度")[0].label == "百度公司"  # the old name still finds it
    store.undo()
    assert store.snapshot().nodes[i].label == "百度"
    assert all(h.label != "百度公司" for h in store.search("百度公司"))  # the name left the index
    store.redo()
    assert store.snapshot().nodes[i].label == "百度公司"
    with pytest.raises(ValueError):
        store.rename(i, "  ")


def test_retype(store):
    i = iri(store, "文心一言")
    store.retype(i, ["Product", "AIModel"])
    assert store.snapshot().nodes[i].types == ("Product", "AIModel")
    assert store.search("文心一言")[0].type == "Product"
    assert store.stats()["entities_by_type"]["Product"] == 1
    store.undo()
    assert store.snapshot().nodes[i].types == ("AIModel",)
    with pytest.raises(ValueError):
        store.retype(i, ["Spaceship"])
    with pytest.raises(ValueError):
        store.retype("https://zhitu.app/id/e/nope", ["Company"])


def test_retype_then_merge_unions(store):
    a, b = iri(store, "OpenAI"), iri(store, "红杉资本")
    store.retype(a, ["ResearchInstitution"])
    store.merge(a, b)
    assert store.snapshot().nodes[a].types == ("ResearchInstitution", "Investor")
    store.retype(a, ["Company"])  # after the merge: the user's word is final
    assert store.snapshot().nodes[a].types == ("Company",)


def test_delete_edge(store):
    e = next(e for e in store.snapshot().edges if e.p == "investsIn")
    store.delete_edge(e.id)
    assert e.id not in {x.id for x in store.snapshot().edges}
    assert store.stats()["relations_by_predicate"].get("investsIn") is None
    store.undo()
    assert e.id in {x.id for x in store.snapshot().edges}
    with pytest.raises(ValueError):
        store.delete_edge("r9999")
    with pytest.raises(ValueError):
        store.delete_edge("x1")


def test_add_edge_and_delete_it(store):
    s, o = iri(store, "字节跳动"), iri(store, "GPT-4o")
    store.add_edge(s, "develops", o, attrs={"date": "2025-01"}, note="checked on the website")
    e = next(e for e in store.snapshot().edges if e.origin == "user")
    assert (e.s, e.p, e.o, e.doc, e.confidence) == (s, "develops", o, None, 1.0)
    assert e.id.startswith("u") and e.year == 2025 and e.evidence == "checked on the website"
    store.delete_edge(e.id)
    assert not any(x.origin == "user" for x in store.snapshot().edges)
    store.undo()
    store.undo()
    assert not any(x.origin == "user" for x in store.snapshot().edges)
    store.redo()
    assert any(x.origin == "user" for x in store.snapshot().edges)
    with pytest.raises(ValueError):
        store.add_edge(s, "likes", o)
    with pytest.raises(ValueError):
        store.add_edge(s, "develops", "https://zhitu.app/id/e/nope")


def test_added_edge_follows_merge(store):
    a, b, c = iri(store, "OpenAI"), iri(store, "红杉资本"), iri(store, "宇树科技")
    store.add_edge(b, "investsIn", c)
    store.merge(a, b)
    e = next(e for e in store.snapshot().edges if e.origin == "user")
    assert (e.s, e.o) == (a, c)


def test_history_and_redo_chain(store):
    i = iri(store, "百度")
    store.rename(i, "A")
    store.rename(i, "B")
    assert store.undo() and store.undo()
    assert store.undo() is False
    store.redo()
    assert store.snapshot().nodes[i].label == "A"
    store.rename(i, "C")  # a new edit ends the redo chain
    assert store.redo() is False
    hist = store.edits()
    assert [h["state"] for h in hist] == ["active", "discarded", "active"]
    assert [h["op"] for h in hist] == ["rename"] * 3
    assert hist[-1]["payload"]["label"] == "C" and "C" in hist[-1]["summary"]
    assert store.stats()["edits"] == 2


def test_edits_survive_reimport(store):
    baidu, openai, red = iri(store, "百度"), iri(store, "OpenAI"), iri(store, "红杉资本")
    inv = next(e for e in store.snapshot().edges if e.p == "investsIn")
    dev = next(e for e in store.snapshot().edges if e.p == "develops" and e.s == baidu)
    store.rename(baidu, "百度集团")
    store.merge(openai, red)
    store.retype(iri(store, "云雀大模型"), ["Product"])
    store.delete_edge(dev.id)
    store.add_edge(baidu, "investsIn", iri(store, "宇树科技"))
    before = store.snapshot()
    # a changed version of a.txt: every row of it is replaced, rowids change
    store.import_extraction(doc_a(TEXT_A + "（修订版）"))
    after = store.snapshot()
    assert after.nodes[baidu].label == "百度集团"
    assert red not in after.nodes and "红杉资本" in after.nodes[openai].aliases
    assert after.nodes[iri(store, "云雀大模型")].types == ("Product",)
    assert not any(e.p == "develops" and e.s == baidu for e in after.edges)  # still deleted
    assert any(e.origin == "user" for e in after.edges)
    assert any(e.p == "investsIn" and e.s == openai for e in after.edges)
    assert inv.id not in {e.id for e in after.edges}  # new row id, same assertion
    assert {n: (v.label, v.types) for n, v in before.nodes.items()} == {
        n: (v.label, v.types) for n, v in after.nodes.items()
    }
    assert len(before.edges) == len(after.edges)


def test_edits_survive_rebuild_of_a_removed_document(store):
    baidu = iri(store, "百度")
    store.rename(baidu, "百度集团")
    store.remove_document(1)
    store.remove_document(2)
    # kept alive by the edit, though no document names it now
    assert store.snapshot().nodes[baidu].label == "百度集团"
    store.import_extraction(doc_a())
    assert iri(store, "百度集团") == baidu
    # the renamed label resolves too: a document calling it 百度集团 joins it
    assert store.search("百度集团")[0].iri == baidu


def test_edits_honoured_for_new_documents(store):
    openai, red = iri(store, "OpenAI"), iri(store, "红杉资本")
    store.merge(openai, red)
    from store_helpers import ent, make_doc

    from graph.model import DocExtraction

    d = make_doc("c.txt", "红杉资本")
    store.import_extraction(DocExtraction(d, [ent("红杉资本", "Investor", text="红杉资本")], []))
    snap = store.snapshot()
    assert red not in snap.nodes and 3 in snap.nodes[openai].docs


def test_edits_on_readonly_refused(tmp_path):
    p = tmp_path / "g.db"
    with Store(p) as st:
        st.import_extraction(doc_a())
    with Store(p, readonly=True) as ro:
        with pytest.raises(StoreError, match="read-only"):
            ro.undo() or ro.rename(iri(ro, "百度"), "x")
