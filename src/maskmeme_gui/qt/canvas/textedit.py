"""In-place caption editing: a small text box floating just under the caption on the canvas.

It sits beside the caption rather than over it, so the caption itself (re-rendered by render/
after every keystroke) stays visible while typing. Enter finishes, Shift+Enter starts a new line,
Esc finishes too; clicking anywhere else finishes.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QWidget

EDITOR_HINT = "Enter finishes · Shift+Enter starts a new line · Esc finishes"
_MIN_WIDTH = 260
_GAP = 8  # between the caption and the editor, and from the viewport's edges
_ABOVE_GAP = 40  # above a caption, leave its rotate knob free
_MAX_LINES = 6

_STYLE = """
QPlainTextEdit#captionEditor {
    background: rgba(28, 30, 34, 238);
    color: #ffffff;
    selection-background-color: #2d8cff;
    border: 1px solid #2d8cff;
    border-radius: 6px;
    padding: 4px 6px;
}
"""


class CaptionEditor(QPlainTextEdit):
    text_edited = Signal(str)
    finished = Signal()

    def __init__(self, layer_id: str, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.layer_id = layer_id
        self._done = False
        self.setObjectName("captionEditor")
        self.setStyleSheet(_STYLE)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setToolTip(EDITOR_HINT)
        self.setPlaceholderText("Type the caption")
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = self.font()
        font.setPointSizeF(max(11.0, font.pointSizeF() * 1.1))
        self.setFont(font)
        self.setPlainText(text)
        self.selectAll()  # typing replaces a placeholder such as "YOUR TEXT"
        self.textChanged.connect(lambda: self.text_edited.emit(self.toPlainText()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                # QPlainTextEdit would insert U+2028 for Shift+Enter; captions use plain "\n".
                self.insertPlainText("\n")
            else:
                self.finish()
            return
        if key == Qt.Key.Key_Escape:
            self.finish()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # Its own context menu, or switching to another window for a moment, is not "away".
        if event.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.finish()

    def finish(self) -> None:
        if not self._done:
            self._done = True
            self.finished.emit()

    def preferred_height(self) -> int:
        lines = min(_MAX_LINES, max(2, self.document().blockCount() + 1))
        margins = self.contentsMargins()
        frame = 2 * int(self.document().documentMargin()) + margins.top() + margins.bottom()
        return self.fontMetrics().lineSpacing() * lines + frame + 10

    def place_near(self, caption: QRect, viewport: QSize) -> None:
        """Under the caption's box if there is room, else above it, always inside the view."""
        width = min(max(_MIN_WIDTH, caption.width()), max(1, viewport.width() - 2 * _GAP))
        height = self.preferred_height()
        left = caption.center().x() - width // 2
        top = caption.bottom() + _GAP
        if top + height > viewport.height() - _GAP:
            top = caption.top() - _ABOVE_GAP - height
        left = max(_GAP, min(left, viewport.width() - _GAP - width))
        top = max(_GAP, min(top, viewport.height() - _GAP - height))
        self.setGeometry(QRect(left, top, width, height))
