"""Interactive offline HTML page: vis-network inlined, the data written by us.

We write the vis nodes/edges JSON ourselves (pyvis drops ``color`` when ``group`` is
set, checks ids against a list so 60k nodes take minutes, and lets physics run for
a minute on the seed graph). Every node gets the app's palette colour and a
precomputed position (the canvas's, or :func:`graph.export.positions.export_layout`);
physics is off and ``improvedLayout`` false, so the page draws at once. Edges are
one per fact (:func:`graph.facts.group_facts`) with the mention count.

Size: above :data:`MAX_NODES` nodes the page keeps the top :data:`MAX_NODES` by degree
(see :func:`trim_for_page`) and says so in a banner. vis-network draws every node and
edge on one canvas each frame: at 5k nodes / 10k edges panning stays usable on a
laptop, at 20k it takes seconds per frame and the tab may stop answering.

Safety: the data is JSON inside ``<script>`` with ``<``, ``>``, ``&``, ``=``, ``@`` and
U+2028/U+2029 as ``\\uXXXX`` escapes, so no name can close the script or read as
markup or as a ``src=``/``href=`` reference; tooltips are plain text (vis-network 9
shows string titles with ``innerText``); legend and banner text is HTML-escaped.
Only vis-network's own JS and CSS (from the pyvis package, no CDN) are inlined.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.export.atomic import atomic_text
from graph.export.palette import color_for, edge_color
from graph.export.positions import Pos, export_layout, layout_scale
from graph.export.tables import export_facts, one_line
from graph.model import Snapshot

MAX_NODES = 5000
"""Most nodes one page carries; bigger graphs are cut to the top ``MAX_NODES`` by degree."""
EDGE_LABELS_UP_TO = 1500  # drawing edge labels costs more than the edges themselves

REMOTE_REF = re.compile(
    r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import\s+(?:url\()?\s*["']?(?:https?:)?//""", re.I
)
"""A reference the browser would fetch from the network (used to check the page)."""


class RemoteReferenceError(RuntimeError):
    """The page template still points at a remote resource."""


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS as shipped inside the pyvis package.

    Found without importing pyvis (its import pulls in jinja2 and IPython: ~1 s).
    """
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        lib = Path(root) / "templates" / "lib" / "vis-9.1.2"
        if (lib / "vis-network.min.js").is_file():
            return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (
                lib / "vis-network.css"
            ).read_text(encoding="utf-8")
    raise FileNotFoundError("vis-network.min.js not found in the pyvis package (is pyvis installed?)")


_JSON_ESC = {c: f"\\u{ord(c):04x}" for c in "<>&=@\u2028\u2029"}
_JSON_ESC_RE = re.compile("[<>&=@\u2028\u2029]")


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no character that HTML or a scanner reads.

    >>> script_json({"label": "</script><a href=//x>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003ca href\\\\u003d//x\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _JSON_ESC_RE.sub(lambda m: _JSON_ESC[m.group(0)], text)


def node_title(label: str, types: tuple[str, ...], aliases: tuple[str, ...], iri: str) -> str:
    """Tooltip text of a node (plain text, one item per line).

    >>> node_title("<b>x</b>", ("Company",), ("X\\nCo",), "https://zhitu.app/id/x")
    '<b>x</b>\\nCompany\\nX Co\\nhttps://zhitu.app/id/x'
    """
    parts = [one_line(label), one_line(" / ".join(types))]
    if aliases:
        parts.append(one_line("; ".join(aliases)))
    parts.append(one_line(iri))
    return "\n".join(parts)


def trim_for_page(snapshot: Snapshot, max_nodes: int | None = None) -> tuple[Snapshot, str | None]:
    """The snapshot as the page can carry it, and a note when nodes were left out.

    Keeps the ``max_nodes`` nodes of highest degree (facts, not mentions; ties by IRI)
    and the edges between them.

    >>> from graph.model import Edge, Node
    >>> snap = Snapshot({i: Node(i, i, ("Company",)) for i in "abcd"},
    ...                 (Edge("r1", "a", "partnersWith", "b", 1.0), Edge("r2", "a", "partnersWith", "c", 1.0)))
    >>> small, note = trim_for_page(snap, max_nodes=2)
    >>> sorted(small.nodes), note
    (['a', 'b'], 'showing the 2 most connected of 4 entities (1 of 2 relations); export a filtered view for the rest')
    """
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    if len(snapshot.nodes) <= max_nodes:
        return snapshot, None
    from graph.analytics import subsnapshot

    deg: Counter[str] = Counter()
    for f in export_facts(snapshot):
        deg[f.s] += 1
        deg[f.o] += 1
    keep = sorted(snapshot.nodes, key=lambda i: (-deg[i], i))[:max_nodes]
    small = subsnapshot(snapshot, keep)
    n_all, n_kept = len(export_facts(snapshot)), len(export_facts(small))
    note = (
        f"showing the {len(small.nodes)} most connected of {len(snapshot.nodes)} entities "
        f"({n_kept} of {n_all} relations); export a filtered view for the rest"
    )
    return small, note


def page_data(snapshot: Snapshot, positions: Pos | None = None) -> tuple[list[dict], list[dict]]:
    """The vis ``nodes`` and ``edges`` arrays: palette colours, positions, one edge per fact."""
    from graph.analytics import spread

    facts = export_facts(snapshot)
    deg: Counter[str] = Counter()
    for f in facts:
        deg[f.s] += 1
        deg[f.o] += 1
    pos = {i: p for i, p in (positions or {}).items() if i in snapshot.nodes}
    if len(pos) < len(snapshot.nodes):
        pos = export_layout(snapshot)
    else:  # canvas coordinates: bring them to the page's scale, whatever the zoom was
        pos = spread(pos, layout_scale(len(pos)))
    nodes = []
    for n in snapshot.nodes.values():
        x, y = pos.get(n.iri, (0.0, 0.0))
        nodes.append(
            {
                "id": n.iri,
                "label": one_line(n.label),
                "title": node_title(n.label, n.types, n.aliases, n.iri),
                "color": color_for(n.types),
                "x": round(float(x), 1),
                "y": round(float(y), 1),
                "size": round(8.0 + 3.0 * min(deg[n.iri], 64) ** 0.5, 1),
            }
        )
    names = {d.id: d.name for d in snapshot.documents}
    edges = []
    labels = len(facts) <= EDGE_LABELS_UP_TO
    for f in facts:
        tip = [f"{f.p} ({f.confidence:.2f}, {f.count} mention{'s' if f.count != 1 else ''})"]
        for e in f.edges[:3]:
            src = names.get(e.doc, f"doc {e.doc}") if e.doc is not None else "user"
            tip.append(one_line(f"{src}: {e.evidence[:200]}") if e.evidence else one_line(src))
        if f.count > 3:
            tip.append(f"… {f.count - 3} more")
        item: dict[str, Any] = {
            "id": f.id,
            "from": f.s,
            "to": f.o,
            "title": "\n".join(tip),
            "color": edge_color(f.p),
            "mentions": f.count,
        }
        if labels:
            item["label"] = f.p
        edges.append(item)
    return nodes, edges


_TEMPLATE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>{vis_css}</style>
<style>
html, body {{ margin: 0; height: 100%; font-family: sans-serif; background: #FAFAFA; }}
#graph {{ position: absolute; inset: 0; }}
#legend {{ position: absolute; left: 10px; top: 10px; background: rgba(255,255,255,.9);
  border: 1px solid #ddd; border-radius: 6px; padding: 6px 10px; font-size: 12px; z-index: 2; }}
#legend b {{ display: block; margin-bottom: 3px; }}
#legend span.dot {{ display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 6px; }}
#note {{ position: absolute; left: 50%; transform: translateX(-50%); top: 10px; z-index: 2;
  background: #FFF3E0; border: 1px solid #FFB74D; border-radius: 6px; padding: 6px 12px; font-size: 13px; }}
div.vis-tooltip {{ white-space: pre-wrap; max-width: 420px; }}
</style>
</head>
<body>
<div id="graph"></div>
<div id="legend"><b>{heading}</b>{legend}</div>
{note}
<script>{vis_js}</script>
<script>
var nodes = new vis.DataSet({nodes});
var edges = new vis.DataSet({edges});
var options = {options};
var network = new vis.Network(document.getElementById("graph"), {{nodes: nodes, edges: edges}}, options);
</script>
</body>
</html>
"""

