"""The charts dock.

pyqtgraph draws with QPainter on a QGraphicsView, so it runs on PySide6-Essentials alone
(QtCharts would need a second large wheel, PySide6-Addons, pinned to exactly the same version).
Figures come from :mod:`graph.stats`; a click on a timeline bar selects that quarter's
deals on the canvas; the slider shows the graph as it stood at the end of a year.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import gui.analysis_i18n  # noqa: F401  (registers the strings)
from graph import stats
from graph.model import ENTITY_TYPES
from gui.i18n import language, predicate_name, tr, type_name
from gui.lazy import ReloadWhenShown
from gui.palette import predicate_color, type_color
from gui.state import GraphState

CURRENCY_COLOURS = ("#1E88E5", "#E53935", "#43A047", "#FB8C00", "#8E24AA")
YI = 1e8  # amounts are drawn in 亿 (100 million) of their own currency


def _plot(title: str = "") -> pg.PlotWidget:
    w = pg.PlotWidget(background="w")
    w.setMenuEnabled(False)
    w.setMouseEnabled(x=False, y=False)
    w.hideButtons()
    w.showGrid(x=False, y=True, alpha=0.25)
    if title:
        w.setTitle(title, color="#37474F", size="10pt")
    for ax in ("left", "bottom"):
        w.getAxis(ax).setTextPen("#455A64")
        w.getAxis(ax).setPen("#90A4AE")
    return w


class TimelineChart(QWidget):
    """Rounds per quarter (bars, clickable) over one known-amount plot per currency."""

    def __init__(self, state: GraphState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.buckets: list[stats.QuarterBucket] = []
        self.rounds_plot = _plot()
        self.rounds_plot.setMinimumHeight(160)
        self.amount_plots: list[pg.PlotWidget] = []
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.bars: pg.BarGraphItem | None = None
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.lay.addWidget(self.rounds_plot, 3)
        self.lay.addWidget(self.info)
        self.rounds_plot.scene().sigMouseClicked.connect(self._clicked)

    def counts(self) -> list[int]:
        """Bar heights, in bar order (what the test compares with the store)."""
        return [len(b.rounds) for b in self.buckets]

    def load(self, snap: Any) -> None:
        self.buckets = stats.funding_timeline(snap)
        self.rounds_plot.clear()
        for p in self.amount_plots:
            self.lay.removeWidget(p)
            p.deleteLater()
        self.amount_plots = []
        self.rounds_plot.setTitle(tr("charts.rounds"), color="#37474F", size="10pt")
        if not self.buckets:
            self.info.setText(tr("charts.no_rounds"))
            self.bars = None
            return
        xs = list(range(len(self.buckets)))
        ticks = [[(i, b.label) for i, b in enumerate(self.buckets)]]
        self.bars = pg.BarGraphItem(x=xs, height=self.counts(), width=0.7, brush="#26A69A", pen="#00796B")
        self.rounds_plot.addItem(self.bars)
        self.rounds_plot.getAxis("bottom").setTicks(ticks)
        self.rounds_plot.setXRange(-0.6, len(xs) - 0.4, padding=0)
        self.rounds_plot.setYRange(0, max(self.counts()) + 1, padding=0)
        currencies = sorted({c for b in self.buckets for c in b.amounts})
        for k, cur in enumerate(currencies):  # one plot per currency: amounts are never added across them
            p = _plot(tr("charts.amounts", cur=cur))
            heights = [b.amounts.get(cur, 0.0) / YI for b in self.buckets]
            col = CURRENCY_COLOURS[k % len(CURRENCY_COLOURS)]
            p.addItem(pg.BarGraphItem(x=xs, height=heights, width=0.5, brush=col))
            p.getAxis("bottom").setTicks(ticks)
            p.setXRange(-0.6, len(xs) - 0.4, padding=0)
            p.setXLink(self.rounds_plot)
            p.setMinimumHeight(120)
            self.lay.insertWidget(1 + k, p, 2)
            self.amount_plots.append(p)
        self.info.setText("")

    def _clicked(self, ev: Any) -> None:
        vb = self.rounds_plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        x = vb.mapSceneToView(ev.scenePos()).x()
        i = int(round(x))
        if 0 <= i < len(self.buckets) and abs(x - i) <= 0.35:
            self.select_bucket(i)

    def select_bucket(self, i: int) -> list[str]:
        """Select the companies and investors of a quarter's rounds and light up their deals."""
        b = self.buckets[i]
        if self.bars is not None:  # the chosen bar darker
            self.bars.setOpts(brushes=["#00695C" if k == i else "#26A69A" for k in range(len(self.buckets))])
        iris = {x for r in b.rounds for x in (r.company, *r.investors)}
        edges = {e for r in b.rounds for e in r.edge_ids}
        self.state.ensure_visible(iris)
        self.state.select(iris)
        self.state.highlight_nodes = set(iris)
        self.state.highlight_edges = edges
        self.state.highlight_changed.emit()
        nodes = self.state.full.nodes
        names = "、".join(
            f"{nodes[r.company].label}{' ' + r.round if r.round else ''}"
            for r in b.rounds
            if r.company in nodes
        )
        self.info.setText(f"{tr('charts.bucket', q=b.label, n=len(b.rounds))}  {names}")
        return sorted(edges)


