"""The properties panel: the editable properties of the selected layer.

Edits show at once (every keystroke, every slider step is a command on the session) yet each
editing session is one undo step: commands carry the merge key `field:layer:session`, and the
session counter moves on whenever an edit gesture ends — the edited widget loses the focus, a
slider is released, a click-like edit is made, another layer is selected, or something else
(an undo, the canvas) changes the layer. The panel mirrors the model with its widgets' signals
blocked, so following an undo never pushes a command back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from maskmeme_gui.qt.actions import TOOL_ACTIONS
from maskmeme_gui.qt.following import follow_session
from maskmeme_gui.qt.layers_panel import layer_icon

# The model is imported where a meme is edited: the window shows before it is loaded.
if TYPE_CHECKING:
    from maskmeme_gui.model.commands import Command
    from maskmeme_gui.model.events import DocumentChanged
    from maskmeme_gui.model.layers import Layer
    from maskmeme_gui.qt.properties.sections import (
        CaptionStyleSection,
        CaptionTextSection,
        LayerSection,
        Section,
        StickerSection,
        TearStyleSection,
    )
    from maskmeme_gui.qt.session import DocumentSession

NO_MEME_TEXT = "<p><b>No meme open</b></p><p>Open a photo, paste one or pick a template.</p>"
_KIND_NAMES = {"caption": "Caption", "tears": "Tears", "sticker": "Sticker"}
_LAYER_TOOLS = ("caption", "tear-stream", "tear-drop", "sticker")


def _no_selection_text() -> str:
    tools = ", ".join(
        f"{spec.text} ({spec.shortcut})" for spec in TOOL_ACTIONS if spec.id in _LAYER_TOOLS
    )
    return (
        "<p><b>Select a layer to edit it</b></p>"
        "<p>Click a caption, a tear or a sticker on the canvas, or pick one in the Layers list."
        f"</p><p>Add new layers with the tools in the toolbar: {tools}.</p>"
    )


class PropertiesPanel(QWidget):
    """The selected layer's properties; with several layers selected, what they share.

    The editor (its sections, the font list behind them) is built when a layer is first
    selected: until then the panel only says how to start, and the window opens sooner.
    """

    caption_text: CaptionTextSection
    caption_style: CaptionStyleSection
    tear_style: TearStyleSection
    sticker: StickerSection
    layer: LayerSection

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: DocumentSession | None = None
        self._edit_session = 0
        self._pushing = False

        self.header = self._build_header()
        self.sections: tuple[Section, ...] = ()
        self.scroll_area: QScrollArea | None = None
        self.empty_label = QLabel(NO_MEME_TEXT, self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setEnabled(False)  # the palette's quieter text colour

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty_label)
        # After addWidget, which sets a page's contents margins to zero.
        self.empty_label.setContentsMargins(16, 24, 16, 16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_focus_changed)
        self._refresh()

    def _build_header(self) -> QWidget:
        header = QWidget(self)
        self.icon_label = QLabel(header)
        self.title_label = QLabel(header)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        title_font = self.title_label.font()
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        # A long caption must not widen the dock: the title is cut instead.
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.detail_label = QLabel(header)
        self.detail_label.setEnabled(False)
        row = QHBoxLayout(header)
        row.setContentsMargins(8, 6, 8, 2)
        row.setSpacing(8)
        row.addWidget(self.icon_label)
        row.addWidget(self.title_label, 1)
        row.addWidget(self.detail_label)
        return header

    def _editor(self) -> QScrollArea:
        if self.scroll_area is None:
            self.scroll_area = self._build_editor()
            self.pages.addWidget(self.scroll_area)
        return self.scroll_area

    def _build_editor(self) -> QScrollArea:
        from maskmeme_gui.qt.properties.sections import (
            CaptionStyleSection,
            CaptionTextSection,
            LayerSection,
            StickerSection,
            TearStyleSection,
        )

        selected = self._selected_layers
        self.caption_text = CaptionTextSection(selected)
        self.caption_style = CaptionStyleSection(selected)
        self.tear_style = TearStyleSection(selected)
        self.sticker = StickerSection(selected)
        self.layer = LayerSection(selected)
        self.sections = (
            self.caption_text,
            self.caption_style,
            self.tear_style,
            self.sticker,
            self.layer,
        )
        editor = QWidget()
        column = QVBoxLayout(editor)
        column.setContentsMargins(6, 4, 6, 6)
        column.setSpacing(8)
        for section in self.sections:
            section.edited.connect(self._apply)
            section.finished.connect(self._end_edit_session)
            column.addWidget(section)
        column.addStretch(1)
        self._align_label_columns()
        scroll = QScrollArea(self)
        scroll.setWidget(editor)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return scroll

    def _align_label_columns(self) -> None:
        """One label column for all groups, so their fields line up down the panel."""
        labels = [
            label
            for section in self.sections
            for row in range(section.form.rowCount())
            if (item := section.form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
            and isinstance(label := item.widget(), QLabel)
        ]
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

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
        self._end_edit_session()
        self._refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.set_session(None)
        super().closeEvent(event)

    def _selected_layers(self) -> list[Layer]:
        return self._session.selected_layers() if self._session is not None else []

    # Following the model ---------------------------------------------------------------------

    def _on_selection_changed(self, _ids: list[str]) -> None:
        self._end_edit_session()
        self._refresh()

    def _on_changed(self, event: DocumentChanged) -> None:
        from maskmeme_gui.model.events import Change

        if not self._pushing:
            self._end_edit_session()  # an undo or a canvas edit came between two of ours
        if event.kind in (Change.LAYERS, Change.DOCUMENT):  # a band change moves every layer
            self._refresh()
        elif event.kind in (Change.CONTENT, Change.TRANSFORM):
            shown = {layer.id for layer in self._selected_layers()}
            if shown & set(event.layer_ids):
                self._refresh()

    def _refresh(self) -> None:
        layers = self._selected_layers()
        self.header.setVisible(bool(layers))
        if not layers:
            self.empty_label.setText(
                NO_MEME_TEXT if self._session is None else _no_selection_text()
            )
            self.pages.setCurrentWidget(self.empty_label)
            return
        self._show_header(layers)
        editor = self._editor()
        for section in self.sections:
            applies = section.applies_to(layers)
            if applies:
                section.show_layers(layers)
            section.setVisible(applies)
        self.pages.setCurrentWidget(editor)

    def _show_header(self, layers: Sequence[Layer]) -> None:
        self.icon_label.setVisible(len(layers) == 1)
        if len(layers) > 1:
            self.title_label.setText(f"{len(layers)} layers selected")
            self.detail_label.clear()
            self.header.setToolTip("Changes here apply to all the selected layers")
            return
        layer = layers[0]
        self.icon_label.setPixmap(layer_icon(layer.kind).pixmap(20, 20))
        self.title_label.setText(layer.display_name())
        kind = _KIND_NAMES.get(layer.kind, layer.kind.capitalize())
        self.detail_label.setText(kind if layer.visible else f"{kind}, hidden")
        self.header.setToolTip(f"{layer.display_name()} ({kind.lower()})")

    # Editing ---------------------------------------------------------------------------------

    def _end_edit_session(self) -> None:
        self._edit_session += 1

    def _on_focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        if old is not None and self.isAncestorOf(old):
            self._end_edit_session()

    def _apply(self, field: str, changes: dict[str, Any], label: str) -> None:
        session = self._session
        if session is None:
            return
        layers = session.selected_layers()
        changed = [
            layer
            for layer in layers
            if any(getattr(layer, name) != value for name, value in changes.items())
        ]
        if not changed:
            return
        from maskmeme_gui.model.commands import EditLayers, SetLayerProperties

        self._pushing = True
        try:
            if len(layers) == 1:
                layer_id = changed[0].id
                key = f"{field}:{layer_id}:{self._edit_session}"
                session.push(SetLayerProperties(layer_id, dict(changes), label, key))
            else:
                commands: list[Command] = [
                    SetLayerProperties(layer.id, dict(changes), label) for layer in changed
                ]
                session.push(EditLayers(commands, label))
                self._end_edit_session()
        finally:
            self._pushing = False
