"""Build the installable app with PyInstaller (``build.spec``) and start the built binary offscreen.

Slow (a build takes over a minute), so it runs only where PyInstaller is
installed (``pip install -e '.[build]'``); CI with only ``.[test]`` skips it.
Everything, PyInstaller's own cache included, goes under pytest's tmp dir.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("PyInstaller") is None, reason="PyInstaller not installed (extra: build)"
)


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),  # a first run: no graph yet, so the app builds the demo graph
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        TMPDIR=str(tmp),  # jieba caches its prefix dictionary in the temp dir
        PYINSTALLER_CONFIG_DIR=str(tmp / "pyinstaller-cache"),
    )
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("bundle")
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(tmp / "dist"),
        "--workpath",
        str(tmp / "build"),
        str(REPO / "build.spec"),
    ]
    proc = subprocess.run(cmd, cwd=tmp, env=_env(tmp), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    exe = tmp / "dist" / "zhitu" / ("zhitu.exe" if sys.platform == "win32" else "zhitu")
    assert exe.is_file(), sorted(p.name for p in (tmp / "dist").rglob("*"))[:50]
    return exe


def _run(exe: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    tmp = exe.parents[2]
    return subprocess.run(
        [str(exe), *args], cwd=tmp, env=_env(tmp), capture_output=True, text=True, timeout=timeout
    )


def test_bundle_loads_data_plugins_and_entry_points(bundle: Path) -> None:
    """spaCy zh with the jieba segmenter, opencc, rdflib's Turtle plugin, pyvis templates, igraph, assets."""
    proc = _run(bundle, "--bundle-check")
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    assert "FAIL" not in proc.stdout
    assert re.search(r"ok +spacy zh\+jieba: .*月之暗面", proc.stdout), proc.stdout


def test_bundle_smoke_opens_demo_graph(bundle: Path) -> None:
    """First run in an empty home: the app builds the demo graph, paints it, and exits 0."""
    proc = _run(bundle, "--smoke")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    counts = [int(n) for n in re.findall(r"(\d+)\s*(?:nodes|entities)", out)]
    assert counts and max(counts) > 0, out[-3000:]


def test_bundle_runs_cli(bundle: Path, tmp_path: Path) -> None:
    """The same binary scripts like the ``zhitu`` command: build the demo corpus into a db."""
    db = tmp_path / "demo.db"
    proc = _run(bundle, "build", str(REPO / "assets" / "demo"), "--db", str(db))
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    assert re.search(r"graph: [1-9]\d* entities", proc.stdout), proc.stdout
