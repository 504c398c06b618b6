"""Data tables of the explorer: entities and relations (one row per fact), synced with the canvas."""

from gui.tables.models import EntityTableModel, RelationTableModel
from gui.tables.panel import TablesPanel

__all__ = ["EntityTableModel", "RelationTableModel", "TablesPanel"]
