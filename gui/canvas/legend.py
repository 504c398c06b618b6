"""The legend overlaid on the canvas: colour swatches with names and counts."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.entries: list[tuple[QColor, str, int]] = []
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    def set_entries(self, title: str, entries: list[tuple[QColor, str, int]]) -> None:
        self.title = title
        self.entries = entries
        self.setVisible(bool(entries))
        self.resize(self.sizeHint())
        self.update()

    def _fonts(self) -> tuple[QFont, QFont]:
        f = QFont(self.font())
        f.setPointSizeF(9.0)
        b = QFont(f)
        b.setBold(True)
        return f, b

    def sizeHint(self) -> QSize:
        f, b = self._fonts()
        fm = QFontMetrics(f)
        w = max(
            [fm.horizontalAdvance(f"{t}  {n}") for _, t, n in self.entries]
            + [QFontMetrics(b).horizontalAdvance(self.title)]
        )
        return QSize(w + 44, (len(self.entries) + 1) * (fm.height() + 3) + 14)

    def paintEvent(self, event: QPaintEvent) -> None:
        f, b = self._fonts()
        fm = QFontMetrics(f)
        line = fm.height() + 3
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QColor(0, 0, 0, 30))
        p.setBrush(QColor(255, 255, 255, 225))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        p.setFont(b)
        p.setPen(QColor("#37474F"))
        p.drawText(12, 8 + fm.ascent(), self.title)
        p.setFont(f)
        for k, (color, text, count) in enumerate(self.entries):
            y = 8 + (k + 1) * line
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawEllipse(QRectF(12, y + (fm.height() - 11) / 2, 11, 11))
            p.setPen(QColor("#263238"))
            p.drawText(30, y + fm.ascent(), text)
            p.setPen(QColor("#78909C"))
            p.drawText(30 + fm.horizontalAdvance(text + "  "), y + fm.ascent(), str(count))
        p.end()
