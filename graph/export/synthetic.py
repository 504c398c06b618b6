"""Made-up snapshots for tests and benchmarks: a hostile one and a large random one.

>>> snap = synthetic_snapshot(n_nodes=50, n_edges=100, seed=1)
>>> len(snap.nodes), len(snap.edges)
(50, 100)
>>> any("<script>" in n.label for n in hostile_snapshot().nodes.values())
True
"""

from __future__ import annotations

import random

from graph.model import ENTITY_TYPES, PREDICATES, DocumentInfo, Edge, Node, Snapshot
from ontology import ZTID

HOSTILE_NAMES = (
    "<script>alert(1)</script>",
    "Quote \"double\" 'single' back\\slash",
    "ctl\x00nul\x1fus\u2028ls\x7fdel\ttab\nnewline\rcr",
)


def _iri(local: str) -> str:
    return f"{ZTID}e/{local}"


def hostile_snapshot() -> Snapshot:
    """Names, aliases, evidence and attributes that try to break every format."""
    docs = (
        DocumentInfo(1, "report <1>.txt", "a" * 64, title='报告 "一"', year=2024),
        DocumentInfo(2, "news\x00.md", "b" * 64, year=2023),
    )
    nodes = {
        _iri("script"): Node(
            _iri("script"),
            HOSTILE_NAMES[0],
            ("Company", "Investor"),
            aliases=("</script><img src=x onerror=alert(2)>", "脚本公司"),
            attrs=(("stock_code", "002230.SZ"), ("note", 'a"b\\c')),
            docs=(1,),
        ),
        _iri("quote"): Node(_iri("quote"), HOSTILE_NAMES[1], ("Company",), aliases=("a;b",), docs=(1, 2)),
        _iri("ctl"): Node(_iri("ctl"), HOSTILE_NAMES[2], ("AIModel",), docs=(2,)),
        _iri("百度"): Node(_iri("百度"), "百度", ("Company",), aliases=("Baidu",), docs=(1,)),
        _iri("ernie"): Node(_iri("ernie"), "文心一言", ("AIModel",), aliases=("ERNIE Bot",), docs=(1,)),
        _iri("lonely"): Node(_iri("lonely"), "孤立节点 & <b>bold</b>", ("Technology",)),
    }
    edges = (
        Edge(
            "r1",
            _iri("百度"),
            "develops",
            _iri("ernie"),
            0.9,
            doc=1,
            evidence="百度发布文心一言<script>x</script>",
            year=2024,
        ),
        Edge(
            "r2",
            _iri("script"),
            "investsIn",
            _iri("quote"),
            0.75,
            doc=1,
            evidence='领投 "A轮" \\ 1亿元\n第二行\x00',
            year=2024,
            attrs=(
                ("round", "A轮"),
                ("amount", "100000000"),
                ("currency", "CNY"),
                ("date", "2024-03"),
                ("lead", True),
            ),
        ),
        Edge("r3", _iri("quote"), "develops", _iri("ctl"), 0.5, doc=2, evidence="ctl\x1f\u2028", year=2023),
        # the same fact in a second document: one triple in Turtle, two quads in TriG
        Edge("r4", _iri("百度"), "develops", _iri("ernie"), 0.8, doc=2, evidence="Baidu's ERNIE", year=2023),
        Edge("u1", _iri("quote"), "partnersWith", _iri("百度"), 1.0, origin="user"),
        Edge(
            "r5",
            _iri("script"),
            "investsIn",
            _iri("百度"),
            0.6,
            doc=2,
            attrs=(("round", "战略融资"), ("amount", "数亿元"), ("date", "去年"), ("lead", "跟投")),
        ),
    )
    return Snapshot(nodes, edges, docs)


def synthetic_snapshot(
    n_nodes: int = 10_000, n_edges: int = 11_000, seed: int = 0, n_docs: int = 20
) -> Snapshot:
    """A random snapshot with Chinese and Latin names, aliases, evidence and funding rounds.

    Roughly 9 triples per edge and 4 per node: ``synthetic_snapshot(10_000, 7_000)`` is
    about 100k triples; ``(60_000, 85_000)`` about 1M.
    """
    r = random.Random(seed)
    docs = tuple(
        DocumentInfo(i, f"report_{i:03d}.txt", f"{i:064x}", title=f"人工智能产业报告 {i}", year=2020 + i % 6)
        for i in range(1, n_docs + 1)
    )
    syllables = "智谱百度阿里腾讯字节跳动月之暗面深度求索商汤科技讯飞华为云天工零一万物"
    nodes: dict[str, Node] = {}
    for i in range(n_nodes):
        iri = _iri(f"n{i}")
        typ = ENTITY_TYPES[i % len(ENTITY_TYPES)]
        zh = "".join(r.choice(syllables) for _ in range(r.randint(2, 6)))
        label = zh if i % 3 else f"Entity-{i} AI"
        aliases = (f"Alias {i}",) if i % 4 == 0 else ()
        attrs = (("stock_code", f"{i:06d}.SZ"),) if typ == "Company" and i % 5 == 0 else ()
        nodes[iri] = Node(iri, label, (typ,), aliases, attrs, (1 + i % n_docs,))
    keys = list(nodes)
    edges = []
    for j in range(n_edges):
        p = PREDICATES[j % len(PREDICATES)]
        s, o = r.choice(keys), r.choice(keys)
        doc = 1 + j % n_docs
        attrs: tuple = ()
        if p == "investsIn":
            attrs = (
                ("round", r.choice(["天使轮", "A轮", "B轮"])),
                ("amount", str(r.randint(1, 99) * 10**6)),
                ("currency", "CNY"),
                ("date", f"{2020 + j % 6}-{1 + j % 12:02d}"),
                ("lead", j % 2 == 0),
            )
        edges.append(
            Edge(
                f"r{j}",
                s,
                p,
                o,
                round(r.uniform(0.3, 1.0), 2),
                doc=doc,
                evidence=f"{nodes[s].label}与{nodes[o].label}相关的句子 {j}。",
                year=2020 + j % 6,
                attrs=attrs,
            )
        )
    return Snapshot(nodes, tuple(edges), docs)
