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


@pytest.fixture
def edited(demo_db, tmp_path):
    """A copy of the demo graph with a user edit of each kind on it: a merge of two hubs,
    a deleted and an added edge, a retype and a rename."""
    import shutil
    from collections import Counter

    db = tmp_path / "edited.db"
    shutil.copy(demo_db, db)
    st = Store(db)
    snap = st.snapshot()
    deg = Counter(x for e in snap.edges for x in (e.s, e.o))
    (a, _), (b, _), (c, _) = deg.most_common(3)
    st.merge(a, b)  # two hubs become one: their edges join, an edge between them disappears
    st.delete_edge(st.snapshot().edges[0].id)
    st.add_edge(a, "partnersWith", c)
    st.retype(c, ["Investor"])
    st.rename(a, "合并后的枢纽")
    yield st
    st.close()
