"""Source document viewer: the report's text with the evidence of a relation highlighted."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from gui.i18n import tr


def _find(text: str, evidence: str) -> tuple[int, int] | None:
    """Where the evidence sits in the text: exactly, else ignoring whitespace differences."""
    if not evidence:
        return None
    i = text.find(evidence)
    if i >= 0:
        return i, i + len(evidence)
    # PDF text is hard-wrapped and table rows are re-joined: match on the non-space characters
    squeeze = [(k, c) for k, c in enumerate(text) if not c.isspace()]
    flat = "".join(c for _, c in squeeze)
    needle = "".join(evidence.split())
    j = flat.find(needle[:200])
    if j < 0 or not needle:
        return None
    end = min(j + len(needle), len(squeeze)) - 1
    return squeeze[j][0], squeeze[end][0] + 1


class DocumentViewer(QDialog):
    def __init__(self, name: str, text: str, evidence: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{tr('detail.document')}: {name}")
        self.resize(760, 640)
        self.browser = QTextBrowser()
        self.found = _find(text, evidence)
        if self.found is not None:
            a, b = self.found
            html = (
                escape(text[:a])
                + "<a name='ev'></a><span style='background:#FFE082'>"
                + escape(text[a:b])
                + "</span>"
                + escape(text[b:])
            )
        else:
            html = escape(text)
        self.browser.setHtml(f"<div style='white-space:pre-wrap; font-size:10.5pt'>{html}</div>")
        if self.found is not None:
            self.browser.scrollToAnchor("ev")
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"<b>{escape(name)}</b>"))
        lay.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
