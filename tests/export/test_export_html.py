"""The pyvis page works offline and does not run injected markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from graph.export import export
from graph.export.html_page import REMOTE_REF, node_title, render_html
from graph.model import Node, Snapshot


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


def test_offline_no_remote_reference(hostile: Snapshot, tmp_path: Path) -> None:
    (out,) = export(hostile, "html", tmp_path / "g.html")
    page = out.read_text(encoding="utf-8")
    assert REMOTE_REF.search(page) is None
    for tag, attrs in _tags(page):
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, attrs)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert "vis.DataSet" in page and "new vis.Network" in page  # vis-network is inlined


def test_hostile_names_do_not_inject_script(hostile: Snapshot) -> None:
    page = render_html(hostile)
    benign = render_html(Snapshot({"x": Node("x", "plain", ("Company",))}, ()))
    # the same script and element structure as a page without hostile data
    assert [t for t, _ in _tags(page)] == [t for t, _ in _tags(benign)]
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    # labels are JSON data (< and > escaped), tooltips are HTML-escaped before that
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "\\u0026lt;script\\u0026gt;alert(1)" in page


def test_node_title_is_escaped() -> None:
    t = node_title('<img src=x onerror="a()">', ("Company",), ("it's & <b>",), "https://x/?a=1&b=2")
    assert "<img" not in t and "&lt;img" in t and "&quot;a()&quot;" in t
    assert "it&#x27;s &amp; &lt;b&gt;" in t and "a=1&amp;b=2" in t
    assert t.count("<br>") == 3


def test_colours_and_positions(hostile: Snapshot) -> None:
    from graph.export.palette import color_for

    pos = {iri: (10.0, 20.0) for iri in hostile.nodes}
    page = render_html(hostile, positions=pos)
    assert color_for(("AIModel",)) in page
    assert '"x": 10.0' in page and '"physics": false' in page
