"""GUI fixtures: a real graph database built once from the demo corpus, a main window on a copy."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from pathlib import Path

import pytest


def built_db(tmp_path_factory: pytest.TempPathFactory, corpus: Path, name: str) -> Path:
    """A graph database imported once from ``corpus`` (every file must import)."""
    from graph.api import Workspace

    db = tmp_path_factory.mktemp(name) / f"{name}.db"
    ws = Workspace(db)
    results = ws.import_paths([corpus])
    ws.close()
    assert results and all(r.status == "imported" for r in results), results
    return db


@pytest.fixture(scope="session")
def gui_demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import assets

    corpus = assets.path("demo", "corpus")
    if not corpus.is_dir():
        pytest.skip("the demo corpus is not in assets/demo/corpus")
    return built_db(tmp_path_factory, corpus, "guidemo")


@pytest.fixture(scope="session")
def build_db(tmp_path_factory: pytest.TempPathFactory):
    """:func:`built_db` for a test module's own corpus: ``build_db(corpus, name)``."""
    return lambda corpus, name: built_db(tmp_path_factory, corpus, name)


@pytest.fixture
def workspace(gui_demo_db: Path, tmp_path: Path):
    from graph.api import Workspace

    db = tmp_path / "g.db"
    shutil.copy(gui_demo_db, db)
    ws = Workspace(db)
    yield ws
    ws.close()


def _settle(qtbot, win) -> None:
    """Wait until the layout worker has delivered (no timing asserts: just readiness)."""
    qtbot.waitUntil(lambda: win.is_idle(), timeout=30000)
    qtbot.wait(10)


@pytest.fixture
def settle(qtbot):
    """``settle(window)``: wait for the layout worker (a fixture: conftest is not importable)."""
    return lambda win: _settle(qtbot, win)


@pytest.fixture
def window(qtbot, workspace, tmp_path: Path):
    from PySide6.QtCore import QSettings

    from gui.i18n import language
    from gui.main_window import MainWindow

    language().set("zh")
    settings = QSettings(str(tmp_path / "zhitu.ini"), QSettings.Format.IniFormat)
    win = MainWindow(workspace, settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    _settle(qtbot, win)
    yield win
    win.layouts.wait(10000)
    win.builder.wait(10000)
    if win.import_worker is not None:
        win.import_worker.wait(30000)


@pytest.fixture(autouse=True)
def messages(monkeypatch) -> list[tuple[str, str]]:
    """Message boxes are modal and would hang an offscreen run: record them instead."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[tuple[str, str]] = []
    for kind in ("warning", "critical", "information", "about", "question"):

        def fake(parent, title, text, *a, _kind=kind, **k):
            seen.append((_kind, text))
            return QMessageBox.StandardButton.Ok

        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake))
    return seen
