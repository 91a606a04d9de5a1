"""Undo and redo keys that reach the meme from the Properties and About panels.

A focused line edit or spin box claims Ctrl+Z (and the redo keys) for undoing its own text,
so the window's Undo never heard them there: a user who typed 5 into Width, pressed Enter and
then Ctrl+Z saw nothing change. The fields in these panels edit the meme as they go (every
change is already an undo step), so their own text undo has nothing to offer; the keys go to
the window's Undo and Redo instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

_PASSED = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
_MORE_REDO = QKeySequence("Ctrl+Y")


class UndoKeysPassThrough(QObject):
    """Undo/redo keys pressed in a widget inside `area` are not claimed by that widget, so the
    window's actions take them. It filters only the widget that has the focus in `area` (not
    every event of the application), following the focus as it moves."""

    def __init__(self, area: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._area = area
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)

    def _follow_focus(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None:
            old.removeEventFilter(self)
        if new is not None and self._area.isAncestorOf(new):
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        combo = QKeySequence(event.keyCombination())
        if any(event.matches(key) for key in _PASSED) or combo.matches(_MORE_REDO) == (
            QKeySequence.SequenceMatch.ExactMatch
        ):
            event.ignore()  # not the field's: the shortcut map hands it to Undo or Redo
            return True
        return False
