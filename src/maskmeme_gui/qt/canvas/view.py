"""The canvas editor: the meme as render/ draws it, with handles to select, move, resize and
rotate layers, tools to add captions, tears and stickers, zoom and pan, and drag and drop.

The view keeps no document state: every layer item reads its layer from `session.doc` by id,
and every edit is a model command pushed on the session (one per gesture, on release).
"""

from __future__ import annotations

import contextlib
import logging
import math
import random
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
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
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QMenu,
    QWidget,
)

from maskmeme_gui.fileio.templates import get_template
from maskmeme_gui.qt.canvas.drops import IMAGE_SUFFIXES, DropContents, read_drop
from maskmeme_gui.qt.canvas.emptystate import paint_empty_state
from maskmeme_gui.qt.canvas.grip import DragGrip
from maskmeme_gui.qt.canvas.items import BackgroundItem
from maskmeme_gui.qt.canvas.sprites import SpriteRenderer
from maskmeme_gui.qt.canvas.tasks import TaskGroup

# What only an open meme needs (the model and its commands, gestures, selection chrome, the
# caption editor, the sticker menu) is imported by the methods that use it: the window shows
# its empty canvas without them.
if TYPE_CHECKING:
    from PIL import Image

    from maskmeme_gui.fileio.images import LoadedImage
    from maskmeme_gui.fileio.newlayers import PreparedSticker
    from maskmeme_gui.fileio.stickers import StickerArt
    from maskmeme_gui.model.events import DocumentChanged
    from maskmeme_gui.model.layers import Layer
    from maskmeme_gui.qt.canvas.chrome import SelectionChrome
    from maskmeme_gui.qt.canvas.gestures import Gesture
    from maskmeme_gui.qt.canvas.items import LayerItem
    from maskmeme_gui.qt.canvas.sprites import SpritePixmaps
    from maskmeme_gui.qt.canvas.stickermenu import StickerMenu
    from maskmeme_gui.qt.canvas.textedit import CaptionEditor
    from maskmeme_gui.qt.dragout import DragRender
    from maskmeme_gui.qt.session import DocumentSession

log = logging.getLogger("maskmeme.canvas")

Loader = Callable[[], "LoadedImage"]

TOOLS = ("select", "caption", "tear-stream", "tear-drop", "sticker")
MIN_ZOOM = 0.02
MAX_ZOOM = 32.0
ZOOM_STEP = 1.25
FIT_MARGIN_PX = 32
# Room around the canvas so handles at its edges stay reachable; less than FIT_MARGIN_PX, or a
# fitted canvas would get scroll bars.
SCROLL_MARGIN_PX = 24
DROP_SPREAD = 24.0  # scene px between stickers dropped together
LAYER_SLACK_PX = 4.0  # clicks this close to a layer's box still pick it
_PASTEBOARD = QColor("#2b2c30")
_SHADOW_STEPS = 7

_TOOL_HINTS = {
    "select": "",
    "caption": "Click where the new caption should go",
    "tear-stream": "Drag down from an eye to paint a tear stream; Esc when done",
    "tear-drop": "Click where a tear drop should fall",
    "sticker": "Pick a sticker, or add any image file",
}
_TOOL_CURSORS = {
    "caption": Qt.CursorShape.IBeamCursor,
    "tear-stream": Qt.CursorShape.CrossCursor,
    "tear-drop": Qt.CursorShape.CrossCursor,
}


