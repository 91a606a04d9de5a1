"""Scene items that show render/'s pictures: the background and one item per layer.

A layer item is placed with the compositor's own math (render/sprite.rotated_placement): its
position is the layer centre (transform x, y), its pixmap sits at minus the sprite's anchor, and
it turns clockwise around its position. It never draws anything itself: no outlines, no text.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from maskmeme_gui.qt.canvas.sprites import SpritePixmaps

if TYPE_CHECKING:
    from maskmeme_gui.model.layers import Layer

NEAREST_ABOVE = 2.0  # zoom factor above which pixels are drawn as crisp squares
_SETTLE_MS = 120
_MAX_EXACT_PIXELS = 16_000_000
_PLACEHOLDER = QColor("#3b3b3b")
_PLACEHOLDER_TEXT = QColor("#9a9a9a")


def level_for(lod: float, count: int) -> int:
    """The smallest pyramid level that still has at least one pixel per screen pixel."""
    if lod <= 0 or count <= 1:
        return 0
    return max(0, min(count - 1, math.floor(math.log2(1.0 / lod)))) if lod < 1 else 0


class PyramidItem(QGraphicsItem):
    """Draws a picture given as pyramid levels into `rect`, as fast as the zoom allows.

    Zoomed out and not turned, it blits a copy scaled once to exactly the current zoom (made
    from the nearest pyramid level with a box filter, shortly after the zoom settles): no
    resampling per repaint, which keeps dragging over a 12-megapixel photo cheap. Otherwise it
    draws the pyramid level that has at least one pixel per screen pixel.
    """

    def __init__(self) -> None:
        super().__init__()
        self._levels: tuple[QPixmap, ...] = ()
        self._rect = QRectF()
        self._exact: QPixmap | None = None  # the picture at `_exact_density`, in device pixels
        self._exact_density = 0.0
        self._wanted_density = 0.0  # of the latest paint that could have used an exact copy

    def _set_levels(self, levels: tuple[QPixmap, ...]) -> None:
        self._levels = levels
        self._exact = None
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not self._levels:
            return
        transform = painter.worldTransform()
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(transform)
        # Screen pixels per picture pixel: on a HiDPI screen a logical pixel is several.
        density = lod * painter.device().devicePixelRatioF()
        if density < 1.0 and transform.type().value <= QTransform.TransformationType.TxScale.value:
            if self._exact is not None and math.isclose(self._exact_density, density):
                self._blit_exact(painter, transform.map(self._rect.topLeft()))
                return
            self._want_exact(density)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, lod <= NEAREST_ABOVE)
        pixmap = self._levels[level_for(density, len(self._levels))]
        painter.drawPixmap(self._rect, pixmap, QRectF(pixmap.rect()))

    def _blit_exact(self, painter: QPainter, corner: QPointF) -> None:
        """Copy the pre-scaled picture unscaled, its corner on a whole device pixel."""
        assert self._exact is not None
        ratio = self._exact.devicePixelRatio()
        painter.save()
        painter.resetTransform()
        device_corner = QPointF(
            round(corner.x() * ratio) / ratio, round(corner.y() * ratio) / ratio
        )
        painter.drawPixmap(device_corner, self._exact)
        painter.restore()

    def _want_exact(self, density: float) -> None:
        first_request = self._wanted_density == 0.0
        self._wanted_density = density
        if first_request:
            # After the zoom has settled (a wheel spin or a resize drag repaints many times).
            QTimer.singleShot(_SETTLE_MS, self._make_exact)

    def _make_exact(self) -> None:
        if not shiboken6.isValid(self):
            return  # its scene was closed before the zoom settled: the timer outlived it
        density, self._wanted_density = self._wanted_density, 0.0
        views = self.scene().views() if self.scene() is not None else []
        if not self._levels or not views:
            return
        width = round(self._rect.width() * density)
        height = round(self._rect.height() * density)
        if not 0 < width * height <= _MAX_EXACT_PIXELS:
            return
        source = self._levels[level_for(density, len(self._levels))]
        exact = source.scaled(
            width,
            height,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        exact.setDevicePixelRatio(views[0].viewport().devicePixelRatioF())
        self._exact = exact
        self._exact_density = density
        self.update()


class BackgroundItem(PyramidItem):
    """The base picture and band; a quiet placeholder while a big photo is still decoding."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-1)

    def set_canvas_size(self, width: int, height: int) -> None:
        rect = QRectF(0, 0, width, height)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def show_placeholder(self) -> None:
        self._set_levels(())

    def set_picture(self, sprite: SpritePixmaps) -> None:
        self._set_levels(sprite.levels)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._levels:
            super().paint(painter, option, widget)
            return
        painter.fillRect(self._rect, _PLACEHOLDER)
        # The label keeps its screen size whatever the zoom.
        centre = painter.worldTransform().map(self._rect.center())
        painter.save()
        painter.resetTransform()
        font = QFont(painter.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0))
        painter.setFont(font)
        painter.setPen(_PLACEHOLDER_TEXT)
        box = QRectF(centre.x() - 150, centre.y() - 20, 300, 40)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "Loading the picture…")
        painter.restore()


