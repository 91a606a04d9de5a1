"""The canvas editor at the centre of the main window (see view.CanvasView)."""

from maskmeme_gui.qt.canvas.view import CanvasView

__all__ = ["CanvasView"]
