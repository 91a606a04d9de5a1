"""Mouse gestures on the canvas, Qt Undo Framework style: while the button is down only the
scene items change (no document edit, no re-render); the release pushes ONE model command,
which carries no merge key and so is an undo step of its own; Escape puts the items back where
the document says they are.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QRubberBand,
    QScrollBar,
    QWidget,
)

from maskmeme_gui.fileio.newlayers import (
    normalised_angle,
    smooth_stroke,
    snapped_angle,
)
from maskmeme_gui.model.commands import MoveLayers, SetLayerProperties, SetLayerTransform
from maskmeme_gui.model.layers import CaptionLayer, Transform, path_length
from maskmeme_gui.qt.canvas.chrome import CHROME_Z, SelectionChrome
from maskmeme_gui.qt.canvas.handles import (
    EDGES,
    Box,
    scale_factor,
    scale_origin,
    stretched,
    to_own_axes,
    to_scene_axes,
)
from maskmeme_gui.qt.canvas.items import LayerItem
from maskmeme_gui.qt.canvas.textedit import CaptionText
from maskmeme_gui.qt.session import DocumentSession

MIN_SCALE = 0.02
MAX_SCALE = 50.0
MIN_BOX_PX = 16.0  # a caption's box is never narrower or shorter (canvas pixels, unscaled)
SNAP_DEGREES = 15.0
STROKE_MIN_PX = 6.0  # screen pixels between kept points of a tear stroke
STROKE_MIN_LENGTH_PX = 6.0  # a shorter stroke was a click: it adds nothing
_PREVIEW = QColor(120, 190, 255, 220)

Status = Callable[[str], None]


class Gesture(Protocol):
    def move(
        self, scene_pos: QPointF, view_pos: QPoint, modifiers: Qt.KeyboardModifier
    ) -> None: ...

    def finish(self) -> None: ...

    def cancel(self) -> None: ...


class MoveGesture:
    """Drag selected layers: items follow the pointer, the release pushes one MoveLayers."""

    def __init__(
        self,
        session: DocumentSession,
        items: list[LayerItem],
        start: QPointF,
        threshold: float,
        status: Status,
    ) -> None:
        self._session = session
        self._items = items
        self._start = start
        self._threshold = threshold
        self._status = status
        self._origins = {item: item.pos() for item in items}
        self._delta = QPointF()
        self._started = False

    def move(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        delta = scene_pos - self._start
        if not self._started and delta.manhattanLength() < self._threshold:
            return
        if modifiers & Qt.KeyboardModifier.ShiftModifier:
            # Shift keeps the move horizontal or vertical, as in most editors.
            if abs(delta.x()) >= abs(delta.y()):
                delta.setY(0)
            else:
                delta.setX(0)
        self._started = True
        self._delta = delta
        for item, origin in self._origins.items():
            item.setPos(origin + delta)
        self._status(f"Move by {delta.x():+.0f}, {delta.y():+.0f} px")

    def finish(self) -> None:
        if not self._started or self._delta.isNull():
            return
        ids = [item.layer_id for item in self._items]
        label = "Move layer" if len(ids) == 1 else f"Move {len(ids)} layers"
        self._session.push(MoveLayers(ids, self._delta.x(), self._delta.y(), label))

    def cancel(self) -> None:
        for item, origin in self._origins.items():
            item.setPos(origin)


class ResizeGesture:
    """Drag a corner or edge handle, in the layer's own axes: the opposite corner or side stays
    where it is on screen (Alt: the centre does). A caption's corners and edges reshape its box,
    so its text wraps anew; Shift on a corner, and any corner of a sticker or tears, scales the
    whole layer instead, keeping its proportions."""

    def __init__(
        self,
        session: DocumentSession,
        chrome: SelectionChrome,
        handle: str,
        start: QPointF,
        status: Status,
    ) -> None:
        self._session = session
        self._chrome = chrome
        self._item = item = chrome.item
        self._handle = handle
        self._status = status
        self._layer = session.doc.layer(item.layer_id)
        self._transform = transform = self._layer.transform
        self._centre = item.pos()
        self._item_scale = item.scale()
        # The box in scene pixels around the layer's position, its rotation taken out.
        outline, stretch = item.outline(), item.scale()
        self._box = Box(
            outline.left() * stretch,
            outline.top() * stretch,
            outline.right() * stretch,
            outline.bottom() * stretch,
        )
        self._grab = self._own(start)
        self._reshapes = isinstance(self._layer, CaptionLayer)
        self._new_box: Box | None = None  # a caption's reshaped box, while it is reshaped
        # Its text wrapped in that box, drawn by Qt at once, over the sprite hidden meanwhile.
        self._text: CaptionText | None = None
        self._factor = 1.0
        self._position = (transform.x, transform.y)

    def _own(self, scene_pos: QPointF) -> tuple[float, float]:
        return to_own_axes(
            scene_pos.x() - self._centre.x(),
            scene_pos.y() - self._centre.y(),
            self._transform.rotation,
        )

    def _place(self, own_x: float, own_y: float) -> None:
        """Put the layer's position at (own_x, own_y) of the layer's original own axes."""
        dx, dy = to_scene_axes(own_x, own_y, self._transform.rotation)
        self._position = (self._centre.x() + dx, self._centre.y() + dy)
        self._item.setPos(QPointF(*self._position))

    def move(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        about_centre = bool(modifiers & Qt.KeyboardModifier.AltModifier)
        keep_aspect = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        pointer = self._own(scene_pos)
        if self._reshapes and (self._handle in EDGES or not keep_aspect):
            self._reshape(pointer, about_centre)
        else:
            self._scale(pointer, about_centre)

    def _reshape(self, pointer: tuple[float, float], about_centre: bool) -> None:
        scale = self._transform.scale
        box = stretched(
            self._box, self._handle, pointer, self._grab, about_centre, MIN_BOX_PX * scale
        )
        self._new_box, self._factor = box, 1.0
        self._item.setScale(self._item_scale)
        self._place(*box.centre)
        stretch = self._item_scale
        self._chrome.preview_box(
            QRectF(
                -box.width / stretch / 2,
                -box.height / stretch / 2,
                box.width / stretch,
                box.height / stretch,
            )
        )
        self._show_text(box)
        self._status(
            f"Box {box.width / scale:.0f} by {box.height / scale:.0f} px  "
            "(Shift on a corner scales the text too · Alt keeps the centre)"
        )

    def _scale(self, pointer: tuple[float, float], about_centre: bool) -> None:
        scale = self._transform.scale
        factor = scale_factor(self._box, self._handle, pointer, self._grab, about_centre)
        factor = min(MAX_SCALE / scale, max(MIN_SCALE / scale, factor))
        self._new_box, self._factor = None, factor
        self._hide_text()
        fixed_x, fixed_y = scale_origin(self._box, self._handle, about_centre)
        self._item.setScale(self._item_scale * factor)
        self._place(fixed_x * (1 - factor), fixed_y * (1 - factor))
        self._chrome.preview_box(None)
        self._status(f"Scale {scale * factor * 100:.0f} %  (Alt keeps the centre)")

    def _show_text(self, box: Box) -> None:
        layer = self._layer
        assert isinstance(layer, CaptionLayer)
        old = self._transform
        reshaped = replace(
            layer,
            box_width=box.width / old.scale,
            box_height=box.height / old.scale,
            transform=Transform(*self._position, old.scale, old.rotation),
        )
        if self._text is None:
            self._text = CaptionText(reshaped)
            scene = self._item.scene()
            if scene is not None:
                scene.addItem(self._text)
        self._item.setOpacity(0.0)  # not hidden: its chrome would hide too
        self._text.stand_over(reshaped)

    def _hide_text(self) -> None:
        text, self._text = self._text, None
        if text is not None:
            if text.scene() is not None:
                text.scene().removeItem(text)
            self._item.setOpacity(self._layer.opacity)

    def finish(self) -> None:
        self._hide_text()
        self._chrome.preview_box(None)
        old = self._transform
        x, y = self._position
        layer_id = self._item.layer_id
        box = self._new_box
        if box is not None and isinstance(self._layer, CaptionLayer):
            width, height = box.width / old.scale, box.height / old.scale
            if math.isclose(width, self._layer.box_width) and math.isclose(
                height, self._layer.box_height
            ):
                return
            changes = {
                "box_width": width,
                "box_height": height,
                "transform": Transform(x, y, old.scale, old.rotation),
            }
            self._session.push(SetLayerProperties(layer_id, changes, "Resize caption box"))
            return
        if math.isclose(self._factor, 1.0):
            return
        new = Transform(x, y, old.scale * self._factor, old.rotation)
        self._session.push(SetLayerTransform(layer_id, new, "Resize layer"))

    def cancel(self) -> None:
        self._hide_text()
        self._item.setScale(self._item_scale)
        self._item.setPos(self._centre)
        self._chrome.preview_box(None)


class RotateGesture:
    """Drag the rotate knob around the layer centre; Shift snaps to 15 degrees."""

    def __init__(
        self,
        session: DocumentSession,
        item: LayerItem,
        start: QPointF,
        on_change: Callable[[], None],
        status: Status,
    ) -> None:
        self._session = session
        self._item = item
        self._centre = item.pos()
        self._on_change = on_change
        self._status = status
        self._start_angle = _angle(self._centre, start)
        self._rotation = item.rotation()
        self._angle = self._rotation

    def move(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        angle = self._rotation + _angle(self._centre, scene_pos) - self._start_angle
        if modifiers & Qt.KeyboardModifier.ShiftModifier:
            angle = snapped_angle(angle, SNAP_DEGREES)
        self._angle = normalised_angle(angle)
        self._item.setRotation(self._angle)
        self._on_change()
        self._status(f"Rotation {self._angle:.0f}°  (Shift snaps to 15°)")

    def finish(self) -> None:
        if math.isclose(self._angle, self._rotation):
            return
        old = self._session.doc.layer(self._item.layer_id).transform
        new = Transform(old.x, old.y, old.scale, self._angle)
        self._session.push(SetLayerTransform(self._item.layer_id, new, "Rotate layer"))

    def cancel(self) -> None:
        self._item.setRotation(self._rotation)
        self._on_change()


def _angle(centre: QPointF, point: QPointF) -> float:
    """Clockwise degrees on screen (y points down), like Transform.rotation."""
    return math.degrees(math.atan2(point.y() - centre.y(), point.x() - centre.x()))


class RubberBandGesture:
    """Drag on empty canvas: select every layer the rectangle touches."""

    def __init__(
        self,
        viewport: QWidget,
        origin: QPoint,
        map_to_scene: Callable[[QRect], QRectF],
        on_select: Callable[[QRectF], None],
    ) -> None:
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, viewport)
        self._origin = origin
        self._map_to_scene = map_to_scene
        self._on_select = on_select
        self._rect = QRect(origin, origin)

    def move(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        # The band is a widget on the viewport: it follows view pixels.
        self._rect = QRect(self._origin, view_pos).normalized()
        self._band.setGeometry(self._rect)
        self._band.show()

    def finish(self) -> None:
        self._band.hide()
        if self._rect.width() > 2 or self._rect.height() > 2:
            self._on_select(self._map_to_scene(self._rect))
        self._band.deleteLater()

    def cancel(self) -> None:
        self._band.hide()
        self._band.deleteLater()


class StrokeGesture:
    """Paint a tear stream: a live light-blue path follows the pointer; the release hands the
    smoothed points to `on_stroke` (nothing for a click without a drag)."""

    def __init__(
        self,
        scene: QGraphicsScene,
        start: QPointF,
        view_scale: float,
        on_stroke: Callable[[list[tuple[float, float]]], None],
    ) -> None:
        self._scene = scene
        self._points: list[tuple[float, float]] = [(start.x(), start.y())]
        self._min_distance = STROKE_MIN_PX / view_scale
        self._min_length = STROKE_MIN_LENGTH_PX / view_scale
        self._on_stroke = on_stroke
        pen = QPen(_PREVIEW, 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self._path_item = QGraphicsPathItem()
        self._path_item.setPen(pen)
        self._path_item.setZValue(CHROME_Z)
        self._path = QPainterPath(start)
        scene.addItem(self._path_item)

    @property
    def preview(self) -> QGraphicsPathItem:
        return self._path_item

    def move(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        self._points.append((scene_pos.x(), scene_pos.y()))
        self._path.lineTo(scene_pos)
        self._path_item.setPath(self._path)

    def finish(self) -> None:
        self._remove_preview()
        points = smooth_stroke(self._points, self._min_distance)
        if len(points) >= 2 and path_length(points) >= self._min_length:
            self._on_stroke(points)

    def cancel(self) -> None:
        self._remove_preview()

    def _remove_preview(self) -> None:
        if self._path_item.scene() is not None:
            self._scene.removeItem(self._path_item)


class EyeDragGesture:
    """Drag one eye marker; the release pushes one SetFaces moving that eye."""

    def __init__(
        self,
        session: DocumentSession,
        ring: QGraphicsItem,
        eye: tuple[int, int],
        status: Status,
    ) -> None:
        self._session = session
        self._ring = ring
        self._eye = eye
        self._status = status
        self._origin = ring.pos()

    def move(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        self._ring.setPos(scene_pos)

    def finish(self) -> None:
        from maskmeme_gui.model.commands import SetFaces

        if self._ring.pos() == self._origin:
            return
        doc = self._session.doc
        faces = list(doc.faces or [])
        face_index, eye_index = self._eye
        ox, oy = doc.base_origin
        point = (self._ring.pos().x() - ox, self._ring.pos().y() - oy)
        faces[face_index] = faces[face_index].with_eye(eye_index, point)
        self._session.push(SetFaces(faces, label="Move eye"))
        self._status("Eye moved: Make It Cry and Put On a Mask follow it")

    def cancel(self) -> None:
        self._ring.setPos(self._origin)


class PanGesture:
    """Middle button, or Space + drag: the scroll bars follow the pointer."""

    def __init__(self, horizontal: QScrollBar, vertical: QScrollBar, origin: QPoint) -> None:
        self._bars = (horizontal, vertical)
        self._origin = origin
        self._values = (horizontal.value(), vertical.value())

    def move(self, scene_pos: QPointF, view_pos: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        # View pixels: the scene slides under the pointer, so scene positions would wobble.
        delta = view_pos - self._origin
        self._bars[0].setValue(self._values[0] - delta.x())
        self._bars[1].setValue(self._values[1] - delta.y())

    def finish(self) -> None:
        pass

    def cancel(self) -> None:
        self._bars[0].setValue(self._values[0])
        self._bars[1].setValue(self._values[1])
