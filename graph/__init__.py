"""Zhitu's model: ingestion, extraction, resolution, store, RDF, analytics, export, CLI.

Nothing in this package imports Qt: the GUI in ``gui/`` observes it through
:mod:`graph.api`.
"""

__version__ = "0.1.0"
