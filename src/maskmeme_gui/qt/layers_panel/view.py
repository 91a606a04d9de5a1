"""The list itself: rows with an eye that shows and hides the layer, drag to restack."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QDrag,
    QDropEvent,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from maskmeme_gui.qt.icons import icon
from maskmeme_gui.qt.layers_panel.icons import ICON_SIZE
from maskmeme_gui.qt.layers_panel.model import AnyIndex
from maskmeme_gui.qt.viewports import plain_viewport

NO_MEME_TEXT = "Open a photo or pick a template to start a meme"
ROW_HEIGHT = 30
EYE_WIDTH = 28


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
