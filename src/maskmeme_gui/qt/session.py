"""One open meme: the document, its undo stack, its file and the selected layers.

Views get everything through the session: they subscribe to `changed` (the model's own change
events, forwarded as a Qt signal) and `selection_changed`, and they edit only by `push`ing model
commands, so every edit is undoable and the title's `*` follows the undo stack's clean state.

The edits of the selection (delete, duplicate, raise, lower, nudge, select all) live here once;
the window's actions, the canvas and the layer list all call these methods.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from maskmeme_gui.model import edits
from maskmeme_gui.model.events import Change
from maskmeme_gui.qt.undo import ModelCommand

if TYPE_CHECKING:
    from maskmeme_gui.model.commands import Command
    from maskmeme_gui.model.document import MemeDocument
    from maskmeme_gui.model.events import DocumentChanged
    from maskmeme_gui.model.layers import Layer


class DocumentSession(QObject):
    changed = Signal(object)  # DocumentChanged
    selection_changed = Signal(list)  # ids of the selected layers, bottom to top
    dirty_changed = Signal(bool)
    path_changed = Signal(object)  # Path | None

    def __init__(self, doc: MemeDocument, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.doc = doc
        self.path = path
        self.undo_stack = QUndoStack(self)
        self._selection: list[str] = []
        doc.events.connect(self._forward)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def _on_clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(not clean)

    def _forward(self, event: DocumentChanged) -> None:
        if event.kind is Change.LAYERS:
            alive = {layer.id for layer in self.doc.layers}
            kept = [i for i in self._selection if i in alive]
            if kept != self._selection:
                self._selection = kept
                self.selection_changed.emit(list(kept))
        self.changed.emit(event)

    def close(self) -> None:
        """Stop listening to the document; call before dropping the session."""
        self.doc.events.disconnect(self._forward)

    def push(self, command: Command) -> None:
        self.undo_stack.push(ModelCommand(self.doc, command))

    # Edits of the selection ------------------------------------------------------------------

    def _push_unless_none(self, command: Command | None) -> None:
        if command is not None:
            self.push(command)

    def delete_selection(self) -> None:
        self._push_unless_none(edits.delete_layers(self.doc, self._selection))

    def duplicate_selection(self) -> None:
        """Duplicate the selected layers; the copies become the selection."""
        command = edits.duplicate_layers(self.doc, self._selection)
        if command is not None:
            self.push(command)
            self.select([twin.id for twin in command.copies])

    def raise_selection(self) -> None:
        self._restack(up=True)

    def lower_selection(self) -> None:
        self._restack(up=False)

    def can_restack(self, up: bool) -> bool:
        return edits.restack_layers(self.doc, self._selection, up) is not None

    def _restack(self, up: bool) -> None:
        # At the top (or bottom) there is nothing to do; the window's action is disabled then.
        self._push_unless_none(edits.restack_layers(self.doc, self._selection, up))

    def move_into_gap(self, layer_ids: list[str], gap: int) -> None:
        """Restack `layer_ids` into the gap before stack position `gap` (0 = the bottom)."""
        self._push_unless_none(edits.move_layers_into_gap(self.doc, layer_ids, gap))

    def nudge_selection(self, dx: float, dy: float) -> None:
        self._push_unless_none(edits.nudge_layers(self.doc, self._selection, dx, dy))

    def set_tears_flow(self, flow: bool) -> None:
        self._push_unless_none(edits.set_tears_flow(self.doc, flow))

    def select_all(self) -> None:
        self.select([layer.id for layer in self.doc.layers])

    @property
    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.undo_stack.setClean()
        self.path_changed.emit(path)

    def file_moved(self, path: Path) -> None:
        """The meme's file was renamed elsewhere (the gallery): save there from now on.

        The gallery gave the project its new name as its title, and the meme takes it too, so
        a later save keeps it.
        """
        self.path = path
        self.name_after_file(path)
        self.path_changed.emit(path)

    def name_after_file(self, path: Path) -> None:
        """Title the meme by the name of its file (`path` without its suffix), so the card in
        My memes and the window show one name. The user named the file: no undo step, and no
        unsaved mark of its own."""
        if self.doc.metadata.title != path.stem:
            self.doc.metadata.title = path.stem
            self.doc.notify(Change.METADATA)

    def file_lost(self) -> None:
        """The meme's file was removed: the meme is now only here, so it is unsaved, and a
        save asks where rather than bring the removed file back."""
        self.path = None
        self.undo_stack.resetClean()
        self.path_changed.emit(None)

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return self.doc.metadata.title or "Untitled meme"

    # Selection -------------------------------------------------------------------------------

    @property
    def selection(self) -> list[str]:
        return list(self._selection)

    def selected_layers(self) -> list[Layer]:
        return [layer for layer in self.doc.layers if layer.id in self._selection]

    def select(self, layer_ids: list[str]) -> None:
        alive = [layer.id for layer in self.doc.layers]
        ordered = [i for i in alive if i in set(layer_ids)]
        if ordered != self._selection:
            self._selection = ordered
            self.selection_changed.emit(list(ordered))
