"""Fixtures shared by the store tests."""

from __future__ import annotations

import pytest
from store_helpers import doc_a, doc_b

from graph.store import Store


@pytest.fixture
def store(tmp_path):
    """An empty store in a temporary file."""
    with Store(tmp_path / "g.db") as st:
        yield st


@pytest.fixture
def store_ab(store):
    """The store with :func:`doc_a` and :func:`doc_b` imported."""
    store.import_extraction(doc_a())
    store.import_extraction(doc_b())
    return store
