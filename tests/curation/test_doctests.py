"""The usage examples in the docstrings of the statistics, duplicate-review and lexicon modules run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["graph.stats", "graph.review", "graph.lexicon", "graph.paths", "gui.evidence"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
