"""Store.neighbourhood on real temporary databases: the same set as an ego network over the snapshot."""

from __future__ import annotations

import networkx as nx
import pytest
from store_helpers import ent, iri, make_doc, rel

from graph.model import DocExtraction
from graph.store import Store


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


def test_plain_graph(store_ab):
    store_ab.import_extraction(chain_doc())
    a, d = iri(store_ab, "甲公司"), iri(store_ab, "丁公司")
    assert store_ab.neighbourhood(a, 1) == {a, iri(store_ab, "乙公司"), iri(store_ab, "百度")}
    assert d in store_ab.neighbourhood(a, 3) and d not in store_ab.neighbourhood(a, 2)
    assert store_ab.neighbourhood(a, 0) == {a}
    assert store_ab.neighbourhood("https://zhitu.app/id/e/nope", 2) == set()
    check_all(store_ab)


def test_merges_are_honoured(store_ab):
    store_ab.import_extraction(chain_doc())
    a, d, openai = iri(store_ab, "甲公司"), iri(store_ab, "丁公司"), iri(store_ab, "OpenAI")
    store_ab.merge(openai, d)  # 丁公司's edge (to 丙公司) now belongs to OpenAI
    assert store_ab.neighbourhood(d, 2) == set()  # merged away: no longer a node
    assert openai in store_ab.neighbourhood(a, 3) and d not in store_ab.neighbourhood(a, 3)
    assert iri(store_ab, "丙公司") in store_ab.neighbourhood(openai, 1)
    # through the merged entity
    assert iri(store_ab, "GPT-4") in store_ab.neighbourhood(iri(store_ab, "丙公司"), 2)
    check_all(store_ab)
    store_ab.undo()
    check_all(store_ab)


def test_deleted_edges_are_honoured(store_ab):
    store_ab.import_extraction(chain_doc())
    b, c = iri(store_ab, "乙公司"), iri(store_ab, "丙公司")
    e = next(e for e in store_ab.snapshot().edges if {e.s, e.o} == {b, c})
    store_ab.delete_edge(e.id)
    assert c not in store_ab.neighbourhood(b, 3)
    check_all(store_ab)
    store_ab.undo()
    assert c in store_ab.neighbourhood(b, 1)


def test_added_edges_are_honoured(store_ab):
    store_ab.import_extraction(chain_doc())
    d, unitree, byte = iri(store_ab, "丁公司"), iri(store_ab, "宇树科技"), iri(store_ab, "字节跳动")
    assert unitree not in store_ab.neighbourhood(d, 3)
    store_ab.add_edge(d, "partnersWith", unitree)
    assert store_ab.neighbourhood(unitree, 1) == {unitree, d}
    check_all(store_ab)
    # an added edge between a merged-away entity and another follows the merge
    store_ab.add_edge(unitree, "investsIn", byte)
    store_ab.merge(iri(store_ab, "OpenAI"), unitree)
    assert iri(store_ab, "GPT-4o") in store_ab.neighbourhood(d, 2)
    check_all(store_ab)
    # and a deleted added edge is gone
    u = next(e for e in store_ab.snapshot().edges if e.origin == "user" and d in (e.s, e.o))
    store_ab.delete_edge(u.id)
    check_all(store_ab)


def test_reimport_keeps_edits(store_ab):
    store_ab.import_extraction(chain_doc())
    store_ab.merge(iri(store_ab, "乙公司"), iri(store_ab, "丙公司"))
    store_ab.import_extraction(chain_doc())  # unchanged: skipped
    check_all(store_ab)
    store_ab.remove_document(3)
    check_all(store_ab)


def test_fast_edge_maker_makes_equal_frozen_edges():
    import dataclasses

    from graph.model import Edge
    from graph.store.store import _edge_maker

    args = ("r1", "a", "develops", "b", 0.9, 1, "证据", 2024, (("round", "A轮"),), "extracted")
    e = _edge_maker()(*args)
    assert type(e) is Edge and e == Edge(*args) and hash(e) == hash(Edge(*args))
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.s = "c"  # type: ignore[misc]
