"""In-place caption editing: the caption's own text, typed where it stands on the canvas.

The editor is a text item in the scene, placed over its caption: at its position and angle, in
its box's width, in its font at the size the caption is drawn, its fill, outline, alignment and
letter case. While it is open the caption's rendered sprite is hidden, so the person sees one
caption with a caret in it. Enter finishes, Shift+Enter starts a new line, Esc finishes too;
clicking anywhere else finishes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontDatabase,
    QKeyEvent,
    QPainter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsTextItem, QStyleOptionGraphicsItem, QWidget

from maskmeme_gui.qt.canvas.chrome import CHROME_Z

if TYPE_CHECKING:
    from maskmeme_gui.model.layers import CaptionLayer

EDITOR_HINT = "Enter finishes · Shift+Enter starts a new line · Esc finishes"
_CARET_PX = 2.0  # on screen, whatever the zoom
_FRAME = QColor("#2d8cff")
_ALIGNMENT = {
    "left": Qt.AlignmentFlag.AlignLeft,
    "center": Qt.AlignmentFlag.AlignHCenter,
    "right": Qt.AlignmentFlag.AlignRight,
}
_CAPITALIZATION = {
    "upper": QFont.Capitalization.AllUppercase,
    "lower": QFont.Capitalization.AllLowercase,
    "as_typed": QFont.Capitalization.MixedCase,
}


@cache
def _font_family(path: Path) -> str | None:
    """The family Qt knows the very file render/ draws the caption with."""
    index = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(index) if index >= 0 else []
    return families[0] if families else None


class CaptionEditor(QGraphicsTextItem):
    text_edited = Signal(str)
    finished = Signal()

    def __init__(self, layer: CaptionLayer) -> None:
        super().__init__()
        self.layer_id = layer.id
        self._done = False
        self._box = QRectF()  # the caption's box, in this item's coordinates
        self._style_key: tuple[object, ...] = ()
        self.setZValue(CHROME_Z - 1)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.setToolTip(EDITOR_HINT)
        document = self.document()
        document.setDocumentMargin(0)
        document.setPlainText(layer.text)
        # The caption's line spacing, as a proportion: it stays right as "fit" resizes the text.
        block = QTextBlockFormat()
        block.setLineHeight(
            max(1.0, layer.line_spacing * 100),
            QTextBlockFormat.LineHeightTypes.ProportionalHeight.value,
        )
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(block)
        document.clearUndoRedoStacks()  # the set-up is not an edit the person could undo
        document.contentsChanged.connect(lambda: self.text_edited.emit(self.toPlainText()))
        self.select_all()  # typing replaces a placeholder such as "YOUR TEXT"

    def select_all(self) -> None:
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def follow(self, layer: CaptionLayer, font_px: float, stroke_px: float, zoom: float) -> None:
        """Stand over the caption as it is now: `font_px` and `stroke_px` are the size and
        outline it is drawn with (canvas pixels), `zoom` the view's, for the caret's width."""
        scale = layer.transform.scale
        width, height = layer.box_width * scale, layer.box_height * scale
        key = (layer.font_id, font_px, stroke_px, layer.fill, layer.stroke, layer.align,
               layer.letter_case, width)  # fmt: skip
        if key != self._style_key:
            self._style_key = key
            self._restyle(layer, font_px, stroke_px, width)
        self.document().documentLayout().setProperty("cursorWidth", max(1, round(_CARET_PX / zoom)))
        text_height = self.document().size().height()
        self.prepareGeometryChange()
        self._box = QRectF(0, (text_height - height) / 2, width, height)
        # Centred on the caption's position, then turned about it (as its sprite is).
        centred = QTransform.fromTranslate(-width / 2, -text_height / 2)
        self.setTransform(centred * QTransform().rotate(layer.transform.rotation))
        self.setPos(layer.transform.x, layer.transform.y)

    def _restyle(self, layer: CaptionLayer, font_px: float, stroke_px: float, width: float) -> None:
        from maskmeme_gui.render.fonts import primary_face

        font = QFont()
        family = _font_family(primary_face(layer.font_id).path)
        if family is not None:
            font.setFamily(family)
        font.setPixelSize(max(1, round(font_px)))
        font.setCapitalization(_CAPITALIZATION[layer.letter_case])
        self.setFont(font)
        self.setDefaultTextColor(QColor(layer.fill))
        option = QTextOption(_ALIGNMENT[layer.align])
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document = self.document()
        document.setDefaultTextOption(option)
        document.setDocumentMargin(stroke_px)
        self.setTextWidth(width)
        # The outline goes on every character, and on what is typed next (the cursor's format).
        outline = QTextCharFormat()
        outline.setTextOutline(QPen(QColor(layer.stroke), stroke_px))
        undo = document.isUndoRedoEnabled()
        document.setUndoRedoEnabled(False)  # a restyle is no edit of the text
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        blocker = document.blockSignals(True)
        cursor.mergeCharFormat(outline)
        cursor.mergeBlockCharFormat(outline)
        document.blockSignals(blocker)
        document.setUndoRedoEnabled(undo)
        typing = self.textCursor()
        typing.mergeCharFormat(outline)
        self.setTextCursor(typing)

    def boundingRect(self) -> QRectF:
        return super().boundingRect().united(self._box)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        # The box the text wraps in, so the person sees where the lines will break.
        pen = QPen(_FRAME, 1.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawRect(self._box)
        super().paint(painter, option, widget)  # type: ignore[arg-type]  # Qt takes a null widget

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                # Shift+Enter would insert U+2028; captions use plain "\n".
                self.textCursor().insertText("\n")
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
