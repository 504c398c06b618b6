"""Data the app ships: patterns and gazetteers, the demo corpus, icons, styles.

Kept as a package so the files install with the wheel and bundle with PyInstaller.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """Absolute path of a file under ``assets/``.

    >>> path("patterns").name
    'patterns'
    """
    return ROOT.joinpath(*parts)
