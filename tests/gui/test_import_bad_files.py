"""Importing hostile files in the window: the import finishes, each bad file is named
with what is wrong with it, and the good file is imported."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
import hostile  # noqa: E402  (tests/ingest/hostile.py: the same generated inputs)


def test_import_names_every_bad_file(window, qtbot, tmp_path, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda parent, title, text, *a, **k: warnings.append(text))
    )
    crashes: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda parent, title, text, *a, **k: crashes.append(text))
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("2024年5月，百度发布了文心大模型4.0。\n", encoding="utf-8")
    (folder / "filter.pdf").write_bytes(hostile.unknown_filter_pdf())  # NotImplementedError inside pypdf
    (folder / "bomb.docx").write_bytes(hostile.docx_bomb(24 << 20))
    (folder / "tiny.md").write_bytes(b"\x8f\x12")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
    with qtbot.waitSignal(window.import_finished, timeout=120000) as sig:
        window.import_paths([str(folder)])
    statuses = {r.doc: r.status for r in sig.args[0]}
    assert statuses.pop("good.txt") == "imported"
    assert set(statuses.values()) == {"failed"}
    assert not crashes, crashes
    (text,) = warnings
    for name, phrase in [
        ("filter.pdf", "Unsupported filter"),
        ("bomb.docx", "decompression bomb"),
        ("tiny.md", "too short"),
    ] + ([("pipe.txt", "FIFO")] if hasattr(os, "mkfifo") else []):
        line = next(ln for ln in text.splitlines() if name in ln)
        assert phrase in line, line
