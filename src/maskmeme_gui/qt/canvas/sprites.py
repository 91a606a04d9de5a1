"""The canvas's pictures, made by render/ off the GUI thread.

Each layer's sprite is exactly `render.compose.render_layer(layer, 1.0, assets)`; the background
is `render_background(doc, 1.0)`. Workers turn them into QImages with halved copies (a small
mip pyramid) so a zoomed-out view draws a pre-reduced image: cheaper to paint and free of the
aliasing a bilinear draw of a 12-megapixel photo at 20 % would show. Only the GUI thread turns
QImages into QPixmaps.

Requests are per layer: a newer request for a layer makes any older one stale; a stale render
that has not started is skipped, and the result of one that has is dropped when it arrives.
Sprites are cached by what they look like (every property except position, rotation, opacity,
visibility and name), so undoing a text edit or duplicating a layer costs no render.

While a layer is being edited (typing into a caption) on a view that shows the meme well below
its own size, each edit first gets a quick sprite drawn at the view's resolution, on a worker
of its own that no full render holds up; the full sprite is drawn once the edits pause, and
replaces it. Only full sprites are cached, grabbed or exported.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap

from maskmeme_gui.qt.imageconv import pil_to_qimage
from maskmeme_gui.qt.workers import TaskGroup

if TYPE_CHECKING:
    from PIL import Image

    from maskmeme_gui.model.document import MemeDocument
    from maskmeme_gui.model.layers import Layer

# The renderer (and Pillow) is imported by the workers that render, and the model by the first
# sprite asked for, not with the window.

log = logging.getLogger("maskmeme.canvas")

_MIN_LEVEL_SIDE = 48  # stop halving before a level gets smaller than this
_MAX_LEVELS = 5  # level 4 is 1/16 size: enough for a 12 000 px photo in a small window
_CACHE_BYTES = 384 * 1024 * 1024
_FRAME_CACHE_BYTES = 96 * 1024 * 1024
# A view showing layers at under this resolution gets quick sprites while they are edited: at
# most a quarter of the full sprite's pixels. Above it the full render is no dearer.
QUICK_BELOW = 0.5
# The full render of an edited layer waits until its edits pause this long: run beside the
# quick ones, it would slow every keystroke on a busy machine for a sprite typing replaces.
SETTLE_MS = 250


@dataclass(frozen=True)
class SpriteImages:
    """A worker's result: the picture at full size and halved copies, all premultiplied."""

    levels: tuple[QImage, ...]
    anchor: tuple[float, float]
    scale: float  # the layer's transform.scale it was rendered at
    resolution: float = 1.0  # sprite pixels per output pixel: below 1 for a quick sprite


@dataclass(frozen=True)
class SpritePixmaps:
    levels: tuple[QPixmap, ...]
    anchor: tuple[float, float]
    scale: float
    key: str = ""  # the content_key of the look it shows ("" for a background)
    resolution: float = 1.0  # 1: exactly the exported pixels; less: a quick sprite

    @property
    def size(self) -> QSize:
        return self.levels[0].size()

    @property
    def byte_count(self) -> int:
        return sum(level.width() * level.height() * 4 for level in self.levels)

    @staticmethod
    def from_images(images: SpriteImages, key: str = "") -> SpritePixmaps:
        return SpritePixmaps(
            tuple(QPixmap.fromImage(level) for level in images.levels),
            images.anchor,
            images.scale,
            key,
            images.resolution,
        )


def native_qimage(image: Image.Image) -> QImage:
    """The image as a QImage in the raster engine's own format."""
    native = (
        QImage.Format.Format_RGB32
        if image.mode == "RGB"
        else QImage.Format.Format_ARGB32_Premultiplied
    )
    return pil_to_qimage(image).convertToFormat(native)


