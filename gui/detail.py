"""Detail pane: the current entity (types, aliases, attributes, relations with evidence,
documents) or the current edge (both ends, relation, qualifiers, evidence, source)."""

from __future__ import annotations

from html import escape
from itertools import groupby

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

import gui.strings_explorer  # noqa: F401  (registers the fact strings)
from graph.api import EntityDetail, FactDetail, RelationView
from graph.facts import fact_key
from gui.evidence import compact_qualifiers, qualifier_words, readable
from gui.i18n import attr_name, language, predicate_name, tr, type_name
from gui.palette import predicate_color, type_color
from gui.state import Current, GraphState

CSS = """
body { font-size: 10pt; color: #263238; }
h2 { margin: 0 0 2px 0; font-size: 15pt; }
h3 { margin: 12px 0 4px 0; font-size: 10.5pt; color: #37474F; border-bottom: 1px solid #CFD8DC; }
.meta { color: #607D8B; }
.chip { color: white; font-weight: bold; }
.ev { color: #455A64; background: #F5F7F8; margin: 2px 0 6px 14px; }
.src { color: #78909C; font-size: 8.5pt; }
a { color: #1565C0; text-decoration: none; }
td { padding: 1px 8px 1px 0; vertical-align: top; }
"""


def _chip(t: str) -> str:
    return f'<span class="chip" style="background:{type_color(t).name()}">&nbsp;{escape(type_name(t))}&nbsp;</span>'


def _conf(c: float) -> str:
    return f"{tr('detail.confidence')} {c:.2f}"


