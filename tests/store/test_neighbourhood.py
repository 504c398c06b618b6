"""Store.neighbourhood on real temporary databases: the same set as an ego network over the snapshot."""

from __future__ import annotations

import networkx as nx
import pytest
from store_helpers import doc_a, doc_b, ent, make_doc, rel

from graph.model import DocExtraction
from graph.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "g.db") as st:
        st.import_extraction(doc_a())
        st.import_extraction(doc_b())
        yield st


def iri(st: Store, label: str) -> str:
    return next(n.iri for n in st.snapshot().nodes.values() if n.label == label)


def ego(st: Store, node: str, hops: int) -> set[str]:
    """The reference: breadth-first over the snapshot's edges, both directions."""
    snap = st.snapshot()
    if node not in snap.nodes:
        return set()
    g = nx.Graph()
    g.add_nodes_from(snap.nodes)
    g.add_edges_from((e.s, e.o) for e in snap.edges)
    return set(nx.single_source_shortest_path_length(g, node, cutoff=hops))


def check_all(st: Store) -> None:
    for node in st.snapshot().nodes:
        for hops in (0, 1, 2, 3):
            assert st.neighbourhood(node, hops) == ego(st, node, hops), (node, hops)


def chain_doc() -> DocExtraction:
    """A—B—C—D in one document, plus the seed graph's 百度 linking into it."""
    text = "甲公司投资乙公司。乙公司与丙公司合作。丙公司收购丁公司。百度投资甲公司。"
    d = make_doc("c.txt", text)
    names = ["甲公司", "乙公司", "丙公司", "丁公司", "百度"]
    return DocExtraction(
        d,
        [ent(n, "Company", text=text) for n in names],
        [
            rel("甲公司", "investsIn", "乙公司", "c.txt", "甲公司投资乙公司。", block=0),
            rel("乙公司", "partnersWith", "丙公司", "c.txt", "乙公司与丙公司合作。", block=1),
            rel("丙公司", "acquires", "丁公司", "c.txt", "丙公司收购丁公司。", block=2),
            rel("百度", "investsIn", "甲公司", "c.txt", "百度投资甲公司。", block=3),
        ],
    )


def test_plain_graph(store):
    store.import_extraction(chain_doc())
    a, d = iri(store, "甲公司"), iri(store, "丁公司")
    assert store.neighbourhood(a, 1) == {a, iri(store, "乙公司"), iri(store, "百度")}
    assert d in store.neighbourhood(a, 3) and d not in store.neighbourhood(a, 2)
    assert store.neighbourhood(a, 0) == {a}
    assert store.neighbourhood("https://zhitu.app/id/e/nope", 2) == set()
    check_all(store)


def test_merges_are_honoured(store):
    store.import_extraction(chain_doc())
    a, d, openai = iri(store, "甲公司"), iri(store, "丁公司"), iri(store, "OpenAI")
    store.merge(openai, d)  # 丁公司's edge (to 丙公司) now belongs to OpenAI
    assert store.neighbourhood(d, 2) == set()  # merged away: no longer a node
    assert openai in store.neighbourhood(a, 3) and d not in store.neighbourhood(a, 3)
    assert iri(store, "丙公司") in store.neighbourhood(openai, 1)
    assert iri(store, "GPT-4") in store.neighbourhood(iri(store, "丙公司"), 2)  # through the merged entity
    check_all(store)
    store.undo()
    check_all(store)


def test_deleted_edges_are_honoured(store):
    store.import_extraction(chain_doc())
    b, c = iri(store, "乙公司"), iri(store, "丙公司")
    e = next(e for e in store.snapshot().edges if {e.s, e.o} == {b, c})
    store.delete_edge(e.id)
    assert c not in store.neighbourhood(b, 3)
    check_all(store)
    store.undo()
    assert c in store.neighbourhood(b, 1)


def test_added_edges_are_honoured(store):
    store.import_extraction(chain_doc())
    d, unitree, byte = iri(store, "丁公司"), iri(store, "宇树科技"), iri(store, "字节跳动")
    assert unitree not in store.neighbourhood(d, 3)
    store.add_edge(d, "partnersWith", unitree)
    assert store.neighbourhood(unitree, 1) == {unitree, d}
    check_all(store)
    # an added edge between a merged-away entity and another follows the merge
    store.add_edge(unitree, "investsIn", byte)
    store.merge(iri(store, "OpenAI"), unitree)
    assert iri(store, "GPT-4o") in store.neighbourhood(d, 2)
    check_all(store)
    # and a deleted added edge is gone
    u = next(e for e in store.snapshot().edges if e.origin == "user" and d in (e.s, e.o))
    store.delete_edge(u.id)
    check_all(store)


def test_reimport_keeps_edits(store):
    store.import_extraction(chain_doc())
    store.merge(iri(store, "乙公司"), iri(store, "丙公司"))
    store.import_extraction(chain_doc())  # unchanged: skipped
    check_all(store)
    store.remove_document(3)
    check_all(store)


def test_fast_edge_maker_makes_equal_frozen_edges():
    import dataclasses

    from graph.model import Edge
    from graph.store.store import _edge_maker

    args = ("r1", "a", "develops", "b", 0.9, 1, "证据", 2024, (("round", "A轮"),), "extracted")
    e = _edge_maker()(*args)
    assert type(e) is Edge and e == Edge(*args) and hash(e) == hash(Edge(*args))
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.s = "c"  # type: ignore[misc]
