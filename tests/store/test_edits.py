"""User edits: every op, undo/redo, and edits surviving re-import and rebuilds."""

from __future__ import annotations

import pytest
from store_helpers import TEXT_A, doc_a, iri

from graph.store import Store, StoreError


def edges(st: Store) -> set[tuple[str, str, str]]:
    snap = st.snapshot()
    return {(snap.nodes[e.s].label, e.p, snap.nodes[e.o].label) for e in snap.edges}


def test_merge_undo_redo(store_ab):
    keep, drop = iri(store_ab, "OpenAI"), iri(store_ab, "红杉资本")
    n_before = len(store_ab.snapshot().nodes)
    eid = store_ab.merge(keep, drop)
    assert isinstance(eid, int)
    snap = store_ab.snapshot()
    assert drop not in snap.nodes and len(snap.nodes) == n_before - 1
    node = snap.nodes[keep]
    assert "红杉资本" in node.aliases
    assert set(node.types) == {"Company", "Investor"} and node.type == "Company"
    assert node.docs == (1, 2)
    assert ("OpenAI", "investsIn", "月之暗面") in edges(store_ab)  # edges move to the kept entity
    assert store_ab.search("红杉")[0].iri == keep
    assert any(d == 1 for d, _, _ in store_ab.entity_mentions(keep))
    with pytest.raises(ValueError, match="already merged"):
        store_ab.merge(keep, drop)
    assert store_ab.undo() is True
    assert drop in store_ab.snapshot().nodes
    assert ("红杉资本", "investsIn", "月之暗面") in edges(store_ab)
    assert store_ab.redo() is True
    assert drop not in store_ab.snapshot().nodes
    assert store_ab.redo() is False


def test_merge_removes_self_loops(store_ab):
    baidu, byte = iri(store_ab, "百度"), iri(store_ab, "字节跳动")
    store_ab.merge(baidu, byte)
    assert not any(e.p == "partnersWith" for e in store_ab.snapshot().edges)  # was 百度—字节跳动


def test_rename(store_ab):
    i = iri(store_ab, "百度")
    store_ab.rename(i, "百度公司")
    node = store_ab.snapshot().nodes[i]
    assert node.label == "百度公司" and "百度" in node.aliases
    hit = store_ab.search("百度公司")[0]
    assert (hit.iri, hit.label, hit.score >= 100) == (i, "百度公司", True)
    assert store_ab.search("百度")[0].label == "百度公司"  # the old name still finds it
    store_ab.undo()
    assert store_ab.snapshot().nodes[i].label == "百度"
    assert all(h.label != "百度公司" for h in store_ab.search("百度公司"))  # the name left the index
    store_ab.redo()
    assert store_ab.snapshot().nodes[i].label == "百度公司"
    with pytest.raises(ValueError):
        store_ab.rename(i, "  ")


def test_retype(store_ab):
    i = iri(store_ab, "文心一言")
    store_ab.retype(i, ["Product", "AIModel"])
    assert store_ab.snapshot().nodes[i].types == ("Product", "AIModel")
    assert store_ab.search("文心一言")[0].type == "Product"
    assert store_ab.stats()["entities_by_type"]["Product"] == 1
    store_ab.undo()
    assert store_ab.snapshot().nodes[i].types == ("AIModel",)
    with pytest.raises(ValueError):
        store_ab.retype(i, ["Spaceship"])
    with pytest.raises(ValueError):
        store_ab.retype("https://zhitu.app/id/e/nope", ["Company"])


def test_retype_then_merge_unions(store_ab):
    a, b = iri(store_ab, "OpenAI"), iri(store_ab, "红杉资本")
    store_ab.retype(a, ["ResearchInstitution"])
    store_ab.merge(a, b)
    assert store_ab.snapshot().nodes[a].types == ("ResearchInstitution", "Investor")
    store_ab.retype(a, ["Company"])  # after the merge: the user's word is final
    assert store_ab.snapshot().nodes[a].types == ("Company",)