class CanvasView(QGraphicsView):
    status_message = Signal(str)
    zoom_changed = Signal(float)  # 1.0 = 100 %
    files_dropped = Signal(list)  # list[Path], dropped while no meme is open
    template_dropped = Signal(str)  # a gallery template's id, dropped while no meme is open
    drag_out_requested = Signal()  # a drag of the finished meme is starting
    tool_changed = Signal(str)  # the tool switched (also when it returns to "select" by itself)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A viewport made here has a Python wrapper from the start: the first viewport() of
        # Qt's own would make PySide load every QWidget subclass it knows to type the pointer,
        # ~5 ms of the window's start-up.
        viewport = QWidget()
        viewport.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)  # as Qt's own has it
        self.setViewport(viewport)
        self._scene = QGraphicsScene(self)
        # A handful of items that move all the time: an index would cost more than it saves.
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(self._scene)
        self._background = BackgroundItem()
        self._background.hide()
        self._scene.addItem(self._background)
        self._items: dict[str, LayerItem] = {}
        self._chrome: dict[str, SelectionChrome] = {}
        self._deferred: dict[str, SpritePixmaps] = {}  # sprites that arrived mid-gesture
        self._renderer = SpriteRenderer(self)
        self._renderer.sprite_ready.connect(self._on_sprite_ready)
        self._renderer.sprite_failed.connect(lambda _id, message: self.status_message.emit(message))
        self._renderer.background_ready.connect(self._background.set_picture)
        self._renderer.background_failed.connect(self.status_message)
        self._loads = TaskGroup(self)
        self._session: DocumentSession | None = None
        self._tool = "select"
        self._gesture: Gesture | None = None
        self._fitted = True
        self._space_held = False
        self._drop_highlight = False
        self._editor: CaptionEditor | None = None
        self._sticker_menu: StickerMenu | None = None
        self._seeds = random.Random()

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
        self._grip.pressed_to_drag.connect(self._prepare_drag_out)
        self._grip.drag_started.connect(self._drag_out)
        self._revision = 0  # counts document changes: the drag-out picture's key
        self._drag_render: DragRender | None = None
        self._grip.hide()

    # Session ----------------------------------------------------------------------------------

    def session(self) -> DocumentSession | None:
        return self._session

    def set_session(self, session: DocumentSession | None) -> None:
        if session is self._session:
            return
        self._finish_editing()
        self._cancel_gesture()
        self._detach()
        self._session = session
        if session is not None:
            session.changed.connect(self._on_changed)
            session.selection_changed.connect(self._on_selection_changed)
            self._sync_document()
            self._sync_layers()
            self._sync_chrome()
            self.zoom_fit()
        else:
            self.setSceneRect(QRectF(0, 0, 1, 1))
            self.resetTransform()
            self.set_tool("select")
        self._grip.setVisible(session is not None)
        self._place_grip()
        self.viewport().update()

    def _detach(self) -> None:
        old = self._session
        if old is not None:
            # The session may already be deleted by its owner: then Qt has disconnected it.
            for signal, slot in (
                (old.changed, self._on_changed),
                (old.selection_changed, self._on_selection_changed),
            ):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(slot)
        self._session = None
        self._renderer.reset()
        self._loads.forget_all()
        self._deferred.clear()
        for item in self._items.values():
            self._scene.removeItem(item)
        self._items.clear()
        self._clear_chrome()
        self._background.show_placeholder()
        self._background.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.set_session(None)
        super().closeEvent(event)

    def _on_changed(self, event: DocumentChanged) -> None:
        session = self._session
        if session is None:
            return
        self._revision += 1
        if event.kind == "layers":
            self._sync_layers()
        elif event.kind == "document":
            self._sync_document()
            for layer in session.doc.layers:
                self._place(layer)
        elif event.kind in ("transform", "content"):
            for layer_id in event.layer_ids:
                layer = self._layer(layer_id)
                item = self._items.get(layer_id)
                if layer is None or item is None:
                    continue
                self._place(layer)
                if event.kind == "content" or item.sprite_scale() != layer.transform.scale:
                    self._renderer.request_sprite(layer, session.doc.assets)
        self._follow_chrome()
        self._place_editor()

    def _layer(self, layer_id: str) -> Layer | None:
        if self._session is None:
            return None
        try:
            return self._session.doc.layer(layer_id)
        except KeyError:
            return None

    def _sync_document(self) -> None:
        assert self._session is not None
        doc = self._session.doc
        width, height = doc.canvas_size
        self._background.set_canvas_size(width, height)
        self._background.show()
        if self._renderer.request_background(doc):
            self._background.show_placeholder()
        self._update_scene_rect()
        if self._fitted:
            self.zoom_fit()

    def _sync_layers(self) -> None:
        from maskmeme_gui.qt.canvas.items import LayerItem

        assert self._session is not None
        doc = self._session.doc
        alive = {layer.id for layer in doc.layers}
        for layer_id in [i for i in self._items if i not in alive]:
            self._scene.removeItem(self._items.pop(layer_id))
            self._renderer.forget_layer(layer_id)
            self._deferred.pop(layer_id, None)
        for index, layer in enumerate(doc.layers):
            item = self._items.get(layer.id)
            if item is None:
                item = LayerItem(layer.id)
                self._items[layer.id] = item
                self._scene.addItem(item)
                item.place(layer)
                self._renderer.request_sprite(layer, doc.assets)
            item.setZValue(index)
        if self._editor is not None and self._editor.layer_id not in alive:
            self._finish_editing()
        self._sync_chrome()

    def _place(self, layer: Layer) -> None:
        item = self._items.get(layer.id)
        if item is not None and not self._in_gesture(layer.id):
            item.place(layer)

    def _on_sprite_ready(self, layer_id: str, sprite: SpritePixmaps) -> None:
        layer, item = self._layer(layer_id), self._items.get(layer_id)
        if layer is None or item is None:
            return
        if self._in_gesture(layer_id):
            self._deferred[layer_id] = sprite  # swapping now would jolt the item being dragged
            return
        item.set_sprite(sprite, layer)
        self._follow_chrome()
        self._place_editor()

    def _in_gesture(self, layer_id: str) -> bool:
        return self._gesture is not None and layer_id in self._selection()

    def _apply_deferred(self) -> None:
        deferred, self._deferred = self._deferred, {}
        for layer_id, sprite in deferred.items():
            self._on_sprite_ready(layer_id, sprite)

    def renders_pending(self) -> bool:
        """True while a sprite or the background is still being drawn on a worker."""
        return self._renderer.pending() or self._loads.pending() > 0

    def wait_for_renders(self) -> None:
        """Block until every sprite and dropped picture is ready (tests, grabbing)."""
        while self.renders_pending():
            self._loads.wait()
            self._renderer.wait()

    # Selection --------------------------------------------------------------------------------

    def _selection(self) -> list[str]:
        return self._session.selection if self._session is not None else []

    def _on_selection_changed(self, _ids: list[str]) -> None:
        self._sync_chrome()

    def _sync_chrome(self) -> None:
        from maskmeme_gui.qt.canvas.chrome import SelectionChrome

        ids = set(self._selection())
        single = len(ids) == 1
        for layer_id in list(self._chrome):
            chrome = self._chrome[layer_id]
            if layer_id not in ids or chrome.with_handles != single:
                self._scene.removeItem(self._chrome.pop(layer_id))
        for layer_id in ids:
            item = self._items.get(layer_id)
            if item is not None and layer_id not in self._chrome:
                chrome = SelectionChrome(item, single, self.zoom_factor())
                self._chrome[layer_id] = chrome
                self._scene.addItem(chrome)

    def _clear_chrome(self) -> None:
        for chrome in self._chrome.values():
            self._scene.removeItem(chrome)
        self._chrome.clear()

    def _follow_chrome(self) -> None:
        for chrome in self._chrome.values():
            chrome.follow()

    def select_all(self) -> None:
        if self._session is not None:
            self._session.select([layer.id for layer in self._session.doc.layers])

    # Edits ------------------------------------------------------------------------------------

    def delete_selection(self) -> None:
        ids = self._selection()
        if self._session is None or not ids:
            return
        from maskmeme_gui.model.commands import RemoveLayers

        label = "Delete layer" if len(ids) == 1 else f"Delete {len(ids)} layers"
        self._session.push(RemoveLayers(ids, label))

    def duplicate_selection(self) -> None:
        ids = self._selection()
        if self._session is None or not ids:
            return
        from maskmeme_gui.model.commands import DuplicateLayers

        command = DuplicateLayers(ids, label="Duplicate layer" if len(ids) == 1 else "Duplicate")
        self._session.push(command)
        self._session.select([copy.id for copy in command.copies])

    def raise_selection(self) -> None:
        self._restack(+1)

    def lower_selection(self) -> None:
        self._restack(-1)

    def _restack(self, step: int) -> None:
        """Move each selected layer one place up (or down), past the next unselected layer."""
        session = self._session
        if session is None or not session.selection:
            return
        from maskmeme_gui.model.commands import ReorderLayer

        selected = set(session.selection)
        order = [layer.id for layer in session.doc.layers]
        moves: list[ReorderLayer] = []
        # Start with the layer nearest the end it moves towards, so selected ones keep order.
        for layer_id in order[::-1] if step > 0 else order:
            index = order.index(layer_id)
            target = index + step
            if layer_id in selected and 0 <= target < len(order) and order[target] not in selected:
                order.insert(target, order.pop(index))
                label = "Raise layer" if step > 0 else "Lower layer"
                moves.append(ReorderLayer(layer_id, target, label))
        if not moves:
            self.status_message.emit("Already at the top" if step > 0 else "Already at the bottom")
            return
        stack = session.undo_stack
        stack.beginMacro(moves[0].label)
        for move in moves:
            session.push(move)
        stack.endMacro()

    def nudge(self, dx: float, dy: float) -> None:
        """Arrow keys: repeated nudges of the same layers are one undo step."""
        ids = self._selection()
        if self._session is not None and ids:
            from maskmeme_gui.model.commands import MoveLayers

            self._session.push(MoveLayers(ids, dx, dy, "Nudge"))

    def add_caption(self, text: str, pos: QPointF | None = None) -> str | None:
        """A new caption with `text` at `pos` (scene pixels) or in the first free classic slot;
        selected; returns its id (None without a meme)."""
        session = self._session
        if session is None:
            self.status_message.emit("Open a meme or pick a template first")
            return None
        from maskmeme_gui.fileio.newlayers import caption_at, caption_in_free_slot
        from maskmeme_gui.model.commands import AddLayers

        doc = session.doc
        layer = (
            caption_at(doc, text, pos.x(), pos.y())
            if pos is not None
            else caption_in_free_slot(doc, text)
        )
        session.push(AddLayers([layer], label="Add caption"))
        session.select([layer.id])
        return layer.id

    def add_sticker_from_bytes(
        self, data: bytes, name: str, scene_pos: QPointF | None = None
    ) -> str | None:
        """Check the picture with the safe loader, store it as a PNG asset and add a sticker
        layer at `scene_pos` (default: the middle of the view). Returns the new layer's id, or
        None after telling the user why not (status_message)."""
        if self._session is None:
            self.status_message.emit("Open a meme or pick a template first")
            return None
        from maskmeme_gui.fileio.images import ImageLoadError, load_image_bytes
        from maskmeme_gui.fileio.newlayers import prepare_sticker

        try:
            prepared = prepare_sticker(load_image_bytes(data, name), name)
        except ImageLoadError as exc:
            self.status_message.emit(str(exc))
            return None
        return self._add_prepared_sticker(prepared, scene_pos or self._view_centre())

    def _add_prepared_sticker(self, prepared: PreparedSticker, pos: QPointF) -> str | None:
        session = self._session
        if session is None:
            return None
        from maskmeme_gui.fileio.newlayers import sticker_layer
        from maskmeme_gui.model.commands import AddLayers

        doc = session.doc
        # Named by content: the same bytes under the same name, so this is never a real change
        # (the model has no asset command; an unused asset costs only file size).
        doc.assets.setdefault(prepared.asset, prepared.png)
        layer = sticker_layer(doc, prepared, pos.x(), pos.y())
        session.push(AddLayers([layer], label="Add sticker"))
        session.select([layer.id])
        return layer.id

    def _load_sticker_later(self, load: Callable[[], LoadedImage], name: str, pos: QPointF) -> None:
        """Decode on a worker; add the sticker when it is ready (if the meme is still open)."""
        from maskmeme_gui.fileio.newlayers import prepare_sticker

        session = self._session

        def add(prepared: PreparedSticker) -> None:
            if self._session is session:
                self._add_prepared_sticker(prepared, pos)

        self._loads.submit(
            lambda: prepare_sticker(load(), name), add, lambda exc: self._report_load_error(exc)
        )

    def _report_load_error(self, error: Exception) -> None:
        from maskmeme_gui.fileio.images import ImageLoadError

        if not isinstance(error, ImageLoadError | OSError | KeyError | ValueError):
            log.warning("adding a sticker failed", exc_info=error)
        message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
        self.status_message.emit(str(message))

    # Tools ------------------------------------------------------------------------------------

    def tool(self) -> str:
        return self._tool

    def set_tool(self, tool_id: str) -> None:
        if tool_id not in TOOLS:
            raise ValueError(f"unknown tool {tool_id!r}; tools: {', '.join(TOOLS)}")
        self._cancel_gesture()
        self._finish_editing()
        changed = tool_id != self._tool
        self._tool = tool_id
        self._update_cursor(None)
        if changed:
            self.tool_changed.emit(tool_id)
        if _TOOL_HINTS[tool_id]:
            self.status_message.emit(_TOOL_HINTS[tool_id])
        if tool_id == "sticker":
            if self._session is None:
                self.status_message.emit("Open a meme or pick a template first")
                self.set_tool("select")
            else:
                self._open_sticker_menu()

    def sticker_menu(self) -> StickerMenu | None:
        """The sticker tool's menu while it is open."""
        return self._sticker_menu

    def _open_sticker_menu(self) -> None:
        from maskmeme_gui.qt.canvas.stickermenu import StickerMenu

        centre = self._view_centre()
        menu = StickerMenu(_builtin_stickers(), self)
        menu.sticker_chosen.connect(lambda art: self._add_builtin_sticker(art, centre))
        menu.file_requested.connect(lambda: self._choose_sticker_file(centre))
        menu.aboutToHide.connect(self._sticker_menu_closed)
        self._sticker_menu = menu
        corner = self.mapToGlobal(self.rect().center())
        size = menu.sizeHint()
        menu.popup(corner - QPoint(size.width() // 2, size.height() // 2))

    def _sticker_menu_closed(self) -> None:
        menu, self._sticker_menu = self._sticker_menu, None
        if menu is not None:
            menu.deleteLater()
        # After the menu's action (if any) ran: the tool is a one-shot, like the others.
        QTimer.singleShot(0, lambda: self._tool == "sticker" and self.set_tool("select"))

    def _add_builtin_sticker(self, art: StickerArt, centre: QPointF) -> None:
        path = art.image_path
        self._load_sticker_later(partial(load_picture, path), art.name, centre)

    def _choose_sticker_file(self, centre: QPointF) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in sorted(IMAGE_SUFFIXES))
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Add a sticker", "", f"Images ({patterns});;All files (*)"
        )
        if chosen:
            path = Path(chosen)
            self._load_sticker_later(partial(load_picture, path), path.name, centre)

    def _new_seed(self) -> int:
        return self._seeds.randrange(1, 2**31)

    def _add_tear_stream(self, points: list[tuple[float, float]]) -> None:
        session = self._session
        if session is None:
            return
        from maskmeme_gui.fileio.newlayers import tear_stream
        from maskmeme_gui.model.commands import AddLayers

        layer = tear_stream(session.doc, points, self._new_seed())
        session.push(AddLayers([layer], label="Add tears"))
        session.select([layer.id])

    def _add_tear_drop(self, pos: QPointF) -> None:
        session = self._session
        if session is None:
            return
        from maskmeme_gui.fileio.newlayers import tear_drop
        from maskmeme_gui.model.commands import AddLayers

        layer = tear_drop(session.doc, pos.x(), pos.y(), self._new_seed())
        session.push(AddLayers([layer], label="Add tear drop"))
        session.select([layer.id])

    # Caption editing --------------------------------------------------------------------------

    def edit_caption(self, layer_id: str) -> None:
        """Open the in-place editor on a caption; typing updates the caption as you go."""
        from maskmeme_gui.model.layers import CaptionLayer
        from maskmeme_gui.qt.canvas.textedit import EDITOR_HINT, CaptionEditor

        layer = self._layer(layer_id)
        if not isinstance(layer, CaptionLayer):
            return
        self._finish_editing()
        editor = CaptionEditor(layer_id, layer.text, self.viewport())
        editor.text_edited.connect(lambda text: self._caption_typed(layer_id, text))
        editor.finished.connect(self._finish_editing)
        self._editor = editor
        self._place_editor()
        editor.show()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.status_message.emit(EDITOR_HINT)

    def caption_editor(self) -> CaptionEditor | None:
        return self._editor

    def _caption_typed(self, layer_id: str, text: str) -> None:
        from maskmeme_gui.model.commands import set_caption_text
        from maskmeme_gui.model.layers import CaptionLayer

        layer = self._layer(layer_id)
        if self._session is not None and isinstance(layer, CaptionLayer) and layer.text != text:
            self._session.push(set_caption_text(layer_id, text))

    def _finish_editing(self) -> None:
        editor, self._editor = self._editor, None
        if editor is None:
            return
        editor.finish()
        editor.hide()
        editor.deleteLater()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.status_message.emit("")

    def _place_editor(self) -> None:
        editor = self._editor
        item = self._items.get(editor.layer_id) if editor is not None else None
        if editor is None or item is None:
            return
        box = self.mapFromScene(item.mapToScene(item.outline())).boundingRect()
        editor.place_near(box, self.viewport().size())

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
        if self._session is None:
            return
        width, height = self._session.doc.canvas_size
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
        if self._session is None:
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
        for chrome in self._chrome.values():
            chrome.set_view_scale(factor)
        self._place_editor()
        self.zoom_changed.emit(factor)

    def _update_scene_rect(self) -> None:
        if self._session is None:
            return
        width, height = self._session.doc.canvas_size
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
        self._place_editor()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._place_editor()

    def _place_grip(self) -> None:
        self._grip.adjustSize()
        viewport = self.viewport().geometry()
        size = self._grip.size()
        self._grip.move(
            viewport.right() - size.width() - 12, viewport.bottom() - size.height() - 12
        )

    def _view_centre(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())

    # Mouse ------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._finish_editing()
        if self._session is None or self._gesture is not None:
            event.accept()
            return
        from maskmeme_gui.qt.canvas.gestures import PanGesture, StrokeGesture

        view_pos = event.position().toPoint()
        scene_pos = self.mapToScene(view_pos)
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and self._space_held
        ):
            self._gesture = PanGesture(
                self.horizontalScrollBar(), self.verticalScrollBar(), view_pos
            )
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        elif button != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        elif event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self._prepare_drag_out()
            self._gesture = _DragOutGesture(view_pos, self._drag_out)
        elif self._tool == "caption":
            self._add_caption_here(scene_pos)
        elif self._tool == "tear-drop":
            self._add_tear_drop(scene_pos)
            self.set_tool("select")
        elif self._tool == "tear-stream":
            self._gesture = StrokeGesture(
                self._scene, scene_pos, self.zoom_factor(), self._add_tear_stream
            )
        else:
            self._press_select(view_pos, scene_pos, event.modifiers())
        event.accept()

    def _add_caption_here(self, scene_pos: QPointF) -> None:
        from maskmeme_gui.fileio.newlayers import PLACEHOLDER_TEXT

        layer_id = self.add_caption(PLACEHOLDER_TEXT, scene_pos)
        self.set_tool("select")
        if layer_id is not None:
            self.edit_caption(layer_id)

    def _press_select(
        self, view_pos: QPoint, scene_pos: QPointF, modifiers: Qt.KeyboardModifier
    ) -> None:
        from maskmeme_gui.qt.canvas.chrome import ROTATE
        from maskmeme_gui.qt.canvas.gestures import (
            MoveGesture,
            ResizeGesture,
            RotateGesture,
            RubberBandGesture,
        )

        session = self._session
        assert session is not None
        handle = self._handle_at(view_pos)
        if handle is not None:
            name, item = handle
            gesture_type = RotateGesture if name == ROTATE else ResizeGesture
            self._gesture = gesture_type(
                session, item, scene_pos, self._follow_chrome, self.status_message.emit
            )
            turning = name == ROTATE
            grip = (
                Qt.CursorShape.ClosedHandCursor
                if turning
                else self._handle_cursor(name, item, view_pos)
            )
            self.viewport().setCursor(grip)
            return
        hit = self._layer_at(scene_pos)
        toggle = bool(
            modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        )
        if hit is None:
            before = session.selection if toggle else []
            if not toggle:
                session.select([])
            self._gesture = RubberBandGesture(
                self.viewport(),
                view_pos,
                lambda rect: self.mapToScene(rect).boundingRect(),
                lambda area: session.select(before + self._layers_in(area)),
            )
            return
        if toggle:
            chosen = set(session.selection) ^ {hit}
            session.select(list(chosen))
            if hit not in chosen:
                return
        elif hit not in session.selection:
            session.select([hit])
        items = [self._items[i] for i in session.selection if i in self._items]
        # The layers moving under the pointer are feedback enough: hiding the chrome while
        # they move halves what each move repaints over a big photo.
        for chrome in self._chrome.values():
            chrome.hide()
        self._gesture = MoveGesture(
            session,
            items,
            scene_pos,
            QApplication.startDragDistance() / self.zoom_factor(),
            _nothing,
            self.status_message.emit,
        )

    def _handle_at(self, view_pos: QPoint) -> tuple[str, LayerItem] | None:
        from maskmeme_gui.qt.canvas.chrome import HIT_PX

        for chrome in self._chrome.values():
            for name, point in chrome.handle_points().items():
                if (self.mapFromScene(point) - view_pos).manhattanLength() <= HIT_PX * 1.4:
                    return name, chrome.item
        return None

    def _layer_at(self, scene_pos: QPointF) -> str | None:
        """The layer a click picks: a selected one under the pointer first (so a selection can
        be dragged even where other layers overlap it), else the topmost."""
        if self._session is None:
            return None
        slack = LAYER_SLACK_PX / self.zoom_factor()
        for layer_id in self._session.selection:
            item = self._items.get(layer_id)
            if item is not None and item.hit(scene_pos, slack):
                return layer_id
        for layer in reversed(self._session.doc.layers):
            item = self._items.get(layer.id)
            if item is not None and item.hit(scene_pos, slack):
                return layer.id
        return None

    def _layers_in(self, area: QRectF) -> list[str]:
        return [
            layer_id
            for layer_id, item in self._items.items()
            if item.isVisible() and item.mapToScene(item.outline()).intersects(area)
        ]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        view_pos = event.position().toPoint()
        if self._gesture is not None:
            self._gesture.move(self.mapToScene(view_pos), view_pos, event.modifiers())
        else:
            self._update_cursor(view_pos)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & (Qt.MouseButton.LeftButton | Qt.MouseButton.MiddleButton):
            return  # another button went up while the gesture's button is still held
        gesture, self._gesture = self._gesture, None
        if gesture is not None:
            gesture.finish()
            self._gesture_ended()
        self._update_cursor(event.position().toPoint())
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._session is None:
            return
        from maskmeme_gui.model.layers import CaptionLayer

        hit = self._layer_at(self.mapToScene(event.position().toPoint()))
        if hit is not None and isinstance(self._layer(hit), CaptionLayer):
            self._cancel_gesture()
            self.edit_caption(hit)
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self._session is None:
            return
        from maskmeme_gui.model.layers import CaptionLayer

        hit = self._layer_at(self.mapToScene(event.pos()))
        if hit is not None and hit not in self._selection():
            self._session.select([hit])
        menu = QMenu(self)
        # popup(), not exec(): no nested event loop, so painting and workers go on while the
        # menu is open, and the menu deletes itself once closed.
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        has_selection = bool(self._selection())
        if hit is not None and isinstance(self._layer(hit), CaptionLayer):
            menu.addAction("Edit Text").triggered.connect(lambda: self.edit_caption(hit))
            menu.addSeparator()
        entries: list[tuple[str, QKeySequence, Callable[[], None], bool]] = [
            ("Duplicate", QKeySequence("Ctrl+D"), self.duplicate_selection, has_selection),
            (
                "Delete",
                QKeySequence(QKeySequence.StandardKey.Delete),
                self.delete_selection,
                has_selection,
            ),
            ("Raise", QKeySequence("Ctrl+]"), self.raise_selection, has_selection),
            ("Lower", QKeySequence("Ctrl+["), self.lower_selection, has_selection),
            ("Select All", QKeySequence(QKeySequence.StandardKey.SelectAll), self.select_all, True),
        ]
        for text, keys, slot, enabled in entries:
            action = menu.addAction(text)
            action.setShortcut(keys)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
        menu.popup(event.globalPos())

    def _cancel_gesture(self) -> None:
        gesture, self._gesture = self._gesture, None
        if gesture is not None:
            gesture.cancel()
            self._gesture_ended()

    def _gesture_ended(self) -> None:
        self._apply_deferred()
        self._follow_chrome()  # also shows the chrome a move had hidden

    def _update_cursor(self, view_pos: QPoint | None) -> None:
        viewport = self.viewport()
        if self._space_held:
            viewport.setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if self._tool in _TOOL_CURSORS:
            viewport.setCursor(_TOOL_CURSORS[self._tool])
            return
        if view_pos is None or self._session is None:
            viewport.unsetCursor()
            return
        handle = self._handle_at(view_pos)
        if handle is not None:
            viewport.setCursor(self._handle_cursor(handle[0], handle[1], view_pos))
        elif self._layer_at(self.mapToScene(view_pos)) is not None:
            viewport.setCursor(Qt.CursorShape.SizeAllCursor)
        else:
            viewport.unsetCursor()

    def _handle_cursor(self, name: str, item: LayerItem, view_pos: QPoint) -> Qt.CursorShape:
        from maskmeme_gui.qt.canvas.chrome import CORNERS, ROTATE

        if name == ROTATE:
            return Qt.CursorShape.OpenHandCursor
        assert name in CORNERS
        # The diagonal the corner lies on as it looks now, rotation included.
        centre = self.mapFromScene(item.pos())
        dx, dy = view_pos.x() - centre.x(), view_pos.y() - centre.y()
        return Qt.CursorShape.SizeFDiagCursor if dx * dy > 0 else Qt.CursorShape.SizeBDiagCursor

    # Keyboard ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self._update_cursor(None)
        elif key == Qt.Key.Key_Escape:
            self._escape()
        elif self._session is None:
            super().keyPressEvent(event)
        elif event.matches(QKeySequence.StandardKey.Delete) or key in (
            Qt.Key.Key_Delete,
            Qt.Key.Key_Backspace,
        ):
            self.delete_selection()
        elif event.matches(QKeySequence.StandardKey.SelectAll):
            self.select_all()
        elif ctrl and key == Qt.Key.Key_D:
            self.duplicate_selection()
        elif ctrl and key == Qt.Key.Key_BracketRight:
            self.raise_selection()
        elif ctrl and key == Qt.Key.Key_BracketLeft:
            self.lower_selection()
        elif event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        elif key in _ARROWS and self._gesture is None:
            step = 10.0 if modifiers & Qt.KeyboardModifier.ShiftModifier else 1.0
            dx, dy = _ARROWS[key]
            self.nudge(dx * step, dy * step)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and len(self._selection()) == 1:
            self.edit_caption(self._selection()[0])
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
        elif self._tool != "select":
            self.set_tool("select")
        elif self._session is not None:
            self._session.select([])

    # Drag and drop ----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        contents = self._drop_contents(event)
        if contents.is_empty():
            event.ignore()
            self.status_message.emit(
                contents.refusal_message() or "Only pictures can be dropped here"
            )
            return
        event.acceptProposedAction()
        if contents.refusals:
            self.status_message.emit(contents.refusal_message())
        self._set_drop_highlight(True)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drop_highlight(False)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_highlight(False)
        contents = self._drop_contents(event)
        if contents.refusals:
            self.status_message.emit(contents.refusal_message())
        if contents.is_empty():
            event.ignore()
            return
        event.acceptProposedAction()
        if self._session is None:
            # A template from the gallery starts a meme from it (its picture's URL, which
            # the gallery sends as well, would open as a plain photo).
            if contents.template_ids:
                self.template_dropped.emit(contents.template_ids[0])
            elif contents.files:
                self.files_dropped.emit(list(contents.files))
            return
        pos = self.mapToScene(event.position().toPoint())
        for index, (load, name) in enumerate(self._dropped_pictures(contents)):
            self._load_sticker_later(load, name, pos + QPointF(index, index) * DROP_SPREAD)

    def _dropped_pictures(self, contents: DropContents) -> list[tuple[Loader, str]]:
        """Each picture once: the gallery sends a template both as its id and as the URL of
        its picture."""
        files = {path: path.name for path in contents.files}
        for template_id in contents.template_ids:
            try:
                template = get_template(template_id)
            except KeyError as exc:
                self._report_load_error(exc)
                continue
            files.setdefault(template.image_path, template.name)
        pictures: list[tuple[Loader, str]] = [
            (partial(load_picture, path), name) for path, name in files.items()
        ]
        if contents.image_data is not None:
            data = contents.image_data
            pictures.append((partial(load_picture_bytes, data, "picture"), "Picture"))
        return pictures

    def _drop_contents(self, event: QDropEvent | QDragEnterEvent) -> DropContents:
        contents = read_drop(event.mimeData(), open_projects=self._session is None)
        if self._session is None and contents.image_data:
            # Without a meme the window opens files and templates; pictures from other apps
            # are pasted.
            contents.image_data = None
            if not contents.files and not contents.template_ids:
                contents.refusals.append("Drop picture files here, or paste a picture")
        return contents

    def _set_drop_highlight(self, on: bool) -> None:
        if on != self._drop_highlight:
            self._drop_highlight = on
            self.viewport().update()

    def _drag_picture(self) -> tuple[DragRender, tuple[int, int], Callable[[], Image.Image]]:
        """The drag-out renderer, the key of what the meme looks like now, and its render."""
        from maskmeme_gui.qt.dragout import DragRender
        from maskmeme_gui.render.compose import render_document

        if self._drag_render is None:
            self._drag_render = DragRender(self)
        assert self._session is not None
        snapshot = self._session.doc.snapshot()
        return (
            self._drag_render,
            (id(self._session), self._revision),
            partial(render_document, snapshot),
        )

    def _prepare_drag_out(self) -> None:
        """The mouse went down where a drag-out may start: render the meme in a worker now."""
        if self._session is not None:
            renderer, key, render = self._drag_picture()
            renderer.prepare(key, render)

    def _drag_out(self) -> None:
        session = self._session
        if session is None:
            return
        from maskmeme_gui.fileio.images import ImageLoadError
        from maskmeme_gui.qt import dragout
        from maskmeme_gui.render.compose import RenderError

        self.drag_out_requested.emit()
        renderer, key, render = self._drag_picture()
        try:
            picture = renderer.take(key, render)
        except (RenderError, ImageLoadError) as exc:
            self.status_message.emit(f"The meme cannot be dragged out: {exc}")
            return
        if self._session is session:  # still the same meme after the wait
            dragout.start_meme_drag(self, picture, Path(session.display_name).stem)

    # Painting ---------------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        # The viewport's own background fill (its palette) is the pasteboard; this adds a soft
        # shadow that lifts the canvas off it. Only outside the canvas: the opaque background
        # item covers the rest, and blending there too would slow every repaint of a drag.
        if self._session is None:
            return
        width, height = self._session.doc.canvas_size
        canvas = QRectF(0, 0, width, height)
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

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        if self._session is not None:
            return
        painter.save()
        painter.resetTransform()
        paint_empty_state(painter, QRectF(self.viewport().rect()), self._drop_highlight)
        painter.restore()

    def grab_at_actual_size(self) -> QImage:
        """The canvas at 100 %, every sprite drawn, no selection chrome (tests compare it with
        the export pixel by pixel)."""
        if self._session is None:
            return QImage()
        from maskmeme_gui.qt.canvas.chrome import CHROME_Z

        self.wait_for_renders()
        width, height = self._session.doc.canvas_size
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.black)
        hidden = [i for i in self._scene.items() if i.zValue() >= CHROME_Z and i.isVisible()]
        for item in hidden:
            item.setVisible(False)
        painter = QPainter(image)
        area = QRectF(0, 0, width, height)
        self._scene.render(painter, area, area)
        painter.end()
        for item in hidden:
            item.setVisible(True)
        return image


