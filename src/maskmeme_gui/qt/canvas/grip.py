"""A small "drag to share" handle in the canvas corner: drag it to a chat app or a folder and
the finished meme goes there as a PNG."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

GRIP_TIP = (
    "Drag the finished meme into a chat, an e-mail or a folder as a PNG.\n"
    "You can also Alt+drag anywhere on the canvas."
)

_STYLE = """
QToolButton#dragGrip {
    background: rgba(24, 26, 30, 200);
    color: rgba(255, 255, 255, 225);
    border: 1px solid rgba(255, 255, 255, 40);
    border-radius: 12px;
    padding: 3px 11px;
}
QToolButton#dragGrip:hover { background: rgba(45, 140, 255, 220); }
"""


class DragGrip(QToolButton):
    pressed_to_drag = Signal()  # a drag may follow: time to get the picture ready
    drag_started = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("dragGrip")
        self.setText("⠿  Drag to share")
        self.setToolTip(GRIP_TIP)
        self.setStyleSheet(_STYLE)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._press: QPoint | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            self.pressed_to_drag.emit()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return
        moved = (event.position().toPoint() - self._press).manhattanLength()
        if moved >= QApplication.startDragDistance():
            self._press = None
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            self.drag_started.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)
