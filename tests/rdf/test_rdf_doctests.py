"""The usage examples in the docstrings of the RDF, SPARQL, analytics and export modules run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "ontology",
    "graph.rdf",
    "graph.sparql",
    "graph.analytics",
    "graph.facts",
    "graph.export",
    "graph.export.palette",
    "graph.export.rdf_text",
    "graph.export.tables",
    "graph.export.html_page",
    "graph.export.synthetic",
    "graph.export.atomic",
    "graph.export.jsonld",
    "graph.export.positions",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