def pyramid(image: Image.Image) -> tuple[QImage, ...]:
    """The image as a QImage in the raster engine's own format, plus halved copies."""
    level = native_qimage(image)
    levels = [level]
    while len(levels) < _MAX_LEVELS and min(level.width(), level.height()) >= 2 * _MIN_LEVEL_SIDE:
        # Qt's smooth downscale averages premultiplied pixels: no dark fringes at soft edges.
        level = level.scaled(
            (level.width() + 1) // 2,
            (level.height() + 1) // 2,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        levels.append(level)
    return tuple(levels)


def render_sprite_images(
    layer: Layer, assets: Mapping[str, bytes], time_ms: int | None = None
) -> SpriteImages:
    """Runs on a worker: the layer's sprite at `time_ms`, exactly as the export draws it."""
    from maskmeme_gui.render.compose import render_layer

    sprite = render_layer(layer, 1.0, assets, time_ms)
    return SpriteImages(pyramid(sprite.image), sprite.anchor, layer.transform.scale)


def render_quick_images(
    layer: Layer, assets: Mapping[str, bytes], resolution: float, time_ms: int | None = None
) -> SpriteImages:
    """Runs on a worker: the layer's sprite drawn by the same renderer at `resolution` of its
    output size, for a view that shows it no larger. One level: it lives until the full one."""
    from maskmeme_gui.render.compose import render_layer_preview

    sprite = render_layer_preview(layer, resolution, assets, time_ms)
    return SpriteImages(
        (native_qimage(sprite.image),), sprite.anchor, layer.transform.scale, resolution
    )


def _if_wanted(
    latest: Mapping[str, int], layer_id: str, serial: int, render: Callable[[], SpriteImages]
) -> SpriteImages | None:
    """Runs on a worker: the render, unless a newer request for the layer came in while it
    waited (None)."""
    return render() if latest.get(layer_id) == serial else None


def render_background_images(doc: MemeDocument, time_ms: int | None = None) -> SpriteImages:
    """Runs on a worker, on a snapshot of the document: the frame at `time_ms` of an animated
    base (None: its first)."""
    from maskmeme_gui.render.compose import render_background

    return SpriteImages(pyramid(render_background(doc, 1.0, time_ms)), (0.0, 0.0), 1.0)


def content_key(layer: Layer) -> str:
    """Equal for two layers exactly when their sprites are equal."""
    from maskmeme_gui.model.layers import Transform

    neutral = dataclasses.replace(
        layer,
        id="",
        name="",
        visible=True,
        opacity=1.0,
        transform=Transform(scale=layer.transform.scale),
    )
    return repr(neutral)


def background_key(doc: MemeDocument) -> tuple[object, ...]:
    data = doc.assets.get(doc.base_asset) if doc.base_asset is not None else None
    return (
        doc.base_asset,
        None if data is None else hash(data),  # bytes cache their hash: cheap after once
        doc.base_size,
        dataclasses.astuple(doc.band),
        doc.background,
    )


class _SpriteCache:
    """Least recently used sprites, bounded by their pixel memory."""

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._entries: OrderedDict[str, SpritePixmaps] = OrderedDict()
        self._bytes = 0

    def get(self, key: str) -> SpritePixmaps | None:
        sprite = self._entries.get(key)
        if sprite is not None:
            self._entries.move_to_end(key)
        return sprite

    def put(self, key: str, sprite: SpritePixmaps) -> None:
        if key in self._entries:
            return
        self._entries[key] = sprite
        self._bytes += sprite.byte_count
        while self._bytes > self._max_bytes and len(self._entries) > 1:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= dropped.byte_count

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0


class SpriteRenderer(QObject):
    """Hands out layer sprites and the background, rendering them on worker threads."""

    sprite_ready = Signal(str, object)  # layer id, SpritePixmaps
    sprite_failed = Signal(str, str)  # layer id, a sentence for the user
    background_ready = Signal(object)  # SpritePixmaps
    background_failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # With only the newest request per layer kept, one thread keeps up with typing and
        # leaves the other core to the UI.
        self._sprites = TaskGroup(self, threads=1, name="sprites")
        # Quick sprites have a thread of their own, so a full render never holds one up.
        self._quick = TaskGroup(self, threads=1, name="quick-sprites")
        # Full renders waiting for the edits to pause, by layer id.
        self._unsettled: dict[str, Callable[[], None]] = {}
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._render_settled)
        # No text in a background: it may render beside a sprite.
        self._backgrounds = TaskGroup(self, threads=1, name="backgrounds")
        self._cache = _SpriteCache(_CACHE_BYTES)
        # An animated base's frames, kept so a loop plays from memory the second time round.
        self._frames = _SpriteCache(_FRAME_CACHE_BYTES)
        self._serial = 0
        self._latest: dict[str, int] = {}  # layer id -> serial of its newest request
        self._background_serial = 0
        self._background_key: tuple[object, ...] | None = None

    def request_sprite(
        self,
        layer: Layer,
        assets: Mapping[str, bytes],
        time_ms: int | None = None,
        quick: float | None = None,
    ) -> None:
        """Emit `sprite_ready` for the layer as it is now (at `time_ms`, for a layer that
        changes with time): at once if cached, else later.

        `quick` is the resolution the view shows the layer at (screen pixels per output pixel)
        when the request is an edit: below QUICK_BELOW a quick sprite at that resolution is
        emitted first, and the full one once the edits pause."""
        key = content_key(layer) if time_ms is None else f"{content_key(layer)}@{time_ms}"
        self._unsettled.pop(layer.id, None)
        cached = self._cache.get(key)
        if cached is not None:
            self._latest.pop(layer.id, None)  # a render still running shows an older look
            self.sprite_ready.emit(layer.id, cached)
            return
        self._serial += 1
        serial = self._serial
        self._latest[layer.id] = serial
        # The worker gets its own copy: editing goes on while it renders.
        snapshot, frozen_assets = copy.deepcopy(layer), dict(assets)
        full = partial(
            self._submit,
            self._sprites,
            layer.id,
            serial,
            partial(render_sprite_images, snapshot, frozen_assets, time_ms),
            partial(self._sprite_done, layer.id, serial, key),
            partial(self._sprite_error, layer.id, serial, layer.display_name()),
        )
        if quick is None or quick >= QUICK_BELOW:
            full()
            return
        self._submit(
            self._quick,
            layer.id,
            serial,
            partial(render_quick_images, snapshot, frozen_assets, quick, time_ms),
            partial(self._quick_done, layer.id, serial, key),
            partial(self._quick_error, layer.id),
        )
        self._unsettled[layer.id] = full
        self._settle.start()

    def _submit(
        self,
        group: TaskGroup,
        layer_id: str,
        serial: int,
        render: Callable[[], SpriteImages],
        on_done: Callable[[SpriteImages | None], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        # The worker reads only this dict (one lookup, atomic in CPython), never the object.
        group.submit(partial(_if_wanted, self._latest, layer_id, serial, render), on_done, on_error)

    def _render_settled(self) -> None:
        unsettled, self._unsettled = self._unsettled, {}
        for render in unsettled.values():
            render()

    def request_background(self, doc: MemeDocument, time_ms: int | None = None) -> bool:
        """Render the background (the frame at `time_ms` of an animated base) if it changed;
        False when the current one is still right or was shown at once from the cache."""
        key = (*background_key(doc), time_ms)
        if key == self._background_key:
            return False
        self._background_key = key
        self._background_serial += 1
        serial = self._background_serial
        cached = self._frames.get(repr(key))
        if cached is not None:
            self.background_ready.emit(cached)
            return False
        self._backgrounds.submit(
            partial(render_background_images, doc.snapshot(), time_ms),
            partial(self._background_done, serial, repr(key)),
            partial(self._background_error, serial),
        )
        return True

    def forget_layer(self, layer_id: str) -> None:
        self._latest.pop(layer_id, None)
        self._unsettled.pop(layer_id, None)

    def reset(self) -> None:
        """A different document: drop everything queued, running or cached."""
        self._sprites.forget_all()
        self._quick.forget_all()
        self._backgrounds.forget_all()
        self._settle.stop()
        self._unsettled.clear()
        self._latest.clear()
        self._cache.clear()
        self._frames.clear()
        self._background_key = None
        self._background_serial += 1

    def pending(self) -> bool:
        """True until every layer shows its full sprite and the background its picture."""
        groups = (self._sprites, self._quick, self._backgrounds)
        return len(self._unsettled) + sum(group.pending() for group in groups) > 0

    def wait(self) -> None:
        """Render everything asked for now, unsettled edits too, and deliver it."""
        self._settle.stop()
        self._render_settled()
        self._quick.wait()
        self._sprites.wait()
        self._backgrounds.wait()

    def _quick_done(
        self, layer_id: str, serial: int, key: str, images: SpriteImages | None
    ) -> None:
        # Still the newest request, and its full sprite not shown yet: that one clears it.
        if images is not None and self._latest.get(layer_id) == serial:
            self.sprite_ready.emit(layer_id, SpritePixmaps.from_images(images, key))

    def _quick_error(self, layer_id: str, error: Exception) -> None:
        # The full render meets the same problem and tells the user.
        log.debug("quick sprite of layer %s failed", layer_id, exc_info=error)

    def _sprite_done(
        self, layer_id: str, serial: int, key: str, images: SpriteImages | None
    ) -> None:
        if images is None:
            return  # skipped: a newer request came in before it started
        sprite = SpritePixmaps.from_images(images, key)
        self._cache.put(key, sprite)
        if self._latest.get(layer_id) == serial:
            del self._latest[layer_id]
            self.sprite_ready.emit(layer_id, sprite)

    def _sprite_error(self, layer_id: str, serial: int, name: str, error: Exception) -> None:
        from maskmeme_gui.render.budget import RenderBudgetError

        over_budget = isinstance(error, RenderBudgetError)
        # Over the budget is the document's size, not a fault: said in one line, no traceback.
        log.warning("rendering layer %s failed: %s", layer_id, error, exc_info=not over_budget)
        if self._latest.get(layer_id) == serial:
            del self._latest[layer_id]
            # The budget's sentence names the layer itself.
            message = str(error) if over_budget else f"Cannot draw {name}: {error}"
            self.sprite_failed.emit(layer_id, message)

    def _background_done(self, serial: int, key: str, images: SpriteImages) -> None:
        picture = SpritePixmaps.from_images(images)
        self._frames.put(key, picture)
        if serial == self._background_serial:
            self.background_ready.emit(picture)

    def _background_error(self, serial: int, error: Exception) -> None:
        from maskmeme_gui.render.budget import RenderBudgetError

        over_budget = isinstance(error, RenderBudgetError)
        log.warning("rendering the background failed: %s", error, exc_info=not over_budget)
        if serial == self._background_serial:
            self._background_key = None  # try again on the next change
            self.background_failed.emit(f"Cannot draw the picture: {error}")
