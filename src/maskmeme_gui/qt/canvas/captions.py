"""Captions on the canvas: adding one (where the user clicked, or in the first free classic
slot) and typing into it with the in-place editor, each keystroke one merged text command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtWidgets import QGraphicsView

if TYPE_CHECKING:
    from maskmeme_gui.qt.canvas.scene import DocumentScene
    from maskmeme_gui.qt.canvas.textedit import CaptionEditor


class CaptionEditing(QObject):
    status_message = Signal(str)

    def __init__(self, view: QGraphicsView, scene: DocumentScene) -> None:
        super().__init__(view)
        self._view = view
        self._scene = scene
        self._editor: CaptionEditor | None = None
        scene.document_changed.connect(self.place)
        scene.sprite_shown.connect(self.place)

    def editor(self) -> CaptionEditor | None:
        return self._editor

    def add(self, text: str, pos: QPointF | None = None) -> str | None:
        """A new caption with `text` at `pos` (scene pixels) or in the first free classic slot;
        selected; returns its id (None without a meme)."""
        session = self._scene.session
        if session is None:
            self.status_message.emit("Open a meme or pick a template first")
            return None
        from maskmeme_gui.fileio.newlayers import caption_at, caption_in_free_slot
        from maskmeme_gui.model.commands import AddLayers

        doc = session.doc
        layer = (
            caption_at(doc, text, pos.x(), pos.y())
            if pos is not None
            else caption_in_free_slot(doc, text)
        )
        session.push(AddLayers([layer], label="Add caption"))
        session.select([layer.id])
        return layer.id

    def fill_placeholder_or_add(self, text: str) -> str | None:
        """Put `text` in the first caption still showing the placeholder a template opened
        with (one undo step), or add it as a new caption; the caption is selected."""
        session = self._scene.session
        if session is None:
            return self.add(text)
        from maskmeme_gui.fileio.newlayers import waiting_caption
        from maskmeme_gui.model.commands import set_caption_text

        waiting = waiting_caption(session.doc)
        if waiting is None:
            return self.add(text)
        self.finish()
        session.push(set_caption_text(waiting.id, text))
        session.select([waiting.id])
        return waiting.id

    def edit(self, layer_id: str) -> None:
        """Open the in-place editor on a caption; typing updates the caption as you go."""
        from maskmeme_gui.model.layers import CaptionLayer
        from maskmeme_gui.qt.canvas.textedit import EDITOR_HINT, CaptionEditor

        layer = self._scene.layer(layer_id)
        if not isinstance(layer, CaptionLayer):
            return
        self.finish()
        editor = CaptionEditor(layer)
        editor.text_edited.connect(lambda text: self._typed(layer_id, text))
        editor.finished.connect(self.finish)
        self._editor = editor
        session = self._scene.session
        if session is not None:
            # Another layer picked (in the Layers or Text list, say) is a click away too.
            session.selection_changed.connect(self._selection_changed)
        self._scene.graphics.addItem(editor)
        self.place()
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.status_message.emit(EDITOR_HINT)

    def _typed(self, layer_id: str, text: str) -> None:
        from maskmeme_gui.model.commands import set_caption_text
        from maskmeme_gui.model.layers import CaptionLayer

        session = self._scene.session
        layer = self._scene.layer(layer_id)
        if session is not None and isinstance(layer, CaptionLayer) and layer.text != text:
            session.push(set_caption_text(layer_id, text))

    def _selection_changed(self, layer_ids: list[str]) -> None:
        editor = self._editor
        if editor is not None and editor.layer_id not in layer_ids:
            self.finish()

    def finish(self) -> None:
        editor, self._editor = self._editor, None
        if editor is None:
            return
        session = self._scene.session
        if session is not None:
            session.selection_changed.disconnect(self._selection_changed)
        scene = self._scene.graphics
        # Back to the canvas when the editing ended there (Enter, Escape, a click on the
        # canvas), not when the user moved on to another field, which keeps its focus.
        typing_here = self._view.hasFocus() and scene.focusItem() is editor
        editor.finish()
        scene.removeItem(editor)
        editor.deleteLater()
        self._scene.place_layer(editor.layer_id)  # its sprite shows again
        if typing_here:
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.status_message.emit("")

    def place(self) -> None:
        """Keep the editor over its caption, in its style, and the caption's sprite hidden under
        it (after a keystroke, a restyle, a move); close it when the caption is gone (an undo)."""
        editor = self._editor
        if editor is None:
            return  # before the imports: the empty window calls this as it first shows
        from maskmeme_gui.model.layers import CaptionLayer

        layer = self._scene.layer(editor.layer_id)
        item = self._scene.layer_items.get(editor.layer_id)
        if not isinstance(layer, CaptionLayer) or item is None:
            self.finish()
            return
        item.hide()
        self._scene.follow_chrome()  # the outline and handles hide with it
        editor.stand_over(layer, self._view.transform().m11() or 1.0)
