"""The meme's text in one place: the Details dock's Text tab, one field per caption, in the
order a reader reads them (top to bottom on the picture), so all the captions can be typed
without picking each one on the canvas.

The list shows `session.doc` and nothing else: its rows are matched to the captions by layer id
whenever the document changes, and a row's text is rewritten only when it differs from the
caption's, so the field being typed in keeps its cursor. Typing pushes the same text command as
typing on the canvas (`set_caption_text`); the keystrokes of one editing session fold into one
undo step, and a session ends when the field loses the focus or something else (an undo, the
canvas) changes the meme.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from maskmeme_gui.qt.following import follow_session
from maskmeme_gui.qt.icons import icon
from maskmeme_gui.qt.properties.fields import show_plain_text

# The model is imported where a meme is edited: the window shows before it is loaded.
if TYPE_CHECKING:
    from maskmeme_gui.model.events import DocumentChanged
    from maskmeme_gui.model.layers import CaptionLayer, Layer
    from maskmeme_gui.qt.session import DocumentSession

NO_MEME_TEXT = "<p><b>No meme open</b></p><p>Open a photo, paste one or pick a template.</p>"
NO_CAPTIONS_TEXT = "This meme has no captions yet. Add one to type its text here."
FIELD_LINES = (2, 5)  # a field shows at least, and grows to at most, this many lines

AddCaption = Callable[[str], "str | None"]  # the canvas's add-a-caption: text -> its id


def reading_order(layers: Sequence[Layer]) -> list[CaptionLayer]:
    """The captions as a reader meets them: top to bottom on the picture, then left to right
    (a caption's centre), then lowest in the stack first."""
    from maskmeme_gui.model.layers import CaptionLayer

    captions = [
        (layer.transform.y, layer.transform.x, index, layer)
        for index, layer in enumerate(layers)
        if isinstance(layer, CaptionLayer)
    ]
    return [layer for *_place, layer in sorted(captions, key=lambda entry: entry[:3])]


def caption_label(layer: CaptionLayer, number: int) -> str:
    """A row's label: the caption's own name (a template's slot, "Top") or its number."""
    label = layer.name or f"Caption {number}"
    return label if layer.visible else f"{label} (hidden)"


class CaptionField(QPlainTextEdit):
    """One caption's words. Tab moves on to the next field; a new line is a plain "\\n", as
    on the canvas; the field grows with its lines."""

    focused = Signal()
    left = Signal()

    def __init__(self, layer_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer_id = layer_id
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Type the caption…")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The meme's undo is the one undo: Ctrl+Z here goes to the window (qt/undo_keys.py).
        self.setUndoRedoEnabled(False)
        self.textChanged.connect(self._fit_height)
        self._fit_height()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        shifted = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and shifted:
            # QPlainTextEdit would insert U+2028 for Shift+Enter; captions use plain "\n".
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()  # a narrower dock wraps the words onto more lines

    def _fit_height(self) -> None:
        low, high = FIELD_LINES
        # The plain-text layout measures the document in lines, wrapped ones included.
        lines = min(high, max(low, round(self.document().size().height())))
        margins = self.contentsMargins()
        frame = 2 * round(self.document().documentMargin()) + margins.top() + margins.bottom()
        height = self.fontMetrics().lineSpacing() * lines + frame + 2
        if height != self.height():
            self.setFixedHeight(height)


class _CaptionRow(QWidget):
    def __init__(self, layer_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.field = CaptionField(layer_id, self)
        self.label.setBuddy(self.field)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.label)
        column.addWidget(self.field)

    def show_caption(self, layer: CaptionLayer, label: str, selected: bool) -> None:
        self.label.setText(label)
        self.field.setAccessibleName(f"{label} caption text")
        font = self.label.font()
        if font.bold() != selected:
            font.setBold(selected)  # the caption selected on the canvas
            self.label.setFont(font)
        self.field.blockSignals(True)
        try:
            show_plain_text(self.field, layer.text)
        finally:
            self.field.blockSignals(False)
        self.field._fit_height()  # its textChanged was blocked with the rest


class TextList(QWidget):
    """Every caption of the open meme as a field, top to bottom, and an Add caption button.

    The fields are built when a meme is first shown: until then the tab only says how to start,
    and the window opens sooner.
    """

    def __init__(self, add_caption: AddCaption, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._add_caption = add_caption
        self._session: DocumentSession | None = None
        self._rows: dict[str, _CaptionRow] = {}
        self._order: list[str] = []
        self._edit_session = 0
        self._pushing = False

        self.empty_label = QLabel(NO_MEME_TEXT, self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setEnabled(False)  # the palette's quieter text colour
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty_label)
        # After addWidget, which sets a page's contents margins to zero.
        self.empty_label.setContentsMargins(16, 24, 16, 16)
        self.scroll_area: QScrollArea | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _page(self) -> QScrollArea:
        if self.scroll_area is None:
            self.scroll_area = self._build_page()
            self.pages.addWidget(self.scroll_area)
        return self.scroll_area

    def _build_page(self) -> QScrollArea:
        page = QWidget()
        self._column = QVBoxLayout(page)
        self._column.setContentsMargins(8, 8, 8, 8)
        self._column.setSpacing(10)
        self.no_captions_label = QLabel(NO_CAPTIONS_TEXT, page)
        self.no_captions_label.setWordWrap(True)
        self.no_captions_label.setEnabled(False)
        self.add_button = QPushButton(icon("list-add"), "Add caption", page)
        self.add_button.setToolTip("A new caption on the meme, ready to type into")
        self.add_button.clicked.connect(self.add_caption)
        self._column.addWidget(self.no_captions_label)
        self._column.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return scroll

    # Session ---------------------------------------------------------------------------------

    @property
    def session(self) -> DocumentSession | None:
        return self._session

    def set_session(self, session: DocumentSession | None) -> None:
        follow_session(
            self._session,
            session,
            changed=self._on_changed,
            selection_changed=self._on_selection_changed,
        )
        self._session = session
        self._edit_session += 1
        self._sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.set_session(None)
        super().closeEvent(event)

    def fields(self) -> list[CaptionField]:
        """The fields, top to bottom as shown."""
        return [self._rows[layer_id].field for layer_id in self._order]

    def field(self, layer_id: str) -> CaptionField:
        return self._rows[layer_id].field

    # Following the model ---------------------------------------------------------------------

    def _on_changed(self, event: DocumentChanged) -> None:
        from maskmeme_gui.model.events import Change

        if not self._pushing:
            self._edit_session += 1  # an undo or a canvas edit came between two keystrokes
        if event.kind not in (Change.METADATA, Change.FACES):
            self._sync()

    def _on_selection_changed(self, _ids: list[str]) -> None:
        self._sync()

    def _sync(self) -> None:
        session = self._session
        if session is None:
            self._drop_rows(set(self._rows))
            self.pages.setCurrentWidget(self.empty_label)
            return
        page = self._page()
        captions = reading_order(session.doc.layers)
        order = [layer.id for layer in captions]
        self._drop_rows(set(self._rows) - set(order))
        selection = session.selection
        for number, layer in enumerate(captions, start=1):
            row = self._rows.get(layer.id) or self._new_row(layer.id)
            row.show_caption(layer, caption_label(layer, number), selection == [layer.id])
        if order != self._order:
            self._arrange(order)
        self.no_captions_label.setVisible(not order)
        self.pages.setCurrentWidget(page)

    def _new_row(self, layer_id: str) -> _CaptionRow:
        row = _CaptionRow(layer_id)
        self._rows[layer_id] = row
        field = row.field
        field.textChanged.connect(lambda: self._typed(layer_id, field.toPlainText()))
        field.focused.connect(lambda: self._field_focused(layer_id))
        field.left.connect(self._end_edit_session)
        return row

    def _drop_rows(self, layer_ids: set[str]) -> None:
        for layer_id in layer_ids:
            row = self._rows.pop(layer_id)
            row.hide()
            self._column.removeWidget(row)
            row.deleteLater()
        self._order = [i for i in self._order if i not in layer_ids]

    def _arrange(self, order: list[str]) -> None:
        """Put the rows in reading order, above the button; moving a row keeps its focus."""
        for index, layer_id in enumerate(order):
            row = self._rows[layer_id]
            self._column.removeWidget(row)
            self._column.insertWidget(index, row)
        self._order = order
        # Tab goes down the list as shown, not in the order the fields were made.
        chain = [*self.fields(), self.add_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    # Editing ---------------------------------------------------------------------------------

    def _end_edit_session(self) -> None:
        self._edit_session += 1

    def _typed(self, layer_id: str, text: str) -> None:
        from maskmeme_gui.model.commands import set_caption_text
        from maskmeme_gui.model.layers import CaptionLayer

        session = self._session
        if session is None:
            return
        layer = next((layer for layer in session.doc.layers if layer.id == layer_id), None)
        if not isinstance(layer, CaptionLayer) or layer.text == text:
            return
        self._pushing = True
        try:
            session.push(set_caption_text(layer_id, text, f"text list {self._edit_session}"))
        finally:
            self._pushing = False

    def _field_focused(self, layer_id: str) -> None:
        session = self._session
        if session is not None and session.selection != [layer_id]:
            session.select([layer_id])
        if self.scroll_area is not None:
            self.scroll_area.ensureWidgetVisible(self._rows[layer_id])

    def add_caption(self) -> None:
        """A new caption in the first free classic slot (the canvas's own operation), its field
        focused with the placeholder selected, so typing replaces it."""
        from maskmeme_gui.fileio.newlayers import PLACEHOLDER_TEXT

        layer_id = self._add_caption(PLACEHOLDER_TEXT)
        if layer_id is None or layer_id not in self._rows:
            return
        field = self._rows[layer_id].field
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()
