"""The network canvas (QGraphicsView) and its legend."""

from gui.canvas.legend import Legend
from gui.canvas.scene import CanvasGraph, EdgeSpec, NodeSpec
from gui.canvas.view import CanvasBuilder, GraphCanvas

__all__ = ["CanvasBuilder", "CanvasGraph", "EdgeSpec", "GraphCanvas", "Legend", "NodeSpec"]
