"""Charts of the explorer (pyqtgraph): funding timeline, top investors, counts, a time slider."""

from gui.charts.panel import ChartsPanel

__all__ = ["ChartsPanel"]
