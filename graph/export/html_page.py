"""Interactive offline HTML page through pyvis (vis-network inlined, nothing fetched).

pyvis's ``cdn_resources="in_line"`` inlines vis-network but its template still links
bootstrap's CSS and JS from a CDN; we drop those two tags (the page only loses some
button styling) and then refuse to write a page that still references anything remote.

Safety: pyvis embeds nodes and edges with Jinja's ``tojson`` (``<``, ``>``, ``&``, ``'``
become ``\\u003c``... so a label cannot close the ``<script>``), and its template shows
a node's ``title`` through ``innerHTML``: titles are therefore built from
:func:`html.escape`-d parts only.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from graph.export.palette import color_for, edge_color
from graph.export.tables import one_line
from graph.model import Snapshot

Pos = dict[str, tuple[float, float]]

_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)
_REMOTE_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script\s*>", re.I | re.S
)
_COMMENTED_LOADER = re.compile(r"<!--(?:(?!-->).)*node_modules(?:(?!-->).)*-->", re.S)
REMOTE_REF = re.compile(
    r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import\s+(?:url\()?\s*["']?(?:https?:)?//""", re.I
)
"""A reference the browser would fetch from the network (used to check the page)."""


class RemoteReferenceError(RuntimeError):
    """The generated page still points at a remote resource."""


def _esc(text: object) -> str:
    return html.escape(one_line(text), quote=True)


def node_title(label: str, types: tuple[str, ...], aliases: tuple[str, ...], iri: str) -> str:
    """Tooltip HTML for a node: every part escaped.

    >>> node_title("<script>alert(1)</script>", ("Company",), (), "x")
    '<b>&lt;script&gt;alert(1)&lt;/script&gt;</b><br>Company<br><small>x</small>'
    """
    parts = [f"<b>{_esc(label)}</b>", _esc(" / ".join(types))]
    if aliases:
        parts.append(_esc("; ".join(aliases)))
    parts.append(f"<small>{_esc(iri)}</small>")
    return "<br>".join(parts)


def render_html(snapshot: Snapshot, positions: Pos | None = None, title: str = "知图 Zhitu") -> str:
    """The page as a string (see :func:`write_html`)."""
    from pyvis.network import Network  # jinja2 templates: load only when exporting HTML

    net = Network(
        height="90vh",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        heading="",
        select_menu=False,
        filter_menu=False,
    )
    for n in snapshot.nodes.values():
        kwargs: dict[str, object] = {}
        if positions and n.iri in positions:
            x, y = positions[n.iri]
            kwargs.update(x=float(x), y=float(y), physics=False)
        net.add_node(
            n.iri,
            label=one_line(n.label),  # drawn on the canvas as text, never parsed as HTML
            title=node_title(n.label, n.types, n.aliases, n.iri),
            color=color_for(n.types),
            group=n.type,
            shape="dot",
            size=12,
            **kwargs,
        )
    names = {d.id: d.name for d in snapshot.documents}
    for e in snapshot.edges:
        if e.s not in snapshot.nodes or e.o not in snapshot.nodes:
            continue
        tip = [f"<b>{_esc(e.p)}</b> ({e.confidence:.2f})"]
        if e.doc is not None:
            tip.append(_esc(names.get(e.doc, f"doc {e.doc}")))
        if e.evidence:
            tip.append(_esc(e.evidence[:300]))
        net.add_edge(e.s, e.o, label=e.p, title="<br>".join(tip), color=edge_color(e.p), arrows="to")
    page = net.generate_html(notebook=False)
    page = _REMOTE_LINK.sub("", page)
    page = _REMOTE_SCRIPT.sub("", page)
    page = _COMMENTED_LOADER.sub("", page)  # a commented-out script tag left in pyvis's template
    # a real <title> (escaped) for the browser tab; pyvis leaves the head without one
    page = page.replace("<head>", f"<head>\n        <title>{html.escape(title)}</title>", 1)
    leftover = REMOTE_REF.search(page)
    if leftover:
        raise RemoteReferenceError(
            f"HTML export still references a remote resource near {page[leftover.start() : leftover.start() + 80]!r}"
        )
    return page


def write_html(snapshot: Snapshot, out_path: Path, positions: Pos | None = None) -> list[Path]:
    """Write a self-contained page (about 0.5 MB of inlined vis-network) that works offline.

    Nodes are coloured by type (``assets/styles/palette.json``), hovering shows the
    escaped name, types, aliases and IRI; edges show relation, confidence, document
    and evidence. With ``positions`` nodes are pinned where the canvas had them.
    """
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(render_html(snapshot, positions), encoding="utf-8")
    return [out_path]
