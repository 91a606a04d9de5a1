"""Selection chrome: the dashed outline, four corner handles, the edge handles of a caption's
box and a rotate knob above the top edge. It follows its layer item's placement and keeps a
constant screen size at any zoom. It is the only thing on the canvas that Qt draws rather than
render/.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from maskmeme_gui.qt.canvas.handles import CORNERS, EDGES, ROTATE
from maskmeme_gui.qt.canvas.items import LayerItem

HANDLE_PX = 9.0  # side of a corner handle on screen
ROTATE_DISTANCE_PX = 26.0  # from the top edge to the rotate knob
ROTATE_RADIUS_PX = 5.5
HIT_PX = 9.0  # how near the pointer must be to grab a handle
CHROME_Z = 1_000_000.0
EDGE_ROOM_PX = 4 * HANDLE_PX  # a side shorter than this on screen shows no handle of its own

__all__ = ["CHROME_Z", "CORNERS", "EDGES", "HIT_PX", "ROTATE", "SelectionChrome"]

_ACCENT = QColor("#2d8cff")
_LIGHT = QColor(255, 255, 255, 230)


class SelectionChrome(QGraphicsItem):
    def __init__(
        self, item: LayerItem, with_handles: bool, view_scale: float, edges: bool = False
    ) -> None:
        super().__init__()
        self.item = item
        self.with_handles = with_handles
        self.edges = edges  # handles mid-side too, which change a box's width or height
        self._view_scale = view_scale
        self._rect = QRectF()
        self._preview: QRectF | None = None
        self.setZValue(CHROME_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.follow()

    def follow(self) -> None:
        """Take the layer item's current box and placement (call after it moved or turned)."""
        self.prepareGeometryChange()
        self._rect = self.item.outline() if self._preview is None else self._preview
        self.setTransform(self.item.sceneTransform())
        self.setVisible(self.item.isVisible())

    def preview_box(self, rect: QRectF | None) -> None:
        """Outline `rect` (item coordinates) instead of the item's box while a drag reshapes a
        box the sprite does not show yet; None goes back to the item's own."""
        self._preview = rect
        self.follow()

    def set_view_scale(self, scale: float) -> None:
        if scale != self._view_scale:
            self.prepareGeometryChange()
            self._view_scale = scale

    def _pixels(self, screen_px: float) -> float:
        """`screen_px` in this item's own units at the current zoom."""
        transform = self.transform()
        item_scale = math.hypot(transform.m11(), transform.m12()) or 1.0
        return screen_px / (self._view_scale * item_scale)

    def handle_points(self) -> dict[str, QPointF]:
        """Where each handle's centre is, in scene coordinates."""
        if not self.with_handles:
            return {}
        rect = self._rect
        local = dict(zip(CORNERS, _corner_points(rect), strict=True))
        edges = self._edges_shown()
        local.update(zip(edges, _edge_points(rect, edges), strict=True))
        local[ROTATE] = QPointF(rect.center().x(), rect.top() - self._pixels(ROTATE_DISTANCE_PX))
        return {name: self.mapToScene(point) for name, point in local.items()}

    def _edges_shown(self) -> tuple[str, ...]:
        if not self.edges:
            return ()
        room = self._pixels(EDGE_ROOM_PX)
        wide, tall = self._rect.width() >= room, self._rect.height() >= room
        return tuple(edge for edge in EDGES if (wide if edge in ("top", "bottom") else tall))

    def boundingRect(self) -> QRectF:
        if not self.with_handles:
            line = self._pixels(1.0)
            return self._rect.adjusted(-line, -line, line, line)
        side = self._pixels(HANDLE_PX / 2 + 1.0)
        top = self._pixels(ROTATE_DISTANCE_PX + ROTATE_RADIUS_PX + 1.0)
        return self._rect.adjusted(-side, -max(side, top), side, side)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform()) or 1.0
        rect = self._rect
        # A light line under a dashed accent line: visible on dark and light photos alike.
        under = QPen(_LIGHT, 1.0)
        under.setCosmetic(True)
        dashed = QPen(_ACCENT, 1.0, Qt.PenStyle.DashLine)
        dashed.setCosmetic(True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for pen in (under, dashed):
            painter.setPen(pen)
            painter.drawRect(rect)
        if not self.with_handles:
            return
        solid = QPen(_ACCENT, 1.2)
        solid.setCosmetic(True)
        painter.setPen(solid)
        knob = QPointF(rect.center().x(), rect.top() - ROTATE_DISTANCE_PX / lod)
        painter.drawLine(QPointF(rect.center().x(), rect.top()), knob)
        painter.setBrush(QBrush(_LIGHT))
        half = HANDLE_PX / lod / 2
        for corner in _corner_points(rect):
            painter.drawRect(QRectF(corner.x() - half, corner.y() - half, 2 * half, 2 * half))
        # Edge handles are bars along their side, so they read as "pull this side".
        long, short = 1.6 * half, 0.75 * half
        edges = self._edges_shown()
        for edge, point in zip(edges, _edge_points(rect, edges), strict=True):
            across = edge in ("left", "right")
            w, h = (short, long) if across else (long, short)
            painter.drawRect(QRectF(point.x() - w, point.y() - h, 2 * w, 2 * h))
        # Only the round knob needs smoothing; straight lines stay crisp (and cheap) without.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = ROTATE_RADIUS_PX / lod
        painter.drawEllipse(knob, radius, radius)


def _corner_points(rect: QRectF) -> tuple[QPointF, ...]:
    """In the order of CORNERS."""
    return (rect.topLeft(), rect.topRight(), rect.bottomRight(), rect.bottomLeft())


def _edge_points(rect: QRectF, edges: tuple[str, ...]) -> tuple[QPointF, ...]:
    centre = rect.center()
    middles = {
        "top": QPointF(centre.x(), rect.top()),
        "right": QPointF(rect.right(), centre.y()),
        "bottom": QPointF(centre.x(), rect.bottom()),
        "left": QPointF(rect.left(), centre.y()),
    }
    return tuple(middles[edge] for edge in edges)
