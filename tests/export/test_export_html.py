"""The HTML page: offline, the app's palette, precomputed positions, inert hostile names.

The vis data is read back the way the browser reads it: the JSON arrays handed to
``new vis.DataSet(...)`` parsed with :func:`json.loads`.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graph.export import export, html_page
from graph.export.html_page import REMOTE_REF, node_title, render_html, trim_for_page
from graph.export.palette import color_for, edge_color
from graph.export.synthetic import synthetic_snapshot
from graph.facts import group_facts
from graph.model import Edge, Node, Snapshot


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Tags()
    p.feed(page)
    return p.tags


def vis_data(page: str) -> tuple[list[dict], list[dict], dict]:
    """The nodes, edges and options the page hands to vis-network."""
    nodes = re.search(r"var nodes = new vis\.DataSet\((.*?)\);\n", page, re.S)
    edges = re.search(r"var edges = new vis\.DataSet\((.*?)\);\n", page, re.S)
    options = re.search(r"var options = (.*?);\n", page, re.S)
    assert nodes and edges and options
    return json.loads(nodes.group(1)), json.loads(edges.group(1)), json.loads(options.group(1))


def test_offline_no_remote_reference(hostile: Snapshot, tmp_path: Path) -> None:
    (out,) = export(hostile, "html", tmp_path / "g.html")
    page = out.read_text(encoding="utf-8")
    assert REMOTE_REF.search(page) is None
    for tag, attrs in _tags(page):
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, attrs)
        assert tag != "link", attrs  # vis-network's CSS is inlined too
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "unpkg" not in page
    assert "vis.DataSet" in page and "new vis.Network" in page  # vis-network is inlined


def test_palette_colours_positions_and_no_physics(hostile: Snapshot) -> None:
    pos = {iri: (10.0 * i, -5.0 * i) for i, iri in enumerate(hostile.nodes)}
    nodes, edges, options = vis_data(render_html(hostile, positions=pos))
    assert {n["id"]: n["color"] for n in nodes} == {n.iri: color_for(n.types) for n in hostile.nodes.values()}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    # canvas positions keep their shape (scaled to the page)
    xs = {n["id"]: n["x"] for n in nodes}
    first, second = list(hostile.nodes)[:2]
    assert xs[first] < xs[second]
    assert options["physics"] is False and options["layout"]["improvedLayout"] is False
    # one edge per fact, with its mention count and the palette colour of its predicate
    facts = group_facts(hostile.edges)
    assert len(edges) == len(facts)
    by_id = {e["id"]: e for e in edges}
    assert by_id["r1"]["mentions"] == 2 and by_id["r1"]["color"] == edge_color("develops")
    assert "Baidu's ERNIE" in by_id["r1"]["title"]


def test_without_positions_the_page_gets_a_layout() -> None:
    snap = synthetic_snapshot(60, 80, seed=3)
    nodes, _, _ = vis_data(render_html(snap))
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)  # spread out, not all at 0,0


@pytest.mark.parametrize(
    "name",
    [
        "<a href=//evil.example/x>click</a>",
        '<img src="http://evil.example/p.png">',
        "src=https://x.example/a.js",
        "@import url(//x.example/a.css)",
        "</script><script>alert(1)</script>",
    ],
)
def test_hostile_names_are_inert_never_refused(name: str, tmp_path: Path) -> None:
    snap = Snapshot(
        {"x": Node("x", name, ("Company",), aliases=(name,)), "y": Node("y", "y", ("Company",))},
        (Edge("r1", "x", "partnersWith", "y", 0.5, evidence=name),),
    )
    (out,) = export(snap, "html", tmp_path / "g.html")
    page = out.read_text(encoding="utf-8")
    benign = render_html(Snapshot({"x": Node("x", "plain", ("Company",))}, ()))
    assert [t for t, _ in _tags(page)] == [t for t, _ in _tags(benign)]  # no element injected
    assert REMOTE_REF.search(page) is None
    nodes, edges, _ = vis_data(page)
    assert nodes[0]["label"] == name and name in nodes[0]["title"]  # the name survives, as data
    assert name in edges[0]["title"]


def test_node_title_is_plain_text() -> None:
    t = node_title('<img src=x onerror="a()">', ("Company",), ("it's\n<b>",), "https://x/?a=1&b=2")
    assert t.split("\n") == ['<img src=x onerror="a()">', "Company", "it's <b>", "https://x/?a=1&b=2"]


def test_big_graph_keeps_the_most_connected_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snap = synthetic_snapshot(300, 400, seed=2)
    monkeypatch.setattr(html_page, "MAX_NODES", 100)
    (out,) = export(snap, "html", tmp_path / "big.html")
    page = out.read_text(encoding="utf-8")
    nodes, edges, _ = vis_data(page)
    assert len(nodes) == 100
    kept = {n["id"] for n in nodes}
    assert all(e["from"] in kept and e["to"] in kept for e in edges)
    assert "most connected of 300 entities" in page
    small, note = trim_for_page(snap, max_nodes=100)
    deg = {i: 0 for i in snap.nodes}
    for f in group_facts(e for e in snap.edges):
        deg[f.s] += 1
        deg[f.o] += 1
    assert min(deg[i] for i in small.nodes) >= max(deg[i] for i in snap.nodes if i not in small.nodes)
    assert note and "300" in note
