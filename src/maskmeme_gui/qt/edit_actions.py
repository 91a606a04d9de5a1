"""The actions that edit the open meme's layers (delete, duplicate, select all, raise, lower,
nudge, edit a caption's text), made once from the action table and shared: the Edit menu, the
canvas's and the layer list's context menus and the layer list's buttons all show these same
QActions. Each triggers the session's one operation, and each is enabled only when it would
do something.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from maskmeme_gui.qt.actions import (
    EDIT_ACTIONS,
    NUDGE_ACTIONS,
    NUDGE_FAR,
    NUDGES,
    Scope,
    make_action,
)
from maskmeme_gui.qt.following import follow_session

if TYPE_CHECKING:
    from maskmeme_gui.model.events import DocumentChanged
    from maskmeme_gui.qt.session import DocumentSession

# Window-wide actions of the Edit menu that are not about the layers.
_NOT_LAYER_EDITS = frozenset({"paste"})


class EditActions(QObject):
    edit_text_requested = Signal(str)  # the id of the caption to type into

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._session: DocumentSession | None = None
        slots: dict[str, Callable[[], None]] = {
            "delete": lambda: self._call("delete_selection"),
            "duplicate": lambda: self._call("duplicate_selection"),
            "select_all": lambda: self._call("select_all"),
            "raise": lambda: self._call("raise_selection"),
            "lower": lambda: self._call("lower_selection"),
            "edit_text": self._edit_text,
        }
        for name, _key, dx, dy in NUDGES:
            slots[f"nudge_{name}"] = partial(self._nudge, dx, dy)
            slots[f"nudge_{name}_far"] = partial(self._nudge, dx * NUDGE_FAR, dy * NUDGE_FAR)
        self.by_id: dict[str, QAction] = {
            spec.id: make_action(parent, spec, slots[spec.id])
            for spec in (*EDIT_ACTIONS, *NUDGE_ACTIONS)
            if spec.id not in _NOT_LAYER_EDITS
        }
        self._update()

    def __getitem__(self, action_id: str) -> QAction:
        return self.by_id[action_id]

    def scoped(self, *scopes: Scope) -> list[QAction]:
        """The actions whose keys work only where the widget that adds them has focus."""
        specs = (*EDIT_ACTIONS, *NUDGE_ACTIONS)
        return [self.by_id[spec.id] for spec in specs if spec.scope in scopes]

    def set_session(self, session: DocumentSession | None) -> None:
        follow_session(
            self._session, session, changed=self._on_changed, selection_changed=self._on_changed
        )
        self._session = session
        self._update()

    def _on_changed(self, _event: DocumentChanged | list[str]) -> None:
        self._update()

    def _call(self, operation: str) -> None:
        if self._session is not None:
            getattr(self._session, operation)()

    def _nudge(self, dx: float, dy: float) -> None:
        if self._session is not None:
            self._session.nudge_selection(dx, dy)

    def _edit_text(self) -> None:
        caption = self._selected_caption()
        if caption is not None:
            self.edit_text_requested.emit(caption)

    def _selected_caption(self) -> str | None:
        if self._session is None:
            return None
        layers = self._session.selected_layers()
        if len(layers) == 1 and layers[0].kind == "caption":
            return layers[0].id
        return None

    def _update(self) -> None:
        session = self._session
        selected = session is not None and bool(session.selection)
        enabled = {
            "delete": selected,
            "duplicate": selected,
            "select_all": session is not None and bool(session.doc.layers),
            "raise": selected and session is not None and session.can_restack(up=True),
            "lower": selected and session is not None and session.can_restack(up=False),
            "edit_text": self._selected_caption() is not None,
        }
        for action_id, action in self.by_id.items():
            action.setEnabled(enabled.get(action_id, selected))
