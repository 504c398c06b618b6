"""PyInstaller runtime hook: a stand-in for ``IPython.display`` in the bundle.

pyvis imports ``IPython.display.IFrame`` at module level only for notebook
display; the app never shows a notebook, and bundling IPython (with jedi) costs
tens of MB, so build.spec excludes it and this hook provides the one name.
"""

import sys
import types

try:
    import IPython.display  # noqa: F401
except ImportError:

    class IFrame:  # the signature pyvis calls; never rendered outside a notebook
        def __init__(self, src: str, width: object, height: object, **kwargs: object) -> None:
            self.src, self.width, self.height = src, width, height

    _ipython = types.ModuleType("IPython")
    _display = types.ModuleType("IPython.display")
    _display.IFrame = IFrame
    _ipython.display = _display
    sys.modules.setdefault("IPython", _ipython)
    sys.modules.setdefault("IPython.display", _display)
