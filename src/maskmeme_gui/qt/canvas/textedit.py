"""In-place caption editing: the caption's own text, typed where it stands on the canvas.

The editor is a text item in the scene, placed over its caption: at its position and angle, in
its box's width, in its font at the size the caption is drawn, its fill, outline, alignment and
letter case. While it is open the caption's rendered sprite is hidden, so the person sees one
caption with a caret in it. Enter finishes, Shift+Enter starts a new line, Esc finishes too;
clicking anywhere else finishes.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFocusEvent,
    QFont,
    QFontDatabase,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextOption,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsTextItem, QStyleOptionGraphicsItem, QWidget

from maskmeme_gui.qt.canvas.chrome import CHROME_Z

if TYPE_CHECKING:
    from maskmeme_gui.model.layers import CaptionLayer
    from maskmeme_gui.render.text import CaptionLayout

EDITOR_HINT = "Enter finishes · Shift+Enter starts a new line · Esc finishes"
_CARET_PX = 2.0  # on screen, whatever the zoom
_OUTLINE_STEP_PX = 1.5  # on screen, between the copies of the text that make its outline
_FRAME = QColor("#2d8cff")
_ALIGNMENT = {
    "left": Qt.AlignmentFlag.AlignLeft,
    "center": Qt.AlignmentFlag.AlignHCenter,
    "right": Qt.AlignmentFlag.AlignRight,
}
# Where the lines' own width sits in the box, by alignment (a fraction of the room left).
_INSETS = {"left": 0.0, "center": 0.5, "right": 1.0}
_WRAP_SLACK = 1.02
_CAPITALIZATION = {
    "upper": QFont.Capitalization.AllUppercase,
    "lower": QFont.Capitalization.AllLowercase,
    "as_typed": QFont.Capitalization.MixedCase,
}


def _layout(layer: CaptionLayer) -> CaptionLayout:
    from maskmeme_gui.render.text import layout_caption

    return layout_caption(layer)


@cache
def _font_family(path: Path) -> str | None:
    """The family Qt knows the very file render/ draws the caption with."""
    index = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(index) if index >= 0 else []
    return families[0] if families else None


class CaptionText(QGraphicsTextItem):
    """A caption's text as Qt draws it, standing over the caption in its style: what the
    person sees while the text or the box changes faster than render/ redraws it."""

    def __init__(self, layer: CaptionLayer) -> None:
        super().__init__()
        self.layer_id = layer.id
        self._box = QRectF()  # the caption's box, in this item's coordinates
        self._outline = (QColor(), 0.0)  # colour and width, in this item's units
        self._screen_per_unit = 1.0
        self.setZValue(CHROME_Z - 1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        layout = _layout(layer)
        # Styled once, at the size the caption has now; a later "fit" size is a scale of the
        # item, so the outline stays in proportion and the text's undo holds only typing.
        self._font_px = max(1, layout.font_size)
        self._style(layer, self._font_px, layout.stroke_width)
        self.document().clearUndoRedoStacks()  # the set-up is not an edit one could undo

    def _style(self, layer: CaptionLayer, font_px: int, stroke_px: int) -> None:
        from maskmeme_gui.render.fonts import primary_face

        font = QFont()
        family = _font_family(primary_face(layer.font_id).path)
        if family is not None:
            font.setFamily(family)
        font.setPixelSize(font_px)
        font.setCapitalization(_CAPITALIZATION[layer.letter_case])
        self.setFont(font)
        self.setDefaultTextColor(QColor(layer.fill))
        option = QTextOption(_ALIGNMENT[layer.align])
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document = self.document()
        document.setDefaultTextOption(option)
        document.setDocumentMargin(stroke_px)
        document.setPlainText(layer.text)
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        # The caption's line spacing, as a proportion of the font's own.
        block = QTextBlockFormat()
        block.setLineHeight(
            max(1.0, layer.line_spacing * 100),
            QTextBlockFormat.LineHeightTypes.ProportionalHeight.value,
        )
        cursor.mergeBlockFormat(block)
        self._outline = (QColor(layer.stroke), float(stroke_px))

    def stand_over(self, layer: CaptionLayer, zoom: float = 1.0) -> None:
        """Stand over the caption as it is now (its box, place, angle, and the size and line
        breaks render/ gives its text now); `zoom` is the view's."""
        layout = _layout(layer)
        factor = max(1, layout.font_size) / self._font_px
        scale = layer.transform.scale
        box_width, box_height = layer.box_width * scale / factor, layer.box_height * scale / factor
        # render/ balances the lines; wrapping in the width of its widest line breaks them
        # where it does (with a little room, as Qt measures letters a hair differently).
        widest = max((line.width for line in layout.lines), default=0.0)
        text_width = box_width
        if widest > 0:
            ink = widest + 2 * layout.stroke_width
            text_width = min(box_width, (ink * _WRAP_SLACK + 2) / factor)
        self._screen_per_unit = zoom * factor
        self._follow_zoom(self._screen_per_unit)
        self.setTextWidth(text_width)
        text_height = self.document().size().height()
        inset = (box_width - text_width) * _INSETS[layer.align]
        self.prepareGeometryChange()
        self._box = QRectF(-inset, (text_height - box_height) / 2, box_width, box_height)
        # Centred on the caption's position, sized, then turned about it (as its sprite is).
        centred = QTransform.fromTranslate(inset - box_width / 2, -text_height / 2)
        sized = QTransform.fromScale(factor, factor)
        self.setTransform(centred * sized * QTransform().rotate(layer.transform.rotation))
        self.setPos(layer.transform.x, layer.transform.y)

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
        self._paint_outline(painter)
        super().paint(painter, option, widget)  # type: ignore[arg-type]  # Qt takes a null widget

    def _paint_outline(self, painter: QPainter) -> None:
        """The outline as render/ draws it: all outside the letters, the fill untouched (a
        text outline pen of Qt's would cover half the fill). The text is drawn in the outline
        colour at points around a circle of the outline's width, under the text itself."""
        colour, radius = self._outline
        if radius <= 0:
            return
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(context.palette)
        palette.setColor(QPalette.ColorRole.Text, colour)
        context.palette = palette
        layout = self.document().documentLayout()
        screen_radius = radius * self._screen_per_unit
        steps = max(8, min(64, math.ceil(2 * math.pi * screen_radius / _OUTLINE_STEP_PX)))
        for step in range(steps):
            angle = 2 * math.pi * step / steps
            painter.save()
            painter.translate(radius * math.cos(angle), radius * math.sin(angle))
            layout.draw(painter, context)
            painter.restore()

    def _follow_zoom(self, screen_per_unit: float) -> None:
        """How many screen pixels one unit of this item is (editors size their caret by it)."""


class CaptionEditor(CaptionText):
    text_edited = Signal(str)
    finished = Signal()

    def __init__(self, layer: CaptionLayer) -> None:
        super().__init__(layer)
        self._done = False
        self.setAcceptedMouseButtons(Qt.MouseButton.AllButtons)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.setTabChangesFocus(True)  # captions hold no tabs: Tab moves on, as in a form
        self.setToolTip(EDITOR_HINT)
        self.document().contentsChanged.connect(
            lambda: self.text_edited.emit(self.toPlainText())
        )
        self.select_all()  # typing replaces a placeholder such as "YOUR TEXT"

    def select_all(self) -> None:
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def _follow_zoom(self, screen_per_unit: float) -> None:
        caret = max(1, round(_CARET_PX / screen_per_unit))
        self.document().documentLayout().setProperty("cursorWidth", caret)

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
