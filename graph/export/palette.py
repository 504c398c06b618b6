"""The type -> colour palette in ``assets/styles/palette.json``, shared with the GUI.

>>> color_for(("Investor", "Company"))
'#F28E2B'
>>> rgb(color_for(("NoSuchType",)))
(158, 158, 158)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import assets

PALETTE_FILE = assets.path("styles", "palette.json")


@lru_cache(maxsize=1)
def load_palette() -> MappingProxyType[str, Any]:
    """``{"types": {type: "#RRGGBB"}, "predicates": {...}, "default": "#RRGGBB"}`` (read-only, cached)."""
    data = json.loads(PALETTE_FILE.read_text(encoding="utf-8"))
    return MappingProxyType(
        {
            "types": MappingProxyType(dict(data.get("types", {}))),
            "predicates": MappingProxyType(dict(data.get("predicates", {}))),
            "default": data.get("default", "#9E9E9E"),
        }
    )


def color_for(types: Iterable[str] | str) -> str:
    """Colour of a node: its first type that has one, else the default."""
    pal = load_palette()
    for t in [types] if isinstance(types, str) else types:
        c = pal["types"].get(t)
        if c:
            return c
    return pal["default"]


def edge_color(predicate: str) -> str:
    pal = load_palette()
    return pal["predicates"].get(predicate, pal["default"])


def rgb(color: str) -> tuple[int, int, int]:
    """``"#RRGGBB"`` -> ``(r, g, b)``."""
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
