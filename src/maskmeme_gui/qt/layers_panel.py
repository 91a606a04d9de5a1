"""The layers list: the document's layers top first, with visibility toggles, renaming,
drag-and-drop reordering and Raise / Lower / Duplicate / Delete buttons.

The list shows `session.doc` and nothing else: its rows are rebuilt from the document whenever
layers are added, removed or reordered, names and visibility are read from the live layers,
and every edit is a model command pushed on the session. The document stacks its layers bottom
first (index 0 is drawn first); the list shows them top first, like every image editor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from math import cos, radians, sin
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QByteArray,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QCloseEvent,
    QColor,
    QContextMenuEvent,
    QDrag,
    QDropEvent,
    QFont,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from maskmeme_gui.qt.actions import EDIT_ACTIONS
from maskmeme_gui.qt.icons import icon
from maskmeme_gui.qt.viewports import plain_viewport

# The model's commands and events are imported where a meme is edited: the window shows the
# empty list before the model is loaded.
if TYPE_CHECKING:
    from maskmeme_gui.model.commands import Command, ReorderLayer
    from maskmeme_gui.model.layers import Layer
    from maskmeme_gui.qt.session import DocumentSession

LAYER_IDS_MIME = "application/x-maskmeme-layer-ids"
EMPTY_TEXT = "No layers yet — add a caption, tears or a sticker from the toolbar"
NO_MEME_TEXT = "Open a photo or pick a template to start a meme"
ROW_HEIGHT = 30
ICON_SIZE = 20
EYE_WIDTH = 28

AnyIndex = QModelIndex | QPersistentModelIndex


# --- icons ------------------------------------------------------------------------------------


@cache
def layer_icon(kind: str) -> QIcon:
    """A small badge per layer kind, drawn here so it looks the same on every desktop."""
    ratio = 2  # drawn at twice the size: crisp on high-density screens, fine on others
    pixmap = QPixmap(ICON_SIZE * ratio, ICON_SIZE * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint = _ICON_PAINTERS.get(kind, _paint_sticker_icon)
        paint(painter, QRectF(1, 1, ICON_SIZE - 2, ICON_SIZE - 2))
    finally:
        painter.end()
    return QIcon(pixmap)


def _paint_caption_icon(painter: QPainter, box: QRectF) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#5566d8"))
    painter.drawRoundedRect(box, 4, 4)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(round(box.height() * 0.78))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "T")


def _paint_tears_icon(painter: QPainter, box: QRectF) -> None:
    cx, top, bottom = box.center().x(), box.top(), box.bottom()
    radius = box.width() * 0.34
    drop = QPainterPath(QPointF(cx, top))
    drop.cubicTo(cx + radius * 0.5, top + radius, cx + radius, bottom - radius * 1.4, cx + radius,
                 bottom - radius)  # fmt: skip
    drop.arcTo(QRectF(cx - radius, bottom - 2 * radius, 2 * radius, 2 * radius), 0, -180)
    drop.cubicTo(cx - radius, bottom - radius * 1.4, cx - radius * 0.5, top + radius, cx, top)
    painter.setPen(QPen(QColor("#1d6fb8"), 1.2))
    painter.setBrush(QColor("#6cc0f5"))
    painter.drawPath(drop)
    shine = QPen(QColor(255, 255, 255, 220), 1.6)
    shine.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(shine)
    painter.drawLine(QPointF(cx - radius * 0.45, bottom - radius * 1.2),
                     QPointF(cx - radius * 0.45, bottom - radius * 0.6))  # fmt: skip


def _paint_sticker_icon(painter: QPainter, box: QRectF) -> None:
    centre = box.center()
    points = []
    for index in range(10):  # a five-pointed star: outer and inner corners in turn
        radius = box.width() / 2 if index % 2 == 0 else box.width() / 4.4
        angle = radians(-90 + 36 * index)
        points.append(centre + QPointF(cos(angle), sin(angle)) * radius)
    painter.setPen(QPen(QColor("#b7791f"), 1.1))
    painter.setBrush(QColor("#f6c344"))
    painter.drawPolygon(QPolygonF(points))


_ICON_PAINTERS: dict[str, Callable[[QPainter, QRectF], None]] = {
    "caption": _paint_caption_icon,
    "tears": _paint_tears_icon,
    "sticker": _paint_sticker_icon,
}


def _hidden_text_brush() -> QBrush:
    palette = QGuiApplication.palette()
    return QBrush(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))


# --- reordering --------------------------------------------------------------------------------


def moves_to_gap(order: Sequence[str], moving: Sequence[str], gap: int) -> list[ReorderLayer]:
    """The ReorderLayer commands that put the `moving` layers, in their current stacking order,
    into the gap before position `gap` of `order` (bottom first; `gap` = len(order) is the top).

    Only the moving layers move, each once at most, so the undo history stays short.
    """
    from maskmeme_gui.model.commands import ReorderLayer

    wanted = set(moving)
    anchor = next((i for i in reversed(order[:gap]) if i not in wanted), None)
    stack = list(order)
    commands = []
    for layer_id in [i for i in order if i in wanted]:
        before = stack.index(layer_id)
        stack.remove(layer_id)
        target = stack.index(anchor) + 1 if anchor is not None else 0
        stack.insert(target, layer_id)
        if target != before:
            commands.append(ReorderLayer(layer_id, target, label="Move layer"))
        anchor = layer_id
    return commands


def moves_one_step(order: Sequence[str], moving: Sequence[str], up: bool) -> list[ReorderLayer]:
    """Raise (or lower) each moving layer past its neighbour; a block moves together and stops
    at the top (or bottom) of the stack, never passing another moving layer."""
    if not moving:
        return []
    from maskmeme_gui.model.commands import ReorderLayer

    wanted = set(moving)
    stack = list(order)
    step = 1 if up else -1
    label = "Raise layer" if up else "Lower layer"
    commands = []
    for layer_id in sorted(wanted & set(stack), key=stack.index, reverse=up):
        index = stack.index(layer_id)
        neighbour = index + step
        if 0 <= neighbour < len(stack) and stack[neighbour] not in wanted:
            stack[index], stack[neighbour] = stack[neighbour], stack[index]
            commands.append(ReorderLayer(layer_id, neighbour, label=label))
    return commands


# --- the list model ----------------------------------------------------------------------------


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
                return _hidden_text_brush()
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
        order = [layer.id for layer in self._session.doc.layers]
        push_all(self._session, moves_to_gap(order, dragged, len(order) - gap_row), "Move layers")
        return bool(dragged)


def push_all(session: DocumentSession, commands: Sequence[Command], label: str) -> None:
    """Push commands as one undo step."""
    if len(commands) == 1:
        session.push(commands[0])
        return
    if not commands:
        return
    session.undo_stack.beginMacro(label)
    for command in commands:
        session.push(command)
    session.undo_stack.endMacro()


# --- the view ----------------------------------------------------------------------------------


class _RowDelegate(QStyledItemDelegate):
    """A row: an eye that shows and hides the layer (in place of Qt's check box), the kind's
    badge and the name. Clicking the eye or pressing Space toggles it without selecting."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + EYE_WIDTH, max(size.height(), ROW_HEIGHT))

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        # The row's background (and selection) first, under the eye column too.
        row = QStyleOptionViewItem(option)
        self.initStyleOption(row, index)
        row.text = ""
        row.icon = QIcon()
        row.state &= ~QStyle.StateFlag.State_HasFocus
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, row, painter, option.widget)
        visible = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        eye = icon("visibility" if visible else "hidden", ink)
        eye.paint(painter, _eye_rect(option.rect).adjusted(5, 5, -5, -5))
        rest = QStyleOptionViewItem(option)
        rest.rect = option.rect.adjusted(EYE_WIDTH, 0, 0, 0)
        super().paint(painter, rest, index)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> bool:
        kind = event.type()
        if isinstance(event, QMouseEvent) and kind in _MOUSE_CLICKS:
            if not _eye_rect(option.rect).contains(event.position().toPoint()):
                return False
            if (
                kind == QEvent.Type.MouseButtonRelease
                and event.button() == Qt.MouseButton.LeftButton
            ):
                _toggle_visible(model, index)
            return True  # a click on the eye neither selects nor starts a rename
        toggle_keys = (Qt.Key.Key_Space, Qt.Key.Key_Select)
        if (
            isinstance(event, QKeyEvent)
            and kind == QEvent.Type.KeyPress
            and event.key() in toggle_keys
        ):
            _toggle_visible(model, index)
            return True
        return False


