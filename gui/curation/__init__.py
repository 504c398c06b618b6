"""Curation in the user's language: dialogs for retype, add-entity, add-edge and merge, and the edit history."""

from gui.curation.dialogs import (
    AddEdgeDialog,
    AddEntityDialog,
    EntityPicker,
    MergeDialog,
    RetypeDialog,
    describe_edit,
)
from gui.curation.history import EditHistoryPanel

__all__ = [
    "AddEdgeDialog",
    "AddEntityDialog",
    "EditHistoryPanel",
    "EntityPicker",
    "MergeDialog",
    "RetypeDialog",
    "describe_edit",
]