def test_delete_edge(store_ab):
    e = next(e for e in store_ab.snapshot().edges if e.p == "investsIn")
    store_ab.delete_edge(e.id)
    assert e.id not in {x.id for x in store_ab.snapshot().edges}
    assert store_ab.stats()["relations_by_predicate"].get("investsIn") is None
    store_ab.undo()
    assert e.id in {x.id for x in store_ab.snapshot().edges}
    with pytest.raises(ValueError):
        store_ab.delete_edge("r9999")
    with pytest.raises(ValueError):
        store_ab.delete_edge("x1")


def test_add_edge_and_delete_it(store_ab):
    s, o = iri(store_ab, "字节跳动"), iri(store_ab, "GPT-4o")
    store_ab.add_edge(s, "develops", o, attrs={"date": "2025-01"}, note="checked on the website")
    e = next(e for e in store_ab.snapshot().edges if e.origin == "user")
    assert (e.s, e.p, e.o, e.doc, e.confidence) == (s, "develops", o, None, 1.0)
    assert e.id.startswith("u") and e.year == 2025 and e.evidence == "checked on the website"
    store_ab.delete_edge(e.id)
    assert not any(x.origin == "user" for x in store_ab.snapshot().edges)
    store_ab.undo()
    store_ab.undo()
    assert not any(x.origin == "user" for x in store_ab.snapshot().edges)
    store_ab.redo()
    assert any(x.origin == "user" for x in store_ab.snapshot().edges)
    with pytest.raises(ValueError):
        store_ab.add_edge(s, "likes", o)
    with pytest.raises(ValueError):
        store_ab.add_edge(s, "develops", "https://zhitu.app/id/e/nope")


def test_added_edge_follows_merge(store_ab):
    a, b, c = iri(store_ab, "OpenAI"), iri(store_ab, "红杉资本"), iri(store_ab, "宇树科技")
    store_ab.add_edge(b, "investsIn", c)
    store_ab.merge(a, b)
    e = next(e for e in store_ab.snapshot().edges if e.origin == "user")
    assert (e.s, e.o) == (a, c)


def test_history_and_redo_chain(store_ab):
    i = iri(store_ab, "百度")
    store_ab.rename(i, "A")
    store_ab.rename(i, "B")
    assert store_ab.undo() and store_ab.undo()
    assert store_ab.undo() is False
    store_ab.redo()
    assert store_ab.snapshot().nodes[i].label == "A"
    store_ab.rename(i, "C")  # a new edit ends the redo chain
    assert store_ab.redo() is False
    hist = store_ab.edits()
    assert [h["state"] for h in hist] == ["active", "discarded", "active"]
    assert [h["op"] for h in hist] == ["rename"] * 3
    assert hist[-1]["payload"]["label"] == "C" and "C" in hist[-1]["summary"]
    assert store_ab.stats()["edits"] == 2


def test_edits_survive_reimport(store_ab):
    baidu, openai, red = iri(store_ab, "百度"), iri(store_ab, "OpenAI"), iri(store_ab, "红杉资本")
    inv = next(e for e in store_ab.snapshot().edges if e.p == "investsIn")
    dev = next(e for e in store_ab.snapshot().edges if e.p == "develops" and e.s == baidu)
    store_ab.rename(baidu, "百度集团")
    store_ab.merge(openai, red)
    store_ab.retype(iri(store_ab, "云雀大模型"), ["Product"])
    store_ab.delete_edge(dev.id)
    store_ab.add_edge(baidu, "investsIn", iri(store_ab, "宇树科技"))
    before = store_ab.snapshot()
    # a changed version of a.txt: every row of it is replaced, rowids change
    store_ab.import_extraction(doc_a(TEXT_A + "（修订版）"))
    after = store_ab.snapshot()
    assert after.nodes[baidu].label == "百度集团"
    assert red not in after.nodes and "红杉资本" in after.nodes[openai].aliases
    assert after.nodes[iri(store_ab, "云雀大模型")].types == ("Product",)
    assert not any(e.p == "develops" and e.s == baidu for e in after.edges)  # still deleted
    assert any(e.origin == "user" for e in after.edges)
    assert any(e.p == "investsIn" and e.s == openai for e in after.edges)
    assert inv.id not in {e.id for e in after.edges}  # new row id, same assertion
    assert {n: (v.label, v.types) for n, v in before.nodes.items()} == {
        n: (v.label, v.types) for n, v in after.nodes.items()
    }
    assert len(before.edges) == len(after.edges)


