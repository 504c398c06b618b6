"""graph.layout: discs pushed apart until none overlap; when a view change keeps its layout."""

from __future__ import annotations

import doctest
import random

import graph.layout
from graph.layout import needs_fresh_layout, overlapping_pairs, remove_overlaps


def test_doctests() -> None:
    assert doctest.testmod(graph.layout).failed == 0


def test_a_dense_blob_comes_apart_and_far_nodes_stay() -> None:
    r = random.Random(3)
    pos = {f"n{i}": (r.uniform(0, 300), r.uniform(0, 300)) for i in range(400)}
    pos["far"] = (5000.0, 5000.0)
    radii = {i: r.uniform(7, 28) for i in pos}
    assert len(overlapping_pairs(pos, radii)) > 500
    out = remove_overlaps(pos, radii, gap=4.0)
    assert set(out) == set(pos)
    assert overlapping_pairs(out, radii, gap=4.0) == []
    # the blob was scaled up first: the far node keeps its direction from the blob
    assert out["far"][0] > max(x for k, (x, _) in out.items() if k != "far")


def test_a_few_overlaps_move_only_their_nodes() -> None:
    pos = {"a": (0.0, 0.0), "b": (5.0, 0.0), "c": (200.0, 0.0), "d": (0.0, 300.0)}
    radii = dict.fromkeys(pos, 10.0)
    out = remove_overlaps(pos, radii)
    assert overlapping_pairs(out, radii, gap=4.0) == []
    assert out["c"] == pos["c"] and out["d"] == pos["d"]


def test_pinned_nodes_do_not_move() -> None:
    pos = {"a": (0.0, 0.0), "b": (1.0, 1.0), "c": (2.0, 0.0)}
    radii = dict.fromkeys(pos, 10.0)
    out = remove_overlaps(pos, radii, fixed={"b"})
    assert out["b"] == (1.0, 1.0)
    assert overlapping_pairs(out, radii) == []


def test_incremental_only_for_small_changes() -> None:
    known = {f"n{i}" for i in range(100)}
    assert not needs_fresh_layout(known, known | {"x", "y", "z"})  # expand
    assert not needs_fresh_layout(known, known - {"n1", "n2"})  # hide two
    assert needs_fresh_layout({"n1", "n2", "n3"}, known)  # show all after an ego view
    assert needs_fresh_layout(known, {f"n{i}" for i in range(20)})  # a filter that leaves a fifth