class BarsChart(pg.PlotWidget):
    """Horizontal bars with text labels on the left axis."""

    def __init__(self) -> None:
        super().__init__(background="w")
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.showGrid(x=True, y=False, alpha=0.25)
        for ax in ("left", "bottom"):
            self.getAxis(ax).setTextPen("#37474F")
        self.items: list[tuple[str, float]] = []

    def show_bars(self, title: str, items: list[tuple[str, float]], colours: list[Any] | None = None) -> None:
        self.clear()
        self.items = items
        self.setTitle(title, color="#37474F", size="10pt")
        if not items:
            return
        n = len(items)
        ys = list(range(n))[::-1]  # the first item on top
        brushes = colours or ["#5C6BC0"] * n
        bars = pg.BarGraphItem(x0=0, y=ys, height=0.7, width=[v for _, v in items], brushes=brushes)
        self.addItem(bars)
        self.getAxis("left").setTicks([[(y, label) for y, (label, _) in zip(ys, items, strict=True)]])
        self.setYRange(-0.6, n - 0.4, padding=0)
        top = max(v for _, v in items)
        self.setXRange(0, top * 1.05 or 1, padding=0)
        if top <= 25:  # counts: whole-number ticks
            self.getAxis("bottom").setTickSpacing(major=max(1, round(top / 5)), minor=1)
        else:
            self.getAxis("bottom").setTickSpacing()


