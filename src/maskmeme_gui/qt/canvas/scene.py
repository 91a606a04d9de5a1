"""The document scene: the open meme mirrored into scene items, one per layer, each showing the
sprite render/ drew for it, over the background item; plus the selection chrome.

It owns a plain QGraphicsScene (`graphics`) rather than being one: a Python subclass would make
every virtual call Qt makes while painting and updating a drag cross into Python.

The scene holds no document state of its own: items are keyed by layer id and placed from the
layers in `session.doc` whenever the document says they changed. While a gesture moves items
(see `gesture_on`), sprites that arrive for them wait, so the item under the pointer does not
jolt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, Signal
from PySide6.QtWidgets import QGraphicsScene

from maskmeme_gui.qt.canvas.items import BackgroundItem
from maskmeme_gui.qt.canvas.sprites import SpriteRenderer
from maskmeme_gui.qt.following import follow_session

# The model, the layer items' chrome and the selection handles are imported with the first meme.
if TYPE_CHECKING:
    from maskmeme_gui.model.events import DocumentChanged
    from maskmeme_gui.model.layers import Layer
    from maskmeme_gui.qt.canvas.chrome import SelectionChrome
    from maskmeme_gui.qt.canvas.eyes import EyeMarkers
    from maskmeme_gui.qt.canvas.items import LayerItem
    from maskmeme_gui.qt.canvas.sprites import SpritePixmaps
    from maskmeme_gui.qt.session import DocumentSession


class DocumentScene(QObject):
    status_message = Signal(str)  # a layer that cannot be drawn, said in one sentence
    canvas_changed = Signal()  # the canvas size or background changed
    document_changed = Signal()  # after the items followed any change of the document
    sprite_shown = Signal()  # an item shows a new sprite (its outline may have changed)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.graphics = QGraphicsScene(self)
        # A handful of items that move all the time: an index would cost more than it saves.
        self.graphics.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.background = BackgroundItem()
        self.background.hide()
        self.graphics.addItem(self.background)
        self.layer_items: dict[str, LayerItem] = {}
        self.chrome: dict[str, SelectionChrome] = {}
        self._eyes: EyeMarkers | None = None  # made with the first meme (see `eyes`)
        # Where the meme's timeline stands (None: a still meme), and whether the base moves.
        self._time: int | None = None
        self._base_moves = False
        self._deferred: dict[str, SpritePixmaps] = {}  # sprites that arrived mid-gesture
        self._moving: frozenset[str] = frozenset()
        self._view_scale = 1.0
        self.renderer = SpriteRenderer(self)
        self.renderer.sprite_ready.connect(self._on_sprite_ready)
        # Why a layer shows no sprite, said again whenever it is selected: the status bar
        # forgets, and the layer itself has nothing to show.
        self._problems: dict[str, str] = {}
        self.renderer.sprite_failed.connect(self._on_sprite_failed)
        self.renderer.background_ready.connect(self.background.set_picture)
        self.renderer.background_failed.connect(self.status_message)
        self.session: DocumentSession | None = None

    # The meme -------------------------------------------------------------------------------

    def set_session(self, session: DocumentSession | None) -> None:
        follow_session(
            self.session,
            session,
            changed=self._on_changed,
            selection_changed=self._on_selection_changed,
        )
        self._detach()
        self.session = session
        if session is not None:
            self._sync_document()
            self._sync_layers()
        if session is not None or self._eyes is not None:
            self.eyes.sync(None if session is None else session.doc)

    def _detach(self) -> None:
        self.session = None
        self._time, self._base_moves = None, False
        self.renderer.reset()
        self._deferred.clear()
        self._problems.clear()
        self._moving = frozenset()
        for item in self.layer_items.values():
            self.graphics.removeItem(item)
        self.layer_items.clear()
        self._clear_chrome()
        self.background.show_placeholder()
        self.background.hide()

    @property
    def eyes(self) -> EyeMarkers:
        """The markers on the faces' eyes, made when first needed: the window shows before
        the canvas's chrome is loaded."""
        if self._eyes is None:
            from maskmeme_gui.qt.canvas.eyes import EyeMarkers

            self._eyes = EyeMarkers(self.graphics)
        return self._eyes

    def layer(self, layer_id: str) -> Layer | None:
        if self.session is None:
            return None
        try:
            return self.session.doc.layer(layer_id)
        except KeyError:
            return None

    def _on_changed(self, event: DocumentChanged) -> None:
        from maskmeme_gui.model.events import Change

        session = self.session
        if session is None:
            return
        if event.kind is Change.LAYERS:
            self._sync_layers()
        elif event.kind is Change.DOCUMENT:
            self._sync_document()
            for layer in session.doc.layers:
                self._place(layer)
            self.eyes.sync(session.doc)  # a band moves the picture, and its faces
        elif event.kind is Change.FACES:
            self.eyes.sync(session.doc)
        elif event.kind in (Change.TRANSFORM, Change.CONTENT):
            for layer_id in event.layer_ids:
                changed = self.layer(layer_id)
                item = self.layer_items.get(layer_id)
                if changed is None or item is None:
                    continue
                self._place(changed)
                if event.kind is Change.CONTENT:
                    # An edit (a keystroke in a caption): shown at the view's size first.
                    self.renderer.request_sprite(
                        changed, session.doc.assets, self._sprite_time(changed), self._resolution()
                    )
                elif item.sprite_scale() != changed.transform.scale:
                    self.renderer.request_sprite(
                        changed, session.doc.assets, self._sprite_time(changed)
                    )
        self.follow_chrome()
        self.document_changed.emit()

    def _sync_document(self) -> None:
        assert self.session is not None
        doc = self.session.doc
        width, height = doc.canvas_size
        self.background.set_canvas_size(width, height)
        self.background.show()
        if self.renderer.request_background(doc, self._base_time()):
            self.background.show_placeholder()
        self.canvas_changed.emit()

    def _sync_layers(self) -> None:
        from maskmeme_gui.qt.canvas.items import LayerItem

        assert self.session is not None
        doc = self.session.doc
        alive = {layer.id for layer in doc.layers}
        for layer_id in [i for i in self.layer_items if i not in alive]:
            self.graphics.removeItem(self.layer_items.pop(layer_id))
            self.renderer.forget_layer(layer_id)
            self._deferred.pop(layer_id, None)
        for index, layer in enumerate(doc.layers):
            item = self.layer_items.get(layer.id)
            if item is None:
                item = LayerItem(layer.id)
                self.layer_items[layer.id] = item
                self.graphics.addItem(item)
                item.place(layer, self._time)
                self.renderer.request_sprite(layer, doc.assets, self._sprite_time(layer))
            item.setZValue(index)
        self._sync_chrome()

    def place_layer(self, layer_id: str) -> None:
        """Put one layer's item back where, and as, the document says (after something else,
        such as the caption editor, hid or moved it)."""
        layer = self.layer(layer_id)
        if layer is not None:
            self._place(layer)
            self.follow_chrome()

    def _place(self, layer: Layer) -> None:
        item = self.layer_items.get(layer.id)
        if item is not None and layer.id not in self._moving:
            item.place(layer, self._time)

    # Time -------------------------------------------------------------------------------------

    def show_time(self, time_ms: int | None, base_moves: bool) -> None:
        """Show the meme at `time_ms` of its loop (None: still): the base's frame, the layers
        shown then, flowing tears as they are then. The frame on screen stays until the next
        one is drawn, so playing never flashes the placeholder."""
        self._time, self._base_moves = time_ms, base_moves
        session = self.session
        if session is None:
            return
        doc = session.doc
        self.renderer.request_background(doc, self._base_time())
        for layer in doc.layers:
            self._place(layer)
            moving = self._sprite_time(layer)
            if moving is not None:
                self.renderer.request_sprite(layer, doc.assets, moving)

    def _base_time(self) -> int | None:
        return self._time if self._base_moves else None

    def _sprite_time(self, layer: Layer) -> int | None:
        """The time a layer's sprite is drawn at (None for one that never changes with it)."""
        from maskmeme_gui.render.compose import changes_with_time

        return self._time if self._time is not None and changes_with_time(layer) else None

    def _resolution(self) -> float:
        """Screen pixels per canvas pixel: what a sprite needs to look sharp at this zoom."""
        views = self.graphics.views()
        return self._view_scale * (views[0].devicePixelRatioF() if views else 1.0)

    def _on_sprite_failed(self, layer_id: str, message: str) -> None:
        self._problems[layer_id] = message
        self.status_message.emit(message)

    def _on_sprite_ready(self, layer_id: str, sprite: SpritePixmaps) -> None:
        self._problems.pop(layer_id, None)
        layer, item = self.layer(layer_id), self.layer_items.get(layer_id)
        if layer is None or item is None:
            return
        if layer_id in self._moving:
            self._deferred[layer_id] = sprite  # swapping now would jolt the item being dragged
            return
        item.set_sprite(sprite, layer)
        self.follow_chrome()
        self.sprite_shown.emit()

    # Gestures -------------------------------------------------------------------------------

    def gesture_on(self, layer_ids: list[str]) -> None:
        """A gesture now moves these layers' items: hold their new sprites until it ends."""
        self._moving = frozenset(layer_ids)

    def gesture_off(self, end: Callable[[], None]) -> None:
        """The gesture ends with `end` (its finish or cancel), which may push its command: the
        items follow that command like any other edit, and then stand where the document says
        (an undo in mid-gesture may have moved a layer under the pointer)."""
        moving, self._moving = self._moving, frozenset()
        end()
        for layer_id in moving:
            layer = self.layer(layer_id)
            if layer is not None:
                self._place(layer)
        deferred, self._deferred = self._deferred, {}
        for layer_id, sprite in deferred.items():
            self._on_sprite_ready(layer_id, sprite)
        self.follow_chrome()  # also shows the chrome a move had hidden

    # Rendering ------------------------------------------------------------------------------

    def renders_pending(self) -> bool:
        return self.renderer.pending()

    # Selection chrome -----------------------------------------------------------------------

    def _on_selection_changed(self, ids: list[str]) -> None:
        self._sync_chrome()
        problems = [self._problems[layer_id] for layer_id in ids if layer_id in self._problems]
        if problems:
            self.status_message.emit(problems[0])

    def _sync_chrome(self) -> None:
        from maskmeme_gui.model.layers import CaptionLayer
        from maskmeme_gui.qt.canvas.chrome import SelectionChrome

        ids = set(self.session.selection) if self.session is not None else set()
        single = len(ids) == 1
        for layer_id in list(self.chrome):
            if layer_id not in ids or self.chrome[layer_id].with_handles != single:
                self.graphics.removeItem(self.chrome.pop(layer_id))
        for layer_id in ids:
            item = self.layer_items.get(layer_id)
            if item is not None and layer_id not in self.chrome:
                # A caption's box can change shape: it wraps its text anew.
                edges = isinstance(self.layer(layer_id), CaptionLayer)
                chrome = SelectionChrome(item, single, self._view_scale, edges)
                self.chrome[layer_id] = chrome
                self.graphics.addItem(chrome)

    def _clear_chrome(self) -> None:
        for chrome in self.chrome.values():
            self.graphics.removeItem(chrome)
        self.chrome.clear()

    def follow_chrome(self) -> None:
        for chrome in self.chrome.values():
            chrome.follow()

    def hide_chrome(self) -> None:
        for chrome in self.chrome.values():
            chrome.hide()

    def set_view_scale(self, scale: float) -> None:
        """Handles keep their size on screen at any zoom."""
        self._view_scale = scale
        for chrome in self.chrome.values():
            chrome.set_view_scale(scale)

    # Finding layers -------------------------------------------------------------------------

    def layer_at(self, scene_pos: QPointF, slack: float) -> str | None:
        """The layer a click picks: a selected one under the pointer first (so a selection can
        be dragged even where other layers overlap it), else the topmost."""
        if self.session is None:
            return None
        for layer_id in self.session.selection:
            item = self.layer_items.get(layer_id)
            if item is not None and item.hit(scene_pos, slack):
                return layer_id
        for layer in reversed(self.session.doc.layers):
            item = self.layer_items.get(layer.id)
            if item is not None and item.hit(scene_pos, slack):
                return layer.id
        return None

    def layers_in(self, area: QRectF) -> list[str]:
        return [
            layer_id
            for layer_id, item in self.layer_items.items()
            if item.isVisible() and item.mapToScene(item.outline()).intersects(area)
        ]
