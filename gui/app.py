"""Entry point: ``zhitu-gui`` and ``zhitu gui [--db FILE]``.

``--smoke`` opens the graph, builds the window, processes events and exits 0
(the bundle test uses it); ``--screenshot PNG`` saves the laid-out window and exits.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)


def choose_cjk_font(app) -> str | None:
    """Make an installed CJK font the application font, so that labels are never boxes."""
    from PySide6.QtGui import QFont, QFontDatabase

    families = set(QFontDatabase.families())
    for fam in CJK_FAMILIES:
        if fam in families:
            f = QFont(fam)
            f.setPointSizeF(max(app.font().pointSizeF(), 9.5))
            app.setFont(f)
            return fam
    # no known name: any family that claims Simplified Chinese
    for fam in sorted(families):
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(fam):
            app.setFont(QFont(fam))
            return fam
    return None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="zhitu-gui", description="Zhitu 知图: explore the AI-industry graph")
    ap.add_argument(
        "--db", type=Path, help="graph database (default: your Zhitu graph; first run builds the demo)"
    )
    ap.add_argument("--smoke", action="store_true", help="open, build the window, process events, exit 0")
    ap.add_argument("--screenshot", type=Path, metavar="PNG", help="save the laid-out window to PNG and exit")
    ap.add_argument("--select", metavar="NAME", help="select this entity first (with --screenshot)")
    ap.add_argument("--lang", choices=("zh", "en"), help="interface language")
    ap.add_argument("--size", default="1600x960", help="window size WxH (with --screenshot)")
    ap.add_argument(
        "--overview",
        action="store_true",
        help="open on an overview of the most central entities whatever the size (big graphs always do)",
    )
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from gui.platform_check import check_xcb

    problem = check_xcb()  # before Qt loads its platform plugin and aborts with rc 134
    if problem:
        print(problem, file=sys.stderr, end="")
        return 3
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("Zhitu")
    QCoreApplication.setApplicationName("Zhitu")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    choose_cjk_font(app)

    from graph.api import demo_corpus, needs_demo, open_workspace
    from gui.i18n import language
    from gui.main_window import MainWindow

    first_run = needs_demo(args.db)
    try:
        ws = open_workspace(args.db, demo_if_new=False)
        if args.overview:
            ws.use_overview(True)
        # read it once here (a big graph: its overview), so damaged rows fail now, with the message below
        ws.overview(10) if ws.is_large() else ws.snapshot()
    except Exception as e:  # StoreError: locked, corrupt, newer schema; says which file
        print(f"zhitu-gui: {e}", file=sys.stderr)
        if not (args.smoke or args.screenshot):
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "Zhitu 知图", str(e))
        return 1
    settings = QSettings()
    if args.lang:
        settings.setValue("language", args.lang)
        language().set(args.lang)
    win = MainWindow(ws, settings)
    headless = args.smoke or args.screenshot is not None
    if args.screenshot is not None:
        w, _, h = args.size.partition("x")
        win.resize(int(w), int(h))
    win.show()
    if first_run:  # build the demo graph on the import worker, behind a progress bar
        win.import_paths([str(demo_corpus())])
    if headless:
        _settle(app, win)
        if args.select:
            iri = win.search.search_and_choose(args.select)
            if iri:
                _settle(app, win)
                win.canvas.fit()
        app.processEvents()
        if args.screenshot is not None:
            args.screenshot.parent.mkdir(parents=True, exist_ok=True)
            ok = win.grab().save(str(args.screenshot))
            print(f"screenshot: {args.screenshot}" if ok else "screenshot failed", file=sys.stderr)
        n = len(win.state.full.nodes)
        print(f"zhitu-gui: {n} entities, {len(win.state.full.edges)} relations", file=sys.stderr)
        win.close()
        ws.close()
        return 0
    rc = app.exec()
    ws.close()
    return rc


def _settle(app, win, timeout: float = 30.0) -> None:
    """Process events until the layout worker has delivered, then fit the view."""
    import time

    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        app.processEvents()
        importing = win.import_worker is not None and win.import_worker.isRunning()
        if win.is_idle() and not importing:
            break
        time.sleep(0.01)
    app.processEvents()
    win.canvas.fit()
    app.processEvents()


if __name__ == "__main__":
    sys.exit(main())