class ChartsPanel(ReloadWhenShown, QWidget):
    def __init__(self, state: GraphState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.tabs = QTabWidget()
        self.timeline = TimelineChart(state)
        self.investors = BarsChart()
        self.types = BarsChart()
        self.predicates = BarsChart()
        self.summary = QTextBrowser()
        for w in (self.timeline, self.investors, self.types, self.predicates, self.summary):
            self.tabs.addTab(w, "")
        self.as_of_box = QCheckBox()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setEnabled(False)
        self.year_label = QLabel()
        self.years: list[int] = []
        row = QHBoxLayout()
        row.addWidget(self.as_of_box)
        row.addWidget(self.slider, 1)
        row.addWidget(self.year_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.tabs, 1)
        lay.addLayout(row)
        self.as_of_box.toggled.connect(self._as_of_toggled)
        self.slider.valueChanged.connect(self._slider_moved)
        self.follow_graph(state)
        language().changed.connect(self._language_changed)
        self.retranslate()

    def _language_changed(self, _code: str) -> None:
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        keys = ("charts.timeline", "charts.investors", "charts.types", "charts.predicates", "charts.stats")
        for i, key in enumerate(keys):
            self.tabs.setTabText(i, tr(key))
        self.as_of_box.setText(tr("charts.as_of"))
        self._show_year()

    def reload(self) -> None:
        snap = self.state.full
        self._stale = False
        self.timeline.load(snap)
        nodes = snap.nodes
        top = [(nodes[i].label, float(n)) for i, n in stats.top_investors(snap, 15) if i in nodes]
        self.investors.show_bars(tr("charts.deals"), top)
        by_type = stats.counts_by_type(snap)
        order = [t for t in ENTITY_TYPES if t in by_type] + [t for t in by_type if t not in ENTITY_TYPES]
        self.types.show_bars(
            tr("charts.types"),
            [(type_name(t), float(by_type[t])) for t in order],
            [type_color(t) for t in order],
        )
        by_p = stats.counts_by_predicate(snap)
        self.predicates.show_bars(
            tr("charts.predicates"),
            [(predicate_name(p), float(n)) for p, n in by_p.items()],
            [predicate_color(p) for p in by_p],
        )
        self.summary.setHtml(summary_html(snap, by_type, by_p))
        self.years = stats.edge_years(snap)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(len(self.years) - 1, 0))
        self.slider.setValue(max(len(self.years) - 1, 0))
        self.slider.blockSignals(False)
        self._show_year()

    # -- the graph as of a year -----------------------------------------------------------
    def _as_of_toggled(self, on: bool) -> None:
        self.slider.setEnabled(on and bool(self.years))
        self._apply_as_of()

    def _slider_moved(self, _v: int) -> None:
        self._show_year()
        self._apply_as_of()

    def as_of_year(self) -> int | None:
        if not self.as_of_box.isChecked() or not self.years:
            return None
        return self.years[min(self.slider.value(), len(self.years) - 1)]

    def _show_year(self) -> None:
        y = self.as_of_year()
        self.year_label.setText(str(y) if y is not None else tr("charts.as_of_all"))

    def set_as_of(self, year: int | None) -> None:
        """Show the graph at the end of ``year`` (None: every year)."""
        if year is None:
            self.as_of_box.setChecked(False)
            return
        i = max((k for k, y in enumerate(self.years) if y <= year), default=0)
        self.as_of_box.setChecked(True)
        self.slider.setValue(i)
        self._apply_as_of()

    def _apply_as_of(self) -> None:
        y = self.as_of_year()
        f = dict(self.state.filters)
        if y is None:
            if "years" in f and f["years"][0] is None:
                f.pop("years")
            else:
                return
        else:
            f["years"] = (None, y)
        self.state.set_filters(**f)


STATS_TOP = 10
BETWEENNESS_INLINE_MAX = 12000  # nodes + edges; above, the summary leaves betweenness out


def summary_html(snap: Any, by_type: dict[str, int], by_p: dict[str, int]) -> str:
    """Counts by type, predicate and document; top entities by degree, PageRank, betweenness."""
    from html import escape

    nodes = snap.nodes

    def table(title: str, rows: list[tuple[str, str]]) -> str:
        body = "".join(f"<tr><td>{escape(a)}</td><td align='right'>{escape(b)}</td></tr>" for a, b in rows)
        return f"<h4>{escape(title)}</h4><table cellspacing='0' cellpadding='2'>{body}</table>"

    out = [
        table(tr("charts.types"), [(type_name(t), str(n)) for t, n in by_type.items()]),
        table(tr("charts.predicates"), [(predicate_name(p), str(n)) for p, n in by_p.items()]),
        table(
            tr("charts.documents"),
            [(d or tr("detail.user_edge"), str(n)) for d, n in stats.counts_by_document(snap).items()],
        ),
    ]
    if nodes and len(nodes) + len(snap.edges) <= BETWEENNESS_INLINE_MAX:
        cent = stats.centralities(snap)
        for key, fmt in (("degree", "{:.0f}"), ("pagerank", "{:.4f}"), ("betweenness", "{:.4f}")):
            rows = [(nodes[i].label, fmt.format(v)) for i, v in stats.top(cent[key], STATS_TOP)]
            out.append(table(tr("charts.top", what=tr(f"col.{key}")), rows))
    return (
        "<table><tr>"
        + "".join(f"<td valign='top' style='padding-right:24px'>{t}</td>" for t in out)
        + "</tr></table>"
    )