_ARROWS = {
    Qt.Key.Key_Left: (-1.0, 0.0),
    Qt.Key.Key_Right: (1.0, 0.0),
    Qt.Key.Key_Up: (0.0, -1.0),
    Qt.Key.Key_Down: (0.0, 1.0),
}


def _nothing() -> None:
    pass


def _ring_strips(outer: QRectF, inner: QRectF) -> tuple[QRectF, ...]:
    """The part of `outer` outside `inner`, as four rectangles."""
    return (
        QRectF(outer.left(), outer.top(), outer.width(), inner.top() - outer.top()),
        QRectF(outer.left(), inner.bottom(), outer.width(), outer.bottom() - inner.bottom()),
        QRectF(outer.left(), inner.top(), inner.left() - outer.left(), inner.height()),
        QRectF(inner.right(), inner.top(), outer.right() - inner.right(), inner.height()),
    )


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


def _builtin_stickers() -> list[StickerArt]:
    """The built-in sticker catalogue, or nothing if this build has none (it is optional)."""
    try:
        from maskmeme_gui.fileio.stickers import load_stickers
    except ImportError:
        return []
    try:
        return list(load_stickers())
    except (OSError, ValueError) as exc:
        log.warning("the sticker catalogue cannot be read: %s", exc)
        return []


# The safe loader (and Pillow) is imported when the first picture is read, not with the window.
def load_picture(path: Path) -> LoadedImage:
    from maskmeme_gui.fileio.images import load_image

    return load_image(path)


def load_picture_bytes(data: bytes, name: str) -> LoadedImage:
    from maskmeme_gui.fileio.images import load_image_bytes

    return load_image_bytes(data, name)
