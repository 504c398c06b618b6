"""Before Qt loads its xcb platform plugin: are the system libraries it links against there?

Without them Qt prints ``Could not load the Qt platform plugin "xcb"`` and aborts
(rc 134), which tells a new user nothing about what to install. The table below is
what ``ldd`` shows PySide6's ``plugins/platforms/libqxcb.so`` (and ``libQt6XcbQpa``)
needing from the system on Debian 12, with the Debian package of each soname; the
README's install line is made of exactly these packages (a test keeps them in step).

>>> missing_packages(loader=lambda soname: soname != "libxcb-icccm.so.4")
['libxcb-icccm4']
>>> missing_packages(loader=lambda soname: True)
[]
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# soname -> Debian 12 package (the GUI's whole system-library need on Linux)
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
# not a library, but without a CJK font every Chinese label is a row of boxes
FONT_PACKAGE = "fonts-wqy-microhei"


def gui_packages() -> list[str]:
    """The Debian packages the GUI needs on Linux, in the README's order."""
    return [*dict.fromkeys(XCB_LIBRARIES.values()), FONT_PACKAGE]


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_packages(
    libraries: Mapping[str, str] = XCB_LIBRARIES, loader: Callable[[str], bool] | None = None
) -> list[str]:
    """Packages whose library ``loader`` (default: the dynamic linker) cannot load."""
    loader = loader or _loads
    return list(dict.fromkeys(pkg for soname, pkg in libraries.items() if not loader(soname)))


def wants_xcb(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """True when Qt is about to pick its xcb plugin: Linux, an X display, no other platform asked for.

    >>> wants_xcb({"DISPLAY": ":0"}, "linux")
    True
    >>> wants_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux")
    False
    >>> wants_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    True
    """
    if not platform.startswith("linux"):
        return False
    qpa = environ.get("QT_QPA_PLATFORM", "").strip()
    if qpa:
        return qpa.split(":", 1)[0].split(";", 1)[0] == "xcb"
    # a Wayland session lets Qt try its wayland plugin first
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def advice(missing: list[str]) -> str:
    return (
        "zhitu-gui: Qt's X11 (xcb) platform needs system libraries that are not installed.\n"
        f"Missing packages: {' '.join(missing)}\n"
        "Install everything the GUI needs (Debian/Ubuntu):\n"
        f"  sudo apt-get install {' '.join(gui_packages())}\n"
    )


def display_error(display: str | None = None) -> str | None:
    """Why libxcb cannot connect to the X display (Qt would abort on it), or None."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return "libxcb.so.1 missing"
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode() if display else None, None)
    try:
        err = xcb.xcb_connection_has_error(conn)
    finally:
        xcb.xcb_disconnect(conn)
    return (
        None if err == 0 else f"cannot connect to the X display {display or os.environ.get('DISPLAY', '')!r}"
    )


def check_xcb(environ: Mapping[str, str] = os.environ) -> str | None:
    """The message to print and exit with when xcb would fail to load, else None."""
    if not wants_xcb(environ):
        return None
    missing = missing_packages()
    if missing:
        return advice(missing)
    err = display_error(environ.get("DISPLAY") or None)
    if err:
        return f"zhitu-gui: {err}; set DISPLAY, or QT_QPA_PLATFORM=offscreen to run without a screen.\n"
    return None