_OPTIONS = {
    "physics": False,
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "hideEdgesOnZoom": True},
    "nodes": {"shape": "dot", "font": {"size": 12}, "borderWidth": 1},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "smooth": False,
        "width": 1,
        "font": {"size": 9},
    },
}


def render_html(
    snapshot: Snapshot, positions: Pos | None = None, title: str = "知图 Zhitu", note: str | None = None
) -> str:
    """The page as a string (see :func:`write_html`); ``note`` is shown in a banner."""
    vis_js, vis_css = _vis_assets()
    nodes, edges = page_data(snapshot, positions)
    types = Counter(n.types[0] if n.types else "Thing" for n in snapshot.nodes.values())
    legend = "".join(
        f'<div><span class="dot" style="background:{color_for((t,))}"></span>{html.escape(t)} {c}</div>'
        for t, c in types.most_common()
    )
    shell = _TEMPLATE.format(
        title=html.escape(title),
        heading=html.escape(f"{len(nodes)} entities, {len(edges)} relations"),
        legend=legend,
        note=f'<div id="note">{html.escape(note)}</div>' if note else "",
        vis_css="\0css\0",
        vis_js="\0js\0",
        nodes="\0nodes\0",
        edges="\0edges\0",
        options=json.dumps(_OPTIONS),
    )
    # the template (not the data, which script_json made inert) must not fetch anything
    leftover = REMOTE_REF.search(shell)
    if leftover:
        raise RemoteReferenceError(
            f"HTML template references a remote resource near {shell[leftover.start() :][:80]!r}"
        )
    return (
        shell.replace("\0css\0", vis_css)
        .replace("\0js\0", vis_js)
        .replace("\0nodes\0", script_json(nodes))
        .replace("\0edges\0", script_json(edges))
    )


def write_html(snapshot: Snapshot, out_path: Path, positions: Pos | None = None) -> list[Path]:
    """Write a self-contained page (about 0.5 MB of inlined vis-network) that works offline.

    Nodes are coloured by type (``assets/styles/palette.json``), hovering shows the
    name, types, aliases and IRI; edges (one per fact) show relation, confidence,
    mention count and the first pieces of evidence. With ``positions`` nodes are where
    the canvas had them. Above :data:`MAX_NODES` nodes see :func:`trim_for_page`.
    """
    snap, note = trim_for_page(snapshot, MAX_NODES)
    page = render_html(snap, positions, note=note)
    with atomic_text(out_path) as f:
        f.write(page)
    return [out_path]
