"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void Qt call.

After a few thousand calls the interpreter aborts ("none_dealloc"). The pin in
pyproject.toml keeps us below 6.12; this test catches a regression of the pin
or a new release with the same bug.
"""

from __future__ import annotations

import sys

import pytest


def test_none_refcount_is_steady_over_void_qt_calls() -> None:
    QtCore = pytest.importorskip("PySide6.QtCore")
    p = QtCore.QPointF(0.0, 0.0)
    for i in range(100):  # warm up caches that legitimately hold None
        p.setX(float(i))
    before = sys.getrefcount(None)
    for i in range(10_000):
        p.setX(float(i))
        p.setY(float(i))
    after = sys.getrefcount(None)
    assert abs(after - before) < 50, f"None refcount moved by {after - before} over 20,000 void calls"
