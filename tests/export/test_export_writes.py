"""Writes that are cut short or cannot happen: the previous file survives, the message is clear."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.cli import main
from graph.export import FORMATS, ExportError, ExportWriteError, Format, _stream, export
from graph.export.synthetic import synthetic_snapshot

REPO = Path(__file__).resolve().parents[2]

# the child builds a big snapshot, then exports it over OUT (a second or so of writing)
_CHILD = """
import sys
from graph.export import export
from graph.export.synthetic import synthetic_snapshot
snap = synthetic_snapshot(int(sys.argv[3]), int(sys.argv[3]) * 3 // 2, seed=1)
print("ready", flush=True)
export(snap, sys.argv[1], sys.argv[2])
print("done", flush=True)
"""


@pytest.mark.parametrize(
    "fmt,name,size", [("turtle", "g.ttl", 30_000), ("graphml", "g.graphml", 10_000), ("csv", "g.csv", 30_000)]
)
def test_export_killed_mid_write_leaves_the_previous_file(
    tmp_path: Path, fmt: str, name: str, size: int
) -> None:
    small = synthetic_snapshot(20, 20, seed=9)
    before = {p: p.read_bytes() for p in export(small, fmt, tmp_path / name)}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, fmt, str(tmp_path / name), str(size)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        # wait until the temporary file beside the target has data: the write is under way
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            parts = [p for p in tmp_path.iterdir() if p.name.endswith(".part") and p.stat().st_size > 0]
            if parts or child.poll() is not None:
                break
            time.sleep(0.005)
        assert parts, "the export finished or never started writing"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    for path, data in before.items():
        assert path.read_bytes() == data, f"{path.name} changed by a killed export"


def test_failed_write_leaves_the_previous_file_and_no_temporary(tmp_path: Path, monkeypatch) -> None:
    snap = synthetic_snapshot(20, 20, seed=9)
    (out,) = export(snap, "turtle", tmp_path / "g.ttl")
    old = out.read_bytes()

    def disk_full(snapshot, f) -> int:  # the disk fills up half way through
        f.write("@prefix zt: <x> .\n")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setitem(FORMATS, "turtle", Format("turtle", ".ttl", "Turtle", _stream(disk_full), rdf=True))
    with pytest.raises(ExportWriteError, match="g.ttl: no space left on the device"):
        export(snap, "turtle", out)
    assert out.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_refuses_to_export_over_its_own_database(demo_db: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "same.db"
    db.write_bytes(demo_db.read_bytes())
    before = db.read_bytes()
    for argv in (["-f", "turtle", "-o", str(db)], ["-f", "ttl", "-o", str(tmp_path / "." / "same.db")]):
        code, _, err = _run(capsys, "export", *argv, "--db", str(db))
        assert code == 1 and "open graph database" in err and "Traceback" not in err, err
    assert db.read_bytes() == before
    with pytest.raises(ExportError, match="open graph database"):
        export(synthetic_snapshot(5, 5), "csv", tmp_path / "x", protect=[tmp_path / "x" / "nodes.csv"])


def test_cli_unwritable_targets_give_a_message_naming_the_path(demo_db: Path, tmp_path: Path, capsys) -> None:
    cases = {
        str(tmp_path / "missing" / "g.ttl"): "does not exist",
        "/dev/full": "not a regular file",
        str(tmp_path): None,  # a folder: the default file name inside it
    }
    for target, reason in cases.items():
        code, _, err = _run(capsys, "export", "-f", "nt", "-o", target, "--db", str(demo_db))
        if reason is None:
            assert code == 0 and (tmp_path / "zhitu.nt").is_file()
        else:
            assert code == 1 and target in err and reason in err and "Traceback" not in err, err
    if os.geteuid() != 0:  # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        code, _, err = _run(capsys, "export", "-o", str(ro / "g.ttl"), "--db", str(demo_db))
        assert code == 1 and "permission denied" in err


def test_cli_formats_aliases_and_extension(demo_db: Path, tmp_path: Path, capsys) -> None:
    for argv, name in (
        (["-f", "ttl"], "a.out"),
        (["-f", "nt"], "b.out"),
        (["-f", "nq"], "c.out"),
        ([], "d.graphml"),
        ([], "e.jsonld"),
        ([], "f.html"),
    ):
        code, _, err = _run(capsys, "export", *argv, "-o", str(tmp_path / name), "--db", str(demo_db))
        assert code == 0 and (tmp_path / name).stat().st_size > 0, err
    assert (tmp_path / "a.out").read_text(encoding="utf-8").startswith("@prefix")
    code, _, err = _run(capsys, "export", "-o", str(tmp_path / "x.db"), "--db", str(demo_db))
    assert code == 1 and "cannot tell the format" in err
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "nquads" in capsys.readouterr().out


def test_cli_writes_positions_for_graph_formats(demo_db: Path, tmp_path: Path, capsys) -> None:
    import networkx as nx

    assert _run(capsys, "export", "-o", str(tmp_path / "g.graphml"), "--db", str(demo_db))[0] == 0
    G = nx.read_graphml(tmp_path / "g.graphml")
    xy = {(d["x"], d["y"]) for _, d in G.nodes(data=True)}
    assert len(xy) == G.number_of_nodes() > 10


def test_cli_says_when_the_html_page_keeps_only_the_most_connected(
    demo_db: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    from graph.export import html_page

    monkeypatch.setattr(html_page, "MAX_NODES", 10)
    code, _, err = _run(capsys, "export", "-o", str(tmp_path / "g.html"), "--db", str(demo_db))
    assert code == 0 and "most connected" in err and "10" in err
    assert "most connected" in (tmp_path / "g.html").read_text(encoding="utf-8")


def test_next_export_sweeps_what_a_killed_one_left(tmp_path: Path):
    from graph.export.atomic import STALE_SECONDS, atomic_text

    target = tmp_path / "g[1].ttl"  # glob characters in the name are taken literally
    old = tmp_path / ".g[1].ttl.abc123.part"  # a killed export's leftover
    fresh = tmp_path / ".g[1].ttl.def456.part"  # another export still writing
    other = tmp_path / ".h.ttl.abc123.part"  # another target's
    for p in (old, fresh, other):
        p.write_text("half", encoding="utf-8")
    past = time.time() - STALE_SECONDS - 60
    os.utime(old, (past, past))
    os.utime(other, (past, past))
    with atomic_text(target) as f:
        f.write("whole")
    assert target.read_text(encoding="utf-8") == "whole"
    assert not old.exists() and fresh.exists() and other.exists()
