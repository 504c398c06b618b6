"""House rules that keep the layout honest: graph/ never imports Qt, gui/ holds no SQL, ruff is clean."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _sources(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.py"))


def test_graph_never_imports_qt() -> None:
    bad = [p for p in _sources("graph") if re.search(r"^\s*(from|import)\s+(PySide6|PyQt\d|shiboken6)", p.read_text(encoding="utf-8"), re.M)]
    assert not bad, f"Qt imported in graph/: {bad}"


def test_gui_holds_no_sql() -> None:
    pattern = re.compile(r"\bimport\s+sqlite3|\bsqlite_utils\b|\b(SELECT|INSERT|UPDATE|DELETE)\s+.+\b(FROM|INTO|SET)\b")
    bad = [p for p in _sources("gui") if pattern.search(p.read_text(encoding="utf-8"))]
    assert not bad, f"SQL in gui/: {bad}"


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff not installed")
    res = subprocess.run([ruff, "check", "--no-cache", str(REPO)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-3000:]
