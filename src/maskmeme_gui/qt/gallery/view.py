"""The gallery's list: icon mode, section headers that fold, keys that skip headers."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDrag,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from maskmeme_gui.qt.canvas.drops import PROJECT_MIME
from maskmeme_gui.qt.gallery.delegate import GalleryDelegate
from maskmeme_gui.qt.gallery.filter import GalleryFilter
from maskmeme_gui.qt.gallery.items import GalleryItem
from maskmeme_gui.qt.gallery.model import Role
from maskmeme_gui.qt.viewports import plain_viewport

if TYPE_CHECKING:
    from PIL import Image

    from maskmeme_gui.qt.dragout import DragRender

_Action = QAbstractItemView.CursorAction
# Cursor moves that go towards the end of the list; the others go towards its start.
_FORWARD = frozenset(
    {_Action.MoveDown, _Action.MoveRight, _Action.MoveNext, _Action.MoveHome, _Action.MovePageDown}
)
_SPACING = 4
_DRAG_ICON = 96  # the thumbnail under the pointer while dragging, in logical pixels
_KEYBOARD_FOCUS = frozenset(
    {
        Qt.FocusReason.TabFocusReason,
        Qt.FocusReason.BacktabFocusReason,
        Qt.FocusReason.ShortcutFocusReason,
        Qt.FocusReason.OtherFocusReason,
    }
)

AnyIndex = QModelIndex | QPersistentModelIndex


class GalleryView(QListView):
    item_activated = Signal(QModelIndex)
    """Enter or double-click on an item (a proxy index)."""
    header_clicked = Signal(str)
    """The section id of a header the user clicked."""
    context_menu_wanted = Signal(QModelIndex, QPoint)
    """A right-click or the Menu key: the row it is about (maybe invalid), global position."""
    drag_refused = Signal(str)
    """A sentence for the status bar: a saved meme could not be rendered for a drag."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewport(plain_viewport())  # see plain_viewport: start-up time
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)  # icon mode without rearranging by hand
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setSpacing(_SPACING)
        self.setUniformItemSizes(False)  # headers and notes span the width
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(500)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setMouseTracking(True)  # hover highlight
        self.setItemDelegate(GalleryDelegate(self))
        self.doubleClicked.connect(self._double_clicked)
        self._drag_render: DragRender | None = None
        self.empty_text = ""
        """Shown in the middle of the view when no row is visible (e.g. nothing matches)."""

    def is_item(self, index: AnyIndex) -> bool:
        return index.isValid() and index.data(Role.ROW_KIND) == "item"

    # -- keyboard -----------------------------------------------------------------------------

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        target = super().moveCursor(cursorAction, modifiers)
        if self.is_item(target) or not target.isValid():
            return target
        # Landed on a header or note: go on to the nearest item in the same direction.
        step = 1 if cursorAction in _FORWARD else -1
        found = self._next_item(target.row(), step)
        if not found.isValid():
            found = self._next_item(target.row(), -step)
        return found if found.isValid() else self.currentIndex()

    def _next_item(self, row: int, step: int) -> QModelIndex:
        model = self.model()
        while 0 <= row < model.rowCount():
            index = model.index(row, 0)
            if self.is_item(index):
                return index
            row += step
        return QModelIndex()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.is_item(
            self.currentIndex()
        ):
            self.item_activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in _KEYBOARD_FOCUS and not self.is_item(self.currentIndex()):
            # Tabbing into the list lands on an item, never on a header. (Not on a click:
            # that selects what was clicked.)
            first = self._next_item(0, 1)
            if first.isValid():
                self.setCurrentIndex(first)

    # -- mouse --------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.data(Role.ROW_KIND) == "header" and event.button() == Qt.MouseButton.LeftButton:
            self.header_clicked.emit(index.data(Role.SECTION_ID))
            return
        item = self._item(index)
        if item is not None and item.kind == "project":
            # A drag may follow: render the saved meme now, in a worker (see startDrag).
            self._drag_renderer().prepare(*_project_picture(item.path))
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.data(Role.ROW_KIND) == "header":
            return  # the press already folded it; a second fold would undo that
        super().mouseDoubleClickEvent(event)

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.is_item(index):
            self.item_activated.emit(index)

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """Drag the selected item's file (and template id), showing its thumbnail. A saved
        meme goes out as a PNG of the finished meme, which is what a chat app or a folder
        wants; maskmeme itself still opens the project from it (drops.PROJECT_MIME)."""
        indexes = [index for index in self.selectedIndexes() if self.is_item(index)]
        if not indexes:
            return
        mime = self.model().mimeData(indexes)
        item = self._item(indexes[0])
        if item is not None and item.kind == "project":
            project_mime = self._project_mime(item)
            if project_mime is None:
                return
            mime = project_mime
        drag = QDrag(self)
        drag.setMimeData(mime)
        thumbnail = indexes[0].data(Qt.ItemDataRole.DecorationRole)
        if isinstance(thumbnail, QPixmap):
            ratio = thumbnail.devicePixelRatio()
            side = round(_DRAG_ICON * ratio)
            icon = thumbnail.scaled(
                side,
                side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            icon.setDevicePixelRatio(ratio)
            drag.setPixmap(icon)
            middle = QPoint(icon.width(), icon.height()) / (2 * ratio)
            drag.setHotSpot(middle)
        drag.exec(supportedActions & Qt.DropAction.CopyAction)

    def _item(self, index: QModelIndex) -> GalleryItem | None:
        model = self.model()
        return model.item_at(index) if isinstance(model, GalleryFilter) else None

    def _drag_renderer(self) -> DragRender:
        from maskmeme_gui.qt.dragout import DragRender

        if self._drag_render is None:
            self._drag_render = DragRender(self)
        return self._drag_render

    def _project_mime(self, item: GalleryItem) -> QMimeData | None:
        from maskmeme_gui.fileio.images import ImageLoadError
        from maskmeme_gui.fileio.project import ProjectError
        from maskmeme_gui.qt.dragout import meme_drag_mime
        from maskmeme_gui.render.compose import RenderError

        try:
            picture = self._drag_renderer().take(*_project_picture(item.path))
        except (ProjectError, RenderError, ImageLoadError, OSError) as exc:
            self.drag_refused.emit(f"{item.path.name} cannot be dragged out: {exc}")
            return None
        mime = meme_drag_mime(picture, item.title or item.path.stem)
        mime.setData(PROJECT_MIME, str(item.path).encode("utf-8"))
        return mime

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            # The Menu key is about the current item, wherever the mouse is.
            index = self.currentIndex()
            rect = self.visualRect(index)
            at = rect.center() if index.isValid() else self.viewport().rect().center()
        else:
            at = event.pos()
            index = self.indexAt(at)
        self.context_menu_wanted.emit(index, self.viewport().mapToGlobal(at))
        event.accept()

    # -- layout and painting ------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )


def _project_picture(path: Path) -> tuple[tuple[str, int, int], Callable[[], Image.Image]]:
    """The key of a saved meme's current version and a function that renders it."""
    try:
        status = path.stat()
        key = (str(path), status.st_mtime_ns, status.st_size)
    except OSError:
        key = (str(path), 0, 0)  # the render then says what is wrong with the file
    return key, partial(_render_project, path)


def _render_project(path: Path) -> Image.Image:
    from maskmeme_gui.fileio.project import load_project
    from maskmeme_gui.render.compose import render_document

    return render_document(load_project(path))
