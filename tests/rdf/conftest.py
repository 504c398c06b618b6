"""Fixtures for the RDF tests: the hostile snapshot from graph.export.synthetic."""

from __future__ import annotations

import pytest

from graph.export.synthetic import hostile_snapshot
from graph.model import Snapshot


@pytest.fixture
def hostile() -> Snapshot:
    return hostile_snapshot()
