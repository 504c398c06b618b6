"""Node positions for exports that carry them (GraphML x/y, GEXF viz, Cytoscape, HTML).

The GUI passes its canvas positions; the CLI has none, so it computes the same force
layout the canvas uses (python-igraph Fruchterman-Reingold, small components packed
around the main one) at the same scale.

>>> from graph.model import Edge, Node, Snapshot
>>> snap = Snapshot({i: Node(i, i, ("Company",)) for i in "abc"}, (Edge("r1", "a", "partnersWith", "b", 1.0),))
>>> sorted(export_layout(snap))
['a', 'b', 'c']
"""

from __future__ import annotations

import math

from graph.model import Snapshot

Pos = dict[str, tuple[float, float]]


def layout_scale(n: int) -> float:
    """Layout radius in scene units (pixels in the HTML page): ~60 units between neighbours."""
    return max(250.0, 38.0 * math.sqrt(max(n, 1)))


def export_layout(snapshot: Snapshot, seed: int = 7) -> Pos:
    """A force layout ``{iri: (x, y)}`` of every node, deterministic for a given ``seed``."""
    from graph.analytics import layout, pack_components, spread

    if not snapshot.nodes:
        return {}
    scale = layout_scale(len(snapshot.nodes))
    pos = layout(snapshot, "force", seed=seed, scale=scale)
    return spread(pack_components(snapshot, pos), scale)
