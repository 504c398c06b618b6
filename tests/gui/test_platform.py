"""Launch anywhere: the xcb library check, the README's package line, a real X11 start."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui import platform_check

ROOT = Path(__file__).resolve().parents[2]


def test_readme_names_exactly_the_checked_packages() -> None:
    lines = [
        ln
        for ln in (ROOT / "README.md").read_text("utf-8").splitlines()
        if ln.startswith("sudo apt-get install ")
    ]
    assert len(lines) == 1, "the README gives one package line"
    assert lines[0].split()[3:] == platform_check.gui_packages()


def test_missing_library_names_its_package_and_exits_nonzero(monkeypatch, capsys, tmp_path: Path) -> None:
    from gui import app

    monkeypatch.setattr(platform_check, "_loads", lambda soname: soname != "libxcb-keysyms.so.1")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    rc = app.main(["--smoke", "--db", str(tmp_path / "g.db")])
    err = capsys.readouterr().err
    assert rc != 0
    assert "libxcb-keysyms1" in err and "sudo apt-get install" in err
    assert not (tmp_path / "g.db").exists()  # stopped before opening anything


def test_offscreen_is_not_checked(monkeypatch) -> None:
    monkeypatch.setattr(platform_check, "_loads", lambda soname: False)
    assert platform_check.check_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}) is None
    assert "libxcb-cursor0" in (platform_check.check_xcb({"QT_QPA_PLATFORM": "xcb"}) or "")


def test_real_xcb_window_starts_under_xvfb(tmp_path: Path) -> None:
    """The xcb plugin really loads (CI installs the README's packages and xvfb via .ci/run)."""
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        if os.environ.get("CI"):
            pytest.fail("xvfb-run missing: .ci/run installs xvfb")
        pytest.skip("xvfb-run not installed")
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.pop("WAYLAND_DISPLAY", None)
    proc = subprocess.run(
        [xvfb, "-a", sys.executable, "-m", "gui.app", "--smoke", "--db", str(tmp_path / "g.db")],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "zhitu-gui: 0 entities" in proc.stderr
    assert "Could not load the Qt platform plugin" not in proc.stderr