class DetailPane(QTextBrowser):
    merge_requested = Signal(str)  # iri: "合并到… / Merge into…" clicked

    def __init__(self, state: GraphState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(CSS)
        self.anchorClicked.connect(self._clicked)
        self._links: list[tuple[str, str]] = []
        state.current_changed.connect(self.show_current)
        state.selection_changed.connect(self._selection_changed)
        # a bound method, not a lambda: Qt drops the connection when this widget dies
        language().changed.connect(self._language_changed)
        self.show_current(None)

    # the text as shown, for tests and for copy
    def text(self) -> str:
        return self.toPlainText()

    def _language_changed(self, _code: str) -> None:
        self.show_current(self.state.current)

    def _link(self, kind: str, ident: str) -> str:
        # IRIs may hold '#', spaces or CJK that a URL would mangle: link by number instead
        self._links.append((kind, ident))
        return f"go:{len(self._links) - 1}"

    def _selection_changed(self) -> None:
        if len(self.state.selected) > 1:
            self.show_selection()

    def show_selection(self) -> None:
        """Several entities selected (Ctrl+click, rubber band): list them, each a link."""
        self._links = []
        nodes = self.state.full.nodes
        deg = self.state.degrees()
        chosen = sorted(
            self.state.selected, key=lambda i: (-deg.get(i, 0), nodes[i].label if i in nodes else i)
        )
        out = [f"<h2>{tr('detail.selected', n=len(chosen))}</h2>"]
        for iri in chosen[:300]:
            n = nodes.get(iri)
            if n is None:
                continue
            out.append(
                f"<div>{_chip(n.type)} <a href='{self._link('entity', iri)}'>{escape(n.label)}</a>"
                f" <span class='meta'>{tr('detail.degree')} {deg.get(iri, 0)}</span></div>"
            )
        if len(chosen) > 300:
            out.append(f"<p class='meta'>… +{len(chosen) - 300}</p>")
        self.setHtml("".join(out))

    def _doc_link(self, doc_id: int, edge_id: str) -> str:
        return self._link("doc", f"{doc_id}\t{edge_id}")

    def links(self) -> list[tuple[str, str]]:
        return list(self._links)

    def show_current(self, cur: Current | None) -> None:
        self._links: list[tuple[str, str]] = []
        ws = self.state.ws
        if cur is None or ws is None:
            self.setHtml(f"<p class='meta'>{escape(tr('detail.empty'))}</p>")
            return
        if cur.kind == "entity":
            d = ws.entity(cur.id)
            self.setHtml(self.entity_html(d) if d else "")
        else:
            d = ws.fact(cur.id)
            self.setHtml(self.edge_html(d) if d else "")

    def entity_html(self, d: EntityDetail) -> str:
        n = d.node
        out = [f"<h2>{escape(n.label)}</h2>"]
        out.append(
            "<p>"
            + " ".join(_chip(t) for t in n.types)
            + f" <span class='meta'>&nbsp;{tr('detail.degree')} {d.degree}</span>"
            + f" &nbsp;<a href='{self._link('merge', n.iri)}'>{escape(tr('act.merge_into'))}</a></p>"
        )
        aliases = [a for a in n.aliases if a != n.label]
        rows = []
        if aliases:
            rows.append(
                f"<tr><td class='meta'>{tr('detail.aliases')}</td><td>{escape('、'.join(aliases))}</td></tr>"
            )
        for k, v in n.attrs:
            rows.append(
                f"<tr><td class='meta'>{escape(attr_name(k))}</td><td>{escape(attr_value(k, v))}</td></tr>"
            )
        if rows:
            out.append("<table>" + "".join(rows) + "</table>")
        out.append(f"<h3>{tr('detail.relations')} ({len(d.relations)})</h3>")
        if not d.relations:
            out.append(f"<p class='meta'>{tr('detail.none')}</p>")
        key = lambda r: (r.edge.p, r.direction)  # noqa: E731
        for (p, direction), group in groupby(sorted(d.relations, key=key), key=key):
            items = list(group)
            col = predicate_color(p).name()
            arrow = "→" if direction == "out" else "←"
            out.append(
                f"<p style='margin:8px 0 2px 0'><b style='color:{col}'>{arrow} {escape(predicate_name(p, direction))}</b>"
                f" <span class='meta'>({len(items)})</span></p>"
            )
            # one line per fact (same other end), every statement's evidence under it
            facts: dict[tuple[str, str, str], list[RelationView]] = {}
            for r in items:
                facts.setdefault(fact_key(r.edge), []).append(r)
            for rs in facts.values():
                out.append(self._relation_html(rs[0], len(rs)))
                out.extend(self._evidence_html(r) for r in rs)
        out.append(f"<h3>{tr('detail.documents')} ({len(d.documents)})</h3>")
        for doc in d.documents:
            year = f" · {doc.year}" if doc.year else ""
            title = f" — {escape(doc.title)}" if doc.title else ""
            out.append(f"<div class='src'>• {escape(doc.name)}{title}{year}</div>")
        if not d.documents:
            out.append(f"<p class='meta'>{tr('detail.none')}</p>")
        return "".join(out)

    def _relation_html(self, r: RelationView, count: int = 1) -> str:
        e = r.edge
        other = f"<a href='{self._link('entity', r.other.iri)}'>{escape(r.other.label)}</a>"
        quals = escape(compact_qualifiers(e.attrs))
        times = f" · {_mentions(count)}" if count > 1 else ""
        return (
            f"<div style='margin-left:10px'>{other} <span class='meta'>{_conf(e.confidence)}"
            f"{' · ' + quals if quals else ''}{times} · <a href='{self._link('edge', e.id)}'>#</a></span></div>"
        )

    def _evidence_html(self, r: RelationView) -> str:
        e = r.edge
        src = (
            f"<a href='{self._doc_link(r.document.id, e.id)}'>{escape(r.document.name)}</a>"
            if r.document
            else tr("detail.user_edge")
        )
        conf = f" · {_conf(e.confidence)}"
        if e.evidence:
            return (
                f"<div class='ev'>“{escape(_short(readable(e.evidence)))}”<br>"
                f"<span class='src'>{src}{conf}</span></div>"
            )
        return f"<div class='ev'><span class='src'>{src}{conf}</span></div>"

    def edge_html(self, d: FactDetail, raw: bool = False) -> str:
        """One fact: both ends, merged qualifiers, then every statement with document and confidence."""
        f = d.fact
        col = predicate_color(f.p).name()
        s = f"<a href='{self._link('entity', d.source.iri)}'>{escape(d.source.label)}</a>"
        o = f"<a href='{self._link('entity', d.target.iri)}'>{escape(d.target.label)}</a>"
        out = [f"<h2>{s} <span style='color:{col}'>→ {escape(predicate_name(f.p))} →</span> {o}</h2>"]
        rows = [
            (
                tr("detail.relation"),
                f"{escape(predicate_name(f.p))} <span class='meta'>({escape(f.p)})</span>",
            ),
            (tr("detail.confidence"), f"{f.confidence:.2f} <span class='meta'>· {_mentions(f.count)}</span>"),
            (
                tr("detail.document"),
                tr("detail.fact_docs", n=len(f.docs)) if f.docs else tr("detail.user_edge"),
            ),
        ]
        if f.year:
            rows.append((tr("detail.year"), str(f.year)))
        rows.extend((escape(k), escape(v)) for k, v in qualifier_words(f.attrs))
        out.append(
            "<table>"
            + "".join(f"<tr><td class='meta'>{k}</td><td>{v}</td></tr>" for k, v in rows)
            + "</table>"
        )
        out.append(f"<h3>{tr('detail.evidence_n', n=f.count)}</h3>")
        for e, doc in d.evidence:
            src = (
                f"<a href='{self._doc_link(doc.id, e.id)}'>{escape(doc.name)}</a>"
                if doc
                else tr("detail.user_edge")
            )
            text = ""
            if e.evidence:
                # table rows as cleaned cells; the raw row is one click away (and back)
                shown = e.evidence if raw else readable(e.evidence)
                text = f"“{escape(shown)}”<br>"
            out.append(f"<div class='ev'>{text}<span class='src'>{src} · {_conf(e.confidence)}</span></div>")
        if any(e.evidence for e, _ in d.evidence):
            toggle = tr("detail.cells") if raw else tr("detail.raw_row")
            out.append(f"<p class='meta'><a href='{self._link('raw' if not raw else 'edge', f.id)}'>{escape(toggle)}</a></p>")
        return "".join(out)

    def _clicked(self, url: QUrl) -> None:
        s = url.toString()
        if not s.startswith("go:"):
            return
        self.follow(int(s[3:]))

    def follow(self, k: int) -> None:
        kind, ident = self._links[k]
        if kind == "entity":
            self.state.ensure_visible([ident])
            self.state.select([ident])
        elif kind == "edge":
            self.state.select_edge(ident)
        elif kind == "doc":
            self.open_document(*ident.split("\t", 1))
        elif kind == "merge":
            self.merge_requested.emit(ident)
        elif kind == "raw":
            d = self.state.ws.fact(ident)
            if d is not None:
                self._links = []
                self.setHtml(self.edge_html(d, raw=True))

    def open_document(self, doc_id: str, edge_id: str = "") -> None:
        """Show the source report with this relation's evidence highlighted."""
        from gui.document_view import DocumentViewer

        ws = self.state.ws
        text = ws.document_text(int(doc_id)) or ""
        name = next((d.name for d in self.state.full.documents if d.id == int(doc_id)), doc_id)
        edge = self.state.edge(edge_id) if edge_id else None
        self.viewer = DocumentViewer(name, text, edge.evidence if edge else "", self.window())
        self.viewer.show()


def attr_value(key: str, value: object) -> str:
    if isinstance(value, bool) or str(value) in ("True", "False"):
        return tr("detail.yes") if str(value) == "True" else tr("detail.no")
    return str(value)


def qualifier(key: str, value: object) -> str:
    """One funding qualifier, compact: 'lead' shows as the word 领投 rather than 'True'."""
    if key == "lead" and str(value) == "True":
        return escape(attr_name("lead"))
    return f"{escape(attr_name(key))}: {escape(attr_value(key, value))}"


def _mentions(n: int) -> str:
    return tr("detail.mentions", n=n) if n != 1 else tr("detail.mentions_one")


def _short(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
