"""Layout post-processing that keeps a picture readable: no two discs overlap.

Force layouts place centres, not discs: with node radii of 7-28 scene units, linked
pairs and hub neighbourhoods overlap. :func:`remove_overlaps` pushes discs apart
until every pair is at least the sum of their radii (plus a gap) apart, moving
only nodes that overlap. :func:`needs_fresh_layout` decides whether a view
change is small enough to keep the old positions (incremental) or not.

>>> pos = remove_overlaps({"a": (0.0, 0.0), "b": (1.0, 0.0)}, {"a": 10.0, "b": 10.0})
>>> overlapping_pairs(pos, {"a": 10.0, "b": 10.0})
[]
>>> round(pos["b"][0] - pos["a"][0]) >= 20
True
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

Pos = dict[str, tuple[float, float]]


def _grid(xs: list[float], ys: list[float], cell: float) -> dict[tuple[int, int], list[int]]:
    grid: dict[tuple[int, int], list[int]] = {}
    for i in range(len(xs)):
        grid.setdefault((int(math.floor(xs[i] / cell)), int(math.floor(ys[i] / cell))), []).append(i)
    return grid


_HALF = ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1))  # each neighbouring cell pair visited once


def _pairs_within(xs: list[float], ys: list[float], cell: float):
    """Index pairs (i, j) whose centres share or neighbour a grid cell."""
    grid = _grid(xs, ys, cell)
    for (cx, cy), members in grid.items():
        for dx, dy in _HALF:
            other = grid.get((cx + dx, cy + dy))
            if other is None:
                continue
            if dx == 0 and dy == 0:
                for a in range(len(members)):
                    for b in range(a + 1, len(members)):
                        yield members[a], members[b]
            else:
                for i in members:
                    for j in other:
                        yield i, j


def _pairs_touching(xs: list[float], ys: list[float], cell: float, active: set[int]):
    """Index pairs (i, j), i in ``active``, whose centres share or neighbour a grid cell; each once."""
    grid = _grid(xs, ys, cell)
    for i in sorted(active):
        cx, cy = int(math.floor(xs[i] / cell)), int(math.floor(ys[i] / cell))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for j in grid.get((cx + dx, cy + dy), ()):
                    if j != i and not (j < i and j in active):
                        yield i, j


def _count_overlaps(
    xs: list[float], ys: list[float], rs: list[float], gap: float, cell: float, limit: int
) -> int:
    """Overlapping pairs, counted up to ``limit`` (enough to tell "dense" from "a few")."""
    found = 0
    for i, j in _pairs_within(xs, ys, cell):
        if math.hypot(xs[i] - xs[j], ys[i] - ys[j]) < rs[i] + rs[j] + gap:
            found += 1
            if found >= limit:
                break
    return found


def overlapping_pairs(
    pos: Mapping[str, tuple[float, float]], radii: Mapping[str, float], gap: float = 0.0
) -> list[tuple[str, str]]:
    """Pairs of nodes whose discs are closer than the sum of their radii plus ``gap``.

    >>> overlapping_pairs({"a": (0.0, 0.0), "b": (15.0, 0.0), "c": (99.0, 0.0)}, {"a": 10, "b": 10, "c": 1})
    [('a', 'b')]
    """
    ids = list(pos)
    if not ids:
        return []
    xs = [pos[i][0] for i in ids]
    ys = [pos[i][1] for i in ids]
    rs = [float(radii.get(i, 0.0)) for i in ids]
    cell = 2 * max(rs) + gap or 1.0
    out = []
    for i, j in _pairs_within(xs, ys, cell):
        if math.hypot(xs[i] - xs[j], ys[i] - ys[j]) < rs[i] + rs[j] + gap - 1e-9:
            out.append((ids[i], ids[j]) if ids[i] < ids[j] else (ids[j], ids[i]))
    return sorted(out)


def remove_overlaps(
    pos: Mapping[str, tuple[float, float]],
    radii: Mapping[str, float],
    *,
    gap: float = 4.0,
    fixed: Collection[str] = (),
    max_iter: int = 80,
) -> Pos:
    """Positions where every two discs are at least ``r_i + r_j + gap`` apart.

    A picture with more overlapping pairs than a quarter of its nodes (a force
    layout's dense core) is first scaled up about its centre, shape kept, so that the
    sweeps stay local. Then overlapping pairs are pushed apart along the line joining
    them, a little past touching so that sweeps settle fast (each half the way; a
    ``fixed`` node, e.g. a pinned one, does not move and its partner goes all the way),
    sweep after sweep; nodes that overlap nothing stay where they are. If the sweeps
    do not settle, the nodes still crowded are spread about their centre a little and
    the sweeps resume, so the result never overlaps.
    Deterministic; nodes missing from ``radii`` count as points.

    >>> p = remove_overlaps({"a": (0.0, 0.0), "b": (0.0, 0.0), "c": (0.0, 0.0)}, dict.fromkeys("abc", 5.0))
    >>> overlapping_pairs(p, dict.fromkeys("abc", 5.0), gap=4.0)
    []
    >>> remove_overlaps({"a": (0.0, 0.0), "b": (3.0, 0.0)}, {"a": 5.0, "b": 5.0}, fixed={"a"})["a"]
    (0.0, 0.0)
    """
    ids = list(pos)
    n = len(ids)
    if n < 2:
        return {i: (float(p[0]), float(p[1])) for i, p in pos.items()}
    xs = [float(pos[i][0]) for i in ids]
    ys = [float(pos[i][1]) for i in ids]
    rs = [float(radii.get(i, 0.0)) for i in ids]
    still = [i in fixed for i in ids]
    cell = 2 * max(rs) + gap or 1.0
    # nodes on the very same spot have no direction to be pushed in: fan them out first
    seen: dict[tuple[float, float], int] = {}
    for k in range(n):
        key = (xs[k], ys[k])
        m = seen.get(key, 0)
        seen[key] = m + 1
        if m and not still[k]:
            a = 2.399963 * m  # golden angle
            d = 0.5 * (rs[k] + gap) * math.sqrt(m)
            xs[k] += d * math.cos(a)
            ys[k] += d * math.sin(a)
    # a force layout's dense core (hundreds of thousands of overlapping pairs at 5k nodes)
    # would take minutes of sweeps: first scale the picture up until overlaps are local
    mov_all = [k for k in range(n) if not still[k]]
    for _ in range(30):
        if not mov_all or _count_overlaps(xs, ys, rs, gap, cell, limit=n // 4 + 1) <= n // 4:
            break
        _scale_about_centre(xs, ys, mov_all, 1.25)
    active = set(range(n))
    for _round in range(40):
        for _ in range(max_iter):
            # only pairs with a node that moved last sweep can overlap anew
            crowded: set[int] = set()
            for i, j in _pairs_touching(xs, ys, cell, active):
                need = rs[i] + rs[j] + gap
                dx, dy = xs[j] - xs[i], ys[j] - ys[i]
                d = math.hypot(dx, dy)
                if d >= need:
                    continue
                if still[i] and still[j]:
                    continue
                if d < 1e-9:
                    dx, dy, d = 1.0, 0.0, 1.0
                push = (need - d) * 1.5 + 1e-6  # overshoot: settles in ~10 sweeps, not ~100
                ux, uy = dx / d, dy / d
                wi = 0.0 if still[i] else (1.0 if still[j] else 0.5)
                wj = 1.0 - wi if not still[j] else 0.0
                xs[i] -= ux * push * wi
                ys[i] -= uy * push * wi
                xs[j] += ux * push * wj
                ys[j] += uy * push * wj
                crowded.update((i, j))
            if not crowded:
                return {ids[k]: (xs[k], ys[k]) for k in range(n)}
            active = crowded
        # did not settle: spread the still crowded nodes about their centre by 15%, sweep again
        _scale_about_centre(xs, ys, [k for k in crowded if not still[k]], 1.15)
        active = set(range(n))
    return {ids[k]: (xs[k], ys[k]) for k in range(n)}


def _scale_about_centre(xs: list[float], ys: list[float], ks: list[int], f: float) -> None:
    """Move the points ``ks`` away from their centre by the factor ``f`` (none: nothing moves)."""
    if not ks:
        return
    cx = sum(xs[k] for k in ks) / len(ks)
    cy = sum(ys[k] for k in ks) / len(ks)
    for k in ks:
        xs[k] = cx + (xs[k] - cx) * f
        ys[k] = cy + (ys[k] - cy) * f


def needs_fresh_layout(known: Collection[str], view: Collection[str]) -> bool:
    """True when a view changed too much for an incremental layout.

    Incremental (keep the old spots, place newcomers beside their neighbours) while at
    most a third of the view is new and the view kept at least 60% of what was laid out;
    otherwise (ego of a big graph, show all after an ego view, a one-document filter)
    a fresh layout of the new view reads better than holes or a crowd at the edge.

    >>> needs_fresh_layout(set("abcdefghij"), set("abcdefghijk"))   # one neighbour added
    False
    >>> needs_fresh_layout(set("ab"), set("abcdefghij"))            # show all after an ego view
    True
    >>> needs_fresh_layout(set("abcdefghij"), set("abc"))           # a filter left a few
    True
    """
    view = set(view)
    if not view or not known:
        return True
    kept = len(view & set(known))
    new = len(view) - kept
    return new > max(2, len(view) // 3) or kept < 0.6 * len(known)