class LayerItem(PyramidItem):
    """One layer's sprite. It keeps only what it shows; the layer itself lives in the document."""

    def __init__(self, layer_id: str) -> None:
        super().__init__()
        self.layer_id = layer_id
        self._sprite: SpritePixmaps | None = None
        self._outline = QRectF()
        self._time_ms: int | None = None  # where the timeline stood at the last place()

    @property
    def sprite(self) -> SpritePixmaps | None:
        return self._sprite

    def sprite_scale(self) -> float | None:
        """The transform.scale the shown sprite was rendered at (None: nothing shown yet)."""
        return self._sprite.scale if self._sprite is not None else None

    def set_sprite(self, sprite: SpritePixmaps, layer: Layer) -> None:
        self._sprite = sprite
        self._set_levels(sprite.levels)
        self.place(layer, self._time_ms)

    def place(self, layer: Layer, time_ms: int | None = None) -> None:
        """Position, turn, fade and (while a new sprite renders, or a quick one is shown)
        stretch the shown sprite; hidden when the layer is hidden or, at `time_ms` of the loop,
        outside its time range."""
        self._time_ms = time_ms
        transform = layer.transform
        # Sprite pixels per canvas pixel: a quick sprite is drawn smaller, at the view's size.
        sprite = self._sprite
        rendered = sprite.scale * sprite.resolution if sprite is not None else transform.scale
        stretch = transform.scale / rendered if rendered > 0 else 1.0
        self.setPos(transform.x, transform.y)
        self.setRotation(transform.rotation)
        self.setScale(stretch)
        self.setOpacity(layer.opacity)
        self.setVisible(layer.visible and layer.shown_at(time_ms))
        self._outline = outline_rect(layer, rendered, self._sprite)
        if self._sprite is not None:
            rect = self._sprite_rect(transform.x, transform.y, exact=stretch == 1.0)
            if rect != self._rect:
                self.prepareGeometryChange()
                self._rect = rect

    def _sprite_rect(self, x: float, y: float, exact: bool) -> QRectF:
        assert self._sprite is not None
        ax, ay = self._sprite.anchor
        left, top = -ax, -ay
        if exact and self.rotation() % 360 == 0:
            # The compositor pastes at whole pixels (round(x - ax)); landing on the same pixel
            # grid makes the 100 % view identical to the export instead of resampled.
            left, top = round(x - ax) - x, round(y - ay) - y
        size = self._sprite.size
        return QRectF(left, top, size.width(), size.height())

    def outline(self) -> QRectF:
        """The layer's box in item coordinates: what the selection outline and clicks use."""
        return self._outline

    def hit(self, scene_pos: QPointF, slack: float = 0.0) -> bool:
        if not self.isVisible():
            return False
        local = self.mapFromScene(scene_pos)
        return self._outline.adjusted(-slack, -slack, slack, slack).contains(local)


def outline_rect(layer: Layer, scale: float, sprite: SpritePixmaps | None) -> QRectF:
    """The box a person thinks of as the layer, in sprite pixels around the layer centre: a
    caption's text box, a sticker's picture, the tears' painted area."""
    # Imported here: the window shows its empty canvas before the model is loaded.
    from maskmeme_gui.model.layers import CaptionLayer, StickerLayer, TearLayer

    if isinstance(layer, CaptionLayer):
        return _centred(layer.box_width * scale, layer.box_height * scale)
    if isinstance(layer, StickerLayer):
        return _centred(layer.width * scale, layer.height * scale)
    if sprite is not None and sprite.size.width() > 1:
        ax, ay = sprite.anchor
        return QRectF(-ax, -ay, sprite.size.width(), sprite.size.height())
    if isinstance(layer, TearLayer):
        return _centred(layer.width * scale, layer.width * scale)
    return _centred(1.0, 1.0)


def _centred(width: float, height: float) -> QRectF:
    return QRectF(-width / 2, -height / 2, width, height)
