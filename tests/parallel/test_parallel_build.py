"""Serial, --jobs 2 and --dask local builds give the same graph; bad files fail alone."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from graph.cli import main
from graph.pipeline import build
from graph.store import Store
from graph.store.dump import dump_store

# two small seeds next to the demo corpus, where ../shared is present
SEEDS = ("002_7b9ac7543aed0d98.txt", "004_8051d81125516f75.txt")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, demo_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(demo_dir, root / "demo")
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    for name in SEEDS:
        if (seeds / name).is_file():
            shutil.copy(seeds / name, root / name)
    # files that fail in a worker: an empty text and a PDF that is not one
    (root / "zz_empty.txt").write_text("   \n", encoding="utf-8")
    (root / "zz_broken.pdf").write_bytes(b"not a pdf at all")
    return root


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> tuple[Path, list]:
    db = tmp_path_factory.mktemp("serial") / "serial.db"
    with Store(db) as st:
        results = build([corpus], st, jobs=1)
    return db, results


def _outcome(results: list) -> list[tuple[str, str]]:
    return [(r.doc, r.status) for r in results]


def test_extraction_pickles(demo_dir: Path) -> None:
    from graph.ingest import read_document
    from graph.parallel import extract_path

    path = sorted(demo_dir.iterdir())[0]
    status, ex = extract_path(str(path))
    assert status == "ok"
    back = pickle.loads(pickle.dumps(ex))
    assert back.to_json() == ex.to_json() and back.doc.blocks == ex.doc.blocks
    # the writer gets how many blocks there were (it stores that), not their text
    assert len(back.doc.blocks) == len(read_document(path).blocks) > 0
    with pytest.raises(TypeError, match="number of a document's blocks"):
        back.doc.blocks[0]


def test_jobs_2_same_store_as_serial(tmp_path: Path, corpus: Path, serial: tuple[Path, list]) -> None:
    db = tmp_path / "jobs2.db"
    with Store(db) as st:
        results = build([corpus], st, jobs=2)
    assert _outcome(results) == _outcome(serial[1])
    failed = {r.doc: r.message for r in results if r.status == "failed"}
    assert set(failed) == {"zz_empty.txt", "zz_broken.pdf"}
    assert all(name in msg for name, msg in failed.items())
    assert dump_store(db) == dump_store(serial[0])
    assert sum(r.status == "imported" for r in results) >= 2


def test_dask_local_same_store_as_serial(
    tmp_path: Path, corpus: Path, serial: tuple[Path, list], capsys
) -> None:
    pytest.importorskip("dask.distributed")
    db = tmp_path / "dask.db"
    rc = main(["build", str(corpus), "--db", str(db), "--dask", "local"])
    out, err = capsys.readouterr()
    assert rc == 0
    assert "zz_broken.pdf" in err and "zz_empty.txt" in err
    assert dump_store(db) == dump_store(serial[0])


def test_dask_missing_says_how_to_install(tmp_path: Path, demo_dir: Path, monkeypatch, capsys) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as if not installed
    rc = main(["build", str(demo_dir), "--db", str(tmp_path / "x.db"), "--dask", "local"])
    assert rc == 2
    assert "pip install 'zhitu[cluster]'" in capsys.readouterr().err


def test_jobs_must_be_positive(tmp_path: Path, demo_dir: Path, capsys) -> None:
    assert main(["build", str(demo_dir), "--db", str(tmp_path / "x.db"), "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err
