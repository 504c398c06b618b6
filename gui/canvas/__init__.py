"""The network canvas (QGraphicsView) and its legend."""

from gui.canvas.legend import Legend
from gui.canvas.scene import CanvasGraph, EdgeSpec, NodeSpec
from gui.canvas.view import GraphCanvas

__all__ = ["CanvasGraph", "EdgeSpec", "GraphCanvas", "Legend", "NodeSpec"]
