"""One generic QUndoCommand that carries any model command onto a QUndoStack.

The model's commands stay plain Python (tested without Qt); this adapter gives them the stack's
undo/redo actions, clean state and QUndoView. Whether two commands merge is the model's one
policy, `merge_commands`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from maskmeme_gui.model.commands import merge_commands

if TYPE_CHECKING:
    from maskmeme_gui.model.commands import Command
    from maskmeme_gui.model.document import MemeDocument

# Qt asks mergeWith() only of commands sharing a non-negative id; -1 never merges.
_MERGEABLE_ID = 1
_NEVER_MERGES = -1


class ModelCommand(QUndoCommand):
    def __init__(self, doc: MemeDocument, command: Command) -> None:
        super().__init__(command.label)
        self.doc = doc
        self.command = command

    def redo(self) -> None:
        self.command.apply(self.doc)

    def undo(self) -> None:
        self.command.revert(self.doc)

    def id(self) -> int:
        return _MERGEABLE_ID if self.command.merge_key is not None else _NEVER_MERGES

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ModelCommand) or other.doc is not self.doc:
            return False
        return merge_commands(self.command, other.command)