_MOUSE_CLICKS = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
)


def _eye_rect(row: QRect) -> QRect:
    return QRect(row.left(), row.top(), EYE_WIDTH, row.height())


def _toggle_visible(model: QAbstractItemModel, index: AnyIndex) -> None:
    visible = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    state = Qt.CheckState.Unchecked if visible else Qt.CheckState.Checked
    model.setData(index, state, Qt.ItemDataRole.CheckStateRole)


class LayerListView(QListView):
    """The list itself: drops between rows restack layers; an empty list says how to start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewport(plain_viewport())
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setUniformItemSizes(True)
        self.setItemDelegate(_RowDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.empty_text = NO_MEME_TEXT

    def gap_row_at(self, y: float) -> int:
        """The row a drop at viewport height `y` lands before; -1 below the last row."""
        index = self.indexAt(QPoint(self.viewport().width() // 2, round(y)))
        if not index.isValid():
            return -1
        rect = self.visualRect(index)
        return index.row() + (1 if y > rect.center().y() else 0)

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        # Qt's default drag image is the full-width rows, which hides the drop indicator line;
        # a small label beside the cursor leaves the gap it will land in visible.
        indexes = self.selectionModel().selectedRows()
        if not indexes:
            return
        drag = QDrag(self)
        drag.setMimeData(self.model().mimeData(indexes))
        drag.setPixmap(self._drag_label(indexes))
        drag.setHotSpot(QPoint(-14, -6))
        drag.exec(Qt.DropAction.MoveAction)

    def _drag_label(self, indexes: Sequence[QModelIndex]) -> QPixmap:
        text = indexes[0].data() if len(indexes) == 1 else f"{len(indexes)} layers"
        metrics = self.fontMetrics()
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, 220)
        ratio = self.devicePixelRatioF()
        size = QSize(ICON_SIZE + metrics.horizontalAdvance(text) + 20, ICON_SIZE + 8)
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            highlight = self.palette().color(QPalette.ColorRole.Highlight)
            highlight.setAlpha(220)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(highlight)
            painter.drawRoundedRect(QRectF(0, 0, size.width(), size.height()), 5, 5)
            icon = indexes[0].data(Qt.ItemDataRole.DecorationRole)
            if len(indexes) == 1 and isinstance(icon, QIcon):
                icon.paint(painter, 4, 4, ICON_SIZE, ICON_SIZE)
            painter.setPen(self.palette().color(QPalette.ColorRole.HighlightedText))
            text_box = QRectF(ICON_SIZE + 10, 0, size.width() - ICON_SIZE - 10, size.height())
            painter.drawText(text_box, Qt.AlignmentFlag.AlignVCenter, text)
        finally:
            painter.end()
        return pixmap

    def dropEvent(self, event: QDropEvent) -> None:
        # QListView's own InternalMove moves rows one by one through moveRows(); the document
        # wants one undo step, so the whole drop goes through the model's dropMimeData (which
        # ignores ids from any other document).
        row = self.gap_row_at(event.position().y())
        if self.model().dropMimeData(
            event.mimeData(), Qt.DropAction.MoveAction, row, 0, QModelIndex()
        ):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        box = self.viewport().rect().adjusted(16, 16, -16, -16)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(box, flags, self.empty_text)
        painter.end()


# --- the panel ---------------------------------------------------------------------------------


def _shortcut_text(action_id: str) -> str:
    """The shortcut the main window's action uses, as the user's platform writes it."""
    spec = next(spec for spec in EDIT_ACTIONS if spec.id == action_id)
    if spec.shortcut is None:
        return ""
    return QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)


class LayersPanel(QWidget):
    """The layers of the open meme, top first; selection follows the session both ways."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: DocumentSession | None = None
        self._syncing = False
        self.model = LayerListModel(self)
        self.view = LayerListView(self)
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection)

        self.raise_button = self._button("go-up", "Raise", "Raise the layer", "raise")
        self.lower_button = self._button("go-down", "Lower", "Lower the layer", "lower")
        self.duplicate_button = self._button(
            "edit-copy", "Duplicate", "Duplicate the layer", "duplicate"
        )
        self.delete_button = self._button("edit-delete", "Delete", "Delete the layer", "delete")
        self.raise_button.clicked.connect(self.raise_selection)
        self.lower_button.clicked.connect(self.lower_selection)
        self.duplicate_button.clicked.connect(self.duplicate_selection)
        self.delete_button.clicked.connect(self.delete_selection)

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
        self._update_buttons()

    def _button(self, icon_name: str, text: str, tip: str, action_id: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        picture = icon(icon_name)
        if picture.isNull():
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        else:
            button.setIcon(picture)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        shortcut = _shortcut_text(action_id)
        button.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        button.setAutoRaise(True)
        return button

    # Session ---------------------------------------------------------------------------------

    @property
    def session(self) -> DocumentSession | None:
        return self._session

    def set_session(self, session: DocumentSession | None) -> None:
        if self._session is not None:
            self._session.changed.disconnect(self._on_changed)
            self._session.selection_changed.disconnect(self._show_selection)
        self._session = session
        if session is not None:
            session.changed.connect(self._on_changed)
            session.selection_changed.connect(self._show_selection)
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

    def _on_changed(self, event: Any) -> None:
        from maskmeme_gui.model.events import CHANGE_CONTENT, CHANGE_LAYERS, CHANGE_METADATA

        if event.kind == CHANGE_LAYERS:
            scrolled = self.view.verticalScrollBar().value()
            self._syncing = True
            try:
                self.model.rebuild()
            finally:
                self._syncing = False
            self._show_selection(self._session.selection if self._session else [], scroll=False)
            self.view.verticalScrollBar().setValue(scrolled)
        elif event.kind == CHANGE_CONTENT:
            self.model.refresh(event.layer_ids)
        elif event.kind == CHANGE_METADATA:
            self.model.refresh()

    # Selection, both ways ----------------------------------------------------------------------

    def _selected_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [self.model.layer_id(row) for row in rows]

    def _on_view_selection(self) -> None:
        if not self._syncing and self._session is not None:
            self._session.select(self._selected_ids())
        self._update_buttons()

    def _show_selection(self, layer_ids: list[str], scroll: bool = True) -> None:
        rows = set(self.model.layer_ids)
        wanted = [i for i in layer_ids if i in rows]
        if set(wanted) == set(self._selected_ids()):
            self._update_buttons()
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
        self._update_buttons()

    # Commands ---------------------------------------------------------------------------------

    def _order(self) -> list[str]:
        return [layer.id for layer in self._session.doc.layers] if self._session else []

    def raise_selection(self) -> None:
        self._restack(up=True)

    def lower_selection(self) -> None:
        self._restack(up=False)

    def _restack(self, up: bool) -> None:
        if self._session is None:
            return
        commands = moves_one_step(self._order(), self._session.selection, up)
        push_all(self._session, commands, "Raise layers" if up else "Lower layers")

    def duplicate_selection(self) -> None:
        if self._session is None or not self._session.selection:
            return
        from maskmeme_gui.model.commands import DuplicateLayers

        command = DuplicateLayers(self._session.selection)
        self._session.push(command)
        self._session.select([copy.id for copy in command.copies])

    def delete_selection(self) -> None:
        if self._session is None or not self._session.selection:
            return
        from maskmeme_gui.model.commands import RemoveLayers

        ids = self._session.selection
        label = "Delete layer" if len(ids) == 1 else "Delete layers"
        self._session.push(RemoveLayers(ids, label=label))

    def rename_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index)

    def _update_buttons(self) -> None:
        selection = self._session.selection if self._session is not None else []
        order = self._order()
        self.raise_button.setEnabled(bool(moves_one_step(order, selection, up=True)))
        self.lower_button.setEnabled(bool(moves_one_step(order, selection, up=False)))
        self.duplicate_button.setEnabled(bool(selection))
        self.delete_button.setEnabled(bool(selection))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self._session is None or not self._session.selection:
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for text, slot, enabled in (
            ("Rename", self.rename_current, len(self._session.selection) == 1),
            (None, None, True),
            (f"Raise\t{_shortcut_text('raise')}", self.raise_selection,
             self.raise_button.isEnabled()),
            (f"Lower\t{_shortcut_text('lower')}", self.lower_selection,
             self.lower_button.isEnabled()),
            (None, None, True),
            (f"Duplicate\t{_shortcut_text('duplicate')}", self.duplicate_selection, True),
            (f"Delete\t{_shortcut_text('delete')}", self.delete_selection, True),
        ):  # fmt: skip
            if text is None:
                menu.addSeparator()
                continue
            action: QAction = menu.addAction(text)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
        menu.popup(event.globalPos())
