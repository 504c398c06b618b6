"""The command line on bad input: one clear line per problem, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import main

REPO = Path(__file__).resolve().parents[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "g.db"
    shutil.copy(demo_db, copy)
    return copy


def test_build_reports_every_file_and_goes_on(tmp_path: Path, capsys) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("百度发布文心一言大模型，阿里巴巴投资了月之暗面。\n", encoding="utf-8")
    (d / "b.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj trailer << >>")
    (d / "c.docx").write_bytes(b"PK\x03\x04 broken zip")
    (d / "d.md").write_bytes(b"\xff\xfe\x00")
    if hasattr(os, "mkfifo"):
        os.mkfifo(d / "e.txt")
    code, out, err = run(capsys, "build", str(d), "--db", str(tmp_path / "g.db"))
    assert code == 0, err
    assert "imported  a.txt" in out
    for name in ("b.pdf", "c.docx", "d.md") + (("e.txt",) if hasattr(os, "mkfifo") else ()):
        line = next(ln for ln in err.splitlines() if name in ln)
        assert line.startswith("failed"), line
        assert line.count(name) == 1 and str(d / name) in line, line  # the whole path, once
    assert "Traceback" not in err


def test_build_help_and_empty_folder_name_every_suffix(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    for suffix in (".txt", ".md", ".html", ".pdf", ".docx", ".tsv", ".csv"):
        assert suffix in out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "build", str(empty), "--db", str(tmp_path / "g.db"))
    assert code == 1 and ".tsv" in err and "no supported files" in err


@pytest.mark.parametrize(
    "argv, phrase",
    [
        (["add-edge", "百度", "pwns", "月之暗面"], "unknown relation 'pwns'"),
        (["retype", "百度", "Alien"], "unknown or no types ['Alien']"),
        (["rename", "百度", " "], "a label must not be empty"),
        (["merge", "百度", "百度"], "are the same entity"),
        (["delete-edge", "x99"], "not an edge id"),
    ],
)
def test_edit_mistakes_are_explained(db: Path, capsys, argv: list[str], phrase: str) -> None:
    code, _, err = run(capsys, "edit", *argv, "--db", str(db))
    assert code == 1
    assert err.startswith(f"zhitu: error: edit {argv[0]}:") and phrase in err, err


def test_query_limits_in_the_cli(db: Path, capsys) -> None:
    code, out, err = run(capsys, "query", "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "3", "--db", str(db))
    assert code == 0 and len(out.splitlines()) == 4  # header + 3 rows
    assert "only the first 3 rows" in err
    code, _, err = run(
        capsys, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "--timeout", "0.5", "--db", str(db),
    )  # fmt: skip
    assert code == 1 and "time limit" in err


def test_output_into_a_closed_pipe_is_not_a_traceback(db: Path) -> None:
    # many rows, a reader that takes one line and goes: the writer gets EPIPE
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "query", "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "0", "--db", str(db)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_extract_goes_past_a_file_the_extractor_fails_on(tmp_path: Path, capsys, monkeypatch) -> None:
    import graph.extract

    real = graph.extract.get_extractor()

    class Flaky:
        def extract(self, doc):
            if doc.name == "a.txt":
                raise KeyError("extractor bug")
            return real.extract(doc)

    monkeypatch.setattr(graph.extract, "get_extractor", lambda: Flaky())
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("百度发布文心一言大模型。\n", encoding="utf-8")
    code, out, err = run(capsys, "extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert code == 0 and '"doc": "b.txt"' in out
    assert "a.txt: extraction failed (KeyError" in err
