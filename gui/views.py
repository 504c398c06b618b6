"""Views as history: what the canvas shows, captured so Back/Forward (and saved views) return to it.

A :class:`View` is the visible set (scope and hidden entities), the filters, the
selection and current item, the positions, and the zoom and centre of the canvas.
Like a browser's history, the entry being left is updated with its latest positions
and zoom before another one is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

Pos = dict[str, tuple[float, float]]


@dataclass(frozen=True)
class View:
    scope: frozenset[str] | None
    hidden: frozenset[str]
    filters: dict[str, Any]
    selected: frozenset[str]
    current: Any  # gui.state.Current | None
    positions: Pos = field(default_factory=dict)
    zoom: float | None = None
    centre: tuple[float, float] | None = None

    def same_place(self, other: View) -> bool:
        """Same visible set, filters, selection and current item (positions and zoom aside)."""
        return (
            self.scope == other.scope
            and self.hidden == other.hidden
            and self.filters == other.filters
            and self.selected == other.selected
            and self.current == other.current
        )

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (sets as sorted lists) for a saved view."""
        f = {k: sorted(v, key=str) if isinstance(v, set | frozenset) else v for k, v in self.filters.items()}
        return {
            "scope": sorted(self.scope) if self.scope is not None else None,
            "hidden": sorted(self.hidden),
            "filters": f,
            "selected": sorted(self.selected),
            "current": [self.current.kind, self.current.id] if self.current else None,
            "positions": {k: [x, y] for k, (x, y) in self.positions.items()},
            "zoom": self.zoom,
            "centre": list(self.centre) if self.centre else None,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> View:
        from gui.state import Current  # gui.state imports this module

        filters: dict[str, Any] = {}
        for k, v in (d.get("filters") or {}).items():
            if k in ("types", "predicates", "docs"):
                filters[k] = set(v)
            elif k == "years":
                filters[k] = tuple(v)
            else:
                filters[k] = v
        cur = d.get("current")
        return cls(
            scope=frozenset(d["scope"]) if d.get("scope") is not None else None,
            hidden=frozenset(d.get("hidden") or ()),
            filters=filters,
            selected=frozenset(d.get("selected") or ()),
            current=Current(cur[0], cur[1]) if cur else None,
            positions={k: (float(x), float(y)) for k, (x, y) in (d.get("positions") or {}).items()},
            zoom=d.get("zoom"),
            centre=tuple(d["centre"]) if d.get("centre") else None,
        )


class ViewHistory:
    """Back/Forward over :class:`View` s.

    >>> h = ViewHistory()
    >>> a = View(None, frozenset(), {}, frozenset(), None)
    >>> b = replace(a, scope=frozenset({"x"}))
    >>> h.record(a); h.record(b); h.can_back()
    True
    >>> h.back(b) == a, h.can_forward(), h.forward(a) == b
    (True, True, True)
    """

    def __init__(self) -> None:
        self.entries: list[View] = []
        self.index = -1

    def clear(self) -> None:
        self.entries.clear()
        self.index = -1

    def record(self, view: View) -> None:
        """A new place: drop the forward entries and append it (or refresh the current one)."""
        if self.index >= 0 and self.entries[self.index].same_place(view):
            self.entries[self.index] = view
            return
        del self.entries[self.index + 1 :]
        self.entries.append(view)
        self.index = len(self.entries) - 1

    def update_current(self, view: View) -> None:
        """Keep the latest positions and zoom of the entry being shown."""
        if self.index >= 0 and self.entries[self.index].same_place(view):
            self.entries[self.index] = view

    def can_back(self) -> bool:
        return self.index > 0

    def can_forward(self) -> bool:
        return self.index < len(self.entries) - 1

    def back(self, leaving: View | None = None) -> View | None:
        if not self.can_back():
            return None
        if leaving is not None:
            self.update_current(leaving)
        self.index -= 1
        return self.entries[self.index]

    def forward(self, leaving: View | None = None) -> View | None:
        if not self.can_forward():
            return None
        if leaving is not None:
            self.update_current(leaving)
        self.index += 1
        return self.entries[self.index]


__all__ = ["View", "ViewHistory", "replace"]
