"""Shared fixtures: headless Qt, the seed reports beside the repo, a small built graph."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before any Qt import: there is no display in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared (seed reports and gold) is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    import assets

    return assets.path("demo", "corpus")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_dir: Path) -> Path:
    """A graph database built once from the demo corpus; copy it before writing to it."""
    from graph.pipeline import build
    from graph.store import Store

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store(db) as st:
        results = build([demo_dir], st)
    assert results and all(r.status == "imported" for r in results), results
    return db
