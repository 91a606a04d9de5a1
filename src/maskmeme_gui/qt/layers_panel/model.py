"""The list model: the document's layers as rows, top first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import (
    QFont,
)
from PySide6.QtWidgets import (
    QWidget,
)

from maskmeme_gui.qt.layers_panel.icons import hidden_text_brush, layer_icon

# The model's commands are imported where a meme is edited: the window shows the empty list
# before the model is loaded.
if TYPE_CHECKING:
    from maskmeme_gui.model.layers import Layer
    from maskmeme_gui.qt.session import DocumentSession


LAYER_IDS_MIME = "application/x-maskmeme-layer-ids"

AnyIndex = QModelIndex | QPersistentModelIndex


class LayerListModel(QAbstractListModel):
    """Rows are the document's layers, top first. Only the row order is kept (as ids, rebuilt
    from the document on every "layers" change, as Qt's models must announce row changes);
    everything shown is read from the live layers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: DocumentSession | None = None
        self._ids: list[str] = []

    def set_session(self, session: DocumentSession | None) -> None:
        self._session = session
        self.rebuild()

    def rebuild(self) -> None:
        self.beginResetModel()
        layers = self._session.doc.layers if self._session is not None else []
        self._ids = [layer.id for layer in reversed(layers)]
        self.endResetModel()

    def refresh(self, layer_ids: Sequence[str] = ()) -> None:
        """Names or visibility changed: repaint those rows (all when none are named)."""
        rows = [self._ids.index(i) for i in layer_ids if i in self._ids] or range(len(self._ids))
        for row in rows:
            self.dataChanged.emit(self.index(row), self.index(row))

    @property
    def layer_ids(self) -> tuple[str, ...]:
        """The ids of the rows, top first."""
        return tuple(self._ids)

    def layer_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, layer_id: str) -> int:
        return self._ids.index(layer_id)

    def _layer(self, index: AnyIndex) -> Layer | None:
        if self._session is None or not index.isValid() or index.row() >= len(self._ids):
            return None
        try:
            return self._session.doc.layer(self._ids[index.row()])
        except KeyError:  # removed from the document a moment before the rebuild
            return None

    # Reading ----------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        layer = self._layer(index)
        if layer is None:
            return None
        match role:
            case Qt.ItemDataRole.DisplayRole | Qt.ItemDataRole.EditRole:
                return layer.display_name()
            case Qt.ItemDataRole.DecorationRole:
                return layer_icon(layer.kind)
            case Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked
            case Qt.ItemDataRole.ToolTipRole:
                state = "" if layer.visible else " (hidden)"
                return (
                    f"{layer.display_name()}{state}\n"
                    "Click the eye to show or hide it, double-click to rename, drag to restack"
                )
            case Qt.ItemDataRole.ForegroundRole if not layer.visible:
                return hidden_text_brush()
            case Qt.ItemDataRole.FontRole if not layer.visible:
                font = QFont()
                font.setItalic(True)
                return font
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops land between rows, never on one
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    # Editing: every change is a command; the rows update when the document says so ----------

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        layer = self._layer(index)
        if layer is None or self._session is None:
            return False
        from maskmeme_gui.model.commands import SetLayerProperties

        if role == Qt.ItemDataRole.CheckStateRole:
            visible = Qt.CheckState(value) == Qt.CheckState.Checked
            if visible != layer.visible:
                label = "Show layer" if visible else "Hide layer"
                self._session.push(SetLayerProperties(layer.id, {"visible": visible}, label))
            return True
        if role == Qt.ItemDataRole.EditRole:
            name = str(value).strip()
            # An empty name gives the layer back its automatic one (its caption's text).
            if name not in (layer.name, layer.display_name()):
                self._session.push(SetLayerProperties(layer.id, {"name": name}, "Rename layer"))
            return True
        return False

    # Drag and drop ---------------------------------------------------------------------------

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [LAYER_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = [self._ids[index.row()] for index in sorted(indexes, key=QModelIndex.row)]
        data = QMimeData()
        data.setData(LAYER_IDS_MIME, QByteArray("\n".join(ids).encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return self._session is not None and data.hasFormat(LAYER_IDS_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Move the dragged layers so they sit before list row `row` (-1: at the bottom)."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        assert self._session is not None
        known = set(self._ids)
        dragged = [
            i for i in bytes(data.data(LAYER_IDS_MIME).data()).decode().split() if i in known
        ]
        gap_row = len(self._ids) if row < 0 else row
        self._session.move_into_gap(dragged, len(self._ids) - gap_row)
        return bool(dragged)
