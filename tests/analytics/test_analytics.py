"""Analytics on small graphs with known answers."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.analytics import (
    communities,
    degree_centrality,
    degrees,
    ego,
    ego_snapshot,
    filter_snapshot,
    layout,
    pagerank,
    scale_of,
    shortest_paths,
    to_networkx,
)
from graph.model import DocumentInfo, Edge, Node, Snapshot

# a -develops-> m1, a -offers-> p, p -poweredBy-> m1, i -investsIn-> a, g -issues-> pol,
# b -partnersWith-> a (user), x isolated; docs 1 (2023) and 2 (2024)
NODES = {
    "a": Node("a", "百度", ("Company",), docs=(1,)),
    "b": Node("b", "华为", ("Company",), docs=(2,)),
    "m1": Node("m1", "文心一言", ("AIModel",), docs=(1,)),
    "p": Node("p", "文心一格", ("Product",), docs=(1,)),
    "i": Node("i", "红杉中国", ("Investor", "Company"), docs=(2,)),
    "g": Node("g", "网信办", ("GovernmentBody",), docs=(2,)),
    "pol": Node("pol", "《生成式人工智能服务管理暂行办法》", ("Policy",), docs=(2,)),
    "x": Node("x", "孤点", ("Technology",)),
}
EDGES = (
    Edge("r1", "a", "develops", "m1", 0.95, doc=1, year=2023),
    Edge("r2", "a", "offers", "p", 0.8, doc=1, year=2023),
    Edge("r3", "p", "poweredBy", "m1", 0.6, doc=1, year=2023),
    Edge("r4", "i", "investsIn", "a", 0.7, doc=2, year=2024, attrs=(("round", "A轮"),)),
    Edge("r5", "g", "issues", "pol", 0.9, doc=2, year=2024),
    Edge("u1", "b", "partnersWith", "a", 1.0, origin="user"),
)
DOCS = (DocumentInfo(1, "one.txt", "1" * 64, year=2023), DocumentInfo(2, "two.txt", "2" * 64, year=2024))


@pytest.fixture
def snap() -> Snapshot:
    return Snapshot(NODES, EDGES, DOCS)


def test_to_networkx(snap: Snapshot) -> None:
    G = to_networkx(snap)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == 8 and G.number_of_edges() == 6
    assert G.nodes["i"] == {"label": "红杉中国", "types": ("Investor", "Company"), "type": "Investor"}
    assert G.edges["i", "a", "r4"] == {
        "p": "investsIn",
        "confidence": 0.7,
        "doc": 2,
        "year": 2024,
        "origin": "extracted",
    }
    dangling = Snapshot(NODES, (*EDGES, Edge("r9", "a", "develops", "ghost", 0.5)))
    assert to_networkx(dangling).number_of_edges() == 6


def test_degrees_and_centrality(snap: Snapshot) -> None:
    G = to_networkx(snap)
    deg = degrees(G)
    assert deg["a"] == 4 and deg["x"] == 0 and deg["m1"] == 2
    dc = degree_centrality(G)
    assert dc["a"] == pytest.approx(4 / 7) and dc["x"] == 0


def test_pagerank(snap: Snapshot) -> None:
    pr = pagerank(to_networkx(snap))
    assert sum(pr.values()) == pytest.approx(1.0)
    assert max(pr, key=pr.get) == "m1"  # everything flows into the model
    assert pr["x"] < pr["m1"]
    assert pagerank(nx.MultiDiGraph()) == {}


def test_communities_are_deterministic() -> None:
    G = nx.MultiDiGraph()
    nx.add_cycle(G, ["a1", "a2", "a3", "a4"])
    G.add_edges_from([("a1", "a3"), ("a2", "a4")])
    nx.add_cycle(G, ["b1", "b2", "b3", "b4"])
    G.add_edges_from([("b1", "b3"), ("b2", "b4"), ("a1", "b1")])
    c1, c2 = communities(G), communities(G)
    assert c1 == c2
    assert len({c1[n] for n in ("a1", "a2", "a3", "a4")}) == 1
    assert len({c1[n] for n in ("b1", "b2", "b3", "b4")}) == 1
    assert c1["a1"] != c1["b1"]
    assert set(c1.values()) == {0, 1}


def test_shortest_paths(snap: Snapshot) -> None:
    G = to_networkx(snap)
    # direction is ignored: investor -> company -> model, and the product detour is longer
    assert shortest_paths(G, "i", "m1") == [["i", "a", "m1"]]
    assert sorted(shortest_paths(G, "b", "p")) == [["b", "a", "p"]]
    two = nx.MultiDiGraph([("s", "u"), ("u", "t"), ("s", "v"), ("v", "t")])
    assert sorted(shortest_paths(two, "s", "t")) == [["s", "u", "t"], ["s", "v", "t"]]
    assert len(shortest_paths(two, "s", "t", k=1)) == 1
    assert shortest_paths(G, "a", "x") == []
    assert shortest_paths(G, "a", "nowhere") == []


def test_ego(snap: Snapshot) -> None:
    G = to_networkx(snap)
    assert ego(G, "a", 0) == {"a"}
    assert ego(G, "a", 1) == {"a", "m1", "p", "i", "b"}
    assert ego(G, "i", 2) == {"i", "a", "m1", "p", "b"}
    assert ego(G, "nowhere", 2) == set()
    sub = ego_snapshot(snap, "g", 1)
    assert set(sub.nodes) == {"g", "pol"} and [e.id for e in sub.edges] == ["r5"]


def test_filter_by_type(snap: Snapshot) -> None:
    f = filter_snapshot(snap, types={"Company", "AIModel"})
    assert set(f.nodes) == {"a", "b", "m1", "i"}  # i is also a Company
    assert {e.id for e in f.edges} == {"r1", "r4", "u1"}
    assert f.documents == snap.documents


def test_filter_by_predicate(snap: Snapshot) -> None:
    f = filter_snapshot(snap, predicates={"develops", "poweredBy"}, show_isolated=False)
    assert {e.id for e in f.edges} == {"r1", "r3"}
    assert set(f.nodes) == {"a", "m1", "p"}


def test_filter_by_document(snap: Snapshot) -> None:
    f = filter_snapshot(snap, docs={2})
    assert {e.id for e in f.edges} == {"r4", "r5"}
    assert set(f.nodes) == {"i", "a", "g", "pol", "b"}  # b is mentioned in doc 2
    assert {e.id for e in filter_snapshot(snap, docs=["one.txt"]).edges} == {"r1", "r2", "r3"}
    assert {e.id for e in filter_snapshot(snap, docs=[None]).edges} == {"u1"}  # user-added


def test_filter_by_year(snap: Snapshot) -> None:
    assert {e.id for e in filter_snapshot(snap, years=(2024, 2024)).edges} == {"r4", "r5"}
    assert {e.id for e in filter_snapshot(snap, years=(None, 2023)).edges} == {"r1", "r2", "r3"}
    assert {e.id for e in filter_snapshot(snap, years=(2020, None)).edges} == {"r1", "r2", "r3", "r4", "r5"}


def test_filter_by_confidence(snap: Snapshot) -> None:
    f = filter_snapshot(snap, min_confidence=0.85)
    assert {e.id for e in f.edges} == {"r1", "r5", "u1"}
    assert set(f.nodes) == set(NODES)  # isolated nodes stay unless asked


def test_filter_by_degree_and_isolated(snap: Snapshot) -> None:
    assert "x" not in filter_snapshot(snap, show_isolated=False).nodes
    f = filter_snapshot(snap, min_degree=2)
    assert set(f.nodes) == {"a", "m1", "p"}
    assert {e.id for e in f.edges} == {"r1", "r2", "r3"}
    assert filter_snapshot(snap) == snap


def test_layout_force_gives_every_node_a_position(snap: Snapshot) -> None:
    pos = layout(snap, "force")
    assert set(pos) == set(NODES)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert scale_of(pos) == pytest.approx(100.0)
    assert layout(snap, "force") == pos  # deterministic
    assert layout(Snapshot({}, ())) == {}


def test_layout_reuses_previous_positions(snap: Snapshot) -> None:
    pos = layout(snap, "force")
    bigger = Snapshot(
        {**NODES, "m2": Node("m2", "ERNIE 4.0", ("AIModel",))},
        (*EDGES, Edge("r6", "a", "develops", "m2", 0.9)),
    )
    pos2 = layout(bigger, "force", previous=pos)
    assert set(pos2) == set(NODES) | {"m2"}
    moved = max(math.dist(pos[i], pos2[i]) for i in NODES)
    assert moved < 0.25 * scale_of(pos)  # old nodes stay put (at most half an edge length)
    # the new node lands near its neighbour, not somewhere random
    assert math.dist(pos2["m2"], pos2["a"]) < scale_of(pos)


def test_layout_circular_and_grouped(snap: Snapshot) -> None:
    circ = layout(snap, "circular", scale=50)
    assert set(circ) == set(NODES)
    assert all(math.hypot(x, y) == pytest.approx(50) for x, y in circ.values())
    grouped = layout(snap, "grouped")
    assert set(grouped) == set(NODES)
    assert len(set(grouped.values())) == len(NODES)  # no two nodes on one spot
    # the two Companies sit closer to each other than to the Policy
    assert math.dist(grouped["a"], grouped["b"]) < math.dist(grouped["a"], grouped["pol"])
    with pytest.raises(ValueError, match="unknown layout"):
        layout(snap, "spiral")


def test_far_components_are_packed_around_the_main_one():
    from graph.analytics import pack_components
    from graph.model import Edge, Node, Snapshot

    nodes = {i: Node(i, i, ("Company",)) for i in "abcdxy"}
    edges = (Edge("1", "a", "partnersWith", "b", 1), Edge("2", "b", "partnersWith", "c", 1))
    edges += (Edge("3", "c", "partnersWith", "d", 1), Edge("4", "x", "partnersWith", "y", 1))
    pos = {"a": (0, 0), "b": (100, 0), "c": (100, 100), "d": (0, 100), "x": (90000, 0), "y": (90100, 0)}
    packed = pack_components(Snapshot(nodes, edges), pos)
    assert all(packed[i] == pos[i] for i in "abcd")  # the main component does not move
    assert packed["x"][0] < 1000  # the far pair came in...
    assert math.isclose(packed["y"][0] - packed["x"][0], 100)  # ...in one piece
