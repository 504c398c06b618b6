"""Colours for entity types, relations and communities (``assets/styles/palette.json``)."""

from __future__ import annotations

import json
from functools import lru_cache

from PySide6.QtGui import QColor

# Used when the palette file is missing or lacks an entry.
_FALLBACK_TYPES = {
    "Company": "#4E79A7",
    "Investor": "#F28E2B",
    "AIModel": "#E15759",
    "Product": "#76B7B2",
    "Policy": "#59A14F",
    "GovernmentBody": "#EDC948",
    "ResearchInstitution": "#B07AA1",
    "Technology": "#FF9DA7",
    "Person": "#9C755F",
}
# Community colours: Tableau 20 reordered so that neighbouring ids differ strongly.
COMMUNITY = [
    "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
    "#BCBD22", "#17BECF", "#AEC7E8", "#FFBB78", "#98DF8A", "#FF9896", "#C5B0D5", "#C49C94",
    "#F7B6D2", "#C7C7C7", "#DBDB8D", "#9EDAE5",
]  # fmt: skip


@lru_cache(maxsize=1)
def _palette() -> dict:
    try:
        import assets

        return json.loads(assets.path("styles", "palette.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"types": _FALLBACK_TYPES, "predicates": {}, "default": "#9E9E9E"}


def type_color(t: str) -> QColor:
    p = _palette()
    return QColor(p.get("types", {}).get(t) or _FALLBACK_TYPES.get(t) or p.get("default", "#9E9E9E"))


def predicate_color(p: str) -> QColor:
    pal = _palette()
    return QColor(pal.get("predicates", {}).get(p) or pal.get("default", "#9E9E9E"))


def community_color(c: int) -> QColor:
    if c < 0:
        return QColor(_palette().get("default", "#9E9E9E"))
    return QColor(COMMUNITY[c % len(COMMUNITY)])
