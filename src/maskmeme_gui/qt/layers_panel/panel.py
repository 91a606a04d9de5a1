"""The layers list: the document's layers top first, with visibility toggles, renaming,
drag-and-drop reordering and Raise / Lower / Duplicate / Delete buttons.

The list shows `session.doc` and nothing else: its rows are rebuilt from the document whenever
layers are added, removed or reordered, names and visibility are read from the live layers,
and every edit is a model command pushed on the session. The document stacks its layers bottom
first (index 0 is drawn first); the list shows them top first, like every image editor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    Qt,
)
from PySide6.QtGui import (
    QCloseEvent,
    QContextMenuEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from maskmeme_gui.qt.following import follow_session
from maskmeme_gui.qt.layers_panel.model import LayerListModel
from maskmeme_gui.qt.layers_panel.view import NO_MEME_TEXT, LayerListView

if TYPE_CHECKING:
    from maskmeme_gui.model.events import DocumentChanged
    from maskmeme_gui.qt.edit_actions import EditActions
    from maskmeme_gui.qt.session import DocumentSession


EMPTY_TEXT = "No layers yet — add a caption, tears or a sticker from the toolbar"


class LayersPanel(QWidget):
    """The layers of the open meme, top first; selection follows the session both ways."""

    def __init__(self, actions: EditActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions = actions
        self._session: DocumentSession | None = None
        self._syncing = False
        self.model = LayerListModel(self)
        self.view = LayerListView(self)
        self.view.setModel(self.model)
        # Delete, Ctrl+D, Ctrl+A...: the keys that edit layers work in the list too.
        self.addActions(actions.scoped("layers"))
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection)

        self.raise_button = self._button("raise")
        self.lower_button = self._button("lower")
        self.duplicate_button = self._button("duplicate")
        self.delete_button = self._button("delete")

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(4)
        for button in (self.raise_button, self.lower_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def _button(self, action_id: str) -> QToolButton:
        """A button for one of the window's edit actions: its icon, tooltip, shortcut and
        enabled state are the action's."""
        button = QToolButton(self)
        button.setDefaultAction(self._actions[action_id])
        style = Qt.ToolButtonStyle
        no_icon = button.icon().isNull()
        button.setToolButtonStyle(style.ToolButtonTextOnly if no_icon else style.ToolButtonIconOnly)
        button.setAutoRaise(True)
        return button

    # Session ---------------------------------------------------------------------------------

    @property
    def session(self) -> DocumentSession | None:
        return self._session

    def set_session(self, session: DocumentSession | None) -> None:
        follow_session(
            self._session, session, changed=self._on_changed, selection_changed=self._show_selection
        )
        self._session = session
        self.view.empty_text = NO_MEME_TEXT if session is None else EMPTY_TEXT
        self._syncing = True
        try:
            self.model.set_session(session)
        finally:
            self._syncing = False
        self._show_selection(session.selection if session is not None else [])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.set_session(None)
        super().closeEvent(event)

    def _on_changed(self, event: DocumentChanged) -> None:
        from maskmeme_gui.model.events import Change

        if event.kind is Change.LAYERS:
            scrolled = self.view.verticalScrollBar().value()
            self._syncing = True
            try:
                self.model.rebuild()
            finally:
                self._syncing = False
            self._show_selection(self._session.selection if self._session else [], scroll=False)
            self.view.verticalScrollBar().setValue(scrolled)
        elif event.kind is Change.CONTENT:
            self.model.refresh(event.layer_ids)
        elif event.kind is Change.METADATA:
            self.model.refresh()

    # Selection, both ways ----------------------------------------------------------------------

    def _selected_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [self.model.layer_id(row) for row in rows]

    def _on_view_selection(self) -> None:
        if not self._syncing and self._session is not None:
            self._session.select(self._selected_ids())

    def _show_selection(self, layer_ids: list[str], scroll: bool = True) -> None:
        rows = set(self.model.layer_ids)
        wanted = [i for i in layer_ids if i in rows]
        if set(wanted) == set(self._selected_ids()):
            return  # the user's own clicks: leave the current row (Shift's anchor) alone
        selection = QItemSelection()
        for layer_id in wanted:
            index = self.model.index(self.model.row_of(layer_id))
            selection.select(index, index)
        self._syncing = True
        try:
            model = self.view.selectionModel()
            model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if wanted:
                top = self.model.index(min(self.model.row_of(i) for i in wanted))
                model.setCurrentIndex(top, QItemSelectionModel.SelectionFlag.NoUpdate)
                if scroll:
                    self.view.scrollTo(top)
        finally:
            self._syncing = False

    # Commands ---------------------------------------------------------------------------------

    def rename_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self._session is None or not self._session.selection:
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        rename = menu.addAction("Rename")
        rename.setEnabled(len(self._session.selection) == 1)
        rename.triggered.connect(self.rename_current)
        menu.addSeparator()
        for action_id in ("raise", "lower", None, "duplicate", "delete"):
            if action_id is None:
                menu.addSeparator()
            else:
                menu.addAction(self._actions[action_id])
        menu.popup(event.globalPos())
