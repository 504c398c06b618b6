"""The SQLite store of a graph: documents, resolved entities, relations, user edits.

>>> from graph.store import Store, StoreError
>>> with Store(":memory:") as st:
...     st.documents()
[]
"""

from graph.store.store import Store, StoreError

__all__ = ["Store", "StoreError"]
