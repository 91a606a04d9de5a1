"""The canvas editor's view: zoom and pan, painting and grabbing, and the mouse and keys
handed to the current tool and its gesture.

What it shows is the document scene (qt/canvas/scene.py), which mirrors the open meme into
items; tools (qt/canvas/tools.py) decide what a press does; captions, stickers and drag and
drop have modules of their own. Edits reach the document only as commands pushed on the
session; the keys that edit are the window's actions (qt/edit_actions.py), never handled here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QContextMenuEvent,
    QCursor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsView, QMenu, QWidget

from maskmeme_gui.qt.canvas.captions import CaptionEditing
from maskmeme_gui.qt.canvas.dnd import CanvasTransfer
from maskmeme_gui.qt.canvas.emptystate import paint_empty_state
from maskmeme_gui.qt.canvas.grip import DragGrip
from maskmeme_gui.qt.canvas.scene import DocumentScene
from maskmeme_gui.qt.canvas.stickers import StickerAdder
from maskmeme_gui.qt.canvas.tools import TOOLS, SelectTool, Tool

if TYPE_CHECKING:
    from collections.abc import Callable

    from maskmeme_gui.qt.canvas.gestures import Gesture
    from maskmeme_gui.qt.canvas.stickermenu import StickerMenu
    from maskmeme_gui.qt.canvas.textedit import CaptionEditor
    from maskmeme_gui.qt.edit_actions import EditActions
    from maskmeme_gui.qt.session import DocumentSession

MIN_ZOOM = 0.02
MAX_ZOOM = 32.0
ZOOM_STEP = 1.25
FIT_MARGIN_PX = 32
# Room around the canvas so handles at its edges stay reachable; less than FIT_MARGIN_PX, or a
# fitted canvas would get scroll bars.
SCROLL_MARGIN_PX = 24
_PASTEBOARD = QColor("#2b2c30")
_SHADOW_STEPS = 7
# The canvas's context menu: the window's edit actions, in this order (None: a separator).
_CONTEXT_ACTIONS = ("edit_text", None, "duplicate", "delete", "raise", "lower", None, "select_all")


class CanvasView(QGraphicsView):
    status_message = Signal(str)
    zoom_changed = Signal(float)  # 1.0 = 100 %
    tool_changed = Signal(str)  # the tool switched (also when it returns to "select" by itself)

    def __init__(self, actions: EditActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A viewport made here has a Python wrapper from the start: the first viewport() of
        # Qt's own would make PySide load every QWidget subclass it knows to type the pointer,
        # ~5 ms of the window's start-up.
        viewport = QWidget()
        viewport.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)  # as Qt's own has it
        self.setViewport(viewport)
        self._scene = DocumentScene(self)
        self.setScene(self._scene.graphics)
        self._scene.status_message.connect(self.status_message)
        self._scene.canvas_changed.connect(self._canvas_changed)
        self._actions = actions
        # The keys that edit layers work while the canvas has focus (see qt/actions.py).
        self.addActions(actions.scoped("layers", "canvas"))
        actions.edit_text_requested.connect(self.edit_caption)
        self.captions = CaptionEditing(self, self._scene)
        self.captions.status_message.connect(self.status_message)
        self.stickers = StickerAdder(self, self._scene)
        self.stickers.status_message.connect(self.status_message)
        self.transfer = CanvasTransfer(self, self._scene, self.stickers)
        self.transfer.status_message.connect(self.status_message)
        # What the window listens to, re-exposed here where users of the canvas look for it.
        self.files_dropped = self.transfer.files_dropped
        self.template_dropped = self.transfer.template_dropped
        self.drag_out_requested = self.transfer.drag_out_requested
        self._tools: dict[str, Tool] = {}
        self._tool: Tool = self._tool_named(SelectTool.id)
        self._gesture: Gesture | None = None
        self._key_guard = _KeysWaitForGesture(self)
        self._fitted = True
        self._space_held = False
        self._editor_mouse = False  # a button went down on the caption editor and is still down

        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        viewport.setMouseTracking(True)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        palette = viewport.palette()
        palette.setColor(QPalette.ColorRole.Base, _PASTEBOARD)
        viewport.setPalette(palette)
        self.setSceneRect(QRectF(0, 0, 1, 1))
        self._grip = DragGrip(self)
        self._grip.pressed_to_drag.connect(self.transfer.prepare_drag_out)
        self._grip.drag_started.connect(self.transfer.drag_out)
        self._grip.hide()

    # Session ----------------------------------------------------------------------------------

    def session(self) -> DocumentSession | None:
        return self._scene.session

    def document_scene(self) -> DocumentScene:
        return self._scene

    def set_session(self, session: DocumentSession | None) -> None:
        if session is self._scene.session:
            return
        self.captions.finish()
        self._cancel_gesture()
        self.stickers.forget_loads()
        self._scene.set_session(session)
        if session is not None:
            self.zoom_fit()
        else:
            self.setSceneRect(QRectF(0, 0, 1, 1))
            self.resetTransform()
            self.set_tool(SelectTool.id)
        self._grip.setVisible(session is not None)
        self._place_grip()
        self.viewport().update()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.set_session(None)
        super().closeEvent(event)

    def _canvas_changed(self) -> None:
        self._update_scene_rect()
        if self._fitted:
            self.zoom_fit()

    def renders_pending(self) -> bool:
        """True while a sprite, the background or a dropped picture is still on a worker."""
        return self._scene.renders_pending() or self.stickers.pending()

    def wait_for_renders(self) -> None:
        """Block until every sprite and dropped picture is ready (tests, grabbing)."""
        while self.renders_pending():
            self.stickers.wait()
            self._scene.renderer.wait()

    # What the window and the panels ask of the canvas ----------------------------------------

    def add_caption(self, text: str) -> str | None:
        """A new caption in the first free classic slot, selected; its id (None without a
        meme)."""
        return self.captions.add(text)

    def add_caption_to_type(self) -> None:
        """Add Caption from the menu or its key: a placeholder caption in the first free place,
        its editor open with the placeholder selected, so typing replaces it."""
        from maskmeme_gui.fileio.newlayers import PLACEHOLDER_TEXT

        layer_id = self.captions.add(PLACEHOLDER_TEXT)
        if layer_id is not None:
            self.edit_caption(layer_id)

    def add_sticker_from_bytes(
        self, data: bytes, name: str, scene_pos: QPointF | None = None
    ) -> str | None:
        """A checked picture as a sticker at `scene_pos` (default: the middle of the view)."""
        return self.stickers.add_from_bytes(data, name, scene_pos or self.view_centre())

    def edit_caption(self, layer_id: str) -> None:
        self.captions.edit(layer_id)

    def caption_editor(self) -> CaptionEditor | None:
        return self.captions.editor()

    def sticker_menu(self) -> StickerMenu | None:
        """The sticker tool's menu while it is open."""
        return self.stickers.menu()

    # Tools ------------------------------------------------------------------------------------

    def tool(self) -> str:
        return self._tool.id

    def chosen_face(self) -> int | None:
        """The face picked with the Eyes tool, while that tool is in use."""
        if self._tool.id != "eyes":
            return None
        return self.document_scene().eyes.chosen

    def _tool_named(self, tool_id: str) -> Tool:
        tool = self._tools.get(tool_id)
        if tool is None:
            if tool_id not in TOOLS:
                raise ValueError(f"unknown tool {tool_id!r}; tools: {', '.join(TOOLS)}")
            tool = self._tools[tool_id] = TOOLS[tool_id](self)
        return tool

    def set_tool(self, tool_id: str) -> None:
        tool = self._tool_named(tool_id)
        self._cancel_gesture()
        self.captions.finish()
        changed = tool is not self._tool
        if changed:
            self._tool.deactivate()
        self._tool = tool
        self._update_cursor(None)
        if changed:
            self.tool_changed.emit(tool_id)
        if tool.hint:
            self.status_message.emit(tool.hint)
        tool.activate()

    def view_centre(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())

    # Zoom and pan -----------------------------------------------------------------------------

    def zoom_factor(self) -> float:
        return math.hypot(self.transform().m11(), self.transform().m12())

    def zoom_in(self) -> None:
        self._zoom_to(self.zoom_factor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_to(self.zoom_factor() / ZOOM_STEP)

    def zoom_actual(self) -> None:
        self._zoom_to(1.0)

    def zoom_fit(self) -> None:
        """The whole canvas in the window with a margin; window resizes keep it fitted."""
        session = self._scene.session
        if session is None:
            return
        width, height = session.doc.canvas_size
        view = self.viewport().size()
        factor = min(
            (view.width() - 2 * FIT_MARGIN_PX) / width,
            (view.height() - 2 * FIT_MARGIN_PX) / height,
        )
        self._set_zoom(factor)
        self.centerOn(width / 2, height / 2)
        self._fitted = True

    def _zoom_to(self, factor: float, anchor: QPoint | None = None) -> None:
        """Zoom keeping the scene point under `anchor` (default: the view's centre) in place."""
        if self._scene.session is None:
            return
        if abs(factor - 1.0) < 0.02:
            factor = 1.0  # stepping through 100 % lands on it exactly
        anchor = anchor if anchor is not None else self.viewport().rect().center()
        fixed = self.mapToScene(anchor)
        self._set_zoom(factor)
        moved = self.mapFromScene(fixed) - anchor
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + moved.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + moved.y())
        self._fitted = False

    def _set_zoom(self, factor: float) -> None:
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        self.setTransform(QTransform.fromScale(factor, factor))
        self._update_scene_rect()
        self._scene.set_view_scale(factor)
        self.captions.place()
        self.zoom_changed.emit(factor)

    def _update_scene_rect(self) -> None:
        session = self._scene.session
        if session is None:
            return
        width, height = session.doc.canvas_size
        margin = SCROLL_MARGIN_PX / max(self.zoom_factor(), MIN_ZOOM)
        self.setSceneRect(QRectF(-margin, -margin, width + 2 * margin, height + 2 * margin))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self._zoom_to(self.zoom_factor() * ZOOM_STEP**steps, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.zoom_fit()
        self._place_grip()
        self.captions.place()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.captions.place()

    def _place_grip(self) -> None:
        self._grip.adjustSize()
        viewport = self.viewport().geometry()
        size = self._grip.size()
        self._grip.move(
            viewport.right() - size.width() - 12, viewport.bottom() - size.height() - 12
        )

    # Mouse ------------------------------------------------------------------------------------

    def _in_editor(self, view_pos: QPoint) -> bool:
        """Whether `view_pos` is on the open caption editor (its text or its box)."""
        editor = self.captions.editor()
        if editor is None:
            return False
        return editor.boundingRect().contains(editor.mapFromScene(self.mapToScene(view_pos)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._gesture is None and self._in_editor(event.position().toPoint()):
            # The caret and selection follow the mouse, as in any text field.
            self._editor_mouse = True
            super().mousePressEvent(event)
            return
        self.captions.finish()
        session = self._scene.session
        if session is None or self._gesture is not None:
            event.accept()
            return
        from maskmeme_gui.qt.canvas.gestures import PanGesture

        view_pos = event.position().toPoint()
        button = event.button()
        gesture: Gesture | None
        if button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and self._space_held
        ):
            gesture = PanGesture(self.horizontalScrollBar(), self.verticalScrollBar(), view_pos)
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        elif button != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        elif event.modifiers() & Qt.KeyboardModifier.AltModifier and not (
            self._tool.takes_alt_press(view_pos)
        ):
            self.transfer.prepare_drag_out()
            gesture = _DragOutGesture(view_pos, self.transfer.drag_out)
        else:
            gesture = self._tool.press(self.mapToScene(view_pos), view_pos, event.modifiers())
        if gesture is not None and self._scene.session is session:
            self._gesture = gesture
            self._scene.gesture_on(session.selection)
            self.installEventFilter(self._key_guard)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        view_pos = event.position().toPoint()
        if self._editor_mouse:
            super().mouseMoveEvent(event)
        elif self._gesture is not None:
            self._gesture.move(self.mapToScene(view_pos), view_pos, event.modifiers())
        else:
            self._update_cursor(view_pos)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._editor_mouse:
            self._editor_mouse = event.buttons() != Qt.MouseButton.NoButton
            super().mouseReleaseEvent(event)
            return
        if event.buttons() & (Qt.MouseButton.LeftButton | Qt.MouseButton.MiddleButton):
            return  # another button went up while the gesture's button is still held
        gesture, self._gesture = self._gesture, None
        if gesture is not None:
            self.removeEventFilter(self._key_guard)
            self._scene.gesture_off(gesture.finish)
        self._update_cursor(event.position().toPoint())
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._in_editor(event.position().toPoint()):
            self._editor_mouse = True
            super().mouseDoubleClickEvent(event)  # selects a word
            return
        if event.button() != Qt.MouseButton.LeftButton or self._scene.session is None:
            return
        from maskmeme_gui.model.layers import CaptionLayer
        from maskmeme_gui.qt.canvas.tools import LAYER_SLACK_PX

        scene_pos = self.mapToScene(event.position().toPoint())
        hit = self._scene.layer_at(scene_pos, LAYER_SLACK_PX / self.zoom_factor())
        if hit is not None and isinstance(self._scene.layer(hit), CaptionLayer):
            self._cancel_gesture()
            self.edit_caption(hit)
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        session = self._scene.session
        if session is None:
            return
        if self._in_editor(event.pos()):
            super().contextMenuEvent(event)  # the text's own menu: cut, copy, paste...
            return
        from maskmeme_gui.qt.canvas.tools import LAYER_SLACK_PX

        menu = QMenu(self)
        # popup(), not exec(): no nested event loop, so painting and workers go on while the
        # menu is open, and the menu deletes itself once closed.
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        own = self._tool.context_entries(self.mapToScene(event.pos()))
        if own:  # what the tool offers for the thing under the pointer, and nothing else
            for text, slot in own:
                menu.addAction(text, slot)
            menu.popup(event.globalPos())
            return
        slack = LAYER_SLACK_PX / self.zoom_factor()
        hit = self._scene.layer_at(self.mapToScene(event.pos()), slack)
        if hit is not None and hit not in session.selection:
            session.select([hit])
        for action_id in _CONTEXT_ACTIONS:
            if action_id is None:
                menu.addSeparator()
            elif self._actions[action_id].isEnabled() or action_id != "edit_text":
                menu.addAction(self._actions[action_id])
        menu.popup(event.globalPos())

    def _cancel_gesture(self) -> None:
        gesture, self._gesture = self._gesture, None
        if gesture is not None:
            self.removeEventFilter(self._key_guard)
            self._scene.gesture_off(gesture.cancel)

    def _update_cursor(self, view_pos: QPoint | None) -> None:
        viewport = self.viewport()
        if self._space_held:
            viewport.setCursor(Qt.CursorShape.OpenHandCursor)
            return
        shape = self._tool.cursor
        if view_pos is not None and self._in_editor(view_pos):
            shape = Qt.CursorShape.IBeamCursor
        elif shape is None and view_pos is not None and self._scene.session is not None:
            shape = self._tool.hover_cursor(view_pos)
        if shape is None:
            viewport.unsetCursor()
        else:
            viewport.setCursor(shape)

    # Keys: only what steers a gesture; keys that edit are the window's actions -------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.captions.editor() is not None and self._gesture is None:
            super().keyPressEvent(event)  # the scene hands it to the caption editor
        elif event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self._update_cursor(None)
        elif event.key() == Qt.Key.Key_Escape:
            self._escape()
        elif self._gesture is not None:
            event.accept()  # see _KeysWaitForGesture
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self._update_cursor(self.viewport().mapFromGlobal(QCursor.pos()))
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._space_held = False  # the key release goes to another widget
        super().focusOutEvent(event)

    def _escape(self) -> None:
        if self._gesture is not None:
            self._cancel_gesture()
            self.status_message.emit("")
        elif self._tool.id != SelectTool.id:
            self.set_tool(SelectTool.id)
        elif self._scene.session is not None:
            self._scene.session.select([])

    # Drag and drop ----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.transfer.drag_enter(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.transfer.drag_leave()
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self.transfer.drop(event)

    # Painting and grabbing --------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        # The viewport's own background fill (its palette) is the pasteboard; this adds a soft
        # shadow that lifts the canvas off it. Only outside the canvas: the opaque background
        # item covers the rest, and blending there too would slow every repaint of a drag.
        session = self._scene.session
        if session is None:
            return
        width, height = session.doc.canvas_size
        canvas, rect = QRectF(0, 0, width, height), QRectF(rect)
        if canvas.contains(rect):
            return
        to_device = painter.transform()
        device_canvas = to_device.mapRect(canvas)
        exposed = to_device.mapRect(rect)
        painter.save()
        painter.resetTransform()  # whole device pixels: the raster engine's fast path
        for step in range(_SHADOW_STEPS, 0, -1):
            shade = QColor(0, 0, 0, 10 + 4 * (_SHADOW_STEPS - step))
            outer = device_canvas.adjusted(-step, 1 - step, step, step + 2)
            for strip in _ring_strips(outer, device_canvas):
                part = strip.intersected(exposed)
                if not part.isEmpty():
                    painter.fillRect(part.toAlignedRect(), shade)
        painter.restore()

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        if self._scene.session is not None:
            return
        painter.save()
        painter.resetTransform()
        paint_empty_state(painter, QRectF(self.viewport().rect()), self.transfer.highlight)
        painter.restore()

    def grab_at_actual_size(self) -> QImage:
        """The canvas at 100 %, every sprite drawn, no selection chrome (tests compare it with
        the export pixel by pixel)."""
        session = self._scene.session
        if session is None:
            return QImage()
        from maskmeme_gui.qt.canvas.chrome import CHROME_Z

        self.wait_for_renders()
        width, height = session.doc.canvas_size
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.black)
        scene = self._scene.graphics
        hidden = [i for i in scene.items() if i.zValue() >= CHROME_Z and i.isVisible()]
        for item in hidden:
            item.setVisible(False)
        painter = QPainter(image)
        area = QRectF(0, 0, width, height)
        scene.render(painter, area, area)
        painter.end()
        for item in hidden:
            item.setVisible(True)
        return image


def _ring_strips(outer: QRectF, inner: QRectF) -> tuple[QRectF, ...]:
    """The part of `outer` outside `inner`, as four rectangles."""
    return (
        QRectF(outer.left(), outer.top(), outer.width(), inner.top() - outer.top()),
        QRectF(outer.left(), inner.bottom(), outer.width(), outer.bottom() - inner.bottom()),
        QRectF(outer.left(), inner.top(), inner.left() - outer.left(), inner.height()),
        QRectF(inner.right(), inner.top(), outer.right() - inner.right(), inner.height()),
    )


class _KeysWaitForGesture(QObject):
    """Installed on the view only while a gesture holds the items: their release decides what
    changed, so no shortcut (a nudge, an undo) may edit them first. Taking the shortcut
    override sends the key to keyPressEvent, which drops it. Only then, so that the events of
    a drag never pass through Python on their way."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True  # handled here: the view would pass it to the scene, which drops it
        return False


class _DragOutGesture:
    """Alt + drag: once the pointer has moved a little, hand the finished meme to a drag."""

    def __init__(self, origin: QPoint, start: Callable[[], None]) -> None:
        self._origin = origin
        self._start: Callable[[], None] | None = start

    def move(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        if self._start is not None and (
            (view_pos - self._origin).manhattanLength() >= QApplication.startDragDistance()
        ):
            start, self._start = self._start, None
            start()

    def finish(self) -> None:
        pass

    def cancel(self) -> None:
        pass