def test_edits_survive_rebuild_of_a_removed_document(store_ab):
    baidu = iri(store_ab, "百度")
    store_ab.rename(baidu, "百度集团")
    store_ab.remove_document(1)
    store_ab.remove_document(2)
    # kept alive by the edit, though no document names it now
    assert store_ab.snapshot().nodes[baidu].label == "百度集团"
    store_ab.import_extraction(doc_a())
    assert iri(store_ab, "百度集团") == baidu
    # the renamed label resolves too: a document calling it 百度集团 joins it
    assert store_ab.search("百度集团")[0].iri == baidu


def test_edits_honoured_for_new_documents(store_ab):
    openai, red = iri(store_ab, "OpenAI"), iri(store_ab, "红杉资本")
    store_ab.merge(openai, red)
    from store_helpers import ent, make_doc

    from graph.model import DocExtraction

    d = make_doc("c.txt", "红杉资本")
    store_ab.import_extraction(DocExtraction(d, [ent("红杉资本", "Investor", text="红杉资本")], []))
    snap = store_ab.snapshot()
    assert red not in snap.nodes and 3 in snap.nodes[openai].docs


def test_edits_on_readonly_refused(tmp_path):
    p = tmp_path / "g.db"
    with Store(p) as st:
        st.import_extraction(doc_a())
    with Store(p, readonly=True) as ro:
        with pytest.raises(StoreError, match="read-only"):
            ro.undo() or ro.rename(iri(ro, "百度"), "x")


def test_deleting_a_fact_is_one_step(tmp_path):
    """A fact stated in two documents: deleting it hides both statements; one undo brings both back."""
    from graph.api import Workspace
    from graph.model import DocExtraction, Entity, Mention, Relation, SourceDocument

    ws = Workspace(tmp_path / "g.db")
    for name in ("a.txt", "b.txt"):
        text = "甲科技发布乙模型。"
        doc = SourceDocument(name=name, text=text, sha256=name * 8)
        ents = [
            Entity("甲科技", ["Company"], mentions=[Mention(0, 0, 3)]),
            Entity("乙模型", ["AIModel"], mentions=[Mention(0, 5, 8)]),
        ]
        ws.store.import_extraction(
            DocExtraction(doc, ents, [Relation("甲科技", "develops", "乙模型", 0.9, text, name, block=0)])
        )
    a, b = sorted(ws.snapshot().nodes.values(), key=lambda n: n.label)
    ws.add_edge(a.iri, "partnersWith", b.iri)
    develops = [e for e in ws.snapshot().edges if e.p == "develops"]
    assert len(develops) == 2
    ws.delete_fact(develops[0].id)
    assert not [e for e in ws.snapshot().edges if e.p == "develops"]
    assert ws.undo()  # both statements in one step
    assert len([e for e in ws.snapshot().edges if e.p == "develops"]) == 2
    assert any(e.p == "partnersWith" for e in ws.snapshot().edges)  # the edit before is untouched
    assert ws.redo()
    assert not [e for e in ws.snapshot().edges if e.p == "develops"]
    assert ws.undo() and ws.undo()  # the fact, then the added edge
    assert not any(e.p == "partnersWith" for e in ws.snapshot().edges)
    ws.close()
