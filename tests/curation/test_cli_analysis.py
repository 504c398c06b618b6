"""zhitu top / review / reextract on a small graph built from sentences written for the test."""

from __future__ import annotations

from pathlib import Path

from graph.cli import main


def test_top_review_and_reextract(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text(
        "百度发布了文心一言。阿里巴巴发布了通义千问。百度与阿里巴巴合作。\n", encoding="utf-8"
    )
    db = str(tmp_path / "g.db")
    assert main(["build", str(tmp_path / "a.txt"), "--db", db]) == 0
    capsys.readouterr()
    assert main(["top", "--db", db, "-n", "2"]) == 0
    out = capsys.readouterr().out
    assert "betweenness:" in out and "百度" in out
    assert main(["review", "--db", db]) == 0
    assert main(["reextract", "--db", db]) == 0
    assert "replaced  a.txt" in capsys.readouterr().out
