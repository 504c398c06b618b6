"""End-to-end through the ``zhitu`` command line, on real temporary databases."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.cli import main

REPORT = (
    "2024年5月，月之暗面（Moonshot AI）完成新一轮融资，由阿里巴巴领投，红杉中国、腾讯跟投。\n"
    "月之暗面推出的Kimi智能助手基于其自研的Moonshot大模型。\n"
    "百度发布文心一言大模型。\n"
)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "reports"
    d.mkdir()
    (d / "a.txt").write_text(REPORT, encoding="utf-8")
    return d


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_prints_the_contract_without_a_database(corpus: Path, capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    code, out, _ = run(capsys, "extract", str(corpus / "a.txt"), "--format", "json")
    assert code == 0
    data = json.loads(out)
    (doc,) = data["documents"]
    assert doc["doc"] == "a.txt"
    names = {e["name"] for e in doc["entities"]}
    assert {"月之暗面", "百度"} <= names
    for e in doc["entities"]:
        assert set(e) >= {"name", "type", "types", "aliases"}
    for r in doc["relations"]:
        assert set(r) >= {"s", "p", "o", "confidence", "evidence"}
        assert 0 < r["confidence"] <= 1
    assert ("百度", "develops") in {(r["s"], r["p"]) for r in doc["relations"]}
    assert not (tmp_path / "xdg").exists()


def test_build_search_stats_query_export(corpus: Path, capsys, tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    code, out, _ = run(capsys, "build", str(corpus), "--db", str(db))
    assert code == 0 and "imported" in out

    code, out, _ = run(capsys, "build", str(corpus), "--db", str(db))
    assert code == 0 and "unchanged" in out

    code, out, _ = run(capsys, "search", "暗面", "--db", str(db))
    assert code == 0 and "月之暗面" in out
    code, out, _ = run(capsys, "search", "moonshot", "--db", str(db))
    assert code == 0 and "月之暗面" in out

    code, out, _ = run(capsys, "stats", "--db", str(db), "--format", "json")
    stats = json.loads(out)
    assert stats["documents"] == 1 and stats["entities"] >= 4

    code, out, _ = run(
        capsys, "query", "SELECT ?m WHERE { ?c zt:develops ?m . ?c rdfs:label ?l FILTER(str(?l) = '百度') }", "--db", str(db)
    )
    assert code == 0, out
    assert len(out.strip().splitlines()) >= 2

    code, _, err = run(capsys, "query", "DELETE WHERE { ?s ?p ?o }", "--db", str(db))
    assert code != 0 and "read-only" in err.lower()

    out_file = tmp_path / "g.ttl"
    assert run(capsys, "export", "--format", "turtle", "-o", str(out_file), "--db", str(db))[0] == 0
    import rdflib

    assert len(rdflib.Graph().parse(out_file, format="turtle")) > 10

    csv_dir = tmp_path / "neo4j"
    assert run(capsys, "export", "--format", "csv", "-o", str(csv_dir), "--db", str(db))[0] == 0
    files = sorted(p.name for p in csv_dir.iterdir())
    assert any("node" in f for f in files) and any("edge" in f or "rel" in f for f in files)
    for f in csv_dir.iterdir():
        rows = list(csv.reader(f.open(encoding="utf-8")))
        assert len(rows) >= 2


def test_edit_rename_and_undo(corpus: Path, capsys, tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    run(capsys, "build", str(corpus), "--db", str(db))
    assert run(capsys, "edit", "rename", "百度", "百度公司", "--db", str(db))[0] == 0
    assert "百度公司" in run(capsys, "search", "百度", "--db", str(db))[1]
    assert run(capsys, "edit", "undo", "--db", str(db))[0] == 0
    out = run(capsys, "search", "百度", "--db", str(db))[1]
    assert "百度公司" not in out and "百度" in out


def test_errors_are_clear_and_nonzero(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "stats", "--db", str(tmp_path / "missing.db"))
    assert code != 0 and "no graph" in err
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    code, _, err = run(capsys, "stats", "--db", str(bad))
    assert code != 0 and "bad.db" in err
    code, _, err = run(capsys, "extract", str(tmp_path / "nope.txt"))
    assert code != 0
    code, _, err = run(capsys, "export", "--format", "nope", "-o", str(tmp_path / "x"), "--db", str(bad))
    assert code != 0 and "unknown format" in err


def test_help_documents_every_command(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for cmd in ("build", "extract", "export", "query", "search", "stats", "path", "edit", "gui"):
        assert cmd in out


def test_build_into_a_big_graph_caches_its_metrics(corpus: Path, capsys, tmp_path: Path, monkeypatch) -> None:
    import graph.api
    from graph.store import Store, metrics

    monkeypatch.setattr(graph.api, "LARGE_ENTITIES", 2)  # the small corpus stands in for a big graph
    db = tmp_path / "big.db"
    code, out, _ = run(capsys, "build", str(corpus), "--db", str(db), "--jobs", "1")
    assert code == 0 and "cached for the explorer" in out
    with Store(db) as st:
        assert metrics.is_fresh(st) and len(metrics.load(st)) == len(st.snapshot().nodes)
