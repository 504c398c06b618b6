"""Zhitu's desktop explorer (PySide6).

Views observe a :class:`gui.state.GraphState` through Qt signals, napari-style;
the state talks to the graph only through :class:`graph.api.Workspace`.
"""
